"""The rooms of a site over a week: free and taken times (groups' week view, the public calendar), the
staff schedule with who has each room, and the hours and suggested end a booking form offers."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import pgettext

from config.core.dates import closed_days
from config.core.models import Site

from ..models import Room, RoomBooking, RoomHours


@dataclass
class Segment:
    start: datetime.time
    end: datetime.time
    booking: RoomBooking | None = None
    bookable: bool = False
    # Where a booking from this free time would start: the segment's start, or the next half hour when it has begun.
    book_start: datetime.time | None = None
    # "9:00〜11:00", made once here rather than with two |time filters and a {% translate %} per segment.
    span: str = ""

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


def week_view(
    *, site: Site, monday: datetime.date, room: Room | None = None, now: datetime.datetime | None = None
) -> list[Day]:
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
    now = timezone.localtime(now) if now else timezone.localtime()
    # One pass over the week's bookings: local times worked out once per booking, grouped by room and day (the
    # segments were built by scanning every booking for every room and day, converting times each time).
    taken_on = {}
    for b in bookings:
        start_at, end_at = timezone.localtime(b.during.lower), timezone.localtime(b.during.upper)
        taken_on.setdefault((b.room_id, start_at.date()), []).append((start_at, end_at, b))
    hours_of = {r.pk: {h.weekday: h for h in r.hours.all()} for r in rooms}
    earliest = _next_half_hour(now.replace(tzinfo=None))
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        entry = Day(date=day, closed_reason=closed.get(day, ""))
        if not entry.closed_reason:
            weekday = day.weekday()
            for r in rooms:
                hours = hours_of[r.pk].get(weekday)
                if hours is None:
                    continue
                entry.rooms.append(
                    RoomDay(
                        room=r,
                        hours=(hours.opens, hours.closes),
                        segments=_segments(
                            day, hours.opens, hours.closes, taken_on.get((r.pk, day), ()), earliest
                        ),
                    )
                )
        days.append(entry)
    return days


def _segments(day, opens, closes, taken, earliest) -> list[Segment]:
    """Free and taken times of a room on a day; `taken` is (local start, local end, booking) in order, `earliest`
    the first half hour from now (naive local time) a booking may start."""
    segments, cursor = [], opens
    for start_at, end_at, b in taken:
        s, e = max(start_at.time(), opens), min(end_at.time(), closes) if end_at.date() == day else closes
        if s > cursor:
            segments.append(Segment(cursor, s))
        segments.append(Segment(s, e, booking=b))
        cursor = max(cursor, e)
    if cursor < closes:
        segments.append(Segment(cursor, closes))
    combine = datetime.datetime.combine
    dash = pgettext("range", "〜")
    for seg in segments:
        seg.span = f"{seg.start.hour}:{seg.start.minute:02d}{dash}{seg.end.hour}:{seg.end.minute:02d}"
        if seg.booking is not None:
            continue
        first = max(combine(day, seg.start), earliest)
        seg.book_start = first.time()
        seg.bookable = first < combine(day, seg.end)
    return segments


def _next_half_hour(moment: datetime.datetime) -> datetime.datetime:
    moment = moment.replace(second=0, microsecond=0)
    extra = (30 - moment.minute % 30) % 30
    return moment + datetime.timedelta(minutes=extra)


# --- the booking form -----------------------------------------------------------------------------


def booking_hours(*, site: Site, room: Room | None = None, day: datetime.date | None = None):
    """(opens, closes) a booking form should offer: the room's hours that day, or the widest of the site's rooms
    (for that weekday when a day is given). None when nothing is bookable."""
    hours = RoomHours.objects.filter(room__site=site, room__is_active=True)
    if room is not None:
        hours = hours.filter(room=room)
    if day is not None:
        hours = hours.filter(weekday=day.weekday())
    span = hours.aggregate(opens=Min("opens"), closes=Max("closes"))
    return (span["opens"], span["closes"]) if span["opens"] is not None else None


def suggested_end(
    *, room: Room, day: datetime.date, start: datetime.time, max_hours: int
) -> datetime.time | None:
    """The end of the longest valid booking from `start`: start + the longest allowed length, capped by the next
    booking of the room and its closing time that day. None when the room is not open or taken at `start`."""
    hours = booking_hours(site=room.site, room=room, day=day)
    if hours is None or not hours[0] <= start < hours[1]:
        return None
    begin = timezone.make_aware(datetime.datetime.combine(day, start))
    end = min(
        begin + datetime.timedelta(hours=max_hours),
        timezone.make_aware(datetime.datetime.combine(day, hours[1])),
    )
    clash = (
        RoomBooking.objects.active()
        .filter(room=room, during__overlap=(begin, end))
        .aggregate(first=Min("during__startswith"))["first"]
    )
    if clash is not None:
        if clash <= begin:
            return None
        end = clash
    return timezone.localtime(end).time()


# --- the staff schedule ---------------------------------------------------------------------------

SLOT = datetime.timedelta(minutes=30)


@dataclass
class ScheduleCell:
    room: Room
    hours: tuple[datetime.time, datetime.time] | None
    bookings: list[RoomBooking] = field(default_factory=list)


@dataclass
class ScheduleDay:
    date: datetime.date
    closed_reason: str = ""
    cells: list[ScheduleCell] = field(default_factory=list)

    @property
    def has_bookings(self) -> bool:
        return any(c.bookings for c in self.cells)


@dataclass
class GridCell:
    """One cell of the day grid: a booking spanning `rows` half hours, free time, or time outside the room's hours."""

    kind: str  # "booking", "free" or "closed"
    rows: int = 1
    booking: RoomBooking | None = None


@dataclass
class GridRow:
    time: datetime.time
    cells: list[GridCell | None]  # None where a booking above spans this row


@dataclass
class Schedule:
    site: Site
    rooms: list[Room]
    days: list[ScheduleDay]


def site_schedule(*, site: Site, start: datetime.date, days: int = 7) -> Schedule:
    """Every active room of a site for `days` days from `start`, with the bookings (groups, center use and blocks)
    that staff see, in a fixed number of queries whatever the number of bookings."""
    rooms = list(Room.objects.active().filter(site=site).prefetch_related("hours"))
    last = start + datetime.timedelta(days=days - 1)
    closed = closed_days(site, start, last)
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time(0)))
    bookings = list(
        RoomBooking.objects.active()
        .filter(room__in=rooms, during__overlap=(begin, begin + datetime.timedelta(days=days)))
        .select_related("group")
        .order_by("during")
    )
    by_room_day: dict[tuple[int, datetime.date], list[RoomBooking]] = {}
    for b in bookings:
        by_room_day.setdefault((b.room_id, b.start.date()), []).append(b)
    schedule_days = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        cells = []
        for room in rooms:
            hours = room.hours_on(day.weekday())
            cells.append(
                ScheduleCell(
                    room=room,
                    hours=(hours.opens, hours.closes) if hours else None,
                    bookings=by_room_day.get((room.pk, day), []),
                )
            )
        schedule_days.append(ScheduleDay(date=day, closed_reason=closed.get(day, ""), cells=cells))
    return Schedule(site=site, rooms=rooms, days=schedule_days)


def day_grid(day: ScheduleDay) -> list[GridRow]:
    """Half-hour rows from the earliest opening (or booking) to the latest closing of the day, one column per room;
    a booking is one cell spanning its rows, so the table reads like the paper sheet at the front desk."""
    times = [t for c in day.cells if c.hours for t in c.hours]
    times += [t for c in day.cells for b in c.bookings for t in (b.start.time(), _end_on(b, day.date))]
    if not times:
        return []
    first = _floor(datetime.datetime.combine(day.date, min(times)))
    last = datetime.datetime.combine(day.date, max(times))
    slots = []
    moment = first
    while moment < last:
        slots.append(moment)
        moment += SLOT
    rows = [GridRow(time=m.time(), cells=[]) for m in slots]
    for cell in day.cells:
        column: list[GridCell | None] = []
        queue = list(cell.bookings)
        i = 0
        while i < len(slots):
            slot_start, slot_end = slots[i], slots[i] + SLOT
            booking = next(
                (b for b in queue if _naive(b.start) < slot_end and _naive_end(b, day.date) > slot_start),
                None,
            )
            if booking is not None:
                queue.remove(booking)
                end = _naive_end(booking, day.date)
                n = max(1, sum(1 for s in slots[i:] if s < end))
                column.append(GridCell(kind="booking", rows=n, booking=booking))
                column.extend([None] * (n - 1))
                i += n
                continue
            inside = (
                cell.hours
                and cell.hours[0] <= slot_start.time()
                and slot_end.time() <= cell.hours[1]
                and not day.closed_reason
            )
            column.append(GridCell(kind="free" if inside else "closed"))
            i += 1
        for row, value in zip(rows, column, strict=True):
            row.cells.append(value)
    return rows


def _floor(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(minute=0 if moment.minute < 30 else 30, second=0, microsecond=0)


def _naive(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _naive_end(booking: RoomBooking, day: datetime.date) -> datetime.datetime:
    end = _naive(booking.end)
    return min(end, datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0)))


def _end_on(booking: RoomBooking, day: datetime.date) -> datetime.time:
    """A booking's end as a time on its day (a booking running to midnight ends at 23:59 for the grid's range)."""
    end = _naive_end(booking, day)
    return end.time() if end.date() == day else datetime.time(23, 59)
