"""Security in a real browser: pages whose styles moved to static files look as before under the CSP
(no 'Refused to apply' in the console), and a person who mistypes a password five times sees the
Japanese lockout page."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.programs.factories import make_room, rules

from .fixtures import screenshot

pytestmark = pytest.mark.browser


def _csp_errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def test_styled_pages_break_no_csp_rule_and_keep_their_styles(page, phone_page, base_data):
    from config.core.models import Site

    tanashi = Site.objects.get(slug="tanashi")
    rules(tanashi, max_days_ahead=60)
    make_room(tanashi, name="第1会議室")
    for p, size in ((page, "desktop"), (phone_page, "phone")):
        errors = _csp_errors(p)
        p.goto("/rooms/calendar/tanashi/")
        expect(p.get_by_role("heading", level=1)).to_be_visible()
        expect(p.get_by_role("link", name="次の週")).to_have_attribute("rel", "nofollow")
        # programs.css (moved from the inline <style>) is applied: the legend badge has its own colour.
        colour = p.locator(".slot-free").first.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
        screenshot(p, f"security-calendar-{size}")
        assert not errors, errors


def test_five_wrong_passwords_show_the_lockout_page(page, base_data):
    make_user("bob", "ボランティア")
    for _ in range(5):
        page.goto("/accounts/login/")
        page.get_by_label("会員番号・メールアドレス・電話番号").fill("bob")
        page.get_by_label("パスワード").fill("wrong-password")
        page.get_by_role("button", name="ログインする").click()
    expect(page.get_by_role("heading", name="ログインを一時的に止めています")).to_be_visible()
    expect(page.get_by_text("職員が解除します")).to_be_visible()
    screenshot(page, "security-locked-out")
