"""The columns of an imported sheet that the staff forms do not have: status and the dates kept on paper."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms

from ..models import GroupRegistration
from ..models.people import VolunteerStatus
from .groups import StaffGroupForm
from .people import StaffVolunteerForm


class ImportChoicesMixin:
    """活動分野 as plain choices from a list read once per file, rather than one query per row; and the
    model's constraints are left to the form's clean() and the database, not one query each per row."""

    def __init__(self, *args, activity_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["activity_fields"]
        choices = (
            activity_choices
            if activity_choices is not None
            else [(str(f.pk), f.name) for f in field.queryset]
        )
        self.fields["activity_fields"] = forms.MultipleChoiceField(
            label=field.label, choices=choices, required=False, widget=forms.SelectMultiple()
        )

    def _post_clean(self):
        exclude = self._get_validation_exclusions()
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self._update_errors(exc)


class VolunteerImportForm(ImportChoicesMixin, StaffVolunteerForm):
    """One row of a volunteers sheet: the staff edit form plus status, 登録日 and 退会日."""

    status = forms.ChoiceField(label=_("状態"), choices=VolunteerStatus.choices, required=False)
    registered_on = core_forms.DateField(label=_("登録日"), required=False)
    withdrawn_on = core_forms.DateField(label=_("退会日"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["availability"].widget = forms.SelectMultiple()

    def clean(self):
        data = super().clean()
        # A blank 状態 is 登録済 when the sheet has a 登録日, and 仮登録 (staff approve them later) otherwise.
        status = data.get("status") or (
            VolunteerStatus.REGISTERED if data.get("registered_on") else VolunteerStatus.PROVISIONAL
        )
        data["status"] = status
        if status in (VolunteerStatus.REGISTERED, VolunteerStatus.SUSPENDED) and not data.get(
            "registered_on"
        ):
            if not self.has_error("registered_on"):
                self.add_error("registered_on", _("登録済・休止の方は登録日を入力してください。"))
        if status == VolunteerStatus.WITHDRAWN and not data.get("withdrawn_on"):
            if not self.has_error("withdrawn_on"):
                self.add_error("withdrawn_on", _("退会した方は退会日を入力してください。"))
        return data


class GroupImportForm(ImportChoicesMixin, StaffGroupForm):
    """One row of a groups sheet: the staff group form plus the fiscal year and the state of its registration."""

    fiscal_year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    registration_status = forms.ChoiceField(
        label=_("登録状態"), choices=GroupRegistration.Status.choices, required=False
    )


class EnrolmentImportForm(core_forms.NormalizedForm):
    """One person of an insurance roster (the insurer's form lists 氏名・フリガナ・生年月日 and the plan)."""

    name = core_forms.FoldedTextField(label=_("氏名"), max_length=50)
    furigana = core_forms.KanaField(label=_("フリガナ"), max_length=100)
    birth_date = core_forms.DateField(label=_("生年月日"))
    plan = core_forms.FoldedTextField(label=_("プラン"), max_length=50)
    group = core_forms.FoldedTextField(label=_("団体"), max_length=100, required=False)
    receipt_number = core_forms.FoldedTextField(label=_("領収書番号"), max_length=30, required=False)
    enrolled_on = core_forms.DateField(label=_("加入手続きの完了日"), required=False)
