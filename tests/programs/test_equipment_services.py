"""Equipment loans through the services: the fee, the date rules, registration, cancellation, check-out and -in,
out of service, overdue reminders."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from config.core.dates import fiscal_year
from config.core.models import AuditEntry, Closure
from programs.models import EquipmentLoan, EquipmentUnit
from programs.services import equipment as svc
from tests.volunteers.factories import registered_group
from volunteers.models import Notice

from .factories import equipment_rules, make_kind, make_units

D = datetime.date
# A quiet week in February 2027: Mon 1 … Sat 6, Sun 7 closed, Mon 8, Tue 9. 11 Feb is 建国記念の日.
TODAY = D(2027, 1, 20)


@pytest.fixture
def kind(tanashi):
    equipment_rules(tanashi, max_days_ahead=60, max_loan_days=14, cancel_deadline_days=1)
    return make_kind("車椅子", fee=300, extra=100)


@pytest.fixture
def units(kind, tanashi):
    return make_units(kind, tanashi, 2)


@pytest.fixture
def hibari(db):
    return registered_group(
        name="西東京ひばりの会", fiscal_year=fiscal_year(TODAY), contact_email="hibari@example.jp"
    )


def reserve(kind, site, group, pickup, back, **kw):
    kw.setdefault("today", TODAY)
    return svc.loan_reserve(
        kind=kind, site=site, group=group, pickup_on=pickup, return_on=back, by=None, **kw
    )


# --- the fee -------------------------------------------------------------------------------------------


def test_the_fee_per_loan_covers_the_pick_up_day_and_the_next_open_day(kind, tanashi):
    assert svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2027, 2, 1), return_on=D(2027, 2, 1)) == 300
    assert svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2027, 2, 1), return_on=D(2027, 2, 2)) == 300
    assert (
        svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2027, 2, 1), return_on=D(2027, 2, 4))
        == 300 + 2 * 100
    )


def test_a_closed_sunday_and_a_national_holiday_are_not_charged(kind, tanashi):
    # Sat 6 → Tue 9: Sunday 7 is closed, so Mon 8 is the next open day and Tue 9 one extra day.
    assert svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2027, 2, 6), return_on=D(2027, 2, 9)) == 400
    # Wed 10 → Fri 12 over 建国記念の日 (Thu 11): Fri 12 is the next open day.
    assert svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2027, 2, 10), return_on=D(2027, 2, 12)) == 300


def test_the_new_year_closure_is_not_charged(kind, tanashi):
    # 28 December to 4 January: 29 Dec – 3 Jan the center is shut, so 4 January is the next open day.
    assert svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2026, 12, 28), return_on=D(2027, 1, 4)) == 300


def test_closed_days_are_charged_when_staff_set_that_rule(kind, tanashi):
    equipment_rules(tanashi, charge_closed_days=True)
    tanashi._equipment_rules_cache = None
    assert svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2027, 2, 6), return_on=D(2027, 2, 9)) == 500


def test_a_one_off_closure_is_not_charged(kind, tanashi):
    Closure.objects.create(site=tanashi, start_date=D(2027, 2, 2), end_date=D(2027, 2, 3), reason="設備点検")
    assert svc.loan_fee(kind=kind, site=tanashi, pickup_on=D(2027, 2, 1), return_on=D(2027, 2, 4)) == 300


# --- reserving -----------------------------------------------------------------------------------------


def test_a_registered_group_reserves_and_the_fee_is_stored_and_mailed(kind, units, tanashi, hibari):
    loan = reserve(kind, tanashi, hibari, D(2027, 2, 6), D(2027, 2, 9))
    assert loan.status == EquipmentLoan.Status.RESERVED
    assert loan.unit == units[0] and loan.fee == 400
    assert AuditEntry.objects.filter(action="equipment_loan_reserve", target_id=loan.pk).exists()
    notice = Notice.objects.get(group=hibari)
    assert "貸出料：400円" in notice.body and "2027年2月6日" in notice.body


def test_the_second_reservation_gets_the_other_unit_and_a_third_is_refused(kind, units, tanashi, hibari):
    first = reserve(kind, tanashi, hibari, D(2027, 2, 1), D(2027, 2, 3))
    second = reserve(kind, tanashi, hibari, D(2027, 2, 3), D(2027, 2, 4))
    assert {first.unit, second.unit} == set(units)
    with pytest.raises(ValidationError) as exc:
        reserve(kind, tanashi, hibari, D(2027, 2, 3), D(2027, 2, 3))
    assert exc.value.error_list[0].code == "none_free"
    assert "貸し出せる車椅子がありません" in exc.value.messages[0]
    # From the day after the first one's return day the first unit is free again.
    assert reserve(kind, tanashi, hibari, D(2027, 2, 4), D(2027, 2, 5)).unit == first.unit


@pytest.mark.parametrize(
    ("pickup", "back", "code", "text"),
    [
        (D(2027, 2, 4), D(2027, 2, 2), "order", "返却日は受取日と同じ日か"),
        (D(2027, 2, 7), D(2027, 2, 8), "closed_pickup", "2月7日は休所日のため、受取日にできません"),
        (
            D(2027, 2, 10),
            D(2027, 2, 11),
            "closed_return",
            "2月11日は休所日（建国記念の日）のため、返却日にできません",
        ),
        (D(2027, 3, 30), D(2027, 3, 31), "too_far", "受取日は60日先まで"),
        (D(2027, 2, 1), D(2027, 2, 15), "too_long", "14日まで（受取日と返却日を含む）です。いまは15日です"),
        (D(2027, 1, 19), D(2027, 1, 20), "past", "過去の日は予約できません"),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message(kind, units, tanashi, hibari, pickup, back, code, text):
    with pytest.raises(ValidationError) as exc:
        reserve(kind, tanashi, hibari, pickup, back)
    assert exc.value.error_list[0].code == code
    assert text in exc.value.messages[0]
    assert not EquipmentLoan.objects.exists()


def test_a_group_not_registered_for_the_fiscal_year_of_the_pick_up_day_is_refused(kind, units, tanashi):
    last_year = registered_group(name="去年だけの会", fiscal_year=fiscal_year(TODAY) - 1)
    with pytest.raises(ValidationError) as exc:
        reserve(kind, tanashi, last_year, D(2027, 2, 1), D(2027, 2, 2))
    assert exc.value.error_list[0].code == "not_registered"
    assert "団体登録が承認されていない" in exc.value.messages[0]


def test_april_needs_next_years_registration(kind, units, tanashi, hibari):
    equipment_rules(tanashi, max_days_ahead=120)
    tanashi._equipment_rules_cache = None
    with pytest.raises(ValidationError) as exc:
        reserve(kind, tanashi, hibari, D(2027, 4, 5), D(2027, 4, 6), today=D(2027, 3, 1))
    assert exc.value.error_list[0].code == "not_registered" and "2027年度" in exc.value.messages[0]


def test_a_unit_out_of_service_is_never_reserved(kind, units, tanashi, hibari):
    svc.unit_set_service(unit=units[0], in_service=False, reason="タイヤの空気漏れ", by=None)
    assert reserve(kind, tanashi, hibari, D(2027, 2, 1), D(2027, 2, 2)).unit == units[1]
    with pytest.raises(ValidationError):
        reserve(kind, tanashi, hibari, D(2027, 2, 1), D(2027, 2, 2))


def test_taking_a_unit_out_of_service_needs_a_reason(units):
    with pytest.raises(ValidationError) as exc:
        svc.unit_set_service(unit=units[0], in_service=False, reason=" ", by=None)
    assert "理由" in exc.value.messages[0]


def test_an_overdue_unit_is_not_reserved_again(kind, units, tanashi, hibari):
    late = EquipmentLoan.objects.create(
        unit=units[0],
        group=hibari,
        pickup_on=D(2027, 1, 12),
        return_on=D(2027, 1, 14),
        fee=300,
        status="lent",
        checked_out_at="2027-01-12T10:00+09:00",
        fee_charged=300,
    )
    assert late.is_overdue(TODAY) and late.status_label(TODAY) == "延滞"
    assert reserve(kind, tanashi, hibari, D(2027, 2, 1), D(2027, 2, 2)).unit == units[1]
    with pytest.raises(
        ValidationError
    ):  # the other unit is taken, and the overdue one may not be back in time
        reserve(kind, tanashi, hibari, D(2027, 2, 2), D(2027, 2, 3))


# --- cancelling ----------------------------------------------------------------------------------------


def test_a_group_cancels_until_the_day_before_pick_up_and_the_unit_is_free_again(
    kind, units, tanashi, hibari
):
    loan = reserve(kind, tanashi, hibari, D(2027, 2, 2), D(2027, 2, 3))
    svc.loan_cancel(loan=loan, by=None, reason="行事が中止になりました", today=D(2027, 2, 1))
    loan.refresh_from_db()
    assert loan.status == "cancelled" and loan.cancel_reason == "行事が中止になりました"
    assert AuditEntry.objects.filter(action="equipment_loan_cancel", target_id=loan.pk).exists()
    assert reserve(kind, tanashi, hibari, D(2027, 2, 2), D(2027, 2, 3)).unit == loan.unit


def test_a_group_cannot_cancel_after_the_deadline_but_staff_can(kind, units, tanashi, hibari):
    loan = reserve(kind, tanashi, hibari, D(2027, 2, 2), D(2027, 2, 3))
    with pytest.raises(ValidationError) as exc:
        svc.loan_cancel(loan=loan, by=None, reason="都合により", today=D(2027, 2, 2))
    assert exc.value.error_list[0].code == "deadline" and "2027年2月1日" in exc.value.messages[0]
    svc.loan_cancel(loan=loan, by=None, reason="機材の故障のため", as_staff=True, today=D(2027, 2, 2))
    assert EquipmentLoan.objects.get(pk=loan.pk).status == "cancelled"
    assert Notice.objects.filter(group=hibari, subject="機材の予約が取り消されました").exists()


def test_a_cancellation_needs_a_reason(kind, units, tanashi, hibari):
    loan = reserve(kind, tanashi, hibari, D(2027, 2, 2), D(2027, 2, 3))
    with pytest.raises(ValidationError):
        svc.loan_cancel(loan=loan, by=None, reason="  ", today=TODAY)


# --- at the counter -------------------------------------------------------------------------------------


def test_check_out_issues_a_receipt_and_check_in_with_damage_takes_the_unit_out_of_service(
    kind, units, tanashi, hibari, staff
):
    loan = reserve(kind, tanashi, hibari, D(2027, 2, 1), D(2027, 2, 2))
    svc.loan_check_out(
        loan=loan, by=staff, condition="good", collected_by="西東 花子", fee_charged=300, today=D(2027, 2, 1)
    )
    loan.refresh_from_db()
    assert loan.status == "lent" and loan.receipt_number == f"E2026-{loan.pk:05d}" and loan.fee_charged == 300
    svc.loan_check_in(
        loan=loan, by=staff, condition="damaged", damage_note="ブレーキが効かない", take_out_of_service=True
    )
    loan.refresh_from_db()
    unit = EquipmentUnit.objects.get(pk=loan.unit_id)
    assert loan.status == "returned" and loan.damage_note == "ブレーキが効かない"
    assert (
        not unit.in_service
        and unit.out_of_service_reason == "ブレーキが効かない"
        and unit.condition == "damaged"
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"equipment_loan_check_out", "equipment_loan_check_in", "equipment_unit_update"} <= actions


def test_check_out_twice_and_check_in_of_a_reservation_are_refused(kind, units, tanashi, hibari, staff):
    loan = reserve(kind, tanashi, hibari, D(2027, 2, 1), D(2027, 2, 2))
    with pytest.raises(ValidationError):
        svc.loan_check_in(loan=loan, by=staff, condition="good")
    svc.loan_check_out(
        loan=loan, by=staff, condition="good", collected_by="花子", fee_charged=300, today=D(2027, 2, 1)
    )
    with pytest.raises(ValidationError):
        svc.loan_check_out(
            loan=loan, by=staff, condition="good", collected_by="花子", fee_charged=300, today=D(2027, 2, 1)
        )


def test_a_reserved_unit_taken_out_of_service_cannot_be_checked_out(kind, units, tanashi, hibari, staff):
    loan = reserve(kind, tanashi, hibari, D(2027, 2, 1), D(2027, 2, 2))
    svc.unit_set_service(unit=loan.unit, in_service=False, reason="点検中", by=staff)
    with pytest.raises(ValidationError) as exc:
        svc.loan_check_out(
            loan=loan, by=staff, condition="good", collected_by="花子", fee_charged=300, today=D(2027, 2, 1)
        )
    assert exc.value.error_list[0].code == "out_of_service"


# --- overdue --------------------------------------------------------------------------------------------


def test_overdue_groups_are_reminded_once_a_day_by_mail_or_on_the_phone_list(
    kind, units, tanashi, hibari, staff
):
    no_mail = registered_group(name="電話だけの会", fiscal_year=fiscal_year(TODAY), contact_email="")
    for group in (hibari, no_mail):
        loan = reserve(kind, tanashi, group, D(2027, 2, 1), D(2027, 2, 2))
        svc.loan_check_out(
            loan=loan, by=staff, condition="good", collected_by="花子", fee_charged=300, today=D(2027, 2, 1)
        )
    assert svc.overdue_remind(today=D(2027, 2, 2)) == []  # the return day itself is not overdue
    reminded = svc.overdue_remind(today=D(2027, 2, 3))
    assert {loan.group for loan in reminded} == {hibari, no_mail}
    notices = Notice.objects.filter(subject="機材の返却日を過ぎています")
    assert {n.channel for n in notices} == {Notice.Channel.EMAIL, Notice.Channel.MANUAL}
    assert svc.overdue_remind(today=D(2027, 2, 3)) == []  # not twice on one day
    assert len(svc.overdue_remind(today=D(2027, 2, 4))) == 2
