"""Public group pages: online registration and the directory."""

import pytest

from config.core.dates import current_fiscal_year
from volunteers.models import GroupRegistration, VolunteerGroup

from .factories import activity_field, registered_group

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "西東京 手話の会",
        "name_kana": "にしとうきょう しゅわのかい",
        "representative_name": "代表　一郎",
        "contact_name": "連絡 花子",
        "contact_phone": "０４２４６６３０７０",
        "contact_email": "Shuwa@Example.jp",
        "contact_postal_code": "1880011",
        "contact_address": "西東京市田無町5-5-12",
        "members_count": "１２",
        "activity_area": "田無",
        "listed_publicly": "on",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_a_group_registers_online(client, base_data):
    field = activity_field("sign-language", "手話")
    response = client.post("/groups/register/", form(activity_fields=[field.pk]))
    assert response["Location"] == "/groups/register/done/"
    group = VolunteerGroup.objects.get()
    assert group.name_kana == "ニシトウキョウ シュワノカイ" and group.contact_phone == "042-466-3070"
    assert (
        group.contact_postal_code == "188-0011"
        and group.members_count == 12
        and group.contact_email == "shuwa@example.jp"
    )
    assert group.representative_name == "代表 一郎" and group.representative is None
    assert GroupRegistration.objects.get().fiscal_year == current_fiscal_year()


def test_a_logged_in_representative_registering_another_group_becomes_its_representative(
    client, group_rep_user
):
    client.force_login(group_rep_user)
    client.post("/groups/register/", form())
    assert VolunteerGroup.objects.get().representative == group_rep_user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "団体名を入力してください。"),
        ("name_kana", "Shuwa", "カタカナ"),
        ("contact_email", "", "連絡先メールアドレスを入力してください。"),
        ("contact_phone", "", "連絡先電話番号を入力してください。"),
        ("contact_phone", "0000", "電話番号"),
        ("members_count", "-1", "1人以上"),
        ("members_count", "たくさん", "会員数は数字で入力してください。"),
        ("contact_postal_code", "12", "7桁"),
        ("consent", None, "同意が必要"),
        ("representative_name", "あ" * 51, "代表者氏名は50文字以内で入力してください（いま51文字です）。"),
    ],
)
def test_bad_group_registrations_are_refused_and_nothing_is_saved(client, base_data, field, value, message):
    data = form(**{field: value})
    if value is None:
        data.pop(field)
    response = client.post("/groups/register/", data)
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "<script>alert(1)" not in body
    assert not VolunteerGroup.objects.exists()


def test_the_directory_searches_by_field_and_area(client, base_data):
    children = activity_field("children", "子ども")
    a = registered_group(name="子ども食堂の会", activity_area="東伏見", listed_publicly=True)
    a.activity_fields.add(children)
    registered_group(name="点字の会", activity_area="保谷", listed_publicly=True)

    def names(**params):
        body = client.get("/groups/", params).content.decode()
        return {n for n in ("子ども食堂の会", "点字の会") if n in body}

    assert names() == {"子ども食堂の会", "点字の会"}
    assert names(field=children.pk) == {"子ども食堂の会"}
    assert names(area="保谷") == {"点字の会"}
    assert names(q="点字") == {"点字の会"}


def test_the_directory_costs_a_bounded_number_of_queries(client, base_data, django_assert_max_num_queries):
    field = activity_field()
    for n in range(60):
        registered_group(name=f"会{n}", listed_publicly=True).activity_fields.add(field)
    client.get("/groups/")  # the footer's sites are cached after the first page
    with django_assert_max_num_queries(4):
        assert client.get("/groups/", {"page": 2}).status_code == 200


def test_a_group_kana_may_contain_numbers(client, base_data):
    client.post("/groups/register/", form(name="ひまわり21", name_kana="ひまわり２１"))
    assert VolunteerGroup.objects.get().name_kana == "ヒマワリ21"
