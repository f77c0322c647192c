from .accounts import LoginCode
from .consultations import Consultation
from .coordination import HelpRequest, Introduction, RequestComment
from .fields import ActivityField
from .groups import GroupRegistration, GroupRenewalPeriod, VolunteerGroup
from .notices import Notice
from .people import Volunteer

__all__ = [
    "ActivityField",
    "Consultation",
    "GroupRegistration",
    "GroupRenewalPeriod",
    "HelpRequest",
    "Introduction",
    "LoginCode",
    "Notice",
    "RequestComment",
    "Volunteer",
    "VolunteerGroup",
]
