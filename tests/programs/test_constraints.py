"""Each database rule twice: full_clean() gives the Japanese message, objects.create() hits the constraint."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from config.core.dates import current_fiscal_year
from programs.models import (
    OVERLAP_MESSAGE,
    ApplicationWindow,
    LockerAssignment,
    LockerWaitlistEntry,
    RecurringRequest,
    RoomBooking,
    RoomHours,
)

from .factories import T, make_lockers, next_open_day, span

pytestmark = pytest.mark.django_db


def booking(room, group, day, start, end, **kw):
    return RoomBooking(room=room, group=group, during=DateTimeTZRange(*span(day, start, end)), **kw)


def test_an_overlapping_booking_fails_full_clean_with_the_japanese_message(room, group, tanashi):
    day = next_open_day(tanashi)
    booking(room, group, day, T(10), T(12)).save()
    with pytest.raises(ValidationError) as exc:
        booking(room, group, day, T(11), T(13)).full_clean()
    assert OVERLAP_MESSAGE in exc.value.messages


def test_an_overlapping_booking_is_refused_by_the_database(room, group, tanashi):
    day = next_open_day(tanashi)
    RoomBooking.objects.create(room=room, group=group, during=DateTimeTZRange(*span(day, T(10), T(12))))
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomBooking.objects.create(room=room, group=group, during=DateTimeTZRange(*span(day, T(9), T(10, 30))))
    assert RoomBooking.objects.count() == 1


def test_back_to_back_bookings_and_other_rooms_are_allowed(room, group, tanashi):
    from .factories import make_room

    day = next_open_day(tanashi)
    other = make_room(tanashi, name="和室")
    RoomBooking.objects.create(room=room, group=group, during=DateTimeTZRange(*span(day, T(9), T(12))))
    RoomBooking.objects.create(room=room, group=group, during=DateTimeTZRange(*span(day, T(12), T(15))))
    RoomBooking.objects.create(room=other, group=group, during=DateTimeTZRange(*span(day, T(9), T(12))))
    assert RoomBooking.objects.count() == 3


def test_a_cancelled_booking_frees_the_slot_and_stays_in_history(room, group, tanashi):
    day = next_open_day(tanashi)
    old = RoomBooking.objects.create(room=room, group=group, during=DateTimeTZRange(*span(day, T(10), T(12))),
                                     cancelled_at=timezone.now(), cancel_reason="中止")
    RoomBooking.objects.create(room=room, group=group, during=DateTimeTZRange(*span(day, T(10), T(12))))
    assert RoomBooking.objects.active().count() == 1
    assert RoomBooking.objects.filter(pk=old.pk).exists()


def test_a_group_booking_needs_a_group_and_a_block_has_none(room, group, tanashi):
    day = next_open_day(tanashi)
    with pytest.raises(ValidationError):
        booking(room, None, day, T(10), T(12)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomBooking.objects.create(room=room, kind="block", group=group, during=DateTimeTZRange(*span(day, T(10), T(12))))


def test_a_cancellation_needs_a_reason(room, group, tanashi):
    day = next_open_day(tanashi)
    b = booking(room, group, day, T(10), T(12), cancelled_at=timezone.now())
    with pytest.raises(ValidationError) as exc:
        b.full_clean()
    assert "取り消しの理由を入力してください。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        b.save()


def test_room_hours_must_open_before_they_close(room):
    hours = RoomHours(room=room, weekday=6, opens=T(18), closes=T(9))
    with pytest.raises(ValidationError) as exc:
        hours.full_clean()
    assert "利用開始は利用終了より前にしてください。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        hours.save()


def test_a_locker_has_one_holder_per_fiscal_year(tanashi, group, other_group):
    locker = make_lockers(tanashi, 1)[0]
    fy = current_fiscal_year()
    LockerAssignment.objects.create(locker=locker, site=tanashi, group=group, fiscal_year=fy)
    second = LockerAssignment(locker=locker, site=tanashi, group=other_group, fiscal_year=fy)
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert "このロッカーはこの年度すでに貸し出されています。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    # Next year, or after the first holder released it, another group may hold it.
    LockerAssignment.objects.create(locker=locker, site=tanashi, group=other_group, fiscal_year=fy + 1)
    LockerAssignment.objects.filter(group=group).update(released_at=timezone.now())
    LockerAssignment.objects.create(locker=locker, site=tanashi, group=other_group, fiscal_year=fy)


def test_a_group_waits_once_per_site_and_year(tanashi, group):
    fy = current_fiscal_year()
    LockerWaitlistEntry.objects.create(site=tanashi, fiscal_year=fy, group=group, position=1)
    again = LockerWaitlistEntry(site=tanashi, fiscal_year=fy, group=group, position=2)
    with pytest.raises(ValidationError):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()


def test_one_window_per_site_and_year_with_dates_in_order(tanashi):
    today = datetime.date.today()
    ApplicationWindow.objects.create(site=tanashi, fiscal_year=2030, opens_on=today, closes_on=today)
    dup = ApplicationWindow(site=tanashi, fiscal_year=2030, opens_on=today, closes_on=today)
    with pytest.raises(ValidationError):
        dup.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        dup.save()
    backwards = ApplicationWindow(site=tanashi, fiscal_year=2031, opens_on=today, closes_on=today - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        backwards.full_clean()
    assert "受付終了日は受付開始日以降にしてください。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        backwards.save()


def test_a_recurring_request_on_the_nth_weeks_must_name_them(tanashi, room, group):
    window = ApplicationWindow.objects.create(site=tanashi, fiscal_year=2030, opens_on=datetime.date.today(),
                                              closes_on=datetime.date.today())
    req = RecurringRequest(window=window, group=group, room=room, weekday=1, start_time=T(10), end_time=T(12),
                           pattern="nth", weeks=[], purpose="定例会")
    with pytest.raises(ValidationError) as exc:
        req.full_clean()
    assert "「第n週」を選んだときは第何週かを選んでください。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        req.save()
