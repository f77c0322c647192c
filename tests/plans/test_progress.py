"""The progress page: bounded queries at 1× and 10× the records, no personal data, the status rule."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import selectors
from plans.models import PlanItem

from .factories import RECOGNISABLE, seed_year

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_progress_page_costs_the_same_queries_at_1x_and_10x_the_records(client, base_data):
    for fy in (2019, 2020, 2021):
        seed_year(fy, scale=1)
    url = reverse("plans:progress") + "?fy=2020"
    client.get(url)  # the footer's sites are cached on the first page of any visit
    small, html = _queries(client, url)
    for fy in (2019, 2020, 2021):
        seed_year(fy, scale=9)
    large, html = _queries(client, url)
    assert small == large
    assert small < 30
    assert "10件" in html  # the 2020 introductions: 1 + 9
    assert RECOGNISABLE not in html
    by_goal, html = _queries(client, url + "&by=goal")
    assert by_goal <= large + 2
    assert RECOGNISABLE not in html


def test_no_page_of_the_plans_shows_a_volunteers_name(client, base_data, committee_member):
    seed_year(2020, scale=2)
    item = PlanItem.objects.get(fiscal_year=2020, name="ボランティアの紹介")
    client.force_login(committee_member)
    for url in (
        reverse("plans:overview"),
        reverse("plans:progress") + "?fy=2020",
        reverse("plans:item", args=[item.pk]),
        reverse("plans:progress_print", args=[2020]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert RECOGNISABLE not in response.content.decode()


def test_expected_share_follows_the_months_of_the_item():
    assert selectors.expected_share([], 2020, datetime.date(2020, 3, 31)) == 0
    assert selectors.expected_share([], 2020, datetime.date(2020, 10, 1)) == pytest.approx(
        6 / 12 + 1 / 31 / 12
    )
    assert selectors.expected_share([9, 10, 11, 12], 2020, datetime.date(2020, 8, 31)) == 0
    assert selectors.expected_share([9, 10, 11, 12], 2020, datetime.date(2020, 11, 1)) == pytest.approx(
        2 / 4 + 1 / 30 / 4
    )
    assert selectors.expected_share([9, 10, 11, 12], 2020, datetime.date(2021, 1, 5)) == 1
    assert selectors.expected_share([], 2020, datetime.date(2022, 1, 5)) == 1


def test_status_rule():
    value = Decimal(240)
    assert selectors.status_of(value, Decimal(240), 0.5) == selectors.ACHIEVED
    assert selectors.status_of(value, Decimal(130), 0.5) == selectors.ON_TRACK
    assert selectors.status_of(value, Decimal(100), 0.5) == selectors.BEHIND
    assert selectors.status_of(value, Decimal(0), 0.5) == selectors.NOT_STARTED
    assert selectors.status_of(None, Decimal(5), 0.5) == selectors.NO_TARGET
    assert selectors.status_of(value, None, 0.5) == selectors.NOT_COUNTED


def test_a_year_past_shows_actuals_and_status_per_item(base_data):
    seed_year(2020, scale=3)
    rows = {r.item.name: r for r in selectors.year_progress(2020, today=datetime.date(2021, 6, 1))}
    intro = rows["ボランティアの紹介"].primary
    assert (intro.actual, intro.percent, intro.status) == (3, 1, selectors.BEHIND)
    assert intro.monthly[11] == 3
    paper = rows["広報紙を活用した広報"].primary
    assert paper.actual is None and paper.status == selectors.NOT_COUNTED
    consult = rows["ボランティアからの相談等の受付"].primary
    assert consult.actual == 3 and consult.status == selectors.NO_TARGET and consult.unit == "件"
