"""The admin for insurance: products and year settings are edited here (through the services); enrolments are looked up, not edited.

Payment, completion and cancellation have their own steps on the staff pages (with the audit log and
the notice to the person), so enrolments and 行事保険 are read-only here and never deleted.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.core.admin import KeepRecordsMixin
from config.core.forms import NormalizedModelForm

from .models import Enrolment, EventInsurance, InsurancePlan, InsuranceYear, Roster
from .services import insurance as services


@admin.register(InsurancePlan)
class InsurancePlanAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["fiscal_year", "kind", "name", "rate", "rate_unit", "is_sample", "sort_order"]
    list_filter = ["fiscal_year", "kind", "is_sample"]
    ordering = ["-fiscal_year", "kind", "sort_order"]

    def save_model(self, request, obj, form, change):
        services.plan_save(plan=obj, by=request.user)


@admin.register(InsuranceYear)
class InsuranceYearAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["fiscal_year", "applications_open_on", "event_lead_days"]

    def save_model(self, request, obj, form, change):
        saved = services.insurance_year_set(
            fiscal_year=obj.fiscal_year,
            applications_open_on=obj.applications_open_on,
            event_lead_days=obj.event_lead_days,
            by=request.user,
        )
        obj.pk = saved.pk


class _ReadOnly(KeepRecordsMixin, admin.ModelAdmin):
    form = NormalizedModelForm

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(_ReadOnly):
    list_display = [
        "person_name",
        "person_furigana",
        "fiscal_year",
        "plan",
        "status",
        "group",
        "coverage_start",
        "coverage_end",
    ]
    list_filter = ["fiscal_year", "status", "via"]
    search_fields = ["person_name", "furigana_key", "receipt_number"]
    list_select_related = ["plan", "group"]


@admin.register(EventInsurance)
class EventInsuranceAdmin(_ReadOnly):
    list_display = ["event_name", "group", "starts_on", "plan", "participants", "premium", "status"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["event_name", "group__name", "receipt_number"]
    list_select_related = ["plan", "group"]


@admin.register(Roster)
class RosterAdmin(_ReadOnly):
    list_display = ["group", "fiscal_year", "plan", "submitted_at", "members"]
    list_select_related = ["group", "plan"]
    readonly_fields = ["group", "fiscal_year", "plan", "submitted_at", "submitted_by"]

    @admin.display(description=_("人数"))
    def members(self, obj):
        return obj.enrolments.count()
