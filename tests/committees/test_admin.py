"""Staff keep committees, rules and members in the admin: normalised like every form, audited, never deleted."""

import pytest
from django.urls import reverse

from committees.models import CommitteeMember
from config.core.models import AuditEntry

from .factories import operating

pytestmark = pytest.mark.django_db


def test_staff_add_a_member_in_the_admin_and_it_is_audited(client, staff, committee_member):
    staff.is_superuser = (
        True  # the admin's model permissions; the 職員 grant runs after migrate, not in tests
    )
    staff.save()
    client.force_login(staff)
    response = client.post(
        reverse("admin:committees_committeemember_add"),
        {
            "committee": operating().pk,
            "user": committee_member.pk,
            "name": "新任　花子",
            "furigana": "しんにん はなこ",
            "organisation": "西東京市民生委員児童委員協議会",
            "role": "vice",
            "term_start": "2026-04-01",
            "term_end": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = CommitteeMember.objects.get(name="新任 花子")
    assert member.furigana == "シンニン ハナコ"
    assert AuditEntry.objects.filter(action="committees_committeemember_create", target_id=member.pk).exists()
    assert client.get(reverse("admin:committees_committeemember_delete", args=[member.pk])).status_code == 403


def test_the_admin_refuses_a_term_that_ends_before_it_begins(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    response = client.post(
        reverse("admin:committees_committeemember_add"),
        {
            "committee": operating().pk,
            "name": "逆 任期",
            "role": "member",
            "term_start": "2026-04-01",
            "term_end": "2025-03-31",
        },
    )
    assert "任期の終わりは始まりより後の日にしてください。" in response.content.decode()
    assert not CommitteeMember.objects.filter(name="逆 任期").exists()
