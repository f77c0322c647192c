"""The services about people: registration, approval with an account, status moves, profile changes, audit."""

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from config.core import roles
from config.core.models import AuditEntry
from volunteers.models import Notice, Volunteer
from volunteers.services.people import (
    PRIVACY_POLICY_VERSION,
    volunteer_approve,
    volunteer_register,
    volunteer_send_account_link,
    volunteer_set_status,
    volunteer_update,
)

from .factories import VolunteerFactory, activity_field

pytestmark = pytest.mark.django_db
SITE = "https://vc.example.jp/"


def data(**overrides):
    d = {
        "name": "保谷 次郎",
        "furigana": "ホウヤ ジロウ",
        "birth_date": datetime.date(1950, 1, 2),
        "gender": "male",
        "postal_code": "202-0013",
        "address": "西東京市中町1-5-1",
        "phone": "042-438-4000",
        "email": "jiro@example.jp",
        "skills": "",
        "availability": ["mon_am"],
        "availability_note": "",
        "heard_from": "",
    }
    d.update(overrides)
    return d


def test_register_keeps_the_search_keys_and_the_city_flag_in_step(base_data):
    v = volunteer_register(data=data(postal_code="176-0001", address="東京都練馬区練馬1-1"), activity_fields=[activity_field()])
    assert (v.name_key, v.furigana_key, v.lives_in_city) == ("保谷次郎", "ホウヤジロウ", False)
    assert v.status == "provisional" and v.consent_policy_version == PRIVACY_POLICY_VERSION
    assert Volunteer.objects.search("ほうや").get() == v


def test_approval_creates_an_account_and_emails_a_working_set_password_link(
    staff, django_capture_on_commit_callbacks
):
    v = volunteer_register(data=data(), activity_fields=[])
    with django_capture_on_commit_callbacks(execute=True):
        v = volunteer_approve(volunteer=v, by=staff, site_url=SITE)
    assert v.status == "registered" and v.registered_on == timezone.localdate() and v.approved_by == staff
    user = v.user
    assert user.username == f"v{v.pk:05d}" and not user.has_usable_password()
    assert roles.has_role(user, roles.VOLUNTEER) and user.email == "jiro@example.jp"
    assert user.last_name == "保谷" and user.first_name == "次郎"
    message = mail.outbox[0]
    assert message.to == ["jiro@example.jp"] and "ボランティア登録が完了しました" in message.subject
    uid, token = re.search(r"https://vc\.example\.jp/accounts/reset/([^/]+)/([^/]+)/", message.body).groups()
    assert force_str(urlsafe_base64_decode(uid)) == str(user.pk)
    assert default_token_generator.check_token(user, token)
    assert AuditEntry.objects.filter(action="volunteer.approve", target_id=v.pk).exists()
    assert AuditEntry.objects.filter(action="account.create", target_id=user.pk).exists()


def test_approval_of_someone_without_email_goes_on_the_staff_phone_list(
    staff, django_capture_on_commit_callbacks
):
    v = volunteer_register(data=data(email=""), activity_fields=[])
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_approve(volunteer=v, by=staff, site_url=SITE)
    assert not mail.outbox
    notice = Notice.objects.get(volunteer=v)
    assert notice.channel == Notice.Channel.MANUAL and notice.handled_at is None
    assert notice.kind == Notice.Kind.ACCOUNT_LETTER
    # The stored notice names the member number and asks for a letter; it holds no working secret.
    assert Volunteer.objects.get(pk=v.pk).user.username in notice.body and "/accounts/reset/" not in notice.body


def test_only_a_provisional_registration_can_be_approved(staff):
    v = VolunteerFactory(registered=True)
    with pytest.raises(ValidationError, match="仮登録の方だけ"):
        volunteer_approve(volunteer=v, by=staff, site_url=SITE)


def test_a_user_who_applied_while_logged_in_keeps_their_account(staff, group_rep_user):
    v = volunteer_register(data=data(), activity_fields=[], user=group_rep_user, by=group_rep_user)
    v = volunteer_approve(volunteer=v, by=staff, site_url=SITE)
    assert v.user == group_rep_user
    group_rep_user._role_names = None
    assert set(group_rep_user.groups.values_list("name", flat=True)) == {roles.GROUP_REP, roles.VOLUNTEER}


def test_the_set_password_link_can_be_sent_again(staff, django_capture_on_commit_callbacks):
    v = volunteer_approve(
        volunteer=volunteer_register(data=data(), activity_fields=[]), by=staff, site_url=SITE
    )
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_send_account_link(volunteer=v, by=staff, site_url=SITE)
    assert "パスワード設定のご案内" in mail.outbox[-1].subject
    with pytest.raises(ValidationError):
        volunteer_send_account_link(volunteer=VolunteerFactory(), by=staff, site_url=SITE)


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("registered", "suspended", True),
        ("suspended", "registered", True),
        ("registered", "withdrawn", True),
        ("withdrawn", "registered", True),
        ("provisional", "withdrawn", True),
        ("provisional", "registered", False),
        ("provisional", "suspended", False),
        ("withdrawn", "suspended", False),
        ("registered", "provisional", False),
    ],
)
def test_status_moves(staff, start, to, allowed):
    v = VolunteerFactory(
        status=start,
        registered_on=None if start == "provisional" else datetime.date(2024, 5, 1),
        withdrawn_on=datetime.date(2025, 1, 1) if start == "withdrawn" else None,
    )
    if allowed:
        v = volunteer_set_status(volunteer=v, status=to, by=staff)
        assert v.status == to
        assert (v.withdrawn_on is not None) == (to == "withdrawn")
        assert AuditEntry.objects.filter(action="volunteer.status", target_id=v.pk).exists()
    else:
        with pytest.raises(ValidationError, match="には変更できません"):
            volunteer_set_status(volunteer=v, status=to, by=staff)


def test_withdrawal_closes_the_account_and_reinstatement_opens_it(staff, volunteer_user):
    v = VolunteerFactory(registered=True, user=volunteer_user)
    volunteer_set_status(volunteer=v, status="withdrawn", by=volunteer_user)
    volunteer_user.refresh_from_db()
    assert not volunteer_user.is_active
    volunteer_set_status(volunteer=v, status="registered", by=staff)
    volunteer_user.refresh_from_db()
    assert volunteer_user.is_active


def test_update_records_what_changed_and_keeps_the_account_email_in_step(volunteer_user):
    v = VolunteerFactory(registered=True, user=volunteer_user)
    field = activity_field("braille", "点字")
    volunteer_update(
        volunteer=v,
        data=data(name="保谷 次郎", email="new@example.jp"),
        activity_fields=[field],
        by=volunteer_user,
    )
    v.refresh_from_db()
    volunteer_user.refresh_from_db()
    assert v.name_key == "保谷次郎" and v.furigana_key == "ホウヤジロウ"
    assert volunteer_user.email == "new@example.jp"
    entry = AuditEntry.objects.get(action="volunteer.update", target_id=v.pk)
    assert entry.actor == volunteer_user
    assert entry.changes["email"][1] == "new@example.jp" and entry.changes["activity_fields"] == [
        [],
        ["点字"],
    ]


def test_an_update_that_changes_nothing_records_nothing(volunteer_user):
    v = volunteer_register(data=data(), activity_fields=[])
    volunteer_update(volunteer=v, data=data(), activity_fields=[], by=volunteer_user)
    assert not AuditEntry.objects.filter(action="volunteer.update").exists()


def test_a_withdrawn_volunteer_needs_a_withdrawal_date_in_the_database(base_data):
    v = VolunteerFactory.build(status="withdrawn", withdrawn_on=None)
    with pytest.raises(ValidationError, match="退会日が必要"):
        v.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerFactory(status="withdrawn", withdrawn_on=None)


def test_a_registered_volunteer_needs_a_registration_date_in_the_database(base_data):
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerFactory(status="registered", registered_on=None)


def test_possible_duplicates_are_found_by_name_and_birth_date_email_or_phone(base_data):
    first = VolunteerFactory(
        name="西東京 花子", name_key="西東京花子", email="a@example.jp", phone="042-000-0001"
    )
    same_name = VolunteerFactory.build(name_key="西東京花子", birth_date=first.birth_date, email="", phone="")
    same_email = VolunteerFactory.build(name_key="別人", email="A@example.jp", phone="")
    same_phone = VolunteerFactory.build(name_key="別人", email="", phone="042-000-0001")
    stranger = VolunteerFactory.build(name_key="別人", email="z@example.jp", phone="042-999-9999")
    for candidate in (same_name, same_email, same_phone):
        assert list(Volunteer.objects.possible_duplicates_of(candidate)) == [first]
    assert not Volunteer.objects.possible_duplicates_of(stranger).exists()
