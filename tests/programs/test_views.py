"""The pages: who may see what, the week view's query budget over a year of bookings, forms with bad input,
the public calendar without names, iCal feeds."""

import datetime

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone

from config.core.dates import current_fiscal_year, fiscal_year_end, fiscal_year_start
from programs.models import ApplicationWindow, RecurringRequest, RoomBooking
from programs.services.rooms import aware

from .factories import T, make_room, next_open_day, span

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(client, group_rep_user, group):
    client.force_login(group_rep_user)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def year_of_bookings(rooms, groups):
    """Every open weekday of the fiscal year, three bookings per room per day."""
    fy = current_fiscal_year()
    day, rows = fiscal_year_start(fy), []
    while day <= fiscal_year_end(fy):
        if day.weekday() < 6:
            for i, room in enumerate(rooms):
                for j, (s, e) in enumerate([(T(9), T(12)), (T(13), T(16)), (T(18), T(21))]):
                    rows.append(RoomBooking(room=room, group=groups[(i + j) % len(groups)],
                                            during=DateTimeTZRange(aware(day, s), aware(day, e))))
        day += datetime.timedelta(days=1)
    RoomBooking.objects.bulk_create(rows)
    return len(rows)


def test_the_week_view_costs_a_bounded_number_of_queries_over_a_year_of_bookings(
    rep, tanashi, room, group, other_group, django_assert_max_num_queries
):
    rooms = [room, make_room(tanashi, name="和室"), make_room(tanashi, name="第2会議室")]
    assert year_of_bookings(rooms, [group, other_group]) > 2500
    url = reverse("programs:week", args=["tanashi"])
    # Session, user, roles, the footer's sites (3, cached after), rooms + hours, calendar (3), bookings, rules, sites.
    with django_assert_max_num_queries(15):
        response = rep.get(url)
    assert response.status_code == 200 and response.content.decode().count("予約済") > 40
    with django_assert_max_num_queries(12):
        rep.get(url, {"date": f"{current_fiscal_year()}-12-28"})
    with django_assert_max_num_queries(12):  # + the booking rules, whose horizon bounds the calendar (issue 17)
        public = rep.get(reverse("programs:public_calendar", args=["tanashi"]))
    assert public.status_code == 200


def test_the_week_view_shows_free_and_taken_times_and_closed_days(rep, tanashi, room, group):
    day = next_open_day(tanashi)
    RoomBooking.objects.create(room=room, group=group, during=span(day, T(10), T(12)))
    html = rep.get(reverse("programs:week", args=["tanashi"]), {"date": day.isoformat()}).content.decode()
    assert "予約済 10:00〜12:00" in html
    assert "空き 9:00〜10:00" in html and "空き 12:00〜21:00" in html
    # The free time links to a booking starting there; the form works out a valid end (test_booking_form.py).
    assert f"day={day.isoformat()}&amp;start=12:00\"" in html
    assert "休所日" in html  # the Sunday of that week
    new_year = rep.get(reverse("programs:week", args=["tanashi"]), {"date": f"{current_fiscal_year()}-12-30"})
    assert "年末年始" in new_year.content.decode()


def test_the_public_calendar_shows_only_that_a_room_is_taken(client, tanashi, room, group):
    day = next_open_day(tanashi)
    RoomBooking.objects.create(room=room, group=group, purpose="秘密の相談", during=span(day, T(10), T(12)))
    html = client.get(reverse("programs:public_calendar", args=["tanashi"]), {"date": day.isoformat(), "room": room.pk})
    text = html.content.decode()
    assert html.status_code == 200 and "予約済 10:00〜12:00" in text
    assert group.name not in text and "秘密の相談" not in text
    assert "/rooms/tanashi/book/" not in text
    assert client.get(reverse("programs:rooms_index")).status_code == 200


def test_group_pages_need_a_group_representative(client, volunteer_user, tanashi, room):
    url = reverse("programs:my_rooms")
    assert client.get(url).status_code == 302
    client.force_login(volunteer_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("programs:week", args=["tanashi"])).status_code == 403
    assert client.get(reverse("programs:staff_rooms")).status_code == 403


def test_a_representative_books_through_the_form_and_sees_it_on_the_group_page(rep, tanashi, room, group):
    day = next_open_day(tanashi)
    url = reverse("programs:booking_new", args=["tanashi"])
    response = rep.post(url, {"group": group.pk, "room": room.pk, "day": day.isoformat(), "start": "10:00",
                              "end": "12:00", "purpose": "定例会"})
    booking = RoomBooking.objects.get()
    assert response.url == reverse("programs:booking_detail", args=[booking.pk])
    page = rep.get(reverse("programs:my_rooms")).content.decode()
    assert f"{day.month}月{day.day}日" in page and "第1会議室" in page and "カレンダー用URLを発行する" in page


def test_full_width_digits_are_accepted(rep, tanashi, room, group):
    day = next_open_day(tanashi)
    wide = day.isoformat().translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    response = rep.post(reverse("programs:booking_new", args=["tanashi"]), {
        "group": group.pk, "room": room.pk, "day": wide, "start": "１０：００", "end": "１２:００", "purpose": "定例会"})
    assert response.status_code == 302
    assert RoomBooking.objects.get().start.hour == 10


@pytest.mark.parametrize(("field", "value", "message"), [
    ("purpose", "", "利用目的を入力してください。"),
    ("purpose", "あ" * 101, "利用目的は100文字以内で入力してください（いま101文字です）。"),
    ("day", "2026年13月40日", "利用日は 2026-05-12 の形で入力してください。"),
    ("day", "1999-12-01", "日付が正しくありません。"),
    ("start", "10:15", "時刻は一覧から選んでください（30分単位）。"),
    ("end", "09:30", "終了時刻は開始時刻より後にしてください。"),
    ("room", "999999", "部屋は一覧から選んでください。"),
])
def test_bad_booking_input_gives_a_japanese_error_and_saves_nothing(rep, tanashi, room, group, field, value, message):
    data = {"group": group.pk, "room": room.pk, "day": next_open_day(tanashi).isoformat(), "start": "10:00",
            "end": "12:00", "purpose": "定例会"} | {field: value}
    response = rep.post(reverse("programs:booking_new", args=["tanashi"]), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert RoomBooking.objects.count() == 0


def test_a_rule_broken_in_the_service_shows_on_the_form(rep, tanashi, room, group):
    closed = datetime.date(current_fiscal_year(), 12, 30)
    response = rep.post(reverse("programs:booking_new", args=["tanashi"]), {
        "group": group.pk, "room": room.pk, "day": closed.isoformat(), "start": "10:00", "end": "12:00", "purpose": "会議"})
    assert "年末年始" in response.content.decode() and RoomBooking.objects.count() == 0


def test_a_representative_sees_and_cancels_only_their_own_bookings(rep, tanashi, room, group, other_group):
    day = next_open_day(tanashi, 5)
    mine = RoomBooking.objects.create(room=room, group=group, during=span(day, T(10), T(12)))
    theirs = RoomBooking.objects.create(room=room, group=other_group, during=span(day, T(13), T(15)))
    assert rep.get(reverse("programs:booking_detail", args=[theirs.pk])).status_code == 404
    assert rep.post(reverse("programs:booking_cancel", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    bad = rep.post(reverse("programs:booking_cancel", args=[mine.pk]), {"reason": ""})
    assert bad.status_code == 400 and "入力してください。" in bad.content.decode()
    rep.post(reverse("programs:booking_cancel", args=[mine.pk]), {"reason": "雨天のため"})
    mine.refresh_from_db()
    assert mine.cancel_reason == "雨天のため" and theirs.is_active


def test_ical_feeds_for_a_group_by_token_and_for_a_room_without_names(rep, client, tanashi, room, group):
    day = next_open_day(tanashi)
    RoomBooking.objects.create(room=room, group=group, purpose="定例会, 第3回", during=span(day, T(10), T(12)))
    page = rep.post(reverse("programs:calendar_issue"), {"group": group.pk}).content.decode()
    token = page.split("/rooms/ical/group/")[1].split(".ics")[0]
    feed = client.get(reverse("programs:ical_group", args=[token]))
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    start = aware(day, T(10)).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in body and "定例会\\, 第3回" in body.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(reverse("programs:ical_group", args=["wrong-token"])).status_code == 404
    public = client.get(reverse("programs:ical_room", args=[room.pk])).content.decode()
    assert "SUMMARY:予約済" in public and group.name not in public and "定例会" not in public


def test_staff_pages_render_and_staff_open_a_window(staff_client, tanashi, room):
    assert staff_client.get(reverse("programs:staff_rooms")).status_code == 200
    assert staff_client.get(reverse("programs:staff_lockers", args=["tanashi"])).status_code == 200
    fy = current_fiscal_year() + 1
    response = staff_client.post(reverse("programs:staff_rooms"), {
        "site": tanashi.pk, "fiscal_year": str(fy).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        "opens_on": "2026-01-05", "closes_on": "2026-01-31", "max_slots_per_group": "2", "max_requests_per_group": "4"})
    window = ApplicationWindow.objects.get()
    assert response.url == reverse("programs:staff_window", args=[window.pk]) and window.fiscal_year == fy


@pytest.mark.parametrize(("field", "value", "message"), [
    ("fiscal_year", "", "利用する年度（西暦）を入力してください。"),
    ("fiscal_year", "1999", "年度は2000〜2100で入力してください。"),
    ("fiscal_year", "二〇二七", "利用する年度（西暦）は数字で入力してください。"),
    ("closes_on", "2026-01-01", "受付終了日は受付開始日以降にしてください。"),
    ("max_slots_per_group", "99", "1〜20で入力してください。"),
])
def test_bad_window_input_gives_a_japanese_error_and_saves_nothing(staff_client, tanashi, field, value, message):
    data = {"site": tanashi.pk, "fiscal_year": "2027", "opens_on": "2026-01-05", "closes_on": "2026-01-31",
            "max_slots_per_group": "2", "max_requests_per_group": "4"} | {field: value}
    response = staff_client.post(reverse("programs:staff_rooms"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert ApplicationWindow.objects.count() == 0


@pytest.fixture
def open_window(tanashi):
    today = timezone.localdate()
    return ApplicationWindow.objects.create(site=tanashi, fiscal_year=current_fiscal_year() + 1,
                                            opens_on=today, closes_on=today + datetime.timedelta(days=7))


@pytest.mark.parametrize(("data", "message"), [
    ({"purpose": ""}, "利用目的を入力してください。"),
    ({"pattern": "nth"}, "「第n週」を選んだときは第何週かを選んでください。"),
    ({"min_capacity": "０"}, "1〜500で入力してください。"),
    ({"second_weekday": "2"}, "第2希望は曜日・開始時刻・終了時刻をすべて選んでください。"),
    ({"end_time": "10:00"}, "終了時刻は開始時刻より後にしてください。"),
])
def test_bad_annual_request_input_gives_a_japanese_error_and_saves_nothing(rep, open_window, room, group, data, message):
    base = {"group": group.pk, "pattern": "weekly", "room": room.pk, "min_capacity": "1", "weekday": "1",
            "start_time": "10:00", "end_time": "12:00", "second_weekday": "", "second_start_time": "",
            "second_end_time": "", "purpose": "定例会"}
    response = rep.post(reverse("programs:annual_apply", args=[open_window.pk]), base | data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert RecurringRequest.objects.count() == 0


def test_a_representative_files_and_withdraws_a_request(rep, open_window, room, group):
    url = reverse("programs:annual_apply", args=[open_window.pk])
    rep.post(url, {"group": group.pk, "pattern": "nth", "weeks": ["1", "3"], "room": room.pk, "min_capacity": "1",
                   "weekday": "1", "start_time": "10:00", "end_time": "12:00", "purpose": "定例会"})
    request = RecurringRequest.objects.get()
    assert request.weeks == [1, 3] and request.describe_first() == "第1・第3 火曜 10:00〜12:00 第1会議室"
    assert "第1・第3 火曜" in rep.get(url).content.decode()
    rep.post(reverse("programs:annual_withdraw", args=[request.pk]))
    assert RecurringRequest.objects.count() == 0


def test_staff_add_a_group_to_the_waiting_list_and_take_it_off(staff_client, tanashi, group):
    from programs.models import LockerWaitlistEntry

    url = reverse("programs:staff_lockers", args=["tanashi"])
    staff_client.post(url, {"wait-group": group.pk, "fy": current_fiscal_year()})
    entry = LockerWaitlistEntry.objects.get()
    assert entry.position == 1 and group.name in staff_client.get(url).content.decode()
    staff_client.post(reverse("programs:staff_waitlist_withdraw", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.withdrawn_at is not None
    assert LockerWaitlistEntry.objects.waiting().count() == 0
