"""Committees, rules and members are edited here (audited); meetings, materials, minutes and observers are worked on
the staff pages, which go through the services, so the admin only shows them."""

from django.contrib import admin

from config.core import audit, roles
from config.core.admin import KeepRecordsMixin
from config.core.forms import NormalizedModelForm

from .forms import CommitteeMemberAdminForm, MeetingRuleAdminForm
from .models import Committee, CommitteeMember, Meeting, MeetingRule, Minutes, Observation, PlanComment


class AuditedAdmin(admin.ModelAdmin):
    form = NormalizedModelForm

    def save_model(self, request, obj, form, change):
        audit.save_recorded(
            actor=request.user,
            action=f"committees_{obj._meta.model_name}",
            instance=obj,
            fields=[f.name for f in obj._meta.concrete_fields if f.name != "id"],
        )


class MeetingRuleInline(admin.StackedInline):
    model = MeetingRule
    form = MeetingRuleAdminForm
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(KeepRecordsMixin, AuditedAdmin):
    list_display = ["name", "key", "observation_allowed", "order"]
    inlines = [MeetingRuleInline]

    def save_formset(self, request, form, formset, change):
        for rule in formset.save(commit=False):
            rule.full_clean()
            audit.save_recorded(
                actor=request.user,
                action="committees_meetingrule",
                instance=rule,
                fields=[f.name for f in rule._meta.concrete_fields if f.name != "id"],
            )
        formset.save_m2m()


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(KeepRecordsMixin, AuditedAdmin):
    form = CommitteeMemberAdminForm
    list_display = ["name", "committee", "role", "organisation", "term_start", "term_end", "user"]
    list_filter = ["committee", "role"]
    search_fields = ["name", "furigana", "organisation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # only accounts with the 運営委員 role can be linked to a term
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(groups__name=roles.COMMITTEE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = NormalizedModelForm

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["date", "committee", "venue", "calendar_flag", "seat_limit", "cancelled_at"]
    list_filter = ["committee"]
    date_hierarchy = "date"


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "status", "approved_at", "published_at"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "meeting", "name", "people", "created_at", "cancelled_at"]
    list_select_related = ["meeting"]


@admin.register(PlanComment)
class PlanCommentAdmin(ReadOnlyAdmin):
    list_display = ["item", "fiscal_year", "author", "created_at"]
