"""A representative's group page in a real browser: what to do about next year's registration and by when,
and the introductions the center made to the group; renewing from there. Desktop and phone, 標準 and 特大."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.core.dates import current_fiscal_year, fiscal_year_end, fiscal_year_wareki
from tests.volunteers.factories import HelpRequestFactory, IntroductionFactory, registered_group
from volunteers.models import GroupRenewalPeriod

from .fixtures import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_sees_what_to_renew_by_when_and_the_introductions(
    page, phone_page, group_rep_user, login
):
    fy = current_fiscal_year()
    group = registered_group(fiscal_year=fy, representative=group_rep_user, name="西東京ひばりの会")
    IntroductionFactory(
        volunteer=None,
        group=group,
        status="active",
        introduced_on=timezone.localdate() - datetime.timedelta(days=10),
        request=HelpRequestFactory(title="夏祭りの演奏（けやき苑）", public_title="施設の夏祭りで演奏"),
    )
    # Staff opened next year's renewal today (the default would be 1 February).
    GroupRenewalPeriod.objects.create(
        fiscal_year=fy + 1, opens_on=max(timezone.localdate(), datetime.date(fy, 4, 1))
    )
    deadline = fiscal_year_end(fy)
    asks = f"{fiscal_year_wareki(fy + 1)}の登録更新を受け付けています。{deadline.month}月{deadline.day}日までに更新してください。"

    for p, device in ((page, "desktop"), (phone_page, "phone")):
        login(p, group_rep_user)
        for size, label in (("normal", "標準"), ("xlarge", "特大")):
            p.goto(f"/mypage/groups/{group.pk}/")
            p.get_by_role("link", name=f"文字サイズ {label}").click()
            expect(p.locator("html")).to_have_class(f"text-size-{size}")
            expect(p.get_by_role("heading", level=1)).to_have_text("西東京ひばりの会")
            expect(p.get_by_text(asks)).to_be_visible()
            intro = p.get_by_role("row").filter(has_text="施設の夏祭りで演奏")
            expect(intro).to_contain_text("活動開始")
            assert_accessible(p)
            screenshot(p, f"mypage-group-renewal-{device}-{size}")

    phone_page.goto(f"/mypage/groups/{group.pk}/")
    phone_page.get_by_role("link", name=re.compile(f"{fiscal_year_wareki(fy + 1)}.*の登録を申請する")).click()
    expect(phone_page.get_by_text(asks)).to_be_visible()
    phone_page.get_by_label("会員数").fill("25")
    phone_page.get_by_role("button", name="更新を申請する").click()
    expect(phone_page.get_by_role("status")).to_contain_text("登録を申請しました")
    expect(phone_page.get_by_text(f"{fiscal_year_wareki(fy + 1)}の登録：申請中")).to_be_visible()
    assert group.registrations.get(fiscal_year=fy + 1).members_count == 25
    screenshot(phone_page, "mypage-group-renewed-next-year-phone")
