"""The admin's forms: the same normalisers and voice as the staff and public forms (config.core.forms).

Each names the shaped fields of its model the way the staff forms do, so a furigana typed in hiragana
or a postal code without its hyphen is stored in the one spelling whichever page it came through.
"""

from config.core import forms as core_forms

from ..models import Consultation, GroupRegistration, HelpRequest, Introduction, Volunteer, VolunteerGroup
from .consultations import CONSULTATION_FIELD_CLASSES
from .coordination import REQUEST_FIELD_CLASSES
from .groups import GROUP_FIELD_CLASSES
from .people import VOLUNTEER_FIELD_CLASSES


class VolunteerAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = Volunteer
        fields = "__all__"
        field_classes = VOLUNTEER_FIELD_CLASSES


class VolunteerGroupAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = VolunteerGroup
        fields = "__all__"
        field_classes = GROUP_FIELD_CLASSES


class GroupRegistrationAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = GroupRegistration
        fields = "__all__"


class ConsultationAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = Consultation
        fields = "__all__"
        field_classes = CONSULTATION_FIELD_CLASSES


class HelpRequestAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = HelpRequest
        fields = "__all__"
        field_classes = REQUEST_FIELD_CLASSES


class IntroductionAdminForm(core_forms.NormalizedModelForm):
    class Meta:
        model = Introduction
        fields = "__all__"
