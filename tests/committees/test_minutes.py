"""Minutes: draft → approved → published; only published minutes reach the public pages and the archive."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from committees import services
from committees.models import Minutes

from .factories import make_meeting

pytestmark = pytest.mark.django_db

PAST = datetime.date(2020, 5, 12)


@pytest.fixture
def meeting(base_data):
    return make_meeting(date=PAST)


def test_minutes_go_from_draft_to_approved_to_published(staff, meeting):
    minutes = services.minutes_save(meeting=meeting, body="事業計画案を承認しました。", by=staff)
    assert minutes.status == "draft"
    with pytest.raises(ValidationError, match="承認してから公開"):
        services.minutes_publish(minutes=minutes, by=staff)
    services.minutes_approve(minutes=minutes, by=staff)
    assert minutes.approved_by == staff
    with pytest.raises(ValidationError, match="書き換えられません"):
        services.minutes_save(meeting=meeting, body="書き換え", by=staff)
    services.minutes_publish(minutes=minutes, by=staff)
    minutes.refresh_from_db()
    assert minutes.status == "published" and minutes.published_at is not None


def test_empty_minutes_and_minutes_of_a_future_meeting_cannot_be_approved(staff, meeting):
    with pytest.raises(ValidationError, match="空です"):
        services.minutes_approve(
            minutes=services.minutes_save(meeting=meeting, body="  ", by=staff), by=staff
        )
    future = make_meeting(date=datetime.date.today() + datetime.timedelta(days=5))
    with pytest.raises(ValidationError, match="開催前"):
        services.minutes_approve(
            minutes=services.minutes_save(meeting=future, body="予定稿", by=staff), by=staff
        )


def test_the_database_refuses_published_minutes_that_were_never_approved(meeting):
    minutes = Minutes(meeting=meeting, body="x", status="published")
    with pytest.raises(ValidationError):
        minutes.full_clean()
    with pytest.raises(IntegrityError):
        Minutes.objects.create(meeting=meeting, body="x", status="published")


def test_only_published_minutes_are_on_the_public_pages(client, staff, meeting):
    minutes = services.minutes_save(meeting=meeting, body="下書きの文章です。", by=staff)
    url = reverse("committees:meeting", args=[meeting.pk])
    archive = reverse("committees:archive", args=["operating-committee"]) + "?fy=2020"
    assert "下書きの文章です" not in client.get(url).content.decode()
    services.minutes_approve(minutes=minutes, by=staff)
    assert "下書きの文章です" not in client.get(url).content.decode()
    services.minutes_publish(minutes=minutes, by=staff)
    assert "下書きの文章です" in client.get(url).content.decode()
    assert "議事録を読む" in client.get(archive).content.decode()
    services.minutes_to_draft(minutes=minutes, by=staff)
    assert "下書きの文章です" not in client.get(url).content.decode()


def test_staff_walk_the_minutes_through_their_page(client, staff, meeting):
    client.force_login(staff)
    client.post(reverse("committees:staff_minutes", args=[meeting.pk]), {"minutes-body": "議事の記録"})
    client.post(reverse("committees:staff_minutes_step", args=[meeting.pk, "approve"]))
    response = client.post(
        reverse("committees:staff_minutes_step", args=[meeting.pk, "publish"]), follow=True
    )
    assert "議事録を公開しました。" in response.content.decode()
    assert Minutes.objects.get().status == "published"


def test_members_cannot_approve_or_publish(client, committee_member, staff, meeting):
    services.minutes_save(meeting=meeting, body="記録", by=staff)
    client.force_login(committee_member)
    assert (
        client.post(reverse("committees:staff_minutes_step", args=[meeting.pk, "approve"])).status_code == 403
    )
    assert Minutes.objects.get().status == "draft"


def test_attendance_counts_current_members_and_feeds_the_plans_numbers(staff, committee_member, meeting):
    from committees.models import CommitteeMember
    from plans import metrics

    member = CommitteeMember.objects.get(user=committee_member)
    services.attendance_record(meeting=meeting, present_ids={member.pk}, by=staff)
    make_meeting(date=datetime.date(2020, 7, 14))
    make_meeting(date=datetime.date(2021, 4, 13))  # the next fiscal year
    assert metrics.value("committees.meetings", "operating-committee", 2020) == 2
    assert metrics.value("committees.attendance", "operating-committee", 2020) == 1
    assert metrics.value("committees.meetings", "progress-committee", 2020) == 0
