"""deploy/cron.d/nvc, the scheduled jobs, installs as is: every line is a valid cron.d line, and every
command it names exists and runs (mail queue, retries, backup, anonymisation, log purge, reminders)."""

import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command, get_commands
from django.test import override_settings
from mailer.models import PRIORITY_DEFERRED, Message

CRON = Path(settings.BASE_DIR) / "deploy" / "cron.d" / "nvc"
FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\d+(-\d+)?)(/\d+)?)*$")
COMMAND = re.compile(
    r"^cd /srv/nvc && \.venv/bin/python manage\.py (?P<name>[a-z_]+)(?P<args>( [^>&|;]+)*?)( >/dev/null)?$"
)


def jobs() -> list[tuple[list[str], str, str, list[str]]]:
    """(the five time fields, user, command name, its arguments) of every job line."""
    found = []
    for line in CRON.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or re.match(r"^[A-Z]+=", line):
            continue
        fields = line.split(None, 6)
        assert len(fields) == 7, line
        match = COMMAND.match(fields[6])
        assert match, line
        found.append((fields[:5], fields[5], match["name"], shlex.split(match["args"])))
    return found


def test_the_file_is_a_cron_d_file():
    # cron skips files in /etc/cron.d whose names have a dot; the last line must end with a newline.
    assert "." not in CRON.name and CRON.read_text(encoding="utf-8").endswith("\n")
    names = set()
    for times, user, name, _ in jobs():
        assert all(FIELD.match(t) for t in times), times
        assert user == "nvc"
        names.add(name)
    assert {"send_mail", "retry_deferred", "anonymise_withdrawn", "backup"} <= names


def test_every_command_named_exists():
    commands = get_commands()
    assert all(name in commands for _, _, name, _ in jobs())


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="mailer.backend.DbBackend")
def test_every_job_runs(base_data, tmp_path):
    from django.core.mail import send_mail

    send_mail("お知らせ", "本文", "center@example.jp", ["kyoko@example.jp"])
    waiting = Message.objects.create(
        message_data=Message.objects.get().message_data, priority=PRIORITY_DEFERRED
    )
    ran = []
    for _, _, name, args in jobs():
        if name == "backup":  # not into the checkout's var/backups/
            args = [*args, "--output", str(tmp_path / "nvc.dump")]
        call_command(name, *args)
        ran.append(name)
        if name == "send_mail":
            # The queued message went to the mail server (MAILER_EMAIL_BACKEND: the test outbox).
            assert [m.subject for m in mail.outbox] == ["お知らせ"]
        if name == "retry_deferred":
            waiting.refresh_from_db()
            assert waiting.priority != PRIORITY_DEFERRED
    assert (tmp_path / "nvc.dump").read_bytes()[:5] == b"PGDMP"
    assert len(ran) == len(jobs())
