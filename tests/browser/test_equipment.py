"""Equipment in a real browser: a representative on a phone reserves a wheelchair from the group page (availability
per day, the fee before confirming), staff check it out and print the 領収書, then check it back in, and the group
sees 返却済. Screenshots at desktop and 375 px, 標準 and 特大, under /tmp/shots/equip/."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.core.dates import fiscal_year
from programs.models import EquipmentLoan
from tests.programs.factories import equipment_rules, make_kind, make_units, open_days
from tests.volunteers.factories import registered_group

from .fixtures import _context, assert_accessible, at_text_sizes, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/equip")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(SHOTS / f"{name}-top.png"))  # what the person sees first, at full resolution
    screenshot(page, f"equipment-{name}")


def sizes(page, name):
    at_text_sizes(page, name, shot)


def test_a_group_reserves_a_wheelchair_staff_lend_it_print_the_receipt_and_take_it_back(
    live_server, page, phone_page, group_rep_user, staff, login
):
    from config.core.models import Site

    tanashi = Site.objects.get(slug="tanashi")
    equipment_rules(tanashi, max_days_ahead=60, max_loan_days=14)
    wheelchair = make_kind("車椅子", fee=300, extra=100, description="折りたたみ式の自走用車椅子です。")
    make_kind("プロジェクター", fee=1000, extra=500)
    make_units(wheelchair, tanashi, 2)
    pickup, _next, back = open_days(tanashi, timezone.localdate() + datetime.timedelta(days=3), 3)
    group = registered_group(
        name="西東京ひばりの会", representative=group_rep_user, fiscal_year=fiscal_year(pickup)
    )

    # The representative, on a phone.
    login(phone_page, group_rep_user)
    phone_page.goto(f"/mypage/groups/{group.pk}/")
    phone_page.get_by_role("link", name="機材の貸し出し（予約・取り消し）").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("機材の貸し出し")
    sizes(phone_page, "index-phone")
    phone_page.get_by_role("link", name="車椅子を田無で借りる").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("車椅子の予約（田無）")
    availability = phone_page.get_by_role("table", name="からの4週間（空いている台数）")
    expect(
        availability.get_by_role("row").filter(has_text=f"{pickup.month}月{pickup.day}日")
    ).to_contain_text("空き 2台／2台")
    assert_accessible(phone_page)
    sizes(phone_page, "reserve-phone")
    phone_page.get_by_label("受取日").fill(pickup.isoformat())
    phone_page.get_by_label("返却日").fill(back.isoformat())
    phone_page.get_by_role("button", name="料金を確認する").click()
    expect(phone_page.get_by_role("status")).to_contain_text("貸出料 400円")
    expect(phone_page.get_by_role("status")).to_contain_text("内訳：1回 300円 ＋ 延長 100円 × 1日")
    shot(phone_page, "reserve-phone-quote")
    phone_page.get_by_role("button", name="予約を確定する").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("機材の予約の内容")
    expect(phone_page.get_by_role("row", name="状態")).to_contain_text("予約")
    loan = EquipmentLoan.objects.get()
    assert loan.fee == 400 and loan.status == "reserved"

    # Staff at the desk.
    login(page, staff)
    page.get_by_role("link", name="職員メニュー").first.click()
    page.get_by_role("link", name="機材の貸し出し").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("機材の貸し出し")
    row = (
        page.get_by_role("table", name="予約と貸出の一覧")
        .get_by_role("row")
        .filter(has_text="西東京ひばりの会")
    )
    expect(row).to_contain_text("予約")
    assert_accessible(page)
    shot(page, "staff-loans-desktop-normal")
    row.get_by_role("link", name=f"車椅子 {loan.unit.code}").click()
    page.get_by_label("受け取った人").fill("西東 花子")
    expect(page.get_by_label("受け取った貸出料（円）")).to_have_value("400")
    shot(page, "staff-loan-desktop-normal")
    page.get_by_role("button", name="貸し出して領収書を出す").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("領収書")
    expect(page.get_by_text("¥400-")).to_be_visible()
    expect(page.get_by_text("西東京ひばりの会")).to_be_visible()
    shot(page, "receipt-desktop-normal")
    page.emulate_media(media="print")
    shot(page, "receipt-print")
    page.pdf(path=str(SHOTS / "receipt.pdf"))
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", (SHOTS / "receipt.pdf").read_bytes())) == 1
    page.emulate_media(media="screen")
    page.get_by_role("link", name="貸出の記録に戻る").click()
    page.get_by_label("返却時の状態").select_option(label="良好")
    page.get_by_role("button", name="返却を記録する").click()
    # The loan's own 状態 row (the 変更履歴 table below also names 状態 in its changes).
    expect(page.get_by_role("row", name="状態").first).to_contain_text("返却済")

    # Staff pages on a phone at 特大 too.
    staff_phone = _context(page.context.browser, live_server, viewport={"width": 375, "height": 740})
    phone_staff = staff_phone.new_page()
    login(phone_staff, staff)
    phone_staff.goto("/staff/equipment/")
    sizes(phone_staff, "staff-loans-phone")
    phone_staff.goto("/staff/equipment/kinds/")
    sizes(phone_staff, "staff-kinds-phone")
    staff_phone.close()

    # The group sees 返却済.
    phone_page.goto("/equipment/")
    expect(phone_page.get_by_role("region", name="これまでの貸し出し")).to_contain_text("返却済")
    shot(phone_page, "index-phone-returned")
    assert EquipmentLoan.objects.get().status == "returned"
