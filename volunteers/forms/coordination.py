"""Forms for requests (依頼), the public 募集, introductions (紹介) and the candidate search.

Every form derives from config.core.forms: what was typed is normalised before the fields see it
(free text kept as written; names, numbers and dates NFKC) and the messages are worded the one way.
"""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms
from config.core.public_forms import HoneypotFormMixin

from ..models import ActivityField, HelpRequest, Introduction
from ..models.fields import AVAILABILITY_CHOICES

# A house number (番地): 1-2-3, 2-15, 5番, 12号 (after NFKC the digits and hyphens are half-width).
_HOUSE_NUMBER = re.compile(r"\d+\s*[-\u2212\u30fc\uff0d]\s*\d+|\d+\s*番|\d+\s*号")

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# How each shaped field of a request is typed in; the staff, online and admin forms share it.
REQUEST_FIELD_CLASSES = {
    "requester_name": core_forms.FoldedTextField,
    "requester_furigana": core_forms.KanaField,
    "requester_contact_name": core_forms.FoldedTextField,
    "requester_phone": core_forms.PhoneField,
    "requester_email": core_forms.EmailField,
    "requester_address": core_forms.FoldedTextField,
}


class _RequestFieldsMixin:
    """What staff and the online form share: phone normalised, dates in order, a sane number of people."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_field"].queryset = ActivityField.objects.filter(is_active=True)
        self.fields["activity_field"].empty_label = core_forms.EMPTY_CHOICE_LABEL
        needed = self.fields["volunteers_needed"]
        needed.min_value, needed.max_value = 1, 500
        needed.error_messages.update(
            {
                "min_value": _("必要な人数は1〜500人で入力してください。"),
                "max_value": _("必要な人数は1〜500人で入力してください。"),
                "invalid": _("必要な人数は数字で入力してください。"),
            }
        )
        needed.widget.attrs.update({"min": 1, "max": 500, "inputmode": "numeric"})

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("活動終了日は開始日以降にしてください。"))
        return cleaned


REQUEST_FORM_FIELDS = [
    "requester_type",
    "requester_name",
    "requester_furigana",
    "requester_contact_name",
    "requester_phone",
    "requester_email",
    "requester_address",
    "title",
    "description",
    "activity_field",
    "place",
    "starts_on",
    "ends_on",
    "schedule",
    "volunteers_needed",
    "conditions",
]


class HelpRequestForm(_RequestFieldsMixin, core_forms.NormalizedModelForm):
    """Staff enter or edit a request."""

    class Meta:
        model = HelpRequest
        fields = [*REQUEST_FORM_FIELDS, "received_on"]
        field_classes = REQUEST_FIELD_CLASSES
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "received_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "requester_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }


class OnlineRequestForm(HoneypotFormMixin, _RequestFieldsMixin, core_forms.NormalizedModelForm):
    """The public form a requester fills in without an account; a phone number or an email is needed to reply."""

    consent = forms.BooleanField(
        label=_("ご記入いただいた個人情報を、ボランティアの紹介・調整のために利用することに同意します。"),
        error_messages={"required": _("個人情報の取扱いへの同意が必要です。")},
    )

    class Meta:
        model = HelpRequest
        fields = REQUEST_FORM_FIELDS
        field_classes = REQUEST_FIELD_CLASSES
        labels = {
            "requester_name": _("お名前または施設・団体名"),
            "requester_furigana": _("フリガナ"),
            "requester_contact_name": _("ご担当者のお名前（施設・団体の場合）"),
            "requester_phone": _("電話番号"),
            "requester_email": _("メールアドレス"),
            "requester_address": _("ご住所・所在地"),
            "title": _("どんな手伝いが必要ですか（ひとことで）"),
            "description": _("依頼の内容（くわしく）"),
        }
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "requester_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "requester_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "requester_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("requester_phone")
            and not cleaned.get("requester_email")
            and not self.has_error("requester_phone")
        ):
            self.add_error(
                "requester_phone", _("センターから連絡するため、電話番号かメールアドレスを入力してください。")
            )
        return cleaned


class CommentForm(core_forms.NormalizedForm):
    body = forms.CharField(label=_("記録する内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(core_forms.NormalizedForm):
    reason = forms.ChoiceField(
        label=_("終了理由"), choices=[("", core_forms.EMPTY_CHOICE_LABEL), *HelpRequest.ClosingReason.choices]
    )
    closed_on = forms.DateField(label=_("終了日"), required=False, widget=DATE_WIDGET)


class PublishForm(core_forms.NormalizedForm):
    """The public 募集: a title and a description written for the public, never the requester's data."""

    public_title = forms.CharField(label=_("募集の見出し"), max_length=100)
    public_place = core_forms.FoldedTextField(
        label=_("活動場所（公開）"),
        max_length=100,
        help_text=_("地域だけを書いてください（例：田無町周辺、保谷駅の近く）。番地・建物名・個人宅は書かないでください。"),
        error_messages={"required": _("公開する活動場所を入力してください（例：田無町周辺）。")},
    )
    public_description = forms.CharField(
        label=_("募集の内容（公開）"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("依頼者の氏名・電話番号・住所は書かないでください。"),
    )

    def __init__(self, *args, help_request: HelpRequest | None = None, **kwargs):
        self.help_request = help_request
        super().__init__(*args, **kwargs)

    def clean_public_place(self):
        value = self.cleaned_data["public_place"]
        if _HOUSE_NUMBER.search(value):
            raise ValidationError(_("公開する活動場所には番地まで書かないでください（例：田無町周辺）。"), code="house_number")
        return value

    def clean(self):
        cleaned = super().clean()
        request = self.help_request
        if request is None:
            return cleaned
        text = "\n".join(cleaned.get(name, "") for name in ("public_title", "public_place", "public_description"))
        # A safety net for a slip of the keyboard: the requester's own name, phone or email must not go public.
        private = [request.requester_phone, request.requester_email, request.requester_address]
        if request.requester_type == HelpRequest.RequesterType.INDIVIDUAL:
            private += [request.requester_name, request.requester_contact_name]
            if _HOUSE_NUMBER.search(request.place):  # an individual's place with a house number is their home
                private.append(request.place)
        for value in private:
            if value and len(value) >= 2 and value in text:
                raise ValidationError(
                    _(
                        "公開する文に依頼者の個人情報（氏名・電話番号・メールアドレス・住所）が含まれています。"
                    )
                )
        return cleaned


class IntroduceForm(core_forms.NormalizedForm):
    introduced_on = forms.DateField(label=_("紹介日"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("備考"), max_length=200, required=False)


class IntroductionUpdateForm(core_forms.NormalizedModelForm):
    """Staff move an introduction on: 活動開始 / 不成立 (with a reason) / 終了."""

    class Meta:
        model = Introduction
        fields = ["status", "introduced_on", "started_on", "ended_on", "failure_reason", "note"]
        widgets = {"introduced_on": DATE_WIDGET, "started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            c for c in Introduction.Status.choices if c[0] != Introduction.Status.APPLIED
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Introduction.Status.FAILED and not cleaned.get("failure_reason"):
            self.add_error("failure_reason", _("不成立の理由を入力してください。"))
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("終了日は活動開始日以降にしてください。"))
        return cleaned


class RequestFilterForm(core_forms.NormalizedForm):
    q = core_forms.FoldedTextField(
        label=_("キーワード（件名・依頼者名・フリガナ）"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("状態"),
        required=False,
        choices=[("", _("すべて")), ("open", _("未終了")), *HelpRequest.Status.choices],
    )
    activity_field = forms.ModelChoiceField(
        label=_("活動分野"), required=False, queryset=ActivityField.objects.all(), empty_label=_("すべて")
    )
    fiscal_year = forms.IntegerField(
        label=_("年度（西暦）"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("年度は2000〜2100で入力してください。"),
            "max_value": _("年度は2000〜2100で入力してください。"),
            "invalid": _("年度は数字で入力してください。"),
        },
    )
    published = forms.BooleanField(label=_("募集公開中のみ"), required=False)


class CandidateForm(core_forms.NormalizedForm):
    activity_field = forms.ModelChoiceField(
        label=_("活動分野"), required=False, queryset=ActivityField.objects.all(), empty_label=_("指定なし")
    )
    slots = forms.MultipleChoiceField(
        label=_("活動できる曜日・時間帯（どれか一つでも合う人）"),
        required=False,
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    in_city = forms.BooleanField(label=_("市内在住の人だけ"), required=False)
    area = core_forms.FoldedTextField(
        label=_("地域（住所・活動地域に含む語、例：田無町）"), required=False, max_length=50
    )
    q = core_forms.FoldedTextField(label=_("名前・フリガナ"), required=False, max_length=50)
