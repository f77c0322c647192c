"""Keyboard-only journeys: no clicks, only Tab, Shift+Tab, Space, Enter and typing. At each step the test checks
what the person should see and that the focused element shows where the focus is (a computed outline or
box-shadow, not none)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import RoomBooking
from volunteers.models import Volunteer

from .fixtures import PASSWORD, screenshot
from .test_rooms import rep_of, rooms_setup  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/a11y"

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const name = el.getAttribute('aria-label')
    || (el.labels && el.labels.length ? [...el.labels].map(l => l.innerText).join(' ') : '')
    || el.innerText || el.value || '';
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: name.replace(/\\s+/g, ' ').trim(),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? s.outlineStyle + ' ' + s.outlineWidth : '',
    shadow: s.boxShadow && s.boxShadow !== 'none' ? s.boxShadow : '',
  };
}"""


def focused(page) -> dict:
    info = page.evaluate(FOCUSED)
    assert info is not None, "nothing has the focus"
    return info


def assert_focus_visible(page) -> dict:
    info = focused(page)
    assert info["outline"] or info["shadow"], f"no visible focus indicator on {info}"
    return info


def tab_to(page, name: str, *, tag: str | None = None, back: bool = False, limit: int = 120) -> dict:
    """Press Tab (or Shift+Tab) until the focused element's accessible name matches; check its focus ring."""
    pattern = re.compile(name)
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        info = page.evaluate(FOCUSED)
        seen.append(info and info["name"][:30])
        if info and pattern.search(info["name"]) and (tag is None or info["tag"] == tag):
            return assert_focus_visible(page)
    raise AssertionError(f"the keyboard never reached {name!r}; it passed {seen[:40]}")


def type_into(page, label: str, text: str) -> None:
    info = tab_to(page, label)
    assert info["tag"] in ("input", "textarea", "select"), info
    page.keyboard.type(text)


def test_a_visitor_registers_as_a_volunteer_with_the_keyboard_only(page):
    page.goto("/")
    # The first Tab reaches the skip link, shown on focus.
    page.keyboard.press("Tab")
    info = assert_focus_visible(page)
    assert info["name"] == "本文へ移動"
    expect(page.get_by_role("link", name="本文へ移動")).to_be_visible()
    tab_to(page, r"^ボランティア登録$", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("ボランティア登録（新規登録）")

    type_into(page, r"^氏名", "西東京 はるか")
    type_into(page, r"^フリガナ", "にしとうきょう はるか")
    type_into(page, r"^生年月日", "1958-04-12")
    # Tab enters a radio group at its first choice; Space chooses it (arrows would move within the group).
    info = tab_to(page, r".", tag="input")
    assert info["type"] == "radio", info
    page.keyboard.press("Space")
    expect(page.get_by_label(info["name"], exact=True)).to_be_checked()
    type_into(page, r"^郵便番号", "188-0011")
    type_into(page, r"^住所\*?$", "西東京市田無町5-5-12")
    type_into(page, r"^電話番号", "042-466-3070")
    type_into(page, r"^メールアドレス", "haruka@example.jp")
    tab_to(page, r"^傾聴")
    page.keyboard.press("Space")
    expect(page.get_by_label("傾聴")).to_be_checked()
    # Going back with Shift+Tab works too: back to the phone number, which keeps what was typed.
    info = tab_to(page, r"^電話番号", back=True)
    expect(page.get_by_label("電話番号")).to_have_value("042-466-3070")
    tab_to(page, r"^火曜午後")
    page.keyboard.press("Space")
    expect(page.get_by_label("火曜午後")).to_be_checked()
    # The privacy policy is a scrollable region reachable by keyboard, then the consent box.
    tab_to(page, r"同意します")
    page.keyboard.press("Space")
    expect(page.get_by_label("「個人情報の取扱いについて」を読み、同意します")).to_be_checked()
    screenshot(page, "keyboard-registration-form")
    page.screenshot(path=f"{SHOTS}/keyboard-registration-consent.png")
    info = tab_to(page, r"^登録を申し込む$", tag="button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("お申込みを受け付けました")
    person = Volunteer.objects.get()
    assert person.name == "西東京 はるか" and person.birth_date == datetime.date(1958, 4, 12)
    assert person.gender and person.activity_fields.filter(name="傾聴").exists()
    page.keyboard.press("Tab")
    assert_focus_visible(page)


def test_a_representative_books_a_room_from_the_week_view_with_the_keyboard_only(
    page,
    rooms_setup,  # noqa: F811 (the fixture imported above)
    group_rep_user,
):
    tanashi, room = rooms_setup
    group = rep_of(group_rep_user, "西東京ひばりの会")
    page.goto("/accounts/login/")
    type_into(page, r"^会員番号・メールアドレス・電話番号", group_rep_user.username)
    type_into(page, r"^パスワード", PASSWORD)
    tab_to(page, r"^ログインする$", tag="button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページ")
    tab_to(page, r"^部屋の予約$", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("部屋の予約")
    tab_to(page, r"^田無の空き状況と予約$", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="次の週")).to_be_visible()
    tab_to(page, r"^次の週$", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="前の週")).to_be_visible()
    tab_to(page, r"第1会議室 を予約する", tag="a")
    page.screenshot(path=f"{SHOTS}/keyboard-week-focus.png")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("田無の部屋の予約")
    tab_to(page, r"^終了時刻", tag="select")
    page.keyboard.type("12:00")  # a closed select picks the option typed
    expect(page.get_by_label("終了時刻")).to_have_value(re.compile("12:00"))
    type_into(page, r"^利用目的", "定例会")
    page.screenshot(path=f"{SHOTS}/keyboard-booking-form.png")
    tab_to(page, r"^予約する$", tag="button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("部屋の予約を受け付けました。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の内容")
    booking = RoomBooking.objects.get(group=group)
    assert booking.room == room
    assert booking.start > timezone.now() and booking.end.time() == datetime.time(12)
    assert booking.purpose == "定例会"
