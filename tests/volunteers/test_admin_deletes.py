"""Records with personal data are never deleted in the admin, not even by a superuser; a mistaken comment on a
request may be removed, and the removal is in the request's history."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from config.core.models import AuditEntry
from volunteers import selectors
from volunteers.models import (
    Consultation,
    GroupRegistration,
    HelpRequest,
    Introduction,
    RequestComment,
    Volunteer,
    VolunteerGroup,
)
from volunteers.services import coordination as services

from .factories import (
    ConsultationFactory,
    HelpRequestFactory,
    IntroductionFactory,
    VolunteerFactory,
    registered_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(base_data):
    return get_user_model().objects.create_superuser("root", "root@example.jp", "pass-for-tests-1")


@pytest.fixture
def records(staff):
    group = registered_group()
    return {
        "volunteer": VolunteerFactory(),
        "volunteergroup": group,
        "groupregistration": group.registrations.get(),
        "consultation": ConsultationFactory(staff=staff),
        "helprequest": HelpRequestFactory(),
        "introduction": IntroductionFactory(),
    }


@pytest.mark.parametrize("who", ["superuser", "staff"])
def test_the_delete_page_answers_403_for_records_with_personal_data(client, records, who, request):
    client.force_login(request.getfixturevalue(who))
    for model, obj in records.items():
        url = f"/admin/volunteers/{model}/{obj.pk}/delete/"
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes"}).status_code == 403, url
        assert type(obj).objects.filter(pk=obj.pk).exists(), model


def test_no_bulk_delete_action_and_no_delete_link(client, records, superuser):
    client.force_login(superuser)
    for model, obj in records.items():
        changelist = client.get(f"/admin/volunteers/{model}/")
        assert changelist.status_code == 200
        assert "delete_selected" not in changelist.content.decode(), model
        change = client.get(f"/admin/volunteers/{model}/{obj.pk}/change/").content.decode()
        assert f"/admin/volunteers/{model}/{obj.pk}/delete/" not in change, model
        # The bulk action posted by hand is refused too.
        client.post(
            f"/admin/volunteers/{model}/",
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
    for model in (Volunteer, VolunteerGroup, GroupRegistration, Consultation, HelpRequest, Introduction):
        assert model.objects.exists()


def test_a_mistaken_comment_is_removed_through_the_service_and_the_history_says_so(staff):
    help_request = HelpRequestFactory()
    comment = services.request_comment_add(
        help_request=help_request, by=staff, body="別の依頼者の電話番号を書いてしまった"
    )
    services.request_comment_delete(comment=comment, by=staff)
    assert not RequestComment.objects.exists()
    entry = AuditEntry.objects.get(action="request_comment_delete")
    assert entry.actor == staff and entry.target_id == help_request.pk
    assert entry.changes["comment"] == [comment.pk, None]
    assert "電話番号" not in str(entry.changes)  # the text is not copied into the log
    assert "記録を削除" in [event.title for event in selectors.request_history(help_request)]


def test_ticking_delete_on_a_comment_in_the_admin_goes_through_the_service(client, staff):
    help_request = HelpRequestFactory()
    comment = services.request_comment_add(help_request=help_request, by=staff, body="書き間違い")
    model_admin = admin_site._registry[HelpRequest]
    get = RequestFactory().get("/")
    get.user = staff
    form = model_admin.get_form(get, help_request)(instance=help_request)
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.update(
        {
            "introductions-TOTAL_FORMS": "0",
            "introductions-INITIAL_FORMS": "0",
            "introductions-MIN_NUM_FORMS": "0",
            "introductions-MAX_NUM_FORMS": "1000",
            "comments-TOTAL_FORMS": "2",
            "comments-INITIAL_FORMS": "1",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "comments-0-id": str(comment.pk),
            "comments-0-request": str(help_request.pk),
            "comments-0-DELETE": "on",
            "comments-1-id": "",
            "comments-1-request": str(help_request.pk),
            "comments-1-body": "",
        }
    )
    client.force_login(staff)
    response = client.post(f"/admin/volunteers/helprequest/{help_request.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not RequestComment.objects.filter(pk=comment.pk).exists()
    assert AuditEntry.objects.filter(
        action="request_comment_delete", target_id=help_request.pk, actor=staff
    ).exists()
