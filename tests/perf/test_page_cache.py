"""Whole-page caching of anonymous public pages (config/core/pagecache.py, issue 16): a write is visible on the next
request of every cached page, what changes the rendering (text size, ふりがな, language) is in the key, and a
logged-in person's page is never the shared copy (their own copies: tests/perf/test_personal_cache.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.core import pagecache
from config.core.models import Closure, FuriganaWord, Site
from programs.models import NewsArticle, RoomBooking
from programs.services import events as event_services
from tests.programs.event_factories import make_event
from tests.programs.factories import make_room, open_days, rules
from tests.volunteers.factories import UserFactory, VolunteerFactory

from .test_cache import DATABASE_CACHE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_data")]


def body(client, url, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def cached_keys() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM nvc_cache WHERE cache_key LIKE %s", ["%pagecache:page:%"])
        return cursor.fetchone()[0]


@override_settings(CACHES=DATABASE_CACHE)
def test_every_cached_page_is_stored_once_and_then_served_without_rendering():
    cache.clear()
    site = Site.objects.get(slug="tanashi")
    make_room(site)
    rules(site)
    event = make_event(title="手話講座")
    client = Client()
    pages = ["/", "/events/", f"/events/{event.pk}/", "/rooms/calendar/tanashi/"]
    for n, url in enumerate(pages, start=1):
        first = body(client, url)
        assert cached_keys() == n
        with CaptureQueriesContext(connection) as ctx:
            second = body(client, url)
        # The same page (the sign-up form's CSRF token is the visitor's own, made afresh).
        assert pagecache.CSRF_INPUT.sub("", second) == pagecache.CSRF_INPUT.sub("", first)
        # The namespaces' versions and the page: two reads of the shared cache, nothing else.
        assert len(ctx.captured_queries) == 2, (url, [q["sql"] for q in ctx.captured_queries])


@override_settings(CACHES=DATABASE_CACHE)
def test_a_new_event_is_on_the_top_page_and_the_event_list_on_the_next_request():
    cache.clear()
    client = Client()
    assert "夜の手話講座" not in body(client, "/")
    assert "夜の手話講座" not in body(client, "/events/")
    make_event(title="夜の手話講座")
    assert "夜の手話講座" in body(client, "/")
    assert "夜の手話講座" in body(client, "/events/")


@override_settings(CACHES=DATABASE_CACHE)
def test_a_sign_up_changes_the_cached_event_detail_at_once(staff):
    cache.clear()
    event = make_event(title="点字入門", capacity=1)
    client = Client()
    assert "満員です" not in body(client, f"/events/{event.pk}/")
    event_services.signup_create(event=event, volunteer=VolunteerFactory(registered=True), consent=True)
    assert "満員です" in body(client, f"/events/{event.pk}/")


@override_settings(CACHES=DATABASE_CACHE)
def test_an_edited_event_and_news_article_show_on_the_next_request():
    cache.clear()
    event = make_event(title="春の講座")
    client = Client()
    assert "春の講座" in body(client, f"/events/{event.pk}/")
    event.title = "夏の講座"
    event.save()
    page = body(client, f"/events/{event.pk}/")
    assert "夏の講座" in page and "春の講座" not in page
    body(client, "/")
    NewsArticle.objects.create(
        title="センターだより第99号",
        body="お知らせです。",
        published_on=timezone.localdate(),
        is_published=True,
    )
    assert "センターだより第99号" in body(client, "/")


@override_settings(CACHES=DATABASE_CACHE)
def test_rows_an_import_writes_with_copy_are_on_the_cached_pages_on_the_next_request():
    """The importers write with COPY (config.core.imports.bulk_insert), which sends no signal."""
    from config.core.imports import bulk_insert

    cache.clear()
    client = Client()
    assert "取り込んだお知らせ" not in body(client, "/")
    records = pagecache.versions(pagecache.RECORDS)
    article = NewsArticle(
        title="取り込んだお知らせ", body="お知らせです。", published_on=timezone.localdate(), is_published=True
    )
    bulk_insert(NewsArticle, [article])
    assert "取り込んだお知らせ" in body(client, "/")
    bulk_insert(VolunteerFactory._meta.model, [VolunteerFactory.build()])
    assert pagecache.versions(pagecache.RECORDS) != records  # the plans count volunteers


@override_settings(CACHES=DATABASE_CACHE)
def test_a_new_booking_and_a_closure_are_on_the_public_week_view_on_the_next_request(staff):
    cache.clear()
    site = Site.objects.get(slug="tanashi")
    room = make_room(site, name="第9会議室")
    client = Client()
    day = open_days(site, timezone.localdate() + datetime.timedelta(days=14), 1)[0]
    url = f"/rooms/calendar/tanashi/?date={day.isoformat()}"
    assert "予約済 10:00" not in body(client, url)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    RoomBooking.objects.create(
        room=room,
        during=(start, start + datetime.timedelta(hours=2)),
        kind="center",
        purpose="会議",
        created_by=staff,
    )
    assert "予約済 10:00" in body(client, url)
    Closure.objects.create(site=site, start_date=day, end_date=day, reason="設備点検")
    assert "休所日（設備点検）" in body(client, url)


@override_settings(CACHES=DATABASE_CACHE)
def test_the_footer_and_the_furigana_dictionary_are_in_every_cached_page():
    cache.clear()
    client = Client()
    body(client, "/events/")
    main = Site.objects.get(is_main=True)
    main.phone = "042-111-2222"
    main.save()
    assert "042-111-2222" in body(client, "/events/")
    client.cookies["furigana"] = "on"
    body(client, "/")
    FuriganaWord.objects.create(surface="手話", reading="しゅわー")
    assert "しゅわー" in body(client, "/")


@override_settings(CACHES=DATABASE_CACHE)
def test_text_size_furigana_and_language_each_have_their_own_copy():
    cache.clear()
    plain = body(Client(), "/")
    large = Client()
    large.cookies["text_size"] = "xlarge"
    ruby = Client()
    ruby.cookies["furigana"] = "on"
    english = Client()
    english.cookies["language"] = "en"
    pages = {"large": body(large, "/"), "ruby": body(ruby, "/"), "english": body(english, "/")}
    assert pages["large"] != plain and pages["ruby"] != plain and pages["english"] != plain
    assert "<ruby>" in pages["ruby"] and "<ruby>" not in plain
    assert 'lang="en"' in pages["english"]
    # And each is served again as it was, from its own copy.
    assert body(ruby, "/") == pages["ruby"]
    assert body(large, "/") == pages["large"]
    assert body(Client(), "/") == plain
    assert cached_keys() == 4


@pytest.mark.personal_page_cache
@override_settings(CACHES=DATABASE_CACHE)
def test_a_logged_in_persons_page_is_their_own_copy_never_the_shared_one_nor_anyone_elses():
    cache.clear()
    anonymous = body(Client(), "/")
    alice, bob = (
        UserFactory(username="alice-c", first_name="アリス"),
        UserFactory(username="bob-c", first_name="ボブ"),
    )
    a, b = Client(), Client()
    a.force_login(alice)
    b.force_login(bob)
    page_a, page_b = body(a, "/"), body(b, "/")
    assert page_a != anonymous and page_b != anonymous
    assert "ログアウト" in page_a and "ログアウト" not in anonymous
    # The anonymous copy, Alice's and Bob's (config/core/pagecache.cached_per_person).
    assert cached_keys() == 3
    assert "ログアウト" not in body(Client(), "/")
    assert pagecache.CSRF_INPUT.sub("", body(a, "/")) == pagecache.CSRF_INPUT.sub("", page_a)
    assert cached_keys() == 3
    # A visitor with a session (a flash message may wait in it) is not served the shared copy either.
    visitor = Client()
    visitor.cookies["sessionid"] = "not-a-session"
    with CaptureQueriesContext(connection) as ctx:
        body(visitor, "/")
    assert any("nvc_cache" not in q["sql"] for q in ctx.captured_queries)


@override_settings(CACHES=DATABASE_CACHE)
def test_a_guest_can_sign_up_from_a_cached_event_page_with_their_own_csrf_token():
    cache.clear()
    event = make_event(title="防災講座")
    body(Client(), f"/events/{event.pk}/")  # someone else's visit stores the page
    guest = Client(enforce_csrf_checks=True)
    page = body(guest, f"/events/{event.pk}/")
    assert pagecache.CSRF_PLACEHOLDER not in page
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert "csrftoken" in guest.cookies
    response = guest.post(
        f"/events/{event.pk}/signup/",
        {
            "csrfmiddlewaretoken": token,
            "name": "山田 花子",
            "furigana": "ヤマダ ハナコ",
            "phone": "042-000-1234",
            "people": 1,
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.status_code
    assert event.signups.filter(guest_name="山田 花子").exists()


@override_settings(CACHES=DATABASE_CACHE)
def test_the_plans_aggregates_are_cached_and_a_new_record_counts_on_the_next_request(client, staff):
    from plans.models import PlanItem
    from tests.plans.factories import seed_year
    from tests.volunteers.factories import IntroductionFactory

    cache.clear()
    seed_year(2020, scale=1)
    assert PlanItem.objects.filter(fiscal_year=2020, name="ボランティアの紹介").exists()
    client.force_login(staff)
    url = "/plans/progress/?fy=2020"
    first = body(client, url)
    assert "1件" in first
    with CaptureQueriesContext(connection) as ctx:
        again = body(client, url)
    cached_queries = len(ctx.captured_queries)
    assert "1件" in again
    # A new introduction in 2020: counted on the very next request, the numbers fetched again.
    volunteer = VolunteerFactory(registered=True, registered_on=datetime.date(2020, 4, 10))
    IntroductionFactory(volunteer=volunteer, introduced_on=datetime.date(2020, 5, 1))
    with CaptureQueriesContext(connection) as ctx:
        after = body(client, url)
    assert "2件" in after
    assert len(ctx.captured_queries) > cached_queries  # computed again under the new version
    assert len(ctx.captured_queries) - cached_queries >= 5  # the sources' grouped queries were skipped before


@override_settings(CACHES=DATABASE_CACHE)
def test_the_groups_week_view_keeps_its_week_but_shows_a_new_booking_on_the_next_request(
    group_rep_user, staff
):
    from config.core.roles import GROUP_REP
    from tests.volunteers.factories import registered_group

    cache.clear()
    site = Site.objects.get(slug="tanashi")
    rules(site, max_days_ahead=365)
    room = make_room(site, name="第8会議室")
    registered_group(name="西東京ひばりの会", representative=group_rep_user)
    rep = Client()
    rep.force_login(group_rep_user)
    day = open_days(site, timezone.localdate() + datetime.timedelta(days=14), 1)[0]
    url = f"/rooms/tanashi/week/?date={day.isoformat()}"
    first = body(rep, url)
    assert "予約済 10:00" not in first and "空き 9:00" in first
    with CaptureQueriesContext(connection) as warm:
        again = body(rep, url)
    assert pagecache.CSRF_INPUT.sub("", again) == pagecache.CSRF_INPUT.sub(
        "", first
    )  # the logout form's token
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    RoomBooking.objects.create(
        room=room,
        during=(start, start + datetime.timedelta(hours=2)),
        kind="center",
        purpose="会議",
        created_by=staff,
    )
    with CaptureQueriesContext(connection) as cold:
        assert "予約済 10:00" in body(rep, url)
    # The warm request read the week from its cached fragment: the rooms, bookings and closures were not queried.
    assert not any("programs_roombooking" in q["sql"] for q in warm.captured_queries)
    assert any("programs_roombooking" in q["sql"] for q in cold.captured_queries)
    # Another representative's page of the same week is the same week (nothing of the first one's in it).
    other = UserFactory(username="rep-other", role=GROUP_REP)
    registered_group(name="保谷点字の会", representative=other)
    second = Client()
    second.force_login(other)
    assert "予約済 10:00" in body(second, url)


@override_settings(CACHES=DATABASE_CACHE)
def test_the_top_pages_events_for_a_logged_in_person_come_from_a_fragment_that_a_new_event_renews():
    cache.clear()
    make_event(title="春の講座")
    person = Client()
    person.force_login(UserFactory(username="vol-top"))
    assert "春の講座" in body(person, "/")
    with CaptureQueriesContext(connection) as warm:
        body(person, "/")
    assert not any("programs_event" in q["sql"] for q in warm.captured_queries)
    make_event(title="秋の講座")
    assert "秋の講座" in body(person, "/")


@override_settings(CACHES=DATABASE_CACHE)
def test_the_event_list_for_a_logged_in_person_comes_from_a_fragment_that_a_new_event_renews():
    cache.clear()
    make_event(title="春の講座")
    person = Client()
    person.force_login(UserFactory(username="vol-list"))
    assert "春の講座" in body(person, "/events/")
    with CaptureQueriesContext(connection) as warm:
        body(person, "/events/")
    assert not any("programs_event" in q["sql"] for q in warm.captured_queries)
    make_event(title="秋の講座")
    assert "秋の講座" in body(person, "/events/")
