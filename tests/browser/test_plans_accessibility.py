"""The plans pages on a phone at 特大 with ふりがな on: axe finds no serious problem and no text below its contrast
ratio, every control's edge stands out 3:1 from what is behind it, and no status is told by colour alone
(here and on the other key public pages: events, room availability)."""

import pytest
from playwright.sync_api import expect

from .fixtures import assert_accessible, axe_violations, screenshot

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/a11y"

# WCAG 1.4.11: the edge of a control (its border, or its filled background where it has no border) against
# the colour behind the control, at 3:1. Returns the controls that fall short.
CONTROL_CONTRAST = """() => {
  const rgb = c => { const m = c.match(/[\\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const behind = el => { for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c.slice(0, 3); }
    return [255, 255, 255]; };
  const short = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a.btn')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    const s = getComputedStyle(el), back = behind(el);
    const border = parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== 'none' ? rgb(s.borderTopColor) : null;
    const fill = rgb(s.backgroundColor);
    const edges = [];
    if (border && (border.length < 4 || border[3] > 0)) edges.push(ratio(border.slice(0, 3), back));
    if (fill.length < 4 || fill[3] > 0) edges.push(ratio(fill.slice(0, 3), back));
    const best = Math.max(0, ...edges);
    if (best < 3) short.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.name || el.id).trim().slice(0, 30)}" ${best.toFixed(2)}:1`);
  }
  return short;
}"""

# Statuses are words: every status badge shows its text, whatever its colour.
COLOUR_ONLY = """() => [...document.querySelectorAll('.status, .badge, [class*="status-"], .slot, .legend-swatch')]
  .filter(el => el.getBoundingClientRect().width > 0)
  .filter(el => !(el.innerText.trim() || el.getAttribute('aria-label') || el.closest('[aria-hidden=true]')))
  .map(el => el.outerHTML.slice(0, 120))"""


def assert_controls_and_statuses(page) -> None:
    """axe once, every rule (no text below its contrast ratio among them); then control edges and statuses."""
    assert_accessible(page)
    short = page.evaluate(CONTROL_CONTRAST)
    assert not short, f"control edges below 3:1 on {page.url}: {short}"
    colour_only = page.evaluate(COLOUR_ONLY)
    assert not colour_only, f"status shown by colour alone on {page.url}: {colour_only}"


def test_plans_pages_on_a_phone_at_extra_large_with_furigana_pass_contrast_and_colour_checks(phone_page):
    from django.apps import apps

    from plans import loading
    from plans.models import PlanItem

    if not PlanItem.objects.exists():  # an earlier transaction=True test flushed the migration's plan data
        loading.load(lambda name: apps.get_model("plans", name))

    item = PlanItem.objects.filter(fiscal_year=2020, targets__isnull=False).first()
    page = phone_page
    page.goto("/plans/")
    page.get_by_role("link", name="文字サイズ 特大").click()
    page.get_by_role("link", name="ふりがな あり").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("計画")
    expect(page.locator("main ruby").first).to_be_visible()
    assert "text-size-xlarge" in (page.locator("html").get_attribute("class") or "") + (
        page.locator("body").get_attribute("class") or ""
    )
    assert_controls_and_statuses(page)
    page.screenshot(path=f"{SHOTS}/plans-overview-phone-xlarge-furigana.png")

    page.goto("/plans/progress/?fy=2020")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2020")
    statuses = page.locator("main .status")
    expect(statuses.first).to_be_visible()
    words = page.evaluate(
        """() => [...document.querySelectorAll('main .status')].map(el => {
          const copy = el.cloneNode(true); copy.querySelectorAll('rt, rp').forEach(r => r.remove());
          return copy.textContent.trim(); })"""
    )
    for text in words:  # the word is there (its ruby reading on top is left out here)
        assert any(word in text for word in ("達成", "順調", "遅れ", "未着手", "目標値なし", "未集計")), text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_controls_and_statuses(page)
    screenshot(page, "plans-progress-phone-xlarge-furigana")
    page.screenshot(path=f"{SHOTS}/plans-progress-phone-xlarge-furigana.png")

    page.goto(f"/plans/items/{item.pk}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_attribute("lang", "ja")  # plan data, read once: the ruby readings are hidden
    assert (
        page.evaluate(
            """() => { const h = document.querySelector('h1').cloneNode(true);
          h.querySelectorAll('rt, rp').forEach(r => r.remove()); return h.textContent.trim(); }"""
        )
        == item.name
    )
    expect(page.get_by_role("img").first).to_be_visible()  # the chart, with its text alternative
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_controls_and_statuses(page)
    page.screenshot(path=f"{SHOTS}/plans-item-phone-xlarge-furigana.png", full_page=True)

    page.goto("/plans/progress/2020/print/")
    expect(page.locator("main button").first).to_contain_text("刷")  # 印刷する, read as 印刷 する
    assert_controls_and_statuses(page)


def test_statuses_on_the_events_and_room_pages_are_words_not_only_colours(page, base_data):
    from config.core.models import Site
    from tests.programs.event_factories import make_event
    from tests.programs.factories import make_room

    tanashi = Site.objects.get(slug="tanashi")
    make_room(tanashi, name="第1会議室")
    make_event(title="傾聴ボランティア講座")
    for path in ("/events/", "/rooms/", f"/rooms/calendar/{tanashi.slug}/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        colour_only = page.evaluate(COLOUR_ONLY)
        assert not colour_only, f"status shown by colour alone on {path}: {colour_only}"
        bad = axe_violations(page, ["color-contrast"])
        assert not bad, f"text below its contrast ratio on {path}: {[v['targets'] for v in bad]}"
        short = page.evaluate(CONTROL_CONTRAST)
        assert not short, f"control edges below 3:1 on {path}: {short}"
