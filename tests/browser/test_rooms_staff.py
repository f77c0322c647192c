"""Staff at the front desk, in a real browser: who has each room this week and today (desktop, tablet and a 375 px
phone, 標準 and 特大 text, and printed on one page), and a new 臨時休所 that lists the groups to phone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from programs.models import RoomBooking
from tests.programs.factories import T, make_room, next_open_day, rules, span
from tests.volunteers.factories import registered_group

from .fixtures import _context, assert_accessible, screenshot

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/rooms")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"rooms-staff-{name}")


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def desk(base_data):
    from config.core.models import Site

    tanashi = Site.objects.get(slug="tanashi")
    rules(tanashi, max_days_ahead=365)
    rooms = [
        make_room(tanashi, name=n, capacity=c)
        for n, c in (("第1会議室", 30), ("第2会議室", 20), ("和室", 10), ("ボランティア活動室", 12))
    ]
    day = next_open_day(tanashi)
    hibari = registered_group(name="西東京ひばりの会", contact_phone="042-461-1111")
    shuwa = registered_group(name="田無手話サークル", contact_phone="042-462-2222")
    RoomBooking.objects.create(room=rooms[0], group=hibari, during=span(day, T(10), T(12)), purpose="定例会")
    RoomBooking.objects.create(
        room=rooms[0], group=shuwa, during=span(day, T(13), T(16)), purpose="手話の練習"
    )
    RoomBooking.objects.create(
        room=rooms[1], kind="center", during=span(day, T(9), T(12)), purpose="ボランティア相談"
    )
    RoomBooking.objects.create(
        room=rooms[2], kind="block", during=span(day, T(9), T(21)), purpose="畳の張り替え"
    )
    RoomBooking.objects.create(
        room=rooms[3], group=hibari, during=span(day, T(18), T(21)), purpose="夜の会議"
    )
    return tanashi, day, hibari, shuwa


def test_staff_see_who_has_each_room_this_week_and_today_and_print_it(
    chromium, live_server, page, phone_page, desk, staff, login
):
    tanashi, day, hibari, shuwa = desk
    login(page, staff)
    page.get_by_role("link", name="職員メニュー").first.click()
    page.get_by_role("link", name="部屋の利用予定").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("部屋の利用予定")
    page.get_by_label("日付", exact=True).fill(day.isoformat())
    page.get_by_role("button", name="表示する").click()
    week = page.get_by_role("table", name="田無の部屋の利用予定（1週間）")
    expect(week).to_contain_text("10:00〜12:00 西東京ひばりの会")
    expect(week).to_contain_text("9:00〜12:00 職員利用")
    expect(week).to_contain_text("9:00〜21:00 利用停止")
    assert_accessible(page)
    shot(page, "schedule-week-desktop")
    page.pdf(path=str(SHOTS / "schedule-week.pdf"), print_background=True, prefer_css_page_size=True)
    assert pdf_pages(SHOTS / "schedule-week.pdf") == 1
    page.set_viewport_size({"width": 1100, "height": 760})
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_hidden()
    expect(page.get_by_role("button", name="表示する")).to_be_hidden()
    shot(page, "schedule-week-print")
    page.emulate_media(media="null")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name=f"{day.month}月{day.day}日", exact=False).first.click()
    grid = page.get_by_role("table", name="田無の部屋の利用予定（1日）")
    expect(grid.get_by_role("link", name="13:00〜16:00 田無手話サークル（手話の練習）")).to_be_visible()
    assert_accessible(page)
    shot(page, "schedule-day-desktop")
    page.pdf(path=str(SHOTS / "schedule-day.pdf"), print_background=True, prefer_css_page_size=True)
    assert pdf_pages(SHOTS / "schedule-day.pdf") == 1
    grid.get_by_role("link", name="13:00〜16:00 田無手話サークル（手話の練習）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の内容")

    tablet = _context(chromium, live_server, viewport={"width": 820, "height": 1180})
    tab = tablet.new_page()
    login(tab, staff)
    tab.goto(f"/staff/rooms/schedule/?site=tanashi&date={day.isoformat()}")
    expect(tab.get_by_role("table", name="田無の部屋の利用予定（1週間）")).to_be_visible()
    shot(tab, "schedule-week-tablet")
    tablet.close()

    login(phone_page, staff)
    for size in ("normal", "xlarge"):
        phone_page.context.add_cookies([{"name": "text_size", "value": size, "url": live_server.url}])
        phone_page.goto(f"/staff/rooms/schedule/?site=tanashi&date={day.isoformat()}")
        expect(phone_page.get_by_text("10:00〜12:00 西東京ひばりの会").first).to_be_visible()
        assert fits(phone_page), f"the week view scrolls sideways at 375 px ({size})"
        shot(phone_page, f"schedule-week-phone-{size}")
        phone_page.goto(f"/staff/rooms/schedule/?site=tanashi&date={day.isoformat()}&view=day")
        expect(phone_page.get_by_role("heading", name="和室", exact=False)).to_be_visible()
        expect(
            phone_page.get_by_role("link", name="9:00〜21:00 利用停止（畳の張り替え）").last
        ).to_be_visible()
        assert fits(phone_page), f"the day view scrolls sideways at 375 px ({size})"
        shot(phone_page, f"schedule-day-phone-{size}")
    assert_accessible(phone_page)
    page.context.add_cookies([{"name": "text_size", "value": "xlarge", "url": live_server.url}])
    page.goto(f"/staff/rooms/schedule/?site=tanashi&date={day.isoformat()}")
    shot(page, "schedule-week-desktop-xlarge")


def test_staff_add_a_closure_and_see_which_groups_to_phone(page, phone_page, live_server, desk, staff, login):
    tanashi, day, hibari, shuwa = desk
    login(page, staff)
    page.goto("/staff/rooms/")
    page.get_by_role("link", name="臨時休所").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("臨時休所")
    page.get_by_label("拠点").select_option(label="田無")
    page.get_by_label("開始日").fill(day.isoformat())
    page.get_by_label("終了日").fill(day.isoformat())
    page.get_by_label("理由").fill("設備点検")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("この期間に予約が3件あります。各団体に連絡してください。")).to_be_visible()
    table = page.get_by_role("table", name="この期間の予約と団体の連絡先")
    expect(table).to_contain_text("西東京ひばりの会")
    expect(table).to_contain_text("042-462-2222")
    expect(table).not_to_contain_text("職員利用")
    assert_accessible(page)
    shot(page, "closure-desktop")
    login(phone_page, staff)
    for size in ("normal", "xlarge"):
        phone_page.context.add_cookies([{"name": "text_size", "value": size, "url": live_server.url}])
        phone_page.goto(page.url.replace(live_server.url, ""))
        expect(phone_page.get_by_text("田無手話サークル")).to_be_visible()
        assert fits(phone_page)
        shot(phone_page, f"closure-phone-{size}")
    phone_page.goto("/staff/closures/")
    shot(phone_page, "closures-phone-xlarge")
