"""Observer seats under concurrent applications on the real database: the meeting row is locked, so never over."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from committees import services
from committees.models import Observation

from .factories import make_meeting

THREADS = 8


def _together(calls):
    barrier = threading.Barrier(len(calls))
    done, refused, other = [], [], []

    def attempt(call):
        try:
            barrier.wait(timeout=10)
            done.append(call())
        except ValidationError as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001 — reported below as a failure
            other.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return done, refused, other


def _resident(meeting, i, people=1):
    return lambda: services.observation_apply(
        meeting=meeting,
        name=f"同時 {i}",
        furigana="ドウジ",
        email="",
        phone=f"042-000-{i:04d}",
        people=people,
    )


@pytest.mark.django_db(transaction=True)
def test_many_residents_at_once_never_take_more_seats_than_the_limit(base_data):
    meeting = make_meeting(seat_limit=5)
    _resident(meeting, 100, people=2)()
    done, refused, other = _together([_resident(meeting, i) for i in range(THREADS)])
    assert other == []
    assert len(done) == 3 and len(refused) == THREADS - 3
    assert services.seats_taken(meeting) == 5
    numbers = sorted(Observation.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]  # each applicant got their own number for the door


@pytest.mark.django_db(transaction=True)
def test_groups_applying_at_once_for_the_last_seats_fill_them_exactly(base_data):
    meeting = make_meeting(seat_limit=4)
    done, refused, other = _together([_resident(meeting, i, people=3) for i in range(4)])
    assert other == []
    assert len(done) == 1 and services.seats_taken(meeting) == 3
