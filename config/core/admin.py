import mailer.admin  # noqa: F401  (registers django-mailer's admins first, so that they can be replaced below)
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from mailer.models import Message as MailerMessage
from mailer.models import MessageLog as MailerMessageLog

from . import audit, services
from .context_processors import forget_sites
from .forms import NormalizedModelForm
from .furigana import forget_words
from .models import (
    AnnualClosure,
    AuditEntry,
    Closure,
    ExportLog,
    FuriganaWord,
    ImportLog,
    OpeningHours,
    PrivacySettings,
    Site,
)


class KeepRecordsMixin:
    """For records that hold personal data or count in the yearly numbers: never deleted in the admin.

    No delete button, no delete page (403, superusers included) and no bulk 「削除」 action: staff change
    the status instead (退会, 終了 …); removing personal data is a separate, logged anonymisation step.
    """

    def has_delete_permission(self, request, obj=None):
        return False


class NameSearchMixin:
    """The admin's search box also finds people as the staff lists do: by furigana in hiragana or katakana.

    The model's QuerySet.search (built on config.core.search) is added to the admin's own search_fields.
    """

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip() and hasattr(queryset, "search"):
            results = results | queryset.search(search_term)
        return results, may_have_duplicates


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    form = NormalizedModelForm
    extra = 0


class AnnualClosureInline(admin.TabularInline):
    model = AnnualClosure
    form = NormalizedModelForm
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["short_name", "name", "phone", "is_main", "closed_on_national_holidays"]
    inlines = [OpeningHoursInline, AnnualClosureInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_sites()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        forget_sites()


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["reason", "site", "start_date", "end_date"]
    list_filter = ["site"]
    date_hierarchy = "start_date"
    search_fields = ["reason"]


@admin.register(FuriganaWord)
class FuriganaWordAdmin(admin.ModelAdmin):
    """The correction dictionary of the ふりがな switch; a change shows on public pages within a minute."""

    form = NormalizedModelForm
    list_display = ["surface", "reading"]
    search_fields = ["surface", "reading"]

    def save_model(self, request, obj, form, change):
        audit.save_recorded(actor=request.user, action="furigana_word", instance=obj, fields=["surface", "reading"])
        forget_words()

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action="furigana_word_delete", target=obj, changes={"surface": obj.surface})
        super().delete_model(request, obj)
        forget_words()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_type", "action"]
    date_hierarchy = "at"

    # The log is evidence: nobody edits or deletes it from the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(admin.ModelAdmin):
    """個人情報の保存期間: one row, changed through its audited service."""

    form = NormalizedModelForm
    fields = ["withdrawn_retention_days"]
    list_display = ["__str__", "withdrawn_retention_days", "updated_at"]

    def has_add_permission(self, request):
        return not PrivacySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.retention_set(days=form.cleaned_data["withdrawn_retention_days"], by=request.user)
        obj.pk = saved.pk
@admin.register(ImportLog)
class ImportLogAdmin(KeepRecordsMixin, admin.ModelAdmin):
    """The import log; files are brought in from 「ファイルを取り込む」 (the staff page, one mechanism)."""

    form = NormalizedModelForm
    change_list_template = "admin/core/importlog/change_list.html"
    list_display = ["created_at", "kind", "file_name", "status", "created_count", "updated_count", "skipped_count", "error_count", "imported_by"]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "created_at"
    exclude = ["checked"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Downloads of personal data (名簿の出力): read-only, for administrators (superusers) only."""

    form = NormalizedModelForm
    list_display = ["at", "actor", "what", "fmt", "rows"]
    list_filter = ["what", "fmt"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "what", "fmt", "rows", "columns", "path"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- django-mailer's queue and log (issue 17) ----------------------------------------------------------------
# django-mailer's own admin shows every message's body (plain_text_body) and its raw message_data to
# superusers; a body may hold a set-password or cancel link, which is a key to someone's account. These
# read-only admins show who, what subject, when and how it went, never the body; staff see and retry the
# queue on 未送信のメール (/staff/mail/).


def _mail_to(message) -> str:
    email = message.email
    return ", ".join(email.to) if email else "—"


_mail_to.short_description = _("宛先")


def _mail_subject(message) -> str:
    email = message.email
    return email.subject if email else "—"


_mail_subject.short_description = _("件名")


class _MailAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(MailerMessage)
admin.site.unregister(MailerMessageLog)


@admin.register(MailerMessage)
class SafeMessageAdmin(_MailAdmin):
    """The queue without the bodies: who, which subject, when it was added, its priority and retries."""

    list_display = ["id", _mail_to, _mail_subject, "when_added", "priority", "retry_count"]
    date_hierarchy = "when_added"
    fields = ["to", "subject", "when_added", "priority", "retry_count"]
    readonly_fields = fields

    @admin.display(description=_("宛先"))
    def to(self, obj):
        return _mail_to(obj)

    @admin.display(description=_("件名"))
    def subject(self, obj):
        return _mail_subject(obj)


@admin.register(MailerMessageLog)
class SafeMessageLogAdmin(_MailAdmin):
    """The sending log without the bodies (settings keep none since MAILER_EMAIL_LOG_MESSAGE_DATA = False,
    and rows logged before that are not shown either)."""

    list_display = ["id", "when_added", "when_attempted", "result", "log_message"]
    list_filter = ["result"]
    date_hierarchy = "when_attempted"
    fields = ["message_id", "when_added", "when_attempted", "priority", "result", "log_message"]
    readonly_fields = fields
