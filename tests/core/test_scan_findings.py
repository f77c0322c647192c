"""What the wapiti scans as a volunteer and a group representative found (docs/security-scan.md), kept fixed."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

ACCOUNT_FORMS = ["login", "password_change", "password_reset"]


@pytest.mark.parametrize("name", ACCOUNT_FORMS)
def test_the_account_forms_answer_get_and_post_only(client, volunteer_user, name):
    # wapiti's `methods` module: 「Interesting methods allowed on /accounts/password_change/: PUT」.
    if name == "password_change":
        client.force_login(volunteer_user)
    url = reverse(name)
    allow = client.options(url)["Allow"]
    assert "PUT" not in allow and {"GET", "POST"} <= {m.strip() for m in allow.split(",")}
    assert client.put(url, "old_password=x").status_code == 405
    assert client.get(url).status_code in (200, 302)


def test_the_password_reset_link_form_answers_get_and_post_only(client, volunteer_user):
    uid = urlsafe_base64_encode(force_bytes(volunteer_user.pk))
    token = default_token_generator.make_token(volunteer_user)
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    url = response.url  # …/set-password/: the token now waits in the session
    assert client.get(url).status_code == 200
    assert "PUT" not in client.options(url)["Allow"]
    assert client.put(url).status_code == 405
