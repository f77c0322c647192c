"""The representative's rooms page reads only (a GET writes no row); the private iCal URL is issued by an explicit
POST, shown once, and stored as a digest that nobody else can turn back into a working URL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.core.models import AuditEntry
from programs.models import GroupCalendar, RoomBooking, calendar_token_digest

from .factories import T, next_open_day, span

pytestmark = pytest.mark.django_db

PAGE = reverse("programs:my_rooms")
ISSUE = reverse("programs:calendar_issue")


@pytest.fixture
def rep(client, group_rep_user, group):
    client.force_login(group_rep_user)
    return client


def feed_token(html: str) -> str:
    return html.split("/rooms/ical/group/")[1].split(".ics")[0]


def test_a_get_of_the_rooms_page_changes_no_rows(rep, tanashi, room, group):
    RoomBooking.objects.create(room=room, group=group, during=span(next_open_day(tanashi), T(10), T(12)))
    rep.get(PAGE)  # the session and the footer's cache settle on the first request
    with CaptureQueriesContext(connection) as ctx:
        response = rep.get(PAGE)
    assert response.status_code == 200 and "第1会議室" in response.content.decode()
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert GroupCalendar.objects.count() == 0 and "/rooms/ical/group/" not in response.content.decode()


def test_the_calendar_url_is_issued_by_post_shown_once_and_stored_as_a_digest(
    rep, client, tanashi, room, group, group_rep_user
):
    assert rep.get(ISSUE).status_code == 405
    response = rep.post(ISSUE, {"group": group.pk})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "カレンダー用URLを発行しました。このアドレスは今だけ表示されます。" in html
    token = feed_token(html)
    calendar = GroupCalendar.objects.get(group=group)
    assert calendar.token_digest == calendar_token_digest(token) and token not in calendar.token_digest
    assert calendar.issued_by == group_rep_user
    entry = AuditEntry.objects.get(action="group_calendar_issue")
    assert token not in str(entry.changes)
    # Later visits say it was issued but never show it again.
    later = rep.get(PAGE).content.decode()
    assert token not in later and "発行済み" in later and "新しいURLを発行する" in later
    assert client.get(reverse("programs:ical_group", args=[token])).status_code == 200

    # A new URL replaces the old one.
    new_token = feed_token(rep.post(ISSUE, {"group": group.pk}).content.decode())
    assert new_token != token
    assert client.get(reverse("programs:ical_group", args=[token])).status_code == 404
    assert client.get(reverse("programs:ical_group", args=[new_token])).status_code == 200
    assert GroupCalendar.objects.count() == 1


def test_a_representative_cannot_issue_for_another_group(rep, other_group):
    assert rep.post(ISSUE, {"group": other_group.pk}).status_code == 404
    assert rep.post(ISSUE, {}).status_code == 404
    assert GroupCalendar.objects.count() == 0


def test_staff_pages_never_show_a_calendar_url(client, staff, rep, group):
    token = feed_token(rep.post(ISSUE, {"group": group.pk}).content.decode())
    client.force_login(staff)
    for url in (reverse("programs:staff_rooms"), reverse("volunteers:staff_group", args=[group.pk])):
        assert token not in client.get(url).content.decode()


def test_the_representatives_group_page_links_to_the_rooms_page(rep, group):
    html = rep.get(reverse("volunteers:mypage_group", args=[group.pk])).content.decode()
    assert f'href="{PAGE}"' in html
