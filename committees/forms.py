"""Forms of the committees app; every one derives from the project's normalised forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms
from config.core.privacy import ConsentFormMixin
from config.core.public_forms import HoneypotFormMixin
from config.core.uploads import DOCUMENT_TYPES

from .models import Committee, CommitteeMember, Meeting, MeetingRule


class ObservationForm(HoneypotFormMixin, ConsentFormMixin, core_forms.NormalizedForm):
    name = core_forms.FoldedTextField(label=_("氏名"), max_length=60)
    furigana = core_forms.KanaField(label=_("フリガナ"), max_length=60)
    email = core_forms.EmailField(
        label=_("メールアドレス"), required=False, help_text=_("お持ちの方は確認のメールをお送りします。")
    )
    phone = core_forms.PhoneField(
        label=_("電話番号"),
        required=False,
        help_text=_("メールアドレスがない方は電話番号を入力してください。"),
    )
    people = forms.IntegerField(label=_("人数"), min_value=1, max_value=10, initial=1)

    # The mixins' fields (consent, the honeypot) after the person's own.
    field_order = ["name", "furigana", "email", "phone", "people", "consent"]

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            self.add_error("phone", _("メールアドレスか電話番号のどちらかを入力してください。"))
        return data


class GenerateScheduleForm(core_forms.NormalizedForm):
    committee = forms.ModelChoiceField(
        label=_("委員会"), queryset=Committee.objects.filter(rule__isnull=False)
    )
    fiscal_year = forms.IntegerField(label=_("年度（西暦）"), min_value=2000, max_value=2100)


class MeetingForm(core_forms.NormalizedModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "venue", "seat_limit", "observe_until", "note"]
        field_classes = {"date": core_forms.DateField, "observe_until": core_forms.DateField}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "observe_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class AgendaItemForm(core_forms.NormalizedForm):
    title = forms.CharField(label=_("議題"), max_length=200)
    note = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MaterialForm(core_forms.NormalizedForm):
    title = forms.CharField(
        label=_("資料名"), max_length=200, required=False, help_text=_("空欄ならファイル名です。")
    )
    file = forms.FileField(
        label=_("ファイル（PDF・Excel・Word、10MBまで）"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join([".pdf", ".xlsx", ".docx", *DOCUMENT_TYPES])}
        ),
    )


class MinutesForm(core_forms.NormalizedForm):
    body = forms.CharField(label=_("議事録"), widget=forms.Textarea(attrs={"rows": 12}), required=False)


class CommentForm(core_forms.NormalizedForm):
    body = forms.CharField(label=_("意見"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(core_forms.NormalizedForm):
    body = forms.CharField(label=_("回答"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


# --- admin ----------------------------------------------------------------------------------------


class CommitteeMemberAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = CommitteeMember
        fields = "__all__"
        field_classes = {
            "name": core_forms.FoldedTextField,
            "furigana": core_forms.KanaField,
            "term_start": core_forms.DateField,
            "term_end": core_forms.DateField,
        }


class MeetingRuleAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = MeetingRule
        fields = "__all__"
