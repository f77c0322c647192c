"""The admin (search, filters, status only through the services' actions) and the demo data."""


import pytest

from volunteers.models import Notice

from .factories import GroupRegistrationFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/volunteers/volunteer/?q=ヤマダ&status__exact=registered",
        "/admin/volunteers/volunteergroup/?q=ヒバリ",
        "/admin/volunteers/groupregistration/",
        "/admin/volunteers/activityfield/",
        "/admin/volunteers/notice/",
    ],
)
def test_admin_lists_answer_staff(admin_client, path):
    VolunteerFactory(registered=True)
    GroupRegistrationFactory()
    response = admin_client.get(path)
    assert response.status_code == 200


def test_admin_change_pages_open(admin_client):
    v = VolunteerFactory()
    reg = GroupRegistrationFactory()
    assert admin_client.get(f"/admin/volunteers/volunteer/{v.pk}/change/").status_code == 200
    body = admin_client.get(f"/admin/volunteers/volunteergroup/{reg.group_id}/change/").content.decode()
    assert "団体の年度登録" in body


def test_admin_approval_goes_through_the_service(admin_client):
    v = VolunteerFactory(email="")
    admin_client.post("/admin/volunteers/volunteer/", {"action": "approve", "_selected_action": [v.pk]})
    v.refresh_from_db()
    assert v.status == "registered" and v.user is not None
    assert Notice.objects.filter(volunteer=v, channel="manual").exists()


def test_admin_group_approval_goes_through_the_service(admin_client):
    reg = GroupRegistrationFactory(status="applied")
    admin_client.post(
        "/admin/volunteers/groupregistration/", {"action": "approve", "_selected_action": [reg.pk]}
    )
    reg.refresh_from_db()
    assert reg.status == "approved" and reg.group.representative is not None


def test_admin_edit_keeps_search_keys_and_records_the_change(admin_client):
    from config.core.models import AuditEntry

    v = VolunteerFactory(registered=True)
    response = admin_client.get(f"/admin/volunteers/volunteer/{v.pk}/change/")
    form = response.context["adminform"].form
    data = {k: ("" if val is None else val) for k, val in form.initial.items() if k in form.fields}
    data.update(
        {
            "name": "新しい 名前",
            "furigana": "アタラシイ ナマエ",
            "availability": "tue_pm",
            "activity_fields": [],
        }
    )
    data["birth_date"] = "1955-06-01"
    response = admin_client.post(f"/admin/volunteers/volunteer/{v.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    v.refresh_from_db()
    assert v.name_key == "新しい名前" and v.furigana_key == "アタラシイナマエ" and v.status == "registered"
    assert AuditEntry.objects.filter(action="volunteer.update", target_id=v.pk).exists()
