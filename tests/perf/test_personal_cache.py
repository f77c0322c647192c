"""A logged-in person's own cached copies of the key pages (config/core/pagecache.cached_per_person, issue 16).

Each person's copy is served only to that person in that session; any write (a save anywhere, or any POST) is on
the very next request; a flash message always shows and is never stored; the permission check runs on every
request; the logout form's CSRF token is the visitor's own.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from config.core import pagecache, roles
from tests.volunteers.factories import VolunteerFactory

from .test_cache import DATABASE_CACHE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_data"), pytest.mark.personal_page_cache]

LIST = "/staff/volunteers/?q=やま"


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, [q["sql"] for q in ctx.captured_queries]


def without_token(page: bytes) -> str:
    return pagecache.CSRF_INPUT.sub("", page.decode())


@override_settings(CACHES=DATABASE_CACHE)
def test_a_staff_list_is_served_from_the_persons_copy_and_a_new_volunteer_is_on_the_next_request(
    client, staff
):
    cache.clear()
    VolunteerFactory(registered=True, name="山本 一郎", furigana="ヤマモト イチロウ")
    client.force_login(staff)
    first, rendered = get(client, LIST)
    assert "山本 一郎" in first.content.decode() and first.context is not None
    again, served = get(client, LIST)
    assert again.context is None  # not rendered: the stored copy
    assert without_token(again.content) == without_token(first.content)
    assert not any("volunteers_volunteer" in sql for sql in served)
    assert len(served) < len(rendered)
    VolunteerFactory(registered=True, name="山口 二郎", furigana="ヤマグチ ジロウ")
    after, _ = get(client, LIST)
    assert after.context is not None and "山口 二郎" in after.content.decode()


@override_settings(CACHES=DATABASE_CACHE)
def test_each_person_and_each_session_has_its_own_copy_and_the_permission_check_runs_on_every_request(
    staff, volunteer_user
):
    cache.clear()
    VolunteerFactory(registered=True, name="山本 一郎", furigana="ヤマモト イチロウ")
    alice = Client()
    alice.force_login(staff)
    get(alice, LIST)
    # A second session of the same account renders its own copy (the session is in the key).
    tablet = Client()
    tablet.force_login(staff)
    second, _ = get(tablet, LIST)
    assert second.context is not None
    # A volunteer asking for the staff list is refused, whatever copies exist.
    bob = Client()
    bob.force_login(volunteer_user)
    assert bob.get(LIST).status_code == 403
    # Taking the staff role away: refused on the next request, although Alice's copy is still stored.
    staff.groups.remove(Group.objects.get(name=roles.STAFF))
    assert alice.get(LIST).status_code == 403


@override_settings(CACHES=DATABASE_CACHE)
def test_a_flash_message_shows_on_the_next_page_and_the_page_with_it_is_not_stored(client, volunteer_user):
    from tests.volunteers.test_mypage import profile

    cache.clear()
    me = VolunteerFactory(registered=True, user=volunteer_user, name="自分 花子", furigana="ジブン ハナコ")
    client.force_login(volunteer_user)
    get(client, "/mypage/")
    _, served = get(client, "/mypage/")
    assert not any("volunteers_volunteer" in sql for sql in served)  # from the copy
    response = client.post("/mypage/profile/", profile(me, phone="042-466-3071"), follow=True)
    page = response.content.decode()
    assert "登録内容を変更しました。" in page and "042-466-3071" in page
    # The message was shown once; the page after it is rendered without it, then served from its copy.
    next_page, _ = get(client, "/mypage/")
    assert next_page.context is not None and "登録内容を変更しました。" not in next_page.content.decode()
    last, _ = get(client, "/mypage/")
    assert last.context is None and "042-466-3071" in last.content.decode()


@override_settings(CACHES=DATABASE_CACHE)
def test_every_post_renews_the_copies_even_when_the_write_sent_no_signal(client, staff):
    from volunteers.models import Volunteer

    cache.clear()
    volunteer = VolunteerFactory(registered=True, name="山本 一郎", furigana="ヤマモト イチロウ")
    client.force_login(staff)
    get(client, LIST)
    Volunteer.objects.filter(pk=volunteer.pk).update(name="山本 一朗")  # no signal: the copy is still served
    stale, _ = get(client, LIST)
    assert stale.context is None and "山本 一郎" in stale.content.decode()
    # Any request that may write renews every copy (this one fails: the form is empty).
    client.post("/accounts/password_change/", {})
    fresh, _ = get(client, LIST)
    assert fresh.context is not None and "山本 一朗" in fresh.content.decode()


@override_settings(CACHES=DATABASE_CACHE)
def test_the_logout_form_of_a_stored_copy_carries_the_visitors_own_token(staff):
    cache.clear()
    person = Client(enforce_csrf_checks=True)
    person.force_login(staff)
    get(person, LIST)
    again, _ = get(person, LIST)
    page = again.content.decode()
    assert again.context is None and pagecache.CSRF_PLACEHOLDER not in page
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert person.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert person.get(LIST).status_code == 302  # logged out: to the login page


def test_every_key_page_of_a_logged_in_person_is_cached_per_person():
    from django.urls import resolve

    pages = [
        "/", "/mypage/", "/mypage/groups/1/", "/rooms/mine/", "/rooms/tanashi/week/", "/equipment/",
        "/staff/volunteers/", "/staff/groups/", "/staff/requests/", "/staff/consultations/", "/staff/rooms/",
        "/staff/equipment/", "/staff/insurance/", "/plans/progress/", "/plans/report/2025/", "/committees/",
    ]  # fmt: skip
    for url in pages:
        view = resolve(url).func
        while not getattr(view, "page_cache_personal", False) and hasattr(view, "__wrapped__"):
            view = view.__wrapped__
        assert getattr(view, "page_cache_personal", False), url
