"""Renewal for the next fiscal year opens on a date staff set (1 February unless changed); the representative's
page says what to do and by when. Every state is tried with an explicit day: 令和8年度 is fiscal 2026, and
令和9年度 (2027) opens for renewal on 1 February 2027."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.core.models import AuditEntry
from volunteers import selectors
from volunteers.models import GroupRegistration, GroupRenewalPeriod
from volunteers.services.groups import group_renew, renewal_period_set

from .factories import registered_group

pytestmark = pytest.mark.django_db
D = datetime.date
FORM = {
    "name": "ひばりの会",
    "name_kana": "ヒバリノカイ",
    "representative_name": "団体 代表",
    "contact_name": "連絡 係",
    "contact_phone": "042-466-3070",
    "members_count": "14",
}


@pytest.fixture
def group(group_rep_user):
    return registered_group(fiscal_year=2026, representative=group_rep_user, name="ひばりの会")


@pytest.fixture
def on_day(monkeypatch):
    """Make `today` (timezone.localdate) a given day for the pages."""

    def set_day(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_day


def renew(group, fy, today, by):
    return group_renew(
        group=group,
        data={**FORM, "members_count": 14},
        activity_fields=[],
        fiscal_year=fy,
        by=by,
        today=today,
    )


def test_the_next_year_opens_on_1_february_by_default(group, group_rep_user):
    before = selectors.group_renewal(group, D(2027, 1, 31))
    assert before.fiscal_year == 2026 and before.is_registered and before.renewable_years == []
    assert before.opens_on == D(2027, 2, 1) and before.deadline == D(2027, 3, 31)
    with pytest.raises(ValidationError, match="令和9年度の登録更新は2月1日から受け付けます。"):
        renew(group, 2027, D(2027, 1, 31), group_rep_user)
    assert selectors.group_renewal(group, D(2027, 2, 1)).renewable_years == [2027]
    registration = renew(group, 2027, D(2027, 2, 1), group_rep_user)
    assert registration.fiscal_year == 2027 and registration.status == "applied"
    with pytest.raises(ValidationError, match="すでに申請済み"):
        renew(group, 2027, D(2027, 2, 2), group_rep_user)


def test_staff_set_an_earlier_opening_date(group, group_rep_user, staff):
    renewal_period_set(fiscal_year=2027, opens_on=D(2027, 1, 10), by=staff)
    assert selectors.group_renewal(group, D(2027, 1, 9)).renewable_years == []
    assert selectors.group_renewal(group, D(2027, 1, 10)).renewable_years == [2027]
    renew(group, 2027, D(2027, 1, 15), group_rep_user)
    entry = AuditEntry.objects.get(action="group.renewal_period")
    assert entry.actor == staff and entry.changes["opens_on"][1] == "2027-01-10"


def test_after_1_april_an_unrenewed_group_may_still_apply_for_the_year(group, group_rep_user):
    renewal = selectors.group_renewal(group, D(2027, 4, 2))
    assert renewal.fiscal_year == 2027 and not renewal.is_registered and renewal.renewable_years == [2027]
    renew(group, 2027, D(2027, 4, 2), group_rep_user)
    # A year already past is not open.
    with pytest.raises(ValidationError, match="いまは申請できません"):
        renew(group, 2025, D(2027, 4, 2), group_rep_user)


def test_the_opening_date_lies_in_the_year_before(base_data):
    for bad in (D(2027, 4, 1), D(2026, 3, 31)):
        with pytest.raises(ValidationError, match="前の年度の中"):
            GroupRenewalPeriod(fiscal_year=2027, opens_on=bad).full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            GroupRenewalPeriod.objects.create(fiscal_year=2027, opens_on=bad)
    GroupRenewalPeriod(fiscal_year=2027, opens_on=D(2026, 12, 1)).full_clean()
    GroupRenewalPeriod(fiscal_year=2027, opens_on=D(2027, 3, 31)).full_clean()


# --- what the representative reads ---------------------------------------------------------------


def page(client, group):
    return client.get(f"/mypage/groups/{group.pk}/").content.decode()


def test_before_the_opening_date_the_page_says_when_it_opens(client, group, group_rep_user, on_day):
    on_day(D(2027, 1, 20))
    client.force_login(group_rep_user)
    body = page(client, group)
    assert "令和8年度は登録済みです。" in body
    assert "令和9年度の登録更新は2月1日から受け付けます。" in body
    assert "受け付けています" not in body and "?year=2027" not in body
    assert (
        "2月1日から受け付けます" in client.get(f"/mypage/groups/{group.pk}/renew/?year=2027").content.decode()
    )
    response = client.post(f"/mypage/groups/{group.pk}/renew/?year=2027", FORM)
    assert response.status_code == 200 and not group.registrations.filter(fiscal_year=2027).exists()


def test_from_the_opening_date_the_page_asks_to_renew_by_31_march(client, group, group_rep_user, on_day):
    on_day(D(2027, 2, 1))
    client.force_login(group_rep_user)
    body = page(client, group)
    assert "令和9年度の登録更新を受け付けています。3月31日までに更新してください。" in body
    assert f"/mypage/groups/{group.pk}/renew/?year=2027" in body
    response = client.post(f"/mypage/groups/{group.pk}/renew/?year=2027", FORM)
    assert response["Location"] == f"/mypage/groups/{group.pk}/"
    assert group.registrations.get(fiscal_year=2027).status == GroupRegistration.Status.APPLIED
    body = page(client, group)
    assert "令和9年度の登録：申請中" in body and "受け付けています" not in body


def test_after_1_april_without_renewal_the_page_says_the_group_is_not_registered(
    client, group, group_rep_user, on_day
):
    on_day(D(2027, 4, 2))
    client.force_login(group_rep_user)
    body = page(client, group)
    assert "令和9年度の登録はまだです。" in body
    assert "活動室・ロッカー・機材の予約ができません" in body
    assert f"/mypage/groups/{group.pk}/renew/?year=2027" in body
    client.post(f"/mypage/groups/{group.pk}/renew/", FORM)
    assert group.registrations.get(fiscal_year=2027).status == "applied"
    assert "令和9年度の登録を申請中です。" in page(client, group)


def test_staff_see_the_opening_date_and_enter_a_renewal_from_it(client, group, staff, on_day):
    on_day(D(2027, 1, 20))
    client.force_login(staff)
    body = client.get(f"/staff/groups/{group.pk}/").content.decode()
    assert "令和9年度の更新は2月1日から受け付けます" in body
    on_day(D(2027, 2, 10))
    body = client.get(f"/staff/groups/{group.pk}/").content.decode()
    assert f"/staff/groups/{group.pk}/renew/?year=2027" in body
    client.post(f"/staff/groups/{group.pk}/renew/?year=2027", FORM)
    assert group.registrations.get(fiscal_year=2027).members_count == 14


def test_staff_change_the_opening_date_in_the_admin(client, staff, base_data):
    client.force_login(staff)
    staff.is_superuser = True  # the admin's model permissions; the staff role's permissions are set elsewhere
    staff.save()
    response = client.post(
        "/admin/volunteers/grouprenewalperiod/add/", {"fiscal_year": "2027", "opens_on": "2027-01-15"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GroupRenewalPeriod.objects.get(fiscal_year=2027).opens_on == D(2027, 1, 15)
    assert AuditEntry.objects.filter(action="group.renewal_period", actor=staff).exists()
    assert selectors.renewal_opens_on(2028) == D(2028, 2, 1)
