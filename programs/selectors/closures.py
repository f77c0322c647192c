"""What a one-off closure (臨時休所) touches: the bookings staff must phone about."""

import datetime

from django.utils import timezone

from config.core.models import Closure

from ..models import RoomBooking


def closure_bookings(closure: Closure):
    """The active group bookings on the days a closure covers, with what staff need to phone each group."""
    begin = timezone.make_aware(datetime.datetime.combine(closure.start_date, datetime.time(0)))
    end = timezone.make_aware(
        datetime.datetime.combine(closure.end_date + datetime.timedelta(days=1), datetime.time(0))
    )
    bookings = RoomBooking.objects.active().group_uses().filter(during__overlap=(begin, end))
    if closure.site_id is not None:
        bookings = bookings.filter(room__site_id=closure.site_id)
    return bookings.select_related("room__site", "group").order_by("during", "room__sort_order", "pk")


def closures_upcoming(*, today: datetime.date | None = None):
    """One-off closures that end today or later, soonest first, with their sites."""
    today = today or timezone.localdate()
    return Closure.objects.filter(end_date__gte=today).select_related("site").order_by("start_date", "pk")
