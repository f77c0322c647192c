"""A fiscal year's meetings from the rule stored as data; holidays and closed days are flagged, never moved."""

import datetime

import pytest
from django.urls import reverse

from committees import services
from committees.models import Meeting
from config.core.models import AuditEntry

from .factories import operating

pytestmark = pytest.mark.django_db

FY2020 = [
    datetime.date(2020, 5, 12),
    datetime.date(2020, 7, 14),
    datetime.date(2020, 9, 8),
    datetime.date(2020, 11, 10),
    datetime.date(2021, 1, 12),
    datetime.date(2021, 3, 9),
]


def test_the_operating_committee_rule_gives_the_six_days_of_fiscal_2020(staff):
    made = services.schedule_generate(committee=operating(), fiscal_year=2020, by=staff)
    assert [m.date for m in made] == FY2020
    first = made[0]
    assert (first.start_time, first.end_time) == (datetime.time(18, 30), datetime.time(20, 0))
    assert first.venue == "田無総合福祉センター4階 第三会議室"
    assert first.seat_limit == 5 and first.observe_until == datetime.date(2020, 5, 9)
    assert all(m.calendar_flag == "" for m in made)
    assert AuditEntry.objects.filter(action="committee_meeting_create").count() == 6


def test_generating_twice_adds_nothing_and_keeps_staff_edits(staff):
    services.schedule_generate(committee=operating(), fiscal_year=2020, by=staff)
    moved = Meeting.objects.get(date=datetime.date(2020, 9, 8))
    services.meeting_save(meeting=moved, by=staff, venue="保谷こもれびホール")
    assert services.schedule_generate(committee=operating(), fiscal_year=2020, by=staff) == []
    assert Meeting.objects.filter(committee=operating()).count() == 6
    assert Meeting.objects.get(pk=moved.pk).venue == "保谷こもれびホール"


def test_a_national_holiday_is_flagged_but_not_moved(staff):
    rule = operating().rule
    rule.months, rule.weekday, rule.week = [1], 0, 2  # 2nd Monday of January 2021 is 成人の日
    rule.save()
    (meeting,) = services.schedule_generate(committee=operating(), fiscal_year=2020, by=staff)
    assert meeting.date == datetime.date(2021, 1, 11)
    assert meeting.calendar_flag == "祝日（成人の日）"


def test_a_closed_day_of_the_site_is_flagged(staff):
    rule = operating().rule
    rule.months, rule.weekday, rule.week = [6], 6, 1  # a Sunday: the 田無 site is closed
    rule.save()
    (meeting,) = services.schedule_generate(committee=operating(), fiscal_year=2020, by=staff)
    assert meeting.date == datetime.date(2020, 6, 7)
    assert meeting.calendar_flag.startswith("休所日")


def test_moving_a_meeting_onto_a_holiday_flags_it(staff):
    (meeting, *_rest) = services.schedule_generate(committee=operating(), fiscal_year=2020, by=staff)
    services.meeting_save(meeting=meeting, by=staff, date=datetime.date(2020, 5, 5))
    assert Meeting.objects.get(pk=meeting.pk).calendar_flag == "祝日（こどもの日）"


def test_a_fifth_weekday_that_a_month_lacks_gives_no_meeting():
    assert services.nth_weekday(2021, 2, 1, 5) is None
    assert services.nth_weekday(2020, 9, 1, 5) == datetime.date(2020, 9, 29)


def test_staff_generate_the_schedule_on_their_page_and_see_the_flags(client, staff):
    rule = operating().rule
    rule.months = [1, 5]
    rule.weekday, rule.week = 0, 2
    rule.save()
    client.force_login(staff)
    response = client.post(
        reverse("committees:staff_generate"),
        {"committee": operating().pk, "fiscal_year": "2020"},
        follow=True,
    )
    text = response.content.decode()
    assert "会議を2件作りました" in text
    assert "2021-01-11は祝日（成人の日）です" in text
    assert "祝日（成人の日）" in client.get(reverse("committees:staff_home") + "?fy=2020").content.decode()


def test_the_schedule_pages_are_for_staff_only(client, committee_member, volunteer_user):
    for user in (committee_member, volunteer_user):
        client.force_login(user)
        assert client.get(reverse("committees:staff_home")).status_code == 403
        assert (
            client.post(
                reverse("committees:staff_generate"), {"committee": operating().pk, "fiscal_year": "2020"}
            ).status_code
            == 403
        )
    assert not Meeting.objects.exists()
