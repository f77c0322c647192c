"""The fiscal-year turn: a booking is checked against the group's registration for the fiscal year of the booked
day, not today's, so from February a group approved for next year books April; the refusal names the year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from config.core.dates import current_fiscal_year, fiscal_year_start
from programs.models import RoomBooking
from programs.services.rooms import room_booking_create
from programs.views.access import booking_groups_for_user
from tests.volunteers.factories import registered_group

from .factories import T, make_room, open_days, rules, span

pytestmark = pytest.mark.django_db

FEBRUARY = timezone.make_aware(datetime.datetime(2027, 2, 15, 10, 0))
APRIL_10 = datetime.date(2027, 4, 10)


def book(room, group, day, now):
    start, end = span(day, T(10), T(12))
    return room_booking_create(
        room=room, group=group, start=start, end=end, purpose="定例会", by=None, now=now
    )


def test_a_group_approved_for_next_year_books_april_in_february(tanashi, group_rep_user):
    room = make_room(tanashi)
    group = registered_group(fiscal_year=2027, name="新しい会", representative=group_rep_user)
    booking = book(room, group, APRIL_10, FEBRUARY)
    assert booking.is_active and booking.start.date() == APRIL_10
    # The booking form offers that group in February although it has no registration for FY2026.
    groups = booking_groups_for_user(group_rep_user, days_ahead=60, today=FEBRUARY.date())
    assert list(groups) == [group]


def test_a_group_registered_only_for_this_year_is_told_which_registration_is_missing(tanashi):
    room = make_room(tanashi)
    group = registered_group(fiscal_year=2026, name="今年だけの会")
    with pytest.raises(ValidationError) as exc:
        book(room, group, APRIL_10, FEBRUARY)
    message = exc.value.messages[0]
    assert exc.value.error_list[0].code == "not_registered"
    assert "2027年4月10日は令和9年度（2027年度）です。" in message
    assert "令和9年度（2027年度）の団体登録が承認されていないため" in message
    assert "登録（更新）を申請し、承認されてから予約してください" in message
    # March of the same fiscal year is still fine for it.
    assert book(room, group, datetime.date(2027, 3, 10), FEBRUARY).is_active
    assert RoomBooking.objects.count() == 1


def test_the_booking_form_offers_and_books_for_next_years_registration(client, tanashi, group_rep_user):
    """Through the page, today: a group approved only for the next fiscal year books its first open day."""
    rules(tanashi, max_days_ahead=400)
    room = make_room(tanashi)
    next_year = current_fiscal_year() + 1
    group = registered_group(fiscal_year=next_year, name="来年度からの会", representative=group_rep_user)
    day = open_days(tanashi, fiscal_year_start(next_year), 1)[0]
    client.force_login(group_rep_user)
    url = reverse("programs:booking_new", args=["tanashi"])
    assert "来年度からの会" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "group": group.pk,
            "room": room.pk,
            "day": day.isoformat(),
            "start": "10:00",
            "end": "12:00",
            "purpose": "定例会",
        },
    )
    assert response.status_code == 302 and RoomBooking.objects.get().group == group
    # …but a day of this fiscal year is refused with the year it needs.
    this_year_day = open_days(tanashi, timezone.localdate() + datetime.timedelta(days=3), 1)[0]
    if this_year_day < fiscal_year_start(next_year):
        refused = client.post(
            url,
            {
                "group": group.pk,
                "room": room.pk,
                "day": this_year_day.isoformat(),
                "start": "10:00",
                "end": "12:00",
                "purpose": "定例会",
            },
        ).content.decode()
        assert f"（{current_fiscal_year()}年度）の団体登録が承認されていないため" in refused
