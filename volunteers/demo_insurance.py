"""Demo insurance: sample products for last year and this, enrolments in every state, a roster, 行事保険; idempotent.

The rates are samples (is_sample=True), not the council's: every page that shows them says 「サンプル」.
Natural keys: a product by (year, kind, name), an enrolment by (person, year), an event by (group, name, day).
The demo account `volunteer` was enrolled last year, so it can renew in one click once next year opens.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from config.core.dates import current_fiscal_year, fiscal_year_start

from .models import Volunteer, VolunteerGroup
from .models.insurance import (
    Enrolment,
    EventInsurance,
    InsuranceKind,
    InsurancePlan,
    InsuranceStatus,
    RateUnit,
)
from .selectors import coverage_period
from .services.insurance import person_key

# name, kind, rate, unit, description — sample rates only.
PRODUCTS = [
    (
        "基本タイプA",
        InsuranceKind.VOLUNTEER,
        350,
        RateUnit.PER_PERSON_YEAR,
        "ボランティア活動中のけが・賠償（サンプル）",
    ),
    (
        "基本タイプB",
        InsuranceKind.VOLUNTEER,
        510,
        RateUnit.PER_PERSON_YEAR,
        "補償額の大きいプラン（サンプル）",
    ),
    (
        "天災タイプA",
        InsuranceKind.VOLUNTEER,
        500,
        RateUnit.PER_PERSON_YEAR,
        "地震・噴火・津波によるけがも補償（サンプル）",
    ),
    (
        "天災タイプB",
        InsuranceKind.VOLUNTEER,
        710,
        RateUnit.PER_PERSON_YEAR,
        "天災タイプの補償額の大きいプラン（サンプル）",
    ),
    (
        "行事保険Aプラン",
        InsuranceKind.EVENT,
        28,
        RateUnit.PER_PERSON_DAY,
        "参加者名簿のある行事（1人1日あたり・サンプル）",
    ),
    (
        "当日参加対応型",
        InsuranceKind.EVENT,
        2000,
        RateUnit.PER_EVENT,
        "当日参加者のいる行事（1行事あたり・サンプル）",
    ),
]


def _plans(fy: int) -> dict[str, InsurancePlan]:
    plans = {}
    for order, (name, kind, rate, unit, description) in enumerate(PRODUCTS):
        plans[name], _ = InsurancePlan.objects.get_or_create(
            fiscal_year=fy,
            kind=kind,
            name=name,
            defaults={
                "rate": rate,
                "rate_unit": unit,
                "description": description,
                "is_sample": True,
                "sort_order": order,
            },
        )
    return plans


def _enrol(volunteer, plan, status, day, *, group=None, receipt=""):
    key = person_key(volunteer=volunteer, name="", furigana="", birth_date=None)
    if Enrolment.objects.filter(person_key=key, fiscal_year=plan.fiscal_year).exists():
        return
    e = Enrolment(
        fiscal_year=plan.fiscal_year,
        plan=plan,
        volunteer=volunteer,
        person_name=volunteer.name,
        person_furigana=volunteer.furigana,
        birth_date=volunteer.birth_date,
        name_key=volunteer.name_key,
        furigana_key=volunteer.furigana_key,
        person_key=key,
        group=group,
        via=Enrolment.Via.COUNTER,
        status=status,
        premium=plan.premium_for(),
    )
    if status in (InsuranceStatus.PAID, InsuranceStatus.ENROLLED):
        e.paid_on, e.receipt_number = day, receipt
    if status == InsuranceStatus.ENROLLED:
        c = coverage_period(fiscal_year=plan.fiscal_year, completed_on=day)
        e.enrolled_on, e.coverage_start, e.coverage_end = day, c.start, c.end
    e.save()


def load(stdout) -> None:
    fy = current_fiscal_year()
    last, this = _plans(fy - 1), _plans(fy)
    today = timezone.localdate()
    people = list(Volunteer.objects.active().order_by("pk")[:12])
    demo = Volunteer.objects.filter(user__username="volunteer").first()
    if demo and demo not in people:
        people.insert(0, demo)
    start_last = fiscal_year_start(fy - 1)
    for n, v in enumerate(people):
        plan = last["基本タイプA" if n % 2 else "天災タイプA"]
        _enrol(
            v,
            plan,
            InsuranceStatus.ENROLLED,
            start_last + datetime.timedelta(days=10 + n),
            receipt=f"D{fy - 1}-{n + 1:04d}",
        )
    states = [
        InsuranceStatus.ENROLLED,
        InsuranceStatus.ENROLLED,
        InsuranceStatus.PAID,
        InsuranceStatus.APPLIED,
    ]
    for n, v in enumerate(people[1:8]):  # the demo account keeps last year's only, to show the renewal
        day = max(fiscal_year_start(fy), today - datetime.timedelta(days=n))
        _enrol(
            v,
            this["基本タイプB" if n % 3 else "基本タイプA"],
            states[n % len(states)],
            min(day, today),
            receipt=f"D{fy}-{n + 1:04d}",
        )
    group = (
        VolunteerGroup.objects.filter(representative__username="dantai").first()
        or VolunteerGroup.objects.first()
    )
    if group:
        event_day = today + datetime.timedelta(days=30)
        EventInsurance.objects.get_or_create(
            group=group,
            event_name="ひばりの会 秋の清掃活動",
            starts_on=event_day,
            defaults={
                "fiscal_year": fy if event_day < fiscal_year_start(fy + 1) else fy + 1,
                "plan": this["行事保険Aプラン"]
                if event_day < fiscal_year_start(fy + 1)
                else _plans(fy + 1)["行事保険Aプラン"],
                "ends_on": event_day,
                "place": "西東京いこいの森公園",
                "participants": 25,
                "premium": 28 * 25,
                "created_by": get_user_model().objects.filter(username="dantai").first(),
            },
        )
    stdout.write(
        f"保険：ボランティア保険 {Enrolment.objects.count()}件・行事保険 {EventInsurance.objects.count()}件（料率はサンプル）"
    )
