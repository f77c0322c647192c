"""Many simultaneous bookings of one slot on the real database: exactly one wins, the rest get the Japanese message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from programs.models import OVERLAP_MESSAGE, RoomBooking
from programs.services.rooms import room_booking_create
from tests.volunteers.factories import registered_group

from .factories import T, make_room, next_open_day, rules, span

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_many_simultaneous_bookings_of_a_slot_wins(base_data):
    from config.core.models import Site

    tanashi = Site.objects.get(slug="tanashi")
    rules(tanashi, max_days_ahead=365)
    room = make_room(tanashi)
    # Different groups, so the per-group lock does not serialise them: only the exclusion constraint decides.
    groups = [registered_group(name=f"同時予約の会{i}") for i in range(THREADS)]
    start, end = span(next_open_day(tanashi), T(10), T(12))
    barrier = threading.Barrier(THREADS)
    won, lost, other = [], [], []

    def attempt(group):
        try:
            barrier.wait(timeout=10)
            won.append(room_booking_create(room=room, group=group, start=start, end=end, purpose="定例会", by=None))
        except ValidationError as exc:
            lost.append(exc.messages[0])
        except Exception as exc:  # noqa: BLE001 — anything else is a failure of the test, reported below
            other.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(g,)) for g in groups]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert other == []
    assert len(won) == 1
    assert len(lost) == THREADS - 1
    assert all(message == OVERLAP_MESSAGE for message in lost)
    assert RoomBooking.objects.active().filter(room=room).count() == 1
