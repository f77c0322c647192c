"""Public registration pages: 新規登録, the policy, the done page; what is saved and what is refused."""

import datetime

import pytest

from config.core.models import AuditEntry
from volunteers.models import ActivityField, Volunteer
from volunteers.services.people import PRIVACY_POLICY_VERSION

from .factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def valid_form(**overrides):
    data = {
        "name": "西東京　花子",
        "furigana": "にしとうきょう　はなこ",
        "birth_date": "１９５５-０６-０１",
        "gender": "female",
        "postal_code": "１８８００１１",
        "address": "西東京市田無町５－５－１２",
        "phone": "０４２４６６３０７０",
        "email": "Hanako@Example.jp",
        "activity_fields": [],
        "skills": "手話通訳士\n傾聴講座 修了",
        "availability": ["tue_pm", "sat_am"],
        "availability_note": "",
        "heard_from": "website",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_the_form_is_public_and_shows_the_policy_with_its_version(anonymous, base_data):
    body = anonymous.get("/volunteers/register/").content.decode()
    assert "ボランティア登録（新規登録）" in body
    assert "個人情報の取扱いについて" in body and PRIVACY_POLICY_VERSION in body
    for label in (
        "氏名",
        "フリガナ",
        "生年月日",
        "性別",
        "郵便番号",
        "住所",
        "電話番号",
        "メールアドレス",
        "関心のある活動分野",
        "特技・資格",
        "活動できる曜日・時間帯",
        "センターを知ったきっかけ",
        "回答しない",
    ):
        assert label in body, label
    assert "火曜午後" in body and "傾聴" in body


def test_the_policy_page_shows_the_version(anonymous, base_data):
    body = anonymous.get("/privacy/").content.decode()
    assert PRIVACY_POLICY_VERSION in body


def test_a_registration_is_normalised_and_saved_as_provisional(anonymous, base_data):
    fields = list(ActivityField.objects.filter(slug__in=["listening", "sign-language"]))
    response = anonymous.post("/volunteers/register/", valid_form(activity_fields=[f.pk for f in fields]))
    assert response.status_code == 302 and response["Location"] == "/volunteers/register/done/"
    v = Volunteer.objects.get()
    assert v.status == "provisional" and v.registered_via == "online"
    assert v.name == "西東京 花子" and v.name_key == "西東京花子"
    assert v.furigana == "ニシトウキョウ ハナコ" and v.furigana_key == "ニシトウキョウハナコ"
    assert v.birth_date == datetime.date(1955, 6, 1)
    assert v.postal_code == "188-0011" and v.phone == "042-466-3070" and v.email == "hanako@example.jp"
    assert v.address == "西東京市田無町5-5-12" and v.lives_in_city
    assert v.skills == "手話通訳士\n傾聴講座 修了"
    assert set(v.activity_fields.all()) == set(fields)
    assert v.availability == ["tue_pm", "sat_am"]
    assert v.consent_at and v.consent_policy_version == PRIVACY_POLICY_VERSION
    entry = AuditEntry.objects.get(target_type="volunteers.volunteer", target_id=v.pk)
    assert entry.action == "volunteer.register" and entry.changes["name"] == [None, "西東京 花子"]


def test_an_address_outside_the_city_is_marked_as_such(anonymous, base_data):
    anonymous.post("/volunteers/register/", valid_form(postal_code="187-0002", address="東京都小平市花小金井1-1-1"))
    assert Volunteer.objects.get().lives_in_city is False


BAD_INPUT = [
    ("name", "", "氏名を入力してください。"),
    ("name", "　", "氏名を入力してください。"),
    ("name", "あ" * 51, "氏名は50文字以内で入力してください（いま51文字です）。"),
    ("furigana", "山田 花子", "カタカナ"),
    ("furigana", "Yamada", "カタカナ"),
    ("furigana", "", "フリガナを入力してください。"),
    ("birth_date", "", "生年月日を入力してください。"),
    ("birth_date", "２０９９-０１-０１", "生年月日が正しくありません"),
    ("birth_date", "昭和30年", "生年月日は 1955-06-01 か 昭和30年6月1日 の形で入力してください。"),
    ("postal_code", "１８８", "7桁"),
    ("postal_code", "", "郵便番号を入力してください。"),
    ("address", "", "住所を入力してください。"),
    ("phone", "１２３", "電話番号"),
    ("email", "not-an-address", "メールアドレス"),
    ("skills", "あ" * 1001, "特技・資格は1000文字以内で入力してください（いま1001文字です）。"),
    ("availability", ["mon_night"], "活動できる曜日・時間帯は一覧から選んでください。"),
    ("consent", "", "同意が必要"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_japanese_message_and_nothing_is_saved(
    anonymous, base_data, field, value, message
):
    data = valid_form(**{field: value})
    if value == "" and field == "consent":
        data.pop("consent")
    response = anonymous.post("/volunteers/register/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "入力内容を確認してください" in body
    assert message in body
    assert "<script>alert(1)" not in body
    assert not Volunteer.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_person_without_email_registers_online_with_a_phone_and_gets_a_letter_later(anonymous, base_data):
    response = anonymous.post("/volunteers/register/", valid_form(email=""))
    assert response.status_code == 302
    assert Volunteer.objects.get().email == ""
    refused = anonymous.post("/volunteers/register/", valid_form(name="別の 人", email="", phone=""))
    assert "電話番号かメールアドレスのどちらかを入力してください。" in refused.content.decode()
    assert Volunteer.objects.count() == 1


def test_a_logged_in_user_who_already_applied_is_sent_to_the_my_page(client, volunteer_user):
    VolunteerFactory(user=volunteer_user, registered=True)
    client.force_login(volunteer_user)
    response = client.get("/volunteers/register/")
    assert response.status_code == 302 and response["Location"] == "/mypage/"


def test_the_done_page_explains_what_happens_next(anonymous, base_data):
    assert "お申込みを受け付けました" in anonymous.get("/volunteers/register/done/").content.decode()


@pytest.mark.parametrize("typed", ["昭和30年6月1日", "1955/6/1", "１９５５年６月１日", "1955-06-01"])
def test_a_birth_date_may_be_typed_as_older_people_write_it(anonymous, base_data, typed):
    anonymous.post("/volunteers/register/", valid_form(birth_date=typed))
    assert Volunteer.objects.get().birth_date == datetime.date(1955, 6, 1)


def test_the_top_page_call_to_action_links_to_registration_and_the_directory():
    from django.template.loader import render_to_string

    html = render_to_string("volunteers/_home_cta.html")
    assert (
        'href="/volunteers/register/"' in html
        and 'href="/groups/"' in html
        and 'href="/groups/register/"' in html
    )
    assert "ボランティア登録（新規登録）" in html


def test_the_menu_offers_registration_to_visitors_and_the_my_page_to_volunteers(client, volunteer_user):
    assert 'href="/volunteers/register/"' in client.get("/").content.decode()
    client.force_login(volunteer_user)
    body = client.get("/").content.decode()
    assert 'href="/mypage/"' in body and 'href="/staff/"' not in body
