"""The coordination demo data: varied states across two fiscal years, and loading it twice changes nothing."""

import io

import pytest

from config.core.dates import current_fiscal_year
from volunteers import demo_coordination, selectors
from volunteers.models import Consultation, HelpRequest, Introduction, RequestComment

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (HelpRequest, Introduction, Consultation, RequestComment)]


def test_the_demo_loads_idempotently_with_varied_states(base_data):
    demo_coordination.load(io.StringIO())
    first = counts()
    demo_coordination.load(io.StringIO())
    assert counts() == first
    fy = current_fiscal_year()
    assert selectors.introductions(fy - 1) > 0 and selectors.introduction_success_rate(fy - 1) is not None
    assert selectors.consultations(fy - 1) > 0 and selectors.consultations(fy) > 0
    assert {"received", "coordinating", "closed"} <= set(HelpRequest.objects.values_list("status", flat=True))
    assert {"applied", "proposed", "active", "failed", "ended"} <= set(Introduction.objects.values_list("status", flat=True))
    assert HelpRequest.objects.filter(is_published=True).count() == 1
    assert Introduction.objects.filter(group__isnull=False).exists()
