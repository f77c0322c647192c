"""The yearly numbers the plans read: uses, distinct groups, lockers held — per site and fiscal year."""

import datetime

import pytest
from django.utils import timezone

from config.core.dates import fiscal_year_start
from programs import selectors
from programs.models import LockerAssignment, RoomBooking

from .factories import T, make_lockers, make_room, span

pytestmark = pytest.mark.django_db


def test_numbers_per_site_and_fiscal_year(tanashi, hoya, group, other_group, django_assert_max_num_queries):
    room, hoya_room = make_room(tanashi), make_room(hoya, name="活動室A")
    fy = 2020
    day = fiscal_year_start(fy) + datetime.timedelta(days=10)
    RoomBooking.objects.create(room=room, group=group, during=span(day, T(9), T(10)))
    RoomBooking.objects.create(room=room, group=group, during=span(day, T(10), T(11)))
    RoomBooking.objects.create(room=room, group=other_group, during=span(day, T(11), T(12)))
    RoomBooking.objects.create(room=room, group=other_group, during=span(day, T(12), T(13)),
                               cancelled_at=timezone.now(), cancel_reason="中止")  # not a use
    RoomBooking.objects.create(room=room, kind="block", during=span(day, T(13), T(14)))  # not a group's use
    RoomBooking.objects.create(room=room, group=group, during=span(day - datetime.timedelta(days=20), T(9), T(10)))  # FY2019
    RoomBooking.objects.create(room=hoya_room, group=group, during=span(day, T(9), T(10)))
    lockers = make_lockers(tanashi, 2)
    LockerAssignment.objects.create(locker=lockers[0], site=tanashi, group=group, fiscal_year=fy)
    LockerAssignment.objects.create(locker=lockers[1], site=tanashi, group=other_group, fiscal_year=fy)

    assert selectors.room_uses(fy, tanashi) == 3
    assert selectors.room_groups(fy, tanashi) == 2
    assert selectors.lockers_held(fy, tanashi) == 2
    assert selectors.room_uses(fy, hoya) == 1 and selectors.lockers_held(fy, hoya) == 0
    with django_assert_max_num_queries(3):
        numbers = selectors.site_year_numbers(fy)
    assert numbers["tanashi"] == {"room_uses": 3, "room_groups": 2, "lockers_held": 2}
    assert numbers["hoya"] == {"room_uses": 1, "room_groups": 1, "lockers_held": 0}
