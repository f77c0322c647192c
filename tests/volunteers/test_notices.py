import pytest
from django.core import mail

from volunteers.models import Notice
from volunteers.services.notices import notice_mark_handled, notify

from .factories import VolunteerFactory, VolunteerGroupFactory

pytestmark = pytest.mark.django_db


def test_a_volunteer_with_an_address_is_emailed(django_capture_on_commit_callbacks):
    volunteer = VolunteerFactory(email="hanako@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(volunteer=volunteer, subject="登録が完了しました", body="ようこそ")
    assert notice.channel == Notice.Channel.EMAIL
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert "登録が完了しました" in mail.outbox[0].subject


def test_a_volunteer_without_an_address_goes_on_the_staff_list(django_capture_on_commit_callbacks, staff):
    volunteer = VolunteerFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(volunteer=volunteer, subject="登録が完了しました", body="ようこそ")
    assert not mail.outbox
    assert notice.channel == Notice.Channel.MANUAL and notice.handled_at is None
    notice_mark_handled(notice=notice, by=staff)
    assert notice.handled_at and notice.handled_by == staff


def test_a_group_is_emailed_at_its_contact_address(django_capture_on_commit_callbacks):
    group = VolunteerGroupFactory(contact_email="kai@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        notify(group=group, subject="予約を受け付けました", body="…")
    assert mail.outbox[0].to == ["kai@example.jp"]


def test_notify_needs_exactly_one_recipient():
    with pytest.raises(ValueError):
        notify(subject="x", body="y")
