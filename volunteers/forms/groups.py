"""Forms about groups: registration, renewal, staff edit, searches."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms
from config.core.public_forms import HoneypotFormMixin

from ..models import ActivityField, GroupRegistration, VolunteerGroup
from .people import fiscal_year_choices

# How each shaped field of a group is typed in; the registration, renewal, staff and admin forms share it.
GROUP_FIELD_CLASSES = {
    "name": core_forms.FoldedTextField,
    "name_kana": core_forms.KanaWithDigitsField,
    "representative_name": core_forms.FoldedTextField,
    "contact_name": core_forms.FoldedTextField,
    "contact_phone": core_forms.PhoneField,
    "contact_email": core_forms.EmailField,
    "contact_postal_code": core_forms.PostalCodeField,
    "contact_address": core_forms.FoldedTextField,
}


class GroupForm(core_forms.AddressLookupMixin, core_forms.NormalizedModelForm):
    """A group's details, as on the paper 団体登録票; 住所検索 fills the contact address from its postal code."""

    postal_code_field = "contact_postal_code"
    address_field = "contact_address"

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
        field_classes = GROUP_FIELD_CLASSES
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


class GroupRegistrationForm(HoneypotFormMixin, GroupForm):
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
    staff_note = forms.CharField(
        label=_("職員メモ"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta(GroupForm.Meta):
        fields = [*GroupForm.Meta.fields, "staff_note"]


class GroupSearchForm(core_forms.NormalizedForm):
    q = core_forms.FoldedTextField(label=_("団体名・フリガナ"), required=False, max_length=50)
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


class DirectorySearchForm(core_forms.NormalizedForm):
    """The public directory: by activity field and area (and name)."""

    field = forms.ModelChoiceField(
        label=_("活動分野"),
        required=False,
        queryset=ActivityField.objects.filter(is_active=True),
        empty_label=_("すべて"),
    )
    area = core_forms.FoldedTextField(
        label=_("活動地域"), required=False, max_length=50, help_text=_("例：田無、ひばりが丘")
    )
    q = core_forms.FoldedTextField(label=_("団体名"), required=False, max_length=50)


class RejectForm(core_forms.NormalizedForm):
    note = forms.CharField(label=_("不承認の理由"), max_length=200)
