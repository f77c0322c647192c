"""Object-level permission in one place: each object type has one function that fetches it for a user or 404s."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.core.dates import current_fiscal_year, fiscal_year
from config.core.roles import can
from volunteers.models import GroupRegistration, VolunteerGroup

from ..models import EquipmentLoan, RecurringRequest, RoomBooking


def groups_for_user(user, fiscal_year: int | None = None):
    """The groups a representative acts for (registered for the fiscal year when one is given)."""
    groups = VolunteerGroup.objects.represented_by(user)
    if fiscal_year is not None:
        groups = groups.filter(pk__in=VolunteerGroup.objects.registered_for(fiscal_year).values("pk"))
    return groups.order_by("name_kana_key", "pk")


def registered_groups_for_user(user):
    return groups_for_user(user, current_fiscal_year())


def booking_groups_for_user(user, *, days_ahead: int, today: datetime.date | None = None):
    """The groups a representative may book for: approved for this fiscal year or for one that a bookable day falls
    in (from February on, a group approved only for next year books April). The service checks the exact year."""
    today = today or timezone.localdate()
    years = range(fiscal_year(today), fiscal_year(today + datetime.timedelta(days=days_ahead)) + 1)
    approved = GroupRegistration.objects.filter(fiscal_year__in=years, status=GroupRegistration.Status.APPROVED)
    return groups_for_user(user).filter(pk__in=approved.values("group_id"))


def get_booking_for_user(user, pk: int) -> RoomBooking:
    booking = get_object_or_404(RoomBooking.objects.select_related("room__site", "group", "cancelled_by"), pk=pk)
    if can(user, "staff_pages"):
        return booking
    if booking.group_id and booking.group.representative_id == user.pk:
        return booking
    raise Http404


def get_request_for_user(user, pk: int) -> RecurringRequest:
    request = get_object_or_404(RecurringRequest.objects.select_related("window", "group"), pk=pk)
    if request.group.representative_id != user.pk:
        raise Http404
    return request


def get_loan_for_user(user, pk: int) -> EquipmentLoan:
    """An equipment loan for staff, or for the representative of the group that holds it."""
    loan = get_object_or_404(
        EquipmentLoan.objects.select_related("unit__kind", "unit__site", "group", "cancelled_by"), pk=pk
    )
    if can(user, "staff_pages") or loan.group.representative_id == user.pk:
        return loan
    raise Http404
