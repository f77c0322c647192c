"""Importing volunteers and groups from a messy sheet: the preview names exactly the bad rows, confirming
writes the good ones only (when staff choose to leave the bad ones out), a re-run changes nothing."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from config.core import imports, roles
from config.core.dates import current_fiscal_year
from config.core.models import AuditEntry, ImportLog
from volunteers.models import GroupRegistration, Notice, Volunteer, VolunteerGroup
from volunteers.models.people import VolunteerStatus

from .factories import VolunteerFactory, VolunteerGroupFactory

VOLUNTEER_HEADERS = [
    "フリガナ",
    "氏名",
    "生年月日",
    "郵便番号",
    "住所",
    "電話番号",
    "メールアドレス",
    "活動分野",
    "活動できる曜日・時間帯",
    "状態",
    "登録日",
    "特技・資格",
]
# Headers out of the template's order on purpose; each row is a kind of mess staff sheets have.
MESSY_VOLUNTEERS = [
    [
        "にしとうきょう はなこ",
        "西東京 花子",
        "昭和25年5月10日",
        "１８８００１１",
        "西東京市田無町5-5-12",
        "０４２４６６３０７０",
        "",
        "高齢者、保健・医療",
        "月曜午前、水曜午後",
        "登録済",
        "2020/4/1",
        "",
    ],  # 2 ok
    [
        "ヤマダ タロウ",
        "山田 太郎",
        "S25.5.10",
        "188-0012",
        "西東京市南町1-1",
        "042-461-1111",
        "TARO@EXAMPLE.JP",
        "",
        "",
        "",
        "令和2年4月1日",
        "",
    ],  # 3 ok
    ["", "", "", "", "", "", "", "", "", "", "", ""],  # 4 blank line, skipped
    [
        "スズキ イチロウ",
        "鈴木 一郎",
        "1950/5/10",
        "202-0001",
        "西東京市ひばりが丘1-1",
        "0424-22-2222",
        "",
        "",
        "",
        "休止",
        "2019-04-01",
        '=HYPERLINK("http://evil.example/","click")',
    ],  # 5 ok, hostile
    [
        "鈴木",
        "佐藤 次郎",
        "1960/1/1",
        "188-0011",
        "西東京市田無町1",
        "042-466-3070",
        "",
        "",
        "",
        "",
        "",
        "",
    ],  # 6 bad furigana
    [
        "タナカ ミチコ",
        "田中 美智子",
        "昭和99年13月1日",
        "188-0011",
        "西東京市田無町2",
        "042-466-3070",
        "",
        "",
        "",
        "",
        "",
        "",
    ],  # 7 bad date
    [
        "ニシトウキョウ ハナコ",
        "西東京 花子",
        "1950-05-10",
        "188-0011",
        "西東京市田無町5-5-12",
        "042-466-3070",
        "",
        "",
        "",
        "",
        "",
        "",
    ],  # 8 duplicate of row 2
    [
        "コバヤシ ユキ",
        "小林 由紀",
        "1970/3/3",
        "188",
        "西東京市田無町3",
        "12345",
        "",
        "釣り",
        "",
        "登録済",
        "",
        "<script>alert(1)</script>",
    ],  # 9 bad postal, phone, field, no 登録日
    [
        "ワタナベ ケン",
        "渡辺 健",
        "1980/8/8",
        "188-0011",
        "西東京市田無町4",
        "",
        "ken@example.jp",
        "",
        "",
        "",
        "",
        "<script>alert(1)</script>",
    ],  # 10 ok, provisional
]
BAD_ROWS = [6, 7, 8, 9]


def csv_upload(headers, rows, *, encoding="utf-8-sig", name="roster.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(headers, rows, name="roster.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def preview(kind, upload, by):
    return imports.preview_upload(importer=imports.get_importer(kind), upload=upload, by=by)


@pytest.mark.django_db
def test_the_preview_lists_exactly_the_bad_rows_and_writes_nothing(staff):
    log = preview("volunteers", csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS), staff)
    assert log.preview["error_rows"] == BAD_ROWS
    assert (log.preview["rows"], log.preview["create"], log.preview["error"]) == (8, 4, 4)
    messages = {row["number"]: " ".join(row["messages"]) for row in log.preview["listed"]}
    assert "フリガナはカタカナ（またはひらがな）で入力してください。" in messages[6]
    assert "生年月日" in messages[7]
    assert "2行目と同じ方です" in messages[8]
    assert "郵便番号は7桁の数字で入力してください" in messages[9]
    assert "電話番号" in messages[9] and "「釣り」という分野はありません" in messages[9]
    assert "登録日を入力してください" in messages[9]
    assert Volunteer.objects.count() == 0
    assert log.status == ImportLog.Status.PREVIEWED


@pytest.mark.django_db
def test_a_file_with_bad_rows_is_imported_only_when_staff_leave_them_out(staff):
    log = preview("volunteers", csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS), staff)
    with pytest.raises(imports.ValidationError):
        imports.import_file(log=log, by=staff)
    assert Volunteer.objects.count() == 0

    log = imports.import_file(log=log, by=staff, allow_partial=True)
    assert (log.created_count, log.updated_count, log.error_count) == (4, 0, 4)
    assert sorted(Volunteer.objects.values_list("name", flat=True)) == [
        "山田 太郎",
        "渡辺 健",
        "西東京 花子",
        "鈴木 一郎",
    ]
    hanako = Volunteer.objects.get(name="西東京 花子")
    assert hanako.furigana == "ニシトウキョウ ハナコ" and hanako.birth_date == datetime.date(1950, 5, 10)
    assert (hanako.postal_code, hanako.phone, hanako.lives_in_city) == ("188-0011", "042-466-3070", True)
    assert sorted(f.name for f in hanako.activity_fields.all()) == ["保健・医療", "高齢者"]
    assert hanako.availability == ["mon_am", "wed_pm"]
    assert hanako.status == VolunteerStatus.REGISTERED and hanako.registered_on == datetime.date(2020, 4, 1)
    taro = Volunteer.objects.get(name="山田 太郎")
    assert (taro.email, taro.birth_date, taro.registered_on) == (
        "taro@example.jp",
        datetime.date(1950, 5, 10),
        datetime.date(2020, 4, 1),
    )
    assert Volunteer.objects.get(name="鈴木 一郎").status == VolunteerStatus.SUSPENDED
    assert Volunteer.objects.get(name="渡辺 健").status == VolunteerStatus.PROVISIONAL
    # The record's history names the file; imported history sends no notice. The registered (and paused)
    # get their login account, as staff registration gives one; the provisional get it when approved.
    entry = AuditEntry.objects.get(target_type="volunteers.volunteer", target_id=hanako.pk)
    assert entry.action == "volunteer.import" and str(log.pk) in entry.changes["import_log"][1]
    assert Notice.objects.count() == 0
    assert sorted(Volunteer.objects.filter(user__isnull=False).values_list("name", flat=True)) == [
        "山田 太郎",
        "西東京 花子",
        "鈴木 一郎",
    ]
    assert sorted(r[1] for r in log.records) == sorted(Volunteer.objects.values_list("pk", flat=True))
    assert log.checked == [] and len(log.sha256) == 64


@pytest.mark.django_db
def test_running_the_same_file_again_changes_nothing(staff):
    upload = csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS)
    imports.import_file(log=preview("volunteers", upload, staff), by=staff, allow_partial=True)
    before = list(Volunteer.objects.order_by("pk").values())
    audits = AuditEntry.objects.count()
    upload.seek(0)
    again = preview("volunteers", upload, staff)
    assert (again.preview["create"], again.preview["update"], again.preview["skip"]) == (0, 0, 4)
    imports.import_file(log=again, by=staff, allow_partial=True)
    assert list(Volunteer.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_registered_volunteers_get_an_account_like_staff_registration_and_no_mail(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import User

    upload = csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS)
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_file(log=preview("volunteers", upload, staff), by=staff, allow_partial=True)
    taro = Volunteer.objects.select_related("user").get(name="山田 太郎")
    user = taro.user
    # What volunteer_approve gives: the member number as login id, no usable password, the volunteer role.
    assert user.username == f"v{taro.pk:05d}" and not user.has_usable_password()
    assert (user.email, user.last_name, user.first_name) == ("taro@example.jp", "山田", "太郎")
    assert list(user.groups.values_list("name", flat=True)) == [roles.VOLUNTEER]
    assert AuditEntry.objects.filter(action="account.create", target_id=user.pk).exists()
    assert mailoutbox == [] and Notice.objects.count() == 0
    assert Volunteer.objects.get(name="渡辺 健").user is None  # 仮登録: the account comes with approval

    # A re-run makes no second account.
    users = User.objects.count()
    upload.seek(0)
    again = preview("volunteers", upload, staff)
    assert (again.preview["create"], again.preview["update"]) == (0, 0)
    imports.import_file(log=again, by=staff, allow_partial=True)
    assert User.objects.count() == users

    # Staff send the set-password mail from the person's page, as for anyone registered at the counter.
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("volunteers:staff_volunteer_send_link", args=[taro.pk]))
    assert len(mailoutbox) == 1 and user.username in mailoutbox[0].body


@pytest.mark.django_db
def test_a_registered_volunteer_imported_without_an_account_gets_one_on_the_next_run(staff):
    from django.contrib.auth.models import User

    hanako = VolunteerFactory(
        name="西東京 花子",
        furigana="ニシトウキョウ ハナコ",
        birth_date=datetime.date(1950, 5, 10),
        status=VolunteerStatus.REGISTERED,
        registered_on=datetime.date(2020, 4, 1),
        user=None,
    )
    headers = ["氏名", "フリガナ", "生年月日", "郵便番号", "住所", "状態", "登録日"]
    row = [
        "西東京 花子",
        "ニシトウキョウ ハナコ",
        "1950/5/10",
        hanako.postal_code,
        hanako.address,
        "登録済",
        "2020/4/1",
    ]
    log = preview("volunteers", csv_upload(headers, [row]), staff)
    assert log.preview["update"] == 1 and "ログイン用のアカウント" in log.preview["updates"][0]["changed"]
    imports.import_file(log=log, by=staff)
    hanako.refresh_from_db()
    assert hanako.user.username == f"v{hanako.pk:05d}"
    users = User.objects.count()
    again = preview("volunteers", csv_upload(headers, [row]), staff)
    assert (again.preview["update"], again.preview["skip"]) == (0, 1)
    imports.import_file(log=again, by=staff)
    assert User.objects.count() == users


@pytest.mark.django_db
def test_a_changed_row_updates_the_matched_person_and_says_what_changes(staff):
    VolunteerFactory(
        name="西東京 花子",
        furigana="ニシトウキョウ ハナコ",
        birth_date=datetime.date(1950, 5, 10),
        phone="042-466-3070",
    )
    rows = [MESSY_VOLUNTEERS[0][:5] + ["042-461-9999"] + MESSY_VOLUNTEERS[0][6:]]
    log = preview("volunteers", csv_upload(VOLUNTEER_HEADERS, rows), staff)
    assert (log.preview["create"], log.preview["update"]) == (0, 1)
    assert "電話番号" in log.preview["updates"][0]["changed"]
    imports.import_file(log=log, by=staff)
    assert Volunteer.objects.get().phone == "042-461-9999"
    assert AuditEntry.objects.filter(action="volunteer.import_update").count() == 1


@pytest.mark.django_db
def test_a_possible_duplicate_is_shown_and_not_merged(staff):
    VolunteerFactory(
        name="山田 太郎",
        furigana="ヤマダ タロウ",
        birth_date=datetime.date(1950, 5, 10),
        email="other@example.jp",
        phone="",
    )
    # Same name and birth date, another furigana: perhaps the same person, perhaps not.
    rows = [
        [
            "ヤマダ タロオ",
            "山田 太郎",
            "1950/5/10",
            "188-0012",
            "西東京市南町1-1",
            "042-461-1111",
            "",
            "",
            "",
            "",
            "2020/4/1",
            "",
        ]
    ]
    log = preview("volunteers", csv_upload(VOLUNTEER_HEADERS, rows), staff)
    assert log.preview["create"] == 1 and log.preview["duplicates"] == 1
    assert "山田 太郎" in log.preview["listed"][0]["duplicates"][0]
    imports.import_file(log=log, by=staff)
    assert Volunteer.objects.filter(name="山田 太郎").count() == 2


@pytest.mark.django_db
def test_a_shift_jis_file_reads_like_utf8(staff):
    log = preview("volunteers", csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS, encoding="cp932"), staff)
    assert log.preview["error_rows"] == BAD_ROWS
    imports.import_file(log=log, by=staff, allow_partial=True)
    assert Volunteer.objects.filter(furigana="ニシトウキョウ ハナコ").exists()


@pytest.mark.django_db
def test_an_xlsx_sheet_with_real_dates_and_a_formula_cell(staff):
    rows = [
        [
            "ニシトウキョウ ハナコ",
            "西東京 花子",
            datetime.datetime(1950, 5, 10),
            1880011,
            "西東京市田無町5-5-12",
            "042-466-3070",
            "",
            "",
            "",
            "登録済",
            datetime.date(2020, 4, 1),
            '=HYPERLINK("http://evil.example/","x")',
        ],
    ]
    log = preview("volunteers", xlsx_upload(VOLUNTEER_HEADERS, rows), staff)
    assert log.preview["error_rows"] == [] and log.preview["create"] == 1
    imports.import_file(log=log, by=staff)
    hanako = Volunteer.objects.get()
    assert hanako.birth_date == datetime.date(1950, 5, 10) and hanako.postal_code == "188-0011"
    assert hanako.skills == '=HYPERLINK("http://evil.example/","x")'


@pytest.mark.django_db
def test_hostile_cells_are_stored_as_text_and_exported_without_a_formula(staff, client):
    imports.import_file(
        log=preview("volunteers", csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS), staff),
        by=staff,
        allow_partial=True,
    )
    assert Volunteer.objects.get(name="鈴木 一郎").skills.startswith("=HYPERLINK(")
    assert Volunteer.objects.get(name="渡辺 健").skills == "<script>alert(1)</script>"
    client.force_login(staff)
    page = client.get(f"/staff/volunteers/{Volunteer.objects.get(name='渡辺 健').pk}/")
    assert b"<script>alert(1)</script>" not in page.content
    export = client.get("/staff/volunteers/", {"export": "csv", "columns": ["name", "skills"]})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and ",=HYPERLINK(" not in text


@pytest.mark.django_db
def test_a_sheet_without_a_needed_column_is_refused_whole(staff):
    with pytest.raises(imports.FileProblem) as exc:
        preview(
            "volunteers", csv_upload(["氏名", "フリガナ"], [["西東京 花子", "ニシトウキョウ ハナコ"]]), staff
        )
    assert "郵便番号" in exc.value.messages[0] and "住所" in exc.value.messages[0]
    assert ImportLog.objects.count() == 0


GROUP_HEADERS = [
    "団体名",
    "団体名（フリガナ）",
    "代表者氏名",
    "連絡担当者氏名",
    "連絡先電話番号",
    "会員数",
    "活動分野",
    "年度",
    "登録状態",
]
MESSY_GROUPS = [
    [
        "ひばりの会",
        "ひばりのかい",
        "西東京 太郎",
        "西東京 花子",
        "042-466-3070",
        "１２",
        "高齢者",
        "令和8年度",
        "登録済",
    ],  # 2 ok
    ["ひまわり21", "ヒマワリ21", "山田 一郎", "山田 花子", "0424613333", "5", "", "2026", ""],  # 3 ok
    ["", "", "", "", "", "", "", "", ""],  # 4 blank
    ["ひばりの会", "ヒバリノカイ", "別 人", "別 人", "042-466-3070", "3", "", "2026", ""],  # 5 duplicate name
    ["つばさ", "翼", "佐藤 三郎", "佐藤 三郎", "042", "0", "", "2026", ""],  # 6 bad kana, phone, members
]


@pytest.mark.django_db
def test_groups_import_with_their_year_registration_and_a_rerun_changes_nothing(staff):
    log = preview("groups", csv_upload(GROUP_HEADERS, MESSY_GROUPS, encoding="cp932"), staff)
    assert log.preview["error_rows"] == [5, 6]
    messages = {row["number"]: " ".join(row["messages"]) for row in log.preview["listed"]}
    assert "2行目と同じ団体名です" in messages[5]
    assert "会員数は1人以上で入力してください。" in messages[6] and "電話番号" in messages[6]
    imports.import_file(log=log, by=staff, allow_partial=True)
    hibari = VolunteerGroup.objects.get(name="ひばりの会")
    assert hibari.name_kana == "ヒバリノカイ" and hibari.members_count == 12
    registration = GroupRegistration.objects.get(group=hibari)
    assert (registration.fiscal_year, registration.status) == (2026, GroupRegistration.Status.APPROVED)
    assert VolunteerGroup.objects.get(name="ひまわり21").contact_phone == "042-461-3333"
    assert Notice.objects.count() == 0

    again = preview("groups", csv_upload(GROUP_HEADERS, MESSY_GROUPS), staff)
    assert (again.preview["create"], again.preview["update"], again.preview["skip"]) == (0, 0, 2)


@pytest.mark.django_db
def test_a_known_group_gets_the_new_years_registration(staff):
    group = VolunteerGroupFactory(name="ひばりの会", name_kana="ヒバリノカイ", members_count=12)
    GroupRegistration.objects.create(group=group, fiscal_year=2025, members_count=12, status="approved")
    rows = [
        [
            "ひばりの会",
            "ヒバリノカイ",
            group.representative_name,
            group.contact_name,
            group.contact_phone,
            "12",
            "",
            "2026",
            "登録済",
        ]
    ]
    log = preview("groups", csv_upload(GROUP_HEADERS, rows), staff)
    assert log.preview["update"] == 1 and log.preview["create"] == 0
    imports.import_file(log=log, by=staff)
    assert set(group.registrations.values_list("fiscal_year", flat=True)) == {2025, 2026}
    assert current_fiscal_year() >= 2000


INSURANCE_HEADERS = ["氏名", "フリガナ", "生年月日", "プラン", "加入手続きの完了日", "領収書番号"]


@pytest.mark.django_db
def test_an_insurance_roster_of_this_year_one_enrolment_per_person(staff):
    from volunteers.models.insurance import Enrolment

    from .insurance_factories import PlanFactory

    fy = current_fiscal_year()
    PlanFactory(fiscal_year=fy, name="基本タイプA", rate=350)
    PlanFactory(fiscal_year=fy, name="基本タイプB", rate=500)
    hanako = VolunteerFactory(
        name="西東京 花子", furigana="ニシトウキョウ ハナコ", birth_date=datetime.date(1950, 5, 10)
    )
    rows = [
        [
            "西東京 花子",
            "にしとうきょう はなこ",
            "S25.5.10",
            "基本タイプA",
            f"{fy}/4/10",
            "R-001",
        ],  # 2 the registered volunteer, 加入済
        ["山田 太郎", "ヤマダ タロウ", "1950/5/10", "基本タイプB", "", ""],  # 3 not registered, 申込
        ["", "", "", "", "", ""],  # 4 blank
        [
            "西東京 花子",
            "ニシトウキョウ ハナコ",
            "1950-05-10",
            "基本タイプB",
            "",
            "",
        ],  # 5 a second enrolment this year
        ["鈴木 一郎", "スズキ イチロウ", "", "天国プラン", "", ""],  # 6 no birth date, no such plan
    ]
    log = preview("insurance", csv_upload(INSURANCE_HEADERS, rows, encoding="cp932"), staff)
    assert log.preview["error_rows"] == [5, 6], log.preview["listed"]
    messages = {row["number"]: " ".join(row["messages"]) for row in log.preview["listed"]}
    assert "2行目と同じ方です" in messages[5]
    assert "生年月日を入力してください。" in messages[6] and "「天国プラン」" in messages[6]
    imports.import_file(log=log, by=staff, allow_partial=True)
    mine = Enrolment.objects.get(volunteer=hanako)
    assert (mine.status, mine.fiscal_year, mine.receipt_number) == ("enrolled", fy, "R-001")
    assert mine.coverage_end == datetime.date(fy + 1, 3, 31)
    assert Enrolment.objects.get(person_name="山田 太郎").status == "applied"
    assert Notice.objects.count() == 0

    again = preview("insurance", csv_upload(INSURANCE_HEADERS, rows), staff)
    assert (again.preview["create"], again.preview["skip"]) == (0, 2)
    other_plan = preview("insurance", csv_upload(INSURANCE_HEADERS, [rows[3]]), staff)
    assert other_plan.preview["error_rows"] == [2]
    assert "すでに申込・加入しています" in other_plan.preview["listed"][0]["messages"][0]
