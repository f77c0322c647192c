"""Applying to 夏！体験: limits, ranked choices, the guardian's consent (service and database), one per person."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from plans.metrics import REGISTRY
from programs import selectors
from programs.models import SummerApplication, SummerPlacement
from programs.services import summer as svc

from .summer_factories import make_application, make_campaign, make_program

pytestmark = pytest.mark.django_db


def apply(campaign, programs, **kw):
    data = {
        "name": "西東京 さくら",
        "furigana": "ニシトウキョウ サクラ",
        # 13 on the first activity day, whatever the day (a campaign made in late December starts in January).
        "birth_date": datetime.date(campaign.activity_from.year - 13, 1, 1),
        "grade": 8,
        "school": "西東京市立田無第一中学校",
        "email": "sakura@example.jp",
        "guardian_name": "西東京 花子",
        "guardian_phone": "042-461-0000",
        "guardian_consent": True,
    }
    data.update(kw)
    return svc.application_create(campaign=campaign, programs=programs, **data)


def test_a_pupil_applies_with_ranked_choices_and_the_consent_version_is_kept():
    campaign = make_campaign()
    a, b = make_program(campaign), make_program(campaign)
    app = apply(campaign, [b, a])
    assert [(c.rank, c.program_id) for c in app.choices.order_by("rank")] == [(1, b.pk), (2, a.pk)]
    assert app.age == 13 and app.consent_version == campaign.consent_version and app.consented_at


def test_a_minor_without_the_guardians_consent_is_refused():
    campaign = make_campaign()
    program = make_program(campaign)
    with pytest.raises(ValidationError) as exc:
        apply(campaign, [program], guardian_consent=False)
    assert exc.value.code == "consent"
    with pytest.raises(ValidationError):
        apply(campaign, [program], guardian_name="")
    assert not SummerApplication.objects.exists()


def test_an_adult_needs_no_guardian():
    campaign = make_campaign()
    program = make_program(campaign)
    app = apply(
        campaign,
        [program],
        birth_date=datetime.date(2000, 1, 1),
        grade=13,
        guardian_name="",
        guardian_phone="",
        guardian_consent=False,
    )
    assert app.consent_version == ""


def test_the_database_refuses_a_minor_without_consent():
    campaign = make_campaign()
    app = SummerApplication(
        campaign=campaign,
        name="x",
        furigana="エックス",
        birth_date=datetime.date(2013, 1, 1),
        age=12,
        grade=7,
        email="x@example.jp",
    )
    with pytest.raises(ValidationError):
        app.full_clean()
    with pytest.raises(IntegrityError):
        app.save()


def test_the_same_person_cannot_apply_twice_in_a_campaign():
    campaign = make_campaign()
    program = make_program(campaign)
    apply(campaign, [program])
    with pytest.raises(ValidationError) as exc:
        apply(campaign, [program], furigana="ニシトウキョウ サクラ", email="other@example.jp")
    assert exc.value.code == "duplicate"
    other = make_campaign()
    apply(other, [make_program(other)])  # next year's campaign is another campaign


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"grade": 3}, "grade"),
        ({}, "same_program"),
    ],
)
def test_choices_must_fit_the_limits_and_differ(kw, code):
    campaign = make_campaign()
    juniors = make_program(campaign, grade_min=7, grade_max=9)
    programs = [juniors] if code == "grade" else [juniors, juniors]
    with pytest.raises(ValidationError) as e:
        apply(campaign, programs, **kw)
    assert e.value.code == code


def test_only_approved_programs_of_the_campaign_and_only_while_open():
    campaign = make_campaign()
    offered = make_program(campaign, status="offered")
    with pytest.raises(ValidationError):
        apply(campaign, [offered])
    closed = make_campaign(phase="closed")
    with pytest.raises(ValidationError) as e:
        apply(closed, [make_program(closed)])
    assert e.value.code == "closed"
    with pytest.raises(ValidationError):
        apply(campaign, [make_program(campaign) for _ in range(4)])


def test_attendance_needs_the_day_to_have_come_and_counts_in_the_yearly_numbers(staff):
    campaign = make_campaign(phase="closed")
    program = make_program(campaign, slots=(3,))
    apps = [make_application(campaign, [program]) for _ in range(3)]
    svc.placement_run(campaign=campaign, by=staff, seed=1)
    svc.placement_publish(campaign=campaign, by=staff)
    placements = list(SummerPlacement.objects.filter(application__in=apps))
    with pytest.raises(ValidationError) as e:
        svc.attendance_record(placement=placements[0], attended=True, by=staff)
    assert e.value.code == "future"
    day = placements[0].program_date.day
    svc.attendance_record(placement=placements[0], attended=True, by=staff, today=day)
    svc.attendance_record(placement=placements[1], attended=False, by=staff, today=day)
    numbers = selectors.summer_numbers(campaign.fiscal_year)
    assert (numbers.applicants, numbers.placed, numbers.attended, numbers.hosts, numbers.programs) == (
        3,
        3,
        1,
        1,
        1,
    )
    metric = REGISTRY["programs.summer_experience_participants"]
    assert metric.function(campaign.fiscal_year, "") == 1


@pytest.mark.django_db(transaction=True)
def test_one_application_per_person_when_the_same_form_is_sent_at_once(base_data):
    campaign = make_campaign()
    program = make_program(campaign)
    calls = 6
    barrier = threading.Barrier(calls)
    done, refused, other = [], [], []

    def attempt(i):
        try:
            barrier.wait(timeout=10)
            done.append(apply(campaign, [program], email=f"p{i}@example.jp"))
        except ValidationError as exc:
            refused.append(exc.code)
        except Exception as exc:  # noqa: BLE001 — reported below as a failure
            other.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert other == []
    assert len(done) == 1 and refused == ["duplicate"] * (calls - 1)
    assert SummerApplication.objects.filter(campaign=campaign).count() == 1


def test_the_plans_read_the_summer_participants_by_month_and_list_each_program_held(staff):
    from plans import metrics

    campaign = make_campaign(phase="closed")
    program = make_program(campaign, slots=(3,))
    apps = [make_application(campaign, [program]) for _ in range(3)]
    svc.placement_run(campaign=campaign, by=staff, seed=1)
    svc.placement_publish(campaign=campaign, by=staff)
    placements = list(SummerPlacement.objects.filter(application__in=apps))
    day = placements[0].program_date.day
    for placement, came in zip(placements, (True, True, False), strict=True):
        svc.attendance_record(placement=placement, attended=came, by=staff, today=day)
    fy = campaign.fiscal_year
    with metrics.batch():
        series = metrics.monthly("programs.summer_experience_participants", "", fy)
        records = metrics.records("programs.summer_experience_participants", "", fy)
        total = metrics.value("programs.summer_experience_participants", "", fy)
    assert total == 2
    assert series[-1] == total
    from config.core.dates import fiscal_month_index

    month = fiscal_month_index(day, fy)  # the activity day's month (clamped into the fiscal year)
    assert series[month] == 2 and (month == 0 or series[month - 1] == 0)
    assert len(records) == 1
    assert records[0].days == (day,)
    assert program.title in records[0].title and program.host.name in records[0].title
    assert records[0].note == "参加2人"
