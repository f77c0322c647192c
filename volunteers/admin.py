"""The admin for people, groups, activity fields and notices.

Staff do their daily work on the staff pages; the admin is for looking things up and fixing data. A
status never changes by editing a field here: the actions call the same services as the staff pages,
so approval creates the account and sends the link, and every change is in the audit log.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.core.admin import KeepRecordsMixin, NameSearchMixin
from config.core.forms import NormalizedModelForm

from .forms.admin import GroupRegistrationAdminForm, VolunteerAdminForm, VolunteerGroupAdminForm
from .models import (
    ActivityField,
    GroupRegistration,
    GroupRenewalPeriod,
    LoginCode,
    Notice,
    Volunteer,
    VolunteerGroup,
)
from .models.people import VolunteerStatus
from .services.groups import GROUP_FIELDS, group_registration_approve, group_update, renewal_period_set
from .services.notices import notice_mark_handled
from .services.people import PROFILE_FIELDS, volunteer_approve, volunteer_set_status, volunteer_update


def _run(modeladmin, request, queryset, do, done: str) -> None:
    ok, failed = 0, []
    for obj in queryset:
        try:
            do(obj)
            ok += 1
        except ValidationError as exc:
            failed.append(f"{obj}：{' '.join(exc.messages)}")
    if ok:
        modeladmin.message_user(request, done % {"n": ok}, messages.SUCCESS)
    for line in failed:
        modeladmin.message_user(request, line, messages.ERROR)


@admin.register(ActivityField)
class ActivityFieldAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["name", "slug", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SavedThroughServiceMixin:
    """Admin edits of people and groups go through their update service, so keys and the audit log stay right."""

    # Set by each admin: the update service, the keyword it takes the object by, and the fields it accepts.
    update_service = None
    update_object_kwarg = ""
    editable_fields: list[str] = []

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.editable_fields if name in form.cleaned_data}
        type(self).update_service(
            **{self.update_object_kwarg: obj},
            data=data,
            activity_fields=form.cleaned_data.get("activity_fields", []),
            by=request.user,
        )

    def save_related(self, request, form, formsets, change):
        # The update service has already set the activity fields; only the inlines are left to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Volunteer)
class VolunteerAdmin(KeepRecordsMixin, NameSearchMixin, SavedThroughServiceMixin, admin.ModelAdmin):
    form = VolunteerAdminForm
    list_display = [
        "name",
        "furigana",
        "status",
        "lives_in_city",
        "phone",
        "email",
        "registered_via",
        "registered_on",
    ]
    list_filter = ["status", "lives_in_city", "registered_via", "activity_fields", "gender", "heard_from"]
    search_fields = ["name", "name_key", "furigana", "furigana_key", "phone", "email"]
    date_hierarchy = "registered_on"
    list_select_related = ["user"]
    filter_horizontal = ["activity_fields"]
    readonly_fields = [
        "status",
        "user",
        "registered_on",
        "approved_by",
        "withdrawn_on",
        "applied_at",
        "updated_at",
        "consent_at",
        "consent_policy_version",
        "lives_in_city",
    ]
    actions = ["approve", "suspend", "resume", "withdraw"]

    def has_add_permission(self, request):
        # New people come in through the registration form or 代理入力, which record consent.
        return False

    update_service = volunteer_update
    update_object_kwarg = "volunteer"
    editable_fields = [*PROFILE_FIELDS, "staff_note"]

    @admin.action(description=_("選んだ仮登録を承認する（アカウント作成・案内送付）"))
    def approve(self, request, queryset):
        site_url = request.build_absolute_uri("/")
        _run(
            self,
            request,
            queryset,
            lambda v: volunteer_approve(volunteer=v, by=request.user, site_url=site_url),
            _("%(n)d人を承認しました。"),
        )

    @admin.action(description=_("選んだ人を休止にする"))
    def suspend(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda v: volunteer_set_status(volunteer=v, status=VolunteerStatus.SUSPENDED, by=request.user),
            _("%(n)d人を休止にしました。"),
        )

    @admin.action(description=_("選んだ人を登録済に戻す"))
    def resume(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda v: volunteer_set_status(volunteer=v, status=VolunteerStatus.REGISTERED, by=request.user),
            _("%(n)d人を登録済にしました。"),
        )

    @admin.action(description=_("選んだ人を退会にする"))
    def withdraw(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda v: volunteer_set_status(volunteer=v, status=VolunteerStatus.WITHDRAWN, by=request.user),
            _("%(n)d人を退会にしました。"),
        )


class GroupRegistrationInline(admin.TabularInline):
    model = GroupRegistration
    form = GroupRegistrationAdminForm
    extra = 0
    fields = ["fiscal_year", "status", "members_count", "applied_at", "decided_at", "decided_by", "note"]
    readonly_fields = ["fiscal_year", "status", "members_count", "applied_at", "decided_at", "decided_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # A new year's registration is a renewal: the staff page 「更新を入力する」 or the representative's form.
        return False


@admin.register(VolunteerGroup)
class VolunteerGroupAdmin(KeepRecordsMixin, NameSearchMixin, SavedThroughServiceMixin, admin.ModelAdmin):
    form = VolunteerGroupAdminForm
    list_display = [
        "name",
        "name_kana",
        "representative_name",
        "contact_name",
        "members_count",
        "listed_publicly",
    ]
    list_filter = [
        "listed_publicly",
        "activity_fields",
        "registrations__fiscal_year",
        "registrations__status",
    ]
    search_fields = [
        "name",
        "name_kana",
        "name_kana_key",
        "representative_name",
        "contact_name",
        "contact_phone",
        "contact_email",
    ]
    filter_horizontal = ["activity_fields"]
    readonly_fields = ["representative", "created_at", "updated_at", "consent_at", "consent_policy_version"]
    inlines = [GroupRegistrationInline]

    def has_add_permission(self, request):
        return False

    update_service = group_update
    update_object_kwarg = "group"
    editable_fields = [*GROUP_FIELDS, "staff_note"]


@admin.register(GroupRegistration)
class GroupRegistrationAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = GroupRegistrationAdminForm
    list_display = ["group", "fiscal_year", "status", "members_count", "applied_at", "decided_at"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["group__name", "group__name_kana_key"]
    list_select_related = ["group"]
    readonly_fields = [
        "group",
        "fiscal_year",
        "status",
        "members_count",
        "applied_at",
        "decided_at",
        "decided_by",
    ]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("選んだ申請を承認する"))
    def approve(self, request, queryset):
        site_url = request.build_absolute_uri("/")
        _run(
            self,
            request,
            queryset,
            lambda r: group_registration_approve(registration=r, by=request.user, site_url=site_url),
            _("%(n)d件を承認しました。"),
        )


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["subject", "recipient_name", "channel", "created_at", "handled_at"]
    list_filter = ["channel", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "volunteer__name", "group__name"]
    list_select_related = ["volunteer", "group"]
    readonly_fields = [
        "volunteer",
        "group",
        "subject",
        "body",
        "channel",
        "created_at",
        "handled_at",
        "handled_by",
    ]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("宛先"))
    def recipient_name(self, obj):
        return str(obj.recipient)

    @admin.action(description=_("選んだお知らせを連絡済みにする"))
    def mark_handled(self, request, queryset):
        _run(
            self,
            request,
            queryset.filter(handled_at__isnull=True),
            lambda n: notice_mark_handled(notice=n, by=request.user),
            _("%(n)d件を連絡済みにしました。"),
        )

@admin.register(LoginCode)
class LoginCodeAdmin(admin.ModelAdmin):
    """Whether a posted letter was used, and when; the code itself is not kept (only a hash, never shown)."""

    form = NormalizedModelForm
    list_display = ["user", "created_at", "created_by", "expires_at", "used_at", "revoked_at", "failed_attempts"]
    list_filter = [("used_at", admin.EmptyFieldListFilter), ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    list_select_related = ["user", "created_by"]
    fields = readonly_fields = list_display

    def has_add_permission(self, request):
        return False  # codes are issued by printing a letter from the staff pages

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GroupRenewalPeriod)
class GroupRenewalPeriodAdmin(KeepRecordsMixin, admin.ModelAdmin):
    """When representatives may renew for a fiscal year; without a row it opens on 1 February (change the date, not delete)."""

    form = NormalizedModelForm
    list_display = ["fiscal_year", "opens_on", "updated_by", "updated_at"]
    fields = ["fiscal_year", "opens_on", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "fiscal_year"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        saved = renewal_period_set(fiscal_year=obj.fiscal_year, opens_on=form.cleaned_data["opens_on"], by=request.user)
        obj.pk = saved.pk


# Consultations, requests and introductions are registered in their own module; insurance likewise.
from . import admin_coordination, admin_insurance  # noqa: E402,F401
