"""The yearly numbers the plans read: one aggregate query each; `site_month_numbers` spreads them over the months."""

import datetime

from django.db.models import Count, F, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone

from config.core.dates import fiscal_year_end, fiscal_year_start, per_fiscal_month
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


def site_month_numbers(fy: int) -> dict[str, dict[str, list[int]]]:
    """{site slug: {"room_uses", "room_groups", "lockers_held"}} as twelve numbers each, April first, in three
    grouped queries. Room uses by the month (Asia/Tokyo) the booking starts; a group counts in the month of its
    first use at the site, and a locker holder in the month of its first assignment (before April: April), so
    each list sums to the yearly number of `site_year_numbers`."""
    uses = (
        _uses(fy)
        .annotate(month=TruncMonth(F("during__startswith")))
        .values("room__site__slug", "month")
        .annotate(n=Count("pk"))
    )
    first_uses = _uses(fy).values("room__site__slug", "group").annotate(first=Min(F("during__startswith")))
    lockers = (
        LockerAssignment.objects.filter(fiscal_year=fy)
        .values("locker__site__slug", "group")
        .annotate(first=Min("assigned_at"))
    )
    pairs: dict[str, dict[str, list]] = {
        slug: {"room_uses": [], "room_groups": [], "lockers_held": []}
        for slug in Site.objects.values_list("slug", flat=True)
    }
    for row in uses:
        pairs[row["room__site__slug"]]["room_uses"].append((row["month"], row["n"]))
    for row in first_uses:
        pairs[row["room__site__slug"]]["room_groups"].append((row["first"], 1))
    for row in lockers:
        pairs[row["locker__site__slug"]]["lockers_held"].append((row["first"], 1))
    return {
        slug: {name: per_fiscal_month(values, fy) for name, values in fields.items()}
        for slug, fields in pairs.items()
    }
