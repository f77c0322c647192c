from .annual import (
    NTH_CHOICES,
    AllocationResult,
    AllocationRun,
    ApplicationWindow,
    LockerRequest,
    Pattern,
    RecurringRequest,
)
from .lockers import Locker, LockerAssignment, LockerRules, LockerWaitlistEntry
from .rooms import (
    OVERLAP_MESSAGE,
    BookingRules,
    GroupCalendar,
    Room,
    RoomBooking,
    RoomHours,
    calendar_token_digest,
)

__all__ = [
    "NTH_CHOICES",
    "OVERLAP_MESSAGE",
    "AllocationResult",
    "AllocationRun",
    "ApplicationWindow",
    "BookingRules",
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
    "calendar_token_digest",
]
