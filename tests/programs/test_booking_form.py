"""The booking form opened from a free time holds a booking the rules allow (start there, end at the longest allowed
length, capped by the next booking and the closing time), and its time lists offer only the room's hours that day."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import RoomBooking, RoomHours
from programs.selectors import suggested_end, week_view

from .factories import T, make_room, next_open_day, rules, span

pytestmark = pytest.mark.django_db

URL = reverse("programs:booking_new", args=["tanashi"])


@pytest.fixture
def rep(client, group_rep_user, group):
    client.force_login(group_rep_user)
    return client


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else None


def open_form(rep, room, day, start):
    return rep.get(URL, {"room": room.pk, "day": day.isoformat(), "start": start}).content.decode()


def test_a_tapped_free_afternoon_prefills_the_longest_allowed_booking(rep, tanashi, room, group):
    day = next_open_day(tanashi)
    html = open_form(rep, room, day, "12:00")  # free 12:00〜21:00, the rule allows 4 hours
    assert selected(html, "start") == "12:00" and selected(html, "end") == "16:00"
    rules(tanashi, max_hours_per_booking=3)
    assert selected(open_form(rep, room, day, "12:00"), "end") == "15:00"


def test_the_end_stops_at_the_next_booking_and_at_closing_time(rep, tanashi, room, group, other_group):
    day = next_open_day(tanashi)
    RoomBooking.objects.create(room=room, group=other_group, during=span(day, T(14), T(16)))
    assert selected(open_form(rep, room, day, "12:00"), "end") == "14:00"
    assert selected(open_form(rep, room, day, "19:00"), "end") == "21:00"
    assert suggested_end(room=room, day=day, start=T(14, 30), max_hours=4) is None  # taken


def test_submitting_the_prefilled_form_books_at_the_first_try(rep, tanashi, room, group):
    day = next_open_day(tanashi)
    html = open_form(rep, room, day, "12:00")
    response = rep.post(
        URL,
        {
            "group": group.pk,
            "room": room.pk,
            "day": day.isoformat(),
            "start": selected(html, "start"),
            "end": selected(html, "end"),
            "purpose": "定例会",
        },
    )
    assert response.status_code == 302
    booking = RoomBooking.objects.get()
    assert (booking.start.time(), booking.end.time()) == (T(12), T(16))


def test_the_time_lists_offer_only_the_rooms_hours_that_day(rep, tanashi, room, group):
    day = next_open_day(tanashi)
    html = open_form(rep, room, day, "12:00")
    starts, ends = options(html, "start"), options(html, "end")
    assert starts[0] == "09:00" and starts[-1] == "20:30" and "07:00" not in starts and "21:00" not in starts
    assert ends[0] == "09:30" and ends[-1] == "21:00" and "22:30" not in ends
    # A weekday with shorter hours offers only those.
    RoomHours.objects.filter(room=room, weekday=day.weekday()).update(opens=T(13), closes=T(17))
    html = open_form(rep, room, day, "13:00")
    assert options(html, "start") == ["13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]
    assert options(html, "end")[-1] == "17:00" and selected(html, "end") == "17:00"


def test_without_a_room_the_lists_span_the_sites_rooms(rep, tanashi, room, group):
    make_room(tanashi, name="夜の部屋", opens=T(13), closes=T(22))
    starts = options(rep.get(URL).content.decode(), "start")
    assert starts[0] == "09:00" and starts[-1] == "21:30" and "07:00" not in starts


def test_a_start_outside_the_hours_is_not_prefilled(rep, tanashi, room, group):
    day = next_open_day(tanashi)
    html = open_form(rep, room, day, "07:00")
    assert selected(html, "start") is None and selected(html, "end") is None


def test_the_week_view_links_a_free_time_that_has_begun_to_the_next_half_hour(tanashi, room):
    day = next_open_day(tanashi)
    monday = day - datetime.timedelta(days=day.weekday())
    now = timezone.make_aware(datetime.datetime.combine(day, T(13, 10)))
    week = week_view(site=tanashi, monday=monday, now=now)
    segment = next(d for d in week if d.date == day).rooms[0].segments[0]
    assert segment.start == T(9) and segment.book_start == T(13, 30) and segment.bookable
