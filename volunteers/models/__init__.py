from .accounts import LoginCode
from .consultations import Consultation
from .coordination import HelpRequest, Introduction, RequestComment
from .fields import ActivityField
from .groups import GroupRegistration, GroupRenewalPeriod, VolunteerGroup
from .insurance import Enrolment, EventInsurance, InsurancePlan, InsuranceYear, Roster
from .notices import Notice
from .people import Volunteer

__all__ = [
    "ActivityField",
    "Consultation",
    "Enrolment",
    "EventInsurance",
    "GroupRegistration",
    "GroupRenewalPeriod",
    "HelpRequest",
    "InsurancePlan",
    "InsuranceYear",
    "Introduction",
    "LoginCode",
    "Notice",
    "RequestComment",
    "Roster",
    "Volunteer",
    "VolunteerGroup",
]
