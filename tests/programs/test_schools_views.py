"""School lessons and outreach courses through the pages: the public form and the staff entry form, each staff step,
bad input on every form (a message at the top and at the field, nothing saved), the calendar, the list's filters."""

import datetime

import pytest
from django.utils import timezone

from programs.models import EquipmentLoan, SchoolLecturer, SchoolRequest
from programs.services import schools as services
from tests.volunteers.factories import VolunteerFactory, registered_group
from volunteers.models import ActivityField, Notice

from .factories import equipment_rules, make_kind, make_units, open_days
from .school_factories import confirmed, submit, themes

pytestmark = pytest.mark.django_db
S = SchoolRequest.Status
DAY = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def form_data(base_data):
    return {
        "kind": "lesson",
        "organisation": "西東京市立けやき小学校",
        "grade": "4年生",
        "pupils": "６０",
        "theme": themes()["手話"].pk,
        "wishes": "手話であいさつができるように",
        "place": "けやき小学校 多目的室",
        "contact_name": "田無 先生",
        "contact_phone": "０４２－４６１－００００",
        "contact_email": "Sensei@Example.JP",
        "date1": DAY.isoformat(),
        "start1": "10:45",
        "end1": "12:20",
        "date2": "",
        "start2": "",
        "end2": "",
        "date3": "",
        "start3": "",
        "end3": "",
        "consent": "on",
    }


@pytest.fixture
def lecturer(base_data):
    volunteer = VolunteerFactory(registered=True, name="手話 花子")
    volunteer.activity_fields.add(ActivityField.objects.get(slug="sign-language"))
    return volunteer


def shows_error(response, message: str, *, at_field: bool = True) -> bool:
    body = response.content.decode()
    top = body.split("data-error-summary>", 1)
    if response.status_code != 400 or len(top) < 2 or message not in top[1].split("</div>", 1)[0]:
        return False
    return not at_field or ("is-invalid" in body and body.count(message) >= 2)


# --- the public form ---------------------------------------------------------------------------------------


def test_a_school_sends_a_request_from_the_home_page(client, form_data):
    assert "/schools/request/" in client.get("/").content.decode()
    page = client.get("/schools/request/").content.decode()
    assert "高齢者疑似体験" in page and "学校の授業・出張講座のご依頼" in page
    response = client.post(
        "/schools/request/",
        form_data
        | {"date2": (DAY + datetime.timedelta(days=7)).isoformat(), "start2": "13:30", "end2": "15:00"},
    )
    assert response.status_code == 302 and response.url == "/schools/request/thanks/"
    school_request = SchoolRequest.objects.get()
    assert school_request.status == S.RECEIVED and school_request.channel == "online"
    assert school_request.pupils == 60 and school_request.contact_phone == "042-461-0000"
    assert school_request.contact_email == "sensei@example.jp" and school_request.created_by is None
    assert [(d.rank, d.start) for d in school_request.dates.all()] == [
        (1, datetime.time(10, 45)),
        (2, datetime.time(13, 30)),
    ]
    assert "受け付けました" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"organisation": ""}, "学校名・団体名を入力してください"),
        ({"organisation": "あ" * 101}, "学校名・団体名は100文字以内"),
        ({"contact_name": "   "}, "ご担当の先生・担当者を入力してください"),
        ({"pupils": ""}, "人数（児童・生徒・参加者）を入力してください"),
        ({"pupils": "0"}, "1以上"),
        ({"pupils": "2001"}, "2000以下"),
        ({"pupils": "たくさん"}, "数字で入力"),
        ({"theme": ""}, "テーマを選んでください"),
        ({"theme": "999999"}, "テーマは一覧から選んでください"),
        ({"kind": "party"}, "依頼の種類は一覧から選んでください"),
        ({"contact_phone": "abc"}, "電話番号"),
        ({"contact_email": "not-mail"}, "メールアドレスの形"),
        ({"wishes": "あ" * 1001}, "内容のご希望は1000文字以内"),
        ({"date1": ""}, "第1希望日を入力してください"),
        ({"date1": "1900-01-01"}, "日付が正しくありません"),
        ({"date1": "2026-02-30"}, "第1希望日は 2026-05-12 の形"),
        ({"end1": "10:00"}, "終了時刻は開始時刻より後に"),
        ({"start1": "25:00"}, "第1希望の開始時刻は 10:30 の形"),
        ({"date2": DAY.isoformat()}, "希望日の開始時刻と終了時刻を入力してください"),
        ({"start3": "10:00", "end3": "11:00"}, "時刻を入れた希望には日付も"),
    ],
)
def test_bad_input_on_the_public_form_saves_nothing(client, form_data, change, message):
    response = client.post("/schools/request/", form_data | change)
    assert shows_error(response, message), response.content.decode()[:3000]
    assert not SchoolRequest.objects.exists() and not Notice.objects.exists()


def test_a_past_date_is_refused_at_the_top(client, form_data):
    response = client.post("/schools/request/", form_data | {"date1": "2001-04-01"})
    assert shows_error(response, "今日以降", at_field=False)
    assert not SchoolRequest.objects.exists()


def test_hostile_text_is_kept_as_text_and_never_run(client, form_data, staff):
    hostile = '<script>alert("x")</script> & "先生"'
    response = client.post("/schools/request/", form_data | {"wishes": hostile, "pupils": "0"})
    body = response.content.decode()
    assert response.status_code == 400 and "<script>alert" not in body and "&lt;script&gt;" in body
    assert not SchoolRequest.objects.exists()
    client.post("/schools/request/", form_data | {"wishes": hostile})
    school_request = SchoolRequest.objects.get()
    assert school_request.wishes == hostile
    client.force_login(staff)
    page = client.get(f"/staff/schools/{school_request.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


# --- staff ------------------------------------------------------------------------------------------------


def test_staff_pages_need_staff(client, volunteer_user):
    for url in ("/staff/schools/", "/staff/schools/new/", "/staff/schools/calendar/"):
        assert client.get(url).status_code == 302
    client.force_login(volunteer_user)
    assert client.get("/staff/schools/").status_code == 403


def test_staff_enter_a_phoned_request_and_bad_input_saves_nothing(client, staff, form_data):
    client.force_login(staff)
    assert "学校・出張講座の依頼" in client.get("/staff/").content.decode()
    response = client.post("/staff/schools/new/", form_data | {"channel": "staff", "staff_note": "あ" * 2001})
    assert shows_error(response, "職員メモは2000文字以内")
    response = client.post("/staff/schools/new/", form_data | {"channel": "", "contact_email": ""})
    assert shows_error(response, "受付方法を選んでください")
    assert not SchoolRequest.objects.exists()
    response = client.post("/staff/schools/new/", form_data | {"channel": "staff", "contact_email": ""})
    school_request = SchoolRequest.objects.get()
    assert response.url == f"/staff/schools/{school_request.pk}/"
    assert school_request.channel == "staff" and school_request.created_by == staff
    assert Notice.objects.get().channel == Notice.Channel.MANUAL  # no email: on the staff phone list


def test_staff_take_a_request_from_received_to_held(client, staff, lecturer):
    school_request = submit(theme="手話")
    client.force_login(staff)
    url = f"/staff/schools/{school_request.pk}/"
    page = client.get(url).content.decode()
    assert "手話 花子を講師にする" in page and "分野：手話" in page
    assert client.post(url, {"action": "arranging"}).status_code == 302
    client.post(url, {"action": "lecturer", "lecturer-volunteer": lecturer.pk})
    assert SchoolLecturer.objects.get().volunteer == lecturer
    response = client.post(
        url,
        {
            "action": "confirm",
            "confirm-day": DAY.isoformat(),
            "confirm-start": "10:45",
            "confirm-end": "12:20",
        },
    )
    assert response.status_code == 302
    school_request.refresh_from_db()
    assert school_request.status == S.CONFIRMED
    assert timezone.localtime(school_request.starts_at).time() == datetime.time(10, 45)
    response = client.post(
        url, {"action": "held", "held-pupils_reached": "58", "held-report": "よくできました"}
    )
    assert shows_error(response, "過ぎてから", at_field=False)  # the lesson has not taken place yet
    SchoolRequest.objects.filter(pk=school_request.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=2),
    )
    client.post(url, {"action": "held", "held-pupils_reached": "58", "held-report": "よくできました"})
    school_request.refresh_from_db()
    assert school_request.status == S.HELD and school_request.pupils_reached == 58
    page = client.get(url).content.decode()
    assert "よくできました" in page and "実施済にする" not in page and "中止にする" not in page


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"action": "confirm", "confirm-day": "", "confirm-start": "10:00", "confirm-end": "11:00"},
            "実施日を入力",
        ),
        (
            {
                "action": "confirm",
                "confirm-day": "3000-01-01",
                "confirm-start": "10:00",
                "confirm-end": "11:00",
            },
            "日付が正しくありません",
        ),
        (
            {
                "action": "confirm",
                "confirm-day": DAY.isoformat(),
                "confirm-start": "11:00",
                "confirm-end": "10:00",
            },
            "終了時刻は開始時刻より後に",
        ),
        (
            {
                "action": "confirm",
                "confirm-day": DAY.isoformat(),
                "confirm-start": "",
                "confirm-end": "10:00",
            },
            "開始時刻を入力",
        ),
        ({"action": "cancel", "cancel-reason": ""}, "中止の理由を入力"),
        ({"action": "cancel", "cancel-reason": "あ" * 201}, "中止の理由は200文字以内"),
    ],
)
def test_bad_input_on_the_staff_steps_changes_nothing(client, staff, data, message):
    school_request = submit()
    client.force_login(staff)
    response = client.post(f"/staff/schools/{school_request.pk}/", data)
    assert shows_error(response, message), response.content.decode()[:2000]
    school_request.refresh_from_db()
    assert school_request.status == S.RECEIVED and school_request.starts_at is None


def test_deciding_without_a_lecturer_is_refused_at_the_top(client, staff):
    school_request = submit()
    client.force_login(staff)
    response = client.post(
        f"/staff/schools/{school_request.pk}/",
        {
            "action": "confirm",
            "confirm-day": DAY.isoformat(),
            "confirm-start": "10:00",
            "confirm-end": "11:00",
        },
    )
    assert shows_error(response, "先に講師", at_field=False)
    assert SchoolRequest.objects.get().status == S.RECEIVED


@pytest.mark.parametrize(
    "data, message",
    [
        ({"held-pupils_reached": "", "held-report": "報告"}, "参加した人数を入力"),
        ({"held-pupils_reached": "-1", "held-report": "報告"}, "0以上"),
        ({"held-pupils_reached": "2001", "held-report": "報告"}, "2000以下"),
        ({"held-pupils_reached": "30", "held-report": ""}, "実施の報告（短く）を入力"),
        ({"held-pupils_reached": "30", "held-report": "あ" * 2001}, "2000文字以内"),
    ],
)
def test_bad_input_on_the_report_changes_nothing(client, staff, lecturer, data, message):
    school_request = confirmed(by=staff, lecturer=lecturer)
    client.force_login(staff)
    response = client.post(f"/staff/schools/{school_request.pk}/", {"action": "held", **data})
    assert shows_error(response, message)
    assert SchoolRequest.objects.get().status == S.CONFIRMED


def test_bad_lecturer_input_changes_nothing(client, staff, lecturer):
    school_request = submit()
    client.force_login(staff)
    url = f"/staff/schools/{school_request.pk}/"
    response = client.post(url, {"action": "lecturer"})
    assert shows_error(response, "講師にするボランティアか団体を一つ", at_field=False)
    group = registered_group(name="田無手話サークル")
    response = client.post(
        url, {"action": "lecturer", "lecturer-volunteer": lecturer.pk, "lecturer-group": group.pk}
    )
    assert shows_error(response, "一つ選んで", at_field=False)
    response = client.post(
        url, {"action": "lecturer", "lecturer-volunteer": lecturer.pk, "lecturer-role": "あ" * 51}
    )
    assert shows_error(response, "50文字以内", at_field=False)
    assert client.post(url, {"action": "lecturer", "lecturer-volunteer": "999999"}).status_code == 404
    assert client.post(url, {"action": "nonsense"}).status_code == 302
    assert not SchoolLecturer.objects.exists()


def test_staff_reserve_and_release_equipment_for_the_lesson(client, staff, lecturer, tanashi):
    equipment_rules(tanashi, max_days_ahead=30)
    kind = make_kind("点字器", lend_to_schools=True)
    make_units(kind, tanashi, 1)
    day = open_days(tanashi, DAY, 1)[0]
    school_request = confirmed(by=staff, lecturer=lecturer, day=day)
    client.force_login(staff)
    url = f"/staff/schools/{school_request.pk}/"
    base = {"action": "equipment", "equipment-kind": kind.pk, "equipment-site": tanashi.pk}
    for change, message in [
        ({"equipment-kind": ""}, "品目を選んでください"),
        ({"equipment-pickup_on": "", "equipment-return_on": day.isoformat()}, "受取日を入力"),
        (
            {"equipment-pickup_on": "1999-01-01", "equipment-return_on": day.isoformat()},
            "日付が正しくありません",
        ),
        ({"equipment-pickup_on": "abc", "equipment-return_on": day.isoformat()}, "受取日は 2026-05-12 の形"),
    ]:
        data = (
            base | {"equipment-pickup_on": day.isoformat(), "equipment-return_on": day.isoformat()} | change
        )
        assert shows_error(client.post(url, data), message)
    assert not EquipmentLoan.objects.exists()
    later = (day + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, base | {"equipment-pickup_on": later, "equipment-return_on": later})
    assert shows_error(response, "授業の日", at_field=False)
    client.post(url, base | {"equipment-pickup_on": day.isoformat(), "equipment-return_on": day.isoformat()})
    loan = EquipmentLoan.objects.get()
    assert loan.school_request == school_request
    assert "西東京市立けやき小学校" in client.get("/staff/equipment/").content.decode()
    client.post(url, {"action": "equipment_release", "loan": loan.pk})
    loan.refresh_from_db()
    assert loan.status == EquipmentLoan.Status.CANCELLED


def test_the_calendar_shows_decided_lessons_of_the_month_without_js(client, staff, lecturer):
    november = datetime.date(timezone.localdate().year + 1, 11, 12)
    school_request = confirmed(by=staff, lecturer=lecturer, day=november)
    confirmed(by=staff, lecturer=lecturer, day=november.replace(month=12), organisation="ひばり中学校")
    submit(day=november, organisation="まだ受付の小学校")
    client.force_login(staff)
    page = client.get(f"/staff/schools/calendar/?month={november:%Y-%m}").content.decode()
    assert f"/staff/schools/{school_request.pk}/" in page and "10:00 西東京市立けやき小学校" in page
    assert "ひばり中学校" not in page and "まだ受付の小学校" not in page
    assert f"?month={november.year}-10" in page and f"?month={november.year}-12" in page
    assert client.get("/staff/schools/calendar/?month=garbage").status_code == 200


def test_the_list_filters_by_status_kind_year_and_name(client, staff, lecturer):
    decided = confirmed(by=staff, lecturer=lecturer)
    outreach = submit(kind="outreach", organisation="ひばりが丘団地自治会", theme="ボランティア入門")
    client.force_login(staff)
    # `fy=` (every year): in late March the lesson two weeks ahead is in the next fiscal year, not the default one.
    page = client.get("/staff/schools/?status=confirmed&fy=").content.decode()
    assert decided.organisation in page and outreach.organisation not in page
    page = client.get("/staff/schools/?kind=outreach&fy=").content.decode()
    assert outreach.organisation in page and decided.organisation not in page
    page = client.get("/staff/schools/?q=団地&fy=").content.decode()
    assert outreach.organisation in page and decided.organisation not in page
    page = client.get("/staff/schools/?fy=2001").content.decode()
    assert "条件に合う依頼はありません" in page
    assert client.get("/staff/schools/?status=bogus&fy=x&page=99").status_code == 200


def test_a_get_writes_nothing(client, staff):
    school_request = submit()
    client.force_login(staff)
    client.get(f"/staff/schools/{school_request.pk}/?action=arranging")
    assert SchoolRequest.objects.get().status == S.RECEIVED
    assert client.get("/staff/schools/999999/").status_code == 404


def test_the_admin_edits_a_request_through_the_service(client, staff):
    from config.core.models import AuditEntry

    school_request = submit()
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    url = f"/admin/programs/schoolrequest/{school_request.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.get(f"/admin/programs/schoolrequest/{school_request.pk}/delete/").status_code == 403
    data = {f: getattr(school_request, f) for f in services.REQUEST_FIELDS if f != "theme"}
    data |= {"theme": school_request.theme_id, "staff_note": "校長先生にも連絡済み", "grade": "5年生"}
    data |= {
        "dates-TOTAL_FORMS": 1,
        "dates-INITIAL_FORMS": 1,
        "dates-0-id": school_request.dates.get().pk,
        "dates-0-request": school_request.pk,
        "lecturers-TOTAL_FORMS": 0,
        "lecturers-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    school_request.refresh_from_db()
    assert school_request.grade == "5年生"
    assert AuditEntry.objects.filter(action="school_request_update").exists()


def test_a_step_from_a_stale_page_is_refused_with_a_message(client, staff, lecturer):
    school_request = submit()
    services.request_cancel(school_request=school_request, reason="学校の都合", by=staff)
    client.force_login(staff)
    url = f"/staff/schools/{school_request.pk}/"
    response = client.post(
        url, {"action": "held", "held-pupils_reached": "30", "held-report": "報告"}, follow=True
    )
    assert "「中止」の依頼は「実施済」にできません" in response.content.decode()
    response = client.post(url, {"action": "arranging"}, follow=True)
    assert "「中止」の依頼は「調整中」にできません" in response.content.decode()
    assert SchoolRequest.objects.get().status == S.CANCELLED
