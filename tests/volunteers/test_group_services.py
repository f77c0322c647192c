"""The services about groups: registration per fiscal year, renewal, approval with a representative account."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from config.core import roles
from config.core.dates import current_fiscal_year
from config.core.models import AuditEntry
from volunteers.models import GroupRegistration, Notice, VolunteerGroup
from volunteers.services.groups import (
    group_register,
    group_registration_approve,
    group_registration_reject,
    group_renew,
)

from .factories import GroupRegistrationFactory, VolunteerGroupFactory, activity_field, registered_group

pytestmark = pytest.mark.django_db
SITE = "https://vc.example.jp/"


def data(**overrides):
    d = {
        "name": "西東京ひばりの会",
        "name_kana": "ニシトウキョウ ヒバリノカイ",
        "representative_name": "田無 太郎",
        "contact_name": "田無 花子",
        "contact_phone": "042-466-3070",
        "contact_email": "hibari@example.jp",
        "contact_postal_code": "188-0011",
        "contact_address": "西東京市田無町5-5-12",
        "members_count": 15,
        "activity_area": "ひばりが丘",
        "meeting_place": "福祉会館",
        "meeting_days": "水曜日",
        "description": "",
        "listed_publicly": True,
    }
    d.update(overrides)
    return d


def test_a_new_group_applies_for_this_fiscal_year(base_data):
    reg = group_register(
        data=data(), activity_fields=[activity_field()], fiscal_year=current_fiscal_year(), by=None
    )
    assert reg.status == "applied" and reg.members_count == 15
    assert reg.group.name_kana_key == "ニシトウキョウヒバリノカイ" and reg.group.consent_at
    assert not VolunteerGroup.objects.registered_for(current_fiscal_year()).exists()
    assert AuditEntry.objects.filter(action="group.register", target_id=reg.group.pk).exists()


def test_approval_registers_the_group_and_gives_the_representative_an_account(
    staff, django_capture_on_commit_callbacks
):
    reg = group_register(data=data(), activity_fields=[], fiscal_year=current_fiscal_year(), by=None)
    with django_capture_on_commit_callbacks(execute=True):
        group_registration_approve(registration=reg, by=staff, site_url=SITE)
    group = VolunteerGroup.objects.get()
    assert list(VolunteerGroup.objects.registered_for(current_fiscal_year())) == [group]
    rep = group.representative
    assert rep.username == f"g{group.pk:05d}" and roles.has_role(rep, roles.GROUP_REP)
    assert mail.outbox[0].to == ["hibari@example.jp"] and "/accounts/reset/" in mail.outbox[0].body


def test_a_group_without_email_is_told_by_phone_or_post(staff):
    reg = group_register(
        data=data(contact_email=""), activity_fields=[], fiscal_year=current_fiscal_year(), by=staff
    )
    group_registration_approve(registration=reg, by=staff, site_url=SITE)
    assert Notice.objects.get(group=reg.group).channel == Notice.Channel.MANUAL


def test_an_existing_representative_keeps_their_account_on_renewal(staff, group_rep_user):
    group = VolunteerGroupFactory(representative=group_rep_user)
    reg = GroupRegistrationFactory(group=group, status="applied")
    group_registration_approve(registration=reg, by=staff, site_url=SITE)
    group.refresh_from_db()
    assert group.representative == group_rep_user
    with pytest.raises(ValidationError, match="申請中の登録だけ"):
        group_registration_approve(registration=reg, by=staff, site_url=SITE)


def test_renewal_updates_the_details_and_applies_once_per_year(group_rep_user):
    fy = current_fiscal_year()
    group = registered_group(fiscal_year=fy - 1, representative=group_rep_user)
    reg = group_renew(
        group=group,
        data=data(name=group.name, members_count=20),
        activity_fields=[],
        fiscal_year=fy,
        by=group_rep_user,
    )
    assert reg.fiscal_year == fy and reg.status == "applied" and reg.members_count == 20
    with pytest.raises(ValidationError):
        group_renew(
            group=group, data=data(name=group.name), activity_fields=[], fiscal_year=fy, by=group_rep_user
        )
    assert GroupRegistration.objects.filter(group=group).count() == 2


def test_one_registration_per_group_and_year_in_the_database(base_data):
    reg = GroupRegistrationFactory()
    dup = GroupRegistration(group=reg.group, fiscal_year=reg.fiscal_year, members_count=3)
    with pytest.raises(ValidationError, match="すでにあります"):
        dup.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupRegistration.objects.create(group=reg.group, fiscal_year=reg.fiscal_year, members_count=3)


def test_members_count_must_be_positive_in_the_database(base_data):
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerGroupFactory(members_count=0)


def test_rejection_needs_a_reason_and_tells_the_group(staff):
    reg = GroupRegistrationFactory(status="applied")
    with pytest.raises(ValidationError, match="理由"):
        group_registration_reject(registration=reg, by=staff, note=" ")
    group_registration_reject(registration=reg, by=staff, note="活動実態が確認できないため")
    reg.refresh_from_db()
    assert reg.status == "rejected" and reg.decided_by == staff
    assert "活動実態" in Notice.objects.get(group=reg.group).body
