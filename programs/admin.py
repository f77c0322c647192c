"""Admin: staff edit rooms, their hours, lockers and the booking rules here. Bookings, allocation runs and locker
holdings are written only through the services (the staff pages), so the admin shows them read-only."""

from django.contrib import admin
from django.shortcuts import redirect

from config.core.admin import ClosureAdmin as CoreClosureAdmin
from config.core.admin import KeepRecordsMixin
from config.core.forms import NormalizedModelForm
from config.core.models import Closure
from config.core.services import closure_create

from .forms import EquipmentKindForm, EquipmentUnitForm, EventForm, NewsArticleForm, NewsletterIssueForm
from .models import (
    AllocationResult,
    AllocationRun,
    ApplicationWindow,
    BookingRules,
    EquipmentKind,
    EquipmentLoan,
    EquipmentRules,
    EquipmentUnit,
    Event,
    EventSignup,
    EventType,
    Locker,
    LockerAssignment,
    LockerRequest,
    LockerRules,
    LockerWaitlistEntry,
    NewsArticle,
    NewsletterIssue,
    RecurringRequest,
    Room,
    RoomBooking,
    RoomHours,
    SchoolLecturer,
    SchoolRequest,
    SchoolRequestDate,
    SchoolTheme,
    SummerApplication,
    SummerCampaign,
    SummerHost,
    SummerPlacementRun,
    SummerProgram,
)
from .services import equipment as equipment_services
from .services import events as event_services
from .services import news as news_services
from .services import schools as school_services
from .services import summer as summer_services


class ReadOnlyAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoomHoursInline(admin.TabularInline):
    form = NormalizedModelForm
    model = RoomHours
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["name", "site", "capacity", "floor", "is_active", "sort_order"]
    list_filter = ["site", "is_active"]
    search_fields = ["name", "equipment"]
    inlines = [RoomHoursInline]


@admin.register(BookingRules)
class BookingRulesAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["site", "max_days_ahead", "max_hours_per_booking", "max_bookings_per_month",
                    "max_hours_per_month", "cancel_deadline_hours"]


@admin.register(RoomBooking)
class RoomBookingAdmin(ReadOnlyAdmin):
    list_display = ["room", "during", "kind", "group", "purpose", "cancelled_at"]
    list_filter = ["room__site", "kind", ("cancelled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["room__site", "group"]
    search_fields = ["group__name", "purpose"]
    date_hierarchy = "created_at"


@admin.register(ApplicationWindow)
class ApplicationWindowAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["site", "fiscal_year", "opens_on", "closes_on", "max_slots_per_group", "max_requests_per_group"]
    list_filter = ["site", "fiscal_year"]
    # An early close goes through the staff page, which asks for a reason and audits it.
    readonly_fields = ["closed_early_at", "closed_early_by", "closed_early_reason"]


@admin.register(RecurringRequest)
class RecurringRequestAdmin(ReadOnlyAdmin):
    list_display = ["group", "window", "describe_first", "describe_second", "created_at"]
    list_filter = ["window"]
    list_select_related = ["group", "window__site", "room", "second_room"]


class AllocationResultInline(admin.TabularInline):
    form = NormalizedModelForm
    model = AllocationResult
    extra = 0
    fields = ["lottery_number", "request", "outcome", "room", "reason", "runner_up_rank"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AllocationRun)
class AllocationRunAdmin(ReadOnlyAdmin):
    list_display = ["window", "seed", "run_by", "run_at", "published_at", "published_by"]
    list_filter = ["window__site", "window__fiscal_year"]
    inlines = [AllocationResultInline]


@admin.register(Locker)
class LockerAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["number", "site", "size", "fee", "is_active"]
    list_filter = ["site", "size", "is_active"]


@admin.register(LockerRules)
class LockerRulesAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["site", "max_per_group"]


@admin.register(LockerAssignment)
class LockerAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["locker", "fiscal_year", "group", "key_handed_over_at", "key_returned_at", "released_at"]
    list_filter = ["locker__site", "fiscal_year"]
    list_select_related = ["locker__site", "group"]


@admin.register(LockerWaitlistEntry)
class LockerWaitlistEntryAdmin(ReadOnlyAdmin):
    list_display = ["site", "fiscal_year", "position", "group", "fulfilled_at", "withdrawn_at", "skip_reason"]
    list_filter = ["site", "fiscal_year"]


@admin.register(LockerRequest)
class LockerRequestAdmin(ReadOnlyAdmin):
    list_display = ["window", "group", "size", "created_at"]


# A closure added in the admin goes through the same service as the staff page, then to the staff page that lists
# the bookings on those days (core cannot name the rooms, so programs replaces its admin here).
admin.site.unregister(Closure)


@admin.register(Closure)
class ClosureAdmin(CoreClosureAdmin):
    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = closure_create(site=obj.site, start_date=obj.start_date, end_date=obj.end_date, reason=obj.reason,
                               by=request.user)
        obj.pk = saved.pk

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("programs:staff_closure", obj.pk)

    def response_change(self, request, obj):
        return redirect("programs:staff_closure", obj.pk)


# Equipment: kinds and units are saved through the services (audited, the photo checked by its bytes); loans are
# written only on the staff pages, so the admin shows them read-only.
@admin.register(EquipmentRules)
class EquipmentRulesAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["site", "max_days_ahead", "max_loan_days", "cancel_deadline_days", "charge_closed_days"]


@admin.register(EquipmentKind)
class EquipmentKindAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = EquipmentKindForm
    list_display = ["name", "fee_per_loan", "fee_per_extra_day", "deposit", "lend_to_groups", "is_active", "sort_order"]
    list_filter = ["is_active", "lend_to_groups"]

    def save_model(self, request, obj, form, change):
        equipment_services.kind_save(kind=obj, by=request.user)


@admin.register(EquipmentUnit)
class EquipmentUnitAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = EquipmentUnitForm
    list_display = ["code", "kind", "site", "condition", "in_service", "out_of_service_reason"]
    list_filter = ["kind", "site", "in_service", "condition"]
    list_select_related = ["kind", "site"]
    search_fields = ["code", "notes"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = ["kind", "site", "code", "condition", "notes", "in_service", "out_of_service_reason"]
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        equipment_services.unit_save(unit=obj, by=request.user)


@admin.register(EquipmentLoan)
class EquipmentLoanAdmin(ReadOnlyAdmin):
    list_display = ["unit", "group", "pickup_on", "return_on", "status", "fee", "fee_charged", "receipt_number"]
    list_filter = ["status", "unit__site", "unit__kind"]
    list_select_related = ["unit__kind", "unit__site", "group"]
    search_fields = ["group__name", "unit__code", "receipt_number"]
    date_hierarchy = "pickup_on"


# --- courses and events, news, ぼらんてぃあ倶楽部 (sessions, sign-ups and attendance: the staff pages) --------


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["name", "key", "metric_key", "sort_order"]


@admin.register(Event)
class EventAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = EventForm
    list_display = ["title", "event_type", "capacity", "audience", "is_published", "cancelled_at"]
    list_filter = ["event_type", "is_published", "audience"]
    list_select_related = ["event_type"]
    search_fields = ["title"]

    def save_model(self, request, obj, form, change):
        event_services.event_save(event=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        form.instance.participating_groups.set(form.cleaned_data.get("participating_groups") or [])


@admin.register(EventSignup)
class EventSignupAdmin(ReadOnlyAdmin):
    list_display = ["event", "display_name", "status", "people", "created_at", "needs_call"]
    list_filter = ["status"]
    list_select_related = ["event", "volunteer", "group", "call_notice"]


@admin.register(NewsArticle)
class NewsArticleAdmin(admin.ModelAdmin):
    form = NewsArticleForm
    list_display = ["title", "published_on", "is_published"]
    list_filter = ["is_published"]
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change):
        news_services.article_save(article=obj, by=request.user)


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    form = NewsletterIssueForm
    list_display = ["number", "title", "issued_on", "is_published"]

    def save_model(self, request, obj, form, change):
        news_services.issue_save(issue=obj, by=request.user)


# --- school lessons and outreach courses (status steps, lecturers and equipment: the staff pages) -----------


@admin.register(SchoolTheme)
class SchoolThemeAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["name", "activity_field", "is_active", "sort_order"]
    list_select_related = ["activity_field"]

    def save_model(self, request, obj, form, change):
        school_services.theme_save(theme=obj, by=request.user)


class SchoolRequestDateInline(admin.TabularInline):
    form = NormalizedModelForm
    model = SchoolRequestDate
    extra = 0
    can_delete = False
    readonly_fields = ["rank", "day", "start", "end"]

    def has_add_permission(self, request, obj=None):
        return False


class SchoolLecturerInline(admin.TabularInline):
    form = NormalizedModelForm
    model = SchoolLecturer
    extra = 0
    can_delete = False
    readonly_fields = ["volunteer", "group", "role"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SchoolRequest)
class SchoolRequestAdmin(KeepRecordsMixin, admin.ModelAdmin):
    """Details and the note may be corrected here; new requests and the status steps go through the staff pages."""

    form = NormalizedModelForm
    list_display = ["organisation", "theme", "kind", "status", "starts_at", "pupils", "pupils_reached"]
    list_filter = ["status", "kind", "theme"]
    list_select_related = ["theme"]
    search_fields = ["organisation", "contact_name", "place"]
    date_hierarchy = "created_at"
    inlines = [SchoolRequestDateInline, SchoolLecturerInline]
    readonly_fields = [
        "status", "starts_at", "ends_at", "pupils_reached", "report", "cancel_reason",
        "consent_at", "consent_policy_version",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = school_services.REQUEST_FIELDS
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        school_services.request_save(school_request=obj, by=request.user)
# --- 夏！体験: campaigns and hosts are corrected here; programs, applications and placements go through the
# staff pages (approval, the placement run, hand adjustment), so the admin shows them read-only.


@admin.register(SummerCampaign)
class SummerCampaignAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["fiscal_year", "title", "apply_from", "apply_until", "published_at"]
    fields = summer_services.CAMPAIGN_FIELDS
    readonly_fields = ["fiscal_year"]

    def has_add_permission(self, request):
        return False  # created on the staff page, through the service

    def save_model(self, request, obj, form, change):
        summer_services.campaign_save(campaign=obj, by=request.user)


@admin.register(SummerHost)
class SummerHostAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["name", "kind", "group", "contact_name", "contact_phone", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_name"]
    fields = summer_services.HOST_FIELDS

    def save_model(self, request, obj, form, change):
        summer_services.host_save(host=obj, by=request.user)


@admin.register(SummerProgram)
class SummerProgramAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "host", "status"]
    list_filter = ["campaign", "status"]


@admin.register(SummerApplication)
class SummerApplicationAdmin(ReadOnlyAdmin):
    list_display = ["name", "furigana", "campaign", "grade", "age", "consent_version", "created_at"]
    list_filter = ["campaign"]
    search_fields = ["name", "furigana"]


@admin.register(SummerPlacementRun)
class SummerPlacementRunAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "seed", "run_at", "run_by"]
