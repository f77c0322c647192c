"""Courses and events in a real browser, by visible labels: a volunteer signs up for a course from the top page; a guest
signs up for a full event, is put on the waiting list and moves up when someone cancels; staff tick attendance on a
phone-width page. Screenshots at desktop and 375 px, 標準 and 特大, under /tmp/shots/events/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from programs.models import EventAttendance, EventSignup
from programs.services import events as services
from tests.programs.event_factories import make_event
from tests.volunteers.coordination_factories import registered_volunteer

from .fixtures import assert_accessible, at_text_sizes, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/events")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"events-{name}")


def sizes(page, name):
    at_text_sizes(page, name, shot)


def test_a_volunteer_signs_up_for_a_course_from_the_top_page(
    live_server, page, phone_page, volunteer_user, login
):
    event = make_event(
        title="ボランティアはじめて講座", capacity=20, description="はじめての方向けの講座です。"
    )
    volunteer = registered_volunteer(user=volunteer_user, name="講座 好子")
    page.goto("/")
    expect(page.get_by_role("heading", name="これからの講座・イベント")).to_be_visible()
    expect(page.get_by_text("受付中").first).to_be_visible()
    sizes(page, "home-desktop")
    login(page, volunteer_user)
    page.goto("/")
    page.get_by_role("link", name="ボランティアはじめて講座").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ボランティアはじめて講座")
    expect(page.get_by_text("講座 好子さんとして申し込みます。")).to_be_visible()
    assert_accessible(page)
    sizes(page, "detail-volunteer-desktop")
    page.get_by_role("button", name="この講座に申し込む").click()
    expect(page.get_by_text("参加が決まっています（1人）。")).to_be_visible()
    assert EventSignup.objects.get(volunteer=volunteer).status == "confirmed"
    page.goto("/events/mine/")
    expect(page.get_by_role("link", name="ボランティアはじめて講座")).to_be_visible()
    shot(page, "mine-desktop-normal")
    # The public list and detail on a phone.
    phone_page.goto("/events/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("講座・イベント")
    sizes(phone_page, "list-phone")
    phone_page.goto(f"/events/{event.pk}/")
    assert_accessible(phone_page)
    sizes(phone_page, "detail-guest-phone")


def test_a_guest_on_the_waiting_list_moves_up_when_someone_cancels(live_server, phone_page, page):
    event = make_event(title="災害ボランティア養成講習会", capacity=1)
    first = services.signup_create(
        event=event, guest_name="先着 一郎", guest_furigana="センチャク", guest_phone="042-000-0001"
    )
    phone_page.goto(f"/events/{event.pk}/")
    expect(phone_page.get_by_text("満員（キャンセル待ち）").first).to_be_visible()
    phone_page.get_by_label("氏名").fill("待機 花子")
    phone_page.get_by_label("フリガナ").fill("たいき はなこ")
    phone_page.get_by_label("人数").fill("0")
    phone_page.get_by_role("button", name="キャンセル待ちに申し込む").click()
    expect(phone_page.get_by_role("heading", name="入力内容を確認してください")).to_be_visible()
    expect(
        phone_page.get_by_text("メールアドレスか電話番号のどちらかを入力してください。").first
    ).to_be_visible()
    assert EventSignup.objects.count() == 1
    shot(phone_page, "signup-errors-phone-normal")
    phone_page.get_by_label("電話番号").fill("０４２－４６６－１２３４")
    phone_page.get_by_label("人数").fill("1")
    phone_page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()
    phone_page.get_by_role("button", name="キャンセル待ちに申し込む").click()
    expect(phone_page.get_by_text("キャンセル待ちです（1番目）")).to_be_visible()
    sizes(phone_page, "waiting-phone")
    status_url = phone_page.url
    # The first person cancels through their own signed link.
    page.goto(f"/events/signups/{services.cancel_token(first)}/")
    page.get_by_role("button", name="申し込みを取り消す").click()
    expect(page.get_by_text("この申し込みは取り消されています。")).to_be_visible()
    phone_page.goto(status_url)
    expect(phone_page.get_by_text("参加が決まっています（1人）。")).to_be_visible()
    moved = EventSignup.objects.get(guest_name="待機 花子")
    assert moved.status == "confirmed" and moved.guest_phone == "042-466-1234" and moved.needs_call
    shot(phone_page, "moved-up-phone-normal")


def test_staff_tick_attendance_on_a_phone(live_server, phone_page, staff, login):
    event = make_event(title="傾聴ボランティアスキルアップ講座", capacity=20, sessions=2)
    names = ["出席 一郎", "出席 花子", "欠席 次郎"]
    signups = [
        services.signup_create(event=event, guest_name=n, guest_furigana="サンカ", guest_phone="042-000-0000")
        for n in names
    ]
    login(phone_page, staff)
    phone_page.goto("/staff/events/")
    phone_page.get_by_role("link", name="傾聴ボランティアスキルアップ講座").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("傾聴ボランティアスキルアップ講座")
    sizes(phone_page, "staff-event-phone")
    phone_page.get_by_role("link", name="出席簿").first.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("出席簿")
    phone_page.get_by_label("出席 一郎").check()
    phone_page.get_by_label("出席 花子").check()
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="出席を記録する").click()
    expect(phone_page.get_by_text("出席を記録しました（2件）。")).to_be_visible()
    expect(phone_page.get_by_label("出席 一郎")).to_be_checked()
    expect(phone_page.get_by_label("欠席 次郎")).not_to_be_checked()
    sizes(phone_page, "roster-phone")
    assert set(EventAttendance.objects.filter(attended=True).values_list("signup", flat=True)) == {
        signups[0].pk,
        signups[1].pk,
    }
    phone_page.emulate_media(media="print")
    shot(phone_page, "roster-print")


def test_staff_see_the_year_of_events_and_the_numbers_for_the_plans(
    live_server, page, phone_page, staff, login
):
    event = make_event(title="ボラフェス（ボランティアのつどい）", type_key="volunteer-festival", capacity=2)
    for i in range(3):
        services.signup_create(
            event=event, guest_name=f"来場 {i}", guest_furigana="ライジョウ", guest_phone="042-000-0000"
        )
    for p in (page, phone_page):
        login(p, staff)
        p.goto("/staff/events/")
        expect(p.get_by_role("heading", level=1)).to_contain_text("講座・イベント")
        row = p.get_by_role("row").filter(has_text="ボラフェス（ボランティアのつどい）").first
        expect(row).to_contain_text("満員（キャンセル待ち）")
        assert_accessible(p)
    sizes(page, "staff-events-desktop")
    sizes(phone_page, "staff-events-phone")
    page.get_by_role("link", name="講座・イベントを作る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("講座・イベントを作る")
    page.get_by_label("定員（人）").fill("0")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", name="入力内容を確認してください")).to_be_visible()
    expect(page.get_by_text("名称を入力してください。").first).to_be_visible()
    shot(page, "staff-event-form-errors-desktop-normal")


def test_news_and_the_newsletter_archive(live_server, page, phone_page):
    import datetime

    from django.utils import timezone

    from programs.models import NewsArticle, NewsletterIssue

    NewsArticle.objects.create(
        title="ボラフェスを開きます",
        body="どなたでもお越しください。\n\n詳しくは https://example.jp/ へ。<b>太字</b>",
        published_on=timezone.localdate(),
        is_published=True,
    )
    NewsletterIssue.objects.create(
        number=150, title="ぼらんてぃあ倶楽部 夏号", issued_on=datetime.date(2020, 7, 1)
    )
    page.goto("/")
    page.get_by_role("link", name="ボラフェスを開きます").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ボラフェスを開きます")
    expect(page.get_by_role("link", name="https://example.jp/")).to_be_visible()
    expect(page.get_by_text("<b>太字</b>")).to_be_visible()
    shot(page, "news-detail-desktop-normal")
    phone_page.goto("/newsletter/")
    expect(phone_page.get_by_text("第150号")).to_be_visible()
    assert_accessible(phone_page)
    sizes(phone_page, "newsletter-phone")
