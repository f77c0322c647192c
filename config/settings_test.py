"""Test settings: the real PostgreSQL, a fast password hasher, mail kept in memory."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Browser tests talk plain HTTP to the live server.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
DEMO_DATA_ALLOWED = True
# Several checkouts (git worktrees) may test against one cluster at once: each names its own test database.
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}  # noqa: F405
# Tests keep the cache in memory (many tests touch no database, and every test starts with an empty cache);
# tests/perf/test_cache.py runs the shared DatabaseCache of production settings explicitly.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each person's page cache is off in unit tests, whose query counts measure what rendering a page costs, and on in
# the browser journeys and the tests marked `personal_page_cache` (tests/conftest.py), as in production.
PERSONAL_PAGE_CACHE = False
# Tests read mail from django.core.mail.outbox at once; tests of the queue switch EMAIL_BACKEND to
# django-mailer's DbBackend, and the queue then sends into the same outbox (tests/core/test_mail_queue.py).
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
