"""Committees in a real browser, one test per journey, by visible labels: a resident applies to observe a meeting;
a member reads the materials and comments on a plan item; staff publish the minutes and the public reads them.
Screenshots at 1280 and 375 px, 標準 and 特大, under /tmp/shots/committees/."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from committees import services
from committees.models import Committee, CommitteeMember, Minutes, Observation, PlanComment
from plans.models import PlanItem
from tests.committees.factories import make_meeting, pdf_upload

from .fixtures import assert_accessible, at_text_sizes, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/committees")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"committees-{name}")


def sizes(page, name):
    at_text_sizes(page, name, shot)


def open_menu(page, link):
    toggle = page.get_by_role("button", name="メニュー")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()  # phones fold the menu behind this button
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name=link).click()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_resident_applies_to_observe_a_meeting(live_server, page, phone_page, staff, login, media):
    day = datetime.date.today() + datetime.timedelta(days=20)
    meeting = make_meeting(date=day, seat_limit=5)
    services.agenda_item_add(meeting=meeting, title="センターの設備について", by=staff)

    for p, device in ((page, "desktop"), (phone_page, "phone")):
        p.goto("/")
        open_menu(p, "運営委員会")
        expect(p.get_by_role("heading", name="運営委員会・進行管理委員会", level=1)).to_be_visible()
        p.get_by_role("link", name="ボランティア・市民活動センター運営委員会").click()
        expect(p.get_by_role("cell", name="委員長")).to_have_count(0)  # no members yet: a message instead
        expect(p.get_by_text("センターの設備について")).to_be_visible()
        sizes(p, f"committee-{device}")
        p.get_by_role("link", name="この会議の傍聴を申し込む").click()
        expect(p.get_by_role("heading", name="傍聴の申込")).to_be_visible()
        expect(p.get_by_text("傍聴席は残り")).to_be_visible()

    # A mistake first: kanji in the furigana and no contact.
    page.get_by_label("氏名").fill("西東 京子")
    page.get_by_label("フリガナ").fill("西東")
    page.get_by_label("人数").fill("2")
    page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()
    page.get_by_role("button", name="傍聴を申し込む").click()
    expect(page.get_by_role("heading", name="入力内容を確認してください")).to_be_visible()
    expect(page.get_by_text("フリガナはカタカナ（またはひらがな）で入力してください。").first).to_be_visible()
    assert_accessible(page)
    shot(page, "observe-errors-desktop")
    page.get_by_label("フリガナ").fill("さいとう きょうこ")
    page.get_by_label("電話番号").fill("042-466-3070")
    page.get_by_role("button", name="傍聴を申し込む").click()
    expect(page.get_by_role("heading", name="傍聴の申込を受け付けました")).to_be_visible()
    reference = f"{day:%m%d}-01"
    expect(page.get_by_text(reference)).to_be_visible()
    assert_accessible(page)
    sizes(page, "observe-done-desktop")

    phone_page.get_by_label("氏名").fill("保谷 次郎")
    phone_page.get_by_label("フリガナ").fill("ホウヤ ジロウ")
    phone_page.get_by_label("メールアドレス").fill("jiro@example.jp")
    phone_page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()
    phone_page.get_by_role("button", name="傍聴を申し込む").click()
    expect(phone_page.get_by_text("確認のメールをお送りしました。")).to_be_visible()
    sizes(phone_page, "observe-done-phone")
    assert services.seats_taken(meeting) == 3 and Observation.objects.count() == 2

    # Staff see the list for the door and print it.
    login(page, staff)
    page.goto("/committees/staff/")
    page.get_by_role("link", name=f"{day.year}年{day.month}月{day.day}日", exact=False).first.click()
    page.get_by_role("link", name="傍聴の申込（3人）").click()
    expect(page.get_by_role("cell", name="サイトウ キョウコ")).to_be_visible()
    expect(page.get_by_role("rowheader", name=reference)).to_be_visible()
    expect(page.get_by_text("3人／定員5人")).to_be_visible()
    assert_accessible(page)
    sizes(page, "observers-desktop")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="印刷する")).to_be_hidden()
    shot(page, "observers-print")


def test_a_member_reads_the_materials_and_comments_on_a_plan_item(
    live_server, page, phone_page, staff, committee_member, login, media
):
    meeting = make_meeting()
    services.agenda_item_add(meeting=meeting, title="令和2年度事業計画案", by=staff)
    services.material_add(
        meeting=meeting, title="資料1 事業計画案", upload=pdf_upload("事業計画案.pdf"), by=staff
    )
    item = PlanItem.objects.create(
        fiscal_year=2020, section_no=1, section="相談・紹介", name="ボランティアの紹介"
    )

    login(page, committee_member)
    expect(page.get_by_role("heading", name="委員のページ", level=1)).to_be_visible()
    expect(page.get_by_text("委員・職員のみ")).to_be_visible()
    assert_accessible(page)
    sizes(page, "members-home-desktop")
    with page.expect_download() as info:
        page.get_by_role("link", name="資料1 事業計画案").click()
    download = info.value
    assert download.suggested_filename == "事業計画案.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")

    page.goto(f"/plans/items/{item.pk}/")
    expect(page.get_by_role("heading", name="委員の意見")).to_be_visible()
    page.get_by_label("意見", exact=True).fill("紹介の件数を月ごとに見せてください。")
    page.get_by_role("button", name="意見を送る").click()
    expect(page.get_by_text("意見を送りました。職員に知らせます。")).to_be_visible()
    expect(page.get_by_text("紹介の件数を月ごとに見せてください。")).to_be_visible()
    assert_accessible(page)
    shot(page, "plan-item-comment-desktop")
    assert PlanComment.objects.get().author == committee_member

    login(phone_page, committee_member)
    expect(phone_page.get_by_role("heading", name="委員のページ", level=1)).to_be_visible()
    sizes(phone_page, "members-home-phone")
    phone_page.goto(f"/plans/items/{item.pk}/#committee-comments")
    sizes(phone_page, "plan-item-comment-phone")

    # After the term ends, the same account sees neither the unpublished material nor the comments.
    CommitteeMember.objects.filter(user=committee_member).update(
        term_start=datetime.date(2016, 4, 1), term_end=datetime.date.today() - datetime.timedelta(days=1)
    )
    page.goto(f"/plans/items/{item.pk}/")
    expect(page.get_by_role("heading", name="委員の意見")).to_have_count(0)
    page.goto(f"/committees/meetings/{meeting.pk}/")
    expect(page.get_by_role("link", name="資料1 事業計画案")).to_have_count(0)


def test_staff_publish_the_minutes_and_the_public_reads_them(
    live_server, page, phone_page, staff, login, media
):
    services.schedule_generate(
        committee=Committee.objects.get(key="operating-committee"), fiscal_year=2020, by=staff
    )

    login(page, staff)
    page.goto("/committees/staff/?fy=2020")
    expect(page.get_by_role("heading", name="令和2年度（2020年度）の会議")).to_be_visible()
    assert_accessible(page)
    sizes(page, "staff-home-desktop")
    page.get_by_role("link", name="2020年5月12日（火）").click()
    page.get_by_role("textbox", name="議題").fill("令和元年度事業報告・決算")
    page.get_by_role("button", name="議題を加える").click()
    expect(page.get_by_text("議題を加えました。")).to_be_visible()
    page.get_by_role("textbox", name="議事録").fill("令和元年度の事業報告と決算を承認しました。")
    page.get_by_role("button", name="下書きを保存する").click()
    expect(page.get_by_text("議事録の下書きを保存しました。")).to_be_visible()
    page.get_by_role("button", name="議事録を承認する").click()
    expect(page.get_by_text("議事録を承認しました。")).to_be_visible()
    page.get_by_role("button", name="議事録を公開する").click()
    expect(page.get_by_text("議事録を公開しました。")).to_be_visible()
    assert_accessible(page)
    sizes(page, "staff-meeting-desktop")
    assert Minutes.objects.get().status == "published"

    # The public (the phone, not logged in) finds the minutes in the archive by fiscal year.
    phone_page.goto("/")
    open_menu(phone_page, "運営委員会")
    phone_page.get_by_role("link", name="ボランティア・市民活動センター運営委員会").click()
    phone_page.get_by_role("link", name="議事録と資料（年度別）").click()
    phone_page.get_by_label("年度").select_option(label="令和2年度（2020年度）")
    phone_page.get_by_role("button", name="表示する").click()
    expect(phone_page.get_by_role("heading", name="令和2年度（2020年度）の議事録と資料")).to_be_visible()
    sizes(phone_page, "archive-phone")
    phone_page.get_by_role("link", name="議事録を読む").click()
    expect(phone_page.get_by_text("令和元年度の事業報告と決算を承認しました。")).to_be_visible()
    assert_accessible(phone_page)
    sizes(phone_page, "meeting-minutes-phone")

    page.goto("/committees/staff/?fy=2020")
    page.set_viewport_size({"width": 375, "height": 740})
    sizes(page, "staff-home-phone")


def test_a_foreign_resident_reads_the_committees_in_english_and_applies_to_observe(
    live_server, page, phone_page, staff
):
    meeting = make_meeting(date=datetime.date.today() + datetime.timedelta(days=20), seat_limit=5)
    services.agenda_item_add(meeting=meeting, title="センターの設備について", by=staff)
    for p, device in ((page, "desktop"), (phone_page, "phone")):
        p.goto("/")
        p.get_by_role("link", name="English").first.click()
        expect(p.locator("html")).to_have_attribute("lang", "en")
        open_menu_en(p, "Steering committee")
        expect(
            p.get_by_role("heading", name="Steering committee and plan progress committee", level=1)
        ).to_be_visible()
        p.get_by_role("link", name="ボランティア・市民活動センター運営委員会").click()
        expect(p.get_by_role("heading", name="Members")).to_be_visible()
        expect(p.get_by_text("センターの設備について")).to_be_visible()  # the agenda is data, in Japanese
        sizes(p, f"committee-en-{device}")
        p.get_by_role("link", name="Apply to observe this meeting").click()
        expect(p.get_by_role("heading", name="Apply to observe a meeting")).to_be_visible()
        sizes(p, f"observe-en-{device}")
    expect(page.get_by_text("Name reading (katakana)")).to_be_visible()
    page.locator("#id_name").fill("Jane Smith")
    page.locator("#id_furigana").fill("ジェーン スミス")
    page.get_by_label("Phone number").fill("042-466-3070")
    page.get_by_label("I have read “How we handle personal information” and agree").check()
    page.get_by_role("button", name="Apply to observe").click()
    expect(page.get_by_role("heading", name="Your application to observe has been received")).to_be_visible()
    expect(page.get_by_text("Reference number:")).to_be_visible()
    assert_accessible(page)
    shot(page, "observe-done-en-desktop")
    assert Observation.objects.get(meeting=meeting).name == "Jane Smith"


def open_menu_en(page, link):
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=link).click()
