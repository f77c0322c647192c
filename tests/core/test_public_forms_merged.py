"""The public forms main gained beside the privacy branch (傍聴, 夏！体験 application, school request) take the
same rate limit and honeypot as the others (config.core.public_forms)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from committees.models import Observation
from programs.models import SchoolRequest, SummerApplication
from tests.committees.factories import make_meeting
from tests.programs.summer_factories import make_campaign

pytestmark = pytest.mark.django_db

OBSERVER = {
    "name": "西東 京子",
    "furigana": "さいとう きょうこ",
    "email": "",
    "phone": "042-466-3070",
    "people": "1",
    "consent": "on",
}


def _urls():
    make_campaign(phase="open")
    return [
        reverse("committees:observe", args=[make_meeting().pk]),
        reverse("programs:summer_apply"),
        reverse("programs:school_request_new"),
    ]


def test_the_new_public_forms_carry_the_hidden_honeypot(client, base_data):
    for url in _urls():
        body = client.get(url).content.decode()
        assert 'name="website"' in body and 'tabindex="-1"' in body, url
        assert "この欄は空のままにしてください" in body, url


def test_a_robot_filling_the_honeypot_saves_nothing(client, base_data):
    urls = _urls()
    for url in urls:
        response = client.post(url, {**OBSERVER, "website": "http://spam.example/"})
        assert response.status_code in (200, 400), url
        assert "送信できませんでした。" in response.content.decode(), url
    assert not Observation.objects.exists()
    assert not SummerApplication.objects.exists() and not SchoolRequest.objects.exists()
    # The same 傍聴 without the robot's field goes through.
    assert client.post(urls[0], OBSERVER).status_code == 302


@override_settings(PUBLIC_FORM_LIMIT=1)
def test_a_flood_of_posts_is_refused_on_the_new_forms(client, base_data):
    for url in _urls():
        assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
        assert client.post(url, {}, REMOTE_ADDR="203.0.113.9").status_code in (200, 400), url
        assert client.post(url, {}, REMOTE_ADDR="203.0.113.9").status_code == 429, url
        assert client.post(url, {}, REMOTE_ADDR="198.51.100.7").status_code in (200, 400), url
