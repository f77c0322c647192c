"""Each metric whose source exists counts known records, by fiscal year (1 April, Asia/Tokyo)."""

import datetime

import pytest
from django.utils import timezone

from config.core.models import Site
from plans import metrics
from programs.models import RoomBooking
from tests.programs.factories import make_room
from tests.volunteers.factories import (
    ConsultationFactory,
    IntroductionFactory,
    VolunteerFactory,
    registered_group,
)

pytestmark = pytest.mark.django_db


def test_three_introductions_in_2020_and_one_in_2021_count_three_for_2020(base_data):
    for day in (datetime.date(2020, 4, 1), datetime.date(2020, 9, 1), datetime.date(2021, 3, 31)):
        IntroductionFactory(introduced_on=day)
    IntroductionFactory(introduced_on=datetime.date(2021, 4, 1))
    assert metrics.value("volunteers.introductions", "", 2020) == 3
    assert metrics.value("volunteers.introductions", "", 2021) == 1


def test_registrations_and_consultations_count_by_fiscal_year(base_data):
    VolunteerFactory(registered=True, registered_on=datetime.date(2021, 3, 31))
    VolunteerFactory(registered=True, registered_on=datetime.date(2021, 4, 1))
    ConsultationFactory(received_on=datetime.date(2020, 4, 1))
    assert metrics.value("volunteers.new_registrations", "", 2020) == 1
    assert metrics.value("volunteers.new_registrations", "", 2021) == 1
    assert metrics.value("volunteers.consultations", "", 2020) == 1
    assert metrics.value("volunteers.consultations", "", 2019) == 0


def test_room_uses_count_per_site_at_the_tokyo_fiscal_year_boundary(base_data):
    tanashi = Site.objects.get(slug="tanashi")
    room = make_room(tanashi)
    group = registered_group(fiscal_year=2020)
    tokyo = timezone.get_default_timezone()
    from psycopg.types.range import Range

    def book(y, m, d, h):
        start = datetime.datetime(y, m, d, h, tzinfo=tokyo)
        RoomBooking.objects.create(
            room=room, group=group, during=Range(start, start + datetime.timedelta(hours=1))
        )

    book(2021, 3, 31, 20)  # 31 March evening in Tokyo: FY2020
    book(2021, 4, 1, 9)  # FY2021
    book(2020, 4, 1, 9)
    assert metrics.value("programs.room_bookings", "tanashi", 2020) == 2
    assert metrics.value("programs.room_bookings", "hoya", 2020) == 0
    assert metrics.value("programs.room_groups", "tanashi", 2020) == 1
    assert metrics.value("programs.room_bookings", "tanashi", 2021) == 1


def test_registered_groups_and_the_metrics_without_source(base_data):
    registered_group(fiscal_year=2020)
    assert metrics.value("volunteers.registered_groups", "", 2020) == 1
    assert metrics.value("volunteers.insurance_people", "", 2020) == 0
    assert metrics.value("programs.equipment_loans", "", 2020) == 0
    assert metrics.value("programs.news_posts", "", 2020) == 0
    assert metrics.value("programs.summer_experience_participants", "", 2020) == 0  # registered with 夏！体験


def test_the_events_metrics_count_held_events_and_their_participants_by_type(base_data):
    from programs.models import EventSession, EventSignup
    from tests.programs.event_factories import make_event

    beginner = make_event(type_key="course-beginner")
    second = make_event(type_key="course-beginner", title="2回目")
    disaster = make_event(type_key="course-disaster", title="災害")
    for n, event in enumerate((beginner, second, disaster)):  # held in FY2025, whatever today is
        start = timezone.make_aware(datetime.datetime(2025, 6, 10 + n, 10))
        EventSession.objects.filter(event=event).update(
            starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        )
    EventSignup.objects.create(
        event=beginner, volunteer=VolunteerFactory(registered=True), people=1, status="confirmed"
    )
    EventSignup.objects.create(
        event=beginner, guest_name="来場 太郎", guest_email="g@example.jp", people=2, status="confirmed"
    )
    with metrics.batch():
        assert metrics.value("programs.events", "course-beginner", 2025) == 2
        assert metrics.value("programs.events", "course-disaster", 2025) == 1
        assert metrics.value("programs.events", "", 2025) == 3
        assert metrics.value("programs.event_participants", "course-beginner", 2025) == 3
        assert metrics.value("programs.event_participants", "course-disaster", 2025) == 0
        assert metrics.value("programs.events", "course-beginner", 2024) == 0


def test_success_rate_active_volunteers_and_lockers(base_data, staff):
    from programs.models import LockerAssignment
    from tests.programs.factories import make_lockers

    day = datetime.date(2020, 5, 1)
    IntroductionFactory(introduced_on=day, status="active", started_on=day)
    IntroductionFactory(introduced_on=day, status="failed", failure_reason="日程が合わなかった")
    IntroductionFactory(introduced_on=day, status="proposed")
    IntroductionFactory(introduced_on=day, status="ended", started_on=day)
    assert metrics.value("volunteers.introduction_success_rate", "", 2020) == 50.0
    assert metrics.value("volunteers.introduction_success_rate", "", 2019) is None
    VolunteerFactory(registered=True, registered_on=datetime.date(2020, 4, 1))
    VolunteerFactory(
        registered=True, registered_on=datetime.date(2021, 4, 1)
    )  # FY2021: not yet active in 2020
    assert metrics.value("volunteers.active_volunteers", "", 2020) == 1
    hoya = Site.objects.get(slug="hoya")
    lockers = make_lockers(hoya, n=2)
    group = registered_group(fiscal_year=2020)
    for locker in lockers:
        LockerAssignment.objects.create(
            locker=locker, site=hoya, slot=lockers.index(locker) + 1, group=group, fiscal_year=2020
        )
    assert metrics.value("programs.locker_groups", "hoya", 2020) == 1
    assert (
        metrics.value("volunteers.active_volunteers", "", 2020) == 1 + 12
    )  # and the registered group's members
    assert metrics.value("programs.locker_groups", "tanashi", 2020) == 0
