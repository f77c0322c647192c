"""夏！体験ボランティア in a real browser, by visible labels: a pupil applies for two programs with a guardian's consent
on a phone, staff run the placement and publish it, and the pupil sees where they go on the status page.
Screenshots at 1280 and 375 px, 標準 and 特大, under /tmp/shots/summer/."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from programs.models import SummerApplication, SummerCampaign
from tests.programs.summer_factories import make_application, make_campaign, make_host, make_program

from .fixtures import assert_accessible, at_text_sizes, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/summer")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"summer-{name}")


def sizes(page, name):
    at_text_sizes(page, name, shot)


def test_a_pupil_applies_staff_place_and_publish_and_the_pupil_sees_the_placement(
    live_server, page, phone_page, staff, login
):
    campaign = make_campaign(title="夏！体験ボランティア西東京2026")
    facility = make_host("特別養護老人ホーム けやきの里")
    make_program(campaign, title="利用者さんとのお茶会", host=facility, slots=(2,), grade_min=7, grade_max=14)
    park = make_program(
        campaign,
        title="公園の清掃ボランティア",
        host=make_host("児童館 みどり"),
        slots=(3,),
        grade_min=4,
        grade_max=9,
    )
    make_application(campaign, [park], name="保谷 はると")

    # The pupil finds the campaign on the top page, on a phone.
    phone_page.goto("/")
    phone_page.get_by_role("link", name="夏！体験ボランティアのページへ").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("夏！体験ボランティア西東京")
    expect(phone_page.get_by_role("heading", name="利用者さんとのお茶会")).to_be_visible()
    sizes(phone_page, "index-phone")
    phone_page.get_by_role("link", name="参加を申し込む").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("夏！体験ボランティアの参加申込")

    # A first try without the guardian's consent is refused, with the reason.
    phone_page.get_by_label("氏名*", exact=True).fill("西東京 さくら")
    phone_page.get_by_label("フリガナ").fill("にしとうきょう さくら")
    phone_page.get_by_label("生年月日").fill("2013-04-02")
    phone_page.get_by_label("学校名").fill("西東京市立田無第一中学校")
    phone_page.get_by_label("学年").select_option(label="中学2年")
    phone_page.get_by_label("メールアドレス", exact=True).fill("sakura@example.jp")
    phone_page.get_by_label("第1希望").select_option(
        label="利用者さんとのお茶会（特別養護老人ホーム けやきの里・中学1年〜一般（学生以外））"
    )
    phone_page.get_by_label("第2希望").select_option(
        label="公園の清掃ボランティア（児童館 みどり・小学4年〜中学3年）"
    )
    phone_page.get_by_label("保護者の氏名").fill("西東京 花子")
    phone_page.get_by_label("保護者の電話番号").fill("042-461-0000")
    phone_page.get_by_label("「個人情報の取扱いについて」を読み、同意します").check()
    phone_page.get_by_role("button", name="申し込む").click()
    expect(phone_page.locator(".error-summary")).to_contain_text("保護者")
    assert not SummerApplication.objects.filter(name="西東京 さくら").exists()
    sizes(phone_page, "apply-error-phone")
    phone_page.get_by_label("保護者として、上の同意文に同意します").check()
    phone_page.get_by_role("button", name="申し込む").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("夏！体験ボランティアの申込状況")
    expect(phone_page.get_by_text("お申し込みを受け付けました").first).to_be_visible()
    expect(phone_page.get_by_role("listitem").filter(has_text="公園の清掃ボランティア")).to_be_visible()
    status_url = phone_page.url
    assert SummerApplication.objects.get(name="西東京 さくら").consent_version == campaign.consent_version

    # The application period ends.
    today = datetime.date.today()
    SummerCampaign.objects.filter(pk=campaign.pk).update(
        apply_from=today - datetime.timedelta(days=20), apply_until=today - datetime.timedelta(days=1)
    )

    # Staff run the placement and publish it.
    login(page, staff)
    page.get_by_role("link", name="夏！体験ボランティア").click()
    page.get_by_role("link", name=f"{campaign.fiscal_year}年度").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("夏！体験ボランティア西東京2026")
    page.get_by_label(re.compile("乱数番号")).fill("2026")
    page.get_by_role("button", name="参加先の調整を実行する").click()
    expect(page.get_by_role("status")).to_contain_text("2人が参加先あり")
    row = page.get_by_role("row").filter(has_text="西東京 さくら")
    expect(row).to_contain_text("利用者さんとのお茶会")
    expect(row).to_contain_text("第1希望")
    sizes(page, "placements-desktop")
    assert_accessible(page)
    page.get_by_role("link", name="夏！体験のページに戻る").click()
    page.get_by_role("button", name="参加先を公開して知らせる").click()
    expect(page.get_by_role("status")).to_contain_text("参加先を公開し")
    sizes(page, "campaign-desktop")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 740})
    sizes(page, "campaign-phone")
    page.get_by_role("link", name="申込と参加先の一覧").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申込と参加先")
    sizes(page, "placements-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The pupil opens the status page again and sees the placement.
    phone_page.goto(status_url)
    expect(phone_page.get_by_role("heading", name="参加先が決まりました")).to_be_visible()
    placement = phone_page.get_by_role("region", name="参加先が決まりました")
    expect(placement).to_contain_text("利用者さんとのお茶会")
    expect(placement).to_contain_text("特別養護老人ホーム けやきの里")
    sizes(phone_page, "status-phone")
    assert_accessible(phone_page)
    page.goto(status_url)
    expect(page.get_by_role("heading", name="参加先が決まりました")).to_be_visible()
    sizes(page, "status-desktop")
