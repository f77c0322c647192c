"""Importing room bookings (one-off and weekly for the rest of the fiscal year) and locker holders."""

import datetime

import pytest

from config.core import imports
from config.core.dates import closed_days, current_fiscal_year, fiscal_year_end
from config.core.models import Site
from programs.models import LockerAssignment, RoomBooking
from programs.services.rooms import room_booking_create_for_center
from tests.volunteers.factories import VolunteerGroupFactory, registered_group
from tests.volunteers.test_imports import csv_upload, preview
from volunteers.models import Notice

from .factories import make_lockers, make_room, open_days, span

BOOKING_HEADERS = ["団体", "拠点", "部屋", "利用日", "開始時刻", "終了時刻", "利用目的", "繰り返し"]


@pytest.fixture
def tanashi(base_data):
    return Site.objects.get(slug="tanashi")


@pytest.mark.django_db
def test_bookings_preview_the_clashes_and_a_rerun_changes_nothing(staff, tanashi):
    make_room(tanashi)
    other_room = make_room(tanashi, name="第2会議室")
    hibari, tsubasa = registered_group(name="ひばりの会"), registered_group(name="つばさ")
    VolunteerGroupFactory(name="未登録の会")
    today = datetime.date.today()
    first, second = open_days(tanashi, today + datetime.timedelta(days=3), 2)
    weekly = open_days(tanashi, today + datetime.timedelta(days=3), 1, weekday=2)[0]
    room_booking_create_for_center(
        room=other_room,
        kind="center",
        start=span(first, datetime.time(13), datetime.time(15))[0],
        end=span(first, datetime.time(13), datetime.time(15))[1],
        purpose="講座",
        by=staff,
    )
    d = lambda day: f"{day:%Y/%m/%d}"  # noqa: E731
    rows = [
        [
            "ひばりの会",
            "田無",
            "第1会議室",
            d(first),
            "１０：００",
            "12:00",
            "定例会",
            "",
        ],  # 2 ok (full-width time)
        ["つばさ", "田無", "第2会議室", d(weekly), "18:00", "20:00", "練習", "毎週"],  # 3 ok, weekly
        ["", "", "", "", "", "", "", ""],  # 4 blank
        [
            "つばさ",
            "田無",
            "第2会議室",
            d(first),
            "14:00",
            "16:00",
            "会議",
            "",
        ],  # 5 clashes with the center's booking
        ["つばさ", "田無", "第1会議室", d(first), "11:00", "13:00", "会議", ""],  # 6 clashes with row 2
        ["未登録の会", "田無", "第1会議室", d(second), "10:00", "12:00", "会議", ""],  # 7 not registered
        ["ひばりの会", "田無", "大ホール", d(second), "10:00", "12:00", "会議", ""],  # 8 no such room
        ["ひばりの会", "田無", "第1会議室", d(second), "12:00", "10:00", "会議", ""],  # 9 end before start
    ]
    log = preview("room_bookings", csv_upload(BOOKING_HEADERS, rows, encoding="cp932"), staff)
    assert log.preview["error_rows"] == [5, 6, 7, 8, 9]
    messages = {row["number"]: " ".join(row["messages"]) for row in log.preview["listed"]}
    assert "その時間帯はすでに予約されています" in messages[5] and "センター使用" in messages[5]
    assert "2行目の予約と時間が重なります" in messages[6]
    assert "団体登録が承認されていない" in messages[7]
    assert "「大ホール」という部屋はありません" in messages[8]
    assert "終了時刻は開始時刻より後にしてください。" in messages[9]

    imports.import_file(log=log, by=staff, allow_partial=True)
    assert RoomBooking.objects.filter(group=hibari).count() == 1
    closed = closed_days(tanashi, weekly, fiscal_year_end(current_fiscal_year()))
    expected = [weekly + datetime.timedelta(days=7 * i) for i in range(60)]
    expected = [
        day for day in expected if day <= fiscal_year_end(current_fiscal_year()) and day not in closed
    ]
    booked = sorted(b.start.date() for b in RoomBooking.objects.filter(group=tsubasa))
    assert booked == expected
    assert Notice.objects.count() == 0

    again = preview("room_bookings", csv_upload(BOOKING_HEADERS, rows), staff)
    assert (again.preview["create"], again.preview["skip"]) == (0, 2)
    count = RoomBooking.objects.count()
    imports.import_file(log=again, by=staff, allow_partial=True)
    assert RoomBooking.objects.count() == count


LOCKER_HEADERS = ["ロッカー番号", "団体", "拠点", "年度"]


@pytest.mark.django_db
def test_locker_holders_one_per_locker_and_year_within_the_cap(staff, tanashi):
    make_lockers(tanashi, n=3)
    fy = current_fiscal_year()
    registered_group(name="ひばりの会")
    registered_group(name="つばさ")
    registered_group(name="かもめ")
    VolunteerGroupFactory(name="未登録の会")
    rows = [
        ["０１", "ひばりの会", "田無", ""],  # 2 ok, full-width number, this year
        ["02", "ひばりの会", "田無", str(fy)],  # 3 a second locker: over the cap of 1
        ["01", "つばさ", "田無", str(fy)],  # 4 locker 01 held by row 2
        ["02", "未登録の会", "田無", str(fy)],  # 5 not registered
        ["09", "つばさ", "田無", str(fy)],  # 6 no such locker
        ["03", "かもめ", "田無", f"{fy}年度"],  # 7 ok
    ]
    log = preview("lockers", csv_upload(LOCKER_HEADERS, rows), staff)
    assert log.preview["error_rows"] == [3, 4, 5, 6]
    messages = {row["number"]: " ".join(row["messages"]) for row in log.preview["listed"]}
    assert "1団体1個まで" in messages[3]
    assert "2行目と同じロッカー" in messages[4]
    assert "団体登録が済んでいない" in messages[5]
    assert "09番のロッカーはありません" in messages[6]
    imports.import_file(log=log, by=staff, allow_partial=True)
    assert sorted(LockerAssignment.objects.values_list("locker__number", "group__name")) == [
        ("01", "ひばりの会"),
        ("03", "かもめ"),
    ]
    assert Notice.objects.count() == 0

    # Another group holding 01 now is a clash; the same holders are skipped.
    again = preview(
        "lockers", csv_upload(LOCKER_HEADERS, [rows[0], rows[5], ["01", "つばさ", "田無", ""]]), staff
    )
    assert (again.preview["skip"], again.preview["error_rows"]) == (2, [4])
    assert "「ひばりの会」がすでに使っています" in again.preview["listed"][0]["messages"][0]


@pytest.mark.django_db
def test_a_locker_taken_after_the_preview_makes_the_confirmation_show_a_new_preview(staff, tanashi):
    from programs.services.lockers import locker_assign

    (locker,) = make_lockers(tanashi, n=1)
    registered_group(name="ひばりの会")
    other = registered_group(name="つばさ")
    log = preview("lockers", csv_upload(LOCKER_HEADERS, [["01", "ひばりの会", "田無", ""]]), staff)
    assert log.preview["error_rows"] == [] and log.preview["create"] == 1
    locker_assign(
        locker=locker, group=other, fiscal_year=current_fiscal_year(), by=staff
    )  # meanwhile, at the counter
    with pytest.raises(imports.PreviewChanged):
        imports.import_file(log=log, by=staff, allow_partial=True)
    log.refresh_from_db()
    assert log.preview["error_rows"] == [2] and log.status == "previewed"
    assert list(LockerAssignment.objects.values_list("group__name", flat=True)) == ["つばさ"]


EQUIPMENT_HEADERS = ["管理番号", "品目名", "拠点", "状態", "1回の貸出料（円）", "延長1日あたりの料金（円）"]


@pytest.mark.django_db
def test_equipment_kinds_and_units_and_a_rerun_changes_nothing(staff, tanashi):
    from programs.models import EquipmentKind, EquipmentUnit

    from .factories import make_kind

    make_kind("車椅子", fee=300, extra=100)
    rows = [
        ["T-01", "車椅子", "田無", "良好", "300", "100"],  # 2 a new unit of a stored kind
        ["Ｔ－０２", "車椅子", "田無", "要点検", "", ""],  # 3 full-width code; blank fees are 0, unlike row 2
        ["P-01", "プロジェクター", "保谷", "", "５００", "0"],  # 4 a new kind and unit
        ["P-01", "プロジェクター", "保谷", "", "500", "0"],  # 5 the same code again
        ["X-01", "拡声器", "西東京", "ぼろぼろ", "-1", "0"],  # 6 no such site, condition, fee
    ]
    log = preview("equipment", csv_upload(EQUIPMENT_HEADERS, rows), staff)
    assert log.preview["error_rows"] == [3, 5, 6], log.preview["listed"]
    messages = {row["number"]: " ".join(row["messages"]) for row in log.preview["listed"]}
    assert "2行目と違います" in messages[3]
    assert "4行目と同じ管理番号です" in messages[5]
    assert (
        "「西東京」という拠点はありません" in messages[6]
        and "ぼろぼろ" in messages[6]
        and "0以上" in messages[6]
    )
    imports.import_file(log=log, by=staff, allow_partial=True)
    assert sorted(EquipmentUnit.objects.values_list("code", "kind__name", "site__slug")) == [
        ("P-01", "プロジェクター", "hoya"),
        ("T-01", "車椅子", "tanashi"),
    ]
    assert EquipmentKind.objects.get(name="プロジェクター").fee_per_loan == 500

    again = preview("equipment", csv_upload(EQUIPMENT_HEADERS, [rows[0], rows[2]]), staff)
    assert (again.preview["create"], again.preview["update"], again.preview["skip"]) == (0, 0, 2)
    changed = preview(
        "equipment", csv_upload(EQUIPMENT_HEADERS, [["T-01", "車椅子", "田無", "破損", "300", "100"]]), staff
    )
    assert changed.preview["update"] == 1
    imports.import_file(log=changed, by=staff)
    assert EquipmentUnit.objects.get(code="T-01").condition == "damaged"
