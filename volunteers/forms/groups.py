"""Forms about groups: registration, renewal, staff edit, searches."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from config.core.normalize import (
    clean_plain_text,
    normalize_phone,
    normalize_postal_code,
    normalize_text,
    to_katakana,
)

from ..models import ActivityField, GroupRegistration, VolunteerGroup
from .people import PlainTextFormMixin, fiscal_year_choices

GROUP_KANA = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe\u30fb 0-9]+")


class GroupForm(PlainTextFormMixin, forms.ModelForm):
    """A group's details, as on the paper 団体登録票."""

    multiline_fields = ("description",)
    special_fields = ("name_kana", "contact_phone", "contact_postal_code")

    activity_fields = forms.ModelMultipleChoiceField(
        label=_("活動分野"),
        queryset=ActivityField.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = VolunteerGroup
        fields = [
            "name",
            "name_kana",
            "representative_name",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_postal_code",
            "contact_address",
            "members_count",
            "activity_fields",
            "activity_area",
            "meeting_place",
            "meeting_days",
            "description",
            "listed_publicly",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name_kana": _("カタカナまたはひらがなで。例：ニシトウキョウヒバリノカイ"),
            "contact_phone": _("例：042-466-3070"),
            "contact_postal_code": _("例：188-0011"),
            "activity_area": _("例：西東京市内、田無駅周辺"),
            "meeting_days": _("例：毎週水曜日 午後"),
            "description": _("団体紹介のページに載せる文章です。個人の連絡先は書かないでください。"),
            "listed_publicly": _(
                "団体名・活動分野・活動地域・活動場所・活動日・紹介文を公開します（個人情報は載せません）。"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].required = True
        members = self.fields["members_count"]
        members.validators = [v for v in members.validators if not isinstance(v, MinValueValidator)]
        members.validators.append(MinValueValidator(1, message=_("会員数は1人以上で入力してください。")))
        members.widget.attrs.update({"min": 1, "inputmode": "numeric"})
        if self.instance.pk:
            self.initial["activity_fields"] = list(self.instance.activity_fields.all())

    def clean_name_kana(self):
        # Group names carry numbers (ひまわり21), so their フリガナ may too; kanji and Latin letters are refused.
        value = to_katakana(self.cleaned_data["name_kana"])
        if not GROUP_KANA.fullmatch(value):
            raise ValidationError(
                _("団体名（フリガナ）はカタカナ（またはひらがな）で入力してください。数字も使えます。"),
                code="invalid_kana",
            )
        return value

    def clean_contact_phone(self):
        value = normalize_text(self.cleaned_data.get("contact_phone", ""))
        return normalize_phone(value) if value else ""

    def clean_contact_postal_code(self):
        value = self.cleaned_data.get("contact_postal_code", "")
        return normalize_postal_code(value) if value else ""

    def clean_contact_email(self):
        return normalize_text(self.cleaned_data.get("contact_email", "")).lower()


class GroupRegistrationForm(GroupForm):
    """Online group registration: the contact email receives the representative's account link."""

    consent = forms.BooleanField(
        label=_("「個人情報の取扱いについて」を読み、同意します"),
        error_messages={"required": _("登録には個人情報の取扱いへの同意が必要です。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].required = True
        self.fields["contact_email"].help_text = _(
            "登録が完了したら、代表者のマイページのご案内をお送りします。"
        )


class StaffGroupForm(GroupForm):
    multiline_fields = ("description", "staff_note")

    class Meta(GroupForm.Meta):
        fields = [*GroupForm.Meta.fields, "staff_note"]
        widgets = {**GroupForm.Meta.widgets, "staff_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_note"].max_length = 2000


class GroupSearchForm(forms.Form):
    q = forms.CharField(label=_("団体名・フリガナ"), required=False, max_length=50)
    field = forms.ModelChoiceField(
        label=_("活動分野"), required=False, queryset=ActivityField.objects.all(), empty_label=_("すべて")
    )
    fiscal_year = forms.TypedChoiceField(label=_("登録年度"), required=False, coerce=int, empty_value=None)
    registration_status = forms.ChoiceField(
        label=_("その年度の登録状態"),
        required=False,
        choices=[("", _("すべて")), *GroupRegistration.Status.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()

    def clean_q(self):
        return clean_plain_text(self.cleaned_data["q"])


class DirectorySearchForm(forms.Form):
    """The public directory: by activity field and area (and name)."""

    field = forms.ModelChoiceField(
        label=_("活動分野"),
        required=False,
        queryset=ActivityField.objects.filter(is_active=True),
        empty_label=_("すべて"),
    )
    area = forms.CharField(
        label=_("活動地域"), required=False, max_length=50, help_text=_("例：田無、ひばりが丘")
    )
    q = forms.CharField(label=_("団体名"), required=False, max_length=50)

    def clean_area(self):
        return clean_plain_text(self.cleaned_data["area"])

    def clean_q(self):
        return clean_plain_text(self.cleaned_data["q"])


class RejectForm(forms.Form):
    note = forms.CharField(label=_("不承認の理由"), max_length=200)

    def clean_note(self):
        return clean_plain_text(self.cleaned_data["note"])
