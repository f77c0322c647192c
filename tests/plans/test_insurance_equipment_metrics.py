"""The insurance and equipment metrics against known records made through the services (or as staff record
them), at the fiscal-year boundary: 31 March vs 1 April, in Asia/Tokyo."""

import datetime
import itertools

import pytest
from django.utils import timezone

from config.core.models import Site
from plans import metrics
from programs.models import EquipmentLoan
from tests.programs.factories import make_kind, make_units
from tests.volunteers.factories import registered_group
from tests.volunteers.insurance_factories import PlanFactory, event_plan
from volunteers.models.insurance import InsuranceKind, InsurancePlan
from volunteers.services import insurance as insurance_services

pytestmark = pytest.mark.django_db

D = datetime.date
TOKYO = timezone.get_default_timezone()
_people = itertools.count(1)
_receipts = itertools.count(1)


def _staff():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="alice")


def _plan(fy: int, kind: str) -> InsurancePlan:
    plan = InsurancePlan.objects.filter(fiscal_year=fy, kind=kind).first()
    if plan is None:
        plan = event_plan(fy) if kind == InsuranceKind.EVENT else PlanFactory(fiscal_year=fy)
    return plan


def enrol(fy: int, *, completed_on: D | None, today: D, cancel: bool = False):
    """One person's ボランティア保険 for fy, applied at the counter on `today` and completed on completed_on."""
    n = next(_people)
    enrolment = insurance_services.enrolment_apply(
        plan=_plan(fy, InsuranceKind.VOLUNTEER),
        by=_staff(),
        via="counter",
        name=f"加入 {n}号",
        furigana=f"カニュウ {n}ゴウ",
        birth_date=D(1970, 1, 1) + datetime.timedelta(days=n),
        today=today,
    )
    if completed_on is not None:
        enrolment = insurance_services.enrolment_confirm_payment(
            enrolment=enrolment,
            receipt_number=f"R{next(_receipts)}",
            paid_on=completed_on,
            by=_staff(),
            complete=True,
        )
    if cancel:
        insurance_services.enrolment_cancel(enrolment=enrolment, reason="重複", by=_staff())
    return enrolment


def insure_event(group, starts_on: D, *, today: D, complete: bool = True):
    """A group's 行事保険 for an event starting on starts_on (its fiscal year is the event's), paid and completed."""
    from config.core.dates import fiscal_year

    event = insurance_services.event_apply(
        group=group,
        plan=_plan(fiscal_year(starts_on), InsuranceKind.EVENT),
        event_name=f"清掃活動{starts_on}",
        starts_on=starts_on,
        ends_on=starts_on,
        place="西東京いこいの森公園",
        participants=20,
        by=_staff(),
        today=today,
    )
    if complete:
        event = insurance_services.event_confirm_payment(
            event=event, receipt_number=f"E{next(_receipts)}", paid_on=today, by=_staff(), complete=True
        )
    return event


def loan(unit, group, pickup: D, status: str) -> EquipmentLoan:
    """A loan as staff leave it: handed over (lent) and maybe back (returned), or only reserved."""
    handed = {}
    if status in ("lent", "returned"):
        out = datetime.datetime.combine(pickup, datetime.time(10), tzinfo=TOKYO)
        handed = {"checked_out_at": out, "fee_charged": 300}
        if status == "returned":
            handed["returned_at"] = out + datetime.timedelta(hours=5)
    return EquipmentLoan.objects.create(
        unit=unit, group=group, pickup_on=pickup, return_on=pickup, fee=300, status=status, **handed
    )


def test_insurance_people_count_enrolled_people_of_the_fiscal_year(base_data, staff):
    enrol(2020, completed_on=D(2020, 4, 1), today=D(2020, 4, 1))
    enrol(2020, completed_on=D(2021, 3, 31), today=D(2021, 3, 10))  # 31 March 2021: still FY2020
    enrol(2021, completed_on=D(2021, 3, 31), today=D(2021, 3, 31))  # applied in March for FY2021
    enrol(2021, completed_on=D(2021, 4, 1), today=D(2021, 4, 1))
    enrol(2020, completed_on=None, today=D(2020, 5, 1))  # applied, not paid: not yet enrolled
    enrol(2020, completed_on=D(2020, 6, 1), today=D(2020, 6, 1), cancel=True)  # cancelled
    with metrics.batch():
        assert metrics.value("volunteers.insurance_people", "", 2020) == 2
        assert metrics.value("volunteers.insurance_people", "", 2021) == 2
        assert metrics.value("volunteers.insurance_people", "", 2019) == 0
        # FY2021's early enrolment (31 March) counts in its April; FY2020's 31 March one in its March
        assert metrics.monthly("volunteers.insurance_people", "", 2021)[0] == 2
        assert metrics.monthly("volunteers.insurance_people", "", 2020)[10:] == [1, 2]


def test_event_insurance_counts_events_by_their_first_day_in_tokyo(base_data, staff):
    group = registered_group(fiscal_year=2020)
    insure_event(group, D(2020, 4, 1), today=D(2020, 3, 1))
    insure_event(group, D(2021, 3, 31), today=D(2021, 3, 1))
    insure_event(group, D(2021, 4, 1), today=D(2021, 3, 1))  # applied in FY2020, held in FY2021
    insure_event(group, D(2020, 10, 10), today=D(2020, 9, 1), complete=False)  # not paid: not counted
    with metrics.batch():
        assert metrics.value("volunteers.event_insurance", "", 2020) == 2
        assert metrics.value("volunteers.event_insurance", "", 2021) == 1
        assert metrics.monthly("volunteers.event_insurance", "", 2020) == [1] * 11 + [2]
        assert metrics.monthly("volunteers.event_insurance", "", 2021)[0] == 1


def test_equipment_loans_count_handed_over_loans_by_pick_up_day_and_site(base_data):
    tanashi, hoya = Site.objects.get(slug="tanashi"), Site.objects.get(slug="hoya")
    kind = make_kind()
    t_unit, h_unit = make_units(kind, tanashi, 1)[0], make_units(kind, hoya, 1, prefix="H")[0]
    group = registered_group(fiscal_year=2020)
    for unit, pickup, status in (
        (t_unit, D(2020, 4, 1), "returned"),  # 1 April: FY2020
        (t_unit, D(2021, 3, 31), "lent"),  # 31 March: still FY2020
        (t_unit, D(2021, 4, 1), "returned"),  # FY2021
        (h_unit, D(2020, 3, 31), "returned"),  # FY2019
        (h_unit, D(2020, 7, 1), "returned"),
        (h_unit, D(2020, 8, 1), "reserved"),  # not handed over: not counted
    ):
        loan(unit, group, pickup, status)
    with metrics.batch():
        assert metrics.value("programs.equipment_loans", "", 2020) == 3
        assert metrics.value("programs.equipment_loans", "tanashi", 2020) == 2
        assert metrics.value("programs.equipment_loans", "hoya", 2020) == 1
        assert metrics.value("programs.equipment_loans", "", 2021) == 1
        assert metrics.value("programs.equipment_loans", "", 2019) == 1
        assert metrics.monthly("programs.equipment_loans", "", 2020) == [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3]
        assert metrics.monthly("programs.equipment_loans", "hoya", 2020)[-1] == 1
