"""axe-core on every page of the project, built from the access matrix: a new URL enters it by itself.

For every row of tests/access_table.py that some actor may GET with 200, the least privileged such actor
(anonymous, then volunteer A, representative A, …, staff, superuser; see `PRIVILEGE`) opens the URL
built from the matrix's world of real objects (tests/core/test_access_matrix.py `World`), logged in by
the session cookie of the world's test client (no login form). The Django admin is not in the table, so
it is not checked. Answers that are not HTML (CSV, PDF, XLSX, iCalendar, robots.txt) are skipped.

Each page is loaded once with the ふりがな switch off and, where the switch is offered (not under /staff/,
whose pages are never annotated), once more with it on: the switch changes what the server renders.
Within one load the page is checked in four variants without reloading (desktop: 1280 × 900; phone:
375 × 740 by `set_viewport_size`, i.e. a phone's width and CSS media queries, not touch emulation; 特大:
the `text-size-xlarge` class on <html>, which is all the text-size cookie changes besides which switch
button is marked current):

| variant      | ふりがな off                           | ふりがな on                |
|--------------|----------------------------------------|----------------------------|
| desktop 標準 | every rule                             | every rule                 |
| desktop 特大 | `GROWN_RULES`                          | `GROWN_RULES`              |
| phone 特大   | `LAYOUT_RULES` + color-contrast        | `LAYOUT_RULES`             |
| phone 標準   | `LAYOUT_RULES`                         | `LAYOUT_RULES`             |

Why this much and no more (axe is slow; contrast and target size are its costly rules):
- `LAYOUT_RULES` are the rules whose answer can change with width, text size or ruby: target size and
  spacing, regions that start to scroll, links told apart from text, and the names of controls that a
  media query shows or hides. `GROWN_RULES` are the same without target size: at desktop, larger text
  only makes the targets of 標準 larger.
- Colour contrast: colours change only with media queries (width), and larger text only lowers the ratio
  it needs, so contrast is checked at desktop 標準 and at phone 特大, where text re-wraps most. With
  ふりがな on it is checked at desktop 標準: the ruby text takes its parent's colour at half its size, so
  標準 is where it is smallest and needs the highest ratio.
- With ふりがな on, desktop 標準 runs every rule again: the ruby markup is new content.

axe is injected once per load. The site's header and footer are the same on many pages: once a header and
footer with the same markup (links and form values aside) have been checked in all four variants, later
pages that have them exclude them; another actor's menu, another menu item marked current, or ruby in them
is other markup, checked again. Page-level rules (title, language, bypass blocks) still run on every page.

Two pages are checked at a time, in two browser contexts per actor, so that two Chromium renderer
processes use the machine's two cores (the first page's checks start while the second one loads). The pages
are shared out between `CHUNKS` tests, which pytest-xdist runs on different workers: each claims the next
two pages that no chunk has taken yet, so the chunks finish together. The test fails on any serious or critical violation that is not
in `ALLOWED`.
"""

import fcntl
import json
import os
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from config.core.furigana import FURIGANA_COOKIE, SKIPPED_PREFIXES
from tests.access_table import ACCESS, ANON, COMMITTEE, FORMER, OK, REP_A, REP_B, STAFF, SUPER, VOL_A, VOL_B
from tests.conftest import restore_migration_data
from tests.core.test_access_matrix import World, project_url_names

from .fixtures import AXE_SCRIPT, SET_TEXT_SIZE, _context, chrome_to_leave_out

pytestmark = pytest.mark.browser

# Least privileged first: each page is seen by the person with the fewest rights who may see it.
PRIVILEGE = (ANON, VOL_A, REP_A, VOL_B, REP_B, FORMER, COMMITTEE, STAFF, SUPER)
LANES = 2  # pages checked at once: one Chromium renderer per core
# The pages are checked by `CHUNKS` tests that pytest-xdist hands to its workers: each builds its own world
# and claims the next pages that no chunk has taken (a file shared by the run's workers), so the chunks end
# together however late each starts; two chunks on one worker check the pages one after the other.
CHUNKS = 2

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

LAYOUT_RULES = [
    "link-in-text-block",
    "target-size",
    "scrollable-region-focusable",
    "aria-hidden-focus",
    "button-name",
    "link-name",
    "label",
    "nested-interactive",
]

# (URL name, axe rule id) → why it cannot be fixed. Empty; whatever is added here must also be named
# under わかっている課題 on the accessibility statement (templates/core/accessibility.html).
ALLOWED: dict[tuple[str, str], str] = {}

GROWN_RULES = [rule for rule in LAYOUT_RULES if rule != "target-size"]

VARIANTS = (  # (label, viewport, text size, rules with ふりがな off, with it on); None = every rule
    ("desktop 標準", DESKTOP, "normal", None, None),
    ("desktop 特大", DESKTOP, "xlarge", GROWN_RULES, GROWN_RULES),
    ("phone 特大", PHONE, "xlarge", [*LAYOUT_RULES, "color-contrast"], LAYOUT_RULES),
    ("phone 標準", PHONE, "normal", LAYOUT_RULES, LAYOUT_RULES),
)

# Starts axe and returns at once, so that the other lane's page can run meanwhile; COLLECT awaits it.
# The stylesheets are read (preload) only by the full run: the one rule that needs them
# (css-orientation-lock) is not a layout rule.
START = (
    "([size, rules, exclude]) => {\n  (" + SET_TEXT_SIZE + ")(size);\n"
    """
  const options = {resultTypes: ["violations"]};
  if (rules) Object.assign(options, {runOnly: {type: "rule", values: rules}, preload: false});
  const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
  // axe.run does much of its work before its first await: start it from a timer, so that this call
  // returns at once and the other lane's renderer works at the same time.
  window.__axeViolations = new Promise((resolve) => setTimeout(resolve, 0))
    .then(() => axe.run(context, options)).then((results) => results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.slice(0, 4).map((n) => n.target.join(" "))})));
}"""
)
COLLECT = "() => window.__axeViolations"


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


def start_checks(page, seen_chrome: set[str]) -> list[str]:
    """Inject axe into a loaded page and start the first variant (it runs while the other lane's page
    loads); returns what the page's checks leave out: its header and footer if they are in `seen_chrome`."""
    page.evaluate(AXE_SCRIPT)
    exclude = chrome_to_leave_out(page, seen_chrome)
    _label, viewport, size, rules, _rules_on = VARIANTS[0]
    if page.viewport_size != viewport:
        page.set_viewport_size(viewport)
    page.evaluate(START, [size, rules, exclude])
    return exclude


def run_variants(started: list[tuple[object, str, str, str, list[str]]]) -> list[str]:
    """Run the variants on pages whose checks have started (page, URL name, ふりがな "off"/"on",
    description, what to leave out), the pages in parallel; a line per violation that is not allowed."""
    found = []
    for index, (label, viewport, size, rules_off, rules_on) in enumerate(VARIANTS):
        for page, _name, furigana, _what, exclude in started if index else ():
            if page.viewport_size != viewport:
                page.set_viewport_size(viewport)
            page.evaluate(START, [size, rules_on if furigana == "on" else rules_off, exclude])
        for page, name, _furigana, what, _exclude in started:
            for v in page.evaluate(COLLECT):
                if (name, v["id"]) not in ALLOWED:
                    found.append(f"{what} {label}: {v['id']} ({v['impact']}) {v['help']} — {v['targets']}")
    return found


def cpu_seconds() -> float:
    """CPU time of this process (its live server threads included) and its child processes (Chromium)."""
    stats = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()
        stats[int(pid)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    mine: set[int] = set()
    grown = {os.getpid()}
    while grown - mine:  # this process, its children, theirs …
        mine |= grown
        grown = mine | {pid for pid, (parent, _ticks) in stats.items() if parent in mine}
    return sum(stats[pid][1] for pid in mine if pid in stats) / os.sysconf("SC_CLK_TCK")


RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex  # the same in every xdist worker
SHARED = Path(tempfile.gettempdir()) / f"axe-matrix-{RUN}.json"


def shared(change):
    """Read and change, under a file lock, what the chunks of this run share: the next job to claim, how many
    chunks have finished, and the pages they checked. `change(state)` returns what the caller gets."""
    with open(SHARED.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = (
            json.loads(SHARED.read_text()) if SHARED.exists() else {"next": 0, "finished": 0, "checked": []}
        )
        answer = change(state)
        SHARED.write_text(json.dumps(state))
        return answer


def claim(count: int, total: int) -> range:
    """The next `count` jobs (of `total`) that no chunk has taken yet; empty when all are taken."""

    def take(state):
        start = min(state["next"], total)
        state["next"] = min(start + count, total)
        return range(start, state["next"])

    return shared(take)


def jobs_to_check(pages: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    """(URL name, URL, actor, ふりがな) in the order they are checked: in actor order with ふりがな off, then with it
    on where the switch is offered. The order depends only on URL names and actors, not on the world's keys."""
    jobs = [(name, url, actor, "off") for name, url, actor in sorted(pages, key=lambda p: p[2])]
    return jobs + [(n, u, a, "on") for n, u, a, _f in jobs if not u.startswith(SKIPPED_PREFIXES)]


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_every_page_has_no_serious_axe_violation(chromium, live_server, base_data, chunk):
    started, cpu_started, python_started = time.monotonic(), cpu_seconds(), time.process_time()
    restore_migration_data()  # a browser test starts from a flushed database; the demo builds on all of it
    world = World()
    every_page = pages_to_check(world)
    jobs = jobs_to_check(every_page)
    world_seconds = time.monotonic() - started
    contexts = {}

    def page_for(actor: str, lane: int):
        if (actor, lane) not in contexts:
            context = _context(chromium, live_server, viewport=DESKTOP)
            if actor != ANON:
                session = world.clients[actor].cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
                )
            contexts[actor, lane] = context.new_page()
        return contexts[actor, lane]

    failures, not_html, loads, seen_chrome = [], {}, 0, set()
    load_seconds = axe_seconds = 0.0
    seen = set()
    try:
        while batch := [jobs[index] for index in claim(LANES, len(jobs))]:
            seen.update(name for name, _url, _actor, _furigana in batch)
            loaded = []
            for lane, (name, url, actor, furigana) in enumerate(batch):
                if name in not_html:
                    continue
                page = page_for(actor, lane)
                page.context.add_cookies(
                    [{"name": FURIGANA_COOKIE, "value": furigana, "url": live_server.url}]
                )
                page.set_viewport_size(DESKTOP)
                try:
                    load_started = time.monotonic()
                    response = page.goto(url)
                    load_seconds += time.monotonic() - load_started
                except PlaywrightError as exc:
                    if "Download is starting" not in str(exc):
                        raise
                    not_html[name] = "a download"
                    continue
                kind = response.headers.get("content-type", "")
                if response.request.redirected_from is not None:  # e.g. to the login page: not logged in
                    failures.append(
                        f"{name} ({url}) as {actor}: redirected to {page.url}, the matrix says 200"
                    )
                elif response.status != 200:
                    failures.append(
                        f"{name} ({url}) as {actor}: answered {response.status}, the matrix says 200"
                    )
                elif not kind.startswith("text/html"):
                    not_html[name] = kind
                else:
                    loads += 1
                    what = f"{name} ({url}, {actor}, ふりがな {furigana})"
                    loaded.append((page, name, furigana, what, start_checks(page, seen_chrome)))
            axe_started = time.monotonic()
            failures += run_variants(loaded)
            axe_seconds += time.monotonic() - axe_started
    finally:
        for page in contexts.values():
            page.context.close()
    checked = seen - set(not_html)

    def finish(state):
        state["finished"] += 1
        state["checked"] = sorted(set(state["checked"]) | checked)
        return state["finished"], len(state["checked"])

    finished, checked_by_all = shared(finish)
    print(
        f"\naxe matrix, chunk {chunk + 1} of {CHUNKS}: {len(checked)} of {len(every_page)} pages as "
        f"{len({a for a, _lane in contexts})} actors, {loads} loads, "
        f"{loads * len(VARIANTS)} axe runs; not HTML: {not_html}; "
        f"{time.monotonic() - started:.1f} s wall (world {world_seconds:.1f} s), "
        f"loading {load_seconds:.1f} s, axe {axe_seconds:.1f} s; {cpu_seconds() - cpu_started:.1f} s CPU "
        f"(Python: world, test and live server {time.process_time() - python_started:.1f} s), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    assert len(every_page) > 100
    if finished == CHUNKS:  # the last chunk to finish: together they checked every HTML page
        SHARED.unlink()
        SHARED.with_suffix(".lock").unlink()
        assert checked_by_all > 100
    assert not failures, f"{len(failures)} serious/critical axe violations:\n" + "\n".join(failures)


CHANGING_PAGE = """<!doctype html><html lang="ja" class="text-size-normal"><head><title>検査の検査</title><style>
  @media (max-width: 500px) { .phone-pale { color: #c8c8c8; } .phone-hidden { display: none; } }
  .text-size-xlarge .xlarge-pale { color: #d0d0d0; }
  .text-size-xlarge .scroller { overflow: auto; height: 1rem; }
  .text-size-xlarge .pair button { width: 10px; height: 10px; padding: 0; margin: 0; border: 0; overflow: hidden; }
</style></head><body><main><h1>見出し</h1>
<p class="phone-pale">スマートフォンでだけ薄い文字</p><p class="xlarge-pale">特大でだけ薄い文字</p>
<p class="pair"><button type="button">前へ</button><button type="button">次へ</button></p>
<button type="button"><span class="phone-hidden">閉じる</span></button>
<div class="scroller"><p>特大でだけ枠からあふれて、枠の中で動かす文章です。</p><p>二行目です。</p></div>
</main></body></html>"""


def test_the_variants_find_what_only_a_phone_or_large_text_shows(chromium):
    """The matrix's check itself: faults seen only at phone width or only at 特大 are found in the
    variants that show them and run their rules, without reloading the page."""
    context = chromium.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.set_content(CHANGING_PAGE)
        found = run_variants([(page, "sample", "off", "sample", start_checks(page, set()))])
    finally:
        context.close()
    faults = {
        (line.split(": ")[0].removeprefix("sample "), line.split(": ")[1].split(" ")[0]) for line in found
    }
    assert faults == {
        ("desktop 特大", "scrollable-region-focusable"),
        ("phone 特大", "scrollable-region-focusable"),
        ("phone 特大", "target-size"),
        ("phone 特大", "color-contrast"),
        ("phone 特大", "button-name"),
        ("phone 標準", "button-name"),
    }


def test_assert_accessible_checks_each_header_once_at_each_width_and_text_size(chromium):
    """The journeys' check: a serious fault in the content fails it; a header and footer it has checked at this
    width and text size are left out of later checks, and any change to them (or another width) is checked."""
    from .fixtures import assert_accessible

    mark = uuid.uuid4().hex  # markup no other test of this process has shown
    header = f'<header class="site-header"><a href="/">{mark}</a>{{}}</header>'
    body = '<!doctype html><html lang="ja" class="text-size-normal"><head><title>t</title></head><body>{}</body></html>'
    fine, faulty = "<main><h1>見出し</h1></main>", '<main><h1>見出し</h1><img src="x.png"></main>'
    unnamed = '<button type="button"></button>'
    context = chromium.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.set_content(body.format(header.format("") + faulty))
        with pytest.raises(AssertionError, match="image-alt"):
            assert_accessible(page)
        page.set_content(body.format(header.format("") + fine))
        assert_accessible(page)
        page.set_content(body.format(header.format(unnamed) + fine))  # another header: checked
        with pytest.raises(AssertionError, match="button-name"):
            assert_accessible(page)
        page.set_content(body.format(header.format(unnamed) + fine))  # the same one again: left out
        assert_accessible(page)
        page.set_viewport_size(PHONE)  # the same one at another width: checked again
        with pytest.raises(AssertionError, match="button-name"):
            assert_accessible(page)
    finally:
        context.close()
