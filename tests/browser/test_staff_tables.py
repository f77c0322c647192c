"""Staff tables at the front desk: the locker list and the annual applications and results on a 375 px phone
and a desktop, at 標準 and 特大 text. Nothing runs off the side, no button breaks one character per line, and
a row stays a readable card rather than a 500 px column."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.core.dates import current_fiscal_year
from programs.models import ApplicationWindow
from programs.services import allocation
from programs.services import lockers as locker_services
from tests.programs.factories import T, make_lockers, make_room
from tests.volunteers.factories import GroupRegistrationFactory, registered_group

from .fixtures import _context, assert_accessible

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/annual")

# Buttons whose label broke one character per line: more than two lines tall, or narrower than four characters.
WRAPPED_BUTTONS = """() => [...document.querySelectorAll('main .btn')].filter(b => b.offsetParent !== null).filter(b => {
  const style = getComputedStyle(b), line = parseFloat(style.lineHeight) || 24, box = b.getBoundingClientRect();
  return box.height > line * 2 + 24 || box.width < parseFloat(style.fontSize) * 4;
}).map(b => b.textContent.trim())"""
# The tallest row of a staff table, in rem (so 特大 may be taller): a card of five short lines and two buttons.
TALLEST_ROW = """Math.max(...[...document.querySelectorAll('main table tbody tr')].map(r => r.getBoundingClientRect().height))
  / parseFloat(getComputedStyle(document.documentElement).fontSize)"""


@pytest.fixture
def desk(base_data, staff):
    """Six lockers (three lent, one with the key out), a waiting list, and a window with a published run."""
    from config.core.models import Site

    tanashi = Site.objects.get(slug="tanashi")
    fy = current_fiscal_year()
    room = make_room(tanashi, name="第1会議室", capacity=30)
    make_room(tanashi, name="和室", capacity=10)
    lockers = make_lockers(tanashi, 6)
    names = [
        "西東京ひばりの会",
        "田無手話サークル",
        "保谷おはなし会（読み聞かせボランティア）",
        "ひまわり子ども食堂",
        "柳沢囲碁クラブ",
    ]
    groups = [registered_group(name=n) for n in names]
    for g in groups:
        GroupRegistrationFactory(group=g, fiscal_year=fy + 1)
    for locker, group in zip(lockers[:3], groups[:3], strict=True):
        a = locker_services.locker_assign(locker=locker, group=group, fiscal_year=fy, by=staff)
    locker_services.key_handover(assignment=a, by=staff)
    for g in groups[3:]:
        locker_services.waitlist_add(site=tanashi, fiscal_year=fy, group=g, by=staff)
    today = timezone.localdate()
    window = ApplicationWindow.objects.create(
        site=tanashi, fiscal_year=fy + 1, opens_on=today, closes_on=today + datetime.timedelta(days=14)
    )
    for i, g in enumerate(groups):
        allocation.recurring_request_create(
            window=window,
            group=g,
            by=None,
            room=room,
            weekday=1 + i % 2,
            start_time=T(10),
            end_time=T(12),
            pattern="weekly",
            weeks=[],
            purpose="定例会と地域の見守り活動の打ち合わせ",
        )
    allocation.window_close_early(window=window, reason="館内工事の日程が決まったため", by=staff)
    run = allocation.allocation_run(window=window, by=staff, seed=2024)
    return window, run


@pytest.mark.parametrize(
    ("width", "size"), [(1280, "normal"), (1280, "xlarge"), (375, "normal"), (375, "xlarge")]
)
def test_staff_tables_work_on_a_phone_and_a_desktop_at_every_text_size(
    chromium, live_server, desk, staff, login, width, size
):
    window, run = desk
    options = {"viewport": {"width": width, "height": 900}}
    if width < 500:
        options |= {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    context = _context(chromium, live_server, **options)
    context.add_cookies([{"name": "text_size", "value": size, "url": live_server.url}])
    page = context.new_page()
    login(page, staff)
    SHOTS.mkdir(parents=True, exist_ok=True)
    label = f"{width}-{size}"
    # A phone's layout viewport widens to fit overflowing content, so compare with the device width itself.
    no_sideways_scroll = f"document.documentElement.scrollWidth <= {width} + 1"
    # …and no table hides columns in a sideways-scrolling box either.
    tables_fit = f"[...document.querySelectorAll('main table')].every(t => t.getBoundingClientRect().right <= {width} + 1)"

    page.goto("/staff/lockers/tanashi/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("田無のロッカー")
    expect(page.get_by_role("button", name="ロッカー03の鍵が返った")).to_be_visible()
    expect(page.get_by_role("button", name="ロッカー01の貸出を終える")).to_be_visible()
    expect(page.get_by_text("ひまわり子ども食堂（")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"lockers-{label}.png"), full_page=True)
    page.get_by_role("table", name="ロッカーの一覧").screenshot(
        path=str(SHOTS / f"lockers-table-{label}.png")
    )
    assert page.evaluate(no_sideways_scroll), "the locker page scrolls sideways"
    assert page.evaluate(tables_fit), "the locker table runs off the screen"
    assert page.evaluate(WRAPPED_BUTTONS) == []
    assert page.evaluate(TALLEST_ROW) < 20, page.evaluate(TALLEST_ROW)
    assert_accessible(page)

    page.goto(f"/staff/rooms/annual/{window.pk}/")
    expect(page.get_by_text("理由：館内工事の日程が決まったため")).to_be_visible()
    expect(page.get_by_role("table", name="申請一覧")).to_contain_text(
        "保谷おはなし会（読み聞かせボランティア）"
    )
    expect(page.get_by_role("button", name="割当を実行する")).to_be_visible()
    expect(page.get_by_role("button", name="受付を今すぐ締め切る")).to_have_count(0)
    page.screenshot(path=str(SHOTS / f"window-{label}.png"), full_page=True)
    assert page.evaluate(no_sideways_scroll), "the window page scrolls sideways"
    assert page.evaluate(tables_fit), "the applications table runs off the screen"
    assert page.evaluate(WRAPPED_BUTTONS) == []

    page.goto(f"/staff/rooms/runs/{run.pk}/")
    results = page.get_by_role("table", name="申請ごとの結果")
    expect(results).to_contain_text("第1希望で決定")
    expect(page.get_by_role("button", name="結果を公開する")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"run-{label}.png"), full_page=True)
    results.screenshot(path=str(SHOTS / f"run-table-{label}.png"))
    assert page.evaluate(no_sideways_scroll), "the run page scrolls sideways"
    assert page.evaluate(tables_fit), "the results table runs off the screen"
    assert page.evaluate(WRAPPED_BUTTONS) == []
    if width == 375 and size == "xlarge":
        page.get_by_role("button", name="記録から再現して確かめる").click()
        expect(page.get_by_text("同じ結果になることを確かめました")).to_be_visible()
    context.close()


def test_a_representative_sees_the_window_close_and_then_the_result_on_a_phone(
    chromium, live_server, desk, staff, login
):
    from config.core import roles
    from tests.conftest import make_user

    window, run = desk
    rep = make_user("hibari", roles.GROUP_REP, last_name="ひばり", first_name="代表")
    group = window.requests.get(group__name="西東京ひばりの会").group
    group.representative = rep
    group.save(update_fields=["representative"])
    context = _context(
        chromium,
        live_server,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.add_cookies([{"name": "text_size", "value": "xlarge", "url": live_server.url}])
    page = context.new_page()
    login(page, rep)
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"/rooms/annual/{window.pk}/")
    expect(page.get_by_text("受付は")).to_contain_text("締め切りました")
    expect(page.get_by_role("table", name="申請した内容")).to_contain_text("毎週 火曜 10:00〜12:00 第1会議室")
    expect(page.get_by_role("button", name="取り下げる")).to_have_count(0)
    expect(page.get_by_role("heading", name="定期利用を申請する")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= 376")
    page.screenshot(path=str(SHOTS / "apply-closed-375-xlarge.png"), full_page=True)
    assert_accessible(page)

    allocation.allocation_publish(run=run, by=staff)
    page.reload()
    result = page.get_by_role("region", name="割当の結果")
    expect(result).to_contain_text("西東京ひばりの会")
    expect(result).to_contain_text("抽選順位")
    expect(page.get_by_text("締め切りました")).to_have_count(0)
    expect(page.get_by_role("heading", name="定期利用を申請する")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "apply-published-375-xlarge.png"), full_page=True)
    assert_accessible(page)
    context.close()
