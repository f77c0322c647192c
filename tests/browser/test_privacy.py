"""Privacy and reliability in a real browser: a volunteer finds what the center holds about them from マイページ and
downloads it; a guest's sign-up form shows the consent box and no honeypot; staff see unsent mail on a phone.
Screenshots at desktop and 375 px, 標準 and 特大, under /tmp/shots/privacy/."""

import json
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from programs.services import events as event_services
from tests.programs.event_factories import make_event
from tests.volunteers.coordination_factories import registered_volunteer
from tests.volunteers.factories import IntroductionFactory

from .fixtures import assert_accessible, at_text_sizes, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/privacy")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"privacy-{name}")


def sizes(page, name):
    at_text_sizes(page, name, shot)


def test_a_volunteer_downloads_their_data_from_mypage(page, phone_page, live_server, login, volunteer_user):
    me = registered_volunteer(volunteer_user, name="開示 花子", email="kaiji@example.jp", fields=["elderly"])
    IntroductionFactory(volunteer=me, note="火曜の午後が都合よい")
    event_services.signup_create(event=make_event(title="傾聴講座"), volunteer=me)
    login(page, volunteer_user)
    page.goto("/mypage/")
    page.get_by_role("link", name="自分の情報を見る・ダウンロードする").click()
    expect(page.get_by_role("heading", name="センターがお預かりしている情報")).to_be_visible()
    expect(page.get_by_role("heading", name="講座・イベントの申込")).to_be_visible()
    expect(page.get_by_text("火曜の午後が都合よい")).to_be_visible()
    assert_accessible(page)
    sizes(page, "my-data-desktop")
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON でダウンロード").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["rows"][0]["氏名"] == "開示 花子"
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV（表計算ソフト用）でダウンロード").click()
    assert "開示 花子" in Path(download.value.path()).read_text(encoding="utf-8-sig")

    login(phone_page, volunteer_user)
    phone_page.goto("/mypage/my-data/")
    sizes(phone_page, "my-data-phone")


@override_settings(EMAIL_BACKEND="mailer.backend.DbBackend")
def test_a_guest_sees_the_consent_box_but_no_honeypot_and_staff_see_unsent_mail(
    phone_page, live_server, login, staff
):
    event = make_event(title="傾聴講座")
    phone_page.goto(f"/events/{event.pk}/")
    expect(phone_page.get_by_label("「個人情報の取扱いについて」を読み、同意します")).to_be_visible()
    expect(phone_page.get_by_label("この欄は空のままにしてください")).not_to_be_in_viewport()
    phone_page.get_by_label("氏名").fill("見学 花子")
    phone_page.get_by_label("フリガナ").fill("けんがく はなこ")
    phone_page.get_by_label("メールアドレス").fill("kengaku@example.jp")
    shot(phone_page, "guest-signup-phone")
    phone_page.get_by_role("button", name="申し込む").click()
    expect(phone_page.get_by_text("個人情報の取扱いへの同意が必要です。").first).to_be_visible()
    phone_page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()
    phone_page.get_by_role("button", name="申し込む").click()
    expect(phone_page.get_by_text("参加が決まっています")).to_be_visible()

    login(phone_page, staff)
    phone_page.goto("/staff/mail/")
    expect(phone_page.get_by_role("heading", name="未送信のメール")).to_be_visible()
    expect(phone_page.get_by_text("kengaku@example.jp")).to_be_visible()
    assert_accessible(phone_page)
    sizes(phone_page, "mail-queue-phone")
