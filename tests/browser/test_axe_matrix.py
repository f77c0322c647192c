"""axe-core on every page of the project, built from the access matrix: a new URL enters it by itself.

For every row of tests/access_table.py that some actor may GET with 200, the least privileged such actor
(anonymous, then volunteer A, representative A, …, staff, superuser; see `PRIVILEGE`) opens the URL
built from the matrix's world of real objects (tests/core/test_access_matrix.py `World`). The Django
admin is not in the table, so it is not checked. Answers that are not HTML (CSV, PDF, iCalendar,
robots.txt) are skipped by their Content-Type.

Each page is loaded once with the ふりがな switch off and, where the switch is offered (not under /staff/,
whose pages are never annotated), once more with it on: the switch changes what the server renders. Within
one load the page is checked in four variants without reloading:

1. desktop (1280 × 900), 標準 text: **every** axe rule;
2. desktop, 特大 text (the `text-size-xlarge` class on <html>, which is all the text-size cookie changes);
3. phone width (375 × 740, `set_viewport_size`: the width and the CSS media queries of a phone, not
   touch emulation), 特大 text;
4. phone width, 標準 text.

Variants 2–4 run only `LAYOUT_RULES`, the rules whose answer can change with width, text size or the
extra ruby text: contrast (text that moves onto another background), target size and spacing, regions
that start to scroll, links told apart by colour, and names of controls that a media query shows or
hides. With ふりがな on, variant 1 again runs every rule (the ruby markup is new content). axe is
injected once per load and run several times.

The test fails on any serious or critical violation that is not in `ALLOWED` (empty: a violation that
truly cannot be fixed goes there with the reason, and into the accessibility statement).
"""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from config.core.furigana import FURIGANA_COOKIE, SKIPPED_PREFIXES
from tests.access_table import ACCESS, ANON, COMMITTEE, FORMER, OK, REP_A, REP_B, STAFF, SUPER, VOL_A, VOL_B
from tests.core.test_access_matrix import World, project_url_names

from .fixtures import _context

pytestmark = pytest.mark.browser

# Least privileged first: the page is seen as the person with the fewest rights who may see it.
PRIVILEGE = (ANON, VOL_A, REP_A, VOL_B, REP_B, FORMER, COMMITTEE, STAFF, SUPER)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

LAYOUT_RULES = [
    "color-contrast",
    "link-in-text-block",
    "target-size",
    "scrollable-region-focusable",
    "aria-hidden-focus",
    "button-name",
    "link-name",
    "label",
    "nested-interactive",
]

# (URL name, axe rule id) → why it cannot be fixed. Keep empty; anything here is named on /accessibility/.
ALLOWED: dict[tuple[str, str], str] = {}

AXE_SCRIPT = (
    Path(__import__("axe_playwright_python").__file__).parent.joinpath("axe.min.js").read_text(encoding="utf-8")
)
RUN_AXE = """async (rules) => {
  const options = {resultTypes: ["violations"]};
  if (rules) options.runOnly = {type: "rule", values: rules};
  const results = await axe.run(document, options);
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 4).map((n) => n.target.join(" "))}));
}"""
SET_SIZE = """(size) => {
  const html = document.documentElement;
  html.classList.remove("text-size-normal", "text-size-large", "text-size-xlarge");
  html.classList.add("text-size-" + size);
}"""

VARIANTS = (  # (label, viewport, text size, rules: None = all)
    ("desktop 標準", DESKTOP, "normal", None),
    ("desktop 特大", DESKTOP, "xlarge", LAYOUT_RULES),
    ("phone 特大", PHONE, "xlarge", LAYOUT_RULES),
    ("phone 標準", PHONE, "normal", LAYOUT_RULES),
)


def pages_to_check(world) -> list[tuple[str, str, str]]:
    """(URL name, URL, actor) for every row that someone may GET with 200, seen by the least privileged."""
    pages = []
    for name in sorted(project_url_names()):
        row = ACCESS[name]
        answers = row.expected("get")
        actor = next((a for a in PRIVILEGE if answers.get(a) == OK), None)
        if actor is not None:
            pages.append((name, reverse(name, kwargs=row.kwargs(world)), actor))
    return pages


def check_load(page, name: str, furigana: str) -> list[str]:
    """Run the variants on the loaded page; a line per violation that is not allowed."""
    page.evaluate(AXE_SCRIPT)
    found = []
    for label, viewport, size, rules in VARIANTS:
        if page.viewport_size != viewport:
            page.set_viewport_size(viewport)
        page.evaluate(SET_SIZE, size)
        for v in page.evaluate(RUN_AXE, rules):
            if (name, v["id"]) not in ALLOWED:
                found.append(f"{name} ({page.url}) {label}, ふりがな {furigana}: {v['id']} ({v['impact']}) {v['help']} — {v['targets']}")
    return found


def test_every_page_has_no_serious_axe_violation(chromium, live_server, base_data):
    started = time.monotonic()
    world = World()
    pages = pages_to_check(world)
    setup_seconds = time.monotonic() - started
    contexts = {}
    failures, checked, skipped, loads = [], [], [], 0
    try:
        for name, url, actor in pages:
            if actor not in contexts:
                context = _context(chromium, live_server, viewport=DESKTOP)
                if actor != ANON:
                    session = world.clients[actor].cookies[settings.SESSION_COOKIE_NAME].value
                    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
                contexts[actor] = (context, context.new_page())
            context, page = contexts[actor]
            for furigana in ("off", "on"):
                if furigana == "on" and url.startswith(SKIPPED_PREFIXES):
                    continue  # never annotated: the same page again
                context.add_cookies([{"name": FURIGANA_COOKIE, "value": furigana, "url": live_server.url}])
                page.set_viewport_size(DESKTOP)
                try:
                    response = page.goto(url)
                except PlaywrightError as exc:
                    if "Download is starting" not in str(exc):
                        raise
                    skipped.append(f"{name} (a download)")
                    break
                if response.status != 200:
                    failures.append(f"{name} ({url}) as {actor}: answered {response.status}, the matrix says 200")
                    break
                if not response.headers.get("content-type", "").startswith("text/html"):
                    skipped.append(f"{name} ({response.headers.get('content-type')})")
                    break
                loads += 1
                failures += check_load(page, name, furigana)
            else:
                checked.append(name)
    finally:
        for context, _page in contexts.values():
            context.close()
    seconds = time.monotonic() - started
    print(
        f"\naxe matrix: {len(checked)} pages as {len(contexts)} actors, {loads} loads, "
        f"{len(skipped)} not HTML ({', '.join(skipped)}); {seconds:.1f} s (world {setup_seconds:.1f} s)"
    )
    assert len(checked) > 100, checked
    assert not failures, f"{len(failures)} serious/critical axe violations:\n" + "\n".join(failures)
