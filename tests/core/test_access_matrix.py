"""The access matrix: every URL pattern of the project, visited by every kind of user, GET and POST.

The expectations live in tests/access_table.py (one row per URL name). The world is the demo data
(every app's `demo.load`, the real services) plus a second volunteer and a second representative,
so each record of A is also tried by B. Each request runs in a savepoint that is rolled back, so a
POST by one actor never changes what the next one sees.
"""

from http.cookies import SimpleCookie
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from config.core import roles
from config.core.dates import current_fiscal_year
from tests.access_table import (
    ACCESS,
    ACTORS,
    ANON,
    COMMITTEE,
    DENIED,
    FORMER,
    GONE,
    LOGIN,
    MISSING,
    OK,
    REDIRECT,
    REP_A,
    REP_B,
    STAFF,
    SUPER,
    VOL_A,
    VOL_B,
)
from tests.conftest import make_user
from tests.core.test_headers import inline_code_problems
from tests.volunteers.coordination_factories import registered_volunteer
from tests.volunteers.factories import GroupRegistrationFactory, IntroductionFactory, registered_group


def url_patterns(patterns=None, namespace=None):
    """(name, pattern) for every URL pattern the resolver knows, namespaced names ('programs:week')."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace])) or None
            yield from url_patterns(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name or p.pattern}" if namespace else p.name
            yield name, p


def project_url_names() -> set[str]:
    return {name or str(p.pattern) for name, p in url_patterns() if not (name or "").startswith("admin:")}


def admin_patterns() -> list[tuple[str, URLPattern]]:
    return [(name, p) for name, p in url_patterns() if (name or "").startswith("admin:")]


def test_every_url_pattern_has_an_expectation():
    missing = sorted(project_url_names() - set(ACCESS))
    assert not missing, f"URL patterns without a row in tests/access_table.py: {missing}"
    stale = sorted(set(ACCESS) - project_url_names())
    assert not stale, f"Rows in tests/access_table.py for URLs that no longer exist: {stale}"


def test_every_admin_pattern_is_named():
    unnamed = [
        str(p.pattern) for name, p in url_patterns() if name is None and "(?P<url>" not in str(p.pattern)
    ]
    assert not unnamed


class World:
    """Real objects for the URL arguments: the demo data, A = the demo accounts, B = a second of each."""

    def __init__(self):
        from programs.models import (
            AllocationRun,
            ApplicationWindow,
            EquipmentKind,
            EquipmentLoan,
            EquipmentUnit,
            Event,
            EventSession,
            EventSignup,
            LockerAssignment,
            LockerWaitlistEntry,
            NewsArticle,
            NewsletterIssue,
            RecurringRequest,
            Room,
            RoomBooking,
        )
        from programs.services.events import cancel_token
        from volunteers.models import (
            Consultation,
            Enrolment,
            EventInsurance,
            GroupRegistration,
            HelpRequest,
            Notice,
            Roster,
        )

        call_command("load_demo", stdout=open("/dev/null", "w"))
        User = apps.get_model("auth", "User")
        self.users = {
            VOL_A: User.objects.get(username="volunteer"),
            REP_A: User.objects.get(username="dantai"),
            COMMITTEE: User.objects.get(username="iinkai"),
            STAFF: User.objects.get(username="staff"),
            VOL_B: make_user("matrix-vol-b", roles.VOLUNTEER),
            REP_B: make_user("matrix-rep-b", roles.GROUP_REP),
            # A committee member whose term ended: the role is gone, the account stays.
            FORMER: make_user("matrix-former", None),
            SUPER: User.objects.create_superuser("matrix-super", "super@example.jp", "pass-for-tests-1"),
        }
        self.volunteer_a = self.users[VOL_A].volunteer
        self.volunteer_b = registered_volunteer(self.users[VOL_B])
        self.group_a = self.users[REP_A].represented_groups.order_by("pk").first()
        group_b = registered_group(representative=self.users[REP_B], name="マトリクスB会")
        GroupRegistrationFactory(group=group_b, fiscal_year=current_fiscal_year() + 1)
        self.site = apps.get_model("core", "Site").objects.get(slug="tanashi")
        self.fy = current_fiscal_year()
        self.published_request = (
            HelpRequest.objects.filter(is_published=True).first() or HelpRequest.objects.first()
        )
        self.introduction_a = apps.get_model("volunteers", "Introduction").objects.filter(
            volunteer=self.volunteer_a
        ).first() or IntroductionFactory(volunteer=self.volunteer_a)
        from volunteers.selectors import pending_manual_notices

        self.notice = pending_manual_notices().first() or Notice.objects.first()
        self.registration = GroupRegistration.objects.filter(group=self.group_a).first()
        self.consultation = Consultation.objects.first()
        self.enrolment = Enrolment.objects.first()
        self.roster = Roster.objects.first() or self._roster()
        self.event_insurance = EventInsurance.objects.first()
        self.room = Room.objects.filter(site=self.site).first()
        now = timezone.now()
        self.booking_a = RoomBooking.objects.filter(
            group=self.group_a, cancelled_at__isnull=True, during__startswith__gt=now
        ).first()
        self.window = ApplicationWindow.objects.first()
        self.recurring_request_a = RecurringRequest.objects.filter(group=self.group_a).first()
        self.closure = apps.get_model("core", "Closure").objects.first() or self._closure()
        self.run = AllocationRun.objects.first()
        self.waitlist_entry = LockerWaitlistEntry.objects.first()
        self.locker_assignment = LockerAssignment.objects.filter(released_at__isnull=True).first()
        self.kind = EquipmentKind.objects.first()
        self.unit = EquipmentUnit.objects.first()
        self.loan_a = EquipmentLoan.objects.filter(group=self.group_a).order_by("-pickup_on").first()
        self.event = Event.objects.filter(is_published=True).first()
        self.session = EventSession.objects.filter(event=self.event).first()
        self.signup_a = EventSignup.objects.filter(
            volunteer=self.volunteer_a
        ).first() or EventSignup.objects.create(
            event=self.event, volunteer=self.volunteer_a, status=EventSignup.Status.CONFIRMED
        )
        self.signup_token = cancel_token(self.signup_a)
        self.news = NewsArticle.objects.filter(
            is_published=True, published_on__lte=timezone.localdate()
        ).first()
        self.receipt_loan = EquipmentLoan.objects.exclude(receipt_number="").first()
        self.newsletter = NewsletterIssue.objects.first()
        self.plan_year = (
            apps.get_model("plans", "PlanItem").objects.order_by("fiscal_year").first().fiscal_year
        )
        self.plan_item = (
            apps.get_model("plans", "PlanItem").objects.filter(fiscal_year=self.plan_year).first()
        )
        self.target = apps.get_model("plans", "Target").objects.first()
        self._merged_apps()
        missing = [key for key, value in vars(self).items() if value is None]
        assert not missing, f"the demo data has none of: {missing}"
        self.clients = {ANON: Client()}
        for actor, user in self.users.items():
            client = Client()
            client.force_login(user)
            self.clients[actor] = client

    def _merged_apps(self):
        """Committees, 夏！体験, school requests, imports: what main gained beside the security branch."""
        from committees.models import AgendaItem, Committee, Material, Meeting, PlanComment
        from config.core.models import ImportLog
        from programs.models import (
            SchoolRequest,
            SummerApplication,
            SummerCampaign,
            SummerPlacement,
            SummerPlacementRun,
            SummerProgram,
        )
        from programs.services import summer

        today = timezone.localdate()
        self.committee = Committee.objects.order_by("pk").first()
        self.meeting = Meeting.objects.filter(date__lt=today).order_by("-date").first()
        self.upcoming_meeting = (
            Meeting.objects.filter(date__gte=today, cancelled_at__isnull=True, seat_limit__gt=0)
            .order_by("date")
            .first()
            or Meeting.objects.filter(date__gte=today).order_by("date").first()
        )
        self.agenda_item = AgendaItem.objects.first()
        self.material_published = Material.objects.filter(published_at__isnull=False).first()
        self.material_unpublished = Material.objects.filter(published_at__isnull=True).first()
        self.plan_comment = PlanComment.objects.first() or PlanComment.objects.create(
            item=self.plan_item, fiscal_year=self.plan_year, author=self.users[COMMITTEE], body="確認します"
        )
        self.campaign = SummerCampaign.objects.order_by("pk").first()
        self.summer_program = SummerProgram.objects.first()
        self.summer_run = SummerPlacementRun.objects.first()
        self.summer_application = SummerApplication.objects.first()
        self.summer_placement = SummerPlacement.objects.filter(attended=True).first()
        self.summer_status_token = summer.status_token(self.summer_application)
        self.summer_host_token = summer.host_token(self.summer_program.host, self.summer_program.campaign)
        self.school_request = SchoolRequest.objects.first()
        self.import_log = ImportLog.objects.create(
            kind="volunteers",
            file_name="matrix.csv",
            file_size=1,
            sha256="0" * 64,
            created_by=self.users[STAFF],
        )

    def _roster(self):
        from volunteers.forms.insurance import parse_roster
        from volunteers.models.insurance import InsuranceKind, InsurancePlan
        from volunteers.services import insurance

        plan = InsurancePlan.objects.filter(kind=InsuranceKind.VOLUNTEER, fiscal_year=self.fy).first()
        lines, _ = parse_roster("保谷 一郎、ホウヤ イチロウ、1950-01-01")
        return insurance.roster_apply(group=self.group_a, plan=plan, lines=lines, by=self.users[REP_A])

    def _closure(self):
        import datetime

        from config.core.models import Closure

        return Closure.objects.create(
            site=self.site, start_date=datetime.date.today(), end_date=datetime.date.today(), reason="点検"
        )


def answer_of(response) -> str:
    code = response.status_code
    if code in (301, 302):
        path = urlparse(response["Location"]).path
        return LOGIN if path in (reverse("login"), reverse("admin:login")) else REDIRECT
    return {200: OK, 403: DENIED, 404: MISSING, 405: GONE}.get(code, str(code))


def fits(method: str, expected: str, actual: str) -> bool:
    if actual == expected:
        return True
    if actual == GONE and expected in (LOGIN, DENIED, MISSING):
        return True  # refused for its method before its permission: nothing is shown either way
    if method == "post":
        # A POST that is let through may answer the form (200), move on (302) or refuse the method (405);
        # a POST that is refused may also be refused for its method before its permission.
        if expected == OK:
            return actual in (OK, REDIRECT, GONE, "400")
    return False


def visit(client, method: str, url: str, data: dict | None = None):
    cookies = SimpleCookie(client.cookies)  # a POST to logout must not log the next request out
    with transaction.atomic():
        response = getattr(client, method)(url, data or {}) if method == "post" else client.get(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module's tests (loading the demo is the slow part): built inside a transaction
    that is rolled back when the module ends; each test runs in its own savepoint on top of it."""
    from tests.conftest import restore_migration_data

    with django_db_blocker.unblock(), transaction.atomic():
        restore_migration_data()  # an earlier transactional test on this worker may have flushed it
        yield World()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_access_matrix(world):
    """Every project URL, every actor, GET and POST: the answer in tests/access_table.py."""
    failures = []
    for name in sorted(project_url_names()):
        row = ACCESS[name]
        url = reverse(name, kwargs=row.kwargs(world))
        for method in ("get", "post"):
            expected = row.expected(method)
            for actor in ACTORS:
                try:
                    data = row.data(world) if row.data and method == "post" else None
                    actual = answer_of(visit(world.clients[actor], method, url, data))
                except Exception as exc:  # a 500: report it with the others
                    actual = f"error {type(exc).__name__}: {exc}"[:200]
                if not fits(method, expected[actor], actual):
                    failures.append(
                        f"{method.upper()} {name} ({url}) as {actor}: expected {expected[actor]}, got {actual}"
                    )
    assert not failures, "\n".join(failures)


def _admin_kwargs(name: str, pattern: URLPattern) -> dict | None:
    keys = set(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else set()
    regex_keys = set(pattern.pattern.regex.groupindex)
    keys |= regex_keys
    if not keys:
        return {}
    if keys == {"app_label"}:
        return {"app_label": "volunteers"}
    if "object_id" in keys and "content_type_id" not in keys:
        for model in admin.site._registry:
            info = (model._meta.app_label, model._meta.model_name)
            if name.startswith(f"admin:{info[0]}_{info[1]}_"):
                obj = model._default_manager.first()
                return {"object_id": obj.pk} if obj else None
        return None
    if "id" in keys:  # the user's password change page
        return {"id": apps.get_model("auth", "User").objects.first().pk}
    return None  # view_on_site: a redirect to the public page, tried through the model pages


@pytest.mark.django_db
def test_admin_pages_are_for_staff_only(world):
    """Every admin page: anonymous visitors and non-staff users go to the admin login; staff see their
    apps' models but not users and roles (superusers only); nothing answers 500; and no page that staff or a
    superuser see has inline script or style, which our CSP would refuse (tests/browser/test_admin_csp.py runs
    the admin's scripts under the CSP in a browser, one page of each kind)."""
    failures = []
    tried = shown = 0
    for name, pattern in admin_patterns():
        kwargs = _admin_kwargs(name, pattern)
        if kwargs is None or name in ("admin:logout", "admin:login"):
            continue
        url = reverse(name, kwargs=kwargs)
        tried += 1
        for actor in (ANON, VOL_A, REP_A, COMMITTEE):
            actual = answer_of(visit(world.clients[actor], "get", url))
            if actual != LOGIN:
                failures.append(f"GET {name} as {actor}: expected LOGIN, got {actual}")
        for actor in (STAFF, SUPER):
            try:
                response = visit(world.clients[actor], "get", url)
                actual = answer_of(response)
            except Exception as exc:
                actual = f"error {exc}"
            allowed = {OK, REDIRECT, DENIED}
            if actor == STAFF and name.startswith(("admin:auth_",)):
                allowed = {DENIED}
            if actual not in allowed:
                failures.append(f"GET {name} as {actor}: expected one of {allowed}, got {actual}")
            elif actual == OK and "html" in response.get("Content-Type", ""):
                shown += 1
                failures += [f"GET {name} as {actor}: {what}" for what in inline_code_problems(response.text)]
    assert tried > 150 and shown > 250
    assert not failures, "\n".join(failures)
