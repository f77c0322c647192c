"""The yearly numbers the plans read: one aggregate query each."""

import datetime

from django.db.models import Count
from django.utils import timezone

from config.core.dates import fiscal_year_end, fiscal_year_start
from config.core.models import Site

from ..models import LockerAssignment, RoomBooking


def _fy_range(fy: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(fiscal_year_start(fy), datetime.time(0)))
    end = timezone.make_aware(
        datetime.datetime.combine(fiscal_year_end(fy) + datetime.timedelta(days=1), datetime.time(0))
    )
    return start, end


def _uses(fy: int):
    """Active group bookings that start in the fiscal year (a 'use' is one booking held)."""
    start, end = _fy_range(fy)
    return (
        RoomBooking.objects.active()
        .group_uses()
        .filter(during__startswith__gte=start, during__startswith__lt=end)
    )


def room_uses(fy: int, site: Site) -> int:
    """Room uses (bookings held by groups) at a site in a fiscal year."""
    return _uses(fy).filter(room__site=site).count()


def room_groups(fy: int, site: Site) -> int:
    """Distinct groups that used a room at a site in a fiscal year."""
    return _uses(fy).filter(room__site=site).aggregate(n=Count("group", distinct=True))["n"]


def lockers_held(fy: int, site: Site) -> int:
    """Groups holding a locker at a site in the fiscal year (a locker passed on mid-year counts both groups)."""
    return LockerAssignment.objects.filter(fiscal_year=fy, locker__site=site).aggregate(
        n=Count("group", distinct=True)
    )["n"]


def site_year_numbers(fy: int) -> dict[str, dict[str, int]]:
    """{site slug: {"room_uses", "room_groups", "lockers_held"}} for every site, in two queries."""
    rows = (
        _uses(fy).values("room__site__slug").annotate(uses=Count("pk"), groups=Count("group", distinct=True))
    )
    lockers = (
        LockerAssignment.objects.filter(fiscal_year=fy)
        .values("locker__site__slug")
        .annotate(n=Count("group", distinct=True))
    )
    numbers = {
        slug: {"room_uses": 0, "room_groups": 0, "lockers_held": 0}
        for slug in Site.objects.values_list("slug", flat=True)
    }
    for row in rows:
        numbers[row["room__site__slug"]].update(room_uses=row["uses"], room_groups=row["groups"])
    for row in lockers:
        numbers[row["locker__site__slug"]]["lockers_held"] = row["n"]
    return numbers
