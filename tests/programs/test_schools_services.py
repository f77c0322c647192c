"""School lessons and outreach courses: the status steps and their rules, the notices, equipment for the day (the
equipment loans' own service and exclusion constraint), lecturer candidates and the yearly numbers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.core.dates import fiscal_year
from plans import metrics
from programs import selectors
from programs.models import EquipmentLoan, SchoolRequest
from programs.services import equipment as equipment_services
from programs.services import schools as services
from tests.volunteers.factories import VolunteerFactory, registered_group
from volunteers.models import ActivityField, Notice

from .factories import equipment_rules, make_kind, make_units, open_days
from .school_factories import at, confirmed, submit, themes

pytestmark = pytest.mark.django_db
S = SchoolRequest.Status


@pytest.fixture
def lecturer(base_data):
    volunteer = VolunteerFactory(registered=True, name="点字 花子", email="hanako@example.jp")
    volunteer.activity_fields.add(ActivityField.objects.get(slug="disability"))
    return volunteer


def lesson_day(site, days=14):
    return open_days(site, timezone.localdate() + datetime.timedelta(days=days), 1)[0]


# --- receiving ---------------------------------------------------------------------------------------------


def test_a_request_is_received_with_its_dates_and_the_school_hears_by_email(base_data):
    school_request = submit()
    assert school_request.status == S.RECEIVED
    assert [d.rank for d in school_request.dates.all()] == [1]
    notice = Notice.objects.get(guest_name__startswith="西東京市立けやき小学校")
    assert notice.channel == Notice.Channel.EMAIL and "受け付けました" in notice.subject


def test_a_school_without_email_lands_on_the_staff_phone_list(base_data):
    submit(email="")
    notice = Notice.objects.get(guest_name__startswith="西東京市立けやき小学校")
    assert notice.channel == Notice.Channel.MANUAL and notice.guest_phone == "042-461-0000"


def test_a_past_preferred_date_is_refused(base_data):
    with pytest.raises(ValidationError, match="今日以降"):
        submit(day=timezone.localdate() - datetime.timedelta(days=1))
    assert not SchoolRequest.objects.exists()


# --- the status steps --------------------------------------------------------------------------------------


def test_the_whole_flow_tells_school_and_lecturers_and_records_the_lesson(base_data, staff, lecturer):
    group = registered_group(name="田無手話サークル", contact_email="")
    school_request = submit()
    services.request_start_arranging(school_request=school_request, by=staff)
    services.lecturer_add(school_request=school_request, volunteer=lecturer, by=staff)
    services.lecturer_add(school_request=school_request, group=group, role="手話の実演", by=staff)
    day = timezone.localdate() + datetime.timedelta(days=10)
    school_request = services.request_confirm(
        school_request=school_request, starts_at=at(day, 10), ends_at=at(day, 11, 30), by=staff
    )
    assert school_request.status == S.CONFIRMED
    assert Notice.objects.filter(volunteer=lecturer, subject__contains="日時が決まりました").count() == 1
    group_notice = Notice.objects.get(group=group)
    assert group_notice.channel == Notice.Channel.MANUAL  # no email: phoned or posted by staff
    assert Notice.objects.filter(
        guest_name__startswith="西東京市立けやき小学校", subject__contains="決まりました"
    ).exists()
    held = services.request_record_held(
        school_request=school_request,
        pupils_reached=58,
        report="車いすの押し方を体験。",
        by=staff,
        now=at(day, 12),
    )
    assert held.status == S.HELD and held.pupils_reached == 58


def test_a_lesson_cannot_be_held_before_its_date(base_data, staff, lecturer):
    school_request = confirmed(by=staff, lecturer=lecturer)
    with pytest.raises(ValidationError, match="過ぎてから"):
        services.request_record_held(school_request=school_request, pupils_reached=60, report="", by=staff)
    school_request.refresh_from_db()
    assert school_request.status == S.CONFIRMED


def test_the_database_refuses_held_before_the_start(base_data, staff, lecturer):
    school_request = confirmed(by=staff, lecturer=lecturer)
    school_request.status, school_request.pupils_reached = S.HELD, 60
    school_request.held_recorded_at = school_request.starts_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError, match="開始時刻を過ぎてから"):
        school_request.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolRequest.objects.filter(pk=school_request.pk).update(
            status=S.HELD,
            pupils_reached=60,
            held_recorded_at=school_request.starts_at - datetime.timedelta(hours=1),
        )


def test_the_database_refuses_a_decided_request_without_a_date(base_data):
    school_request = submit()
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolRequest.objects.filter(pk=school_request.pk).update(status=S.CONFIRMED)


@pytest.mark.parametrize(
    "steps, bad",
    [
        ([], S.HELD),  # 受付 → 実施済
        (["arranging"], S.ARRANGING),  # 調整中 → 調整中
        (["cancel"], S.CONFIRMED),  # 中止 → 決定
        (["cancel"], S.ARRANGING),  # 中止 → 調整中
    ],
)
def test_illegal_steps_are_refused(base_data, staff, lecturer, steps, bad):
    school_request = submit()
    services.lecturer_add(school_request=school_request, volunteer=lecturer, by=staff)
    for step in steps:
        if step == "arranging":
            services.request_start_arranging(school_request=school_request, by=staff)
        else:
            services.request_cancel(school_request=school_request, reason="学校の都合", by=staff)
    school_request.refresh_from_db()
    before = school_request.status
    day = timezone.localdate() + datetime.timedelta(days=5)
    with pytest.raises(ValidationError, match="にできません"):
        if bad == S.HELD:
            services.request_record_held(school_request=school_request, pupils_reached=1, report="", by=staff)
        elif bad == S.ARRANGING:
            services.request_start_arranging(school_request=school_request, by=staff)
        else:
            services.request_confirm(
                school_request=school_request, starts_at=at(day, 10), ends_at=at(day, 11), by=staff
            )
    school_request.refresh_from_db()
    assert school_request.status == before


def test_a_held_lesson_cannot_be_cancelled(base_data, staff, lecturer):
    school_request = confirmed(by=staff, lecturer=lecturer)
    services.request_record_held(
        school_request=school_request,
        pupils_reached=50,
        report="",
        by=staff,
        now=school_request.starts_at + datetime.timedelta(hours=2),
    )
    with pytest.raises(ValidationError, match="「実施済」の依頼は「中止」にできません"):
        services.request_cancel(school_request=school_request, reason="誤り", by=staff)


def test_deciding_needs_a_lecturer_and_a_future_time(base_data, staff):
    school_request = submit()
    day = timezone.localdate() + datetime.timedelta(days=5)
    with pytest.raises(ValidationError, match="講師"):
        services.request_confirm(
            school_request=school_request, starts_at=at(day, 10), ends_at=at(day, 11), by=staff
        )
    with pytest.raises(ValidationError, match="これからの日時"):
        services.request_confirm(
            school_request=school_request,
            starts_at=timezone.now() - datetime.timedelta(days=1),
            ends_at=timezone.now(),
            by=staff,
        )
    assert SchoolRequest.objects.get().status == S.RECEIVED


def test_cancelling_a_decided_lesson_tells_the_lecturers(base_data, staff, lecturer):
    school_request = confirmed(by=staff, lecturer=lecturer)
    services.request_cancel(school_request=school_request, reason="学級閉鎖のため", by=staff)
    assert Notice.objects.filter(volunteer=lecturer, subject__contains="中止").exists()
    with pytest.raises(ValidationError, match="中止の理由"):
        services.request_cancel(school_request=submit(), reason="  ", by=staff)


def test_the_last_lecturer_of_a_decided_lesson_stays(base_data, staff, lecturer):
    school_request = confirmed(by=staff, lecturer=lecturer)
    with pytest.raises(ValidationError, match="1人"):
        services.lecturer_remove(lecturer=school_request.lecturers.get(), by=staff)


def test_a_lecturer_is_added_once(base_data, staff, lecturer):
    school_request = submit()
    services.lecturer_add(school_request=school_request, volunteer=lecturer, by=staff)
    with pytest.raises(ValidationError, match="すでに講師"):
        services.lecturer_add(school_request=school_request, volunteer=lecturer, by=staff)


# --- equipment for the day ---------------------------------------------------------------------------------


@pytest.fixture
def wheelchair(tanashi):
    equipment_rules(tanashi, max_days_ahead=30)
    kind = make_kind("車椅子", lend_to_schools=True)
    make_units(kind, tanashi, 1)
    return kind


def test_equipment_is_reserved_for_the_lesson_day_without_a_fee(
    base_data, staff, lecturer, tanashi, wheelchair
):
    day = lesson_day(tanashi, days=60)  # beyond the groups' advance limit: staff reserve for lessons
    school_request = confirmed(by=staff, lecturer=lecturer, day=day)
    loan = services.equipment_reserve(
        school_request=school_request, kind=wheelchair, site=tanashi, pickup_on=day, return_on=day, by=staff
    )
    assert loan.school_request == school_request and loan.group is None and loan.fee == 0
    assert loan.borrower_name == "西東京市立けやき小学校"


def test_two_lessons_on_one_day_cannot_hold_the_only_unit(base_data, staff, lecturer, tanashi, wheelchair):
    day = lesson_day(tanashi)
    first = confirmed(by=staff, lecturer=lecturer, day=day)
    second = confirmed(by=staff, lecturer=lecturer, day=day, organisation="西東京市立ひばり中学校")
    services.equipment_reserve(
        school_request=first, kind=wheelchair, site=tanashi, pickup_on=day, return_on=day, by=staff
    )
    with pytest.raises(ValidationError, match="貸し出せる車椅子がありません"):
        services.equipment_reserve(
            school_request=second, kind=wheelchair, site=tanashi, pickup_on=day, return_on=day, by=staff
        )
    assert EquipmentLoan.objects.count() == 1


def test_a_group_loan_and_a_lesson_share_the_exclusion_constraint(
    base_data, staff, lecturer, tanashi, wheelchair
):
    day = lesson_day(tanashi)
    group = registered_group(name="西東京ひばりの会", fiscal_year=fiscal_year(day))
    group_loan = equipment_services.loan_reserve(
        kind=wheelchair, site=tanashi, group=group, pickup_on=day, return_on=day, by=staff, as_staff=True
    )
    school_request = confirmed(by=staff, lecturer=lecturer, day=day)
    with pytest.raises(ValidationError, match="貸し出せる車椅子がありません"):
        services.equipment_reserve(
            school_request=school_request,
            kind=wheelchair,
            site=tanashi,
            pickup_on=day,
            return_on=day,
            by=staff,
        )
    # Written past the service, the database itself refuses the same unit on the same day.
    with pytest.raises(IntegrityError), transaction.atomic():
        EquipmentLoan.objects.create(
            unit=group_loan.unit, school_request=school_request, pickup_on=day, return_on=day, fee=0
        )


def test_a_loan_has_exactly_one_borrower(base_data, staff, lecturer, tanashi, wheelchair):
    day = lesson_day(tanashi)
    group = registered_group(name="西東京ひばりの会")
    school_request = confirmed(by=staff, lecturer=lecturer, day=day)
    unit = wheelchair.units.get()
    for kwargs in ({}, {"group": group, "school_request": school_request}):
        with pytest.raises(IntegrityError), transaction.atomic():
            EquipmentLoan.objects.create(unit=unit, pickup_on=day, return_on=day, fee=0, **kwargs)


def test_equipment_needs_a_decided_lesson_inside_the_loan_and_a_kind_for_schools(
    base_data, staff, lecturer, tanashi, wheelchair
):
    day = lesson_day(tanashi)
    with pytest.raises(ValidationError, match="決定"):
        services.equipment_reserve(
            school_request=submit(day=day),
            kind=wheelchair,
            site=tanashi,
            pickup_on=day,
            return_on=day,
            by=staff,
        )
    school_request = confirmed(by=staff, lecturer=lecturer, day=day)
    with pytest.raises(ValidationError, match="授業の日"):
        services.equipment_reserve(
            school_request=school_request,
            kind=wheelchair,
            site=tanashi,
            pickup_on=day + datetime.timedelta(days=1),
            return_on=day + datetime.timedelta(days=2),
            by=staff,
        )
    projector = make_kind("プロジェクター")
    make_units(projector, tanashi, 1, prefix="P")
    with pytest.raises(ValidationError, match="学校の授業・出張講座には貸し出していません"):
        services.equipment_reserve(
            school_request=school_request,
            kind=projector,
            site=tanashi,
            pickup_on=day,
            return_on=day,
            by=staff,
        )


def test_cancelling_the_lesson_frees_its_equipment(base_data, staff, lecturer, tanashi, wheelchair):
    day = lesson_day(tanashi)
    school_request = confirmed(by=staff, lecturer=lecturer, day=day)
    loan = services.equipment_reserve(
        school_request=school_request, kind=wheelchair, site=tanashi, pickup_on=day, return_on=day, by=staff
    )
    services.request_cancel(school_request=school_request, reason="雨天のため", by=staff)
    loan.refresh_from_db()
    assert loan.status == EquipmentLoan.Status.CANCELLED
    other = confirmed(by=staff, lecturer=lecturer, day=day, organisation="西東京市立ひばり中学校")
    services.equipment_reserve(
        school_request=other, kind=wheelchair, site=tanashi, pickup_on=day, return_on=day, by=staff
    )


def test_an_overdue_lesson_unit_reminds_the_school(base_data, staff, lecturer, tanashi, wheelchair):
    day = lesson_day(tanashi)
    school_request = confirmed(by=staff, lecturer=lecturer, day=day, email="")
    loan = services.equipment_reserve(
        school_request=school_request, kind=wheelchair, site=tanashi, pickup_on=day, return_on=day, by=staff
    )
    equipment_services.loan_check_out(
        loan=loan, by=staff, condition="good", collected_by="田無 先生", fee_charged=0, today=day
    )
    reminded = equipment_services.overdue_remind(today=day + datetime.timedelta(days=3))
    assert reminded == [loan]
    notice = Notice.objects.get(subject__contains="返却日を過ぎています")
    assert notice.channel == Notice.Channel.MANUAL and notice.guest_phone == "042-461-0000"


# --- candidates and numbers --------------------------------------------------------------------------------


def test_lecturer_candidates_come_from_the_themes_activity_field(base_data, staff, lecturer):
    VolunteerFactory(registered=True, name="関係 なし")
    group = registered_group(name="車いす点検の会")
    group.activity_fields.add(ActivityField.objects.get(slug="disability"))
    school_request = submit(theme="車いす")
    volunteers, groups = selectors.lecturer_candidates(
        school_request, fiscal_year=fiscal_year(timezone.localdate())
    )
    assert volunteers[0][0] == lecturer and "分野：障がい者" in volunteers[0][1]
    assert [g for g, _reasons in groups] == [group]
    services.lecturer_add(school_request=school_request, volunteer=lecturer, by=staff)
    volunteers, _groups = selectors.lecturer_candidates(
        school_request, fiscal_year=fiscal_year(timezone.localdate())
    )
    assert lecturer not in [v for v, _reasons in volunteers]


def test_numbers_count_held_lessons_and_outreach_courses_by_fiscal_year(base_data, staff, lecturer):
    fy = fiscal_year(timezone.localdate() + datetime.timedelta(days=14))
    for kind, n in ((SchoolRequest.Kind.LESSON, 2), (SchoolRequest.Kind.OUTREACH, 1)):
        for _i in range(n):
            school_request = confirmed(by=staff, lecturer=lecturer, kind=kind)
            services.request_record_held(
                school_request=school_request,
                pupils_reached=30,
                report="",
                by=staff,
                now=school_request.starts_at + datetime.timedelta(hours=3),
            )
    confirmed(by=staff, lecturer=lecturer)  # decided, not yet held: not counted
    services.request_cancel(school_request=submit(), reason="日程が合わず", by=staff)
    numbers = selectors.school_numbers(fy)
    assert (numbers.lessons_held, numbers.outreach_held, numbers.pupils_reached) == (2, 1, 90)
    received = selectors.school_numbers(fiscal_year(timezone.localdate()))  # by the day received: today
    assert (received.requests, received.cancelled) == (5, 1)
    assert metrics.value("programs.school_requests", "", fy) == 2
    assert metrics.value("programs.school_requests", "outreach", fy) == 1
    assert metrics.value("programs.school_requests", "", fy - 1) == 0


def test_themes_are_data(base_data):
    assert {"車いす", "手話", "点字", "高齢者疑似体験", "視覚障がい者のガイド", "障がい者の講演"} <= set(
        themes()
    )
