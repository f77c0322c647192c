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
from playwright.sync_api import expect

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
    context = chromium.new_context(base_url=live_server.url, locale="ja-JP", timezone_id="Asia/Tokyo", **options)
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
    context = _context(chromium, live_server, viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
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


def assert_accessible(page, results=None) -> None:
    """`results`: of an axe run with every rule on the page as it is now (by default, this runs one)."""
    from axe_playwright_python.sync_playwright import Axe

    if results is None:
        results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
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


def at_text_sizes(page, live_server, name: str, shot) -> None:
    """Look at the page at 標準 and 特大: it fits the screen at each, and `shot(page, name)` saves a picture."""
    for size in ("normal", "xlarge"):
        page.context.add_cookies([{"name": "text_size", "value": size, "url": live_server.url}])
        page.reload()
        expect(page.locator("html")).to_have_class(f"text-size-{size}")
        assert fits(page), f"{name} at {size} is wider than the screen"
        shot(page, f"{name}-{size}")
    page.context.add_cookies([{"name": "text_size", "value": "normal", "url": live_server.url}])
    page.reload()
