"""Each role sees its own pages; anonymous visitors only the public ones."""

import pytest
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import RequestFactory

from config.core import roles

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_four_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {"職員", "運営委員", "ボランティア", "団体代表者"}


def test_staff_role_is_granted_the_centers_model_permissions():
    staff = Group.objects.get(name=roles.STAFF)
    assert staff.permissions.filter(content_type__app_label="core", codename="change_site").exists()
    assert not staff.permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.parametrize("path", ["/", "/about/", "/access/", "/accessibility/", "/accounts/login/", "/accounts/password_reset/"])
def test_public_pages_answer_anonymous_visitors_in_japanese(anonymous, base_data, path, django_assert_max_num_queries):
    # The top page also lists upcoming events and the latest news (programs' home box): one query each;
    # and the 夏！体験 notice reads the current campaign (one query).
    with django_assert_max_num_queries(6 if path == "/" else 3):
        response = anonymous.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ja"' in body
    assert "西東京ボランティア・市民活動センター" in body
    assert "042-466-3070" in body


def test_top_page_describes_the_three_approaches(anonymous, base_data):
    body = anonymous.get("/").content.decode()
    for word in ("つなげる", "いかす", "うみだす"):
        assert word in body


def test_footer_shows_hours_from_the_data(anonymous, tanashi):
    body = anonymous.get("/").content.decode()
    assert "月〜土曜日 8:30〜17:00（日曜・祝日・年末年始を除く）" in body
    assert "042-466-3555" in body


def test_admin_is_for_staff_only(client, staff, committee_member, volunteer_user, group_rep_user):
    assert client.get("/admin/").status_code == 302
    for user in (committee_member, volunteer_user, group_rep_user):
        client.force_login(user)
        assert client.get("/admin/").status_code == 302, user
        assert "管理画面" not in client.get("/").content.decode()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/site/").status_code == 200
    assert "管理画面" in client.get("/").content.decode()


def test_capabilities_per_role(staff, committee_member, volunteer_user, group_rep_user):
    assert roles.can(staff, "personal_data")
    assert not roles.can(committee_member, "personal_data")
    assert roles.can(committee_member, "plan_progress")
    assert roles.can(volunteer_user, "my_page") and not roles.can(volunteer_user, "plan_progress")
    assert roles.can(group_rep_user, "group_pages") and not roles.can(volunteer_user, "group_pages")


def test_capability_required_sends_anonymous_to_login_and_refuses_others(rf: RequestFactory, volunteer_user, staff):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    view = roles.capability_required("staff_pages")(lambda request: HttpResponse("ok"))
    request = rf.get("/staff/")
    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = volunteer_user
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = staff
    assert view(request).content == b"ok"


def test_an_inactive_user_has_no_role(staff):
    staff.is_active = False
    assert roles.roles_of(staff) == frozenset()


def test_text_size_is_remembered_and_refuses_foreign_redirects(client, base_data):
    response = client.get("/text-size/large/?next=/about/")
    assert response.status_code == 302 and response["Location"] == "/about/"
    assert response.cookies["text_size"].value == "large"
    assert 'class="text-size-large"' in client.get("/").content.decode()
    assert client.get("/text-size/large/?next=https://evil.example/")["Location"] == "/"
    assert "text_size" not in client.get("/text-size/huge/").cookies


def test_password_reset_sends_a_japanese_email(client, volunteer_user, mailoutbox):
    client.post("/accounts/password_reset/", {"email": volunteer_user.email})
    assert len(mailoutbox) == 1
    assert "パスワードの設定" in mailoutbox[0].subject
    assert "/accounts/reset/" in mailoutbox[0].body


def test_login_logout_and_password_change(client, volunteer_user):
    response = client.post("/accounts/login/", {"username": "bob", "password": "pass-for-tests-1"})
    assert response.status_code == 302
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "pass-for-tests-1", "new_password1": "kiKyu-kun-2026!", "new_password2": "kiKyu-kun-2026!"},
    )
    assert response.status_code == 302
    client.post("/accounts/logout/")
    assert client.login(username="bob", password="kiKyu-kun-2026!")


def test_pages_stay_japanese_whatever_the_browser_language(client, base_data):
    response = client.post("/accounts/login/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert "パスワードを入力してください。" in body
    assert "This field is required" not in body
    assert "<title>ログイン｜西東京ボランティア・市民活動センター</title>" in body
