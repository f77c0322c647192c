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
    "EquipmentKind",
    "EquipmentLoan",
    "EquipmentRules",
    "EquipmentUnit",
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
    "calendar_token_digest",
]
