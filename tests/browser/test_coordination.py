"""Coordination in a real browser, by visible Japanese labels: staff enter a request, find the person as a
candidate and introduce them; the person accepts on their my page. Public pages pass axe on desktop and phone."""

import pytest
from playwright.sync_api import expect

from tests.volunteers.coordination_factories import PublishedRequestFactory, registered_volunteer
from tests.volunteers.factories import ConsultationFactory, HelpRequestFactory, IntroductionFactory
from volunteers.models import HelpRequest, Introduction

from .fixtures import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_introduce_a_volunteer_who_accepts_on_their_my_page(page, phone_page, staff, volunteer_user, login):
    volunteer = registered_volunteer(volunteer_user, fields=["elderly"], availability=["wed_am", "sat_am"], name="西東 京子")

    login(page, staff)
    page.goto("/staff/requests/")
    page.get_by_role("link", name="依頼を受け付ける").first.click()
    page.get_by_label("依頼者の種別").select_option(label="施設")
    page.get_by_label("依頼者名").fill("デイサービスけやき")
    page.get_by_label("依頼者の電話番号").fill("０４２４６１００００")
    page.get_by_label("依頼の件名").fill("話し相手ボランティア")
    page.get_by_label("依頼内容").fill("利用者の方の話し相手をお願いします。")
    page.get_by_label("活動分野").select_option(label="高齢者")
    page.get_by_label("日時・頻度").fill("毎週水曜日 10時〜11時")
    page.get_by_label("必要な人数").fill("2")
    page.get_by_label("受付日").fill("2025-06-02")
    screenshot(page, "coordination-request-form-desktop")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("話し相手ボランティア")
    expect(page.get_by_text("042-461-0000")).to_be_visible()

    page.get_by_role("link", name="候補者を探す").click()
    page.get_by_text("活動できる曜日・時間帯で絞り込む").click()
    page.get_by_label("水曜午前").check()
    page.get_by_role("button", name="この条件で探す").click()
    row = page.get_by_role("row").filter(has_text="西東 京子")
    expect(row).to_contain_text("分野：高齢者")
    expect(row).to_contain_text("水曜午前")
    screenshot(page, "coordination-candidates-desktop")
    row.get_by_role("button", name="紹介する").click()
    expect(page.get_by_text("西東 京子 さんに紹介しました。")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="西東 京子")).to_contain_text("紹介中")
    screenshot(page, "coordination-request-detail-desktop")

    login(phone_page, volunteer_user)
    phone_page.goto("/mypage/")
    card = phone_page.locator("article.introduction").filter(has_text="話し相手ボランティア")
    expect(card).to_contain_text("デイサービスけやき")
    expect(card).not_to_contain_text("042-461-0000")
    screenshot(phone_page, "coordination-mypage-introduction-phone")
    card.get_by_role("button", name="引き受ける").click()
    expect(phone_page.get_by_text("お受けすると回答しました。")).to_be_visible()
    intro = Introduction.objects.get(volunteer=volunteer)
    assert intro.response == "accepted"

    page.reload()
    expect(page.get_by_role("row").filter(has_text="西東 京子")).to_contain_text("承諾")
    expect(page.locator("#history")).to_be_visible()
    expect(page.get_by_text("本人が回答")).to_be_visible()


def test_a_volunteer_applies_to_a_public_boshu_and_pages_are_accessible(page, phone_page, volunteer_user, login):
    boshu = PublishedRequestFactory()
    registered_volunteer(volunteer_user)
    for p, size in ((page, "desktop"), (phone_page, "phone")):
        p.goto("/boshu/")
        expect(p.get_by_role("heading", level=1)).to_have_text("ボランティア募集")
        assert_accessible(p)
        screenshot(p, f"coordination-boshu-list-{size}")
        p.get_by_role("link", name="買い物の付き添い").click()
        expect(p.get_by_role("heading", level=1)).to_have_text("買い物の付き添い")
        assert "依頼 花子" not in p.content() and "042-461-9876" not in p.content()
        assert "西東京市保谷町1-2-3" not in p.content()
        expect(p.get_by_text("保谷町周辺")).to_be_visible()  # the place in the words staff wrote for the public
        assert_accessible(p)
        screenshot(p, f"coordination-boshu-detail-{size}")

    phone_page.get_by_role("link", name="ログインして応募する").click()
    login(phone_page, volunteer_user)
    phone_page.goto(f"/boshu/{boshu.pk}/")
    phone_page.get_by_role("button", name="この活動に応募する").click()
    expect(phone_page.get_by_text("応募しました。センターから連絡します。")).to_be_visible()
    assert Introduction.objects.get(request=boshu).status == "applied"


def test_the_online_request_form_is_accessible_and_reports_errors_in_japanese(page, phone_page, base_data):
    for p, size in ((page, "desktop"), (phone_page, "phone")):
        p.goto("/irai/")
        expect(p.get_by_role("heading", level=1)).to_have_text("ボランティアの依頼")
        assert_accessible(p)
        screenshot(p, f"coordination-online-request-{size}")
    page.get_by_role("button", name="依頼を送信する").click()
    expect(page.get_by_role("heading", name="入力内容を確認してください")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)
    screenshot(page, "coordination-online-request-errors-desktop")
    page.get_by_label("依頼者の種別").select_option(label="個人")
    page.get_by_label("お名前または施設・団体名").fill("依頼 花子")
    page.get_by_label("電話番号").fill("042-461-9876")
    page.get_by_label("どんな手伝いが必要ですか").fill("買い物の付き添い")
    page.get_by_label("依頼の内容（くわしく）").fill("週に一度、買い物に付き添ってください。")
    page.get_by_label("個人情報を、ボランティアの紹介").check()
    page.get_by_role("button", name="依頼を送信する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("依頼を受け付けました")
    assert HelpRequest.objects.get().received_via == "online"


def test_staff_lists_on_desktop_and_phone(page, phone_page, staff, login):
    for n in range(5):
        ConsultationFactory(staff=staff, person_name=f"相談 太郎{n}", follow_up_on=None if n % 2 else HelpRequestFactory().received_on)
        IntroductionFactory(request=HelpRequestFactory(title=f"依頼{n}"))
    for p, size in ((page, "desktop"), (phone_page, "phone")):
        login(p, staff)
        for path, name, seen in (
            ("/staff/requests/", "request-list", "依頼0"),
            ("/staff/consultations/", "consultation-list", "相談 太郎0"),
            ("/staff/consultations/mine/", "my-follow-ups", "相談 太郎0"),
            ("/staff/consultations/new/", "consultation-form", "相談を記録する"),
        ):
            p.goto(path)
            expect(p.get_by_role("heading", level=1)).to_be_visible()
            expect(p.get_by_text(seen).first).to_be_visible()
            assert_accessible(p)
            screenshot(p, f"coordination-{name}-{size}")
        first = HelpRequest.objects.filter(title="依頼0").get()
        p.goto(f"/staff/requests/{first.pk}/")
        expect(p.get_by_role("heading", level=1)).to_contain_text("依頼0")
        screenshot(p, f"coordination-request-detail-{size}")
