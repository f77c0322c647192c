"""Query budgets: the staff insurance pages cost the same number of queries with 300 or 3,000 enrolments."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.core.dates import fiscal_year_end
from volunteers.models.insurance import Enrolment, EventInsurance

from .factories import VolunteerFactory, VolunteerGroupFactory
from .insurance_factories import PlanFactory, event_plan

pytestmark = pytest.mark.django_db


def _fill(n: int, *, start: int, plans, groups, volunteers, ev_plan):
    today = timezone.localdate()
    rows, events = [], []
    for i in range(start, start + n):
        plan = plans[i % len(plans)]
        done = i % 3 == 0
        rows.append(
            Enrolment(
                fiscal_year=plan.fiscal_year,
                plan=plan,
                person_name=f"会員{i}",
                person_furigana=f"カイイン{i}",
                name_key=f"会員{i}",
                furigana_key=f"カイイン{i}",
                person_key=f"p:{i}",
                volunteer=volunteers[i % len(volunteers)] if i % 7 == 0 and i < len(volunteers) else None,
                group=groups[i % len(groups)] if i % 2 else None,
                via="roster" if i % 2 else "counter",
                premium=plan.rate,
                status="enrolled" if done else "applied",
                paid_on=today if done else None,
                receipt_number=f"R{i}" if done else "",
                enrolled_on=today if done else None,
                coverage_start=today + datetime.timedelta(days=1) if done else None,
                coverage_end=fiscal_year_end(plan.fiscal_year) if done else None,
            )
        )
        if i % 3 == 0:
            day = today + datetime.timedelta(days=30 + i % 20)
            events.append(
                EventInsurance(
                    group=groups[i % len(groups)],
                    fiscal_year=ev_plan.fiscal_year,
                    plan=ev_plan,
                    event_name=f"行事{i}",
                    starts_on=day,
                    ends_on=day,
                    place="公園",
                    participants=10,
                    premium=280,
                )
            )
    Enrolment.objects.bulk_create(rows)
    EventInsurance.objects.bulk_create(events)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


PAGES = [
    ("volunteers:staff_enrolments", {}),
    ("volunteers:staff_enrolments", {"status": "enrolled", "q": "かいいん"}),
    ("volunteers:staff_enrolments", {"export": "csv"}),
    ("volunteers:staff_events", {}),
    ("volunteers:staff_insurance_daily", {}),
    ("volunteers:staff_insurance_products", {}),
    ("volunteers:staff_roster_export", "range"),
]


def test_the_staff_insurance_pages_cost_the_same_at_1x_and_10x(client, staff):
    plans = [PlanFactory(name="基本タイプA"), PlanFactory(name="天災タイプA")]
    ev_plan = event_plan()
    groups = [VolunteerGroupFactory() for _ in range(5)]
    volunteers = [VolunteerFactory(registered=True) for _ in range(10)]
    client.force_login(staff)
    today = timezone.localdate().isoformat()

    def measure():
        out = []
        for name, params in PAGES:
            if params == "range":
                params = {"start": today, "end": today, "export": "xlsx"}
            out.append(_queries(client, reverse(name), params))
        return out

    _fill(300, start=0, plans=plans, groups=groups, volunteers=volunteers, ev_plan=ev_plan)
    measure()  # the first request of a session also loads what later ones reuse
    small = measure()
    _fill(2700, start=300, plans=plans, groups=groups, volunteers=volunteers, ev_plan=ev_plan)
    assert Enrolment.objects.count() == 3000
    large = measure()
    assert small == large
    assert max(large) <= 15
