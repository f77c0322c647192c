"""The demo data of every app (`manage.py load_demo`, what `make run` shows): loading it twice changes no
table, and each app's part has what people are shown.

Loading the demo is the slow part, so it is loaded twice once for the whole module, inside a transaction
rolled back when the module ends; each test reads it in a savepoint of its own.
"""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from config.core.dates import current_fiscal_year


def _table_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The counts of every table after the first load and after the second."""
    from django.test import override_settings

    from tests.conftest import restore_migration_data

    with django_db_blocker.unblock(), override_settings(DEMO_DATA_ALLOWED=True), transaction.atomic():
        restore_migration_data()  # an earlier transactional test on this worker may have flushed it
        call_command("load_demo", stdout=io.StringIO())
        first = _table_counts()
        call_command("load_demo", stdout=io.StringIO())
        yield {"first": first, "second": _table_counts()}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_loading_the_demo_twice_changes_no_table(demo):
    changed = {
        label: (n, demo["second"][label]) for label, n in demo["first"].items() if demo["second"][label] != n
    }
    assert not changed, f"tables that a second load_demo changed (first, second): {changed}"
    assert get_user_model().objects.get(username="staff").check_password("demo-staff-2026")


def test_the_demo_has_volunteers_in_every_state_and_a_group_with_its_representative(demo):
    from volunteers.models import Volunteer, VolunteerGroup

    assert Volunteer.objects.count() >= 30
    assert set(Volunteer.objects.values_list("status", flat=True)) == {
        "provisional",
        "registered",
        "suspended",
        "withdrawn",
    }
    fy = current_fiscal_year()
    assert {
        d.year if d.month >= 4 else d.year - 1
        for d in Volunteer.objects.exclude(registered_on=None).values_list("registered_on", flat=True)
    } >= {fy - 1}
    assert Volunteer.objects.get(user__username="volunteer").status == "registered"
    hibari = VolunteerGroup.objects.get(name="西東京ひばりの会")
    assert hibari.representative == get_user_model().objects.get(username="dantai")
    assert set(hibari.registrations.filter(status="approved").values_list("fiscal_year", flat=True)) >= {
        fy,
        fy - 1,
    }


def test_the_demo_has_a_year_of_events_news_and_four_newsletters(demo):
    from programs import selectors
    from programs.models import (
        Event,
        EventAttendance,
        EventSession,
        EventSignup,
        EventType,
        NewsArticle,
        NewsletterIssue,
    )

    fy = current_fiscal_year()
    planned = set(EventType.objects.exclude(metric_key="").values_list("key", flat=True))
    assert planned <= set(Event.objects.values_list("event_type__key", flat=True))
    assert EventSession.objects.count() >= Event.objects.count()
    assert EventSession.objects.filter(booking__isnull=False).exists()
    assert EventSignup.objects.filter(status="waiting").exists()
    assert EventSignup.objects.filter(status="confirmed").count() >= 50
    assert NewsletterIssue.objects.count() == 4
    assert NewsArticle.objects.count() >= 4
    assert selectors.events_held(fy) == Event.objects.count()
    assert selectors.events_held(fy, "outreach-course") == 3
    if EventAttendance.objects.exists():
        assert selectors.event_attendance(fy) > 0


def test_the_demo_has_seven_kinds_units_a_year_of_loans_and_some_overdue(demo):
    from programs.models import EquipmentKind, EquipmentLoan, EquipmentUnit
    from programs.selectors import equipment_numbers, overdue_loans

    assert EquipmentKind.objects.count() == 7
    assert {"車椅子", "プロジェクター", "高齢者擬似体験セット", "ワイヤレスアンプ・マイク"} <= set(
        EquipmentKind.objects.values_list("name", flat=True)
    )
    assert EquipmentUnit.objects.count() == 16
    assert EquipmentLoan.objects.filter(status="returned").count() >= 10
    assert len(overdue_loans()) == 2
    assert EquipmentLoan.objects.filter(status="reserved", group__name="西東京ひばりの会").exists()
    assert equipment_numbers(current_fiscal_year()).fee_income > 0


def test_the_demo_has_a_season_of_school_requests_in_every_state(demo):
    from programs import selectors
    from programs.models import SchoolLecturer, SchoolRequest

    states = set(SchoolRequest.objects.values_list("status", flat=True))
    assert {"received", "arranging", "cancelled"} <= states and states & {"confirmed", "held"}
    assert SchoolRequest.objects.count() == 17
    assert SchoolLecturer.objects.count() >= 13
    numbers = selectors.school_numbers(current_fiscal_year())
    assert numbers.lessons_held + numbers.outreach_held == SchoolRequest.objects.filter(status="held").count()


def test_the_demo_has_a_summer_campaign_with_a_placement(demo):
    from programs import selectors
    from programs.models import SummerApplication, SummerCampaign, SummerPlacement, SummerProgram
    from programs.services import summer

    campaign = SummerCampaign.objects.get(fiscal_year=current_fiscal_year())
    assert SummerProgram.objects.filter(campaign=campaign, status="approved").count() >= 8
    assert SummerProgram.objects.filter(campaign=campaign, status="offered").exists()
    assert {"facility", "group"} == set(
        SummerProgram.objects.filter(campaign=campaign).values_list("host__kind", flat=True)
    )
    assert SummerApplication.objects.filter(campaign=campaign).count() >= 40
    numbers = selectors.summer_numbers(campaign.fiscal_year)
    if campaign.published_at:
        assert numbers.placed > 30 and SummerPlacement.objects.filter(run__isnull=False).exists()
        assert summer.placement_replay(run=campaign.runs.get()).matches


def test_the_demo_has_both_committees_with_a_year_of_meetings(demo):
    from committees import selectors
    from committees.models import Committee, CommitteeMember, Material, Meeting, Minutes, Observation
    from plans import metrics

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
