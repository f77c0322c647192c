"""Fixtures shared by every test: the named actors, and the base data a flushed database lacks."""

import datetime
import logging
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.test import override_settings

from committees.defaults import create_committees
from committees.models import Committee, CommitteeMember, MeetingRule
from config.core import roles
from config.core.defaults import create_furigana_words, create_sites
from config.core.models import AnnualClosure, FuriganaWord, OpeningHours, Site
from volunteers.defaults import create_activity_fields
from volunteers.models import ActivityField

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that by default.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser.fixtures"]

# What a transactional test (every browser test) leaves is emptied by Django's flush, and PostgreSQL's TRUNCATE of
# our hundred tables takes about 0.8 s even when they hold a handful of rows (it makes new files for each table and
# its indexes). DELETE of the same rows takes milliseconds; Django's foreign keys are DEFERRABLE INITIALLY
# DEFERRED, so the order of the deletes does not matter inside the flush's transaction. Content types and
# permissions are kept (no test writes them; flush would write the same rows again through post_migrate).
# Together with the permissions granted only when missing (roles.grant_staff_permissions) a flush takes 0.2 s
# instead of 1.0 s, on each of the suite's two hundred transactional tests.
KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})


def _flush_by_delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    assert not reset_sequences, "no test resets sequences: TRUNCATE … RESTART IDENTITY would be needed"
    return [f"DELETE FROM {self.quote_name(table)}" for table in tables if table not in KEPT_BY_FLUSH]


PostgresOperations.sql_flush = _flush_by_delete


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _personal_page_cache(request):
    """Each person's page cache (config/core/pagecache.cached_per_person) as in production for the browser journeys
    and the tests marked `personal_page_cache`; off elsewhere (config/settings_test.py)."""
    if "browser" in request.node.nodeid.split("/") or request.node.get_closest_marker("personal_page_cache"):
        with override_settings(PERSONAL_PAGE_CACHE=True):
            yield
    else:
        yield


class _ServerErrors(logging.Handler):
    """Collects what django.request logs at ERROR: every 500 answer (and every exception a view let escape)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """Any 500 during the suite fails the test that caused it, also one answered to a browser test's live
    server thread; a test that means to provoke one marks itself `allows_500`."""
    handler = _ServerErrors()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("allows_500") is None:
        lines = "; ".join(record.getMessage() for record in handler.records)
        pytest.fail(f"a request answered 500 during this test: {lines}", pytrace=False)


# The longest tests first within Django's order: `make test` hands tests to the workers one at a time
# (pytest-xdist -n auto --maxschedchunk 1), so the long ones start early instead of ending the run alone.
# One at a time, because xdist sends a worker that has just finished a short test up to `maxschedchunk`
# more: with 2, a worker's queue grew by one per short test, and the 220-odd tests queued behind the axe
# matrix waited five minutes while the other worker, out of work, stopped for the last 420 s of an 817 s
# run. With 1 both workers work to the end; on two cores the run takes as long (816 s: the CPU was busy
# all along, the matrix's Chromium using the second core), on more cores it is what lets them help.
LONGEST_FIRST = (
    "tests/browser/test_axe_matrix.py",
    "tests/core/test_access_matrix.py",
    "tests/volunteers/test_migration_0006.py",
    "tests/test_demo.py",
    # The browser journeys of half a minute and more (on an idle machine) before the shorter ones, so that
    # the run ends on short tests on both workers.
    "tests/browser/test_admin_csp.py",
    "tests/browser/test_plans_accessibility.py",
    "tests/browser/test_plans.py",
    "tests/browser/test_insurance.py",
    "tests/browser/test_schools.py",
    "tests/browser/test_english.py",
    "tests/browser/",
)


# tryfirst: before pytest-django's hook, whose stable sort then keeps Django's order (db tests, then the
# transactional ones, which flush the migrations' data).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        return next(
            (n for n, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)),
            len(LONGEST_FIRST),
        )

    items.sort(key=rank)  # stable: each module's tests stay together and in their order


def create_base_data() -> None:
    """Roles and sites as the migration creates them; transactional tests flush them, so put them back."""
    roles.create_roles(Group)
    create_sites(Site, OpeningHours, AnnualClosure)
    create_activity_fields(ActivityField)
    create_committees(Committee, MeetingRule, Site)
    create_furigana_words(FuriganaWord)


def restore_migration_data() -> None:
    """Everything the data migrations write: the base data, the event types, the school themes and the plans.
    A transactional test (every browser test) starts from a flushed database; one that needs the whole world
    (the demo data builds on all of it) puts it back first."""
    import importlib

    from django.apps import apps as django_apps

    from plans.loading import load as load_plans
    from programs.models import SchoolTheme
    from programs.school_defaults import create_school_themes

    create_base_data()
    importlib.import_module("programs.migrations.0005_events").create_event_types(django_apps, None)
    create_school_themes(SchoolTheme, ActivityField)
    load_plans(lambda name: django_apps.get_model("plans", name))


def base_data_present() -> bool:
    """Every row create_base_data would get or create is there already (as the migrations left them, unless a
    transactional test flushed them): it would write nothing. Six counts instead of its 37 queries."""
    from committees.defaults import COMMITTEES
    from config.core.defaults import FURIGANA_WORDS, SITES
    from volunteers.defaults import ACTIVITY_FIELDS

    committee_keys = [committee[0] for committee in COMMITTEES]
    return (
        Group.objects.filter(name__in=roles.ROLES).count() == len(roles.ROLES)
        and Site.objects.filter(slug__in=[site["slug"] for site in SITES]).count() == len(SITES)
        and ActivityField.objects.filter(slug__in=[slug for slug, _name in ACTIVITY_FIELDS]).count()
        == len(ACTIVITY_FIELDS)
        and Committee.objects.filter(key__in=committee_keys).count() == len(committee_keys)
        and MeetingRule.objects.filter(committee__key__in=committee_keys).count() == len(committee_keys)
        and FuriganaWord.objects.filter(surface__in=FURIGANA_WORDS).count() == len(FURIGANA_WORDS)
    )


@pytest.fixture
def base_data(db):
    """Roles and sites as the migration creates them (see create_base_data)."""
    if not base_data_present():
        create_base_data()


def make_user(username: str, role: str | None, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        password="pass-for-tests-1",
        email=f"{username}@example.jp",
        is_staff=role == roles.STAFF,
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff(base_data):
    """A staff member who may also download rosters (the 名簿出力 role), as the center's coordinators do."""
    user = make_user("alice", roles.STAFF, last_name="職員", first_name="アリス")
    user.groups.add(Group.objects.get(name=roles.EXPORTER))
    return user


@pytest.fixture
def staff_without_exports(base_data):
    return make_user("dave", roles.STAFF, last_name="職員", first_name="デイブ")


@pytest.fixture
def committee_member(base_data):
    # The 運営委員 role counts only while a term runs (committees), so the member has one with no end.
    user = make_user("iinkai", roles.COMMITTEE, last_name="委員", first_name="一郎")
    CommitteeMember.objects.create(
        committee=Committee.objects.get(key="operating-committee"),
        user=user,
        name="委員 一郎",
        furigana="イイン イチロウ",
        organisation="西東京市民生委員児童委員協議会",
        term_start=datetime.date(2000, 4, 1),
    )
    return user


@pytest.fixture
def volunteer_user(base_data):
    return make_user("bob", roles.VOLUNTEER, last_name="ボランティア", first_name="ボブ")


@pytest.fixture
def other_volunteer_user(base_data):
    return make_user("charlie", roles.VOLUNTEER, last_name="別人", first_name="チャーリー")


@pytest.fixture
def group_rep_user(base_data):
    return make_user("dantai", roles.GROUP_REP, last_name="団体", first_name="代表")


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def tanashi(base_data):
    return Site.objects.get(slug="tanashi")


@pytest.fixture
def hoya(base_data):
    return Site.objects.get(slug="hoya")
