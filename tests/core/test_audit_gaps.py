"""Changes that were written without a history entry before issue 17: a group's renewal application and a
notice passed on by phone or post now leave one (config.core.audit)."""

import datetime

import pytest

from config.core.models import AuditEntry
from tests.volunteers.coordination_factories import registered_volunteer
from tests.volunteers.factories import registered_group
from volunteers.services.groups import group_renew
from volunteers.services.notices import notice_mark_handled, notify

pytestmark = pytest.mark.django_db


def test_a_group_renewal_is_recorded(group_rep_user):
    group = registered_group(fiscal_year=2026, representative=group_rep_user, name="ひばりの会")
    group_renew(
        group=group,
        data={
            "name": "ひばりの会",
            "name_kana": "ヒバリノカイ",
            "representative_name": "団体 代表",
            "contact_name": "連絡 係",
            "contact_phone": "042-466-3070",
            "members_count": 14,
        },
        activity_fields=[],
        fiscal_year=2027,
        by=group_rep_user,
        today=datetime.date(2027, 2, 1),
    )
    entry = AuditEntry.objects.get(action="group.renew", target_id=group.pk)
    assert entry.actor == group_rep_user and entry.changes["fiscal_year"] == [None, 2027]


def test_passing_a_notice_on_is_recorded(staff):
    volunteer = registered_volunteer(email="")
    notice = notify(volunteer=volunteer, subject="承認しました", body="本文")
    notice_mark_handled(notice=notice, by=staff)
    entry = AuditEntry.objects.get(
        action="notice_handled", target_type="volunteers.notice", target_id=notice.pk
    )
    assert entry.actor == staff
