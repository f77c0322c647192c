"""Lockers: assignment, the waiting list served in order, key handover and return."""

import pytest
from django.core.exceptions import ValidationError

from config.core.dates import current_fiscal_year
from programs.models import LockerAssignment
from programs.services import lockers as svc
from tests.volunteers.factories import VolunteerGroupFactory, registered_group

from .factories import make_lockers

pytestmark = pytest.mark.django_db


def test_a_locker_is_lent_once_per_year_with_a_clear_message(tanashi, group, other_group, staff):
    locker = make_lockers(tanashi, 1)[0]
    fy = current_fiscal_year()
    svc.locker_assign(locker=locker, group=group, fiscal_year=fy, by=staff)
    with pytest.raises(ValidationError) as exc:
        svc.locker_assign(locker=locker, group=other_group, fiscal_year=fy, by=staff)
    assert "このロッカーはこの年度すでに貸し出されています。" in exc.value.messages
    assert LockerAssignment.objects.count() == 1


def test_only_registered_groups_get_lockers(tanashi, staff):
    locker = make_lockers(tanashi, 1)[0]
    with pytest.raises(ValidationError) as exc:
        svc.locker_assign(locker=locker, group=VolunteerGroupFactory(), fiscal_year=current_fiscal_year(), by=staff)
    assert exc.value.error_list[0].code == "not_registered"


def test_a_released_locker_goes_to_the_first_group_waiting(tanashi, group, staff):
    fy = current_fiscal_year()
    locker = make_lockers(tanashi, 1)[0]
    holder = svc.locker_assign(locker=locker, group=group, fiscal_year=fy, by=staff)
    first, second = registered_group(name="一番目の会"), registered_group(name="二番目の会")
    svc.waitlist_add(site=tanashi, fiscal_year=fy, group=first, by=staff)
    svc.waitlist_add(site=tanashi, fiscal_year=fy, group=second, by=staff)
    with pytest.raises(ValidationError):
        svc.waitlist_add(site=tanashi, fiscal_year=fy, group=first, by=staff)

    svc.key_handover(assignment=holder, by=staff)
    with pytest.raises(ValidationError) as exc:
        svc.locker_release(assignment=holder, by=staff)
    assert exc.value.error_list[0].code == "key_out"
    svc.key_return(assignment=holder, by=staff)
    new = svc.locker_release(assignment=holder, by=staff)

    assert new.group == first and new.locker == locker
    holder.refresh_from_db()
    assert holder.released_at and holder.key_returned_at
    assert list(LockerAssignment.objects.held().values_list("group__name", flat=True)) == ["一番目の会"]
    assert [e.group for e in tanashi.locker_waitlist.waiting()] == [second]


def test_keys_are_recorded_in_order(tanashi, group, staff):
    a = svc.locker_assign(locker=make_lockers(tanashi, 1)[0], group=group, fiscal_year=current_fiscal_year(), by=staff)
    with pytest.raises(ValidationError):
        svc.key_return(assignment=a, by=staff)
    svc.key_handover(assignment=a, by=staff)
    with pytest.raises(ValidationError):
        svc.key_handover(assignment=a, by=staff)
    svc.key_return(assignment=a, by=staff)
    assert a.key_handed_over_at <= a.key_returned_at
