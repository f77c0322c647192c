"""The last seat under concurrent sign-ups, on the real database: exactly one gets it, the others wait in line."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from programs.models import EventSignup
from programs.services import events as services

from .event_factories import make_event

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


def _guest(event, i):
    return lambda: services.signup_create(
        event=event, guest_name=f"同時 {i}", guest_furigana="ドウジ", guest_phone=f"042-000-{i:04d}", people=1
    )


@pytest.mark.django_db(transaction=True)
def test_many_people_at_once_for_the_last_seat_exactly_one_gets_it(base_data):
    event = make_event(capacity=3)
    for i in range(2):
        _guest(event, 100 + i)()
    done, refused, other = _together([_guest(event, i) for i in range(THREADS)])
    assert other == [] and refused == []
    statuses = sorted(s.status for s in done)
    assert statuses.count("confirmed") == 1
    assert statuses.count("waiting") == THREADS - 1
    assert services.confirmed_people(event) == 3


@pytest.mark.django_db(transaction=True)
def test_cancels_and_sign_ups_at_once_never_exceed_the_capacity(base_data):
    event = make_event(capacity=2)
    holders = [_guest(event, i)() for i in range(2)]
    waiting = [_guest(event, 10 + i)() for i in range(4)]
    assert {s.status for s in waiting} == {"waiting"}
    calls = [lambda s=s: services.signup_cancel(signup=s) for s in holders] + [
        _guest(event, 20 + i) for i in range(4)
    ]
    done, refused, other = _together(calls)
    assert other == [] and refused == []
    assert services.confirmed_people(event) == 2
    confirmed = set(EventSignup.objects.filter(event=event, status="confirmed").values_list("pk", flat=True))
    # The two who moved up are the first two on the waiting list, not a newcomer.
    assert confirmed == {waiting[0].pk, waiting[1].pk}
