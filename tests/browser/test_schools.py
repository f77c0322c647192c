"""A school request in a real browser, by visible labels: a teacher sends it from the top page on a phone, staff
take it 受付 → 調整中, pick a lecturer from the candidates, decide the date (the calendar shows it), and after the
lesson record 実施済 with the pupils reached. Screenshots at 1280 and 375 px, 標準 and 特大, under
/tmp/shots/schools/."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import SchoolRequest
from tests.programs.school_factories import themes
from tests.volunteers.factories import VolunteerFactory
from volunteers.models import ActivityField, Notice

from .fixtures import assert_accessible, at_text_sizes, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/schools")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"schools-{name}")


def sizes(page, name):
    at_text_sizes(page, name, shot)


def test_a_school_request_goes_from_received_to_held(live_server, page, phone_page, staff, login):
    themes()
    lecturer = VolunteerFactory(registered=True, name="手話 花子", email="hanako@example.jp")
    lecturer.activity_fields.add(ActivityField.objects.get(slug="sign-language"))
    day = timezone.localdate() + datetime.timedelta(days=21)

    # The teacher, on a phone, from the top page.
    phone_page.goto("/")
    phone_page.get_by_role("link", name="学校の授業・出張講座のご依頼").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("学校の授業・出張講座のご依頼")
    assert_accessible(phone_page)
    sizes(phone_page, "request-phone")
    phone_page.get_by_role("button", name="依頼を送る").click()
    expect(phone_page.get_by_role("heading", name="入力内容を確認してください")).to_be_visible()
    expect(phone_page.get_by_role("link", name="学校名・団体名を入力してください。")).to_be_visible()
    shot(phone_page, "request-phone-errors")
    assert not SchoolRequest.objects.exists()
    phone_page.get_by_label("学校の授業（総合的な学習の時間など）").check()
    phone_page.get_by_label("学校名・団体名").fill("西東京市立けやき小学校")
    phone_page.get_by_label("学年・対象").fill("4年生")
    phone_page.get_by_label("人数（児童・生徒・参加者）").fill("60")
    phone_page.get_by_label("テーマ").select_option(label="手話")
    phone_page.get_by_label("内容のご希望").fill("手話であいさつと自己紹介ができるように")
    phone_page.get_by_label("会場").fill("けやき小学校 多目的室")
    phone_page.get_by_label("ご担当の先生・担当者").fill("田無 先生")
    phone_page.get_by_label("電話番号").fill("042-461-0000")
    phone_page.get_by_label("第1希望日").fill(day.isoformat())
    phone_page.get_by_label("第1希望の開始時刻").fill("10:45")
    phone_page.get_by_label("第1希望の終了時刻").fill("12:20")
    phone_page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()
    phone_page.get_by_role("button", name="依頼を送る").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("ご依頼を受け付けました")
    assert SchoolRequest.objects.get().status == "received"

    # Staff at the desk.
    login(page, staff)
    page.get_by_role("link", name="職員メニュー").first.click()
    page.get_by_role("link", name="学校・出張講座の依頼").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("学校・出張講座の依頼")
    row = (
        page.get_by_role("table", name="学校・出張講座の依頼の一覧")
        .get_by_role("row")
        .filter(has_text="西東京市立けやき小学校")
    )
    expect(row).to_contain_text("受付")
    assert_accessible(page)
    shot(page, "staff-list-desktop-normal")
    row.get_by_role("link", name="西東京市立けやき小学校").click()
    page.get_by_role("button", name="調整中にする").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text("調整中にしました")
    candidates = page.get_by_role("table", name="講師の候補")
    expect(candidates.get_by_role("row").filter(has_text="手話 花子")).to_contain_text("分野：手話")
    assert_accessible(page)
    shot(page, "staff-detail-desktop-normal")
    candidates.get_by_role("button", name="手話 花子を講師にする").click()
    expect(page.locator(".alert-success")).to_contain_text("手話 花子さんを講師にしました")
    expect(page.get_by_label("実施日")).to_have_value(day.isoformat())  # the first preferred date, filled in
    page.get_by_role("button", name="この日時で決定する").click()
    expect(page.locator(".alert-success")).to_contain_text("決定にしました")
    expect(page.get_by_role("heading", level=1)).to_have_text("西東京市立けやき小学校 手話")
    expect(page.locator("main")).to_contain_text("決定")
    assert Notice.objects.filter(volunteer=lecturer, subject__contains="日時が決まりました").exists()
    page.get_by_role("button", name="実施済にする").click()  # too early: the lesson is three weeks away
    expect(page.get_by_role("heading", name="入力内容を確認してください")).to_be_visible()
    page.get_by_label("参加した人数").fill("58")
    page.get_by_label("実施の報告（短く）").fill("手話であいさつを練習しました。")
    page.get_by_role("button", name="実施済にする").click()
    expect(page.locator(".error-summary")).to_contain_text("過ぎてから")
    shot(page, "staff-detail-desktop-too-early")

    # The calendar of decided lessons shows it on its day.
    page.get_by_role("link", name="カレンダー").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{day.year}年{day.month}月")
    expect(
        page.get_by_role("table").get_by_role("link", name="10:45 西東京市立けやき小学校 手話")
    ).to_be_visible()
    assert_accessible(page)
    shot(page, "calendar-desktop-decided")

    # The lesson takes place (the day passes), and staff record it.
    school_request = SchoolRequest.objects.get()
    SchoolRequest.objects.filter(pk=school_request.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    page.goto(f"/staff/schools/{school_request.pk}/")
    page.get_by_label("参加した人数").fill("58")
    page.get_by_label("実施の報告（短く）").fill("手話であいさつを練習しました。")
    page.get_by_role("button", name="実施済にする").click()
    expect(page.locator(".alert-success")).to_contain_text("実施済にしました")
    expect(page.get_by_role("row", name="参加した人数")).to_contain_text("58人")
    expect(page.get_by_role("button", name="中止にする")).to_have_count(0)
    shot(page, "staff-detail-desktop-held")
    school_request.refresh_from_db()
    assert school_request.status == "held" and school_request.pupils_reached == 58

    # Staff pages on a phone, at 標準 and 特大.
    login(phone_page, staff)
    phone_page.goto("/staff/schools/")
    sizes(phone_page, "staff-list-phone")
    phone_page.goto(f"/staff/schools/{school_request.pk}/")
    sizes(phone_page, "staff-detail-phone")
    month = (
        f"?month={timezone.localtime(school_request.starts_at):%Y-%m}"  # the lesson's day is now this month
    )
    phone_page.goto("/staff/schools/calendar/" + month)
    expect(phone_page.get_by_role("list").filter(has_text="西東京市立けやき小学校")).to_contain_text("実施済")
    sizes(phone_page, "calendar-phone")
    page.goto("/staff/schools/calendar/" + month)
    sizes(page, "calendar-desktop")
