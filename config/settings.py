"""Settings for the center management system.

Everything that differs between machines comes from the environment (or a `.env` file beside
manage.py) and a bad value fails loudly at start-up. Production is the default: DEBUG is off unless
set, and then SECRET_KEY and ALLOWED_HOSTS must be given.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key-not-for-production")
else:
    # No default in production: a forgotten key must stop the server, not sign cookies with a known value.
    SECRET_KEY = env.str("SECRET_KEY")
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters in production.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.core",
    "volunteers",
    "programs",
    "plans",
    "committees",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.core.language.PublicLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.core.pagecache.PersonalPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it annotates the finished page (ふりがな switch; config/core/furigana.py).
    "config.core.furigana.FuriganaMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.core.context_processors.center",
            ],
            "builtins": [
                "config.core.templatetags.calendar_tags",
                "config.core.templatetags.language_tags",
                "config.core.templatetags.badges",
                # Django's i18n tags, with cheaper {% translate %}, {% url %} and |date (last: it replaces them).
                "config.core.templatetags.fast_builtins",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…); no other database is supported.")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Querysets read with .iterator() (which every model <select> of a form does) fetch their rows in one round trip
# instead of three (DECLARE … WITH HOLD, FETCH, CLOSE): no view reads more rows than fit in memory that way, and a
# transaction-pooling pgbouncer in front of PostgreSQL needs it anyway (Django's docs, "Server-side cursors").
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A second connection to the same database, in autocommit and never inside a request's transaction: a long
# import writes its progress through it (config.core.imports), so the page polling it sees the figures while
# the import's own transaction is still open. Tests use the default test database (MIRROR).
DATABASES["progress"] = {
    **DATABASES["default"],
    "ATOMIC_REQUESTS": False,
    "CONN_MAX_AGE": 0,
    "TEST": {"MIRROR": "default"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# After login each role lands where its work is (config.core.roles.landing_url_name).
LOGIN_REDIRECT_URL = "core:landing"
# Log in by member number, email address or phone number (many volunteers have no email).
AUTHENTICATION_BACKENDS = ["volunteers.auth.IdentifierBackend"]
# How long the one-time code on a posted letter (ログインのご案内) works: weeks, for the post and a visit.
LOGIN_CODE_DAYS = env.int("LOGIN_CODE_DAYS", default=42)
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "ja"
# Public pages also in English, chosen with the switch in the header (config/core/language.py); never
# from the browser's language, which would turn pages English for a volunteer whose phone is set so.
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (equipment photos) go through the storage API; pages serve them through views that check them.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="西東京ボランティア・市民活動センター <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# One cache that every app server shares (issue 16), never per-process memory that goes stale: by default a table in
# PostgreSQL (created by the core migration 0004_perf_cache_table); CACHE_URL=rediscache://… or pymemcache://… instead.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://nvc_cache")}
# A logged-in person's key pages are kept as their own copies (config/core/pagecache.cached_per_person); 0 renders
# every request (the benchmark measures both).
PERSONAL_PAGE_CACHE = env.bool("PERSONAL_PAGE_CACHE", default=True)
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    # Cached pages are many small rows (each person's copies, each anonymous variant): Django's default of 300
    # would evict them, and the versions with them, on almost every write. Expired rows go every five minutes
    # (`manage.py prune_cache`, deploy/cron.d/nvc), so no copy of a personal page outlives its minute for long.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)

# Demo accounts with published passwords exist only on development machines.
DEMO_DATA_ALLOWED = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds every subdomain of the council's domain to HTTPS for good: the council's IT
        # opts in with SECURE_HSTS_PRELOAD=1, so the warning is a decision, not an oversight.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- issue 17, privacy & reliability (branch `privacy`): mail queue, public-form limits, retention ----------
# Mail is queued in PostgreSQL by django-mailer: a request only inserts a row (after its transaction commits,
# see volunteers/services/notices.py), `manage.py send_mail` sends through the backend EMAIL_URL names and
# `manage.py retry_deferred` retries what failed. config.core.mail explains; staff see the queue at /staff/mail/.
INSTALLED_APPS += ["mailer"]  # noqa: F405
MAILER_EMAIL_BACKEND = EMAIL_BACKEND  # noqa: F821 (set from EMAIL_URL above)
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_ERROR_HANDLER = "config.core.mail.defer_and_log"
# Two senders are kept apart by the queue rows' locks (select_for_update nowait); no lock file on disk.
MAILER_USE_FILE_LOCK = False
# The sent-mail log keeps who/when/result, not the body: bodies may hold a set-password link.
MAILER_EMAIL_LOG_MESSAGE_DATA = False
# Public forms (registration, sign-ups, requests, …): how many submissions one address may make per window
# (config.core.throttle, counted in PostgreSQL so every worker process sees the same count).
PUBLIC_FORM_LIMIT = env.int("PUBLIC_FORM_LIMIT", default=10)
PUBLIC_FORM_WINDOW_MINUTES = env.int("PUBLIC_FORM_WINDOW_MINUTES", default=60)
# Behind a reverse proxy every visitor arrives from the proxy's address: name the header it sets (HTTP_X_REAL_IP).
PUBLIC_FORM_CLIENT_IP_HEADER = env.str("PUBLIC_FORM_CLIENT_IP_HEADER", default="")
# --- end of issue 17 (privacy) block ---------------------------------------------------------------------------

# --- Security (issue 17: access, login throttling, headers) -------------------------------------------
# One block on purpose, so it merges as one piece. Order matters only where noted.
from csp.constants import NONE, SELF  # noqa: E402

# axes before django.contrib.admin: roles.grant_staff_permissions (post_migrate) then gives staff its
# permissions, so staff can unlock logins in the admin.
INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.admin"), "axes")
INSTALLED_APPS += ["csp"]
# CSP right after SecurityMiddleware; axes last (its docs).
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "config.core.middleware.PermissionsPolicyMiddleware")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

# Content-Security-Policy: everything from our own origin, no inline script or style (templates link
# static files; tests/core/test_headers.py checks every template), no frames, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one identifier from one
# address, that pair is locked for AXES_COOLOFF_TIME hours; others (and the same person elsewhere) are
# not. Staff unlock in the admin (アクセス試行 → 削除) or with `manage.py axes_reset_username`.
AUTHENTICATION_BACKENDS = ["config.core.auth_backends.AxesBackend", *AUTHENTICATION_BACKENDS]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the council's reverse proxy the client's address is in X-Forwarded-For: set the number of proxies.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]

# Passwords: Django's four validators (their messages come in Japanese from Django's own catalogue).
AUTH_PASSWORD_VALIDATORS[1] = {
    "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
    "OPTIONS": {"min_length": 10},
}
# Staff sessions end two hours after their last change (set at login: config.core.middleware).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
# Uploaded files larger than this are refused before a view sees them (each upload has its own lower limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# --- end of the security block -------------------------------------------------------------------------
