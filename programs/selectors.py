"""Reads for rooms and lockers: the week view, a group's bookings, and the yearly numbers the plans use.

The plans app reads the yearly counts through `room_uses`, `room_groups`, `lockers_held` and
`site_year_numbers` only; each is one aggregate query.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from config.core.dates import closed_days, fiscal_year_end, fiscal_year_start
from config.core.models import Site

from .models import LockerAssignment, Room, RoomBooking


def _fy_range(fy: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(fiscal_year_start(fy), datetime.time(0)))
    end = timezone.make_aware(datetime.datetime.combine(fiscal_year_end(fy) + datetime.timedelta(days=1), datetime.time(0)))
    return start, end


def _uses(fy: int):
    """Active group bookings that start in the fiscal year (a 'use' is one booking held)."""
    start, end = _fy_range(fy)
    return RoomBooking.objects.active().group_uses().filter(during__startswith__gte=start, during__startswith__lt=end)


def room_uses(fy: int, site: Site) -> int:
    """Room uses (bookings held by groups) at a site in a fiscal year."""
    return _uses(fy).filter(room__site=site).count()


def room_groups(fy: int, site: Site) -> int:
    """Distinct groups that used a room at a site in a fiscal year."""
    return _uses(fy).filter(room__site=site).aggregate(n=Count("group", distinct=True))["n"]


def lockers_held(fy: int, site: Site) -> int:
    """Groups holding a locker at a site in the fiscal year (a locker passed on mid-year counts both groups)."""
    return (
        LockerAssignment.objects.filter(fiscal_year=fy, locker__site=site)
        .aggregate(n=Count("group", distinct=True))["n"]
    )


def site_year_numbers(fy: int) -> dict[str, dict[str, int]]:
    """{site slug: {"room_uses", "room_groups", "lockers_held"}} for every site, in two queries."""
    rows = _uses(fy).values("room__site__slug").annotate(uses=Count("pk"), groups=Count("group", distinct=True))
    lockers = (
        LockerAssignment.objects.filter(fiscal_year=fy)
        .values("locker__site__slug").annotate(n=Count("group", distinct=True))
    )
    numbers = {slug: {"room_uses": 0, "room_groups": 0, "lockers_held": 0} for slug in Site.objects.values_list("slug", flat=True)}
    for row in rows:
        numbers[row["room__site__slug"]].update(room_uses=row["uses"], room_groups=row["groups"])
    for row in lockers:
        numbers[row["locker__site__slug"]]["lockers_held"] = row["n"]
    return numbers


# --- the week view -------------------------------------------------------------------------------


@dataclass
class Segment:
    start: datetime.time
    end: datetime.time
    booking: RoomBooking | None = None
    bookable: bool = False

    @property
    def free(self) -> bool:
        return self.booking is None


@dataclass
class RoomDay:
    room: Room
    segments: list[Segment] = field(default_factory=list)
    hours: tuple | None = None


@dataclass
class Day:
    date: datetime.date
    closed_reason: str = ""
    rooms: list[RoomDay] = field(default_factory=list)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_view(*, site: Site, monday: datetime.date, room: Room | None = None) -> list[Day]:
    """Seven days of a site (or one room): free and taken times per room, in a fixed number of queries."""
    rooms = Room.objects.active().filter(site=site).prefetch_related("hours")
    if room is not None:
        rooms = rooms.filter(pk=room.pk)
    rooms = list(rooms)
    sunday = monday + datetime.timedelta(days=6)
    closed = closed_days(site, monday, sunday)
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(0)))
    bookings = list(
        RoomBooking.objects.active()
        .filter(room__in=rooms, during__overlap=(start, start + datetime.timedelta(days=7)))
        .select_related("group")
        .order_by("during")
    )
    now = timezone.localtime()
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        entry = Day(date=day, closed_reason=closed.get(day, ""))
        if not entry.closed_reason:
            for r in rooms:
                hours = r.hours_on(day.weekday())
                if hours is None:
                    continue
                taken = [b for b in bookings if b.room_id == r.pk and b.start.date() == day]
                entry.rooms.append(RoomDay(room=r, hours=(hours.opens, hours.closes),
                                           segments=_segments(day, hours.opens, hours.closes, taken, now)))
        days.append(entry)
    return days


def _segments(day, opens, closes, taken, now) -> list[Segment]:
    segments, cursor = [], opens
    for b in taken:
        s, e = max(b.start.time(), opens), min(b.end.time(), closes) if b.end.date() == day else closes
        if s > cursor:
            segments.append(Segment(cursor, s))
        segments.append(Segment(s, e, booking=b))
        cursor = max(cursor, e)
    if cursor < closes:
        segments.append(Segment(cursor, closes))
    for seg in segments:
        seg.bookable = seg.free and datetime.datetime.combine(day, seg.end) > now.replace(tzinfo=None)
    return segments


# --- a group's bookings --------------------------------------------------------------------------


def group_bookings(groups, *, upcoming: bool = True):
    """Active bookings of the given groups, from now on (or the past ones), with rooms and sites."""
    now = timezone.now()
    qs = RoomBooking.objects.filter(group__in=groups).select_related("room__site", "group")
    if upcoming:
        return qs.active().filter(during__endswith__gt=now).order_by("during")
    return qs.filter(Q(during__endswith__lte=now) | Q(cancelled_at__isnull=False)).order_by("-during")
