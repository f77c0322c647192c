"""The ふりがな switch in a real browser: readings over the kanji, kept across pages, read once by screen readers."""

import pytest
from playwright.sync_api import expect

from .fixtures import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_a_visitor_switches_furigana_on_reads_pages_and_types_into_a_form(page, phone_page):
    page.goto("/")
    expect(page.locator("ruby")).to_have_count(0)
    page.get_by_role("link", name="ふりがな あり").click()

    site_name = page.locator(".site-name .fw-bold")
    expect(site_name.locator("ruby").first).to_be_visible()
    expect(site_name.locator("rt").first).to_have_text("にしとうきょう")
    # The accessibility tree holds the name once, without the readings in between.
    spoken = site_name.aria_snapshot().removeprefix("- text:").replace(" ", "")
    assert spoken == "西東京ボランティア・市民活動センター"
    expect(page.get_by_role("link", name="ふりがな あり")).to_have_attribute("aria-current", "true")
    assert_accessible(page)
    screenshot(page, "furigana-top-desktop")
    page.screenshot(path="test-artifacts/furigana-top-desktop-first-screen.png")

    page.get_by_role("link", name="センターについて").click()  # remembered on the next page
    expect(page.locator("main ruby").first).to_be_visible()

    page.goto("/volunteers/register/")
    name = page.get_by_label("氏名").first
    name.fill("田無 花子")
    expect(name).to_have_value("田無 花子")
    assert page.locator("input ruby, textarea ruby, option ruby").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="ふりがな なし").click()
    expect(page.locator("ruby")).to_have_count(0)

    phone_page.goto("/")
    phone_page.get_by_role("link", name="文字サイズ 特大").click()
    phone_page.get_by_role("link", name="ふりがな あり").click()
    expect(phone_page.locator("main ruby").first).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "furigana-top-phone-xlarge")
    phone_page.screenshot(path="test-artifacts/furigana-top-phone-xlarge-first-screen.png")
