"""The school demo data: an autumn season of requests in every state, loaded idempotently."""

import io

from django.core.management import call_command

from config.core.dates import current_fiscal_year
from programs import selectors
from programs.models import SchoolLecturer, SchoolRequest


def test_the_demo_has_a_season_of_school_requests_in_every_state(base_data, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    states = set(SchoolRequest.objects.values_list("status", flat=True))
    assert {"received", "arranging", "cancelled"} <= states and states & {"confirmed", "held"}
    assert SchoolRequest.objects.count() == 17
    assert SchoolLecturer.objects.count() >= 13
    numbers = selectors.school_numbers(current_fiscal_year())
    assert numbers.lessons_held + numbers.outreach_held == SchoolRequest.objects.filter(status="held").count()
    before = SchoolRequest.objects.count(), SchoolLecturer.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (SchoolRequest.objects.count(), SchoolLecturer.objects.count()) == before
