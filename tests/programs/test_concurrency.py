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
            won.append(
                room_booking_create(room=room, group=group, start=start, end=end, purpose="定例会", by=None)
            )
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


def _run_together(*calls):
    """Start every call at the same moment on its own connection; (results, ValidationErrors, other errors)."""
    barrier = threading.Barrier(len(calls))
    done, refused, other = [], [], []

    def attempt(call):
        try:
            barrier.wait(timeout=10)
            done.append(call())
        except ValidationError as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001 — anything else is a failure of the test, reported below
            other.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return done, refused, other


@pytest.mark.django_db(transaction=True)
def test_two_lockers_offered_to_one_group_at_once_only_one_is_lent(base_data):
    from config.core.dates import current_fiscal_year
    from config.core.models import Site
    from programs.models import LockerAssignment
    from programs.services.lockers import locker_assign

    from .factories import make_lockers

    tanashi = Site.objects.get(slug="tanashi")
    fy = current_fiscal_year()
    first, second = make_lockers(tanashi, 2)
    group = registered_group(name="同時に借りる会")
    for _round in range(3):  # a few rounds, so a lucky ordering does not hide a race
        LockerAssignment.objects.all().delete()
        done, refused, other = _run_together(
            lambda: locker_assign(locker=first, group=group, fiscal_year=fy, by=None),
            lambda: locker_assign(locker=second, group=group, fiscal_year=fy, by=None),
        )
        assert other == []
        assert len(done) == 1 and len(refused) == 1
        assert refused[0].error_list[0].code == "cap" and "1団体1個まで" in refused[0].messages[0]
        assert LockerAssignment.objects.held().filter(group=group).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_release_and_a_hand_assignment_to_the_first_waiting_group_never_give_it_two(base_data):
    from config.core.dates import current_fiscal_year
    from config.core.models import Site
    from programs.models import LockerAssignment, LockerWaitlistEntry
    from programs.services import lockers as svc

    from .factories import make_lockers

    tanashi = Site.objects.get(slug="tanashi")
    fy = current_fiscal_year()
    released_locker, other_locker = make_lockers(tanashi, 2)
    holder, first, second = (registered_group(name=n) for n in ("返す会", "先頭の会", "二番目の会"))
    for _round in range(3):
        LockerAssignment.objects.all().delete()
        LockerWaitlistEntry.objects.all().delete()
        assignment = svc.locker_assign(locker=released_locker, group=holder, fiscal_year=fy, by=None)
        svc.waitlist_add(site=tanashi, fiscal_year=fy, group=first, by=None)
        svc.waitlist_add(site=tanashi, fiscal_year=fy, group=second, by=None)
        done, refused, other = _run_together(
            lambda a=assignment: svc.locker_release(assignment=a, by=None),
            lambda: svc.locker_assign(locker=other_locker, group=first, fiscal_year=fy, by=None),
        )
        assert other == []
        release = next(d for d in done if isinstance(d, svc.Release))  # releasing always succeeds
        held = LockerAssignment.objects.held()
        assert held.filter(group=first).count() == 1
        assert not held.filter(group=holder).exists()
        if refused:  # the release came first: the first waiting group took the released locker
            assert release.passed_to.group == first and refused[0].error_list[0].code == "cap"
        else:  # the hand assignment came first: the release passed over the first group to the second
            assert release.passed_to.group == second
            assert [s.entry.group for s in release.skipped] == [first]
