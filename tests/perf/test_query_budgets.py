"""Every key page has a query budget that holds whatever the number of records (issue 16).

Each page is requested at 1× and at 10× the records (the dataset generators at two scales, ten fiscal years) and
must stay within its budget both times: a page whose queries grow with the data (an N+1, a count per row) fails.
"""

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from config.core import pagecache
from programs.models import Event

from .conftest import build_world

# (label, who, path, budget). Paths with {…} are filled from the world. The budget counts every query of the
# request, session and user included. Anonymous public pages are served from the page cache on the second request
# (config/core/pagecache.py): 0 queries with the test settings' local-memory cache, 2 with the shared database cache
# (the namespaces' versions and the page), hence CACHED. The plans' pages read their sources' yearly numbers from
# the shared cache once a page has computed them (plans/metrics.py); a cold cache costs what it did before (≤ 35).
CACHED = 2
PAGES = [
    ("top", None, "/", CACHED),
    ("top, logged in", "volunteer", "/", 3),  # events, news and 夏！体験 from their cached fragment
    ("event list", None, "/events/", CACHED),
    ("event detail", None, "/events/{event}/", CACHED),
    ("public room week view", None, "/rooms/calendar/tanashi/", CACHED),
    ("group's site week view", "group", "/rooms/tanashi/week/", 6),  # the week from its cached fragment
    ("equipment availability", "group", "/equipment/", 9),
    ("group's rooms page", "group", "/rooms/mine/", 13),
    ("group page", "group", "/mypage/groups/{group}/", 9),
    ("volunteer's my page", "volunteer", "/mypage/", 6),
    ("staff volunteers, search", "staff", "/staff/volunteers/?q=やま", 7),
    ("staff groups, search", "staff", "/staff/groups/?q=サークル", 8),
    ("staff requests, search", "staff", "/staff/requests/?q=さとう", 6),
    ("staff consultations, search", "staff", "/staff/consultations/?q=たなか", 6),
    ("staff bookings", "staff", "/staff/rooms/", 6),
    ("staff loans, search", "staff", "/staff/equipment/?q=T-", 13),
    (
        "staff enrolments, search",
        "staff",
        "/staff/insurance/?q=すずき",
        10,
    ),  # 9 alone; 10 after some other tests
    ("plans progress", "staff", "/plans/progress/", 12),  # 32 with a cold aggregate cache
    ("plans progress, committee", "committee", "/plans/progress/", 13),
    ("year-end report", "staff", "/plans/report/{last_fy}/", 11),  # 35 with a cold aggregate cache
]
# The same pages with a cold cache (every namespace but the footer's bumped just before): what rendering them costs.
COLD = {
    "top": 3,  # + the 夏！体験 campaign notice
    "top, logged in": 6,
    "event list": 3,
    "event detail": 3,
    "public room week view": 9,  # + the booking rules that bound the calendar (security)
    "group's site week view": 12,
    "plans progress": 32,  # the school, summer and committee metrics each read their grouped numbers once
    "plans progress, committee": 33,
    "year-end report": 35,  # + the dated records of lessons, meetings, 夏！体験
}
NAMESPACES = ("events", "news", "summer", "rooms", pagecache.RECORDS)
# The budgets above are what rendering costs (each person's page cache off). A logged-in person's repeated view
# with nothing written in between is their own stored copy (pagecache.cached_per_person): the session, the account
# and its roles for the permission check (the versions and the page come from the local-memory cache here).
OWN_COPY = 3


def measure(world) -> dict[str, int]:
    with override_settings(PERSONAL_PAGE_CACHE=False):
        counts = measure_rendered(world)
    values = {"group": world["group"].pk, "last_fy": world["fy"] - 1}
    for label, who, path, _budget in PAGES:
        if who:
            with override_settings(PERSONAL_PAGE_CACHE=True):
                counts[f"{label} (own copy)"] = own_copy(world["users"][who], path.format(**values), label)
    return counts


def own_copy(user, url: str, label: str) -> int:
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200, label
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, label
    return len(ctx.captured_queries)


def measure_rendered(world) -> dict[str, int]:
    event = Event.objects.public().order_by("pk").first()
    values = {"event": event.pk, "group": world["group"].pk, "last_fy": world["fy"] - 1}
    counts = {}
    for label, who, path, _budget in PAGES:
        client = Client()
        if who:
            client.force_login(world["users"][who])
        url = path.format(**values)
        assert client.get(url).status_code == 200, label
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, label
        counts[label] = len(ctx.captured_queries)
        # A model <select> reads its choices with .iterator(): one round trip, not a server-side cursor's three
        # (DECLARE, FETCH, CLOSE; DISABLE_SERVER_SIDE_CURSORS in config/settings.py).
        cursors = [q["sql"][:80] for q in ctx.captured_queries if q["sql"].startswith("DECLARE")]
        assert not cursors, (label, cursors)
        if label in COLD:
            pagecache.bump(*NAMESPACES)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, label
            counts[f"{label} (cold)"] = len(ctx.captured_queries)
    return counts


@pytest.mark.django_db
def test_every_key_page_keeps_its_query_budget_at_1x_and_10x_the_records(base_data):
    with transaction.atomic():
        small = measure(build_world(scale=0.004))
        transaction.set_rollback(True)
    large = measure(build_world(scale=0.04))
    print({label: (small[label], large[label]) for label in small})
    budgets = (
        {label: budget for label, _who, _path, budget in PAGES}
        | {f"{label} (cold)": budget for label, budget in COLD.items()}
        | {f"{label} (own copy)": OWN_COPY for label, who, _path, _budget in PAGES if who}
    )
    over = {
        label: (small[label], large[label], budgets[label])
        for label in budgets
        if small[label] > budgets[label] or large[label] > budgets[label]
    }
    assert not over, f"(1x, 10x, budget) over budget: {over}"
    # Queries do not grow with the data: ten times the records, the same number of queries (±1 for empty lists).
    grown = {label: (small[label], large[label]) for label in budgets if large[label] > small[label] + 1}
    assert not grown, grown
