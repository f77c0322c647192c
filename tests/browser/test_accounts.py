"""A person without email: staff register and approve them, print the letter, and the person logs in with its code."""

import re

import pytest
from playwright.sync_api import expect

from volunteers.models import LoginCode, Volunteer

from .fixtures import assert_accessible, screenshot

pytestmark = pytest.mark.browser

NEW_PASSWORD = "keyaki-namiki-2026"


def test_a_person_without_email_logs_in_with_the_code_on_a_posted_letter(page, phone_page, staff, login):
    # Staff register 田無 ふみ at the counter: no email, only a phone.
    login(page, staff)
    expect(page.get_by_role("heading", level=1)).to_have_text("職員メニュー")  # staff land on their menu
    page.get_by_role("link", name="ボランティアの代理入力").click()
    page.get_by_label("氏名").fill("田無 ふみ")
    page.get_by_label("フリガナ").fill("たなし ふみ")
    page.get_by_label("生年月日").fill("1946-10-03")
    page.get_by_label("郵便番号").fill("188-0011")
    page.get_by_label("住所").fill("西東京市田無町4-1-1")
    page.get_by_label("電話番号").fill("042-461-1234")
    page.get_by_label(re.compile("同意")).check()
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status")).to_contain_text("電話・郵送で連絡")

    # The staff home lists the letter to post; the stored notice has no link and no code.
    page.get_by_role("link", name="職員メニュー").click()
    card = page.get_by_role("article").filter(has_text="田無 ふみ")
    expect(card).to_contain_text("郵送します")
    expect(card).not_to_contain_text("/accounts/")
    with page.expect_popup() as popup:
        card.get_by_role("button", name=re.compile("ログインのご案内を印刷する")).click()
    letter = popup.value
    letter.wait_for_load_state()
    expect(letter.get_by_role("heading", level=1)).to_have_text("ログインのご案内")
    expect(letter.get_by_text("田無 ふみ 様")).to_be_visible()
    code = letter.get_by_test_id("login-code").inner_text()
    member = Volunteer.objects.get(name="田無 ふみ").user.username
    expect(letter.get_by_text(member, exact=True)).to_be_visible()
    assert re.fullmatch(r"\d{4} \d{4}", code)
    screenshot(letter, "account-letter-desktop")
    letter.emulate_media(media="print")
    screenshot(letter, "account-letter-print")
    expect(letter.get_by_role("button", name="印刷する")).to_be_hidden()  # staff notes stay off the paper
    letter.close()
    card.get_by_role("button", name=re.compile("郵送済み")).click()
    expect(page.get_by_role("status")).to_contain_text("連絡済み")

    # At home, on a phone, at 特大: the person follows the letter.
    phone_page.goto("/text-size/xlarge/?next=/accounts/login/")
    phone_page.get_by_role("link", name="案内状をお持ちの方（はじめてのログイン）").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "はじめてのログイン（案内状をお持ちの方）"
    )
    phone_page.get_by_label("会員番号（または電話番号）").fill(member)
    phone_page.get_by_label("案内状のコード（8けたの数字）").fill(
        "0000 0000" if code != "0000 0000" else "1111 1111"
    )
    phone_page.get_by_label("新しいパスワード").first.fill(NEW_PASSWORD)
    phone_page.get_by_label("新しいパスワード（確認のため、もう一度）").fill(NEW_PASSWORD)
    phone_page.get_by_role("button", name="パスワードを設定する").click()
    expect(phone_page.get_by_text("案内状のコードが違います")).to_be_visible()
    screenshot(phone_page, "first-login-error-phone-xlarge")
    assert_accessible(phone_page)

    phone_page.get_by_label("会員番号（または電話番号）").fill("042-461-1234")  # the phone number works too
    phone_page.get_by_label("案内状のコード（8けたの数字）").fill(code)
    phone_page.get_by_label("新しいパスワード").first.fill(NEW_PASSWORD)
    phone_page.get_by_label("新しいパスワード（確認のため、もう一度）").fill(NEW_PASSWORD)
    phone_page.get_by_role("button", name="パスワードを設定する").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("マイページ")
    expect(phone_page.get_by_role("status")).to_contain_text("パスワードを設定しました")
    expect(phone_page.get_by_text("田無 ふみ（タナシ フミ）")).to_be_visible()
    screenshot(phone_page, "first-login-done-phone-xlarge")
    assert LoginCode.objects.get(user__username=member).used_at is not None
