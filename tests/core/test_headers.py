"""Headers and settings: CSP without inline code, the other security headers, and `check --deploy`."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR, "templates")


def _templates():
    dirs = [
        TEMPLATES,
        *Path(settings.BASE_DIR).glob("*/templates"),
        *Path(settings.BASE_DIR).glob("config/*/templates"),
    ]
    for folder in dirs:
        yield from folder.rglob("*.html")


# What our Content-Security-Policy refuses in HTML (scripts and styles only from our own files), as it is found in a
# template or in a served page. JSON data blocks are not scripts.
INLINE_CODE = (
    (r"<style[\s>]", "a <style> block"),
    (r"\sstyle=[\"']", "a style attribute"),
    (r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", "an inline <script>"),
    (r"\son[a-z]+=[\"']", "an inline event handler"),
    (r"javascript:", "a javascript: URL"),
)


def inline_code_problems(text: str) -> list[str]:
    """What in this HTML the CSP would refuse, one line each."""
    return [what for pattern, what in INLINE_CODE if re.search(pattern, text, re.I)]


def test_no_template_has_inline_script_or_style():
    """The CSP allows scripts and styles from our own files only: inline ones would silently not work."""
    problems = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in _templates()
        for what in inline_code_problems(path.read_text())
    ]
    assert not problems, "\n".join(problems)


def test_the_inline_code_check_finds_each_kind():
    assert (
        inline_code_problems(
            '<p>ok</p><script src="/static/a.js"></script><script type="application/json">{}</script>'
        )
        == []
    )
    found = inline_code_problems(
        '<style>p{}</style><p style="color:red" onclick="x()"><script>alert(1)</script><a href="javascript:x()">'
    )
    assert found == [
        "a <style> block",
        "a style attribute",
        "an inline <script>",
        "an inline event handler",
        "a javascript: URL",
    ]


def test_pages_send_the_security_headers(client, base_data):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _production_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "TEST_DB"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="k7#Qm2!vX9pL4@zR8wT1yU6eI3oP0aS5dF7gH2jK4lZ9xCb3Nn8Mm1Vv6Qq",
        ALLOWED_HOSTS="center.example.jp",
        **extra,
    )
    return env


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_turn_on_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"], result.stderr


def test_debug_is_never_on_by_default():
    """DEBUG shows every URL pattern on a 404: only an explicit DEBUG=1 turns it on."""
    env = _production_env()
    env.pop("DEBUG", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr
