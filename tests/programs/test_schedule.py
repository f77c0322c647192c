"""The staff schedule: who has each room of a site over a week or a day, with center use and blocks, a picker
that works without JavaScript, a print layout, and a query count that does not grow with the bookings."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.core.models import Closure
from programs.models import RoomBooking
from programs.selectors import day_grid, site_schedule, week_start

from .factories import T, make_room, next_open_day, span

pytestmark = pytest.mark.django_db

URL = reverse("programs:staff_schedule")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def day(tanashi):
    return next_open_day(tanashi)


def test_the_week_shows_group_names_center_use_and_blocks_with_links(staff_client, tanashi, room, group, day):
    washitsu = make_room(tanashi, name="和室")
    mine = RoomBooking.objects.create(
        room=room, group=group, during=span(day, T(10), T(12)), purpose="定例会"
    )
    center = RoomBooking.objects.create(
        room=washitsu, kind="center", during=span(day, T(13), T(15)), purpose="相談会"
    )
    block = RoomBooking.objects.create(
        room=room, kind="block", during=span(day, T(18), T(21)), purpose="空調点検"
    )
    RoomBooking.objects.create(
        room=room,
        group=group,
        during=span(day, T(15), T(16)),
        cancelled_at=timezone.now(),
        cancel_reason="中止",
    )

    response = staff_client.get(URL, {"site": "tanashi", "date": day.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="col">第1会議室</th>' in html and '<th scope="col">和室</th>' in html
    assert "10:00〜12:00</span> 西東京ひばりの会" in html and "定例会" in html
    assert "13:00〜15:00</span> 職員利用" in html and "18:00〜21:00</span> 利用停止" in html
    for booking in (mine, center, block):
        assert reverse("programs:booking_detail", args=[booking.pk]) in html
    assert "15:00〜16:00" not in html  # cancelled
    monday = week_start(day)
    assert f"{monday:%Y年%-m月%-d日}" in html
    assert 'name="date"' in html and 'name="site"' in html and 'type="submit"' in html  # no JavaScript needed


def test_the_day_view_puts_half_hours_down_the_side_and_a_booking_spans_its_rows(
    staff_client, room, group, day
):
    booking = RoomBooking.objects.create(room=room, group=group, during=span(day, T(10), T(12)))
    html = staff_client.get(URL, {"site": "tanashi", "date": day.isoformat(), "view": "day"}).content.decode()
    assert '<th scope="row" class="sched-time-col">9:00</th>' in html
    assert '<th scope="row" class="sched-time-col">20:30</th>' in html
    detail = reverse("programs:booking_detail", args=[booking.pk])
    assert f'<td rowspan="4" class="sched sched-group"><a href="{detail}">' in html
    assert "前の日" in html and "この週を見る" in html


def test_the_day_grid_marks_time_outside_a_rooms_hours(tanashi, room, group, day):
    short = make_room(tanashi, name="和室", opens=T(13), closes=T(17))
    RoomBooking.objects.create(room=room, group=group, during=span(day, T(9), T(10, 30)))
    schedule = site_schedule(site=tanashi, start=day, days=1)
    rows = day_grid(schedule.days[0])
    assert [r.time for r in rows][:2] == [T(9), T(9, 30)] and rows[-1].time == T(20, 30)
    first, second = rows[0].cells, rows[1].cells
    assert first[0].kind == "booking" and first[0].rows == 3 and second[0] is None
    column = schedule.rooms.index(short)
    assert first[column].kind == "closed" and rows[8].cells[column].kind == "free"  # 13:00


def test_a_closed_day_with_bookings_still_shows_them(staff_client, tanashi, room, group, day):
    RoomBooking.objects.create(room=room, group=group, during=span(day, T(10), T(12)))
    Closure.objects.create(site=tanashi, start_date=day, end_date=day, reason="設備点検")
    html = staff_client.get(URL, {"site": "tanashi", "date": day.isoformat()}).content.decode()
    assert "休所：設備点検" in html and "西東京ひばりの会" in html
    day_html = staff_client.get(
        URL, {"site": "tanashi", "date": day.isoformat(), "view": "day"}
    ).content.decode()
    assert "この日は休所日（設備点検）です。" in day_html and "予約が残っています" in day_html


def test_the_picker_switches_site_and_bad_input_falls_back_to_today(staff_client, tanashi, hoya, room):
    make_room(hoya, name="保谷の和室")
    hoya_html = staff_client.get(
        URL, {"site": "hoya", "date": "not-a-date", "view": "nonsense"}
    ).content.decode()
    assert "保谷の和室" in hoya_html and "第1会議室" not in hoya_html
    assert '<option value="hoya" selected>' in hoya_html


def test_the_page_prints_on_one_landscape_page_without_the_menu(staff_client, room):
    html = staff_client.get(URL).content.decode()
    # The print rules live in static/css/schedule.css (no inline styles under the CSP, issue 17).
    css = (Path(settings.BASE_DIR) / "static/css/schedule.css").read_text()
    assert "/static/css/schedule.css" in html and "@page schedule { size: A4 landscape" in css
    assert 'class="print-schedule"' in html
    assert 'class="schedule-picker no-print' in html


def test_only_staff_see_it(client, group_rep_user):
    assert client.get(URL).status_code == 302
    client.force_login(group_rep_user)
    assert client.get(URL).status_code == 403


def test_it_is_linked_from_the_staff_menu_and_the_staff_rooms_page(staff_client):
    assert URL in staff_client.get(reverse("volunteers:staff_home")).content.decode()
    assert URL in staff_client.get(reverse("programs:staff_rooms")).content.decode()


def _fill(rooms, group, days, per_room_day):
    """per_room_day half-hour bookings from 9:00 in each room on each day, every third one the center's own use."""
    rows = []
    for day in days:
        for room in rooms:
            for i in range(per_room_day):
                start = datetime.datetime.combine(day, T(9)) + datetime.timedelta(minutes=30 * i)
                s, e = span(day, start.time(), (start + datetime.timedelta(minutes=30)).time())
                kind = "center" if i % 3 == 2 else "group"
                rows.append(
                    RoomBooking(room=room, kind=kind, group=group if kind == "group" else None, during=(s, e))
                )
    RoomBooking.objects.bulk_create(rows)


def _count(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_is_the_same_for_one_and_ten_times_the_bookings(
    staff_client, tanashi, room, group, day
):
    rooms = [room, make_room(tanashi, name="和室"), make_room(tanashi, name="第2会議室")]
    monday = week_start(day)
    week = [monday + datetime.timedelta(days=i) for i in range(6)]
    params = [
        {"site": "tanashi", "date": day.isoformat()},
        {"site": "tanashi", "date": day.isoformat(), "view": "day"},
    ]
    _fill(rooms, group, week, 2)
    staff_client.get(URL)  # warm the sites cache of the footer
    before = [_count(staff_client, p) for p in params]
    RoomBooking.objects.all().delete()
    _fill(rooms, group, week, 20)
    assert RoomBooking.objects.count() == 20 * 3 * 6
    after = [_count(staff_client, p) for p in params]
    assert before == after
    assert after[0] <= 14
