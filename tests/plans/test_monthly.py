"""Monthly cumulative actuals: every metric's twelve months (April first, Asia/Tokyo) end at its yearly number,
the item page draws them against the target, and the item page's queries do not grow with the records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from psycopg.types.range import Range

from committees.models import Attendance
from config.core.dates import per_fiscal_month
from config.core.models import Site
from plans import metrics, selectors
from plans.models import ManualEntry, PlanItem
from programs.models import (
    EventSession,
    EventSignup,
    LockerAssignment,
    NewsArticle,
    RoomBooking,
    SchoolRequest,
)
from tests.committees.factories import make_meeting, make_member
from tests.programs.event_factories import make_event
from tests.programs.factories import make_kind, make_lockers, make_room, make_units
from tests.programs.school_factories import themes
from tests.volunteers.factories import (
    ConsultationFactory,
    GroupRegistrationFactory,
    IntroductionFactory,
    VolunteerFactory,
    VolunteerGroupFactory,
)
from volunteers.models import GroupRegistration
from volunteers.models.insurance import Enrolment, EventInsurance

from .test_insurance_equipment_metrics import enrol, insure_event, loan

pytestmark = pytest.mark.django_db

D = datetime.date
TOKYO = timezone.get_default_timezone()

# The metrics this branch gives a monthly series; a metric added later without one keeps the yearly total.
WITH_MONTHS = {
    "volunteers.new_registrations",
    "volunteers.active_volunteers",
    "volunteers.registered_groups",
    "volunteers.introductions",
    "volunteers.introduction_success_rate",
    "volunteers.consultations",
    "volunteers.insurance_people",
    "volunteers.event_insurance",
    "programs.room_bookings",
    "programs.room_groups",
    "programs.locker_groups",
    "programs.equipment_loans",
    "programs.events",
    "programs.event_participants",
    "programs.news_posts",
    "programs.school_requests",
    "committees.meetings",
    "committees.attendance",
}


def at(y, m, d, h=10, minute=0):
    return datetime.datetime(y, m, d, h, minute, tzinfo=TOKYO)


def _book(room, group, start):
    RoomBooking.objects.create(
        room=room, group=group, during=Range(start, start + datetime.timedelta(hours=1))
    )


def _held(event, *starts):
    EventSession.objects.filter(event=event).delete()
    for start in starts:
        EventSession.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def seed_fy2020(staff):
    """Known records for every source, spread over FY2020's months and across both of its boundaries."""
    tanashi, hoya = Site.objects.get(slug="tanashi"), Site.objects.get(slug="hoya")
    # volunteers: registrations, an earlier one still active, introductions, consultations
    for day in (D(2020, 4, 1), D(2020, 7, 15), D(2021, 3, 31), D(2021, 4, 1)):
        VolunteerFactory(registered=True, registered_on=day)
    VolunteerFactory(registered=True, registered_on=D(2019, 6, 1))
    for day, status in ((D(2020, 5, 1), "active"), (D(2020, 5, 20), "failed"), (D(2020, 11, 2), "ended")):
        extra = (
            {"started_on": day} if status in ("active", "ended") else {"failure_reason": "日程が合わなかった"}
        )
        IntroductionFactory(introduced_on=day, status=status, **extra)
    IntroductionFactory(introduced_on=D(2021, 2, 1), status="proposed")
    for day in (D(2020, 4, 1), D(2020, 12, 24), D(2021, 3, 31), D(2021, 4, 1)):
        ConsultationFactory(received_on=day)
    # groups registered for 2020: one decided in March 2020 (before the year: April), one in June
    groups = []
    for decided in (at(2020, 3, 20), at(2020, 6, 5)):
        group = VolunteerGroupFactory()
        GroupRegistrationFactory(group=group, fiscal_year=2020, members_count=5)
        GroupRegistration.objects.filter(group=group).update(decided_at=decided)
        groups.append(group)
    # rooms: 1 April 00:30 in Tokyo is still 31 March in UTC; 31 March 23:30 Tokyo is FY2020
    room_t, room_h = make_room(tanashi, name="会議室A"), make_room(hoya, name="会議室B")
    _book(room_t, groups[0], at(2020, 4, 1, 0, 30))
    _book(room_t, groups[1], at(2020, 8, 3))
    _book(room_t, groups[0], at(2021, 3, 31, 23, 0))
    _book(room_t, groups[0], at(2021, 4, 1, 9))
    _book(room_h, groups[1], at(2020, 10, 1))
    lockers = make_lockers(hoya, n=2)
    for i, (locker, group) in enumerate(zip(lockers, groups, strict=True)):
        row = LockerAssignment.objects.create(
            locker=locker, site=hoya, slot=i + 1, group=group, fiscal_year=2020
        )
        LockerAssignment.objects.filter(pk=row.pk).update(
            assigned_at=at(2020, 3, 25) if i == 0 else at(2020, 9, 1)
        )
    # equipment: lent and returned loans count, by pick-up day
    units = make_units(make_kind(), tanashi, 2)
    for unit, pickup, status in (
        (units[0], D(2020, 4, 1), "returned"),
        (units[1], D(2020, 6, 10), "lent"),
        (units[0], D(2021, 3, 31), "returned"),
        (units[1], D(2021, 4, 1), "returned"),
        (units[1], D(2020, 9, 1), "reserved"),
    ):
        loan(unit, groups[0], pickup, status)
    # insurance: people by the day their enrolment was completed, events by the event's first day
    enrol(2020, completed_on=D(2020, 3, 31), today=D(2020, 3, 31))  # done early for FY2020: April
    enrol(2020, completed_on=D(2020, 9, 15), today=D(2020, 9, 1))
    enrol(2021, completed_on=D(2021, 3, 31), today=D(2021, 3, 31))  # FY2021, not 2020
    insure_event(groups[0], D(2020, 7, 4), today=D(2020, 6, 1))
    insure_event(groups[0], D(2021, 3, 31), today=D(2021, 2, 1))
    insure_event(groups[0], D(2021, 4, 1), today=D(2021, 2, 1))
    # events: two beginner courses (one over two months), one disaster course on 1 April 00:30 Tokyo
    first = make_event(type_key="course-beginner", title="はじめて講座 第1回")
    _held(first, at(2020, 6, 13), at(2020, 7, 11))
    second = make_event(type_key="course-beginner", title="はじめて講座 第2回", walk_ins=3)
    _held(second, at(2021, 3, 31, 18))
    disaster = make_event(type_key="course-disaster", title="災害講習")
    _held(disaster, at(2020, 4, 1, 0, 30))
    later = make_event(type_key="course-beginner", title="次年度")
    _held(later, at(2021, 4, 1, 10))
    for people in (1, 2):
        EventSignup.objects.create(
            event=first,
            guest_name=f"来場 太郎{people}",
            guest_email=f"g{people}@example.jp",
            people=people,
            status="confirmed",
        )
    EventSignup.objects.create(
        event=first, guest_name="待ち 花子", guest_email="w@example.jp", people=4, status="waiting"
    )
    seed_schools_and_meetings()
    # news
    for day in (D(2020, 4, 1), D(2020, 4, 30), D(2021, 1, 5), D(2021, 4, 1)):
        NewsArticle.objects.create(title=f"お知らせ{day}", body="本文", published_on=day, is_published=True)


def _lesson(organisation, grade, start, reached, kind="lesson"):
    return SchoolRequest.objects.create(
        kind=kind,
        organisation=organisation,
        grade=grade,
        pupils=reached + 1,
        theme=themes()["車いす"],
        place="体育館",
        contact_name="田無 先生",
        contact_phone="042-461-0000",
        status="held",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        held_recorded_at=start + datetime.timedelta(hours=2),
        pupils_reached=reached,
    )


def seed_schools_and_meetings():
    """School lessons held (実施済) across FY2020's boundaries, one outreach course, and committee meetings with their
    attendance (one cancelled, one in the next year)."""
    _lesson("けやき小学校", "4年生", at(2020, 4, 1, 0, 30), 60)  # 1 April 00:30 in Tokyo
    _lesson("田無小学校", "5年生", at(2020, 10, 6), 90)
    _lesson("保谷中学校", "1年生", at(2021, 4, 1, 9), 30)  # FY2021
    _lesson("ひばりが丘自治会", "", at(2020, 11, 20), 25, kind="outreach")
    members = [make_member(f"monthly{i}")[1] for i in range(3)]
    first = make_meeting(date=D(2020, 5, 12))
    second = make_meeting(date=D(2020, 7, 14))
    make_meeting(date=D(2020, 9, 8), cancelled_at=at(2020, 9, 1))
    later = make_meeting(date=D(2021, 5, 11))
    for meeting, present in ((first, 3), (second, 2), (later, 3)):
        for i, member in enumerate(members):
            Attendance.objects.create(meeting=meeting, member=member, present=i < present)


def _params(key: str) -> list[str]:
    if key.startswith("committees."):
        return ["operating-committee", "progress-committee"]
    if key == "programs.school_requests":
        return ["", "outreach"]
    if key.startswith(("programs.room", "programs.locker")):
        return ["tanashi", "hoya"]
    if key == "programs.equipment_loans":
        return ["", "tanashi", "hoya"]
    if key in ("programs.events", "programs.event_participants"):
        return ["", "course-beginner", "course-disaster"]
    return [""]


def test_every_monthly_series_ends_at_the_metrics_yearly_number(base_data, staff):
    seed_fy2020(staff)
    assert WITH_MONTHS <= {key for key, m in metrics.REGISTRY.items() if m.monthly}
    nonzero = set()
    for key, metric in metrics.REGISTRY.items():
        if metric.monthly is None:
            continue
        for param in _params(key):
            for fy in (2019, 2020, 2021):
                with metrics.batch():
                    series = metrics.monthly(key, param, fy)
                    yearly = metrics.value(key, param, fy)
                assert len(series) == 12, key
                assert series[-1] == yearly, (key, param, fy, series, yearly)
                if fy == 2020 and yearly:
                    nonzero.add(key)
    assert nonzero >= WITH_MONTHS  # each was checked against records it counts, not only at zero


def test_the_months_fall_in_tokyo_time_and_clamp_to_the_year(base_data, staff):
    seed_fy2020(staff)
    with metrics.batch():
        rooms = metrics.monthly("programs.room_bookings", "tanashi", 2020)
        groups = metrics.monthly("programs.room_groups", "tanashi", 2020)
        registrations = metrics.monthly("volunteers.new_registrations", "", 2020)
        people = metrics.monthly("volunteers.insurance_people", "", 2020)
        events = metrics.monthly("volunteers.event_insurance", "", 2020)
        beginner = metrics.monthly("programs.events", "course-beginner", 2020)
        participants = metrics.monthly("programs.event_participants", "course-beginner", 2020)
        disaster = metrics.monthly("programs.events", "course-disaster", 2020)
        lockers = metrics.monthly("programs.locker_groups", "hoya", 2020)
        loans = metrics.monthly("programs.equipment_loans", "", 2020)
        rate = metrics.monthly("volunteers.introduction_success_rate", "", 2020)
        registered = metrics.monthly("volunteers.registered_groups", "", 2020)
    # April first: index 0 = April, 4 = August, 11 = March
    assert rooms == [
        1,
        1,
        1,
        1,
        2,
        2,
        2,
        2,
        2,
        2,
        2,
        3,
    ]  # 1 April 00:30 JST is April, 31 March 23:00 is March
    assert groups == [
        1,
        1,
        1,
        1,
        2,
        2,
        2,
        2,
        2,
        2,
        2,
        2,
    ]  # a group counts once, in the month of its first use
    assert registrations == [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3]
    assert people[0] == 1 and people[5] == 2 and people[-1] == 2  # completed 31 March 2020 for FY2020: April
    assert events == [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2]
    assert beginner == [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]  # by the first session: 13 June, 31 March 18:00
    assert participants == [0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 6]  # confirmed people, then 3 walk-ins
    assert disaster[0] == 1
    assert lockers == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2]  # assigned in March 2020 for FY2020: April
    assert loans == [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3]
    assert rate[0] is None and rate[1] == 50.0 and rate[7] == pytest.approx(66.7)
    assert registered == [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]


def test_per_fiscal_month_reads_datetimes_in_tokyo_and_clamps():
    pairs = [
        (datetime.datetime(2020, 3, 31, 15, 30, tzinfo=datetime.UTC), 1),  # 1 April 00:30 in Tokyo
        (D(2020, 3, 1), 2),  # before the year: April
        (D(2021, 5, 1), 4),  # after it: March
        (None, 8),
        (D(2020, 12, 1), 16),
    ]
    assert per_fiscal_month(pairs, 2020) == [11, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 4]


def _item(name):
    return PlanItem.objects.get(fiscal_year=2020, name=name)


def test_the_item_page_draws_the_monthly_cumulative_actual_against_the_target(client, base_data, staff):
    seed_fy2020(staff)
    item = _item("ボランティアはじめて講座")
    row = selectors.item_progress(item, today=D(2021, 6, 1))
    held, people = row.targets
    assert held.monthly == [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2] and held.actual == 2
    assert people.monthly[-1] == 6 and not held.monthly_is_total
    html = client.get(reverse("plans:item", args=[item.pk])).content.decode()
    assert "月ごとの累計実績（表）" in html
    assert "<polyline" in html and "stroke-dasharray" in html  # the actual, and the dashed target line
    assert "目標2回に対し、実績は2回（達成率100%）、状況は「達成」です。" in html
    assert "この指標は年度の合計だけを集計しています" not in html
    # the table beside the chart carries both lines: the cumulative actual and the target's pace
    assert "目安（目標に向けた累計）" in html
    assert '<th scope="row">9月</th><td>1回</td><td>1回</td>' in html
    assert '<th scope="row">3月</th><td>2回</td><td>2回</td>' in html
    # mid-year, the series stops at the month reached
    mid = selectors.item_progress(item, today=D(2020, 8, 20))
    assert mid.targets[0].monthly[:5] == [0, 0, 1, 1, 1] and mid.targets[0].monthly[5:] == [None] * 7


def test_manual_entries_give_a_monthly_series_from_their_dates(base_data, staff):
    item = _item("広報紙を活用した広報")
    target = item.targets.first()
    for day in (D(2020, 6, 1), D(2020, 6, 20), D(2021, 1, 10)):
        ManualEntry.objects.create(target=target, entered_on=day, value=1, note="発行", entered_by=staff)
    row = selectors.item_progress(item, today=D(2021, 4, 30))
    assert row.targets[0].monthly == [0, 0, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3]


def test_the_item_pages_queries_do_not_grow_with_the_records(client, base_data, staff):
    item = _item("ボランティアはじめて講座")
    rooms = _item("活動室の貸し出し（田無）")
    seed_fy2020(staff)
    client.get(reverse("plans:item", args=[item.pk]))
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("plans:item", args=[item.pk])).status_code == 200
            assert client.get(reverse("plans:item", args=[rooms.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
        for n in range(5):
            event = make_event(type_key="course-beginner", title=f"追加{n}")
            _held(event, at(2020, 10, 1 + n), at(2020, 11, 1 + n))
            group = VolunteerGroupFactory()
            _book(
                make_room(Site.objects.get(slug="tanashi"), name=f"追加室{_round}-{n}"),
                group,
                at(2020, 5, 1 + n),
            )
    assert counts[0] == counts[1]


def test_the_monthly_series_cost_a_fixed_number_of_queries(base_data, staff):
    seed_fy2020(staff)
    with CaptureQueriesContext(connection) as ctx, metrics.batch():
        for key in sorted(WITH_MONTHS):
            for param in _params(key):
                metrics.monthly(key, param, 2020)
    # 13 sources (schools and committee meetings included), one grouped query each, plus the second query of
    # active volunteers and insurance and the names of the sites and event types: 20, not one per param or record
    assert len(ctx.captured_queries) <= 20
    assert Enrolment.objects.exists() and EventInsurance.objects.exists()


def test_a_metric_registered_the_old_way_shows_its_total_at_the_month_reached(base_data, monkeypatch):
    monkeypatch.setattr(metrics, "REGISTRY", dict(metrics.REGISTRY))
    metrics.register(
        "programs.summer_experience_participants", "夏！体験の参加者数", "人", lambda fy, param: 150
    )
    assert metrics.monthly("programs.summer_experience_participants", "", 2020) is None
    assert metrics.records("programs.summer_experience_participants", "", 2020) == []
    item = _item("夏！体験ボランティア西東京")
    target = selectors.item_progress(item, today=D(2020, 8, 15)).targets[0]
    assert target.actual == 150 and target.monthly_is_total
    assert target.monthly == [None] * 4 + [150] + [None] * 7
    # and with the optional keywords, a later metric draws its months and lists its records
    metrics.register(
        "programs.summer_experience_participants",
        "夏！体験の参加者数",
        "人",
        lambda fy, param: 150,
        monthly=lambda fy, param: metrics.running([0, 0, 0, 100, 50] + [0] * 7),
        records=lambda fy, param: [metrics.Record((D(2020, 7, 20), D(2020, 8, 10)), "夏！体験", "参加150人")],
    )
    target = selectors.item_progress(item, today=D(2020, 8, 15)).targets[0]
    assert target.monthly == [0, 0, 0, 100, 150] + [None] * 7 and not target.monthly_is_total
    from plans import reports

    row = reports.report_rows(selectors.year_progress(2020, today=D(2021, 5, 1)))
    done = next(r for r in row if r.business == "夏！体験ボランティア西東京").done
    assert "7月20日・8月10日 夏！体験（参加150人）" in done


def test_school_lessons_and_committee_meetings_by_month(base_data, staff):
    seed_schools_and_meetings()
    with metrics.batch():
        lessons = metrics.monthly("programs.school_requests", "", 2020)
        outreach = metrics.monthly("programs.school_requests", "outreach", 2020)
        meetings = metrics.monthly("committees.meetings", "operating-committee", 2020)
        attendance = metrics.monthly("committees.attendance", "operating-committee", 2020)
    assert lessons == [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]  # 1 April 00:30 Tokyo is April; October
    assert outreach == [0] * 7 + [1] * 5
    assert meetings == [0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]  # the cancelled September meeting is not held
    assert attendance == [0, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    assert metrics.value("programs.school_requests", "", 2021) == 1
    assert metrics.monthly("committees.meetings", "operating-committee", 2021)[1] == 1
