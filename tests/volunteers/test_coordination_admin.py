"""The admin for consultations, requests and introductions: lists load in Japanese, saves go through the services."""

import pytest
from django.urls import reverse

import volunteers.admin_coordination  # noqa: F401 — registers the models until volunteers/admin.py imports it
from config.core.models import AuditEntry
from volunteers.models import HelpRequest

from .coordination_factories import PublishedRequestFactory
from .factories import ConsultationFactory, IntroductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    from config.core.roles import grant_staff_permissions

    grant_staff_permissions()
    client.login(username=staff.username, password="pass-for-tests-1")
    return client


@pytest.mark.parametrize(
    ("model", "q", "heading"),
    [("consultation", "活動", "相談者"), ("helprequest", "話し相手", "依頼の件名"), ("introduction", "話し相手", "紹介先")],
)
def test_the_admin_lists_load_with_japanese_columns_and_search(admin_client, staff, model, q, heading):
    ConsultationFactory(staff=staff)
    IntroductionFactory()
    response = admin_client.get(reverse(f"admin:volunteers_{model}_changelist"), {"q": q})
    page = response.content.decode()
    assert response.status_code == 200 and heading in page and response.context["cl"].result_count == 1


def test_editing_a_request_in_the_admin_goes_to_its_history(admin_client, staff):
    request = PublishedRequestFactory()
    url = reverse("admin:volunteers_helprequest_change", args=[request.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data |= {"title": "買い物（変更）", "activity_field": "", "received_on": "2025-05-01",
             "introductions-TOTAL_FORMS": 0, "introductions-INITIAL_FORMS": 0,
             "comments-TOTAL_FORMS": 1, "comments-INITIAL_FORMS": 0, "comments-0-body": "管理画面から記録"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    request.refresh_from_db()
    assert request.title == "買い物（変更）" and request.comments.get().author == staff
    assert AuditEntry.objects.get(target_id=request.pk, action="request_update").changes["title"][1] == "買い物（変更）"


def test_unpublishing_from_the_admin_uses_the_service(admin_client):
    request = PublishedRequestFactory()
    admin_client.post(reverse("admin:volunteers_helprequest_changelist"), {"action": "unpublish", "_selected_action": [request.pk]})
    assert not HelpRequest.objects.get(pk=request.pk).is_published
