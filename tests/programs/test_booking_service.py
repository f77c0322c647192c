"""Ad-hoc booking by a group: every rule of the site, closed days, cancellation, staff use, email."""

import datetime

import jpholiday
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.core.dates import current_fiscal_year
from config.core.models import AuditEntry, Closure
from programs.models import RoomBooking
from programs.services.rooms import room_booking_cancel, room_booking_create, room_booking_create_for_center
from tests.volunteers.factories import VolunteerGroupFactory

from .factories import T, last_open_day, make_room, next_open_day, open_days, rules, span

pytestmark = pytest.mark.django_db


TEN, NOON = T(10), T(12)


def book(room, group, day, start=TEN, end=NOON, by=None):
    start, end = span(day, start, end)
    return room_booking_create(room=room, group=group, start=start, end=end, purpose="定例会", by=by)


def codes(exc):
    return [e.code for e in exc.value.error_list]


def test_a_registered_group_books_a_free_room_and_is_emailed(room, group, tanashi, group_rep_user,
                                                            django_capture_on_commit_callbacks):
    day = next_open_day(tanashi)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(room, group, day, by=group_rep_user)
    assert booking.is_active and booking.group == group and booking.kind == "group"
    assert len(mail.outbox) == 1
    assert "部屋の予約を受け付けました" in mail.outbox[0].subject
    assert "第1会議室" in mail.outbox[0].body and group.contact_email in mail.outbox[0].to
    assert AuditEntry.objects.filter(action="room_booking_create", target_id=booking.pk).exists()


def test_it_rejects_an_overlapping_booking_with_a_clear_message(room, group, other_group, tanashi):
    day = next_open_day(tanashi)
    book(room, group, day)
    with pytest.raises(ValidationError) as exc:
        book(room, other_group, day, T(11), T(13))
    assert "その時間帯はすでに予約されています" in exc.value.messages[0]
    assert RoomBooking.objects.count() == 1


def test_it_refuses_the_new_year_closure(room, group, tanashi):
    fy = current_fiscal_year()
    for day in (datetime.date(fy, 12, 29), datetime.date(fy, 12, 31), datetime.date(fy + 1, 1, 3)):
        with pytest.raises(ValidationError) as exc:
            book(room, group, day)
        assert codes(exc) == ["closed"]
        assert "年末年始" in exc.value.messages[0]
    assert RoomBooking.objects.count() == 0


def test_it_refuses_a_national_holiday_and_a_sunday(room, group, tanashi):
    today = timezone.localdate()
    holiday = next(d for d, _name in jpholiday.between(today + datetime.timedelta(days=2), today + datetime.timedelta(days=400))
                   if d.weekday() < 6 and not (d.month == 1 and d.day <= 3))
    with pytest.raises(ValidationError) as exc:
        book(room, group, holiday)
    assert codes(exc) == ["closed"] and jpholiday.is_holiday_name(holiday) in exc.value.messages[0]
    sunday = today + datetime.timedelta(days=(6 - today.weekday()) % 7 + 7)
    with pytest.raises(ValidationError) as exc:
        book(room, group, sunday)
    assert codes(exc) == ["closed"]


def test_it_refuses_a_day_staff_closed(room, group, tanashi):
    day = next_open_day(tanashi, 10)
    Closure.objects.create(site=tanashi, start_date=day, end_date=day, reason="設備点検")
    with pytest.raises(ValidationError) as exc:
        book(room, group, day)
    assert "設備点検" in exc.value.messages[0]


def test_evening_use_is_allowed_within_the_room_hours_only(room, group, tanashi):
    day = next_open_day(tanashi)
    assert book(room, group, day, T(18), T(21))
    with pytest.raises(ValidationError) as exc:
        book(room, group, day, T(8), T(10))
    assert codes(exc) == ["outside_hours"] and "9:00〜21:00" in exc.value.messages[0]


def test_a_weekday_without_room_hours_cannot_be_booked(tanashi, group):
    rules(tanashi, max_days_ahead=365)
    weekday_room = make_room(tanashi, name="和室", weekdays=range(5))
    saturday = open_days(tanashi, timezone.localdate() + datetime.timedelta(days=3), 1, weekday=5)[0]
    with pytest.raises(ValidationError) as exc:
        book(weekday_room, group, saturday)
    assert codes(exc) == ["no_hours"]


def test_it_refuses_the_past_and_too_far_ahead(room, group, tanashi):
    rules(tanashi, max_days_ahead=30)
    past = open_days(tanashi, timezone.localdate() - datetime.timedelta(days=20), 1)[0]
    with pytest.raises(ValidationError) as exc:
        book(room, group, past)
    assert codes(exc) == ["past"]
    far = next_open_day(tanashi, 31)
    with pytest.raises(ValidationError) as exc:
        book(room, group, far)
    assert codes(exc) == ["too_far"] and "30日先まで" in exc.value.messages[0]
    assert book(room, group, last_open_day(tanashi, 30))


def test_it_refuses_a_booking_longer_than_the_rule(room, group, tanashi):
    rules(tanashi, max_hours_per_booking=3, max_days_ahead=365)
    day = next_open_day(tanashi)
    with pytest.raises(ValidationError) as exc:
        book(room, group, day, T(9), T(12, 30))
    assert codes(exc) == ["too_long"]
    assert book(room, group, day, T(9), T(12))


def _month_days(site, n):
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=1)
    days = open_days(site, first, n)
    assert all(d.month == first.month for d in days)
    return days


def test_the_monthly_number_of_bookings_per_group_holds(room, group, other_group, tanashi):
    rules(tanashi, max_bookings_per_month=2, max_days_ahead=365)
    d1, d2, d3 = _month_days(tanashi, 3)
    book(room, group, d1)
    book(room, group, d2)
    with pytest.raises(ValidationError) as exc:
        book(room, group, d3)
    assert codes(exc) == ["monthly_count"] and "2件まで" in exc.value.messages[0]
    assert book(room, other_group, d3)  # the cap is per group


def test_the_monthly_hours_per_group_hold_and_cancelled_bookings_do_not_count(room, group, tanashi):
    rules(tanashi, max_hours_per_month=5, max_days_ahead=365)
    d1, d2 = _month_days(tanashi, 2)
    first = book(room, group, d1, T(9), T(12))
    with pytest.raises(ValidationError) as exc:
        book(room, group, d2, T(9), T(12))
    assert codes(exc) == ["monthly_hours"]
    room_booking_cancel(booking=first, by=None, reason="都合により")
    assert book(room, group, d2, T(9), T(12))


def test_an_unregistered_group_cannot_book(room, tanashi):
    stranger = VolunteerGroupFactory()
    with pytest.raises(ValidationError) as exc:
        book(room, stranger, next_open_day(tanashi))
    assert codes(exc) == ["not_registered"]


def test_a_group_cancels_before_the_deadline_but_not_after(room, group, tanashi, group_rep_user):
    rules(tanashi, cancel_deadline_hours=48, max_days_ahead=365)
    day = next_open_day(tanashi, 5)
    booking = book(room, group, day)
    cancelled = room_booking_cancel(booking=booking, by=group_rep_user, reason="都合により")
    assert cancelled.cancelled_at and cancelled.cancel_reason == "都合により"
    # A booking starting within 48 hours is past its deadline for the group.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    start, end = span(tomorrow, T(10), T(12))
    late = RoomBooking.objects.create(room=room, group=group, during=(start, end))
    with pytest.raises(ValidationError) as exc:
        room_booking_cancel(booking=late, by=group_rep_user, reason="都合により")
    assert codes(exc) == ["deadline"]
    assert RoomBooking.objects.get(pk=late.pk).is_active


def test_staff_cancel_any_time_with_a_reason_and_the_group_is_told(room, group, staff, django_capture_on_commit_callbacks):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    late = RoomBooking.objects.create(room=room, group=group, during=span(tomorrow, T(10), T(12)))
    with pytest.raises(ValidationError):
        room_booking_cancel(booking=late, by=staff, reason="  ", as_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        room_booking_cancel(booking=late, by=staff, reason="設備故障のため", as_staff=True)
    late.refresh_from_db()
    assert late.cancelled_by == staff and not late.is_active
    assert "設備故障のため" in mail.outbox[-1].body
    with pytest.raises(ValidationError) as exc:
        room_booking_cancel(booking=late, by=staff, reason="二度目", as_staff=True)
    assert codes(exc) == ["already"]


def test_staff_take_a_room_for_the_center_or_block_it_and_groups_cannot_overlap(room, group, staff, tanashi):
    day = next_open_day(tanashi)
    start, end = span(day, T(9), T(17))
    block = room_booking_create_for_center(room=room, kind="block", start=start, end=end, purpose="空調工事", by=staff)
    assert block.group is None and block.kind == "block"
    with pytest.raises(ValidationError):
        book(room, group, day, T(13), T(15))
    with pytest.raises(ValidationError) as exc:
        room_booking_create_for_center(room=room, kind="group", start=start, end=end, purpose="x", by=staff)
    assert codes(exc) == ["kind"]
