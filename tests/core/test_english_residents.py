"""English for the pages residents use beyond the first public ones: 夏！体験, equipment, the my page and
what it links to. A page fetched with the English cookie shows English headings and leaves in Japanese only
data people or staff wrote (names, titles without an English version, which carry the note)."""

import datetime
import re

import pytest
from django.conf import settings

from tests.core.test_english import _left_in_japanese

pytestmark = pytest.mark.django_db


def site_data() -> set[str]:
    """What the footer and menus show from the database, plus the language switch's own name."""
    from config.core.models import Site

    data = {"日本語", "〒"}
    for site in Site.objects.prefetch_related("annual_closures"):
        data |= {site.name, site.short_name, site.address, *(c.name for c in site.annual_closures.all())}
    return data


# Examples of what to type stay Japanese: people type Japanese names and addresses into these fields.
EXAMPLES = {
    "西東京 花子",
    "ニシトウキョウ ハナコ",
    "ニシトウキョウヒバリノカイ",
    "昭和30年6月1日",
    "西東京市田無町5-5-12",
}


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_english(response, data: set[str], *, status: int = 200) -> str:
    body = response.content.decode()
    assert response.status_code == status, response.request["PATH_INFO"]
    assert '<html lang="en"' in body
    left = _left_in_japanese(body, data)
    assert not left, f"{response.request['PATH_INFO']}: Japanese left on the English page: {left}"
    return body


def summer_data(campaign, programs, applications=()) -> set[str]:
    data = {campaign.title, campaign.consent_text, campaign.consent_version}
    for p in programs:
        data |= {p.title, p.description, p.place, p.contact, p.bring, p.host.name}
    for a in applications:
        data |= {a.name, a.furigana}
    return data


def test_the_summer_pages_and_forms_read_in_english(client, base_data, staff):
    from programs.services import summer as svc
    from tests.programs.summer_factories import make_application, make_campaign, make_host, make_program

    campaign = make_campaign(phase="open")
    translated = make_program(
        campaign,
        title="図書館で読み聞かせ",
        title_en="Reading to children at the library",
        description_en="Read picture books aloud.",
        host=make_host(name="ひばりの会", kind="facility"),
    )
    japanese_only = make_program(campaign, title="高齢者施設でお茶会", bring="上履き")
    data = site_data() | summer_data(campaign, [translated, japanese_only])
    english(client)
    page = assert_english(client.get("/summer/"), data)
    assert "Summer Volunteer Experience Nishitokyo" in page and "Applications open" in page
    assert 'lang="en">Reading to children at the library</h3>' in page
    assert "Read picture books aloud." in page
    assert 'lang="ja">高齢者施設でお茶会</h3>' in page and "This text is in Japanese only." in page
    assert f"FY{campaign.fiscal_year}" in page
    form = assert_english(client.get("/summer/apply/"), data)
    assert "Apply for the Summer Volunteer Experience" in form and "1st choice" in form
    assert "Reading to children at the library" in form  # the choice lists name programs in English too
    errors = assert_english(client.post("/summer/apply/", {"name": ""}), data, status=400)
    assert "Please enter" in errors or "required" in errors
    # a pupil who fills everything in but the guardian's consent gets the service's answer in English
    pupil = {
        "name": "Emma Smith",
        "furigana": "エマ スミス",
        "birth_date": "2012-06-01",
        "grade": "9",
        "email": "emma@example.jp",
        "choice_1": str(translated.pk),
        "consent": "on",
    }
    errors = assert_english(client.post("/summer/apply/", pupil), data, status=400)
    assert "please give the parent or guardian" in errors and "tick the guardian" in errors
    applicant = make_application(campaign, [translated, japanese_only], name="西東京 さくら")
    data |= summer_data(campaign, [], [applicant])
    status = assert_english(client.get(f"/summer/applications/{svc.status_token(applicant)}/"), data)
    assert "Your Summer Volunteer Experience application" in status and "Programs you chose" in status

    closed = make_campaign(phase="closed")
    host = make_host(name="けやきの里")
    program = make_program(closed, host=host, title_en="Tea with residents")
    placed = make_application(closed, [program], name="田無 ひかる")
    svc.placement_run(campaign=closed, by=staff, seed=1)
    svc.placement_publish(campaign=closed, by=staff)
    data |= summer_data(closed, [program], [placed])
    status = assert_english(client.get(f"/summer/applications/{svc.status_token(placed)}/"), data)
    assert "Your placement has been decided" in status and "Tea with residents" in status
    host_page = assert_english(client.get(f"/summer/hosts/{svc.host_token(host, closed)}/"), data)
    assert "Summer Volunteer Experience participants" in host_page and placed.name in host_page


def test_the_summer_offer_form_reads_in_english_and_takes_an_english_title(client, base_data):
    from programs.models import SummerProgram
    from tests.programs.summer_factories import make_campaign

    today = datetime.date.today()
    campaign = make_campaign(
        offers_from=today - datetime.timedelta(days=1),
        offers_until=today + datetime.timedelta(days=5),
        apply_from=today + datetime.timedelta(days=6),
        apply_until=today + datetime.timedelta(days=20),
    )
    data = site_data() | summer_data(campaign, [])
    english(client)
    form = assert_english(client.get("/summer/offer/"), data)
    assert "Offer a program as a host" in form and "Program title in English (optional)" in form
    assert_english(client.post("/summer/offer/", {"title": ""}), data, status=400)
    day = campaign.activity_from.isoformat()
    response = client.post(
        "/summer/offer/",
        {
            "host_kind": "facility",
            "host_name": "けやきの里",
            "contact_name": "田無 花子",
            "contact_email": "keyaki@example.jp",
            "title": "お茶会",
            "description": "お話しします。",
            "title_en": "Tea party",
            "description_en": "Talk with residents.",
            "place": "田無町",
            "grade_min": "4",
            "grade_max": "14",
            "contact": "042-000-0000",
            "day_1": day,
            "start_1": "10:00",
            "end_1": "12:00",
            "slots_1": "3",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    program = SummerProgram.objects.get(campaign=campaign)
    assert (program.title_en, program.description_en) == ("Tea party", "Talk with residents.")
    # outside the offer period the closed page is English too
    campaign.offers_until = today - datetime.timedelta(days=1)
    campaign.save()
    closed = assert_english(client.get("/summer/offer/"), data)
    assert "Program offers are accepted from" in closed


def user_data(user) -> set[str]:
    return {user.last_name, user.first_name, user.get_full_name(), f"{user.last_name} {user.first_name}"}


def test_the_equipment_pages_read_in_english(client, base_data, tanashi, group_rep_user):
    from django.utils import timezone

    from config.core.dates import fiscal_year
    from programs.models import EquipmentLoan
    from tests.programs.factories import equipment_rules, make_kind, make_units, open_days
    from tests.volunteers.factories import registered_group

    equipment_rules(tanashi, max_days_ahead=60, max_loan_days=14)
    kind = make_kind("車椅子", fee=300, extra=100, deposit=1000, description="折りたたみ式です。")
    units = make_units(kind, tanashi, 2)
    days = open_days(tanashi, timezone.localdate() + datetime.timedelta(days=3), 6)
    group = registered_group(
        name="西東京ひばりの会", representative=group_rep_user, fiscal_year=fiscal_year(days[0])
    )
    loan = EquipmentLoan.objects.create(
        unit=units[0], group=group, pickup_on=days[2], return_on=days[3], fee=300, purpose="体験会"
    )
    data = site_data() | user_data(group_rep_user) | {kind.name, kind.description, group.name, "体験会"}
    client.force_login(group_rep_user)
    english(client)
    index = assert_english(client.get("/equipment/"), data)
    assert "Equipment loans" in index and "Equipment reserved or on loan" in index
    assert "This text is in Japanese only." in index  # the item's description staff wrote
    url = f"/equipment/reserve/{tanashi.slug}/{kind.pk}/"
    page = assert_english(client.get(url), data)
    assert "Availability by day" in page and "free</a>" in page
    form = {"group": group.pk, "pickup_on": days[0].isoformat(), "return_on": days[4].isoformat()}
    preview = assert_english(client.post(url, form | {"preview": "1"}), data)
    assert "Reserve with these details?" in preview and "extra days" in preview
    swapped = form | {"pickup_on": days[1].isoformat(), "return_on": days[0].isoformat(), "confirm": "1"}
    errors = assert_english(client.post(url, swapped), data, status=400)
    assert "The return day must be the pick-up day or later." in errors
    detail = assert_english(client.get(f"/equipment/loans/{loan.pk}/"), data)
    assert "Equipment reservation" in detail and "Cancel this reservation" in detail


def fetch_all(client, paths, data) -> dict[str, list[str]]:
    """Each page's Japanese left after the data is taken out (empty lists when the page is all English)."""
    left = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert '<html lang="en"' in body, path
        found = _left_in_japanese(body, data)
        if found:
            left[path] = found
    return left


def test_the_volunteers_my_page_and_its_pages_read_in_english(client, base_data, volunteer_user):
    from programs.models import EventSignup
    from tests.programs.event_factories import make_event
    from tests.volunteers.factories import IntroductionFactory, VolunteerFactory, activity_field
    from tests.volunteers.insurance_factories import PlanFactory
    from volunteers.models import ActivityField

    me = VolunteerFactory(
        registered=True, user=volunteer_user, name="自分 花子", furigana="ジブン ハナコ", skills="手話"
    )
    me.activity_fields.add(activity_field())
    intro = IntroductionFactory(volunteer=me)
    event = make_event(title="傾聴講座", title_en="Listening course")
    EventSignup.objects.create(event=event, volunteer=me, people=1, status="confirmed")
    plan = PlanFactory()
    data = site_data() | user_data(volunteer_user) | {me.name, me.furigana, me.address, me.skills}
    data |= set(ActivityField.objects.values_list("name", flat=True))
    data |= {intro.request.title, intro.request.description, intro.request.requester_name, plan.name}
    data |= {event.title, event.event_type.name} | EXAMPLES
    english(client)
    client.force_login(volunteer_user)
    paths = [
        "/mypage/",
        "/mypage/profile/",
        "/mypage/introductions/",
        "/mypage/insurance/",
        "/mypage/my-data/",
        "/mypage/withdraw/",
        "/events/mine/",
    ]
    left = fetch_all(client, paths, data)
    assert not left, left
    home = client.get("/mypage/").content.decode()
    assert "Hello, <span data-no-ruby>自分 花子</span>." in home and "Activities introduced to you" in home
    assert "Withdrawal" in home and "Information the center keeps about you" in home
    assert 'lang="en">Listening course</a>' in client.get("/events/mine/").content.decode()
    # the forms answer in English
    errors = client.post("/mypage/profile/", {"name": ""})
    assert errors.status_code in (200, 400) and not _left_in_japanese(errors.content.decode(), data)
    from django.urls import reverse

    answered = client.post(reverse("volunteers:introduction_answer", args=[intro.pk]), {"answer": "decline"})
    body = client.get(answered["Location"]).content.decode()
    assert "You have declined." in body and not _left_in_japanese(body, data), _left_in_japanese(body, data)
    response = client.post("/mypage/withdraw/", follow=True)
    assert not _left_in_japanese(response.content.decode(), data), _left_in_japanese(
        response.content.decode(), data
    )
    assert "You have withdrawn" in response.content.decode()


def test_the_representatives_pages_read_in_english(client, base_data, tanashi, group_rep_user):
    from programs.models import RoomBooking
    from tests.programs.factories import T, make_room, next_open_day, rules, span
    from tests.volunteers.factories import registered_group
    from tests.volunteers.insurance_factories import PlanFactory, event_plan
    from volunteers.models import ActivityField

    rules(tanashi, max_days_ahead=365)
    room = make_room(tanashi)
    group = registered_group(name="西東京ひばりの会", representative=group_rep_user, meeting_place="田無")
    booking = RoomBooking.objects.create(
        room=room, group=group, during=span(next_open_day(tanashi), T(10), T(12)), purpose="定例会"
    )
    plan, events_plan = PlanFactory(), event_plan()
    data = site_data() | user_data(group_rep_user) | EXAMPLES | {room.name, booking.purpose, plan.name}
    data |= {events_plan.name, group.name, group.name_kana, group.representative_name, group.contact_name}
    data |= {group.activity_area, group.meeting_place, "田無 花子、タナシ ハナコ、1980-04-01"}
    data |= set(ActivityField.objects.values_list("name", flat=True))
    english(client)
    client.force_login(group_rep_user)
    paths = [
        "/mypage/",
        f"/mypage/groups/{group.pk}/",
        f"/mypage/groups/{group.pk}/renew/",
        f"/mypage/groups/{group.pk}/insurance/",
        f"/mypage/groups/{group.pk}/insurance/roster/",
        f"/mypage/groups/{group.pk}/insurance/event/",
        "/rooms/mine/",
        f"/rooms/bookings/{booking.pk}/",
        f"/rooms/{tanashi.slug}/book/",
        f"/rooms/{tanashi.slug}/week/",
    ]
    left = fetch_all(client, paths, data)
    assert not left, left
    page = client.get(f"/mypage/groups/{group.pk}/").content.decode()
    assert "Registration by fiscal year" in page and "Introductions from the center" in page
    assert "Room booking" in client.get("/rooms/mine/").content.decode()
    # the service's answer to a booking over its limits reads in English too
    day = next_open_day(tanashi)
    too_long = {
        "group": group.pk,
        "room": room.pk,
        "day": day.isoformat(),
        "start": "09:00",
        "end": "21:00",
        "purpose": "定例会",
    }
    body = client.post(f"/rooms/{tanashi.slug}/book/", too_long).content.decode()
    assert "One booking can last up to" in body, re.findall(
        r"invalid-feedback[^>]*>([^<]*)|<li><a href=\"#[^\"]*\">([^<]*)", body
    )
    assert not _left_in_japanese(body, data), _left_in_japanese(body, data)
    # the forms answer in English
    for path, form in [
        (f"/mypage/groups/{group.pk}/insurance/event/", {"action": "preview"}),
        (f"/mypage/groups/{group.pk}/insurance/roster/", {}),
        (f"/rooms/{tanashi.slug}/book/", {"group": group.pk}),
        (f"/rooms/bookings/{booking.pk}/cancel/", {"reason": ""}),
    ]:
        body = client.post(path, form, follow=True).content.decode()
        assert not _left_in_japanese(body, data), (path, _left_in_japanese(body, data))


def test_the_other_public_pages_read_in_english(client, base_data, volunteer_user):
    from config.core import privacy
    from tests.volunteers.coordination_factories import PublishedRequestFactory
    from tests.volunteers.factories import VolunteerFactory, activity_field
    from volunteers.models import ActivityField

    boshu = PublishedRequestFactory(activity_field=activity_field())
    data = site_data() | EXAMPLES | {boshu.public_title, boshu.public_description, boshu.public_place}
    data |= {boshu.schedule} | set(ActivityField.objects.values_list("name", flat=True))
    data |= {v.version for v in privacy.VERSIONS}
    english(client)
    paths = [
        "/boshu/",
        f"/boshu/{boshu.pk}/",
        "/irai/",
        "/irai/thanks/",
        "/accounts/first-login/",
        "/privacy/",
        *(f"/privacy/{v.slug}/" for v in privacy.VERSIONS),
    ]
    left = fetch_all(client, paths, data)
    assert not left, left
    assert "Volunteers wanted" in client.get("/boshu/").content.decode()
    assert "This text is in Japanese only." in client.get(f"/boshu/{boshu.pk}/").content.decode()
    body = client.post("/irai/", {}).content.decode()
    assert not _left_in_japanese(body, data), _left_in_japanese(body, data)
    body = client.post("/accounts/first-login/", {}).content.decode()
    assert not _left_in_japanese(body, data), _left_in_japanese(body, data)
    # a volunteer reads the 募集 with the apply button in English
    VolunteerFactory(registered=True, user=volunteer_user)
    client.force_login(volunteer_user)
    data |= user_data(volunteer_user)
    page = client.get(f"/boshu/{boshu.pk}/").content.decode()
    assert "Apply for this activity" in page and not _left_in_japanese(page, data)


def test_the_annual_application_reads_in_english(client, base_data, tanashi, group_rep_user):
    from django.utils import timezone

    from programs.models import ApplicationWindow
    from programs.services import allocation as svc
    from tests.programs.factories import T, make_room, rules
    from tests.volunteers.factories import GroupRegistrationFactory, registered_group

    rules(tanashi, max_days_ahead=365)
    room = make_room(tanashi)
    today = timezone.localdate()
    from config.core.dates import current_fiscal_year

    fy = current_fiscal_year() + 1
    window = ApplicationWindow.objects.create(
        site=tanashi, fiscal_year=fy, opens_on=today, closes_on=today + datetime.timedelta(days=10)
    )
    group = registered_group(name="西東京ひばりの会", representative=group_rep_user)
    GroupRegistrationFactory(group=group, fiscal_year=fy)
    svc.recurring_request_create(
        window=window,
        group=group,
        by=None,
        room=room,
        weekday=1,
        start_time=T(10),
        end_time=T(12),
        pattern="nth",
        weeks=[1, 3],
        purpose="定例会",
    )
    data = site_data() | user_data(group_rep_user) | {room.name, group.name, "定例会"}
    english(client)
    client.force_login(group_rep_user)
    page = assert_english(client.get(f"/rooms/annual/{window.pk}/"), data)
    assert "Apply for regular use" in page and "week 1, week 3 Tue 10:00–12:00" in page
    errors = client.post(f"/rooms/annual/{window.pk}/", {"pattern": "nth"})
    assert not _left_in_japanese(errors.content.decode(), data), _left_in_japanese(
        errors.content.decode(), data
    )


def test_the_accessibility_statement_names_what_is_still_japanese_only(client, base_data):
    english(client)
    body = client.get("/accessibility/").content.decode()
    assert (
        "my page and the group pages (including rooms, equipment and insurance) are also in English" in body
    )
    assert "The staff pages, the pages for committee members" in body
    assert "summer volunteering and equipment pages are in Japanese only" not in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    body = client.get("/accessibility/").content.decode()
    assert "マイページと団体のページ（部屋・機材・保険の申込みを含む）は英語でも読めます" in body
