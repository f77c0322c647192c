"""Print the cookies for each demo account (for the logged-in wapiti scans): a session, and a CSRF cookie.

wapiti's `-H "Cookie: …"` replaces its own cookie jar, so without a csrftoken in the header every POST of a
logged-in scan is refused by Django's CSRF check (403 「CSRF cookie not set」) before it reaches a view. Any
32-character secret is a valid CSRF cookie; the forms of the scanned pages then carry a token for it."""
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.utils.crypto import get_random_string

for username in ("staff", "volunteer", "dantai", "iinkai"):
    user = get_user_model().objects.get(username=username)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "volunteers.auth.IdentifierBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    csrf = get_random_string(CSRF_SECRET_LENGTH)
    print(username, f"{settings.SESSION_COOKIE_NAME}={s.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}")
