"""Forms for consultations (相談受付): log one, and search the staff list."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms
from config.core import roles
from config.core.normalize import normalize_furigana

from ..models import Consultation, Volunteer, VolunteerGroup
from .coordination import DATE_WIDGET

# A name and a phone number or email: NFKC, as on the other forms. Content and response stay as written.
CONSULTATION_FIELD_CLASSES = {
    "person_name": core_forms.FoldedTextField,
    "person_contact": core_forms.FoldedTextField,
}


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        kana = getattr(obj, "furigana", None) or getattr(obj, "name_kana", "")
        return f"{obj.name}（{kana}）" if kana else obj.name


def staff_users():
    """The staff accounts, found from the role's side (its member rows) instead of walking every account by username
    and checking its roles: with thousands of volunteer accounts that walk cost more than the rest of the page."""
    User = get_user_model()
    members = User.groups.through.objects.filter(group__name=roles.STAFF).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("username")


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ConsultationForm(core_forms.NormalizedModelForm):
    """Staff log a consultation: who (a registered volunteer, a group, or a name), what, how it was answered."""

    volunteer = _PersonChoice(
        label=_("登録ボランティア"),
        required=False,
        queryset=Volunteer.objects.active().only("pk", "name", "furigana"),
        empty_label=_("（登録ボランティアではない）"),
    )
    group = _PersonChoice(
        label=_("団体"),
        required=False,
        queryset=VolunteerGroup.objects.only("pk", "name", "name_kana"),
        empty_label=_("（団体ではない）"),
    )
    staff = _StaffChoice(label=_("担当職員"), queryset=staff_users())

    class Meta:
        model = Consultation
        fields = [
            "received_on",
            "channel",
            "volunteer",
            "group",
            "person_name",
            "person_furigana",
            "person_contact",
            "category",
            "content",
            "response",
            "follow_up_on",
            "status",
            "staff",
        ]
        field_classes = CONSULTATION_FIELD_CLASSES
        widgets = {
            "received_on": DATE_WIDGET,
            "follow_up_on": DATE_WIDGET,
            "content": forms.Textarea(attrs={"rows": 4}),
            "response": forms.Textarea(attrs={"rows": 4}),
        }

    # How many search matches the volunteer picker offers at once: with years of registrations a select
    # of everyone would be thousands of options on every consultation page.
    PICKER_LIMIT = 30

    def __init__(self, *args, person_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_choices(
            "volunteer", Volunteer.objects.active().search(person_query) if person_query else None
        )
        self._limit_choices("group", VolunteerGroup.objects.search(person_query) if person_query else None)

    def clean_person_furigana(self):
        value = self.cleaned_data.get("person_furigana", "")
        return normalize_furigana(value) if value else ""

    def _limit_choices(self, name: str, matches) -> None:
        """Offer only the current choice and the search matches; validation still accepts any row of the queryset."""
        field = self.fields[name]
        current = self[name].value()
        keep = [current] if current not in (None, "") else []
        if self.instance.pk and getattr(self.instance, f"{name}_id"):
            keep.append(getattr(self.instance, f"{name}_id"))
        rows = list(field.queryset.filter(pk__in=[k for k in keep if str(k).isdigit()]))
        if matches is not None:
            rows += [r for r in matches[: self.PICKER_LIMIT] if r not in rows]
        field.widget.choices = [("", field.empty_label)] + [
            (r.pk, field.label_from_instance(r)) for r in rows
        ]

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("volunteer") or cleaned.get("group") or cleaned.get("person_name")
        ) and not self.has_error("person_name"):
            self.add_error(
                "person_name", _("相談者（登録ボランティア、団体、または氏名）を入力してください。")
            )
        received, follow = cleaned.get("received_on"), cleaned.get("follow_up_on")
        if received and follow and follow < received:
            self.add_error("follow_up_on", _("次の対応日は受付日以降にしてください。"))
        return cleaned


class ConsultationFilterForm(core_forms.NormalizedForm):
    q = core_forms.FoldedTextField(label=_("キーワード（相談者・内容）"), required=False, max_length=100)
    channel = forms.ChoiceField(
        label=_("受付方法"), required=False, choices=[("", _("すべて")), *Consultation.Channel.choices]
    )
    category = forms.ChoiceField(
        label=_("相談分類"), required=False, choices=[("", _("すべて")), *Consultation.Category.choices]
    )
    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *Consultation.Status.choices]
    )
    staff = _StaffChoice(label=_("担当職員"), required=False, queryset=staff_users(), empty_label=_("すべて"))
    received_from = forms.DateField(label=_("受付日（から）"), required=False, widget=DATE_WIDGET)
    received_to = forms.DateField(label=_("受付日（まで）"), required=False, widget=DATE_WIDGET)
