"""Public forms: a flood from one address is refused politely (429) while others go on; robots filling the
honeypot are refused and nothing is saved; every public form records the policy version agreed to."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from config.core import privacy
from config.core.models import PublicFormSubmission
from config.core.public_forms import allow_submission
from programs.models import EventSignup
from tests.programs.event_factories import make_event
from volunteers.models import HelpRequest, Volunteer, VolunteerGroup

GUEST = {
    "name": "見学 花子",
    "furigana": "ケンガク ハナコ",
    "email": "",
    "phone": "042-466-3070",
    "people": "1",
    "consent": "on",
}


def _post(client, url, data, address):
    return client.post(url, data, REMOTE_ADDR=address)


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_LIMIT=3, PUBLIC_FORM_WINDOW_MINUTES=60)
def test_a_flood_from_one_address_is_refused_politely_and_others_go_on(client, base_data):
    event = make_event(title="傾聴講座", capacity=50)
    url = f"/events/{event.pk}/signup/"
    answers = [
        _post(
            client, url, GUEST | {"name": f"連投 {i}", "phone": f"042-466-{i:04d}"}, "203.0.113.9"
        ).status_code
        for i in range(5)
    ]
    assert answers == [302, 302, 302, 429, 429]
    refused = _post(client, url, GUEST | {"name": "連投 9", "phone": "042-466-0009"}, "203.0.113.9")
    body = refused.content.decode()
    assert "しばらくしてからお試しください" in body and "042-466-3070" in body
    # Someone else, from another address, signs up as usual.
    assert _post(client, url, GUEST | {"name": "別の 人"}, "198.51.100.7").status_code == 302
    assert EventSignup.objects.count() == 4
    # The address itself is never stored, only a keyed digest.
    assert not PublicFormSubmission.objects.filter(address_digest__contains="203.0.113").exists()


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_LIMIT=2)
def test_each_form_has_its_own_count_and_a_get_is_not_counted(client, base_data):
    for _ in range(5):
        assert client.get("/volunteers/register/", REMOTE_ADDR="203.0.113.9").status_code == 200
    assert _post(client, "/irai/", {}, "203.0.113.9").status_code == 200
    assert _post(client, "/irai/", {}, "203.0.113.9").status_code == 200
    assert _post(client, "/irai/", {}, "203.0.113.9").status_code == 429
    assert _post(client, "/groups/register/", {}, "203.0.113.9").status_code == 200
    assert _post(client, "/volunteers/register/", {}, "203.0.113.9").status_code == 200


@pytest.mark.django_db(transaction=True)
@override_settings(PUBLIC_FORM_LIMIT=5)
def test_simultaneous_posts_never_pass_the_limit(base_data):
    results = []

    def submit():
        try:
            results.append(allow_submission(form="flood", address="203.0.113.9"))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 5 and PublicFormSubmission.objects.filter(form="flood").count() == 5


REGISTRATION = {
    "name": "山田 花子",
    "furigana": "やまだ はなこ",
    "birth_date": "1980-04-01",
    "gender": "female",
    "postal_code": "188-0011",
    "address": "西東京市田無町5-5-12",
    "phone": "042-466-3070",
    "email": "hanako@example.jp",
    "availability": ["mon_am"],
    "consent": "on",
}


@pytest.mark.django_db
def test_a_filled_honeypot_refuses_the_registration_and_saves_nothing(client, base_data):
    response = client.post("/volunteers/register/", REGISTRATION | {"website": "http://spam.example/"})
    assert response.status_code == 200
    assert (
        "送信できませんでした。お手数ですが、センターへお電話でお申し込みください。"
        in response.content.decode()
    )
    assert not Volunteer.objects.exists()
    # The same form without the robot's field goes through, and the consent version is kept.
    assert client.post("/volunteers/register/", REGISTRATION).status_code == 302
    assert Volunteer.objects.get().consent_policy_version == privacy.CURRENT.version


@pytest.mark.django_db
def test_the_honeypot_is_on_every_public_form_and_hidden_from_people(client, base_data):
    event = make_event(title="傾聴講座")
    for url in ["/volunteers/register/", "/groups/register/", "/irai/", f"/events/{event.pk}/"]:
        body = client.get(url).content.decode()
        assert 'name="website"' in body and 'tabindex="-1"' in body, url
        assert "この欄は空のままにしてください" in body, url
    css = Path(settings.BASE_DIR, "static/css/site.css").read_text(encoding="utf-8")
    assert "#div_id_website" in css


@pytest.mark.django_db
def test_robots_filling_the_honeypot_get_nowhere_on_the_other_forms(client, base_data):
    for url in ["/groups/register/", "/irai/"]:
        response = client.post(url, {"website": "x"})
        assert response.status_code in (200, 400), url
        assert "送信できませんでした。" in response.content.decode(), url
    assert not VolunteerGroup.objects.exists() and not HelpRequest.objects.exists()


@pytest.mark.django_db
def test_the_privacy_policy_page_lists_its_versions(client, base_data):
    body = client.get("/privacy/").content.decode()
    assert privacy.CURRENT.version in body and "これまでの版" in body
    assert client.get(f"/privacy/{privacy.CURRENT.slug}/").status_code == 200
    assert client.get("/privacy/1999-01/").status_code == 404
