"""Insurance in a real browser, by visible labels: a volunteer applies on their my page, staff confirm the
payment at the counter, the volunteer sees 加入済 with the coverage period; a representative files a roster.
Desktop and a 375 px phone, 標準 and 特大; screenshots under test-artifacts/ (make screenshots)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.core.dates import current_fiscal_year, fiscal_year_end, wareki_date
from tests.volunteers.factories import VolunteerFactory, VolunteerGroupFactory
from tests.volunteers.insurance_factories import PlanFactory, event_plan, roster_text
from volunteers.models.insurance import Enrolment

from .fixtures import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = (("normal", "標準"), ("xlarge", "特大"))


def shot(page, name: str) -> None:
    screenshot(page, f"insurance-{name}")


def set_size(page, size, label):
    page.get_by_role("link", name=f"文字サイズ {label}").click()
    expect(page.locator("html")).to_have_class(f"text-size-{size}")


def test_a_volunteer_applies_staff_confirm_payment_and_the_volunteer_sees_enrolled(
    page, phone_page, volunteer_user, staff, login
):
    VolunteerFactory(user=volunteer_user, registered=True, name="西東 花子", furigana="サイトウ ハナコ")
    PlanFactory(name="基本タイプA", rate=350)
    PlanFactory(name="天災タイプA", rate=500)

    # The volunteer, on a phone at 特大, applies from the my page.
    login(phone_page, volunteer_user)
    phone_page.goto("/mypage/")
    set_size(phone_page, "xlarge", "特大")
    phone_page.get_by_role("link", name="ボランティア保険").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("ボランティア保険")
    expect(phone_page.get_by_role("note").filter(has_text="サンプル")).to_be_visible()
    expect(phone_page.get_by_text("今日加入手続きが完了すると").first).to_be_visible()
    assert_accessible(phone_page)
    shot(phone_page, "mypage-apply-phone-xlarge")
    phone_page.get_by_label("天災タイプA", exact=False).check()
    phone_page.get_by_role("button", name="ボランティア保険に申し込む").click()
    expect(phone_page.get_by_role("status")).to_contain_text("申し込みました")
    expect(phone_page.get_by_role("row").filter(has_text="天災タイプA")).to_contain_text("申込")
    shot(phone_page, "mypage-applied-phone-xlarge")

    # Staff, at the counter on a desktop, find the application and confirm the payment.
    login(page, staff)
    page.goto("/staff/")
    page.get_by_role("link", name="保険受付（ボランティア保険・行事保険）").click()
    page.get_by_label("氏名・フリガナ").fill("さいとう")
    page.get_by_role("button", name="検索").click()
    expect(page.get_by_text("1件")).to_be_visible()
    assert_accessible(page)
    shot(page, "staff-list-desktop-normal")
    page.get_by_role("link", name="西東 花子").click()
    page.get_by_label("領収書番号").fill("R-0001")
    page.get_by_role("button", name="入金を確認する").click()
    expect(page.get_by_role("status")).to_contain_text("入金を確認しました")
    expect(page.locator(".enrolment-status")).to_have_text("加入済")
    assert_accessible(page)
    shot(page, "staff-enrolment-desktop-normal")
    page.get_by_role("link", name="領収書を印刷する").click()
    expect(page.get_by_role("heading", name="領収書")).to_be_visible()
    expect(page.get_by_text("金 500 円")).to_be_visible()
    shot(page, "receipt-desktop-normal")

    # The volunteer sees 加入済 and the coverage period, at both text sizes and both widths.
    e = Enrolment.objects.get()
    period = f"{wareki_date(e.coverage_start)}〜{wareki_date(fiscal_year_end(current_fiscal_year()))}"
    assert e.coverage_start == timezone.localdate() + datetime.timedelta(days=1)
    page.context.clear_cookies()
    login(page, volunteer_user)
    for p, device in ((page, "desktop"), (phone_page, "phone")):
        for size, label in SIZES:
            p.goto("/mypage/insurance/")
            set_size(p, size, label)
            row = p.get_by_role("row").filter(has_text="天災タイプA")
            expect(row).to_contain_text("加入済")
            expect(row).to_contain_text(period)
            shot(p, f"mypage-enrolled-{device}-{size}")

    # The staff pages at a phone width and 特大 (cards, not a wide table).
    phone_page.context.clear_cookies()
    login(phone_page, staff)
    for path, name in (
        ("/staff/insurance/", "staff-list"),
        ("/staff/insurance/events/", "staff-events"),
        ("/staff/insurance/rosters/new/?q=さい", "roster-new"),
        ("/staff/insurance/new/?q=さいとう", "counter"),
        ("/staff/insurance/daily/", "daily"),
        ("/staff/insurance/products/", "products"),
    ):
        for size, label in SIZES:
            phone_page.goto(path)
            set_size(phone_page, size, label)
            expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
            assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, (
                f"{path} scrolls sideways"
            )
            if size == "xlarge":
                assert_accessible(phone_page)
            shot(phone_page, f"{name}-phone-{size}")
    phone_page.goto("/staff/insurance/daily/")
    expect(phone_page.locator(".total-amount")).to_have_text("500円")


def test_a_representative_files_a_roster_and_an_event(page, phone_page, group_rep_user, staff, login):
    group = VolunteerGroupFactory(representative=group_rep_user, name="西東京ひばりの会")
    PlanFactory(name="基本タイプA", rate=350)
    event_plan()
    login(page, group_rep_user)
    page.goto(f"/mypage/groups/{group.pk}/")
    page.get_by_role("link", name="ボランティア保険・行事保険").click()
    page.get_by_role("link", name="ボランティア保険を名簿で申し込む").click()
    page.get_by_label("基本タイプA", exact=False).check()
    # A pasted roster with one line missing its furigana: the error names the line, nothing is saved.
    page.get_by_label("名簿（1行に1人：氏名、フリガナ、生年月日）").fill(
        roster_text(4) + "\n保谷 次郎\n" + roster_text(1, start=30)
    )
    page.get_by_role("button", name="名簿を申し込む").click()
    expect(page.locator(".error-summary")).to_contain_text("5行目（保谷 次郎）：フリガナがありません。")
    assert not Enrolment.objects.exists()
    shot(page, "roster-error-desktop-normal")
    page.get_by_label("名簿（1行に1人：氏名、フリガナ、生年月日）").fill(roster_text(50))
    page.get_by_role("button", name="名簿を申し込む").click()
    expect(page.get_by_role("status")).to_contain_text("50人の名簿を申し込みました")
    assert Enrolment.objects.filter(group=group).count() == 50
    assert_accessible(page)
    shot(page, "group-insurance-desktop-normal")

    # 行事保険 on a phone at 特大: the premium is shown before submitting.
    login(phone_page, group_rep_user)
    phone_page.goto(f"/mypage/groups/{group.pk}/insurance/event/")
    set_size(phone_page, "xlarge", "特大")
    day = timezone.localdate() + datetime.timedelta(days=30)
    phone_page.get_by_label("行事名").fill("秋の清掃活動")
    phone_page.get_by_label("行事の初日").fill(day.isoformat())
    phone_page.get_by_label("場所").fill("いこいの森公園")
    phone_page.get_by_label("参加予定人数").fill("25")
    phone_page.get_by_label("行事保険Aプラン", exact=False).check()
    phone_page.get_by_role("button", name="保険料を確認する").click()
    expect(phone_page.locator(".premium-preview")).to_contain_text("保険料：700円")
    assert_accessible(phone_page)
    shot(phone_page, "event-preview-phone-xlarge")
    phone_page.get_by_role("button", name="この内容で申し込む").click()
    expect(phone_page.get_by_role("status")).to_contain_text("行事保険を申し込みました")
    expect(phone_page.get_by_role("row").filter(has_text="秋の清掃活動")).to_contain_text("700円")
    shot(phone_page, "group-insurance-phone-xlarge")
    for size, label in SIZES:
        page.goto(f"/mypage/groups/{group.pk}/insurance/roster/")
        set_size(page, size, label)
        shot(page, f"roster-desktop-{size}")
        phone_page.goto(f"/mypage/groups/{group.pk}/insurance/roster/")
        set_size(phone_page, size, label)
        shot(phone_page, f"roster-phone-{size}")

    # Staff take the group's payment for the whole roster at once, and see the event in their list.
    page.context.clear_cookies()
    login(page, staff)
    page.goto("/staff/insurance/")
    page.get_by_role("link", name="西東京ひばりの会").first.click()
    expect(
        page.get_by_role("heading", level=2, name="まとめて入金を確認する（50人・17,500円）")
    ).to_be_visible()
    page.get_by_label("領収書番号").fill("G-0001")
    page.get_by_role("button", name="入金を確認する").click()
    expect(page.get_by_role("status")).to_contain_text("50人分の入金を確認しました")
    assert Enrolment.objects.filter(group=group, status="enrolled").count() == 50
    assert_accessible(page)
    shot(page, "staff-roster-desktop-normal")
    page.goto("/staff/insurance/events/")
    expect(page.get_by_role("row").filter(has_text="秋の清掃活動")).to_contain_text("申込")
    shot(page, "staff-events-desktop-normal")
    page.get_by_role("link", name="秋の清掃活動").click()
    shot(page, "staff-event-desktop-normal")
