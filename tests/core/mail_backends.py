"""Mail backends for the tests of the mail queue: one whose server is down, one that notes the transaction state."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection


class SMTPDownBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable (test)")


class TransactionWatchingBackend(BaseEmailBackend):
    """Remembers, for each message handed over, whether a database transaction was still open."""

    calls: list[bool] = []

    def send_messages(self, email_messages):
        TransactionWatchingBackend.calls.extend(connection.in_atomic_block for _ in email_messages)
        return len(email_messages)
