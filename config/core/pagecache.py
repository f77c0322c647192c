"""Whole-page caching, keyed by versions that every relevant write bumps (issue 16): anonymous public pages, and
the key pages of a logged-in person (their own copy).

A namespace ("events", "rooms", …) has a version in the shared cache. `watch(namespace, *models)`, called from an
app's `ready()`, bumps it on every save and delete of those models (from a service, the admin or the shell); code
that writes without signals (`bulk_create`, `update()`) calls `bump(namespace)` itself. A page decorated with
`@cached_for_anonymous("events")` is stored under a key made of its namespaces' versions (and `SITE`, the footer's
sites and the ふりがな dictionary, which every page shows), so a write is visible on the very next request: the
key changes and the old copy is never read again. Entries also expire after `TIMEOUT` seconds, which bounds what
changes with the clock alone (an application period that closes at 17:00).

Only requests that cannot differ per person are served from or stored into the cache: GET or HEAD without a
session cookie (no one is logged in, and no flash message waits) and without a messages cookie. The key carries
what changes the rendering for everyone alike: the path with its query, the language, the text size and the
ふりがな switch (the stored copy already has its ruby, so a hit skips the analyser too). A response is stored only
if it is a plain 200 HTML page that set no cookie of its own. The CSRF token of a form (the event sign-up form) is
stored as a placeholder and filled with the visitor's own token on every hit.

A logged-in person's key pages (the staff lists, the plans, the my page and group pages; `@cached_per_person`)
are stored per person and session: the key adds the account and a digest of the session key to the above, and
the versions of `RECORDS` (every save or delete of a record of the center: people, groups, coordination, rooms,
equipment, insurance, events, summer, schools, plans, committees) and `ACCOUNTS` (accounts and their roles). So
any write anywhere, by anyone, renews every person's copies; as a safety net for writes that send no signal,
every request that may write (POST, PUT, PATCH, DELETE) bumps both when it ends (`PersonalPagesMiddleware`). A
request with a flash message waiting is neither served from nor stored into the cache (the message must show),
and a copy lives at most `PERSONAL_TIMEOUT` seconds.

Versions are bumped at once and, inside a transaction, again when it commits, so a request that read the old
rows while the writing transaction was open cannot leave a stale copy under the new version.
"""

import functools
import hashlib
import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from . import furigana

TIMEOUT = 60
PERSONAL_TIMEOUT = TIMEOUT
SITE = "site"  # the footer's sites, hours and closures, and the ふりがな dictionary: on every page
RECORDS = "records"  # every record of the center; the plans' metrics (plans/metrics.py) cache their numbers under it
ACCOUNTS = "accounts"  # accounts and their roles (what a person may see)
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PREFIX = "pagecache"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
CSRF_PLACEHOLDER = "__NVC_CSRF_TOKEN__"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control")


def _version_key(namespace: str) -> str:
    return f"{PREFIX}:v:{namespace}"


def versions(*namespaces: str) -> dict[str, str]:
    """The current version of each namespace (one cache read); a namespace never seen gets a fresh version."""
    keys = {_version_key(ns): ns for ns in namespaces}
    found = cache.get_many(list(keys))
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key) or uuid.uuid4().hex
    return {keys[key]: value for key, value in found.items()}


def bump(*namespaces: str) -> None:
    """A write changed what these namespaces' pages show: new versions now, and again when the transaction commits."""

    def new_versions():
        cache.set_many({_version_key(ns): uuid.uuid4().hex for ns in namespaces}, None)

    new_versions()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(new_versions)


def watch(namespace: str, *models) -> None:
    """Bump `namespace` on every save and delete of these models, and on changes of their many-to-many links."""

    def bump_on_write(sender, **kwargs):
        if not kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed sends pre_ and post_ actions
            bump(namespace)

    watch.receivers.append(bump_on_write)  # signals hold receivers weakly
    for model in models:
        label = model._meta.label
        watch.namespaces.setdefault(label, set()).add(namespace)
        post_save.connect(bump_on_write, sender=model, dispatch_uid=f"pagecache.{namespace}.save.{label}")
        post_delete.connect(bump_on_write, sender=model, dispatch_uid=f"pagecache.{namespace}.delete.{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump_on_write,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache.{namespace}.m2m.{label}.{field.name}",
            )


watch.receivers = []
watch.namespaces = {}  # model label → the namespaces watching it (for writes that send no signal)


def bump_for(*models) -> None:
    """Rows of these models were written without signals (`bulk_create`, COPY, `update()`): bump what watches them."""
    namespaces = set().union(*(watch.namespaces.get(m._meta.label, set()) for m in models))
    if namespaces:
        bump(*sorted(namespaces))


def anonymous_request(request) -> bool:
    """Nothing in this request can be personal: no session (so no login and no flash message), no message cookie."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


def personal_request(request) -> bool:
    """A logged-in person's GET or HEAD with no flash message waiting (`len` reads the messages without using
    them up, so the rendered page still shows them)."""
    user = getattr(request, "user", None)
    return (
        settings.PERSONAL_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and user is not None
        and user.is_authenticated
        and request.session.session_key is not None
        and not len(messages.get_messages(request))
    )


def page_key(request, namespaces, personal: tuple[str, ...] = ()) -> str:
    from .context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES

    size = request.COOKIES.get(TEXT_SIZE_COOKIE)
    parts = [
        *personal,
        *(f"{ns}={v}" for ns, v in sorted(versions(SITE, *namespaces).items())),
        request.get_host(),
        request.get_full_path(),
        translation.get_language(),
        size if size in TEXT_SIZES else "normal",
        "ruby" if furigana.wanted(request) else "plain",
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{PREFIX}:page:{digest}"


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def cached_for_anonymous(*namespaces: str, timeout: int = TIMEOUT):
    """Serve this view's page to anonymous visitors from the shared cache (see the module's docstring)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not anonymous_request(request):
                return view(request, *args, **kwargs)
            return _served(request, page_key(request, namespaces), timeout, view, *args, **kwargs)

        wrapped.page_cache_namespaces = namespaces
        return wrapped

    return decorator


def _served(request, key: str, timeout: int, view, *args, **kwargs):
    """The stored copy under `key`, or the view's page, stored if it may be (a plain page, no message shown)."""
    stored = cache.get(key)
    if stored is not None:
        return _response(request, stored)
    response = view(request, *args, **kwargs)
    if _storable(response) and not len(messages.get_messages(request)):
        _store(request, key, response, timeout)
    return response


def _store(request, key: str, response, timeout: int) -> None:
    if furigana.wanted(request):
        furigana.annotate_response(response)  # the copy keeps its ruby; the middleware leaves it
    charset = response.charset or "utf-8"
    content = response.content.decode(charset)
    cache.set(
        key,
        {
            "content": CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", content),
            "charset": charset,
            "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
            "csrf": bool(CSRF_INPUT.search(content)),
        },
        timeout,
    )


def cached_per_person(*namespaces: str, timeout: int = PERSONAL_TIMEOUT):
    """Serve a logged-in person's page from their own copy in the shared cache (see the module's docstring). Put it
    under the view's permission decorator: the check runs on every request, hit or miss."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not personal_request(request):
                return view(request, *args, **kwargs)
            session = hashlib.sha256(request.session.session_key.encode()).hexdigest()
            key = page_key(request, (RECORDS, ACCOUNTS, *namespaces), (f"user={request.user.pk}", session))
            return _served(request, key, timeout, view, *args, **kwargs)

        wrapped.page_cache_namespaces = (RECORDS, ACCOUNTS, *namespaces)
        wrapped.page_cache_personal = True
        return wrapped

    return decorator


class PersonalPagesMiddleware:
    """Every request that may write bumps the namespaces of the personal copies when it ends, so a write that sent
    no signal (`update()`, raw SQL) is still seen on the next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            bump(RECORDS, ACCOUNTS)
        return response


def _response(request, stored: dict) -> HttpResponse:
    content = stored["content"]
    if stored["csrf"]:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))  # the visitor's own token and cookie
    response = HttpResponse(content.encode(stored["charset"]))
    for header, value in stored["headers"].items():
        response[header] = value
    response.furigana_done = True
    return response
