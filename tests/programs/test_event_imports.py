"""Importing events with their participants from a messy sheet: members by 会員番号 or by name, furigana and
birth date, guests with a way to reach them; the capacity and the one-sign-up-per-person rule as the sign-up
pages keep them; no notice for imported history; a re-run changes nothing."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from config.core import imports
from config.core.models import AuditEntry, ImportLog
from programs.models import Event, EventAttendance, EventSignup
from programs.services.events import signup_create
from tests.volunteers.factories import VolunteerFactory
from tests.volunteers.test_imports import csv_upload, preview
from volunteers.models import Notice

from .event_factories import event_type, make_event

HEADERS = [
    "講座・イベント名",
    "開催日",
    "開始時刻",
    "終了時刻",
    "種類",
    "会場",
    "定員",
    "会員番号",
    "氏名",
    "フリガナ",
    "生年月日",
    "電話番号",
    "メールアドレス",
    "人数",
    "参加状況",
    "出席",
]
HOSTILE = '=HYPERLINK("http://evil.example/","講座")'


def course(**person):
    """A row of ボランティアはじめて講座 on 令和8年6月13日 (capacity ３, full-width), with the given participant."""
    event = ["ボランティアはじめて講座", "令和8年6月13日", "１０：００", "12:00", "ボランティアはじめて講座"]
    event += [person.pop("place", "田無総合福祉センター"), "３"]
    return event + tail(**person)


def tail(**person):
    """The participant's cells of a row."""
    keys = ["number", "name", "kana", "birth", "phone", "email", "people", "status", "attended"]
    return [person.get(k, "") for k in keys]


@pytest.fixture
def world(staff):
    event_type("course-beginner")
    event_type("outreach-course")
    event_type("course-disaster")
    event_type("course-listening")
    user = get_user_model().objects.create_user(username="v00077")
    hanako = VolunteerFactory(
        name="西東京 花子",
        furigana="ニシトウキョウ ハナコ",
        birth_date=datetime.date(1950, 5, 10),
        status="registered",
        registered_on=datetime.date(2020, 4, 1),
        user=user,
    )
    taro = VolunteerFactory(
        name="山田 太郎", furigana="ヤマダ タロウ", birth_date=datetime.date(1960, 1, 1), email="", phone=""
    )
    # A stored event with one seat of two taken.
    stored = make_event(
        title="傾聴ボランティアスキルアップ講座", capacity=2, days_ahead=-20, type_key="course-listening"
    )
    EventSignup.objects.create(
        event=stored, guest_name="先客", guest_phone="042-461-0000", status="confirmed"
    )
    day = timezone.localtime(stored.sessions.get().starts_at).date()
    stored_row = [
        stored.title,
        f"{day:%Y/%m/%d}",
        "10:00",
        "12:00",
        "傾聴ボランティアスキルアップ講座",
        "田無公民館",
        "2",
    ]
    return {"hanako": hanako, "taro": taro, "stored": stored, "stored_row": stored_row}


def messy_rows(world):
    return [
        course(number="Ｖ７７", attended="○"),  # 2 a member by number (full-width), came
        course(
            name="山田 太郎", kana="やまだ たろう", birth="S35.1.1", people="１"
        ),  # 3 a member by name and 和暦
        [""] * len(HEADERS),  # 4 a blank line
        course(
            name="佐藤 次郎", kana="サトウ ジロウ", phone="０４２４６６３０７０"
        ),  # 5 a guest: the last seat
        course(name="鈴木 花", kana="スズキ ハナ", email="HANA@example.jp"),  # 6 full: on the waiting list
        course(number="v77"),  # 7 the same member as row 2
        course(
            name="高橋 一", kana="タカハシ ハジメ", phone="042-461-1111", status="参加"
        ),  # 8 参加 over capacity
        course(
            name="伊藤 光", kana="イトウ ヒカリ", phone="042-461-2222", place="保谷こもれびホール"
        ),  # 9 another venue
        course(name="加藤 空", kana="カトウ ソラ"),  # 10 a guest with no way to reach them
        course(number="v99999"),  # 11 no such member
        ["謎の会", "2026/7/1", "10:00", "12:00", "謎の種類", "田無", "10"] + tail(),  # 12 no such type
        [HOSTILE, "2026/7/1", "13:00", "15:00", "ボランティア出張講座", "西東京市立田無小学校", "40"]
        + tail(
            name="<script>alert(1)</script>", kana="テスト", phone="042-461-3333"
        ),  # 13 hostile cells, as text
        [
            "災害ボランティア養成講習会",
            "2026/9/1",
            "10:00",
            "16:00",
            "災害ボランティア養成講習会",
            "保谷",
            "20",
        ]
        + tail(),  # 14 the event alone, no participant
        world["stored_row"]
        + tail(name="渡辺 健", kana="ワタナベ ケン", phone="042-461-4444"),  # 15 the stored event's last seat
        world["stored_row"]
        + tail(name="小林 由紀", kana="コバヤシ ユキ", phone="042-461-5555", status="参加"),  # 16 full
        course(
            name="吉田 晴", kana="ヨシダ ハル", phone="042-461-6666", attended="たぶん"
        ),  # 17 unreadable 出席
    ]


BAD_ROWS = [7, 8, 9, 10, 11, 12, 16, 17]


@pytest.mark.django_db
def test_a_messy_events_sheet_previews_exactly_the_bad_rows_and_imports_the_good_ones(
    client, staff, world, mailoutbox
):
    upload = csv_upload(HEADERS, messy_rows(world), encoding="cp932", name="講座の参加者.csv")
    log = preview("events", upload, staff)
    assert log.preview["error_rows"] == BAD_ROWS, log.preview["listed"]
    assert (log.preview["rows"], log.preview["create"], log.preview["skip"]) == (15, 7, 0)
    messages = {row["number"]: " ".join(row["messages"]) for row in log.preview["listed"]}
    assert "2行目と同じ方です" in messages[7]
    assert "定員（3人）を超える" in messages[8]
    assert "2行目と同じ講座・イベントですが、会場が違います" in messages[9]
    assert "メールアドレスか電話番号" in messages[10]
    assert "会員番号「v99999」の方は登録されていません" in messages[11]
    assert "「謎の種類」という講座・イベントの種類はありません" in messages[12]
    assert "定員（2人）を超える" in messages[16]
    assert "たぶん" in messages[17]
    assert Event.objects.count() == 1 and EventSignup.objects.count() == 1  # nothing written yet

    log = imports.import_file(log=log, by=staff, allow_partial=True)
    assert (log.created_count, log.error_count) == (7, 8)
    course_event = Event.objects.get(title="ボランティアはじめて講座")
    session = course_event.sessions.get()
    assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-06-13 10:00"
    assert (course_event.capacity, course_event.place, course_event.is_published) == (
        3,
        "田無総合福祉センター",
        False,
    )
    signups = {s.display_name: s for s in course_event.signups.select_related("volunteer")}
    assert {name: s.status for name, s in signups.items()} == {
        "西東京 花子": "confirmed",
        "山田 太郎": "confirmed",
        "佐藤 次郎": "confirmed",
        "鈴木 花": "waiting",
    }
    assert (
        signups["西東京 花子"].volunteer == world["hanako"]
        and signups["山田 太郎"].volunteer == world["taro"]
    )
    assert (signups["佐藤 次郎"].guest_phone, signups["鈴木 花"].guest_email) == (
        "042-466-3070",
        "hana@example.jp",
    )
    assert list(EventAttendance.objects.values_list("signup__volunteer__name", "session", "attended")) == [
        ("西東京 花子", session.pk, True)
    ]
    # The stored event kept its details and got its last seat filled.
    assert world["stored"].signups.filter(status="confirmed").count() == 2
    assert Event.objects.get(title="災害ボランティア養成講習会").signups.count() == 0
    # A hostile cell is stored as the text that was typed, and exported with the formula defused.
    hostile = Event.objects.get(event_type__key="outreach-course")
    assert hostile.title == HOSTILE
    assert hostile.signups.get().guest_name == "<script>alert(1)</script>"
    client.force_login(staff)
    page = client.get(reverse("programs:staff_event", args=[hostile.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    # The event's history names the import and links to its log.
    assert "取り込み（講座・イベント）" in page and reverse("core:import_preview", args=[log.pk]) in page
    # Imported history tells nobody; each record's history names the file.
    assert mailoutbox == [] and Notice.objects.count() == 0
    entry = AuditEntry.objects.get(action="event_signup_import", target_id=signups["鈴木 花"].pk)
    assert str(log.pk) in entry.changes["import_log"][1]
    assert {label for label, _pk, _action in log.records} == {"programs.event", "programs.eventsignup"}

    # The same file again changes nothing.
    counts = (Event.objects.count(), EventSignup.objects.count(), EventAttendance.objects.count())
    upload.seek(0)
    again = preview("events", upload, staff)
    assert (again.preview["create"], again.preview["update"], again.preview["skip"]) == (0, 0, 7)
    imports.import_file(log=again, by=staff, allow_partial=True)
    assert (Event.objects.count(), EventSignup.objects.count(), EventAttendance.objects.count()) == counts


@pytest.mark.django_db
def test_a_sign_up_after_the_preview_that_fills_the_event_stops_the_confirmation(staff, world):
    stored = world["stored"]
    stored.apply_until = None
    stored.save()
    rows = [world["stored_row"] + ["", "渡辺 健", "ワタナベ ケン", "", "042-461-4444", "", "", "参加", ""]]
    log = preview("events", csv_upload(HEADERS, rows), staff)
    assert log.preview["create"] == 1 and log.preview["error"] == 0
    # Meanwhile the last seat goes at the counter.
    EventSignup.objects.create(
        event=stored, guest_name="窓口の方", guest_phone="042-461-9999", status="confirmed"
    )
    with pytest.raises(imports.PreviewChanged):
        imports.import_file(log=log, by=staff)
    log.refresh_from_db()
    assert log.preview["error_rows"] == [2] and log.status == ImportLog.Status.PREVIEWED
    assert stored.signups.count() == 2


@pytest.mark.django_db
def test_the_events_template_has_japanese_headers_and_an_example_row_that_previews_cleanly(
    client, staff, world
):
    client.force_login(staff)
    response = client.get(reverse("core:import_template", args=["events"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("講座・イベント名", "種類", "開催日") and "会員番号" in rows[0]
    upload = io.BytesIO(response.content)
    upload.name = "template.xlsx"
    client.post(reverse("core:import_home"), {"kind": "events", "file": upload})
    log = ImportLog.objects.get()
    assert (log.preview["create"], log.preview["error"]) == (1, 0), log.preview["listed"]


@pytest.mark.django_db
def test_signups_made_online_are_matched_so_the_sheet_does_not_sign_the_member_up_twice(staff, world):
    stored = world["stored"]
    stored.sessions.update(
        starts_at=timezone.now() + datetime.timedelta(days=5),
        ends_at=timezone.now() + datetime.timedelta(days=5, hours=2),
    )
    signup_create(event=stored, volunteer=world["hanako"], by=staff)
    day = timezone.localtime(stored.sessions.get().starts_at).date()
    row = [
        stored.title,
        f"{day:%Y/%m/%d}",
        "10:00",
        "12:00",
        "傾聴ボランティアスキルアップ講座",
        "田無公民館",
        "2",
    ]
    log = preview("events", csv_upload(HEADERS, [row + ["v00077"] + [""] * 8]), staff)
    assert (log.preview["create"], log.preview["skip"]) == (0, 1)


@pytest.mark.django_db(transaction=True)
def test_a_seat_taken_online_while_the_import_runs_is_counted_inside_the_lock(staff, monkeypatch):
    """Between the confirmation's check and its writes a guest signs up online in another thread: the import
    counts the seats again under the event's lock, finds the event full and writes nothing."""
    import threading

    from django.db import connections

    from programs.services import imports as services

    event_type("course-listening")
    stored = make_event(title="傾聴ボランティアスキルアップ講座", capacity=1, type_key="course-listening")
    day = timezone.localtime(stored.sessions.get().starts_at).date()
    row = [
        stored.title,
        f"{day:%Y/%m/%d}",
        "10:00",
        "12:00",
        "傾聴ボランティアスキルアップ講座",
        "田無公民館",
        "1",
    ]
    log = preview(
        "events",
        csv_upload(
            HEADERS, [row + tail(name="渡辺 健", kana="ワタナベ ケン", phone="042-461-4444", status="参加")]
        ),
        staff,
    )
    assert log.preview["create"] == 1

    real = services.events_import

    def late_signup_then_write(**kwargs):
        def online():
            try:
                signup_create(event=stored, guest_name="オンラインの方", guest_phone="042-461-9999")
            finally:
                connections.close_all()

        thread = threading.Thread(target=online)
        thread.start()
        thread.join(30)
        return real(**kwargs)

    monkeypatch.setattr(services, "events_import", late_signup_then_write)
    with pytest.raises(imports.ValidationError, match="定員（1人）を超える"):
        imports.import_file(log=log, by=staff)
    assert list(stored.signups.values_list("guest_name", flat=True)) == ["オンラインの方"]
    log.refresh_from_db()
    assert log.status == ImportLog.Status.PREVIEWED
