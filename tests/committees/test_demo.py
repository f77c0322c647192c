"""The committees demo: both committees with members, fiscal 2020 held with agendas, materials, minutes and
observers, this year's schedule; loading twice changes nothing."""

import io

from django.core.management import call_command

from committees import selectors
from committees.models import (
    Attendance,
    Committee,
    CommitteeMember,
    Material,
    Meeting,
    Minutes,
    Observation,
    PlanComment,
)
from plans import metrics


def _counts():
    return [
        m.objects.count()
        for m in (CommitteeMember, Meeting, Material, Minutes, Observation, Attendance, PlanComment)
    ]


def test_the_demo_has_both_committees_with_a_year_of_meetings_and_loads_idempotently(base_data, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    for committee in Committee.objects.all():
        assert committee.members.count() >= 3
        assert committee.meetings.in_fiscal_year(2020).count() == len(committee.rule.months)
    assert metrics.value("committees.meetings", "operating-committee", 2020) == 6
    held = Meeting.objects.in_fiscal_year(2020)
    assert all(m.agenda.exists() and m.materials.exists() for m in held)
    assert Minutes.objects.filter(status="published", meeting__in=held).count() == held.count()
    assert Material.objects.filter(published_at__isnull=True).exists()
    assert Observation.objects.filter(meeting__committee__key="operating-committee").exists()
    assert not Observation.objects.filter(meeting__committee__key="progress-committee").exists()
    iinkai = CommitteeMember.objects.filter(user__username="iinkai")
    assert iinkai.count() == 2 and selectors.is_current_member(iinkai.first().user)
    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before
