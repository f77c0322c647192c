"""The admin for consultations, requests (with their comment log and introductions) and introductions.

Staff work on the staff pages; the admin is for looking things up and correcting data. Saves go
through the same services as the staff pages, so every change lands in the request's history and the
audit log; states that have their own step (closing, publishing, confirming) are read-only here.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.core.admin import KeepRecordsMixin, NameSearchMixin
from config.core.forms import NormalizedModelForm

from .forms.admin import ConsultationAdminForm, HelpRequestAdminForm, IntroductionAdminForm
from .models import Consultation, HelpRequest, Introduction, RequestComment
from .services import consultations as consultation_services
from .services import coordination as services


def _report(modeladmin, request, exc: ValidationError) -> None:
    for message in exc.messages:
        modeladmin.message_user(request, message, messages.ERROR)


@admin.register(Consultation)
class ConsultationAdmin(KeepRecordsMixin, NameSearchMixin, admin.ModelAdmin):
    form = ConsultationAdminForm
    list_display = ["received_on", "who_display", "channel", "category", "status", "follow_up_on", "staff"]
    list_filter = ["status", "channel", "category", "received_on", "staff"]
    search_fields = ["person_name", "person_furigana_key", "content", "response", "volunteer__name",
                     "volunteer__furigana_key", "group__name", "group__name_kana_key"]
    date_hierarchy = "received_on"
    autocomplete_fields = []
    raw_id_fields = ["volunteer", "group"]
    list_select_related = ["volunteer", "group", "staff"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("相談者"))
    def who_display(self, obj):
        return obj.who

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in consultation_services.EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            original = Consultation.objects.get(pk=obj.pk)
            consultation_services.consultation_update(consultation=original, by=request.user, data=data)
        else:
            created = consultation_services.consultation_create(by=request.user, **data)
            obj.pk = created.pk


class RequestCommentInline(admin.TabularInline):
    model = RequestComment
    form = NormalizedModelForm
    extra = 1
    fields = ["created_at", "author", "body"]
    readonly_fields = ["created_at", "author"]
    # A comment written by mistake may be removed (tick 「削除」); HelpRequestAdmin.save_formset sends it
    # through services.request_comment_delete, which records the removal in the request's history.
    can_delete = True

    def has_change_permission(self, request, obj=None):
        return False  # the log is appended to, not rewritten

    def has_delete_permission(self, request, obj=None):
        return True


class IntroductionInline(admin.TabularInline):
    model = Introduction
    form = IntroductionAdminForm
    fk_name = "request"
    extra = 0
    fields = ["volunteer", "group", "initiated_by", "status", "response", "introduced_on", "started_on", "ended_on"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # introductions are made from the candidate page, which notifies the person


@admin.register(HelpRequest)
class HelpRequestAdmin(KeepRecordsMixin, NameSearchMixin, admin.ModelAdmin):
    form = HelpRequestAdminForm
    list_display = ["received_on", "title", "requester_name", "requester_type", "activity_field", "status",
                    "closing_reason", "is_published", "received_via"]
    list_filter = ["status", "closing_reason", "is_published", "received_via", "requester_type", "activity_field", "received_on"]
    search_fields = ["title", "public_title", "requester_name", "requester_name_key", "requester_furigana_key",
                     "requester_contact_name", "requester_phone", "requester_email"]
    date_hierarchy = "received_on"
    list_select_related = ["activity_field"]
    readonly_fields = ["status", "closing_reason", "closed_on", "is_published", "public_title", "public_place",
                       "public_description", "received_via", "created_by", "created_at", "updated_at"]
    inlines = [IntroductionInline, RequestCommentInline]
    actions = ["unpublish"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.REQUEST_FIELDS if name in form.cleaned_data}
        if change:
            services.request_update(help_request=HelpRequest.objects.get(pk=obj.pk), by=request.user, data=data)
        else:
            obj.pk = services.request_create(by=request.user, data=data).pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        if formset.model is not RequestComment:
            return super().save_formset(request, form, formset, change)
        comments = formset.save(commit=False)  # collects the ticked ones in deleted_objects without deleting them
        for comment in formset.deleted_objects:
            services.request_comment_delete(comment=comment, by=request.user)
        for comment in comments:
            saved = services.request_comment_add(help_request=form.instance, by=request.user, body=comment.body)
            # The admin's change message names the inline objects: let it name the saved one.
            comment.pk, comment.created_at, comment.author = saved.pk, saved.created_at, saved.author

    @admin.action(description=_("選んだ依頼の募集公開をやめる"))
    def unpublish(self, request, queryset):
        for help_request in queryset.filter(is_published=True):
            services.request_publish(help_request=help_request, by=request.user, public_title=help_request.public_title,
                                     public_description=help_request.public_description, publish=False)
        self.message_user(request, _("募集の公開をやめました。"), messages.SUCCESS)


@admin.register(Introduction)
class IntroductionAdmin(KeepRecordsMixin, admin.ModelAdmin):
    form = IntroductionAdminForm
    list_display = ["introduced_on", "request", "introducee_display", "initiated_by", "status", "response", "started_on"]
    list_filter = ["status", "response", "initiated_by", "introduced_on"]
    search_fields = ["request__title", "volunteer__name", "volunteer__furigana", "group__name"]
    date_hierarchy = "introduced_on"
    list_select_related = ["request", "volunteer", "group"]
    readonly_fields = ["request", "volunteer", "group", "initiated_by", "response", "responded_at", "created_by",
                       "created_at", "updated_at"]
    actions = ["confirm_applications"]

    @admin.display(description=_("紹介先"))
    def introducee_display(self, obj):
        return obj.introducee

    def has_add_permission(self, request):
        return False  # made from the candidate page, which notifies the person

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.INTRODUCTION_FIELDS if name in form.cleaned_data}
        services.introduction_update(introduction=Introduction.objects.get(pk=obj.pk), by=request.user, data=data)

    @admin.action(description=_("選んだ応募を紹介として確定する"))
    def confirm_applications(self, request, queryset):
        done = 0
        for introduction in queryset.filter(status=Introduction.Status.APPLIED):
            try:
                services.introduction_confirm(introduction=introduction, by=request.user)
                done += 1
            except ValidationError as exc:
                _report(self, request, exc)
        self.message_user(request, _("%(n)d件を紹介として確定しました。") % {"n": done}, messages.SUCCESS)
