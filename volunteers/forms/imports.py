"""The columns of an imported sheet that the staff forms do not have: status and the dates kept on paper."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms

from ..models import GroupRegistration
from ..models.people import VolunteerStatus
from .groups import StaffGroupForm
from .people import StaffVolunteerForm


class VolunteerImportForm(StaffVolunteerForm):
    """One row of a volunteers sheet: the staff edit form plus status, 登録日 and 退会日."""

    status = forms.ChoiceField(label=_("状態"), choices=VolunteerStatus.choices, required=False)
    registered_on = core_forms.DateField(label=_("登録日"), required=False)
    withdrawn_on = core_forms.DateField(label=_("退会日"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A sheet gives one label per cell; the checkbox lists of the page become plain multiple choices.
        self.fields["activity_fields"].widget = forms.SelectMultiple()
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


class GroupImportForm(StaffGroupForm):
    """One row of a groups sheet: the staff group form plus the fiscal year and the state of its registration."""

    fiscal_year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    registration_status = forms.ChoiceField(
        label=_("登録状態"), choices=GroupRegistration.Status.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_fields"].widget = forms.SelectMultiple()
