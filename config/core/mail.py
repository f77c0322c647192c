"""Mail leaves through a queue in PostgreSQL (django-mailer), never from inside a request's transaction.

`EMAIL_BACKEND` is django-mailer's DbBackend: sending a message only inserts a row. `manage.py send_mail`
(every minute from cron or a systemd timer) hands the queue to the real backend (`MAILER_EMAIL_BACKEND`, from
`EMAIL_URL`); `manage.py retry_deferred` puts the messages that failed back in line. A mail server that is
down therefore never loses a submission: the submission is committed, the message waits, the failure is
logged, and staff see it on 未送信のメール (config.core.views.mail_queue).
"""

import logging

from mailer.models import PRIORITY_DEFERRED, Message, MessageLog

logger = logging.getLogger("config.core.mail")


def defer_and_log(connection, message, exc):
    """django-mailer's error handler: any failure (not only the SMTP errors it knows) defers the message
    for `retry_deferred`, is logged with its reason, and leaves the sending run to go on with the others."""
    message.defer()
    MessageLog.objects.log(message, 3, log_message=f"{type(exc).__name__}: {exc}")  # 3 = RESULT_FAILURE
    logger.warning(
        "mail deferred: message %s to %s failed: %s: %s",
        message.pk,
        ", ".join(message.to_addresses),
        type(exc).__name__,
        exc,
    )
    return None, "deferred"  # a fresh connection for the next message


def unsent_messages():
    """Every message still waiting (queued or deferred after a failure), oldest first, with its last failure."""
    messages = list(Message.objects.order_by("when_added", "pk")[:500])
    # A log row copies its message's when_added (to the microsecond); the log keeps no body (settings).
    failures = {
        log.when_added: log
        for log in MessageLog.objects.filter(
            result="3", when_added__in=[m.when_added for m in messages]
        ).order_by("when_attempted")
    }
    for message in messages:
        message.last_failure = failures.get(message.when_added)
        message.is_deferred = message.priority == PRIORITY_DEFERRED
    return messages


def retry_unsent() -> int:
    """Put every deferred message back in line for the next `send_mail` run; returns how many."""
    return Message.objects.retry_deferred()
