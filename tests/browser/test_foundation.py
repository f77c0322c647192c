"""The foundation's journeys in a real browser: public pages, the 文字サイズ switch, staff to the admin."""

import pytest
from playwright.sync_api import expect

from .fixtures import _context, assert_accessible, screenshot

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    ("/", "西東京ボランティア・市民活動センター"),
    ("/about/", "センターについて"),
    ("/access/", "アクセス・お問合せ"),
    ("/accessibility/", "ウェブアクセシビリティ方針"),
    ("/accounts/login/", "ログイン"),
    ("/accounts/password_reset/", "パスワードの再設定"),
]


def test_the_public_pages_open_with_their_heading_on_desktop_and_phone(page, phone_page):
    """Each public page at both widths shows its heading. axe checks them (and every other page) in four
    variants in tests/browser/test_axe_matrix.py, so this journey does not run it again."""
    for path, heading in PUBLIC_PAGES:
        for p, size in ((page, "desktop"), (phone_page, "phone")):
            p.goto(path)
            assert p.get_by_role("heading", level=1).first.inner_text().strip().startswith(heading), (
                path,
                size,
            )
            screenshot(p, f"public{path.strip('/').replace('/', '-') or '-top'}-{size}")


def test_a_visitor_enlarges_the_text_and_a_staff_member_reaches_the_admin(page, staff, login):
    page.goto("/")
    assert "042-466-3070" in page.locator("footer").inner_text()
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    page.get_by_role("link", name="文字サイズ 大").click()
    expect(page.locator("html")).to_have_class("text-size-large")
    large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large == pytest.approx(normal * 1.25)
    page.get_by_role("link", name="センターについて").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("センターについて")
    assert page.evaluate("document.documentElement.className") == "text-size-large"  # remembered

    page.get_by_role("link", name="ログイン").click()
    login(page, staff)
    page.get_by_role("link", name="管理画面").click()
    expect(page.get_by_role("link", name="西東京ボランティア・市民活動センター 管理画面")).to_be_visible()
    expect(page.get_by_role("link", name="臨時休所")).to_be_visible()
    screenshot(page, "admin-index-desktop")


def test_the_text_size_switch_works_without_javascript(chromium, live_server, base_data):
    context = _context(chromium, live_server, java_script_enabled=False)
    p = context.new_page()
    p.goto("/")
    p.get_by_role("link", name="文字サイズ 特大").click()
    expect(p.locator("html")).to_have_class("text-size-xlarge")
    expect(p.get_by_role("link", name="文字サイズ 特大")).to_have_attribute("aria-current", "true")
    context.close()


def test_the_skip_link_moves_keyboard_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "本文へ移動"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_on_a_phone_the_menu_folds_behind_a_button(phone_page):
    phone_page.goto("/")
    menu_link = phone_page.get_by_role("link", name="センターについて")
    expect(menu_link).to_be_hidden()
    toggle = phone_page.get_by_role("button", name="メニュー")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    menu_link.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("センターについて")
    assert_accessible(phone_page)


def test_without_javascript_the_phone_menu_stays_open(chromium, live_server, base_data):
    context = _context(
        chromium, live_server, viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    p = context.new_page()
    p.goto("/")
    expect(p.get_by_role("link", name="センターについて")).to_be_visible()
    expect(p.get_by_role("button", name="メニュー")).to_be_hidden()
    context.close()
