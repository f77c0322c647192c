"""Every public form that collects personal data records the privacy-policy version the person agreed to
(config.core.privacy: ConsentFormMixin, ConsentFields, record_consent) — 傍聴, school requests, summer
applications and a host's summer offer, like registration and event sign-ups — and the host offer takes the
public forms' rate limit and honeypot (config.core.public_forms)."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from committees.models import Observation
from config.core import privacy
from programs.models import SchoolRequest, SummerApplication, SummerProgram
from tests.committees.factories import make_meeting
from tests.programs.school_factories import themes
from tests.programs.summer_factories import make_campaign, make_program

pytestmark = pytest.mark.django_db

CONSENT_LABEL = "「個人情報の取扱いについて」を読み、同意します"
CONSENT_REQUIRED = "お申し込みには個人情報の取扱いへの同意が必要です。"
DAY = timezone.localdate() + datetime.timedelta(days=20)


def _offers_campaign():
    today = timezone.localdate()
    return make_campaign(
        offers_from=today - datetime.timedelta(days=3),
        offers_until=today + datetime.timedelta(days=3),
        apply_from=today + datetime.timedelta(days=4),
        apply_until=today + datetime.timedelta(days=20),
    )


def _observation():
    data = {
        "name": "西東 京子",
        "furigana": "さいとう きょうこ",
        "email": "",
        "phone": "042-466-3070",
        "people": "1",
    }
    return reverse("committees:observe", args=[make_meeting().pk]), data, Observation


def _school_request():
    data = {
        "kind": "lesson",
        "organisation": "西東京市立けやき小学校",
        "grade": "4年生",
        "pupils": "60",
        "theme": themes()["手話"].pk,
        "wishes": "",
        "place": "けやき小学校 多目的室",
        "contact_name": "田無 先生",
        "contact_phone": "042-461-0000",
        "contact_email": "",
        "date1": DAY.isoformat(),
        "start1": "10:45",
        "end1": "12:20",
    }
    return reverse("programs:school_request_new"), data, SchoolRequest


def _summer_application():
    campaign = make_campaign(phase="open")
    program = make_program(campaign, title="高齢者施設でお茶会")
    data = {
        "name": "西東京 さくら",
        "furigana": "にしとうきょう さくら",
        "birth_date": "2013-04-02",
        "school": "",
        "grade": "8",
        "email": "sakura@example.jp",
        "phone": "",
        "choice_1": str(program.pk),
        "guardian_name": "西東京 花子",
        "guardian_phone": "0424610000",
        "guardian_consent": "on",
        "note": "",
    }
    return reverse("programs:summer_apply"), data, SummerApplication


def _offer_data(campaign):
    return {
        "host_kind": "facility",
        "host_name": "特別養護老人ホーム けやき",
        "contact_name": "田無 花子",
        "contact_phone": "042-000-1111",
        "contact_email": "",
        "title": "夏祭りのお手伝い",
        "description": "利用者さんと一緒に夏祭りを楽しみます。",
        "place": "けやき 1階ホール",
        "grade_min": "4",
        "grade_max": "12",
        "bring": "",
        "contact": "042-000-1111（田無）",
        "day_1": campaign.activity_from.isoformat(),
        "start_1": "10:00",
        "end_1": "12:00",
        "slots_1": "4",
    }


def _summer_offer():
    return reverse("programs:summer_offer"), _offer_data(_offers_campaign()), SummerProgram


FORMS = {
    "observation": _observation,
    "school_request": _school_request,
    "summer_application": _summer_application,
    "summer_offer": _summer_offer,
}


@pytest.mark.parametrize("form", FORMS)
def test_the_form_shows_the_consent_box_with_the_policy_version_and_a_link(client, base_data, form):
    url, _, _ = FORMS[form]()
    body = client.get(url).content.decode()
    assert CONSENT_LABEL in body and 'name="consent"' in body
    assert privacy.CURRENT.version in body and reverse("volunteers:privacy_policy") in body


@pytest.mark.parametrize("form", FORMS)
def test_without_consent_nothing_is_stored_and_the_box_is_named(client, base_data, form):
    url, data, model = FORMS[form]()
    response = client.post(url, data)
    assert response.status_code in (200, 400)  # 傍聴 answers a refused form with 200, the others with 400
    assert CONSENT_REQUIRED in response.content.decode()
    assert not model.objects.exists()


@pytest.mark.parametrize("form", FORMS)
def test_the_consent_and_the_policy_version_are_stored_with_the_submission(client, base_data, form):
    url, data, model = FORMS[form]()
    before = timezone.now()
    response = client.post(url, {**data, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = model.objects.order_by("-pk").first()
    assert row.consent_policy_version == privacy.CURRENT.version
    assert row.consent_at is not None and row.consent_at >= before


def test_staff_entering_an_offer_for_a_host_record_no_consent_of_theirs(client, base_data, staff):
    campaign = _offers_campaign()
    client.force_login(staff)
    url = reverse("programs:staff_summer_offer", args=[campaign.pk])
    assert 'name="consent"' not in client.get(url).content.decode()
    assert client.post(url, _offer_data(campaign)).status_code == 302
    program = SummerProgram.objects.get()
    assert program.consent_at is None and program.consent_policy_version == ""


def test_the_host_offer_carries_the_honeypot_and_a_robot_filling_it_saves_nothing(client, base_data):
    url, data, _ = _summer_offer()
    body = client.get(url).content.decode()
    assert 'name="website"' in body and 'tabindex="-1"' in body
    response = client.post(url, {**data, "consent": "on", "website": "http://spam.example/"})
    assert response.status_code == 400 and "送信できませんでした。" in response.content.decode()
    assert not SummerProgram.objects.exists()
    assert client.post(url, {**data, "consent": "on"}).status_code == 302


@override_settings(PUBLIC_FORM_LIMIT=1)
def test_a_flood_of_host_offers_from_one_address_is_refused_without_harming_others(client, base_data):
    url, data, _ = _summer_offer()
    data = {**data, "consent": "on"}
    assert client.post(url, data, REMOTE_ADDR="203.0.113.9").status_code == 302
    response = client.post(url, {**data, "title": "二つ目"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert client.post(url, {**data, "title": "別の人"}, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert sorted(SummerProgram.objects.values_list("title", flat=True)) == ["別の人", "夏祭りのお手伝い"]
