"""One name/furigana search for every list: 「やまだ」 and 「ヤマダ」 find 山田 among volunteers, groups,
consultations and requests, whether the person is registered or not."""

import datetime

import pytest
from django.db.models import Q

from config.core.search import kana_key, name_key, name_search_q
from volunteers.models import Consultation, HelpRequest
from volunteers.services import consultations as consultation_services
from volunteers.services import coordination as coordination_services

from .coordination_factories import registered_volunteer
from .factories import HelpRequestFactory, VolunteerGroupFactory

pytestmark = pytest.mark.django_db


def test_the_keys_and_the_filter():
    assert name_key("山田　太郎") == "山田太郎"
    assert kana_key("やまだ たろう") == kana_key("ﾔﾏﾀﾞ ﾀﾛｳ") == "ヤマダタロウ"
    assert name_search_q("  ") is None
    q = name_search_q("やまだ", name_keys=["name_key"], kana_keys=["furigana_key"], text_fields=["title"])
    assert q == Q(name_key__contains="やまだ") | Q(furigana_key__contains="ヤマダ") | Q(
        title__icontains="やまだ"
    )


@pytest.fixture
def yamada(staff):
    """山田 as an unregistered consulter, as a registered volunteer who consulted, and as a requester."""
    on_phone = consultation_services.consultation_create(
        by=staff,
        received_on=datetime.date(2025, 5, 1),
        channel="phone",
        category="need_help",
        content="買い物の付き添いを頼みたい",
        person_name="山田 花子",
        person_furigana="ヤマダ ハナコ",
    )
    volunteer = registered_volunteer(
        name="山田 一郎", name_key="山田一郎", furigana="ヤマダ イチロウ", furigana_key="ヤマダイチロウ"
    )
    registered = consultation_services.consultation_create(
        by=staff,
        received_on=datetime.date(2025, 6, 1),
        channel="visit",
        category="want_to_help",
        content="活動を始めたい",
        volunteer=volunteer,
    )
    request = coordination_services.request_create(
        by=staff,
        data={
            "requester_type": "individual",
            "requester_name": "山田 花子",
            "requester_furigana": "ヤマダ ハナコ",
            "title": "庭の手入れ",
            "description": "庭の草取り",
            "received_on": datetime.date(2025, 5, 2),
        },
    )
    others = [
        consultation_services.consultation_create(
            by=staff,
            received_on=datetime.date(2025, 5, 3),
            channel="phone",
            category="other",
            content="保険について",
            person_name="鈴木 次郎",
            person_furigana="スズキ ジロウ",
        ),
        HelpRequestFactory(requester_name="鈴木 次郎", title="送迎"),
    ]
    return {"on_phone": on_phone, "registered": registered, "request": request, "others": others}


@pytest.mark.parametrize("typed", ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "山田"])
def test_consultations_and_requests_are_found_by_furigana_in_either_kana(typed, yamada):
    assert set(Consultation.objects.search(typed)) == {yamada["on_phone"], yamada["registered"]}
    assert list(HelpRequest.objects.search(typed)) == [yamada["request"]]


@pytest.mark.parametrize("typed", ["やまだ", "ヤマダ"])
def test_the_staff_lists_find_them(client, staff, yamada, typed):
    client.force_login(staff)
    body = client.get("/staff/consultations/", {"q": typed}).content.decode()
    assert "山田 花子" in body and "山田 一郎" in body and "鈴木 次郎" not in body
    body = client.get("/staff/requests/", {"q": typed}).content.decode()
    assert "庭の手入れ" in body and "送迎" not in body


def test_the_services_keep_the_keys_in_step(staff, yamada):
    request = yamada["request"]
    assert (request.requester_name_key, request.requester_furigana_key) == ("山田花子", "ヤマダハナコ")
    coordination_services.request_update(
        help_request=request,
        by=staff,
        data={"requester_name": "佐藤 花子", "requester_furigana": "サトウ ハナコ"},
    )
    assert list(HelpRequest.objects.search("さとう")) == [request]
    assert not HelpRequest.objects.search("やまだ").exists()
    consultation = yamada["on_phone"]
    consultation_services.consultation_update(
        consultation=consultation,
        by=staff,
        data={"person_name": "佐藤 花子", "person_furigana": "サトウ ハナコ"},
    )
    assert list(Consultation.objects.search("さとう")) == [consultation]


def test_the_staff_forms_take_furigana_in_hiragana(client, staff):
    client.force_login(staff)
    response = client.post(
        "/staff/requests/new/",
        {
            "requester_type": "individual",
            "requester_name": "山田 花子",
            "requester_furigana": "やまだ はなこ",
            "title": "庭の手入れ",
            "description": "庭の草取り",
            "volunteers_needed": "1",
            "received_on": "2025-05-02",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    request = HelpRequest.objects.get()
    assert request.requester_furigana == "ヤマダ ハナコ" and request.requester_furigana_key == "ヤマダハナコ"


def test_groups_and_volunteers_use_the_same_search(base_data):
    group = VolunteerGroupFactory(
        name="やまびこの会", name_kana="ヤマビコノカイ", name_kana_key="ヤマビコノカイ"
    )
    VolunteerGroupFactory(name="ひばりの会", name_kana="ヒバリノカイ", name_kana_key="ヒバリノカイ")
    assert list(type(group).objects.search("ヤマビコ")) == [group]
    assert list(type(group).objects.search("やまびこ")) == [group]


@pytest.mark.parametrize(
    ("model_path", "field"),
    [
        ("volunteers.Volunteer", "name_key"),
        ("volunteers.Volunteer", "furigana_key"),
        ("volunteers.VolunteerGroup", "name_kana_key"),
        ("volunteers.Consultation", "person_name_key"),
        ("volunteers.Consultation", "person_furigana_key"),
        ("volunteers.HelpRequest", "requester_name_key"),
        ("volunteers.HelpRequest", "requester_furigana_key"),
    ],
)
def test_every_search_key_has_a_trigram_index(model_path, field):
    from django.apps import apps
    from django.db import connection

    model = apps.get_model(model_path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [model._meta.db_table])
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("gin" in d and "gin_trgm_ops" in d and f"({field} " in d for d in definitions), definitions
