"""English pages in a real browser: a resident switches to English on the 夏！体験 page and applies on a phone;
a group's representative reads the my page, the group page and the equipment reservation in English on a
desktop and a phone. Screenshots at 1280 and 375 px, 標準 and 特大, under /tmp/shots/en2/."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from config.core.dates import fiscal_year
from programs.models import SummerApplication
from tests.programs.factories import equipment_rules, make_kind, make_units, open_days
from tests.programs.summer_factories import make_campaign, make_host, make_program
from tests.volunteers.factories import registered_group

from .fixtures import assert_accessible, at_text_sizes, fits, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/en2")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"en2-{name}")


def buttons_fit(page) -> bool:
    """No header button's label is wider than the button (English labels are longer than Japanese ones)."""
    return page.evaluate(
        "[...document.querySelectorAll('header .btn')].every(b => b.scrollWidth <= b.clientWidth + 1)"
    )


def test_a_resident_switches_to_english_and_applies_for_the_summer_experience(live_server, page, phone_page):
    campaign = make_campaign(title="夏！体験ボランティア西東京2026")
    make_program(
        campaign,
        title="利用者さんとのお茶会",
        title_en="Tea with the residents of a care home",
        description_en="Talk with older people over tea and help set the tables.",
        host=make_host("特別養護老人ホーム けやきの里"),
        grade_min=7,
        grade_max=14,
    )
    make_program(
        campaign, title="公園の清掃ボランティア", host=make_host("児童館 みどり"), grade_min=4, grade_max=9
    )

    phone_page.goto("/summer/")
    phone_page.get_by_role("link", name="English").click()
    expect(phone_page).to_have_url(f"{live_server.url}/summer/")  # the switch keeps the page
    expect(phone_page.locator("html")).to_have_attribute("lang", "en")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Summer Volunteer Experience Nishitokyo")
    expect(phone_page.get_by_role("heading", name="Tea with the residents of a care home")).to_be_visible()
    expect(phone_page.get_by_role("heading", name="公園の清掃ボランティア")).to_have_attribute("lang", "ja")
    expect(phone_page.get_by_text("This text is in Japanese only.")).to_be_visible()
    assert fits(phone_page)
    at_text_sizes(phone_page, "summer-index-375", shot)
    for size in ("normal", "xlarge"):
        phone_page.context.add_cookies([{"name": "text_size", "value": size, "url": live_server.url}])
        phone_page.reload()
        assert buttons_fit(phone_page), f"a header button's English label overflows at {size}"
    assert_accessible(phone_page)

    phone_page.get_by_role("link", name="Apply to take part").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "Apply for the Summer Volunteer Experience"
    )
    phone_page.get_by_label("Name*", exact=True).fill("Emma Smith")
    phone_page.get_by_label("Name reading (katakana)").fill("エマ スミス")
    phone_page.get_by_label("Date of birth").fill("2012-06-01")
    phone_page.get_by_label("School year").select_option(label="Junior high 3rd year")
    phone_page.get_by_label("Email address", exact=True).fill("emma@example.jp")
    phone_page.get_by_label("1st choice").select_option(
        label="Tea with the residents of a care home (特別養護老人ホーム けやきの里, Junior high 1st year–Adult (not a student))"
    )
    phone_page.get_by_label("Parent or guardian's name").fill("Olivia Smith")
    phone_page.get_by_label("Parent or guardian's phone number").fill("042-461-0000")
    phone_page.get_by_role("button", name="Apply").click()
    # the consent is missing: the summary and the field say so in English
    expect(phone_page.get_by_role("heading", name="Please check what you entered")).to_be_visible()
    assert fits(phone_page)
    shot(phone_page, "summer-apply-errors-375")
    phone_page.get_by_label("As the parent or guardian, I agree to the consent text above").check()
    phone_page.get_by_label("I have read “How we handle personal information” and agree").check()
    phone_page.get_by_role("button", name="Apply").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "Your Summer Volunteer Experience application"
    )
    expect(phone_page.get_by_role("listitem").filter(has_text="Tea with the residents")).to_be_visible()
    assert SummerApplication.objects.get().name == "Emma Smith"
    at_text_sizes(phone_page, "summer-status-375", shot)
    assert_accessible(phone_page)

    page.context.add_cookies([{"name": "language", "value": "en", "url": live_server.url}])
    page.goto("/summer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Summer Volunteer Experience Nishitokyo")
    at_text_sizes(page, "summer-index-1280", shot)
    page.goto("/summer/apply/")
    at_text_sizes(page, "summer-apply-1280", shot)
    assert_accessible(page)


def test_a_representative_reads_the_my_page_and_reserves_equipment_in_english(
    live_server, page, phone_page, group_rep_user, login
):
    from config.core.models import Site

    tanashi = Site.objects.get(slug="tanashi")
    equipment_rules(tanashi, max_days_ahead=60, max_loan_days=14)
    kind = make_kind("車椅子", fee=300, extra=100, deposit=1000, description="折りたたみ式です。")
    make_units(kind, tanashi, 2)
    days = open_days(tanashi, timezone.localdate() + datetime.timedelta(days=3), 6)
    group = registered_group(
        name="西東京ひばりの会", representative=group_rep_user, fiscal_year=fiscal_year(days[0])
    )
    for p, width in ((page, 1280), (phone_page, 375)):
        login(p, group_rep_user)
        p.context.add_cookies([{"name": "language", "value": "en", "url": live_server.url}])
        p.goto("/mypage/")
        expect(p.get_by_role("heading", level=1)).to_have_text("My page")
        expect(p.get_by_role("heading", name="Groups you represent")).to_be_visible()
        at_text_sizes(p, f"mypage-{width}", shot)
        p.get_by_role("link", name=group.name).click()
        expect(p.get_by_role("heading", name="Registration by fiscal year")).to_be_visible()
        at_text_sizes(p, f"group-{width}", shot)
        assert_accessible(p)
        p.get_by_role("link", name="Equipment loans (book or cancel)").click()
        expect(p.get_by_role("heading", level=1)).to_have_text("Equipment loans")
        at_text_sizes(p, f"equipment-{width}", shot)
        p.get_by_role("link", name="Borrow 車椅子 at 田無").click()
        expect(p.get_by_role("heading", name="Availability by day")).to_be_visible()
        p.get_by_label("Pick-up day").fill(days[0].isoformat())
        p.get_by_label("Return day").fill(days[3].isoformat())
        p.get_by_role("button", name="Check the fee").click()
        expect(p.get_by_role("status")).to_contain_text("Reserve with these details?")
        at_text_sizes(p, f"equipment-reserve-{width}", shot)
        assert_accessible(p)
