from .annual import (
    NTH_CHOICES,
    AllocationResult,
    AllocationRun,
    ApplicationWindow,
    LockerRequest,
    Pattern,
    RecurringRequest,
)
from .equipment import (
    UNIT_TAKEN_MESSAGE,
    EquipmentKind,
    EquipmentLoan,
    EquipmentRules,
    EquipmentUnit,
)
from .events import Event, EventAttendance, EventSession, EventSignup, EventType
from .lockers import Locker, LockerAssignment, LockerRules, LockerWaitlistEntry
from .news import NewsArticle, NewsletterIssue
from .rooms import (
    OVERLAP_MESSAGE,
    BookingRules,
    GroupCalendar,
    Room,
    RoomBooking,
    RoomHours,
    calendar_token_digest,
)
from .schools import SchoolLecturer, SchoolRequest, SchoolRequestDate, SchoolTheme

__all__ = [
    "NTH_CHOICES",
    "OVERLAP_MESSAGE",
    "AllocationResult",
    "AllocationRun",
    "ApplicationWindow",
    "BookingRules",
    "EquipmentKind",
    "EquipmentLoan",
    "EquipmentRules",
    "EquipmentUnit",
    "Event",
    "EventAttendance",
    "EventSession",
    "EventSignup",
    "EventType",
    "NewsArticle",
    "NewsletterIssue",
    "GroupCalendar",
    "Locker",
    "LockerAssignment",
    "LockerRequest",
    "LockerRules",
    "LockerWaitlistEntry",
    "Pattern",
    "RecurringRequest",
    "Room",
    "RoomBooking",
    "RoomHours",
    "UNIT_TAKEN_MESSAGE",
    "SchoolLecturer",
    "SchoolRequest",
    "SchoolRequestDate",
    "SchoolTheme",
    "calendar_token_digest",
]
