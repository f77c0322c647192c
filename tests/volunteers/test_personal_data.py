"""個人情報保護法: a volunteer downloads everything held about them (JSON and CSV) from マイページ; withdrawn
volunteers are anonymised after the retention period staff set, and the plans' numbers stay the same."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command

from config.core import services as core_services
from config.core.models import AuditEntry, PrivacySettings
from plans import metrics
from programs.models import EventSignup
from programs.services import events as event_services
from tests.programs.event_factories import make_event
from tests.volunteers.coordination_factories import registered_volunteer
from tests.volunteers.factories import ConsultationFactory, IntroductionFactory, activity_field
from tests.volunteers.insurance_factories import PlanFactory
from volunteers.models import Consultation, Enrolment, Introduction, Notice, Volunteer
from volunteers.services.notices import notify
from volunteers.services.people import volunteer_set_status, volunteer_update

pytestmark = pytest.mark.django_db
D = datetime.date


def _enrol(volunteer, fy):
    plan = PlanFactory(fiscal_year=fy)
    return Enrolment.objects.create(
        fiscal_year=fy,
        plan=plan,
        volunteer=volunteer,
        person_name=volunteer.name,
        person_furigana=volunteer.furigana,
        birth_date=volunteer.birth_date,
        person_key=f"v:{volunteer.pk}",
        via=Enrolment.Via.COUNTER,
        status="enrolled",
        premium=350,
        paid_on=D(fy, 4, 10),
        receipt_number=f"R{volunteer.pk}",
        enrolled_on=D(fy, 4, 10),
        coverage_start=D(fy, 4, 11),
        coverage_end=D(fy + 1, 3, 31),
    )


def test_a_volunteer_downloads_everything_held_about_them(client, volunteer_user, other_volunteer_user):
    me = registered_volunteer(volunteer_user, name="開示 花子", email="kaiji@example.jp", fields=["elderly"])
    other = registered_volunteer(other_volunteer_user, name="他人 次郎", email="tanin@example.jp")
    IntroductionFactory(volunteer=me, note="火曜の午後が都合よい")
    IntroductionFactory(volunteer=other, note="他人の紹介")
    _enrol(me, 2026)
    event = make_event(title="傾聴講座")
    event_services.signup_create(event=event, volunteer=me)
    ConsultationFactory(volunteer=me, content="活動先の相談")
    client.force_login(volunteer_user)

    page = client.get("/mypage/my-data/").content.decode()
    for text in [
        "開示 花子",
        "kaiji@example.jp",
        "火曜の午後が都合よい",
        "傾聴講座",
        "活動先の相談",
        "高齢者",
    ]:
        assert text in page, text
    assert "他人" not in page

    response = client.get("/mypage/my-data.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert set(data) >= {
        "profile",
        "introductions",
        "insurance",
        "consultations",
        "notices",
        "bookings",
        "loans",
        "event_signups",
    }
    profile = data["profile"]["rows"][0]
    assert (
        profile["氏名"] == "開示 花子"
        and profile["ログインID"] == "bob"
        and profile["関心のある活動分野"] == ["高齢者"]
    )
    assert [row["講座・イベント"] for row in data["event_signups"]["rows"]] == ["傾聴講座"]
    assert data["insurance"]["rows"][0]["年度"] == 2026
    assert "他人" not in response.content.decode()

    response = client.get("/mypage/my-data.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["区分", "番号", "項目", "内容"]
    assert ["登録内容", "1", "氏名", "開示 花子"] in rows
    assert ["活動の紹介", "1", "備考", "火曜の午後が都合よい"] in rows
    assert client.get("/mypage/my-data.xml").status_code == 404
    # Before withdrawing, the person is pointed at the download.
    assert "/mypage/my-data/" in client.get("/mypage/withdraw/").content.decode()


def test_others_cannot_download_a_volunteers_data(client, staff):
    assert client.get("/mypage/my-data.json").status_code == 302
    client.force_login(staff)
    assert client.get("/mypage/my-data.json").status_code in (403, 404)


PLAN_METRICS = [
    "volunteers.new_registrations",
    "volunteers.active_volunteers",
    "volunteers.introductions",
    "volunteers.consultations",
    "volunteers.insurance_people",
]


def _numbers(fy):
    return {key: metrics.value(key, "", fy) for key in PLAN_METRICS}


def _withdrawn_volunteer(user, *, name, registered_on, withdrawn_on):
    volunteer = registered_volunteer(user, name=name, email=f"{user.username}@example.jp", fields=["elderly"])
    Volunteer.objects.filter(pk=volunteer.pk).update(registered_on=registered_on)
    volunteer.refresh_from_db()
    volunteer_update(
        volunteer=volunteer,
        data={"address": "西東京市保谷町1-1-1", "phone": "042-421-0001"},
        activity_fields=[activity_field("elderly")],
        by=user,
    )
    IntroductionFactory(volunteer=volunteer, introduced_on=registered_on, note="本人の都合メモ")
    ConsultationFactory(volunteer=volunteer, received_on=registered_on, content=f"{name}さんの相談")
    _enrol(volunteer, 2022)
    notify(volunteer=volunteer, subject="ご案内", body=f"{name} 様")
    volunteer = volunteer_set_status(volunteer=volunteer, status="withdrawn", by=user)
    Volunteer.objects.filter(pk=volunteer.pk).update(withdrawn_on=withdrawn_on)
    volunteer.refresh_from_db()
    return volunteer


def test_withdrawn_data_is_anonymised_after_the_retention_period_and_the_counts_stay(
    volunteer_user, other_volunteer_user, staff, capsys
):
    core_services.retention_set(days=365, by=staff)
    today = datetime.date.today()
    old = _withdrawn_volunteer(
        volunteer_user, name="古株 花子", registered_on=D(2022, 5, 10), withdrawn_on=D(2023, 1, 31)
    )
    recent = _withdrawn_volunteer(
        other_volunteer_user,
        name="最近 太郎",
        registered_on=D(2022, 6, 1),
        withdrawn_on=today - datetime.timedelta(days=30),
    )
    event = make_event(title="傾聴講座")
    EventSignup.objects.create(event=event, volunteer=old, people=1, status="confirmed")
    before = {fy: _numbers(fy) for fy in (2022, 2023)}
    assert (
        before[2022]["volunteers.new_registrations"] == 2 and before[2022]["volunteers.insurance_people"] == 2
    )

    call_command("anonymise_withdrawn", "--dry-run")
    assert "1 volunteer(s) due" in capsys.readouterr().out
    assert Volunteer.objects.get(pk=old.pk).name == "古株 花子"

    call_command("anonymise_withdrawn")
    assert "anonymised 1 volunteer(s)" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.anonymised_on == today and old.name == f"退会者{old.pk}"
    assert (old.email, old.phone, old.address, old.birth_date) == ("", "", "", None)
    assert old.status == "withdrawn" and old.registered_on == D(2022, 5, 10) and old.lives_in_city
    user = old.user
    assert user.username == f"withdrawn-{user.pk}" and user.email == "" and not user.has_usable_password()
    assert Enrolment.objects.get(volunteer=old).person_name == f"退会者{old.pk}"
    assert Introduction.objects.get(volunteer=old).note == ""
    assert "古株" not in Consultation.objects.get(volunteer=old).content
    assert "古株" not in Notice.objects.get(volunteer=old).body
    # The history keeps who did what and when, but no longer the values.
    history = AuditEntry.objects.filter(target_type="volunteers.volunteer", target_id=old.pk)
    assert history.filter(action="volunteer.anonymise").exists()
    assert "古株" not in json.dumps(list(history.values_list("changes", flat=True)), ensure_ascii=False)
    assert "042-421-0001" not in json.dumps(
        list(history.values_list("changes", flat=True)), ensure_ascii=False
    )
    # The one withdrawn a month ago is kept as it was.
    recent.refresh_from_db()
    assert recent.name == "最近 太郎" and recent.anonymised_on is None

    assert {fy: _numbers(fy) for fy in (2022, 2023)} == before
    # Running again changes nothing.
    call_command("anonymise_withdrawn")
    assert "anonymised 0 volunteer(s)" in capsys.readouterr().out


def test_staff_set_the_retention_period_in_the_admin_and_it_is_recorded(client, staff, base_data):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    PrivacySettings.current()
    response = client.post("/admin/core/privacysettings/1/change/", {"withdrawn_retention_days": "730"})
    assert response.status_code == 302
    assert PrivacySettings.current().withdrawn_retention_days == 730
    entry = AuditEntry.objects.get(action="privacy_retention")
    assert entry.changes == {"withdrawn_retention_days": [365 * 3, 730]} and entry.actor == staff
    bad = client.post("/admin/core/privacysettings/1/change/", {"withdrawn_retention_days": "3"})
    assert bad.status_code == 200 and PrivacySettings.current().withdrawn_retention_days == 730


def test_event_guests_are_anonymised_after_the_retention_period_and_participants_stay(staff, capsys):
    from config.core.dates import fiscal_year

    core_services.retention_set(days=365, by=staff)
    old_event = make_event(title="昔の講座", days_ahead=-800)
    new_event = make_event(title="先月の講座", days_ahead=-30)
    old = EventSignup.objects.create(
        event=old_event,
        guest_name="昔 花子",
        guest_phone="042-466-0001",
        guest_email="mukashi@example.jp",
        people=2,
        status="confirmed",
    )
    recent = EventSignup.objects.create(
        event=new_event, guest_name="最近 花子", guest_phone="042-466-0002", people=1, status="confirmed"
    )
    years = {fiscal_year(old_event.sessions.first().starts_at.date()), fiscal_year(datetime.date.today())}
    before = {fy: metrics.value("programs.event_participants", "", fy) for fy in years}
    assert sum(before.values()) >= 3

    call_command("anonymise_withdrawn")
    assert "guests' rows blanked: 1" in capsys.readouterr().out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.guest_name, old.guest_phone, old.guest_email) == ("（匿名化済み）", "", "")
    assert old.people == 2 and old.status == "confirmed"
    assert recent.guest_name == "最近 花子"
    assert {fy: metrics.value("programs.event_participants", "", fy) for fy in years} == before
    call_command("anonymise_withdrawn")
    assert "guests' rows blanked: 0" in capsys.readouterr().out
