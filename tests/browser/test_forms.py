"""A person on a phone at large text fills in the registration form: whole labels, 住所検索, the error summary."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from volunteers.models import Volunteer

from .fixtures import _context

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/forms")


def _phone_at(chromium, live_server, size: str):
    context = _context(
        chromium,
        live_server,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "text_size", "value": size, "domain": host, "path": "/"}])
    return context


def _labels_broken_inside(page) -> list[str]:
    """Checkbox and radio labels whose text runs onto a second line."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.choice-group .form-check-label')].filter(label => {
            const range = document.createRange();
            range.selectNodeContents(label);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return lines.size > 1;
        }).map(label => label.textContent.trim())"""
    )


@pytest.mark.parametrize("size", ["large", "xlarge"])
def test_on_a_phone_at_large_text_the_form_reads_whole_and_a_failed_submit_is_impossible_to_miss(
    chromium, live_server, base_data, size
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = _phone_at(chromium, live_server, size)
    page = context.new_page()
    page.goto("/volunteers/register/")
    expect(page.locator("html")).to_have_class(f"text-size-{size}")

    # Every day-and-time label stays on one line (never 「月曜午/前」), and nothing runs off the screen.
    assert _labels_broken_inside(page) == []
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 375.5)
            .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().left) + '-' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.closest('[id^=div_id_]') || {}).id + ' ' + e.textContent.trim().slice(0, 12))"""
    )
    assert wide == [] and page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#div_id_availability").screenshot(path=str(SHOTS / f"availability-375-{size}.png"))

    # 住所検索 fills the address from the postal code, and the person goes on typing the 番地.
    page.get_by_label("郵便番号").fill("１８８００１１")
    page.get_by_role("button", name="住所検索").click()
    expect(page.locator("#id_address")).to_have_value("東京都西東京市田無町")
    expect(page.locator("#id_postal_code")).to_have_value("188-0011")
    expect(page.locator("#id_address")).to_be_focused()
    expect(page.locator("#id_address")).to_be_in_viewport()
    expect(
        page.get_by_text("郵便番号から住所を入れました。続けて番地・建物名を入力してください。")
    ).to_be_visible()
    page.screenshot(path=str(SHOTS / f"address-lookup-375-{size}.png"))

    # An empty submit: the summary comes first, has the focus and is on the screen, each error a link.
    page.get_by_role("button", name="登録を申し込む").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("heading")).to_have_text("入力内容を確認してください")
    expect(summary.get_by_role("link", name="氏名を入力してください。")).to_have_attribute("href", "#id_name")
    page.screenshot(path=str(SHOTS / f"error-summary-375-{size}.png"))
    summary.get_by_role("link", name="氏名を入力してください。").click()
    expect(page.locator("#id_name")).to_be_focused()
    expect(page.locator("#id_name_error")).to_have_text("氏名を入力してください。")
    assert not Volunteer.objects.exists()
    context.close()
