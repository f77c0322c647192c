"""Consultations (相談受付): the service, the constraint, the staff pages, bad input and query budgets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from config.core.models import AuditEntry
from volunteers.models import Consultation
from volunteers.services.consultations import consultation_create, consultation_update

from .coordination_factories import registered_volunteer
from .factories import ConsultationFactory, registered_group

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-1"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_staff_log_a_consultation_about_a_registered_volunteer(staff):
    volunteer = registered_volunteer()
    consultation = consultation_create(
        by=staff, received_on=datetime.date(2025, 6, 2), channel="visit", category="want_to_help",
        content="活動先を探している", volunteer=volunteer, follow_up_on=datetime.date(2025, 6, 9),
    )
    assert consultation.staff == staff and consultation.who == volunteer.name and consultation.status == "open"
    assert AuditEntry.objects.filter(target_type="volunteers.consultation", target_id=consultation.pk).exists()


def test_updating_a_consultation_records_what_changed(staff):
    consultation = ConsultationFactory(staff=staff)
    consultation_update(consultation=consultation, by=staff, data={"status": "done", "response": "施設を紹介した"})
    entry = AuditEntry.objects.get(target_id=consultation.pk, action="consultation_update")
    assert entry.changes["status"] == ["open", "done"]
    with pytest.raises(ValueError):
        consultation_update(consultation=consultation, by=staff, data={"created_at": None})


def test_a_consultation_needs_someone_in_full_clean_and_in_the_database(staff):
    with pytest.raises(ValidationError) as exc:
        consultation_create(by=staff, received_on=datetime.date.today(), channel="phone", category="other", content="x")
    assert "相談者（登録ボランティア、団体、または氏名）を入力してください。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(received_on=datetime.date.today(), channel="phone", category="other", content="x", staff=staff)
    assert not Consultation.objects.exists()


def test_a_group_is_enough_as_the_person(staff):
    group = registered_group()
    assert consultation_create(by=staff, received_on=datetime.date.today(), channel="outreach", category="group_running",
                               content="会計の相談", group=group).who == group.name


# --- pages ---

FORM_OK = {"received_on": "2025-06-02", "channel": "phone", "person_name": "相談 太郎", "category": "need_help",
           "content": "ボランティアに来てほしい", "status": "open"}


def test_staff_log_one_through_the_form(client, staff):
    response = login(client, staff).post(reverse("volunteers:consultation_create"), FORM_OK | {"staff": staff.pk, "person_contact": "０４２－１２３"})
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("volunteers:consultation_edit", args=[consultation.pk])
    assert consultation.person_contact == "042-123" and consultation.staff == staff


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"content": ""}, "相談内容を入力してください。"),
        ({"person_name": ""}, "相談者（登録ボランティア、団体、または氏名）を入力してください。"),
        ({"person_name": "あ" * 51}, "相談者氏名（未登録の方）は50文字以内で入力してください（いま51文字です）。"),
        ({"channel": "fax"}, "受付方法は一覧から選んでください。"),
        ({"received_on": "２０２５／１３／４０"}, "受付日は 2026-05-12 の形で入力してください。"),
        ({"follow_up_on": "2025-06-01"}, "次の対応日は受付日以降にしてください。"),
        ({"volunteer": "999999"}, "登録ボランティアは一覧から選んでください。"),
    ],
)
def test_the_consultation_form_refuses_bad_input(client, staff, changes, message):
    response = login(client, staff).post(reverse("volunteers:consultation_create"), FORM_OK | {"staff": staff.pk} | changes)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Consultation.objects.exists()


def test_full_width_dates_are_understood(client, staff):
    login(client, staff).post(reverse("volunteers:consultation_create"), FORM_OK | {"staff": staff.pk, "received_on": "２０２５－０６－０２"})
    assert Consultation.objects.get().received_on == datetime.date(2025, 6, 2)


def test_staff_edit_a_consultation(client, staff):
    consultation = ConsultationFactory(staff=staff)
    login(client, staff).post(reverse("volunteers:consultation_edit", args=[consultation.pk]),
                              FORM_OK | {"staff": staff.pk, "status": "done", "response": "紹介した"})
    consultation.refresh_from_db()
    assert consultation.status == "done" and consultation.response == "紹介した"


def test_consultations_are_for_staff_only(client, staff, committee_member, volunteer_user):
    consultation = ConsultationFactory(staff=staff, person_name="秘密 太郎")
    for user in (committee_member, volunteer_user):
        login(client, user)
        for url in (reverse("volunteers:consultation_list"), reverse("volunteers:consultation_edit", args=[consultation.pk]),
                    reverse("volunteers:my_follow_ups")):
            response = client.get(url)
            assert response.status_code == 403 and "秘密 太郎" not in response.content.decode()
    client.logout()
    assert client.get(reverse("volunteers:consultation_list")).status_code == 302


def test_my_follow_ups_lists_only_my_open_ones_most_urgent_first(client, staff, base_data):
    from config.core.roles import STAFF

    from .factories import UserFactory

    colleague = UserFactory(role=STAFF)
    later = ConsultationFactory(staff=staff, person_name="後で 太郎", follow_up_on=datetime.date(2030, 1, 1))
    sooner = ConsultationFactory(staff=staff, person_name="先に 花子", follow_up_on=datetime.date(2020, 1, 1))
    ConsultationFactory(staff=staff, person_name="完了 次郎", status="done")
    ConsultationFactory(staff=colleague, person_name="同僚 三郎")
    page = login(client, staff).get(reverse("volunteers:my_follow_ups")).content.decode()
    assert page.index(sooner.person_name) < page.index(later.person_name)
    assert "完了 次郎" not in page and "同僚 三郎" not in page


def test_the_list_filters_searches_and_exports(client, staff):
    ConsultationFactory(staff=staff, person_name="電話 太郎", channel="phone", received_on=datetime.date(2025, 5, 1))
    ConsultationFactory(staff=staff, person_name="来所 花子", channel="visit", received_on=datetime.date(2025, 7, 1))
    login(client, staff)
    page = client.get(reverse("volunteers:consultation_list"), {"channel": "visit"}).content.decode()
    assert "来所 花子" in page and "電話 太郎" not in page
    page = client.get(reverse("volunteers:consultation_list"), {"q": "電話", "received_to": "2025-06-01"}).content.decode()
    assert "電話 太郎" in page and "来所 花子" not in page
    csv = client.get(reverse("volunteers:consultation_list"), {"export": "csv", "columns": ["who", "channel"]})
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "受付方法,相談者" and "来所,来所 花子" in body
    xlsx = client.get(reverse("volunteers:consultation_list"), {"export": "xlsx", "status": "open"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_consultation_lists_cost_a_bounded_number_of_queries(client, staff, django_assert_max_num_queries):
    volunteers = [registered_volunteer() for _ in range(20)]
    for n in range(300):
        ConsultationFactory(staff=staff, volunteer=volunteers[n % 20] if n % 3 == 0 else None,
                            group=None, follow_up_on=datetime.date(2025, 6, 1 + n % 28))
    login(client, staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("volunteers:consultation_list")).content.decode()
    assert "300件" in page
    with django_assert_max_num_queries(12):
        assert client.get(reverse("volunteers:my_follow_ups")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("volunteers:consultation_create")).status_code == 200
