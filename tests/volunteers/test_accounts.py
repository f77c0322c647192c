"""Accounts for everyone: no secret in stored messages, a posted one-time code, login by what people know."""

import importlib
import re
import threading

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.db import connection
from django.urls import reverse

from config.core import roles
from config.core.models import AuditEntry
from volunteers.models import LoginCode, Notice, Volunteer
from volunteers.services.accounts import MAX_FAILED_ATTEMPTS, login_code_issue, login_code_redeem
from volunteers.services.groups import group_registration_approve
from volunteers.services.people import volunteer_approve, volunteer_register

from .factories import GroupRegistrationFactory, VolunteerGroupFactory
from .test_people_pages import valid_form
from .test_people_services import SITE, data

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "kibou-no-hikari-2026"


def approved(staff, **overrides) -> Volunteer:
    v = volunteer_register(data=data(**overrides), activity_fields=[])
    return volunteer_approve(volunteer=v, by=staff, site_url=SITE)


def print_letter(client, volunteer) -> str:
    """Staff press 「ログインのご案内を印刷する」 and read the code off the letter."""
    response = client.post(reverse("volunteers:staff_volunteer_letter", args=[volunteer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return re.search(r'data-testid="login-code">(\d{4} \d{4})<', html).group(1)


def test_the_stored_notice_never_holds_the_set_password_link_that_the_email_carries(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        v = approved(staff)
    notice = Notice.objects.get(volunteer=v, subject="ボランティア登録が完了しました")
    assert "/accounts/reset/" in mail.outbox[-1].body
    assert "/accounts/reset/" not in notice.body and "記録には残していません" in notice.body
    assert v.user.username in notice.body


def test_the_staff_home_and_the_admin_show_no_working_link(client, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved(staff, email="")
        approved(staff, name="田無 花子", furigana="タナシ ハナコ", phone="042-461-0001", birth_date=None)
    client.force_login(staff)
    pages = [reverse("volunteers:staff_home"), reverse("admin:volunteers_notice_changelist")]
    pages += [reverse("admin:volunteers_notice_change", args=[n.pk]) for n in Notice.objects.all()]
    for url in pages:
        html = client.get(url).content.decode()
        assert "/accounts/reset/" not in html, url
    assert "ログインのご案内を印刷する" in client.get(reverse("volunteers:staff_home")).content.decode()


def test_a_letter_carries_a_code_that_only_its_hash_is_stored_for_and_printing_is_logged(client, staff):
    v = approved(staff, email="")
    client.force_login(staff)
    response = client.post(reverse("volunteers:staff_volunteer_letter", args=[v.pk]))
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    code = re.search(r'data-testid="login-code">(\d{4} \d{4})<', html).group(1).replace(" ", "")
    assert v.user.username in html and v.address in html
    record = LoginCode.objects.get(user=v.user)
    assert code not in record.code_hash and check_password(code, record.code_hash)
    assert (record.expires_at - record.created_at).days >= 28  # weeks, for the post and a visit
    entry = AuditEntry.objects.get(action="account.letter_print", target_id=v.user.pk)
    assert entry.actor == staff and code not in str(entry.changes)
    assert not Notice.objects.filter(body__contains=code).exists()


def test_printing_a_new_letter_revokes_the_old_code(client, staff):
    v = approved(staff, email="")
    client.force_login(staff)
    first = print_letter(client, v)
    second = print_letter(client, v)
    assert first != second or LoginCode.objects.filter(user=v.user).count() == 2
    client.logout()
    response = client.post(
        reverse("volunteers:first_login"),
        {
            "identifier": v.user.username,
            "code": first,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert "案内状のコードが違います" in response.content.decode()
    assert LoginCode.objects.live().filter(user=v.user).count() == 1


def test_the_letter_is_for_staff_only_and_only_by_post(client, staff, volunteer_user):
    v = approved(staff, email="")
    url = reverse("volunteers:staff_volunteer_letter", args=[v.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 405
    client.force_login(volunteer_user)
    assert client.post(url).status_code == 403
    assert not LoginCode.objects.exists()


def test_first_login_with_member_number_and_code_sets_the_password_and_lands_on_the_my_page(client, staff):
    v = approved(staff, email="")
    client.force_login(staff)
    code = print_letter(client, v)
    client.logout()
    response = client.post(
        reverse("volunteers:first_login"),
        {
            "identifier": v.user.username.upper(),
            "code": code.replace(" ", "-"),
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("volunteers:mypage")
    assert "パスワードを設定しました" in response.content.decode()
    v.user.refresh_from_db()
    assert v.user.check_password(NEW_PASSWORD)
    assert LoginCode.objects.get(user=v.user).used_at is not None
    # One use only.
    client.logout()
    again = client.post(
        reverse("volunteers:first_login"),
        {
            "identifier": v.user.username,
            "code": code,
            "new_password1": "x" + NEW_PASSWORD,
            "new_password2": "x" + NEW_PASSWORD,
        },
    )
    assert "案内状のコードが違います" in again.content.decode()


def test_a_weak_password_keeps_the_code_for_another_try(client, staff):
    v = approved(staff, email="")
    client.force_login(staff)
    code = print_letter(client, v)
    client.logout()
    response = client.post(
        reverse("volunteers:first_login"),
        {"identifier": v.user.username, "code": code, "new_password1": "1234", "new_password2": "1234"},
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert LoginCode.objects.live().filter(user=v.user).exists()


def test_wrong_codes_run_out_and_then_even_the_right_code_is_refused(staff):
    v = approved(staff, email="")
    code, _record = login_code_issue(user=v.user, by=staff)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(Exception, match="案内状のコードが違います"):
            login_code_redeem(identifier=v.user.username, code=wrong, password=NEW_PASSWORD)
    with pytest.raises(Exception, match="使えなくなりました"):
        login_code_redeem(identifier=v.user.username, code=wrong, password=NEW_PASSWORD)
    with pytest.raises(Exception, match="案内状のコードが違います"):
        login_code_redeem(identifier=v.user.username, code=code, password=NEW_PASSWORD)
    v.user.refresh_from_db()
    assert not v.user.has_usable_password()


def test_the_phone_number_works_as_the_identifier_even_when_a_household_shares_it(staff):
    v1 = approved(staff, email="")
    v2 = approved(staff, email="", name="保谷 花子", furigana="ホウヤ ハナコ", birth_date=None)
    assert v1.phone == v2.phone
    code2, _r = login_code_issue(user=v2.user, by=staff)
    login_code_issue(user=v1.user, by=staff)
    user = login_code_redeem(identifier="０４２（４３８）４０００", code=code2, password=NEW_PASSWORD)
    assert user == v2.user
    # Household member 1's letter is untouched by 2's success.
    assert LoginCode.objects.get(user=v1.user, used_at__isnull=True).failed_attempts == 0


@pytest.mark.parametrize(
    "identifier",
    ["v{pk:05d}", "V{pk:05d}", "jiro@example.jp", "JIRO@example.jp", "042-438-4000", "0424384000"],
)
def test_login_by_member_number_email_or_phone(client, staff, identifier):
    v = approved(staff)
    v.user.set_password(NEW_PASSWORD)
    v.user.save()
    response = client.post(
        reverse("login"), {"username": identifier.format(pk=v.pk), "password": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("volunteers:mypage")
    assert int(client.session["_auth_user_id"]) == v.user.pk


def test_a_wrong_password_gets_one_polite_message(client, staff):
    v = approved(staff)
    response = client.post(reverse("login"), {"username": v.user.username, "password": "wrong"})
    assert "パスワードが違います" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("staff", "volunteers:staff_home"),
        ("volunteer_user", "volunteers:mypage"),
        ("group_rep_user", "volunteers:mypage"),
        ("committee_member", "committees:members_home"),
    ],
)
def test_each_role_lands_where_its_work_is(client, request, who, landing):
    user = request.getfixturevalue(who)
    response = client.post(reverse("login"), {"username": user.username, "password": "pass-for-tests-1"})
    assert response.status_code == 302 and response["Location"] == reverse("core:landing")
    assert client.get(reverse("core:landing"))["Location"] == reverse(landing)


def test_the_login_page_still_honours_next(client, volunteer_user):
    response = client.post(
        reverse("login") + "?next=/mypage/profile/",
        {"username": "bob", "password": "pass-for-tests-1", "next": "/mypage/profile/"},
    )
    assert response["Location"] == "/mypage/profile/"


def test_a_group_representative_without_email_gets_a_letter_to_print(client, staff):
    group = VolunteerGroupFactory(contact_email="")
    registration = GroupRegistrationFactory(group=group, status="applied")
    group_registration_approve(registration=registration, by=staff, site_url=SITE)
    notice = Notice.objects.get(group=group)
    assert notice.kind == Notice.Kind.ACCOUNT_LETTER and "/accounts/reset/" not in notice.body
    group.refresh_from_db()
    client.force_login(staff)
    html = client.post(reverse("volunteers:staff_group_letter", args=[group.pk])).content.decode()
    assert group.representative.username in html and group.representative_name in html
    assert roles.has_role(group.representative, roles.GROUP_REP)


def test_a_household_sharing_a_phone_can_both_register_online(client, base_data):
    volunteer_register(data=data(), activity_fields=[])
    form = valid_form(
        name="保谷 花子", furigana="ほうや はなこ", phone="042-438-4000", email="hanako@example.jp"
    )
    assert client.post(reverse("volunteers:register"), form).status_code == 302
    assert Volunteer.objects.count() == 2


def test_registering_twice_creates_nothing_and_says_so_kindly(
    client, base_data, django_capture_on_commit_callbacks
):
    form = valid_form(name="保谷　次郎", furigana="ほうや じろう", birth_date="1950-01-02")
    v = volunteer_register(data=data(), activity_fields=[])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:register"), {**form, "email": "other@example.jp"})
    html = response.content.decode()
    assert response.status_code == 200 and "以前のお申込みを受け付けています" in html, html[:3000]
    assert Volunteer.objects.count() == 1
    assert mail.outbox[-1].to == [v.email] and "もう一度いただきました" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="volunteer.register_repeat", target_id=v.pk).exists()


def test_a_new_registration_is_acknowledged_by_email(client, base_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_register(data=data(), activity_fields=[])
    assert mail.outbox[-1].to == ["jiro@example.jp"] and "受け付けました" in mail.outbox[-1].subject


def test_the_migration_scrubs_links_that_earlier_code_stored(staff):
    v = approved(staff, email="")
    Notice.objects.filter(volunteer=v).update(
        body="次のリンクから設定してください。\nhttps://vc.example.jp/accounts/reset/MTA/abc-123/\n",
        kind="message",
    )
    migration = importlib.import_module("volunteers.migrations.0005_accounts_login_codes")
    migration.scrub_stored_links(django_apps, None)
    notice = Notice.objects.get(volunteer=v)
    assert "/accounts/reset/" not in notice.body and notice.kind == Notice.Kind.ACCOUNT_LETTER


@pytest.mark.django_db(transaction=True)
def test_one_code_logs_in_once_even_when_two_tabs_submit_at_once(base_data, staff):
    v = approved(staff, email="")
    code, _r = login_code_issue(user=v.user, by=staff)
    results, barrier = [], threading.Barrier(2)

    def redeem(password):
        barrier.wait()
        try:
            login_code_redeem(identifier=v.user.username, code=code, password=password)
            results.append(password)
        except Exception:
            results.append(None)
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(p,)) for p in (NEW_PASSWORD, "x" + NEW_PASSWORD)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r]
    assert len(winners) == 1
    v.user.refresh_from_db()
    assert v.user.check_password(winners[0])


def test_the_my_page_greets_the_person_by_name(client, group_rep_user):
    client.force_login(group_rep_user)
    # The name is marked data-no-ruby: the ふりがな switch never guesses a reading for a person's name.
    assert "団体 代表</span> さん、こんにちは。" in client.get(reverse("volunteers:mypage")).content.decode()


def test_the_login_code_admin_is_read_only_and_shows_no_hash(admin_client, staff):
    v = approved(staff, email="")
    _code, record = login_code_issue(user=v.user, by=staff)
    html = admin_client.get(reverse("admin:volunteers_logincode_changelist")).content.decode()
    assert v.user.username in html and record.code_hash not in html
    assert admin_client.get(reverse("admin:volunteers_logincode_add")).status_code == 403


def test_the_login_and_first_login_forms_speak_in_the_one_voice(client, base_data):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert (
        "会員番号・メールアドレス・電話番号を入力してください。" in html
        and "入力内容を確認してください" in html
    )
    html = client.post(reverse("volunteers:first_login"), {"identifier": "v00001"}).content.decode()
    assert (
        "案内状のコード（8けたの数字）を入力してください。" in html and "このフィールドは必須です" not in html
    )
