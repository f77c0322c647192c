"""Lockers: assignment within the per-group cap, the waiting list served in order (skipping groups that may
not take a locker), key handover and return, the constraint behind the cap."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from config.core.dates import current_fiscal_year
from config.core.models import AuditEntry
from programs.models import LockerAssignment, LockerRules, LockerWaitlistEntry
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
        svc.locker_assign(
            locker=locker, group=VolunteerGroupFactory(), fiscal_year=current_fiscal_year(), by=staff
        )
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
    release = svc.locker_release(assignment=holder, by=staff)
    new = release.passed_to

    assert new.group == first and new.locker == locker and release.skipped == []
    assert release.summary() == "順番待ちの「一番目の会」に貸し出しました。"
    holder.refresh_from_db()
    assert holder.released_at and holder.key_returned_at
    assert list(LockerAssignment.objects.held().values_list("group__name", flat=True)) == ["一番目の会"]
    assert [e.group for e in tanashi.locker_waitlist.waiting()] == [second]


def test_keys_are_recorded_in_order(tanashi, group, staff):
    a = svc.locker_assign(
        locker=make_lockers(tanashi, 1)[0], group=group, fiscal_year=current_fiscal_year(), by=staff
    )
    with pytest.raises(ValidationError):
        svc.key_return(assignment=a, by=staff)
    svc.key_handover(assignment=a, by=staff)
    with pytest.raises(ValidationError):
        svc.key_handover(assignment=a, by=staff)
    svc.key_return(assignment=a, by=staff)
    assert a.key_handed_over_at <= a.key_returned_at


def test_a_release_passes_over_a_waiting_group_not_registered_for_the_year_and_still_succeeds(
    tanashi, group, staff
):
    fy = current_fiscal_year()
    locker = make_lockers(tanashi, 1)[0]
    holder = svc.locker_assign(locker=locker, group=group, fiscal_year=fy, by=staff)
    lapsed = registered_group(name="更新していない会", fiscal_year=fy - 1)
    nxt = registered_group(name="次の会")
    svc.waitlist_add(site=tanashi, fiscal_year=fy, group=lapsed, by=staff)
    svc.waitlist_add(site=tanashi, fiscal_year=fy, group=nxt, by=staff)

    release = svc.locker_release(assignment=holder, by=staff)

    assert release.passed_to.group == nxt
    assert release.summary() == (
        f"順番待ちの「更新していない会」（{fy}年度の団体登録が済んでいない）は飛ばしました。"
        "順番待ちの「次の会」に貸し出しました。"
    )
    holder.refresh_from_db()
    assert holder.released_at is not None
    # The passed-over group keeps its place, marked with the reason, and is served once it has renewed.
    skipped = LockerWaitlistEntry.objects.waiting().get()
    assert skipped.group == lapsed and skipped.skipped_at and "団体登録" in skipped.skip_reason
    assert AuditEntry.objects.filter(action="locker_waitlist_skip", target_id=skipped.pk).exists()


def test_a_release_with_nobody_eligible_leaves_the_locker_free_and_says_why(
    tanashi, group, other_group, staff
):
    fy = current_fiscal_year()
    first, second = make_lockers(tanashi, 2)
    holder = svc.locker_assign(locker=first, group=group, fiscal_year=fy, by=staff)
    lapsed = registered_group(name="更新していない会", fiscal_year=fy - 1)
    svc.waitlist_add(site=tanashi, fiscal_year=fy, group=lapsed, by=staff)
    svc.waitlist_add(site=tanashi, fiscal_year=fy, group=other_group, by=staff)
    svc.locker_assign(locker=second, group=other_group, fiscal_year=fy, by=staff)  # now at the cap

    release = svc.locker_release(assignment=holder, by=staff)

    assert release.passed_to is None
    assert [s.entry.group for s in release.skipped] == [lapsed, other_group]
    assert "「田無手話サークル」（すでに上限の数を借りている）" in release.summary()
    assert release.summary().endswith("貸し出せる団体がいないため、ロッカーは空きのままです。")
    assert not LockerAssignment.objects.held().filter(locker=first).exists()
    assert LockerWaitlistEntry.objects.waiting().count() == 2


def test_a_group_that_holds_a_locker_is_refused_a_second_with_a_clear_message(tanashi, group, hoya, staff):
    fy = current_fiscal_year()
    first, second = make_lockers(tanashi, 2)
    svc.locker_assign(locker=first, group=group, fiscal_year=fy, by=staff)
    with pytest.raises(ValidationError) as exc:
        svc.locker_assign(locker=second, group=group, fiscal_year=fy, by=staff)
    assert exc.value.error_list[0].code == "cap"
    assert exc.value.messages == [
        f"「西東京ひばりの会」は{fy}年度、田無のロッカーをすでに1個借りています（1団体1個まで）。"
    ]
    with pytest.raises(ValidationError) as exc:
        svc.waitlist_add(site=tanashi, fiscal_year=fy, group=group, by=staff)
    assert exc.value.error_list[0].code == "cap"
    # The rule is per site and per year: a locker at the other site, or for next year, is fine.
    svc.locker_assign(locker=make_lockers(hoya, 1)[0], group=group, fiscal_year=fy, by=staff)
    # The group fixture is registered for next year too.
    svc.locker_assign(locker=second, group=group, fiscal_year=fy + 1, by=staff)
    assert LockerAssignment.objects.held().filter(group=group).count() == 3


def test_the_cap_is_data_staff_can_raise(tanashi, group, staff):
    fy = current_fiscal_year()
    LockerRules.objects.create(site=tanashi, max_per_group=2)
    lockers = make_lockers(tanashi, 3)
    a = svc.locker_assign(locker=lockers[0], group=group, fiscal_year=fy, by=staff)
    b = svc.locker_assign(locker=lockers[1], group=group, fiscal_year=fy, by=staff)
    assert (a.slot, b.slot) == (1, 2) and a.site == tanashi
    with pytest.raises(ValidationError) as exc:
        svc.locker_assign(locker=lockers[2], group=group, fiscal_year=fy, by=staff)
    assert "（1団体2個まで）" in exc.value.messages[0]
    # A released holding frees its slot for the next one.
    svc.locker_release(assignment=a, by=staff)
    assert svc.locker_assign(locker=lockers[2], group=group, fiscal_year=fy, by=staff).slot == 1


def test_the_database_refuses_a_second_holding_for_one_group_at_a_site(tanashi, group):
    fy = current_fiscal_year()
    first, second = make_lockers(tanashi, 2)
    LockerAssignment.objects.create(locker=first, site=tanashi, group=group, fiscal_year=fy)
    again = LockerAssignment(locker=second, site=tanashi, group=group, fiscal_year=fy)
    with pytest.raises(ValidationError) as exc:
        again.full_clean()
    assert "この団体はこの拠点でこの年度すでにロッカーを借りています。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        LockerAssignment.objects.create(locker=second, site=tanashi, group=group, fiscal_year=fy, slot=11)
