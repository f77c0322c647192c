"""The 事業報告's 実施内容・実施日 column lists the dated records behind each item (each course with its days and
participants), on the print page and in the .xlsx, at a number of queries that does not grow with the records."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import Attendance
from plans import metrics, reports, selectors
from programs import selectors as programs_selectors
from programs.models import EventSignup
from tests.committees.factories import make_meeting, make_member
from tests.programs.event_factories import make_event

from .test_monthly import _held, _lesson, at, seed_schools_and_meetings

pytestmark = pytest.mark.django_db


def _courses():
    first = make_event(type_key="course-beginner", title="はじめて講座 第1回", walk_ins=2)
    _held(first, at(2020, 6, 13), at(2020, 7, 11))
    EventSignup.objects.create(
        event=first, guest_name="来場 太郎", guest_email="g@example.jp", people=3, status="confirmed"
    )
    second = make_event(type_key="course-beginner", title="はじめて講座 第2回")
    _held(second, at(2021, 3, 31, 18))
    disaster = make_event(type_key="course-disaster", title="災害ボランティア養成講習会")
    _held(disaster, at(2020, 4, 1, 0, 30))  # 1 April 00:30 in Tokyo (31 March in UTC)
    called_off = make_event(type_key="course-beginner", title="中止した講座")
    _held(called_off, at(2020, 9, 5))
    called_off.cancelled_at = at(2020, 9, 1)
    called_off.save()
    _held(make_event(type_key="course-beginner", title="次年度の講座"), at(2021, 4, 1, 10))


def test_event_records_give_each_held_event_with_its_tokyo_days_and_participants(base_data):
    _courses()
    records = programs_selectors.event_records(2020)
    assert [(r.event_type_key, r.title, r.days, r.participants) for r in records] == [
        ("course-disaster", "災害ボランティア養成講習会", [datetime.date(2020, 4, 1)], 0),
        (
            "course-beginner",
            "はじめて講座 第1回",
            [datetime.date(2020, 6, 13), datetime.date(2020, 7, 11)],
            5,
        ),
        ("course-beginner", "はじめて講座 第2回", [datetime.date(2021, 3, 31)], 0),
    ]
    with CaptureQueriesContext(connection) as ctx, metrics.batch():
        beginner = metrics.records("programs.events", "course-beginner", 2020)
        metrics.records("programs.event_participants", "course-disaster", 2020)
    assert len(ctx.captured_queries) == 1
    assert [reports.record_line(r) for r in beginner] == [
        "6月13日・7月11日 はじめて講座 第1回（参加5人）",
        "3月31日 はじめて講座 第2回（参加0人）",
    ]
    assert metrics.records("programs.room_bookings", "tanashi", 2020) == []


def test_the_report_lists_each_course_once_under_its_item_in_the_page_and_the_xlsx(client, staff):
    _courses()
    rows = {r.business: r for r in reports.report_rows(selectors.year_progress(2020))}
    beginner = rows["ボランティアはじめて講座"].done
    # the item has two targets (2回 and 40人) on the same courses: they are listed once, after both figures
    assert beginner[0].startswith("開催回数：2回") and beginner[1].startswith("参加者数：5人")
    assert beginner[2:] == [
        "6月13日・7月11日 はじめて講座 第1回（参加5人）",
        "3月31日 はじめて講座 第2回（参加0人）",
    ]
    assert "4月1日 災害ボランティア養成講習会（参加0人）" in rows["災害ボランティア養成講習会"].done
    assert not any("中止" in line or "次年度" in line for r in rows.values() for line in r.done)
    client.force_login(staff)
    html = client.get(reverse("plans:report", args=[2020])).content.decode()
    assert "6月13日・7月11日 はじめて講座 第1回（参加5人）" in html
    ws = load_workbook(BytesIO(client.get(reverse("plans:report_xlsx", args=[2020])).content)).active
    cells = {r[1]: r[3] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert (
        "6月13日・7月11日 はじめて講座 第1回（参加5人）\n3月31日 はじめて講座 第2回（参加0人）"
        in cells["ボランティアはじめて講座"]
    )
    assert "活動室の利用回数：0回" in cells["活動室の貸し出し（田無）"]  # figures only, as before


def test_the_reports_queries_do_not_grow_with_the_records(client, staff):
    client.force_login(staff)
    _courses()
    url = reverse("plans:report", args=[2020])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    small = len(ctx.captured_queries)
    for n in range(10):
        _held(make_event(type_key="course-listening", title=f"傾聴講座{n}"), at(2020, 10, 1 + n))
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert len(ctx.captured_queries) == small
    assert "10月10日 傾聴講座9（参加0人）" in html


def test_the_report_lists_each_lesson_and_meeting_held_with_its_day(client, staff):
    seed_schools_and_meetings()
    with CaptureQueriesContext(connection) as ctx, metrics.batch():
        lessons = metrics.records("programs.school_requests", "", 2020)
        outreach = metrics.records("programs.school_requests", "outreach", 2020)
        meetings = metrics.records("committees.meetings", "operating-committee", 2020)
        metrics.records("committees.attendance", "operating-committee", 2020)
    assert len(ctx.captured_queries) == 2  # one per source
    assert [reports.record_line(r) for r in lessons] == [
        "4月1日 けやき小学校 4年生（参加60人）",
        "10月6日 田無小学校 5年生（参加90人）",
    ]
    assert [reports.record_line(r) for r in outreach] == ["11月20日 ひばりが丘自治会（参加25人）"]
    assert [reports.record_line(r) for r in meetings] == [
        "5月12日 第1回（出席3人）",
        "7月14日 第2回（出席2人）",
    ]
    rows = {r.business: r for r in reports.report_rows(selectors.year_progress(2020))}
    schools = rows["総合的な学習の時間への協力"].done
    assert schools[0].startswith("学校の授業への協力件数（実施済）：2件")
    assert schools[1:] == ["4月1日 けやき小学校 4年生（参加60人）", "10月6日 田無小学校 5年生（参加90人）"]
    committee = rows["ボランティア・市民活動センター運営委員会の開催"].done
    assert committee[1:] == ["5月12日 第1回（出席3人）", "7月14日 第2回（出席2人）"]
    client.force_login(staff)
    html = client.get(reverse("plans:report", args=[2020])).content.decode()
    assert "5月12日 第1回（出席3人）" in html and "10月6日 田無小学校 5年生（参加90人）" in html
    assert "保谷中学校" not in html  # FY2021


def test_the_reports_queries_do_not_grow_with_lessons_and_meetings(client, staff):
    client.force_login(staff)
    seed_schools_and_meetings()
    url = reverse("plans:report", args=[2020])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    small = len(ctx.captured_queries)
    for n in range(10):
        _lesson(f"小学校{n}", "6年生", at(2020, 11, 1 + n), 20 + n)
        meeting = make_meeting(date=datetime.date(2021, 1, 5 + n))
        Attendance.objects.create(meeting=meeting, member=make_member(f"more{n}")[1])
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert len(ctx.captured_queries) == small
    assert "11月10日 小学校9 6年生（参加29人）" in html
    assert "1月14日 第12回（出席1人）" in html
