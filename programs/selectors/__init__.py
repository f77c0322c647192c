"""Reads for rooms and lockers, by subject; everything public is importable from `programs.selectors`.

The plans app reads the yearly counts through `room_uses`, `room_groups`, `lockers_held` and
`site_year_numbers` only; each is one aggregate query. Equipment loans: `equipment_loans`,
`equipment_fee_income` and `equipment_numbers` (total, per kind, per site, fee income).
"""

from .closures import closure_bookings, closures_upcoming
from .equipment import (
    AvailabilityDay,
    EquipmentNumbers,
    availability,
    due_today,
    equipment_fee_income,
    equipment_loans,
    equipment_numbers,
    group_loans,
    kind_sites,
    lendable_kinds,
    overdue_loans,
    staff_loans,
)
from .groups import GroupRoomsPage, group_bookings, group_feed, group_rooms_page
from .numbers import lockers_held, room_groups, room_uses, site_year_numbers
from .rooms import (
    Day,
    GridCell,
    GridRow,
    RoomDay,
    Schedule,
    ScheduleCell,
    ScheduleDay,
    Segment,
    booking_hours,
    day_grid,
    site_schedule,
    suggested_end,
    week_start,
    week_view,
)

__all__ = [
    "AvailabilityDay",
    "EquipmentNumbers",
    "availability",
    "due_today",
    "equipment_fee_income",
    "equipment_loans",
    "equipment_numbers",
    "group_loans",
    "kind_sites",
    "lendable_kinds",
    "overdue_loans",
    "staff_loans",
    "Day",
    "GridCell",
    "GridRow",
    "GroupRoomsPage",
    "RoomDay",
    "Schedule",
    "ScheduleCell",
    "ScheduleDay",
    "Segment",
    "booking_hours",
    "closure_bookings",
    "closures_upcoming",
    "day_grid",
    "group_bookings",
    "group_feed",
    "group_rooms_page",
    "lockers_held",
    "room_groups",
    "room_uses",
    "site_schedule",
    "site_year_numbers",
    "suggested_end",
    "week_start",
    "week_view",
]
