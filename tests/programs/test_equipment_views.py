"""Equipment pages: the representative's availability and reservation, staff lists, export, photo upload, the
reminder command, and the query budgets with a year of loans."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.core.dates import fiscal_year
from config.core.models import Closure
from programs import selectors
from programs.models import EquipmentKind, EquipmentLoan, EquipmentUnit
from tests.volunteers.factories import registered_group
from volunteers.models import Notice

from .factories import equipment_rules, make_kind, make_units, open_days

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def setup(tanashi, group_rep_user):
    equipment_rules(tanashi, max_days_ahead=60, max_loan_days=14)
    kind = make_kind("車椅子", fee=300, extra=100)
    units = make_units(kind, tanashi, 2)
    days = open_days(tanashi, timezone.localdate() + datetime.timedelta(days=3), 6)
    group = registered_group(
        name="西東京ひばりの会", representative=group_rep_user, fiscal_year=fiscal_year(days[0])
    )
    return kind, units, days, group


def url(kind, site="tanashi"):
    return reverse("programs:equipment_reserve", args=[site, kind.pk])


def test_the_page_shows_free_units_per_day_and_closed_days(client, setup, group_rep_user, tanashi):
    kind, units, days, group = setup
    EquipmentLoan.objects.create(unit=units[0], group=group, pickup_on=days[0], return_on=days[0], fee=300)
    # A closure with a reason in the window on any date (a holiday is not always in it: late March has none).
    Closure.objects.create(site=tanashi, start_date=days[2], end_date=days[2], reason="設備点検")
    client.force_login(group_rep_user)
    body = client.get(url(kind)).content.decode()
    assert "日ごとの空き状況" in body
    assert f'?pickup={days[0]:%Y-%m-%d}#reserve-heading">空き 1台／2台' in body
    assert f'?pickup={days[1]:%Y-%m-%d}#reserve-heading">空き 2台／2台' in body
    assert "休所日（休所日）" not in body and "休所日（設備点検）" in body


def test_a_representative_sees_the_fee_then_confirms(client, setup, group_rep_user):
    kind, units, days, group = setup
    client.force_login(group_rep_user)
    data = {
        "group": group.pk,
        "pickup_on": days[0].isoformat(),
        "return_on": days[3].isoformat(),
        "purpose": "体験会",
    }
    preview = client.post(url(kind), data | {"preview": "1"})
    assert preview.status_code == 200 and "貸出料 500円" in preview.content.decode()
    assert not EquipmentLoan.objects.exists()
    done = client.post(url(kind), data | {"confirm": "1"})
    loan = EquipmentLoan.objects.get()
    assert done.status_code == 302 and loan.fee == 500 and loan.purpose == "体験会"
    page = client.get(reverse("programs:equipment_index")).content.decode()
    assert "予約" in page and "車椅子（田無）" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pickup_on": ""}, "受取日を入力してください。"),
        ({"return_on": "あした"}, "返却日は 2026-05-12 の形で入力してください。"),
        ({"swap": True}, "返却日は受取日と同じ日か、それより後にしてください。"),
        ({"far": True}, "受取日は60日先までで選んでください。"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_nothing_is_saved(
    client, setup, group_rep_user, change, message
):
    kind, units, days, group = setup
    client.force_login(group_rep_user)
    data = {
        "group": group.pk,
        "pickup_on": days[0].isoformat(),
        "return_on": days[1].isoformat(),
        "confirm": "1",
    }
    if change.pop("swap", False):
        data |= {"pickup_on": days[1].isoformat(), "return_on": days[0].isoformat()}
    if change.pop("far", False):
        far = open_days(units[0].site, timezone.localdate() + datetime.timedelta(days=70), 2)
        data |= {"pickup_on": far[0].isoformat(), "return_on": far[1].isoformat()}
    data |= change
    response = client.post(url(kind), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EquipmentLoan.objects.exists()


def test_a_group_cancels_on_its_loan_page(client, setup, group_rep_user):
    kind, units, days, group = setup
    client.force_login(group_rep_user)
    loan = EquipmentLoan.objects.create(
        unit=units[0], group=group, pickup_on=days[2], return_on=days[3], fee=300
    )
    empty = client.post(reverse("programs:loan_cancel", args=[loan.pk]), {"reason": ""})
    assert empty.status_code == 400 and "取り消しの理由を入力してください。" in empty.content.decode()
    client.post(reverse("programs:loan_cancel", args=[loan.pk]), {"reason": "雨で中止"})
    assert EquipmentLoan.objects.get(pk=loan.pk).status == "cancelled"


def test_another_representative_cannot_see_a_loan(client, setup, other_volunteer_user):
    kind, units, days, group = setup
    loan = EquipmentLoan.objects.create(
        unit=units[0], group=group, pickup_on=days[2], return_on=days[3], fee=300
    )
    client.force_login(other_volunteer_user)
    assert client.get(reverse("programs:loan_detail", args=[loan.pk])).status_code == 404


def _year_of_loans(units, group, n):
    start = timezone.localdate() - datetime.timedelta(days=360)
    now = timezone.now()
    EquipmentLoan.objects.bulk_create(
        EquipmentLoan(
            unit=units[i % len(units)],
            group=group,
            pickup_on=start + datetime.timedelta(days=3 * i),
            return_on=start + datetime.timedelta(days=3 * i + 1),
            fee=300,
            status="returned",
            checked_out_at=now,
            fee_charged=300,
            returned_at=now,
        )
        for i in range(n)
    )


def _queries(client, path):
    client.get(path)  # warm the per-process caches (the sites in the footer) first
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_the_availability_page_and_the_staff_list_cost_the_same_queries_with_ten_times_the_loans(
    client, setup, group_rep_user, staff
):
    kind, units, days, group = setup
    _year_of_loans(units, group, 10)
    client.force_login(group_rep_user)
    few_avail = _queries(client, url(kind))
    client.force_login(staff)
    few_staff = _queries(client, reverse("programs:staff_loans"))
    _year_of_loans(units + make_units(make_kind("点字器"), units[0].site, 3), group, 100)
    client.force_login(group_rep_user)
    assert _queries(client, url(kind)) == few_avail
    client.force_login(staff)
    assert _queries(client, reverse("programs:staff_loans")) == few_staff


def test_staff_search_filter_and_export(client, setup, staff):
    kind, units, days, group = setup
    other = registered_group(name="田無手話サークル")
    EquipmentLoan.objects.create(unit=units[0], group=group, pickup_on=days[0], return_on=days[1], fee=300)
    EquipmentLoan.objects.create(unit=units[1], group=other, pickup_on=days[0], return_on=days[1], fee=400)
    client.force_login(staff)
    page = client.get(reverse("programs:staff_loans"), {"q": "手話"}).content.decode()
    assert "田無手話サークル" in page and "西東京ひばりの会</td>" not in page
    export = client.get(
        reverse("programs:staff_loans"), {"status": "reserved", "format": "csv", "columns": ["group", "fee"]}
    )
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == [
        "団体,貸出料（円）",
        "田無手話サークル,400",
        "西東京ひばりの会,300",
    ] or sorted(text.splitlines()[1:]) == ["田無手話サークル,400", "西東京ひばりの会,300"]


def test_staff_check_out_prints_a_receipt_and_check_in_records_damage(client, setup, staff):
    kind, units, days, group = setup
    loan = EquipmentLoan.objects.create(
        unit=units[0], group=group, pickup_on=timezone.localdate(), return_on=days[1], fee=300
    )
    client.force_login(staff)
    path = reverse("programs:staff_loan", args=[loan.pk])
    bad = client.post(
        path, {"action": "check_out", "condition": "good", "collected_by": "", "fee_charged": "-1"}
    )
    assert bad.status_code == 400 and "受け取った人を入力してください。" in bad.content.decode()
    assert EquipmentLoan.objects.get(pk=loan.pk).status == "reserved"
    done = client.post(
        path, {"action": "check_out", "condition": "good", "collected_by": "西東 花子", "fee_charged": "300"}
    )
    assert done.url == reverse("programs:staff_receipt", args=[loan.pk])
    receipt = client.get(done.url).content.decode()
    assert "領収書" in receipt and "¥300-" in receipt and "西東京ひばりの会" in receipt
    no_note = client.post(path, {"action": "check_in", "condition": "damaged", "take_out_of_service": "on"})
    assert no_note.status_code == 400 and "破損・不具合の内容を入力してください" in no_note.content.decode()
    client.post(
        path,
        {
            "action": "check_in",
            "condition": "damaged",
            "damage_note": "車輪の破損",
            "take_out_of_service": "on",
        },
    )
    assert EquipmentLoan.objects.get(pk=loan.pk).status == "returned"
    assert not EquipmentUnit.objects.get(pk=units[0].pk).in_service


def test_staff_reserve_at_the_counter_for_a_group(client, setup, staff, tanashi):
    kind, units, days, group = setup
    client.force_login(staff)
    data = {
        "group": group.pk,
        "kind": kind.pk,
        "site": tanashi.pk,
        "pickup_on": days[0].isoformat(),
        "return_on": days[1].isoformat(),
        "confirm": "1",
    }
    assert client.post(reverse("programs:staff_equipment_reserve"), data).status_code == 302
    assert EquipmentLoan.objects.get().created_by == staff


def test_a_photo_is_checked_by_its_bytes_and_size_and_served_through_the_storage(
    client, setup, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kind, units, days, group = setup
    client.force_login(staff)
    path = reverse("programs:staff_kind_edit", args=[kind.pk])
    base = {
        "name": "車椅子",
        "fee_per_loan": 300,
        "fee_per_extra_day": 100,
        "deposit": 0,
        "lend_to_groups": "on",
        "is_active": "on",
        "sort_order": 0,
    }
    fake = SimpleUploadedFile("wheelchair.png", b"<script>alert(1)</script>", content_type="image/png")
    refused = client.post(path, base | {"photo": fake})
    assert refused.status_code == 400 and "JPEG・PNG・WebPの画像ファイル" in refused.content.decode()
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (2 * 1024 * 1024), content_type="image/png")
    assert "2MB以下" in client.post(path, base | {"photo": big}).content.decode()
    assert not EquipmentKind.objects.get(pk=kind.pk).photo
    ok = client.post(path, base | {"photo": SimpleUploadedFile("w.png", PNG, content_type="image/png")})
    assert ok.status_code == 302
    photo = client.get(reverse("programs:kind_photo", args=[kind.pk]))
    assert photo["Content-Type"] == "image/png" and b"".join(photo.streaming_content) == PNG


def test_staff_add_a_unit_and_take_it_out_of_service(client, setup, staff, tanashi):
    kind, units, days, group = setup
    client.force_login(staff)
    dup = client.post(
        reverse("programs:staff_kinds"),
        {"kind": kind.pk, "site": tanashi.pk, "code": units[0].code, "condition": "good"},
    )
    assert dup.status_code == 400 and "同じ管理番号の機材がすでにあります" in dup.content.decode()
    client.post(
        reverse("programs:staff_kinds"),
        {"kind": kind.pk, "site": tanashi.pk, "code": "ＴＲ－９", "condition": "good"},
    )
    unit = EquipmentUnit.objects.get(code="TR-9")
    client.post(reverse("programs:staff_unit_service", args=[unit.pk]), {"reason": "修理中"})
    assert not EquipmentUnit.objects.get(pk=unit.pk).in_service


def test_the_reminder_command_and_the_overdue_list(client, setup, staff):
    kind, units, days, group = setup
    today = timezone.localdate()
    EquipmentLoan.objects.create(
        unit=units[0],
        group=group,
        pickup_on=today - datetime.timedelta(days=5),
        return_on=today - datetime.timedelta(days=2),
        fee=300,
        status="lent",
        checked_out_at=timezone.now(),
        fee_charged=300,
    )
    out = io.StringIO()
    call_command("send_overdue_reminders", "--dry-run", stdout=out)
    assert "1件送る予定です" in out.getvalue() and not Notice.objects.exists()
    call_command("send_overdue_reminders", stdout=io.StringIO())
    assert Notice.objects.filter(group=group, subject="機材の返却日を過ぎています").count() == 1
    client.force_login(staff)
    page = client.get(reverse("programs:staff_overdue")).content.decode()
    assert "西東京ひばりの会" in page and "延滞" in page


def test_the_numbers_for_the_plans(setup, hoya):
    kind, units, days, group = setup
    fy = fiscal_year(timezone.localdate())
    start = datetime.date(fy, 4, 10)
    now = timezone.now()
    projector = make_kind("プロジェクター", fee=1000)
    hoya_unit = make_units(projector, hoya, 1, prefix="H")[0]
    for unit, fee, status in (
        (units[0], 300, "returned"),
        (units[1], 400, "lent"),
        (hoya_unit, 1000, "returned"),
    ):
        EquipmentLoan.objects.create(
            unit=unit,
            group=group,
            pickup_on=start,
            return_on=start,
            fee=fee,
            status=status,
            checked_out_at=now,
            fee_charged=fee,
            returned_at=now,
        )
    EquipmentLoan.objects.create(
        unit=units[0],
        group=group,
        pickup_on=start + datetime.timedelta(days=3),
        return_on=start + datetime.timedelta(days=3),
        fee=300,
    )  # reserved: not counted
    numbers = selectors.equipment_numbers(fy)
    assert numbers.total == 3 and numbers.fee_income == 1700
    assert {r["name"]: r["loans"] for r in numbers.by_kind} == {"車椅子": 2, "プロジェクター": 1}
    assert numbers.by_site["tanashi"] == {"loans": 2, "fee_income": 700}
    assert numbers.by_site["hoya"] == {"loans": 1, "fee_income": 1000}
    assert selectors.equipment_loans(fy, hoya) == 1 and selectors.equipment_fee_income(fy) == 1700
    assert selectors.equipment_loans(fy - 1) == 0


def test_the_reminder_command_explains_itself_in_japanese():
    from programs.management.commands.send_overdue_reminders import Command

    text = Command().create_parser("manage.py", "send_overdue_reminders").format_help()
    assert "返却日を過ぎた機材の貸出について" in text and "何も送りません" in text


def test_staff_see_the_free_units_per_day_on_the_counter_page(client, setup, staff, tanashi):
    kind, units, days, group = setup
    EquipmentLoan.objects.create(unit=units[0], group=group, pickup_on=days[0], return_on=days[0], fee=300)
    client.force_login(staff)
    body = client.get(
        reverse("programs:staff_equipment_reserve"), {"kind": kind.pk, "site": tanashi.pk}
    ).content.decode()
    assert f"{days[0].month}月{days[0].day}日" in body and "空き 1台／2台" in body and "空き 2台／2台" in body


def test_staff_edit_a_units_condition_and_notes_and_it_is_audited(client, setup, staff, tanashi):
    from config.core.models import AuditEntry

    kind, units, days, group = setup
    client.force_login(staff)
    path = reverse("programs:staff_unit_edit", args=[units[0].pk])
    data = {
        "kind": kind.pk,
        "site": tanashi.pk,
        "code": units[0].code,
        "condition": "worn",
        "notes": "右の肘掛けに傷",
    }
    assert client.post(path, data | {"code": ""}).status_code == 400
    assert client.post(path, data).status_code == 302
    unit = EquipmentUnit.objects.get(pk=units[0].pk)
    assert unit.condition == "worn" and unit.notes == "右の肘掛けに傷"
    entry = AuditEntry.objects.get(action="equipment_unit_update", target_id=unit.pk)
    assert entry.changes["condition"] == ["good", "worn"]


def test_availability_counts_out_of_service_and_overdue_units_as_unavailable(setup, tanashi):
    kind, units, days, group = setup
    extra = make_units(kind, tanashi, 1, prefix="X")[0]
    extra.in_service, extra.out_of_service_reason = False, "修理中"
    extra.save()
    today = timezone.localdate()
    EquipmentLoan.objects.create(
        unit=units[0],
        group=group,
        pickup_on=today - datetime.timedelta(days=6),
        return_on=today - datetime.timedelta(days=2),
        fee=300,
        status="lent",
        checked_out_at=timezone.now(),
        fee_charged=300,
    )
    rows = selectors.availability(kind=kind, site=tanashi, start=today, days=14)
    assert {(r.free, r.total) for r in rows} == {(1, 2)}
