"""夏！体験 pages: the public application and offer, the status and host pages, the staff pages; bad input on every form."""

import datetime

import pytest
from django.urls import reverse

from programs.models import SummerApplication, SummerCampaign, SummerPlacement, SummerProgram
from programs.services import summer as svc

from .summer_factories import make_application, make_campaign, make_host, make_program

pytestmark = pytest.mark.django_db


def _apply_data(programs, **kw):
    data = {
        "name": "西東京 さくら",
        "furigana": "にしとうきょう さくら",
        "birth_date": "2013-04-02",
        "school": "田無第一中学校",
        "grade": "8",
        "email": "sakura@example.jp",
        "phone": "",
        "choice_1": str(programs[0].pk),
        "choice_2": str(programs[1].pk) if len(programs) > 1 else "",
        "choice_3": "",
        "guardian_name": "西東京 花子",
        "guardian_phone": "0424610000",
        "guardian_consent": "on",
        "note": "",
        "consent": "on",
    }
    data.update(kw)
    return data


def test_the_public_page_lists_only_approved_programs(client, base_data):
    campaign = make_campaign()
    make_program(campaign, title="高齢者施設でお茶会")
    make_program(campaign, title="まだ確認中", status="offered")
    page = client.get(reverse("programs:summer_index")).content.decode()
    assert "高齢者施設でお茶会" in page and "まだ確認中" not in page and "参加を申し込む" in page


def test_a_pupil_applies_and_lands_on_the_signed_status_page(client, base_data):
    campaign = make_campaign()
    a, b = make_program(campaign, title="お茶会"), make_program(campaign, title="公園の清掃")
    response = client.post(reverse("programs:summer_apply"), _apply_data([a, b]))
    app = SummerApplication.objects.get()
    assert response.status_code == 302 and response.url.startswith("/summer/applications/")
    assert app.furigana == "ニシトウキョウ サクラ" and app.guardian_phone == "042-461-0000"
    page = client.get(response.url).content.decode()
    assert "お茶会" in page and "公園の清掃" in page and "お申し込みを受け付けました" in page
    assert client.get(reverse("programs:summer_status", args=["forged"])).status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "氏名を入力してください"),
        ({"furigana": "Sakura"}, "カタカナ"),
        ({"birth_date": "あした"}, "生年月日"),
        ({"grade": "99"}, "学年"),
        ({"email": "not-an-email", "phone": ""}, "メールアドレスの形"),
        ({"email": "", "phone": "", "guardian_phone": ""}, "メールアドレスか電話番号"),
        ({"choice_1": ""}, "第1希望"),
        ({"choice_1": "999999"}, "第1希望"),
        ({"choice_2": "SAME"}, "同じプログラムを二度"),
        ({"choice_2": "", "choice_3": "SECOND"}, "先に第2希望"),
        ({"guardian_consent": ""}, "保護者の同意"),
        ({"note": "あ" * 301}, "300文字以内"),
    ],
)
def test_the_application_form_refuses_bad_input(client, base_data, change, message):
    campaign = make_campaign()
    a, b = make_program(campaign), make_program(campaign)
    change = {k: {"SAME": str(a.pk), "SECOND": str(b.pk)}.get(v, v) for k, v in change.items()}
    response = client.post(reverse("programs:summer_apply"), _apply_data([a, b], **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SummerApplication.objects.exists()


def test_the_application_form_is_closed_outside_the_period(client, base_data):
    campaign = make_campaign(phase="closed")
    a = make_program(campaign)
    response = client.post(reverse("programs:summer_apply"), _apply_data([a]))
    assert response.status_code == 200 and "受付期間" in response.content.decode()
    assert not SummerApplication.objects.exists()


def _offer_data(campaign, **kw):
    day = campaign.activity_from
    data = {
        "host_kind": "facility",
        "host_name": "特別養護老人ホーム けやき",
        "group": "",
        "contact_name": "田無 花子",
        "contact_phone": "042-000-1111",
        "contact_email": "",
        "title": "夏祭りのお手伝い",
        "description": "利用者さんと一緒に夏祭りを楽しみます。",
        "place": "けやき 1階ホール",
        "grade_min": "4",
        "grade_max": "12",
        "age_min": "",
        "bring": "上履き",
        "contact": "042-000-1111（田無）",
        "day_1": day.isoformat(),
        "start_1": "10:00",
        "end_1": "12:00",
        "slots_1": "4",
        "consent": "on",
    }
    data.update(kw)
    return data


def _offers_campaign():
    today = datetime.date.today()
    return make_campaign(
        offers_from=today - datetime.timedelta(days=3),
        offers_until=today + datetime.timedelta(days=3),
        apply_from=today + datetime.timedelta(days=4),
        apply_until=today + datetime.timedelta(days=20),
    )


def test_a_host_offers_a_program_online_and_it_waits_for_approval(client, base_data):
    campaign = _offers_campaign()
    response = client.post(reverse("programs:summer_offer"), _offer_data(campaign))
    assert response.status_code == 302
    program = SummerProgram.objects.get()
    assert program.status == "offered" and program.dates.get().slots == 4 and program.host.kind == "facility"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"host_kind": ""}, "受入先の種類"),
        ({"host_kind": "group"}, "団体の代表者としてログイン"),
        ({"contact_phone": ""}, "電話番号かメールアドレス"),
        ({"contact_email": "bad"}, "メールアドレスの形"),
        ({"title": ""}, "プログラム名を入力してください"),
        ({"grade_min": "9", "grade_max": "4"}, "上限は下限以上"),
        ({"age_min": "3"}, "6以上"),
        ({"day_1": ""}, "活動日1を入力してください"),
        ({"end_1": "09:00"}, "終了時刻は開始時刻より後"),
        ({"slots_1": "0"}, "1以上"),
        ({"day_2": "2020-01-01"}, "すべて入力してください"),
        ({"start_1": "10:15"}, "一覧から選んでください"),
        ({"day_1": "2001-01-01"}, "活動期間"),
    ],
)
def test_the_offer_form_refuses_bad_input(client, base_data, change, message):
    campaign = _offers_campaign()
    response = client.post(reverse("programs:summer_offer"), _offer_data(campaign, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SummerProgram.objects.exists()


def test_a_group_representative_offers_for_the_group(client, base_data, group_rep_user):
    from tests.volunteers.factories import VolunteerGroupFactory

    campaign = _offers_campaign()
    group = VolunteerGroupFactory(name="田無手話サークル", representative=group_rep_user)
    VolunteerGroupFactory(name="よその団体")
    client.force_login(group_rep_user)
    data = _offer_data(campaign, host_kind="group", host_name=group.name, group=str(group.pk))
    assert client.post(reverse("programs:summer_offer"), data).status_code == 302
    host = SummerProgram.objects.get().host
    assert host.kind == "group" and host.group == group
    page = client.get(reverse("programs:summer_offer")).content.decode()
    # A representative offers only for their own groups.
    assert "田無手話サークル" in page and "よその団体" not in page


def test_staff_pages_need_staff(client, volunteer_user):
    campaign = make_campaign()
    assert client.get(reverse("programs:staff_summer")).status_code == 302
    client.force_login(volunteer_user)
    assert client.get(reverse("programs:staff_summer_campaign", args=[campaign.pk])).status_code == 403


def test_staff_create_a_campaign_and_bad_input_is_refused(client, staff):
    client.force_login(staff)
    data = {
        "fiscal_year": "2027",
        "title": "夏！体験ボランティア西東京2027",
        "offers_from": "2027-05-01",
        "offers_until": "2027-05-31",
        "apply_from": "2027-06-10",
        "apply_until": "2027-07-05",
        "activity_from": "2027-07-21",
        "activity_until": "2027-08-31",
        "consent_text": "同意します。",
        "consent_version": "2027-1",
    }
    bad = client.post(reverse("programs:staff_summer_new"), data | {"apply_until": "2027-07-30"})
    assert bad.status_code == 400 and "活動期間の初日より前" in bad.content.decode()
    bad = client.post(reverse("programs:staff_summer_new"), data | {"fiscal_year": "1999"})
    assert bad.status_code == 400 and "2000〜2100" in bad.content.decode()
    bad = client.post(reverse("programs:staff_summer_new"), data | {"title": ""})
    assert bad.status_code == 400 and "名称を入力してください" in bad.content.decode()
    assert client.post(reverse("programs:staff_summer_new"), data).status_code == 302
    assert SummerCampaign.objects.get().fiscal_year == 2027


def test_staff_approve_run_adjust_and_publish(client, staff, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(staff)
    campaign = make_campaign(phase="closed")
    program = make_program(campaign, slots=(1,), status="offered", title="お茶会")
    other = make_program(campaign, slots=(2,), title="清掃")
    url = reverse("programs:staff_summer_review", args=[program.pk])
    client.post(url, {"decision": "maybe"})
    program.refresh_from_db()
    assert program.status == "offered"
    client.post(url, {"decision": "approve"})
    program.refresh_from_db()
    assert program.status == "approved"
    one, two = make_application(campaign, [program]), make_application(campaign, [program, other])
    bad = client.post(reverse("programs:staff_summer_run", args=[campaign.pk]), {"seed": "-4"}, follow=True)
    assert "0以上" in bad.content.decode() and not campaign.runs.exists()
    client.post(reverse("programs:staff_summer_run", args=[campaign.pk]), {"seed": "42"})
    assert campaign.runs.get().seed == 42
    page = client.get(reverse("programs:staff_summer_placements", args=[campaign.pk])).content.decode()
    assert one.name in page and two.name in page
    # Hand adjustment: a bad value is refused, a full date is refused, a free one is taken.
    place = reverse("programs:staff_summer_place", args=[two.pk])
    response = client.post(place, {f"a{two.pk}-program_date": "nonsense"}, follow=True)
    assert "一覧から選んでください" in response.content.decode()
    client.post(place, {f"a{two.pk}-program_date": str(other.dates.get().pk)})
    assert SummerPlacement.objects.get(application=two).program_date.program == other
    replay = client.get(reverse("programs:staff_summer_replay", args=[campaign.runs.get().pk]), follow=True)
    assert "同じ結果を再現できました" in replay.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programs:staff_summer_publish", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.published_at
    # Each participant with email gets the status link; it is in the email, not in the stored notice.
    assert any("/summer/applications/" in m.body for m in mailoutbox)
    assert any("/summer/hosts/" in m.body for m in mailoutbox)
    from volunteers.models import Notice

    assert not Notice.objects.filter(body__contains="/summer/").exists()


def test_the_host_page_shows_only_what_the_host_needs(client, staff):
    campaign = make_campaign(phase="closed")
    host = make_host()
    program = make_program(campaign, host=host, slots=(2,))
    app = make_application(campaign, [program], phone="090-1234-5678", note="卵アレルギー")
    svc.placement_run(campaign=campaign, by=staff, seed=1)
    token = svc.host_token(host, campaign)
    before = client.get(reverse("programs:summer_host", args=[token])).content.decode()
    assert app.name not in before
    svc.placement_publish(campaign=campaign, by=staff)
    page = client.get(reverse("programs:summer_host", args=[token])).content.decode()
    assert app.name in page and app.get_grade_display() in page
    assert (
        "090-1234-5678" not in page
        and app.guardian_phone not in page
        and str(app.birth_date.year) not in page
    )
    assert client.get(reverse("programs:summer_host", args=["forged"])).status_code == 404


def test_attendance_sheet_and_certificate(client, staff):
    client.force_login(staff)
    campaign = make_campaign(
        phase="closed",
        activity_from=datetime.date.today(),
        activity_until=datetime.date.today() + datetime.timedelta(days=30),
    )
    program = make_program(campaign, slots=(3,))
    apps = [make_application(campaign, [program]) for _ in range(2)]
    svc.placement_run(campaign=campaign, by=staff, seed=1)
    svc.placement_publish(campaign=campaign, by=staff)
    p1, p2 = (SummerPlacement.objects.get(application=a) for a in apps)
    url = reverse("programs:staff_summer_attendance", args=[campaign.pk])
    assert client.post(url, {"attended": ["999999"]}).status_code == 400
    assert client.post(url, {"attended": ["abc"]}).status_code == 400
    client.post(url, {"attended": [str(p1.pk)]})
    p1.refresh_from_db(), p2.refresh_from_db()
    assert p1.attended is True and p2.attended is False
    cert = client.get(reverse("programs:staff_summer_certificate", args=[p1.pk])).content.decode()
    assert "参加証明書" in cert and apps[0].name in cert and program.title in cert
    assert client.get(reverse("programs:staff_summer_certificate", args=[p2.pk])).status_code == 404


def test_a_missing_consent_is_shown_at_the_consent_box(client, base_data):
    campaign = make_campaign()
    a = make_program(campaign)
    response = client.post(reverse("programs:summer_apply"), _apply_data([a], guardian_consent=""))
    assert response.status_code == 400
    assert "guardian_consent" in response.context["form"].errors
