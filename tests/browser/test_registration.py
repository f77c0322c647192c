"""A person registers online → staff approve → the person sets a password from the emailed link and sees their my page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from volunteers.models import Volunteer

from .fixtures import assert_accessible, screenshot

pytestmark = pytest.mark.browser

NEW_PASSWORD = "hibari-no-sora-2026"


def fill_registration(page):
    page.get_by_label("氏名").fill("西東京 はるか")
    page.get_by_label("フリガナ").fill("にしとうきょう はるか")
    page.get_by_label("生年月日").fill("1958-04-12")
    page.get_by_label("女性").check()
    page.get_by_label("郵便番号").fill("１８８－００１１")
    page.get_by_label("住所").fill("西東京市田無町5-5-12")
    page.get_by_label("電話番号").fill("042-466-3070")
    page.get_by_label("メールアドレス").fill("haruka@example.jp")
    page.get_by_label("傾聴").check()
    page.get_by_label("火曜午後").check()
    page.get_by_label("センターを知ったきっかけ").select_option(label="ホームページ")
    page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()


def test_a_person_registers_staff_approve_and_the_person_reaches_the_my_page(page, staff, login):
    mail.outbox.clear()
    page.goto("/")
    page.get_by_role("link", name="ボランティア登録").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ボランティア登録（新規登録）")

    # Forgetting the consent box keeps everything on the page, with the reason.
    fill_registration(page)
    page.get_by_label("「個人情報の取扱いについて」を読み、同意します").uncheck()
    page.get_by_role("button", name="登録を申し込む").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("同意が必要です")
    assert not Volunteer.objects.exists()
    page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()
    page.get_by_role("button", name="登録を申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("お申込みを受け付けました")

    login(page, staff)
    page.get_by_role("link", name="職員メニュー").click()
    page.get_by_role("link", name="西東京 はるか").click()
    expect(page.get_by_text("重複の可能性がある登録は見つかりませんでした。")).to_be_visible()
    screenshot(page, "staff-volunteer-detail-desktop")
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status")).to_contain_text("承認しました")
    page.get_by_role("button", name="ログアウト").click()

    assert mail.outbox[-1].to == ["haruka@example.jp"]
    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/accounts/reset/\S+", body).group(0)
    username = re.search(r"会員番号（ログインID）：(\S+)", body).group(1)

    page.goto(link)
    screenshot(page, "set-password-desktop")
    expect(page.get_by_role("heading", level=1)).to_have_text("新しいパスワードの設定")
    page.get_by_label("新しいパスワード").first.fill(NEW_PASSWORD)
    page.get_by_label("新しいパスワード(確認用)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="パスワードを設定する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードを設定しました")
    page.get_by_role("link", name="ログインする").click()
    # The email address works as the login name too; the person lands on their my page.
    page.get_by_label("会員番号・メールアドレス・電話番号").fill("haruka@example.jp")
    page.get_by_label("パスワード").fill(NEW_PASSWORD)
    page.get_by_role("button", name="ログインする").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページ")
    assert username in Volunteer.objects.get().user.username
    expect(page.get_by_text("西東京 はるか（ニシトウキョウ ハルカ）")).to_be_visible()
    expect(page.get_by_text("登録済")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mypage-desktop")


PUBLIC_VOLUNTEER_PAGES = [
    ("/volunteers/register/", "ボランティア登録（新規登録）", "登録を申し込む"),
    ("/groups/", "ボランティアグループ・市民活動団体の紹介", None),
    ("/groups/register/", "団体の登録", None),
    ("/privacy/", "個人情報の取扱いについて", None),
]


def test_the_public_volunteer_pages_read_right_and_are_accessible_on_desktop_and_phone(page, phone_page):
    for p, size in ((page, "desktop"), (phone_page, "phone")):
        for path, heading, button in PUBLIC_VOLUNTEER_PAGES:
            p.goto(path)
            expect(p.get_by_role("heading", level=1)).to_contain_text(heading)
            if button:
                expect(p.get_by_role("button", name=button)).to_be_visible()
            assert_accessible(p)
            screenshot(p, f"volunteers{path.rstrip('/').replace('/', '-')}-{size}")


def test_the_registration_form_shows_errors_accessibly_on_a_phone(phone_page):
    phone_page.goto("/volunteers/register/")
    phone_page.get_by_role("button", name="登録を申し込む").click()
    summary = phone_page.locator("[data-error-summary]")
    expect(summary).to_contain_text("入力内容を確認してください")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("link", name="氏名を入力してください。")).to_have_attribute("href", "#id_name")
    assert_accessible(phone_page)
    screenshot(phone_page, "volunteers-register-errors-phone")


def test_staff_pages_on_desktop_and_phone(page, phone_page, staff, login):
    from tests.volunteers.factories import VolunteerFactory, registered_group

    VolunteerFactory.create_batch(3)
    VolunteerFactory.create_batch(5, registered=True)
    VolunteerFactory(name="承認 待子", furigana="ショウニン マチコ")
    registered_group(name="西東京ひばりの会", listed_publicly=True)
    for p, size in ((page, "desktop"), (phone_page, "phone")):
        login(p, staff)
        expect(p.get_by_role("heading", level=1)).to_have_text("職員メニュー")
        expect(p.get_by_role("link", name="承認 待子")).to_be_visible()
        assert_accessible(p)
        screenshot(p, f"staff-home-{size}")
        p.goto("/staff/volunteers/")
        expect(p.get_by_role("heading", level=1)).to_contain_text("ボランティア名簿")
        expect(p.get_by_role("link", name="承認 待子")).to_be_visible()
        assert_accessible(p)
        screenshot(p, f"staff-volunteers-{size}")
        p.goto("/staff/groups/")
        expect(p.get_by_role("heading", level=1)).to_contain_text("団体名簿")
        expect(p.get_by_role("link", name="西東京ひばりの会")).to_be_visible()
        assert_accessible(p)
        screenshot(p, f"staff-groups-{size}")
    phone_page.goto("/groups/")
    expect(phone_page.get_by_role("heading", name="西東京ひばりの会")).to_be_visible()
    screenshot(phone_page, "volunteers-directory-with-group-phone")


def test_a_representative_renews_their_group_on_a_phone(phone_page, group_rep_user, login):
    from config.core.dates import current_fiscal_year
    from tests.volunteers.factories import registered_group

    group = registered_group(
        fiscal_year=current_fiscal_year() - 1, representative=group_rep_user, name="西東京ひばりの会"
    )
    login(phone_page, group_rep_user)
    phone_page.get_by_role("button", name="メニュー").click()
    phone_page.get_by_role("link", name="マイページ").click()
    phone_page.get_by_role("link", name="西東京ひばりの会").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("西東京ひばりの会")
    assert_accessible(phone_page)
    screenshot(phone_page, "mypage-group-phone")
    phone_page.get_by_role("link", name=re.compile("の登録を申請する（更新）")).first.click()
    expect(phone_page.get_by_label("団体名").first).to_have_value("西東京ひばりの会")
    phone_page.get_by_label("会員数").fill("20")
    phone_page.get_by_role("button", name="更新を申請する").click()
    expect(phone_page.get_by_role("status")).to_contain_text("登録を申請しました")
    assert group.registrations.get(fiscal_year=current_fiscal_year()).members_count == 20
    screenshot(phone_page, "mypage-group-renewed-phone")
