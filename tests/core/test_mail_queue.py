"""Mail leaves after the transaction commits, through django-mailer's PostgreSQL queue; a mail server that is
down loses no submission, logs the failure, shows it to staff and delivers on the retry."""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from mailer.models import Message

from programs.models import EventSignup
from programs.services import events as event_services
from tests.core.mail_backends import TransactionWatchingBackend
from tests.programs.event_factories import make_event
from tests.volunteers.coordination_factories import registered_volunteer
from volunteers.services.notices import notify

QUEUE = override_settings(
    EMAIL_BACKEND="mailer.backend.DbBackend", MAILER_EMAIL_BACKEND="tests.core.mail_backends.SMTPDownBackend"
)


@pytest.mark.django_db
@QUEUE
def test_smtp_down_keeps_the_submission_queues_the_mail_and_retries(
    client, base_data, staff, caplog, django_capture_on_commit_callbacks
):
    event = make_event(title="傾聴講座", capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{event.pk}/signup/",
            {
                "name": "見学 花子",
                "furigana": "ケンガク ハナコ",
                "email": "kengaku@example.jp",
                "phone": "",
                "people": "1",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert EventSignup.objects.filter(guest_email="kengaku@example.jp").exists()
    assert Message.objects.count() == 1 and mail.outbox == []

    with caplog.at_level(logging.WARNING, logger="config.core.mail"):
        call_command("send_mail")
    message = Message.objects.get()
    assert message.priority == 4  # deferred, still in the queue
    assert "SMTP server unreachable" in caplog.text and "kengaku@example.jp" in caplog.text

    client.force_login(staff)
    page = client.get("/staff/mail/").content.decode()
    assert "kengaku@example.jp" in page and "送信できませんでした（再送待ち）" in page
    assert "ConnectionRefusedError: SMTP server unreachable" in page
    # The body (with the guest's signed cancel link) is not shown on the staff page.
    assert "/events/signups/" not in page

    # The server is back: staff put the message in line again and the next run delivers it.
    assert client.post("/staff/mail/").status_code == 302
    with override_settings(MAILER_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("send_mail")
    assert Message.objects.count() == 0
    assert [m.to for m in mail.outbox] == [["kengaku@example.jp"]]
    assert "/events/signups/" in mail.outbox[0].body
    assert "未送信のメールはありません。" in client.get("/staff/mail/").content.decode()


@pytest.mark.django_db
@QUEUE
def test_a_rolled_back_change_queues_no_mail(base_data, django_capture_on_commit_callbacks):
    volunteer = registered_volunteer(email="taro@example.jp")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(volunteer=volunteer, subject="承認しました", body="本文")
            raise RuntimeError("the approval failed after the notice was written")
    assert Message.objects.count() == 0 and not volunteer.notices.exists()
    with django_capture_on_commit_callbacks(execute=True):
        notify(volunteer=volunteer, subject="承認しました", body="本文")
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_staff_only_see_the_mail_queue(client, volunteer_user):
    assert client.get("/staff/mail/").status_code == 302
    client.force_login(volunteer_user)
    assert client.get("/staff/mail/").status_code == 403


@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.core.mail_backends.TransactionWatchingBackend")
def test_mail_is_handed_over_only_after_the_sign_up_committed(base_data):
    """Today's regression: notify() sent while the event's row lock was held, so a slow server stalled sign-ups."""
    TransactionWatchingBackend.calls = []
    event = make_event(title="傾聴講座", capacity=10)
    event_services.signup_create(
        event=event, guest_name="見学 花子", guest_furigana="ケンガク", guest_email="kengaku@example.jp"
    )
    assert TransactionWatchingBackend.calls == [False]
