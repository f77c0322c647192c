"""One normalisation mechanism and one voice for every form: public, staff and the admin."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from config.core import forms as core_forms
from tests.volunteers.factories import GroupRegistrationFactory, VolunteerFactory
from volunteers.models import Consultation, Volunteer

pytestmark = pytest.mark.django_db


def _value(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    return value


def admin_post_data(response) -> dict:
    """What a browser would send back from an admin change page, as it was rendered."""
    rendered = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        rendered += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in rendered:
        for name, field in form.fields.items():
            bound = form[name]
            if field.disabled:
                continue
            value = bound.value()
            if isinstance(field, forms.BooleanField):
                if value:
                    data[bound.html_name] = "on"
                continue
            data[bound.html_name] = _value(value)
    return data


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


# --- the admin ---------------------------------------------------------------------------------------


def test_the_admin_change_of_a_volunteer_normalises_like_the_public_form(admin_client):
    volunteer = VolunteerFactory(registered=True, address="東京都小平市花小金井1-1-1", postal_code="187-0002")
    url = f"/admin/volunteers/volunteer/{volunteer.pk}/change/"
    data = admin_post_data(admin_client.get(url)) | {
        "name": "田無　花子",
        "furigana": "たなし　はなこ",
        "postal_code": "1880011",
        "address": "田無町５－５－１２",
        "phone": "０４２４６６３０７０",
        "email": "Hanako@Example.JP",
        "skills": "血圧>140の方の見守り（経験あり）",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    volunteer.refresh_from_db()
    assert volunteer.name == "田無 花子" and volunteer.furigana == "タナシ ハナコ"
    assert volunteer.postal_code == "188-0011" and volunteer.address == "田無町5-5-12"
    assert volunteer.phone == "042-466-3070" and volunteer.email == "hanako@example.jp"
    assert volunteer.skills == "血圧>140の方の見守り（経験あり）"  # free text kept as written
    assert volunteer.lives_in_city  # 188-0011 is 西東京市, whatever the address text says


def test_the_admin_refuses_kanji_furigana_with_the_same_message(admin_client):
    volunteer = VolunteerFactory(registered=True)
    url = f"/admin/volunteers/volunteer/{volunteer.pk}/change/"
    response = admin_client.post(url, admin_post_data(admin_client.get(url)) | {"furigana": "田無"})
    assert response.status_code == 200
    assert "フリガナはカタカナ（またはひらがな）で入力してください。" in response.content.decode()


def test_the_admin_change_of_a_group_normalises_like_the_public_form(admin_client):
    group = GroupRegistrationFactory().group
    url = f"/admin/volunteers/volunteergroup/{group.pk}/change/"
    data = admin_post_data(admin_client.get(url)) | {
        "name_kana": "ひまわり２１",
        "contact_phone": "０４２－４６６－３０７０",
        "contact_postal_code": "1880011",
        "contact_address": "西東京市田無町５－５－１２",
        "members_count": "１４",
        "meeting_days": "毎週（水）午後",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    group.refresh_from_db()
    assert group.name_kana == "ヒマワリ21" and group.contact_phone == "042-466-3070"
    assert group.contact_postal_code == "188-0011" and group.contact_address == "西東京市田無町5-5-12"
    assert group.members_count == 14 and group.meeting_days == "毎週（水）午後"


def test_the_admin_add_of_a_consultation_keeps_free_text_and_folds_the_contact(admin_client, staff):
    url = "/admin/volunteers/consultation/add/"
    data = admin_post_data(admin_client.get(url)) | {
        "received_on": "２０２５－０６－０２",
        "channel": "phone",
        "person_name": "相談　太郎",
        "person_contact": "０４２－１２３－４５６７",
        "category": "need_help",
        "content": "血圧>140、通院（週2回）の付き添い",
        "status": "open",
        "staff": staff.pk,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    consultation = Consultation.objects.get()
    assert consultation.received_on == datetime.date(2025, 6, 2)
    assert consultation.person_name == "相談 太郎" and consultation.person_contact == "042-123-4567"
    assert consultation.content == "血圧>140、通院（週2回）の付き添い"


def test_every_admin_form_uses_the_one_mechanism(rf, staff):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = staff
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("core", "volunteers", "programs"):
            continue
        assert issubclass(model_admin.form, core_forms.NormalizedFormMixin), model
        for inline in model_admin.get_inline_instances(request):
            assert issubclass(inline.form, core_forms.NormalizedFormMixin), inline


# --- public and staff forms -------------------------------------------------------------------------


def test_a_staff_edit_normalises_and_keeps_free_text(client, staff):
    volunteer = VolunteerFactory(registered=True)
    client.force_login(staff)
    data = {
        "name": "保谷　次郎",
        "furigana": "ほうや　じろう",
        "birth_date": "昭和３０年６月１日",
        "gender": "male",
        "postal_code": "1880011",
        "address": "田無町５－５－１２",
        "phone": "０４２４６６３０７０",
        "email": "",
        "availability_note": "（土）午前のみ",
        "staff_note": "血圧>140。\r\n\t次回は電話で",
    }
    response = client.post(reverse("volunteers:staff_volunteer_edit", args=[volunteer.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    volunteer.refresh_from_db()
    assert volunteer.furigana == "ホウヤ ジロウ" and volunteer.birth_date == datetime.date(1955, 6, 1)
    assert volunteer.postal_code == "188-0011" and volunteer.phone == "042-466-3070"
    assert volunteer.availability_note == "（土）午前のみ"
    assert volunteer.staff_note == "血圧>140。\n\t次回は電話で"
    assert volunteer.lives_in_city


def test_a_public_registration_keeps_punctuation_and_finds_the_city_by_postal_code(client, base_data):
    response = client.post(
        "/volunteers/register/",
        {
            "name": "西東京　花子",
            "furigana": "にしとうきょう　はなこ",
            "birth_date": "１９５５-０６-０１",
            "gender": "female",
            "postal_code": "１８８００１１",
            "address": "田無町５－５－１２",
            "phone": "０４２４６６３０７０",
            "email": "Hanako@Example.jp",
            "skills": "血圧>140でも大丈夫な活動（室内）\x00",
            "availability_note": "（土）午前",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    volunteer = Volunteer.objects.get()
    assert volunteer.furigana == "ニシトウキョウ ハナコ" and volunteer.postal_code == "188-0011"
    assert (
        volunteer.skills == "血圧>140でも大丈夫な活動（室内）" and volunteer.availability_note == "（土）午前"
    )
    assert volunteer.lives_in_city


# --- one voice ---------------------------------------------------------------------------------------


class _Sample(core_forms.NormalizedForm):
    name = forms.CharField(label="氏名", max_length=5)
    note = forms.CharField(label="備考", required=False, widget=forms.Textarea)
    room = forms.ChoiceField(label="部屋", choices=[("", "---------"), ("a", "第1会議室")])
    count = forms.IntegerField(label="人数", min_value=1)
    day = core_forms.DateField(label="利用日")
    agree = forms.BooleanField(label="同意します")
    own = forms.CharField(label="見出し", error_messages={"required": "見出しがないと公開できません。"})


def test_messages_are_worded_once_politely():
    form = _Sample({"name": "あいうえおかき", "count": "０", "day": "2026-13-40", "room": "z"})
    assert form.errors == {
        "name": ["氏名は5文字以内で入力してください（いま7文字です）。"],
        "room": ["部屋は一覧から選んでください。"],
        "count": ["人数は1以上で入力してください。"],
        "day": ["利用日は 2026-05-12 の形で入力してください。"],
        "agree": ["「同意します」にチェックを入れてください。"],
        "own": ["見出しがないと公開できません。"],  # a form's own wording is kept
    }
    empty = _Sample({"name": "\u3000 ", "room": ""})
    assert empty.errors["name"] == ["氏名を入力してください。"]
    assert empty.errors["room"] == ["部屋を選んでください。"]
    assert empty.errors["count"] == ["人数を入力してください。"]


def test_selects_say_choose_instead_of_dashes():
    assert list(_Sample().fields["room"].choices)[0] == ("", "選んでください")


def test_what_is_typed_is_normalised_before_the_fields_see_it():
    form = _Sample(
        {
            "name": "ＡＢ\x00Ｃ",
            "note": "１行目（注）\r\n\t<b>",
            "room": "a",
            "count": "１２",
            "day": "令和８年５月１２日",
            "agree": "on",
            "own": "x",
        }
    )
    assert form.is_valid(), form.errors
    # A plain CharField is free text: control characters go, width and punctuation stay.
    assert form.cleaned_data["name"] == "ＡＢＣ" and form.cleaned_data["note"] == "１行目（注）\n\t<b>"
    assert form.cleaned_data["count"] == 12 and form.cleaned_data["day"] == datetime.date(2026, 5, 12)


@pytest.mark.parametrize("path", ["/volunteers/register/", "/groups/register/", "/irai/"])
def test_public_forms_show_no_dashes_and_no_stiff_django_messages(client, base_data, path):
    response = client.post(path, {"name": "", "title": ""})  # an empty POST leaves the form unbound
    body = response.content.decode()
    assert "---------" not in body
    assert "このフィールドは必須です" not in body and "入力してください。" in body


# --- the error summary ---------------------------------------------------------------------------------


def test_a_failed_submit_shows_a_focused_summary_linked_to_each_field(client, base_data):
    response = client.post("/volunteers/register/", {"name": "", "postal_code": "１８８", "consent": ""})
    body = response.content.decode()
    start = body.index("data-error-summary")
    summary = body[body.rindex("<div", 0, start) : body.index("</div>", start)]
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert "入力内容を確認してください" in summary
    assert '<a href="#id_name">氏名を入力してください。</a>' in summary
    assert '<a href="#id_furigana">フリガナを入力してください。</a>' in summary
    assert '<a href="#id_postal_code">郵便番号は7桁の数字で入力してください（例：188-0011）。</a>' in summary
    assert '<a href="#id_consent">' in summary
    # The summary comes straight after the heading, before the explanations and the form.
    assert body.index("</h1>") < start < body.index('<form method="post"')
    # Each field shows its own message beside it, and says so to screen readers.
    assert 'aria-invalid="true" aria-describedby="id_name_helptext id_name_error"' in body
    assert 'id="id_name_error"' in body
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("volunteers:group_register", {"name": ""}),
        ("volunteers:online_request", {"title": ""}),
    ],
)
def test_every_public_form_uses_the_one_summary(client, base_data, url_name, data):
    body = client.post(reverse(url_name), data).content.decode()
    assert body.count("data-error-summary") == 1 and "入力内容を確認してください" in body


def test_every_form_template_uses_the_one_summary():
    from pathlib import Path

    from django.conf import settings

    missing = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        has_fields = "|crispy" in text or "as_crispy_field" in text or "|search_field" in text
        if has_fields and "includes/form_errors.html" not in text:
            missing.append(str(path))
    assert missing == []


# --- 住所検索 -------------------------------------------------------------------------------------------


def test_the_address_lookup_button_fills_the_address_and_saves_nothing(client, base_data):
    response = client.post(
        "/volunteers/register/",
        {"name": "", "postal_code": "１８８００１１", "address": "", "address_lookup": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="東京都西東京市田無町"' in body and 'value="188-0011"' in body
    assert "入力内容を確認してください" not in body  # nothing was checked yet
    assert "続けて番地・建物名を入力してください" in body
    assert not Volunteer.objects.exists()


def test_the_address_lookup_keeps_the_banchi_already_typed(client, base_data):
    body = client.post(
        "/groups/register/",
        {"contact_postal_code": "1880011", "contact_address": "田無町5-5-12", "address_lookup": "1"},
    ).content.decode()
    assert 'value="東京都西東京市田無町5-5-12"' in body


def test_an_unknown_postal_code_is_said_kindly(client, base_data):
    body = client.post(
        "/volunteers/register/", {"postal_code": "000-0000", "address": "田無町1-1", "address_lookup": "1"}
    ).content.decode()
    assert "この郵便番号の住所が見つかりませんでした" in body and 'value="田無町1-1"' in body


def test_the_button_sits_beside_the_postal_code_on_the_counter_form(client, staff):
    client.force_login(staff)
    body = client.get(reverse("volunteers:staff_volunteer_new")).content.decode()
    start = body.index('id="id_postal_code"')
    assert '<button type="submit" name="address_lookup" value="1" formnovalidate' in body[start : start + 400]
    assert "住所検索" in body[start : start + 600]


def test_a_musashino_postal_code_is_outside_the_city(client, base_data):
    client.post(
        "/volunteers/register/",
        {
            "name": "武蔵野 一郎",
            "furigana": "むさしの いちろう",
            "birth_date": "1960-01-01",
            "gender": "male",
            "postal_code": "180-0004",
            "address": "吉祥寺本町1-1-1",
            "phone": "0422-00-0000",
            "email": "ichiro@example.jp",
            "consent": "on",
        },
    )
    assert Volunteer.objects.get().lives_in_city is False
