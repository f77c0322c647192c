"""A group's own reads: its bookings, its rooms page, its private calendar feed."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from config.core.dates import current_fiscal_year

from ..models import (
    AllocationResult,
    ApplicationWindow,
    GroupCalendar,
    LockerAssignment,
    RoomBooking,
    calendar_token_digest,
)


def group_bookings(groups, *, upcoming: bool = True):
    """Active bookings of the given groups, from now on (or the past ones), with rooms and sites."""
    now = timezone.now()
    qs = RoomBooking.objects.filter(group__in=groups).select_related("room__site", "group")
    if upcoming:
        return qs.active().filter(during__endswith__gt=now).order_by("during")
    return qs.filter(Q(during__endswith__lte=now) | Q(cancelled_at__isnull=False)).order_by("-during")


def group_feed(token: str) -> tuple[GroupCalendar | None, list[RoomBooking]]:
    """The calendar a feed URL's token opens (by its digest), and the group's bookings from a year ago on."""
    calendar = (
        GroupCalendar.objects.select_related("group")
        .filter(token_digest=calendar_token_digest(token))
        .first()
    )
    if calendar is None:
        return None, []
    bookings = list(
        RoomBooking.objects.active()
        .filter(group=calendar.group, during__endswith__gte=timezone.now() - datetime.timedelta(days=365))
        .select_related("room__site")
    )
    return calendar, bookings


@dataclass
class GroupRoomsPage:
    upcoming: list[RoomBooking]
    later: int
    history: list[RoomBooking]
    windows: list[ApplicationWindow]
    results: list[AllocationResult]
    lockers: list[LockerAssignment]
    calendars: dict[int, GroupCalendar]


def group_rooms_page(groups, *, upcoming_days: int, today: datetime.date | None = None) -> GroupRoomsPage:
    """Everything a representative's rooms page shows for their groups, in a fixed number of queries."""
    now = timezone.now()
    today = today or timezone.localdate()
    horizon = now + datetime.timedelta(days=upcoming_days)
    upcoming = group_bookings(groups)
    return GroupRoomsPage(
        upcoming=list(upcoming.filter(during__startswith__lt=horizon)[:60]),
        later=upcoming.filter(during__startswith__gte=horizon).count(),
        history=list(group_bookings(groups, upcoming=False)[:20]),
        windows=list(
            ApplicationWindow.objects.accepting(today).select_related("site")
        ),
        results=list(
            # This year's and the coming year's lotteries (earlier years would grow the page every year).
            AllocationResult.objects.filter(
                request__group__in=groups,
                run__published_at__isnull=False,
                run__window__fiscal_year__gte=current_fiscal_year(),
            )
            .select_related("request__group", "request__room", "request__second_room", "room", "run__window__site")
            .order_by("-run__window__fiscal_year", "pk")
        ),
        lockers=list(
            LockerAssignment.objects.held()
            .filter(group__in=groups, fiscal_year__gte=current_fiscal_year())
            .select_related("locker__site", "group")
        ),
        calendars={c.group_id: c for c in GroupCalendar.objects.filter(group__in=groups)},
    )
