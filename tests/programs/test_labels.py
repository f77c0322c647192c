"""Wording the review found unclear: 「定員1人以上の部屋」 and 「休所日（休所日）」."""

import datetime

import jpholiday
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.models import Pattern, RecurringRequest
from programs.services.rooms import check_room_open

pytestmark = pytest.mark.django_db


def _request(**kw) -> RecurringRequest:
    base = {
        "pattern": Pattern.WEEKLY,
        "weeks": [],
        "weekday": 1,
        "start_time": datetime.time(10),
        "end_time": datetime.time(12),
        "min_capacity": 1,
        "room": None,
    }
    return RecurringRequest(**(base | kw))


def test_a_request_for_any_room_says_so_plainly():
    assert _request().describe(1) == "毎週 火曜 10:00〜12:00 部屋の指定なし"
    assert _request(min_capacity=10).describe(1).endswith("定員10人以上の部屋")


def test_a_closed_weekday_is_not_named_twice(room):
    # A Sunday (the site's weekday hours are Mon–Sat) that is no holiday and not in 年末年始.
    sunday = timezone.localdate() + datetime.timedelta(days=(6 - timezone.localdate().weekday()) % 7 + 7)
    while jpholiday.is_holiday(sunday) or sunday.month in (12, 1):
        sunday += datetime.timedelta(days=7)
    start = timezone.make_aware(datetime.datetime.combine(sunday, datetime.time(10)))
    with pytest.raises(ValidationError) as exc:
        check_room_open(room=room, start=start, end=start + datetime.timedelta(hours=2))
    assert exc.value.messages == [f"{sunday.month}月{sunday.day}日は休所日のため予約できません。"]
