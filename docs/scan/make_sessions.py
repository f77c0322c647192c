"""Print a session cookie for each demo account (for the logged-in wapiti scans)."""
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore

for username in ("staff", "volunteer", "dantai", "iinkai"):
    user = get_user_model().objects.get(username=username)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "volunteers.auth.IdentifierBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    print(username, f"{settings.SESSION_COOKIE_NAME}={s.session_key}")
