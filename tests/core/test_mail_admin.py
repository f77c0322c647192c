"""django-mailer's queue in the Django admin shows who and which subject, never a message's body: a body may
hold a set-password link, which is a key to someone's account (config/core/admin.py SafeMessageAdmin)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from mailer.models import Message, MessageLog

from config.core.admin import SafeMessageAdmin, SafeMessageLogAdmin

pytestmark = pytest.mark.django_db

LINK = "https://nvc.example.jp/accounts/reset/MQ/set-password-0123456789abcdef/"
BODY = f"西東 京子 様\n\n次のリンクからパスワードを設定してください。\n{LINK}\n"


@pytest.fixture
def superuser_client(client, base_data):
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.jp", "x-Long-pass-2026")
    )
    return client


@pytest.fixture
def queued():
    message = Message()
    message.email = EmailMessage("パスワードの設定", BODY, "center@example.jp", ["kyoko@example.jp"])
    message.save()
    return message


def test_the_queue_and_the_log_use_the_safe_admins():
    assert isinstance(admin.site._registry[Message], SafeMessageAdmin)
    assert isinstance(admin.site._registry[MessageLog], SafeMessageLogAdmin)


def test_a_queued_message_shows_its_address_and_subject_but_no_body_or_link(superuser_client, queued):
    for url in ("/admin/mailer/message/", f"/admin/mailer/message/{queued.pk}/change/"):
        response = superuser_client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "kyoko@example.jp" in body and "パスワードの設定" in body, url
        assert LINK not in body and "set-password-0123456789abcdef" not in body, url
        assert "リンクからパスワードを設定" not in body and "message_data" not in body, url


def test_a_logged_message_with_its_old_data_shows_no_link(superuser_client, queued):
    # Rows logged before MAILER_EMAIL_LOG_MESSAGE_DATA was turned off still carry the message data.
    log = MessageLog.objects.create(
        message_data=queued.message_data,
        message_id="<1@example.jp>",
        when_added=queued.when_added,
        priority=queued.priority,
        result="1",
        log_message="",
    )
    for url in ("/admin/mailer/messagelog/", f"/admin/mailer/messagelog/{log.pk}/change/"):
        body = superuser_client.get(url).content.decode()
        assert LINK not in body and "set-password-0123456789abcdef" not in body, url


def test_the_admin_neither_edits_nor_sends_queued_mail(superuser_client, queued):
    response = superuser_client.get(f"/admin/mailer/message/{queued.pk}/change/")
    assert 'name="message_data"' not in response.content.decode()
    assert superuser_client.get("/admin/mailer/message/add/").status_code == 403
    response = superuser_client.post(
        "/admin/mailer/message/", {"action": "send_messages", "_selected_action": [queued.pk]}
    )
    assert Message.objects.filter(pk=queued.pk).exists()
