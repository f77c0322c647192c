"""Forms about people: what each field accepts and how it is normalised. Rules about other rows live in services."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms
from config.core.dates import current_fiscal_year, fiscal_year_label
from config.core.public_forms import HoneypotFormMixin

from ..models import ActivityField, Volunteer
from ..models.fields import AVAILABILITY_CHOICES
from ..models.people import VolunteerStatus

# How each shaped field of a Volunteer is typed in; the staff pages, the my page and the admin share it.
VOLUNTEER_FIELD_CLASSES = {
    "name": core_forms.FoldedTextField,
    "furigana": core_forms.KanaField,
    "postal_code": core_forms.PostalCodeField,
    "address": core_forms.FoldedTextField,
    "phone": core_forms.PhoneField,
    "email": core_forms.EmailField,
}


class VolunteerForm(core_forms.AddressLookupMixin, core_forms.NormalizedModelForm):
    """The fields a volunteer (or staff for them) fills in; 住所検索 fills the address from the postal code."""

    birth_date = core_forms.DateField(
        label=_("生年月日"),
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "bday"}, format="%Y-%m-%d"),
        help_text=_("例：1955-06-01、1955/6/1、昭和30年6月1日"),
        error_messages={"invalid": _("生年月日は 1955-06-01 か 昭和30年6月1日 の形で入力してください。")},
    )
    activity_fields = forms.ModelMultipleChoiceField(
        label=_("関心のある活動分野"),
        queryset=ActivityField.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label=_("活動できる曜日・時間帯"),
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Volunteer
        fields = [
            "name",
            "furigana",
            "birth_date",
            "gender",
            "postal_code",
            "address",
            "phone",
            "email",
            "activity_fields",
            "skills",
            "availability",
            "availability_note",
            "heard_from",
        ]
        field_classes = VOLUNTEER_FIELD_CLASSES
        widgets = {"gender": forms.RadioSelect, "skills": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("姓と名の間は空けてください。例：西東京 花子"),
            "furigana": _("カタカナまたはひらがなで。例：ニシトウキョウ ハナコ"),
            "postal_code": _("例：188-0011"),
            "address": _("例：西東京市田無町5-5-12"),
            "phone": _("例：042-466-3070"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "furigana", "postal_code", "address"):
            self.fields[name].required = True
        self.fields["gender"].choices = [c for c in self.fields["gender"].choices if c[0]]
        self.fields["heard_from"].required = False
        for name, hint in (("name", "name"), ("address", "street-address"), ("email", "email")):
            self.fields[name].widget.attrs["autocomplete"] = hint
        if self.instance.pk:
            self.initial["activity_fields"] = list(self.instance.activity_fields.all())

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and not (datetime.date(1900, 1, 1) <= value <= timezone.localdate()):
            raise ValidationError(_("生年月日が正しくありません。"), code="bad_birth_date")
        return value


class ContactRequiredMixin:
    """The center must be able to reach a new registrant: a phone number or an email address."""

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.has_error("phone"):
            self.add_error("phone", _("電話番号かメールアドレスのどちらかを入力してください。"))
        return data


class RegistrationForm(HoneypotFormMixin, ContactRequiredMixin, VolunteerForm):
    """新規登録 online: consent is required; without email the login letter goes by post to the address."""

    consent = forms.BooleanField(
        label=_("「個人情報の取扱いについて」を読み、同意します"),
        error_messages={"required": _("登録には個人情報の取扱いへの同意が必要です。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "登録が完了したら、ログインのご案内をメールでお送りします。お持ちでない方は空欄にしてください（ご案内を郵便でお送りします）。"
        )


class CounterRegistrationForm(ContactRequiredMixin, VolunteerForm):
    """代理入力 at the counter: email optional (the center phones or posts instead), birth date optional."""

    consent = forms.BooleanField(
        label=_("ご本人が個人情報の取扱いに同意したことを確認しました"),
        error_messages={"required": _("ご本人の同意を確認してください。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["email"].help_text = _("お持ちでない方は空欄で。お知らせは電話・郵送の一覧に載ります。")



class ProfileForm(VolunteerForm):
    """The person's own profile on their my page; a birth date staff never took at the counter stays optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = bool(self.instance.birth_date)


class StaffVolunteerForm(VolunteerForm):
    """Staff edit: the same fields and the staff note."""

    staff_note = forms.CharField(
        label=_("職員メモ"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta(VolunteerForm.Meta):
        fields = [*VolunteerForm.Meta.fields, "staff_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False


def fiscal_year_choices(back: int = 5) -> list[tuple[str, str]]:
    fy = current_fiscal_year()
    return [("", _("すべて"))] + [(str(y), fiscal_year_label(y)) for y in range(fy, fy - back - 1, -1)]


class VolunteerSearchForm(core_forms.NormalizedForm):
    """Filters of the staff list; every field optional."""

    q = core_forms.FoldedTextField(
        label=_("氏名・フリガナ"),
        required=False,
        max_length=50,
        help_text=_("一部だけでも、ひらがなでも探せます。"),
    )
    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *VolunteerStatus.choices]
    )
    field = forms.ModelChoiceField(
        label=_("活動分野"), required=False, queryset=ActivityField.objects.all(), empty_label=_("すべて")
    )
    area = forms.ChoiceField(
        label=_("市内・市外"),
        required=False,
        choices=[("", _("すべて")), ("in", _("市内")), ("out", _("市外"))],
    )
    availability = forms.ChoiceField(
        label=_("活動できる曜日・時間帯"), required=False, choices=[("", _("すべて")), *AVAILABILITY_CHOICES]
    )
    fiscal_year = forms.TypedChoiceField(label=_("登録年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()


class ColumnsForm(core_forms.NormalizedForm):
    """Which columns an export has; built from the list's Column definitions."""

    columns = forms.MultipleChoiceField(
        label=_("出力する項目"), required=False, widget=forms.CheckboxSelectMultiple
    )
    export = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "Excel")], required=False)

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(c.key, c.label) for c in columns]


class StatusForm(core_forms.NormalizedForm):
    status = forms.ChoiceField(label=_("新しい状態"), choices=VolunteerStatus.choices)
