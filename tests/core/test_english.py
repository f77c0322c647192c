"""Public pages in English: the switch, the catalogue, dates, and the staff area staying Japanese."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from config.core import dates

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")

# The templates of the pages translated so far: every string in them must have its English. A public page
# whose templates are added here is covered. Not listed on purpose: staff pages (Japanese whatever the
# cookie), the committee members' pages, documents printed at the desk (receipts, certificates, login letters),
# and includes without strings (_styles.html, bootstrap5/). See tests/core/test_english_residents.py.
ENGLISH_TEMPLATES = [
    "base.html",
    "403.html",
    "404.html",
    "includes/form_errors.html",
    "includes/text_size_switch.html",
    "includes/furigana_switch.html",
    "includes/language_switch.html",
    "includes/nav_role_items.html",
    "volunteers/_nav.html",
    "volunteers/coordination/_nav.html",
    "volunteers/_home_cta.html",
    "programs/_nav.html",
    "programs/events/_home.html",
    "programs/events/_item.html",
    "programs/summer/_home.html",
    "plans/_nav.html",
    "core/home.html",
    "core/about.html",
    "core/access.html",
    "core/accessibility.html",
    "registration/login.html",
    "registration/logged_out.html",
    "registration/password_reset_form.html",
    "registration/password_reset_done.html",
    "registration/password_reset_confirm.html",
    "registration/password_reset_complete.html",
    "registration/password_change_form.html",
    "registration/password_change_done.html",
    "programs/events/index.html",
    "programs/events/detail.html",
    "programs/events/signup_status.html",
    "programs/events/_status.html",
    "programs/news/index.html",
    "programs/news/detail.html",
    "programs/news/newsletter.html",
    "programs/rooms_index.html",
    "programs/week.html",
    "programs/_week.html",
    "programs/public_calendar.html",
    "volunteers/groups/directory.html",
    "volunteers/people/register.html",
    "volunteers/people/register_done.html",
    "volunteers/groups/register.html",
    "volunteers/groups/register_done.html",
    "core/privacy/2026-04.html",
    "plans/overview.html",
    "plans/progress.html",
    "plans/progress_print.html",
    "plans/item.html",
    "plans/_item_table.html",
    "plans/_chart.html",
    "plans/_bar.html",
    "plans/_status.html",
    "plans/_year_selector.html",
    "committees/index.html",
    "committees/committee.html",
    "committees/meeting.html",
    "committees/archive.html",
    "committees/observe.html",
    "committees/observe_done.html",
    "committees/_meeting.html",
    "committees/_nav.html",
    "committees/_year_form.html",
    "programs/schools/request_form.html",
    "programs/schools/request_thanks.html",
    "programs/schools/_status.html",
    "includes/privacy_consent.html",
    # issue 18 (English for residents): 夏！体験, equipment, the my page and the pages it links to
    "programs/summer/index.html",
    "programs/summer/_dates.html",
    "programs/summer/apply.html",
    "programs/summer/offer.html",
    "programs/summer/offer_closed.html",
    "programs/summer/status.html",
    "programs/summer/host.html",
    "programs/equipment/index.html",
    "programs/equipment/reserve.html",
    "programs/equipment/loan_detail.html",
    "programs/equipment/_availability.html",
    "programs/equipment/_loan_table.html",
    "volunteers/mypage/home.html",
    "volunteers/mypage/_profile.html",
    "volunteers/mypage/_registrations.html",
    "volunteers/mypage/_group_record.html",
    "volunteers/mypage/group.html",
    "volunteers/mypage/group_renew.html",
    "volunteers/mypage/profile_form.html",
    "volunteers/mypage/my_data.html",
    "volunteers/mypage/withdraw.html",
    "volunteers/mypage/withdrawn.html",
    "volunteers/groups/_renew_form.html",
    "volunteers/coordination/_mypage_introductions.html",
    "volunteers/coordination/my_introductions.html",
    "programs/events/mine.html",
    "volunteers/insurance/my_insurance.html",
    "volunteers/insurance/_product_row.html",
    "volunteers/insurance/_sample_note.html",
    "volunteers/insurance/group_insurance.html",
    "volunteers/insurance/group_roster.html",
    "volunteers/insurance/event_form.html",
    "programs/my_rooms.html",
    "programs/booking_detail.html",
    "programs/booking_form.html",
    "includes/group_page_links.html",
    "volunteers/coordination/boshu_list.html",
    "volunteers/coordination/boshu_detail.html",
    "volunteers/coordination/online_request.html",
    "volunteers/coordination/online_request_done.html",
    "volunteers/coordination/_pagination.html",
    "volunteers/_pagination.html",
    "volunteers/accounts/first_login.html",
    "volunteers/people/privacy_policy.html",
    "registration/locked_out.html",
    "registration/_form_page.html",
    "core/too_many_submissions.html",
    "programs/annual_apply.html",
    "registration/password_reset_email.html",
]
ENGLISH_PAGES = [
    "/",
    "/about/",
    "/access/",
    "/accessibility/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/events/",
    "/news/",
    "/newsletter/",
    "/rooms/",
    "/groups/",
    "/volunteers/register/",
    "/volunteers/register/done/",
    "/groups/register/",
    "/groups/register/done/",
]


def template_messages(name: str) -> list[tuple[str | None, str]]:
    """(context, msgid) of every translatable string of a template, as makemessages finds them."""
    code = templatize((TEMPLATES / name).read_text(encoding="utf-8"), origin=name)
    found = []
    for match in re.finditer(r"\b(n?p?gettext)\((.*?)\)(?= )", code):
        args = ast.literal_eval(f"({match.group(2)},)") if "count" not in match.group(2) else None
        if args is None:  # ngettext(u'…', u'…', count): the singular is enough to look up
            args = tuple(ast.literal_eval(a) for a in re.findall(r"u'(?:[^'\\]|\\.)*'", match.group(2)))
        kind = match.group(1)
        found.append((args[0], args[1]) if kind.startswith(("pgettext", "npgettext")) else (None, args[0]))
    return found


@pytest.mark.parametrize("name", ENGLISH_TEMPLATES)
def test_every_string_of_the_english_templates_has_its_translation(name):
    missing = []
    with translation.override("en"):
        for context, msgid in template_messages(name):
            english = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if english == msgid and JAPANESE.search(msgid):
                missing.append(msgid)
    assert not missing, f"{name}: no English for {missing}"


def test_the_catalogue_check_finds_strings():
    assert (None, "本文へ移動") in template_messages("base.html")
    assert ("text size", "標準") not in template_messages("base.html")


def visible_text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def test_public_pages_read_in_english_with_only_data_left_in_japanese(client, base_data):
    from config.core.models import Site
    from tests.programs.event_factories import make_event
    from tests.programs.factories import make_room

    tanashi = Site.objects.get(slug="tanashi")
    room = make_room(tanashi, name="第1会議室")
    event = make_event(title="傾聴ボランティア講座", description="話を聴くことを学びます。")
    from volunteers.models import ActivityField

    data = {"日本語", room.name, event.title, event.description, event.place, event.event_type.name}
    data |= set(ActivityField.objects.values_list("name", flat=True))  # data staff keep, in Japanese
    # Examples of what to type stay Japanese: people type Japanese names and addresses into these fields.
    data |= {
        "西東京 花子",
        "ニシトウキョウ ハナコ",
        "ニシトウキョウヒバリノカイ",
        "昭和30年6月1日",
        "西東京市田無町5-5-12",
    }
    data |= {"〒"}
    from config.core import privacy

    data |= {v.version for v in privacy.VERSIONS}  # the policy version a consent records: an identifier
    for site in Site.objects.prefetch_related("annual_closures"):
        data |= {site.name, site.short_name, site.address, *(c.name for c in site.annual_closures.all())}
    client.get("/language/en/?next=/")
    for path in [*ENGLISH_PAGES, f"/events/{event.pk}/", f"/rooms/calendar/{tanashi.slug}/"]:
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200, path
        assert response["Content-Language"] == "en"
        assert '<html lang="en"' in body, path
        text = visible_text(body)
        for value in sorted(filter(None, data), key=len, reverse=True):
            text = text.replace(value, " ")
        left = sorted(set(re.findall(rf"\S*{JAPANESE.pattern}\S*", text)))
        assert not left, f"{path}: Japanese left on the English page: {left}"
    assert "Nishitokyo Volunteer and Civic Activity Center" in client.get("/").content.decode()


def plan_data() -> set[str]:
    """Every text of the plans as loaded from plans/data (names, targets, units, the plans' own texts)."""
    from django.apps import apps

    found = set()

    def add(value):
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list | tuple):
            for v in value:
                add(v)
        elif isinstance(value, dict):
            for v in value.values():
                add(v)

    for model in apps.get_app_config("plans").get_models():
        for obj in model.objects.all():
            for field in model._meta.concrete_fields:
                add(getattr(obj, field.attname))
            add(str(obj))
    return {v for v in found if v.strip()}


def test_plans_pages_read_in_english_with_only_plan_data_left_in_japanese(client, base_data):
    from plans.models import PlanItem

    item = PlanItem.objects.filter(fiscal_year=2020, targets__isnull=False).first()
    from config.core.models import Site

    data = plan_data() | {"日本語"}
    for site in Site.objects.prefetch_related("annual_closures"):  # the footer's site data
        data |= {site.name, site.short_name, site.address, *(c.name for c in site.annual_closures.all())}
    # a few words of plan data are shown joined to a number (the target's unit, 240件／年)
    units = sorted({u for u in data if len(u) <= 4}, key=len, reverse=True)
    client.get("/language/en/?next=/")
    pages = [
        "/plans/",
        "/plans/progress/?fy=2020",
        "/plans/progress/?fy=2020&by=goal",
        "/plans/progress/2020/print/",
    ]
    for path in [*pages, f"/plans/items/{item.pk}/"]:
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200, path
        assert '<html lang="en"' in body, path
        text = visible_text(body)
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, " ")
        for unit in units:
            text = re.sub(rf"(?<=[\d.,])\s*{re.escape(unit)}", " ", text)
        left = sorted(set(re.findall(rf"\S*{JAPANESE.pattern}\S*", text)))
        assert not left, f"{path}: Japanese left on the English page: {left}"
    body = client.get("/plans/progress/?fy=2020").content.decode()
    assert "Progress of FY2020 (Reiwa 2)" in body and "Summary of statuses" in body
    assert 'class="status status-not_started">Not started</span>' in body
    item_page = client.get(f"/plans/items/{item.pk}/").content.decode()
    assert f'<h1 class="h2" lang="ja">{item.name}</h1>' in item_page
    assert '<th scope="row">April</th>' in item_page


def _left_in_japanese(body: str, data: set[str]) -> list[str]:
    text = visible_text(body)
    for value in sorted(filter(None, data), key=len, reverse=True):
        text = text.replace(value, " ")
    return sorted(set(re.findall(rf"\S*{JAPANESE.pattern}\S*", text)))


def test_the_committee_pages_and_the_school_request_form_read_in_english(client, base_data, staff):
    from committees import services as committee_services
    from committees.models import Committee
    from config.core.models import Site
    from programs.models import SchoolTheme
    from tests.committees.factories import make_meeting, make_member, pdf_upload

    _, chair = make_member("chair", role="chair", organisation="西東京市民生委員児童委員協議会")
    held = make_meeting(date=datetime.date(2020, 5, 12))
    committee_services.agenda_item_add(
        meeting=held, title="事業報告について", note="決算を含みます", by=staff
    )
    material = committee_services.material_add(meeting=held, title="決算報告", upload=pdf_upload(), by=staff)
    committee_services.material_publish(material=material, by=staff)
    minutes = committee_services.minutes_save(meeting=held, body="出席9人で開会しました。", by=staff)
    committee_services.minutes_publish(
        minutes=committee_services.minutes_approve(minutes=minutes, by=staff), by=staff
    )
    upcoming = make_meeting(date=datetime.date.today() + datetime.timedelta(days=20))
    data = {
        "西東京 京子",
        "サイトウ キョウコ",
        chair.name,
        chair.organisation,
        held.venue,
        material.original_name,
    }
    data |= {"事業報告について", "決算を含みます", "決算報告", "出席9人で開会しました。"}
    from config.core import privacy

    data |= {v.version for v in privacy.VERSIONS}  # the policy version beside the 傍聴 consent: an identifier
    for c in Committee.objects.select_related("rule"):
        data |= {c.name, c.description, c.rule.venue if getattr(c, "rule", None) else ""}
    for theme in SchoolTheme.objects.filter(is_active=True):
        data |= {theme.name, theme.description}
    data |= set(SchoolTheme.objects.values_list("activity_field__name", flat=True))
    data |= {"日本語", "〒"}  # the language switch's own name; the footer's addresses are data
    for site in Site.objects.prefetch_related("annual_closures"):
        data |= {site.name, site.short_name, site.address, *(c.name for c in site.annual_closures.all())}
    client.get("/language/en/?next=/")
    pages = [
        "/committees/",
        "/committees/operating-committee/",
        f"/committees/operating-committee/?fy={upcoming.fiscal_year}",
        "/committees/operating-committee/archive/?fy=2020",
        f"/committees/meetings/{held.pk}/",
        f"/committees/meetings/{upcoming.pk}/",
        f"/committees/meetings/{upcoming.pk}/observe/",
        "/schools/request/",
        "/schools/request/thanks/",
    ]
    for path in pages:
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200, path
        assert '<html lang="en"' in body, path
        assert not _left_in_japanese(body, data), f"{path}: {_left_in_japanese(body, data)}"
    # the forms answer in English too
    body = client.post(f"/committees/meetings/{upcoming.pk}/observe/", {"name": "", "people": "1"}).content
    assert not _left_in_japanese(body.decode(), data)
    body = client.post("/schools/request/", {"kind": "lesson"}).content.decode()
    assert "Please enter" in body or "required" in body
    assert not _left_in_japanese(body, data), _left_in_japanese(body, data)
    response = client.post(
        f"/committees/meetings/{upcoming.pk}/observe/",
        {
            "name": "西東 京子",
            "furigana": "サイトウ キョウコ",
            "email": "",
            "phone": "042-466-3070",
            "people": "2",
            "consent": "on",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Reference number" in body
    assert not _left_in_japanese(body, data), _left_in_japanese(body, data)
    text = client.get(f"/committees/meetings/{held.pk}/").content.decode()
    assert "Meeting on May 12, 2020" in text and "Minutes" in text and "Chair" not in text
    assert "Chair" in client.get("/committees/operating-committee/").content.decode()


def test_the_switch_goes_back_to_japanese_and_keeps_the_url(client, base_data):
    response = client.get("/language/en/?next=/about/")
    assert response["Location"] == "/about/"
    assert "About the center" in client.get("/about/").content.decode()
    client.get("/language/ja/?next=/about/")
    body = client.get("/about/").content.decode()
    assert '<html lang="ja"' in body
    assert "センターについて" in body
    assert 'hreflang="en">English</a>' in body


def test_the_browser_language_alone_does_not_switch(client, base_data):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja"' in body


def test_staff_pages_and_the_admin_stay_japanese(client, staff):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "部屋・ロッカー管理" in client.get("/staff/rooms/").content.decode()
    assert '<html lang="ja"' in client.get("/staff/rooms/").content.decode()
    assert (
        "サイト管理" in client.get("/admin/").content.decode()
        or "管理" in client.get("/admin/").content.decode()
    )


def test_furigana_is_only_offered_on_japanese_pages(client, base_data):
    client.cookies["furigana"] = "on"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/").content.decode()
    assert "<ruby>" not in body
    assert "Furigana" not in body


def test_dates_and_fiscal_years_read_naturally_in_english():
    day = datetime.date(2020, 4, 1)
    with translation.override("en"):
        assert dates.fiscal_year_label(2020) == "FY2020 (Reiwa 2)"
        assert dates.fiscal_year_label(2019) == "FY2019 (Reiwa 1)"
        assert dates.wareki_date(day) == "April 1, Reiwa 2"
        assert dates.long_date(day) == "April 1, 2020"
        assert dates.month_day(day) == "April 1"
    with translation.override("ja"):
        assert dates.fiscal_year_label(2020) == "令和2年度（2020年度）"
        assert dates.fiscal_year_label(2019) == "令和元年度（2019年度）"
        assert dates.wareki_date(day) == "令和2年4月1日"
        assert dates.long_date(day) == "2020年4月1日"
        assert dates.month_day(day) == "4月1日"


def test_staff_texts_show_their_english_version_or_the_japanese_with_a_note(client, base_data):
    from programs.models import NewsArticle
    from tests.programs.event_factories import make_event

    with_english = make_event(
        title="手話講座", title_en="Sign language course", description_en="Learn to sign."
    )
    japanese_only = make_event(title="点字講座", description="点字を学びます。")
    article = NewsArticle.objects.create(
        title="年末年始の休所",
        body="12月29日から休みます。",
        published_on=datetime.date(2026, 12, 1),
        is_published=True,
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(f"/events/{with_english.pk}/").content.decode()
    assert '<h1 class="h2" lang="en">Sign language course</h1>' in body
    assert "Learn to sign." in body
    assert "This text is in Japanese only." not in body
    body = client.get(f"/events/{japanese_only.pk}/").content.decode()
    assert '<h1 class="h2" lang="ja">点字講座</h1>' in body
    assert '<div class="event-description" lang="ja">' in body
    assert "This text is in Japanese only." in body
    body = client.get(f"/news/{article.pk}/").content.decode()
    assert '<div class="news-body" lang="ja">' in body and "This text is in Japanese only." in body
    listing = client.get("/events/").content.decode()
    assert 'lang="en">Sign language course</a>' in listing
    assert 'lang="ja">点字講座</a>' in listing
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    body = client.get(f"/events/{with_english.pk}/").content.decode()
    assert '<h1 class="h2" lang="ja">手話講座</h1>' in body


# Templates that stay Japanese on purpose (besides every template whose path names staff): they are shown
# only on staff pages, to committee members, or printed at the desk for a Japanese document.
JAPANESE_ONLY_TEMPLATES = {
    "core/mail_queue.html",
    "includes/record_history.html",
    "includes/staff_menu_items.html",
    "plans/entry_form.html",
    "plans/evaluation_form.html",
    "plans/report.html",
    "committees/members_home.html",
    "committees/_plan_item_comments.html",
    "programs/events/roster.html",
    "programs/equipment/_loan_head.html",
    "programs/equipment/_loan_rows.html",
    "programs/equipment/receipt.html",
    "programs/summer/certificate.html",
    "volunteers/accounts/letter.html",
    "volunteers/insurance/_nav.html",
    "volunteers/insurance/daily_total.html",
    "volunteers/insurance/receipt.html",
    "volunteers/insurance/_status_steps.html",
    "volunteers/coordination/_export.html",
    "volunteers/coordination/_staff_home.html",
    "volunteers/coordination/application_list.html",
    "volunteers/coordination/candidates.html",
    "volunteers/coordination/consultation_form.html",
    "volunteers/coordination/consultation_list.html",
    "volunteers/coordination/introduction_form.html",
    "volunteers/coordination/request_detail.html",
    "volunteers/coordination/request_form.html",
    "volunteers/coordination/request_list.html",
    "volunteers/coordination/request_publish.html",
}


def test_every_template_people_outside_the_staff_see_is_in_the_english_catalogue_check():
    names = {str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")}
    staff = {n for n in names if "staff" in n or n.startswith(("admin/", "core/imports/", "bootstrap5/"))}
    without_strings = {n for n in names if not template_messages(n)}
    unlisted = names - set(ENGLISH_TEMPLATES) - JAPANESE_ONLY_TEMPLATES - staff - without_strings
    assert not sorted(unlisted), (
        f"add these to ENGLISH_TEMPLATES (or, if staff only, to the list above): {unlisted}"
    )
