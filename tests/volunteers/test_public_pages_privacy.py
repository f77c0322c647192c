"""No public page shows a requester's, a volunteer's or a group contact's personal data.

The public URLs are not listed by hand only: every URL pattern of the project is tried as an anonymous
visitor (with the seeded ids and the sites' slugs filled in), and every page that answers 200 is
searched for the seeded personal data. A new public page is checked without anyone remembering to.
"""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from programs.models import RoomBooking
from tests.programs.factories import make_room, next_open_day, span

from .coordination_factories import PublishedRequestFactory, registered_volunteer
from .factories import IntroductionFactory, registered_group

pytestmark = pytest.mark.django_db

# What must never reach a public page.
REQUESTER = {
    "name": "山田 花子",
    "phone": "042-461-9876",
    "email": "yamada-hanako@example.jp",
    "address": "西東京市田無町1-2-3",
}
VOLUNTEER = {
    "name": "応募 太郎",
    "phone": "042-400-1234",
    "address": "西東京市保谷町9-8-7",
    "email": "oubo@example.jp",
}
GROUP_CONTACT = {
    "representative": "代表 秘子",
    "contact": "連絡 秘美",
    "phone": "042-999-8888",
    "address": "西東京市ひばりが丘4-5-6",
    "email": "himitsu-kai@example.jp",
}
SECRETS = [*REQUESTER.values(), *VOLUNTEER.values(), *GROUP_CONTACT.values(), "1-2-3"]

# Pages everyone may open: the test fails if one of them stops answering (it would then check nothing).
MUST_BE_PUBLIC = [
    "/",
    "/about/",
    "/access/",
    "/boshu/",
    "/boshu/{request}/",
    "/groups/",
    "/groups/register/",
    "/volunteers/register/",
    "/privacy/",
    "/irai/",
    "/rooms/",
    "/rooms/calendar/tanashi/",
]


@pytest.fixture
def seeded(tanashi, hoya):
    help_request = PublishedRequestFactory(
        requester_name=REQUESTER["name"],
        requester_furigana="ヤマダ ハナコ",
        requester_phone=REQUESTER["phone"],
        requester_email=REQUESTER["email"],
        requester_address=REQUESTER["address"],
        # The request's own place is the requester's home, as staff type it at the counter.
        place=f"{REQUESTER['address']} 山田様宅",
        public_place="田無町周辺",
        public_title="庭の草取りのお手伝い",
        public_description="月に一度、庭の草取りを手伝ってくださる方を探しています。",
    )
    volunteer = registered_volunteer(
        name=VOLUNTEER["name"],
        phone=VOLUNTEER["phone"],
        address=VOLUNTEER["address"],
        email=VOLUNTEER["email"],
    )
    IntroductionFactory(request=help_request, volunteer=volunteer, status="applied", introduced_on=None)
    group = registered_group(
        name="ひみつの会",
        listed_publicly=True,
        representative_name=GROUP_CONTACT["representative"],
        contact_name=GROUP_CONTACT["contact"],
        contact_phone=GROUP_CONTACT["phone"],
        contact_address=GROUP_CONTACT["address"],
        contact_email=GROUP_CONTACT["email"],
        contact_postal_code="188-0004",
    )
    IntroductionFactory(request=help_request, volunteer=None, group=group, status="proposed")
    room = make_room(tanashi)
    RoomBooking.objects.create(
        room=room, group=group, during=span(next_open_day(tanashi), datetime.time(10), datetime.time(12))
    )
    return {"request": help_request, "volunteer": volunteer, "group": group, "room": room}


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _fill(route: str, seeded) -> list[str]:
    """Every URL a route gives with the seeded ids and the sites' slugs; routes needing other values are left out."""
    if route.startswith("admin/") or "^" in route or "(?P" in route:
        return []
    ids = sorted({obj.pk for obj in seeded.values()})
    urls = ["/" + route]
    for converter, name, values in [
        ("int", None, ids),
        ("slug", "site", ["tanashi", "hoya"]),
    ]:
        pattern = re.compile(rf"<{converter}:(\w+)>")
        expanded = []
        for url in urls:
            match = pattern.search(url)
            if not match:
                expanded.append(url)
                continue
            if name and match.group(1) != name:
                return []
            expanded += [url[: match.start()] + str(v) + url[match.end() :] for v in values]
        urls = expanded
    return [] if any("<" in url for url in urls) else urls


def test_no_public_page_shows_personal_data(client, seeded):
    checked = set()
    for route in _patterns(get_resolver().url_patterns):
        for url in _fill(route, seeded):
            response = client.get(url)
            if response.status_code != 200:
                continue
            checked.add(url)
            body = response.content.decode()
            for secret in SECRETS:
                assert secret not in body, f"{secret} on {url}"
    expected = {u.format(request=seeded["request"].pk) for u in MUST_BE_PUBLIC}
    assert expected <= checked, expected - checked
    # The 募集 still says where, in the words staff chose for the public.
    assert "田無町周辺" in client.get(f"/boshu/{seeded['request'].pk}/").content.decode()
    assert "田無町周辺" in client.get("/boshu/").content.decode()


def test_a_logged_in_volunteer_who_applied_sees_only_the_public_place(client, seeded, volunteer_user):
    """Applying to a 募集 must not be a way to read the requester's address: that comes with an introduction."""
    volunteer = seeded["volunteer"]
    volunteer.user = volunteer_user
    volunteer.save()
    client.force_login(volunteer_user)
    for url in ("/mypage/", "/mypage/introductions/", f"/boshu/{seeded['request'].pk}/"):
        body = client.get(url).content.decode()
        assert REQUESTER["address"] not in body and REQUESTER["name"] not in body, url
    assert "田無町周辺" in client.get("/mypage/introductions/").content.decode()
