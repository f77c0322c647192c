"""Login throttling, passwords, sessions, export permissions and log, safe redirects, search input, calendars."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from config.core.models import ExportLog
from config.core.redirects import safe_next
from config.core.search import clean_query
from tests.volunteers.coordination_factories import registered_volunteer
from tests.volunteers.factories import IntroductionFactory, VolunteerFactory

LOGIN = "/accounts/login/"


def _login(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- django-axes --------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_that_identifier_from_that_address_only(volunteer_user):
    client = Client()
    for _ in range(4):
        response = _login(client, "bob", "wrong-password")
        assert response.status_code == 200
    assert _login(client, "bob", "wrong-password").status_code == 429  # the fifth locks
    locked = _login(client, "bob", "pass-for-tests-1")
    assert locked.status_code == 429
    assert "ログインを一時的に止めています" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same person from another address, and another person from the same address, still log in.
    assert _login(Client(), "bob", "pass-for-tests-1", address="10.0.0.2").status_code == 302


def test_a_lockout_does_not_lock_others_from_the_same_address(volunteer_user, other_volunteer_user):
    client = Client()
    for _ in range(5):
        _login(client, "bob", "wrong-password")
    assert _login(Client(), "charlie", "pass-for-tests-1").status_code == 302


def test_staff_unlock_in_the_admin(volunteer_user, staff):
    for _ in range(5):
        _login(Client(), "bob", "wrong-password")
    assert _login(Client(), "bob", "pass-for-tests-1").status_code == 429
    attempt = AccessAttempt.objects.get(username="bob")
    admin = Client()
    admin.force_login(staff)
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _login(Client(), "bob", "pass-for-tests-1").status_code == 302


def test_a_successful_login_resets_the_count(volunteer_user):
    for _ in range(4):
        _login(Client(), "bob", "wrong-password")
    assert _login(Client(), "bob", "pass-for-tests-1").status_code == 302
    for _ in range(4):
        _login(Client(), "bob", "wrong-password")
    assert _login(Client(), "bob", "pass-for-tests-1").status_code == 302


# --- passwords and sessions -----------------------------------------------------------------------------


def test_password_rules_answer_in_japanese(client, volunteer_user):
    client.force_login(volunteer_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pass-for-tests-1", "new_password1": "12345678", "new_password2": "12345678"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "短すぎます" in text
    assert "数字しか使われていません" in text


def test_a_password_change_logs_out_every_other_session(volunteer_user):
    here, elsewhere = Client(), Client()
    here.force_login(volunteer_user)
    elsewhere.force_login(volunteer_user)
    assert elsewhere.get(reverse("volunteers:mypage")).status_code == 200
    response = here.post(
        reverse("password_change"),
        {
            "old_password": "pass-for-tests-1",
            "new_password1": "Kikyu-kun-no-sora-2026",
            "new_password2": "Kikyu-kun-no-sora-2026",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("volunteers:mypage")).status_code == 200
    assert elsewhere.get(reverse("volunteers:mypage")).url.startswith(LOGIN)


def test_staff_sessions_expire_after_two_idle_hours_volunteers_keep_the_default(
    client, staff, volunteer_user
):
    client.force_login(staff)
    client.get(reverse("volunteers:staff_home"))
    assert client.session.get_expiry_age() == 2 * 60 * 60
    other = Client()
    other.force_login(volunteer_user)
    other.get(reverse("volunteers:mypage"))
    assert other.session.get_expiry_age() == 60 * 60 * 24 * 14


# --- exports of personal data ---------------------------------------------------------------------------


def test_a_staff_member_without_the_export_role_cannot_download_rosters(client, staff_without_exports):
    VolunteerFactory(registered=True)
    client.force_login(staff_without_exports)
    assert client.get(reverse("volunteers:staff_volunteers")).status_code == 200
    assert client.get(reverse("volunteers:staff_volunteers"), {"export": "csv"}).status_code == 403
    assert client.get(reverse("volunteers:staff_groups"), {"export": "xlsx"}).status_code == 403
    assert not ExportLog.objects.exists()


def test_every_download_is_logged_who_what_when_rows(client, staff):
    VolunteerFactory.create_batch(3, registered=True)
    client.force_login(staff)
    before = timezone.now()
    response = client.get(
        reverse("volunteers:staff_volunteers"), {"export": "csv", "columns": ["name", "phone"]}
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    log = ExportLog.objects.get()
    assert log.actor == staff
    assert log.what == "ボランティア名簿"
    assert log.fmt == "csv"
    assert log.rows == 3
    assert log.columns == ["name", "phone"]
    assert log.at >= before
    assert "export=csv" in log.path


def test_the_export_log_is_for_administrators(client, staff, django_user_model):
    ExportLog.objects.create(actor=staff, what="ボランティア名簿", fmt="csv", rows=3)
    client.force_login(staff)
    assert client.get(reverse("admin:core_exportlog_changelist")).status_code == 403
    boss = django_user_model.objects.create_superuser("boss", "boss@example.jp", "pass-for-tests-1")
    client.force_login(boss)
    response = client.get(reverse("admin:core_exportlog_changelist"))
    assert response.status_code == 200
    assert "ボランティア名簿" in response.content.decode()


# --- safe redirects (`next`) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/mypage/", "/mypage/"),
        ("/rooms/?date=2026-01-05#week", "/rooms/?date=2026-01-05#week"),
        ("foo", "/default/"),  # a view name to redirect(): the scan's 500
        ("volunteers:mypage", "/default/"),
        ("//evil.example/", "/default/"),
        ("https://evil.example/", "/default/"),
        ("/\\evil.example", "/default/"),
        ("javascript:alert(1)", "/default/"),
        ("/mypage/\x00", "/default/"),
        ("", "/default/"),
    ],
)
def test_safe_next_keeps_paths_on_this_site_only(given, expected):
    request = RequestFactory().post("/", {"next": given})
    assert safe_next(request, "/default/") == expected


def test_an_introduction_answer_with_a_bad_next_goes_to_my_introductions(client, base_data, volunteer_user):
    volunteer = registered_volunteer(volunteer_user)
    introduction = IntroductionFactory(volunteer=volunteer)
    client.force_login(volunteer_user)
    url = reverse("volunteers:introduction_answer", args=[introduction.pk])
    for bad in ("foo", "https://evil.example/", "//evil.example/"):
        response = client.post(url, {"answer": "decline", "next": bad})
        assert response.status_code == 302
        assert response.url == reverse("volunteers:my_introductions")


def test_text_size_follows_only_local_paths(client, base_data):
    assert client.get("/text-size/large/", {"next": "/about/"}).url == "/about/"
    assert client.get("/text-size/large/", {"next": "about"}).url == "/"
    assert client.get("/text-size/large/", {"next": "https://evil.example/"}).url == "/"


# --- search input ----------------------------------------------------------------------------------------


def test_the_search_cleaner_drops_control_characters_and_nul():
    assert clean_query("山田\x00太郎\x1b") == "山田太郎"
    assert clean_query("  ｙａｍａ  ") == "yama"
    assert clean_query("あ" * 80) == "あ" * 50
    assert clean_query(None) == ""


@pytest.mark.parametrize(
    "url_name",
    [
        "volunteers:consultation_create",
        "volunteers:staff_enrolment_new",
        "volunteers:staff_roster_new",
        "volunteers:staff_event_new",
        "volunteers:staff_volunteers",
        "volunteers:staff_groups",
        "volunteers:consultation_list",
        "volunteers:request_list",
        "volunteers:staff_enrolments",
        "volunteers:staff_events",
    ],
)
def test_a_nul_byte_in_a_search_box_is_no_500(client, staff, url_name):
    client.force_login(staff)
    response = client.get(reverse(url_name), {"q": "山田\x00", "area": "\x00"})
    assert response.status_code == 200


# --- public calendars and robots.txt ---------------------------------------------------------------------


def test_public_calendar_answers_a_year_back_to_the_booking_horizon(client, tanashi):
    from programs.models import BookingRules

    horizon = BookingRules.for_site(tanashi).max_days_ahead
    url = reverse("programs:public_calendar", args=["tanashi"])
    today = timezone.localdate()
    assert client.get(url).status_code == 200
    assert client.get(url, {"date": (today - datetime.timedelta(days=300)).isoformat()}).status_code == 200
    assert client.get(url, {"date": (today - datetime.timedelta(days=400)).isoformat()}).status_code == 404
    assert (
        client.get(url, {"date": (today + datetime.timedelta(days=horizon + 14)).isoformat()}).status_code
        == 404
    )
    last = client.get(url, {"date": (today + datetime.timedelta(days=horizon)).isoformat()})
    assert last.status_code == 200
    assert "次の週" not in last.content.decode()


def test_calendar_paging_links_are_nofollow(client, tanashi):
    text = client.get(reverse("programs:public_calendar", args=["tanashi"])).content.decode()
    assert 'rel="nofollow" href="?date=' in text
    assert text.count('rel="nofollow"') == 3


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_calendar_paging(client, base_data):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for line in ("Disallow: /staff/", "Disallow: /mypage/", "Disallow: /admin/", "Disallow: /*?date="):
        assert line in text


def test_the_text_size_cookie_is_http_only(client, base_data):
    """Found by the wapiti scan: no script needs to read it."""
    response = client.get("/text-size/large/", {"next": "/"})
    assert response.cookies["text_size"]["httponly"] is True
    assert response.cookies["text_size"]["samesite"] == "Lax"
