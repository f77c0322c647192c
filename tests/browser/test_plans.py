"""Plans in a real browser: from the top page open 計画と進捗, pick 令和2年度, open an item and read its chart's text
alternative; a committee member sees the same after logging in; staff record a PDCA evaluation and download the
year-end 事業報告. Screenshots at desktop and 375 px, 標準 and 特大, under /tmp/shots/plans/."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from plans.loading import load
from programs.models import EventSession
from tests.programs.event_factories import make_event
from tests.volunteers.factories import IntroductionFactory

from .fixtures import assert_accessible, at_text_sizes, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/plans")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(SHOTS / f"{name}-top.png"))
    screenshot(page, f"plans-{name}")


def sizes(page, name):
    at_text_sizes(page, name, shot)


def open_item(page):
    page.goto("/")
    toggle = page.get_by_role("button", name="メニュー")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()  # phones fold the menu behind this button
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="計画と進捗").click()
    page.get_by_label("年度", exact=True).select_option(label="令和2年度（2020年度）")
    page.get_by_role("button", name="表示する").click()
    expect(page.get_by_role("heading", name="令和2年度（2020年度）の進捗")).to_be_visible()
    page.get_by_role("link", name="ボランティアの紹介", exact=True).click()
    expect(page.get_by_role("heading", name="ボランティアの紹介", level=1)).to_be_visible()
    return page.get_by_role("img", name="ボランティアの紹介の月ごとの累計実績").first


def test_the_public_and_a_committee_member_read_progress_and_staff_write_pdca_and_the_report(
    live_server, page, phone_page, staff, committee_member, login
):
    load(lambda name: apps.get_model("plans", name))  # the transactional flush removed the migration's rows
    for day in (datetime.date(2020, 4, 3), datetime.date(2020, 6, 1), datetime.date(2021, 3, 31)):
        IntroductionFactory(introduced_on=day)
    course = make_event(type_key="course-beginner", title="はじめて講座 春")
    start = timezone.make_aware(datetime.datetime(2020, 6, 13, 10))
    EventSession.objects.filter(event=course).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )

    chart = open_item(page)

    desc = page.locator("figure.chart svg desc").first.text_content()
    assert "目標240件に対し、実績は3件（達成率1%）" in desc
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="月ごとの累計実績（表）").first
    expect(table).to_be_visible()
    # the cumulative actual by month: April 1, June 2 (the 1 June introduction), March 3
    expect(table.get_by_role("row", name="5月")).to_contain_text("1件")
    expect(table.get_by_role("row", name="6月")).to_contain_text("2件")
    expect(table.get_by_role("row", name="3月")).to_contain_text("3件")
    expect(page.locator("figure.chart svg circle")).to_have_count(12)
    assert_accessible(page)
    sizes(page, "item-desktop")
    page.goto("/plans/progress/?fy=2020")
    assert_accessible(page)
    sizes(page, "progress-desktop")
    page.get_by_role("link", name="印刷用の表示").click()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_hidden()
    expect(page.get_by_role("cell", name="240件／年")).to_be_visible()
    shot(page, "progress-print")
    page.emulate_media(media="screen")
    page.goto("/plans/")
    expect(page.get_by_role("heading", name="西東京市スタイル", exact=True)).to_be_visible()
    shot(page, "overview-desktop")

    phone_page.goto("/plans/progress/?fy=2020")
    sizes(phone_page, "progress-phone")
    phone_page.locator("table.plan-table").first.screenshot(
        path=str(SHOTS / "progress-phone-first-table.png")
    )
    expect(phone_page.locator("table.plan-table").first.get_by_text("240件／年")).to_be_visible()
    phone_page.goto("/plans/")
    sizes(phone_page, "overview-phone")

    # A committee member lands on the members' area (committees) and reads the same item.
    login(phone_page, committee_member)
    expect(phone_page.get_by_role("heading", name="委員のページ")).to_be_visible()
    open_item(phone_page)
    assert "目標240件に対し、実績は3件" in phone_page.locator("figure.chart svg desc").first.text_content()
    expect(phone_page.get_by_role("link", name="PDCA評価を記入する")).to_have_count(0)
    sizes(phone_page, "item-phone")
    figure = phone_page.locator("figure.chart").first
    expect(figure).to_contain_text("凡例：実線と丸＝累計の実績")
    figure.screenshot(path=str(SHOTS / "item-phone-chart.png"))

    # Staff record the PDCA evaluation and download the year-end report.
    login(page, staff)
    open_item(page)
    page.get_by_role("link", name="PDCA評価を記入する").click()
    page.get_by_label("B（おおむね目標どおり）").check()
    page.get_by_label("実施したこと（Do）").fill("通年で紹介を行いました。")
    page.get_by_label("点検・評価（Check）").fill("件数は目標に届きませんでした。")
    page.get_by_label("改善（Action）").fill("施設への案内を増やします。")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("PDCA評価を保存しました。")).to_be_visible()
    expect(page.get_by_text("施設への案内を増やします。")).to_be_visible()
    page.get_by_role("link", name="令和2年度（2020年度）の進捗に戻る").click()
    page.get_by_role("link", name="事業報告を作る").click()
    expect(page.get_by_role("heading", name="令和2年度 事業報告")).to_be_visible()
    expect(page.get_by_role("cell", name="件数は目標に届きませんでした。").first).to_be_visible()
    expect(page.get_by_text("6月13日 はじめて講座 春（参加0人）")).to_be_visible()  # the dated record
    assert_accessible(page)
    sizes(page, "report-desktop")
    with page.expect_download() as info:
        page.get_by_role("link", name="事業報告をExcelでダウンロード").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(Path(download.path()).read_bytes())).active
    assert any(
        "施設への案内を増やします。" in (row[4] or "") for row in ws.iter_rows(min_row=3, values_only=True)
    )
