"""Playwright driving Debian's Chromium against pytest-django's live server.

`page` is a fresh browser context per test; `desktop` and phone sizes are both available. `login`
logs a user in through the real form, by its visible labels. `assert_accessible` runs axe-core and
fails on serious or critical violations.

Screenshots are for people to look at, and they assert nothing: Chromium draws and encodes one in about a third
of a second, five hundred of them a quarter of the browser tests' time. They are taken only when SCREENSHOTS=1
(`make screenshots`); otherwise every `screenshot()` call, the helper's and Playwright's own, saves nothing.
"""

import os
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "pass-for-tests-1"
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, nullcontext() if SCREENSHOTS else _no_screenshots():
        yield p


@contextmanager
def _no_screenshots():
    """Page.screenshot and Locator.screenshot save nothing and return no image (no test reads one)."""
    from playwright.sync_api import Locator, Page

    with pytest.MonkeyPatch.context() as patch:
        for cls in (Page, Locator):
            patch.setattr(cls, "screenshot", lambda self, *args, **kwargs: b"")
        yield


@pytest.fixture(scope="session")
def chromium(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does it as root).")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _context(chromium, live_server, **options):
    """Every journey's browser context: Japanese, Tokyo time, and reduced motion. Bootstrap scrolls smoothly
    only when motion is not reduced, so a page that focuses a field as it loads (autofocus) slid for 0.4 s,
    and each click on its header waited for the link to stop moving; with reduced motion nothing slides and
    the phone menu folds at once. The pages themselves are the same."""
    options = {"locale": "ja-JP", "timezone_id": "Asia/Tokyo", "reduced_motion": "reduce", **options}
    context = chromium.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(chromium, live_server, base_data):
    context = _context(chromium, live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, live_server, base_data):
    context = _context(
        chromium,
        live_server,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login():
    def do_login(page, user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("会員番号・メールアドレス・電話番号").fill(user.username)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログインする").click()
        page.wait_for_load_state()

    return do_login


AXE_SCRIPT = (
    Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js").read_text(encoding="utf-8")
)
# The site's header and footer are the same on most pages. Once axe has checked a header and footer with the same
# markup (links and form values aside), later checks in this process leave them out: another actor's menu, another
# item marked current, an opened menu or ruby in them is other markup, checked again. Page-level rules (title,
# language, bypass blocks) still run on every page.
CHROME = ["header.site-header", "footer.site-footer"]
CHROME_MARKUP = """(selectors) => selectors.map((s) => document.querySelector(s)?.outerHTML || "").join("")
  .replace(/(href|value)="[^"]*"/g, "")"""
# Only what a failure reports crosses back from the browser (axe's whole answer is far larger).
# axe in the page, returning only its serious and critical violations (colour contrast is always serious);
# `rules` (null: every rule) narrows the run.
VIOLATIONS = """([exclude, rules]) => axe.run(exclude.length ? {exclude: exclude.map((s) => [s])} : document,
    rules ? {resultTypes: ["violations"], runOnly: {type: "rule", values: rules}} : {resultTypes: ["violations"]})
  .then((results) => results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target)})))"""
_CHECKED_CHROME: set[str] = (
    set()
)  # by assert_accessible: header and footer markup, with the width and text size


def chrome_to_leave_out(page, seen: set[str], variant: str = "") -> list[str]:
    """The header and footer to leave out of an axe run on `page`: those `seen` holds (with `variant`, what else
    the check depends on); they are added to it, for the checks that follow."""
    chrome = variant + page.evaluate(CHROME_MARKUP, CHROME)
    leave_out = CHROME if chrome in seen else []
    seen.add(chrome)
    return leave_out


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now, leaving out a header and footer
    already checked at this width and text size in this process; `rules`: only these."""
    page.evaluate(AXE_SCRIPT)
    variant = page.evaluate("`${window.innerWidth} ${document.documentElement.className} `")
    return page.evaluate(VIOLATIONS, [chrome_to_leave_out(page, _CHECKED_CHROME, variant), rules])


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical violation on the page as it is now (every rule)."""
    bad = axe_violations(page)
    details = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {v['targets']}" for v in bad)
    assert not bad, f"axe found serious/critical problems on {page.url}:\n{details}"


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits(page) -> bool:
    """The page is no wider than the screen (nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# The 文字サイズ switch changes one class on <html> (the server renders the same page with another
# `text-size-…` class, and marks another switch button current). Set in place, by at_text_sizes and by the axe
# matrix's checks; returns the class it replaced.
SET_TEXT_SIZE = """(size) => { const html = document.documentElement; const was = [...html.classList]
  .find((c) => c.startsWith("text-size-")); html.classList.remove(was); html.classList.add("text-size-" + size);
  return was; }"""


def at_text_sizes(page, name: str, shot) -> None:
    """Look at the page at 標準 and 特大: it fits the screen at each, and `shot(page, name)` saves a picture.
    The size is set on the page as it is, not by the cookie and a reload each (three loads a page); the
    switch itself is clicked through in tests/browser/test_foundation.py, with and without JavaScript."""
    was = None
    for size in ("normal", "xlarge"):
        was = was or page.evaluate(SET_TEXT_SIZE, size)
        assert fits(page), f"{name} at {size} is wider than the screen"
        shot(page, f"{name}-{size}")
    page.evaluate(SET_TEXT_SIZE, was.removeprefix("text-size-"))
