"""Production settings are safe by default; demo data is never made in production (tests/test_demo.py checks the
demo itself)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def _run(env_extra, *args):
    drop = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_check_deploy():
    result = _run(
        {"SECRET_KEY": "a-long-random-production-secret-key-0123456789abcdef", "ALLOWED_HOSTS": "vc.example.jp"},
        "check", "--deploy", "--fail-level", "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run({}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_unless_set():
    result = _run({"SECRET_KEY": "a-long-random-production-secret-key-0123456789abcdef"}, "shell", "-c",
                  "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0)")
    assert result.stdout.splitlines()[-1].split() == ["False", "True", "True"], result.stderr


@pytest.mark.django_db
def test_demo_data_is_refused_in_production(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="開発環境"):
        call_command("load_demo")
