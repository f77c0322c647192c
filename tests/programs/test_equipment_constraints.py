"""The database holds the equipment rules: one unit is never in two overlapping active loans, even past the services,
and many simultaneous requests for the last free unit give it to exactly one."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from config.core.dates import fiscal_year
from programs.models import UNIT_TAKEN_MESSAGE, EquipmentLoan
from programs.services.equipment import loan_reserve
from tests.volunteers.factories import registered_group

from .factories import equipment_rules, make_kind, make_units, open_days

D = datetime.date


def loan(unit, group, pickup, back, status="reserved"):
    return EquipmentLoan(unit=unit, group=group, pickup_on=pickup, return_on=back, fee=300, status=status)


@pytest.fixture
def unit(tanashi):
    return make_units(make_kind(), tanashi, 1)[0]


@pytest.fixture
def group(db):
    return registered_group(name="西東京ひばりの会")


def test_an_overlapping_loan_of_one_unit_is_refused_by_full_clean_and_by_the_database(unit, group):
    loan(unit, group, D(2027, 2, 1), D(2027, 2, 3)).save()
    clash = loan(unit, group, D(2027, 2, 3), D(2027, 2, 5))
    with pytest.raises(ValidationError) as exc:
        clash.full_clean()
    assert UNIT_TAKEN_MESSAGE in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_the_day_after_the_return_day_and_cancelled_or_returned_loans_do_not_clash(unit, group):
    loan(unit, group, D(2027, 2, 1), D(2027, 2, 3)).save()
    loan(unit, group, D(2027, 2, 4), D(2027, 2, 5)).save()
    EquipmentLoan.objects.create(
        unit=unit,
        group=group,
        pickup_on=D(2027, 2, 1),
        return_on=D(2027, 2, 5),
        fee=0,
        status="cancelled",
        cancelled_at="2027-01-30T10:00+09:00",
        cancel_reason="中止",
    )
    assert EquipmentLoan.objects.active().count() == 2


def test_return_before_pick_up_and_a_cancellation_without_reason_are_refused(unit, group):
    with pytest.raises(IntegrityError), transaction.atomic():
        loan(unit, group, D(2027, 2, 3), D(2027, 2, 1)).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        loan(unit, group, D(2027, 2, 3), D(2027, 2, 4), status="cancelled").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        loan(unit, group, D(2027, 2, 3), D(2027, 2, 4), status="lent").save()


THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_many_simultaneous_requests_for_the_last_free_unit_wins(base_data):
    from config.core.models import Site

    tanashi = Site.objects.get(slug="tanashi")
    equipment_rules(tanashi, max_days_ahead=365)
    kind = make_kind()
    first, last = make_units(kind, tanashi, 2)
    pickup, back = open_days(tanashi, datetime.date.today() + datetime.timedelta(days=5), 2)
    groups = [
        registered_group(name=f"同時に借りる会{i}", fiscal_year=fiscal_year(pickup))
        for i in range(THREADS + 1)
    ]
    held = loan_reserve(kind=kind, site=tanashi, group=groups[0], pickup_on=pickup, return_on=back, by=None)
    assert held.unit == first
    barrier = threading.Barrier(THREADS)
    won, lost, other = [], [], []

    def attempt(group):
        try:
            barrier.wait(timeout=10)
            won.append(
                loan_reserve(kind=kind, site=tanashi, group=group, pickup_on=pickup, return_on=back, by=None)
            )
        except ValidationError as exc:
            lost.append(exc.messages[0])
        except Exception as exc:  # noqa: BLE001 — anything else fails the test, below
            other.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(g,)) for g in groups[1:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert other == []
    assert len(won) == 1 and won[0].unit == last
    assert len(lost) == THREADS - 1
    assert all("その期間に貸し出せる車椅子がありません" in m for m in lost)
    assert EquipmentLoan.objects.active().filter(unit__kind=kind).count() == 2
