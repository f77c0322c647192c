"""マイページ: the person's own profile, its changes, withdrawal; a representative's group page and renewal."""

import pytest

from config.core.dates import current_fiscal_year
from config.core.models import AuditEntry
from volunteers.models import GroupRegistration, Volunteer

from .factories import IntroductionFactory, VolunteerFactory, registered_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, volunteer_user):
    v = VolunteerFactory(registered=True, user=volunteer_user, name="自分 花子", furigana="ジブン ハナコ")
    client.force_login(volunteer_user)
    return v


def profile(v, **overrides):
    data = {
        "name": v.name,
        "furigana": v.furigana,
        "birth_date": "1955-06-01",
        "gender": "female",
        "postal_code": v.postal_code,
        "address": v.address,
        "phone": v.phone,
        "email": v.email,
        "availability": ["wed_eve"],
    }
    data.update(overrides)
    return data


def test_the_my_page_shows_the_profile_and_the_introductions_include(client, me):
    IntroductionFactory(volunteer=me)
    response = client.get("/mypage/")
    body = response.content.decode()
    assert "自分 花子（ジブン ハナコ）" in body and "登録済" in body and "火曜午後" in body
    assert [t.name for t in response.templates].count(
        "volunteers/coordination/_mypage_introductions.html"
    ) == 1
    assert list(response.context["introductions"]) == list(me.introductions.all())


def test_a_volunteer_changes_their_profile(client, me, volunteer_user):
    response = client.post(
        "/mypage/profile/", profile(me, phone="０４２-４６６-３０７１", furigana="じぶん はなこ")
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.phone == "042-466-3071" and me.furigana == "ジブン ハナコ" and me.availability == ["wed_eve"]
    assert AuditEntry.objects.get(action="volunteer.update").actor == volunteer_user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "氏名を入力してください。"),
        ("furigana", "Jibun", "カタカナ"),
        ("phone", "12", "電話番号"),
        ("postal_code", "１２３４５６７８", "7桁"),
    ],
)
def test_a_bad_profile_change_is_refused_and_nothing_changes(client, me, field, value, message):
    before = Volunteer.objects.values().get(pk=me.pk)
    response = client.post("/mypage/profile/", profile(me, **{field: value}))
    assert response.status_code == 200 and message in response.content.decode()
    assert Volunteer.objects.values().get(pk=me.pk) == before
    assert not AuditEntry.objects.exists()


def test_a_volunteer_withdraws_and_can_no_longer_log_in(client, me, volunteer_user):
    assert "退会する" in client.get("/mypage/withdraw/").content.decode()
    response = client.post("/mypage/withdraw/")
    assert response["Location"] == "/mypage/withdrawn/"
    me.refresh_from_db()
    volunteer_user.refresh_from_db()
    assert me.status == "withdrawn" and me.withdrawn_on and not volunteer_user.is_active
    assert client.get("/mypage/").status_code == 302
    assert not client.login(username="bob", password="pass-for-tests-1")


def test_a_group_representative_sees_their_group_and_renews_it(client, group_rep_user):
    fy = current_fiscal_year()
    group = registered_group(
        fiscal_year=fy - 1, representative=group_rep_user, name="ひばりの会", meeting_days="毎週水曜日"
    )
    client.force_login(group_rep_user)
    assert "ひばりの会" in client.get("/mypage/").content.decode()
    body = client.get(f"/mypage/groups/{group.pk}/").content.decode()
    assert "の登録はまだです" in body
    body = client.get(f"/mypage/groups/{group.pk}/renew/").content.decode()
    assert 'value="毎週水曜日"' in body and 'value="ひばりの会"' in body
    form = {
        "name": "ひばりの会",
        "name_kana": "ひばりのかい",
        "representative_name": "団体 代表",
        "contact_name": "連絡 係",
        "contact_phone": "042-466-3070",
        "members_count": "14",
        "meeting_days": "毎週木曜日",
    }
    response = client.post(f"/mypage/groups/{group.pk}/renew/", form)
    assert response["Location"] == f"/mypage/groups/{group.pk}/"
    reg = GroupRegistration.objects.get(group=group, fiscal_year=fy)
    group.refresh_from_db()
    assert (
        reg.status == "applied" and group.meeting_days == "毎週木曜日" and group.name_kana == "ヒバリノカイ"
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "団体名を入力してください。"),
        ("name_kana", "雲雀", "カタカナ"),
        ("members_count", "0", "1人以上"),
        ("members_count", "", "会員数を入力してください。"),
        ("contact_phone", "abc", "電話番号"),
        ("name", "あ" * 101, "団体名は100文字以内で入力してください（いま101文字です）。"),
    ],
)
def test_a_bad_renewal_is_refused_and_nothing_is_saved(client, group_rep_user, field, value, message):
    group = registered_group(fiscal_year=current_fiscal_year() - 1, representative=group_rep_user)
    form = {
        "name": "ひばりの会",
        "name_kana": "ヒバリノカイ",
        "representative_name": "団体 代表",
        "contact_name": "連絡 係",
        "contact_phone": "042-466-3070",
        "members_count": "14",
        field: value,
    }
    client.force_login(group_rep_user)
    response = client.post(f"/mypage/groups/{group.pk}/renew/", form)
    assert response.status_code == 200 and message in response.content.decode()
    assert group.registrations.count() == 1


def test_someone_registered_at_the_counter_without_a_birth_date_can_still_edit_their_profile(client, volunteer_user):
    v = VolunteerFactory(registered=True, user=volunteer_user, birth_date=None, registered_via="counter")
    client.force_login(volunteer_user)
    response = client.post("/mypage/profile/", profile(v, birth_date="", phone="042-466-3072"))
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.phone == "042-466-3072" and v.birth_date is None
