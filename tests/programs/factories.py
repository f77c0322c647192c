"""Rooms, lockers and helpers to find open days, for the programs tests."""

import datetime

from django.utils import timezone

from config.core.dates import closed_days
from programs.models import BookingRules, Locker, Room, RoomHours
from programs.services.rooms import aware

T = datetime.time
NINE, NINE_PM = T(9), T(21)


def make_room(site, name="第1会議室", capacity=20, opens=NINE, closes=NINE_PM, weekdays=range(6), **kw) -> Room:
    room = Room.objects.create(site=site, name=name, capacity=capacity, **kw)
    RoomHours.objects.bulk_create(RoomHours(room=room, weekday=w, opens=opens, closes=closes) for w in weekdays)
    return room


def rules(site, **kw) -> BookingRules:
    obj, _ = BookingRules.objects.get_or_create(site=site)
    for k, v in kw.items():
        setattr(obj, k, v)
    obj.save()
    return obj


def open_days(site, start: datetime.date, n: int, weekday: int | None = None) -> list[datetime.date]:
    """The first n days from start on which the site is open (and, if given, fall on that weekday)."""
    closed = closed_days(site, start, start + datetime.timedelta(days=120))
    days, day = [], start
    while len(days) < n:
        if day not in closed and (weekday is None or day.weekday() == weekday):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def next_open_day(site, after_days: int = 3) -> datetime.date:
    return open_days(site, timezone.localdate() + datetime.timedelta(days=after_days), 1)[0]


def last_open_day(site, within_days: int) -> datetime.date:
    """The latest day no more than within_days from today on which the site is open (the new-year closure moves it back)."""
    today = timezone.localdate()
    closed = closed_days(site, today, today + datetime.timedelta(days=within_days))
    day = today + datetime.timedelta(days=within_days)
    while day in closed:
        day -= datetime.timedelta(days=1)
    return day


def span(day: datetime.date, start: T, end: T):
    return aware(day, start), aware(day, end)


def make_lockers(site, n=3, size="小"):
    return [Locker.objects.create(site=site, number=f"{i:02d}", size=size) for i in range(1, n + 1)]


def make_kind(name="車椅子", *, fee=300, extra=100, deposit=0, **kw):
    from programs.models import EquipmentKind

    return EquipmentKind.objects.create(name=name, fee_per_loan=fee, fee_per_extra_day=extra, deposit=deposit, **kw)


def make_units(kind, site, n=2, prefix="T"):
    from programs.models import EquipmentUnit

    return [EquipmentUnit.objects.create(kind=kind, site=site, code=f"{prefix}-{kind.pk}-{i}") for i in range(1, n + 1)]


def equipment_rules(site, **kw):
    from programs.models import EquipmentRules

    obj, _ = EquipmentRules.objects.get_or_create(site=site)
    for k, v in kw.items():
        setattr(obj, k, v)
    obj.save()
    return obj
