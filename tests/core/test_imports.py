"""The import mechanism itself (config/core/imports.py) and its staff pages: reading files, templates, the
preview → confirm flow, who may use it."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from config.core import imports
from config.core.dates import parse_fiscal_year
from config.core.forms import DateField
from config.core.models import ImportLog
from tests.volunteers.test_imports import MESSY_VOLUNTEERS, VOLUNTEER_HEADERS, csv_upload
from volunteers.models import Volunteer

COLUMNS = [
    imports.Column("name", "氏名", required=True),
    imports.Column("kana", "フリガナ"),
    imports.Column("note", "備考"),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_shift_jis(encoding):
    data = "備考,氏名（必須）\n＝メモ,西東京 花子\n,\n,山田\n".encode(encoding)
    rows, notes = imports.read_table(data, "a.csv", COLUMNS)
    # Headers in any order, （必須） ignored, the blank line skipped, row numbers as in Excel.
    assert rows == [(2, {"note": "＝メモ", "name": "西東京 花子"}), (4, {"note": "", "name": "山田"})]
    assert notes == []


def test_unknown_headers_are_noted_and_a_missing_required_one_refuses_the_file():
    rows, notes = imports.read_table("氏名,趣味\n花子,釣り\n".encode(), "a.csv", COLUMNS)
    assert rows == [(2, {"name": "花子"})] and "趣味" in notes[0]
    with pytest.raises(imports.FileProblem) as exc:
        imports.read_table("フリガナ\nハナコ\n".encode(), "a.csv", COLUMNS)
    assert "氏名" in exc.value.messages[0]


def test_an_unreadable_file_is_refused_with_a_message():
    with pytest.raises(imports.FileProblem):
        imports.read_table(b"\x81\xff\xfe\x00\x81", "a.csv", COLUMNS)
    with pytest.raises(imports.FileProblem):
        imports.read_table(b"PK\x03\x04broken", "a.xlsx", COLUMNS)
    with pytest.raises(imports.FileProblem):
        imports.read_table(b"\xd0\xcf\x11\xe0", "old.xls", COLUMNS)


@pytest.mark.parametrize(
    "typed, day",
    [
        ("昭和25年5月10日", datetime.date(1950, 5, 10)),
        ("S25.5.10", datetime.date(1950, 5, 10)),
        ("ｓ２５．５．１０", datetime.date(1950, 5, 10)),
        ("H元/1/8", datetime.date(1989, 1, 8)),
        ("昭25.5.10", datetime.date(1950, 5, 10)),
        ("1950/5/10", datetime.date(1950, 5, 10)),
    ],
)
def test_the_date_field_reads_dates_as_staff_abbreviate_them(typed, day):
    assert DateField().clean(typed) == day


def test_a_fiscal_year_is_read_as_staff_write_it():
    assert [
        parse_fiscal_year(t)
        for t in ["2026", "2026年度", "令和8年度", "R8", "ｒ８年度", "平成元年度", "来年"]
    ] == [2026, 2026, 2026, 2026, 2026, 1989, None]


@pytest.mark.django_db
def test_the_import_pages_are_for_staff_only(client, volunteer_user):
    client.force_login(volunteer_user)
    assert client.get(reverse("core:import_home")).status_code == 403
    assert client.get(reverse("core:import_template", args=["volunteers"])).status_code == 403


@pytest.mark.django_db
def test_staff_download_a_template_with_japanese_headers_and_an_example_row(client, staff):
    client.force_login(staff)
    response = client.get(reverse("core:import_template", args=["volunteers"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("氏名", "フリガナ", "生年月日")
    assert rows[1][:3] == ("西東京 花子", "ニシトウキョウ ハナコ", "昭和25年5月10日")
    # The template, filled in as it is, previews cleanly: the example row is a valid row.
    upload = io.BytesIO(response.content)
    upload.name = "template.xlsx"
    page = client.post(reverse("core:import_home"), {"kind": "volunteers", "file": upload})
    log = ImportLog.objects.get()
    assert page.status_code == 302 and log.preview["create"] == 1 and log.preview["error"] == 0


@pytest.mark.django_db
def test_upload_preview_and_confirm_through_the_pages(client, staff):
    client.force_login(staff)
    home = client.get(reverse("core:import_home"))
    assert "名簿の取り込み（Excel・CSV）" in home.content.decode()
    response = client.post(
        reverse("core:import_home"),
        {"kind": "volunteers", "file": csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS)},
    )
    log = ImportLog.objects.get()
    assert response.url == reverse("core:import_preview", args=[log.pk])
    page = client.get(response.url).content.decode()
    assert "6行目" in page and "フリガナはカタカナ（またはひらがな）で入力してください。" in page
    assert "問題のある行を除いて、問題のない行だけを取り込みます" in page
    assert Volunteer.objects.count() == 0

    refused = client.post(response.url, {})
    assert "問題のある行があります" in refused.content.decode() and Volunteer.objects.count() == 0
    done = client.post(response.url, {"allow_partial": "on"}, follow=True)
    assert "取り込みました：新規 4件" in done.content.decode()
    assert Volunteer.objects.count() == 4
    log.refresh_from_db()
    assert log.status == ImportLog.Status.DONE and log.imported_by == staff
    # A second confirmation of the same log writes nothing.
    again = client.post(response.url, {"allow_partial": "on"})
    assert Volunteer.objects.count() == 4 and "もう" in again.content.decode()


@pytest.mark.django_db
def test_a_bad_file_is_answered_on_the_form_and_cancel_forgets_the_rows(client, staff):
    client.force_login(staff)
    page = client.post(
        reverse("core:import_home"), {"kind": "volunteers", "file": csv_upload(["氏名"], [["花子"]])}
    )
    assert page.status_code == 200 and "必要な列がありません" in page.content.decode()
    assert ImportLog.objects.count() == 0
    client.post(
        reverse("core:import_home"),
        {"kind": "volunteers", "file": csv_upload(VOLUNTEER_HEADERS, MESSY_VOLUNTEERS)},
    )
    log = ImportLog.objects.get()
    assert log.checked
    client.post(reverse("core:import_cancel", args=[log.pk]))
    log.refresh_from_db()
    assert log.status == ImportLog.Status.CANCELLED and log.checked == []


@pytest.mark.django_db
def test_the_admin_lists_the_log_and_links_to_the_import_page(admin_client, staff):
    response = admin_client.get("/admin/core/importlog/")
    assert response.status_code == 200 and reverse("core:import_home") in response.content.decode()
