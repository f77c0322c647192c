"""Reads for insurance enrolment: the dates that decide coverage, the products, the staff lists and the numbers for the plans."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.core import roles
from config.core.dates import fiscal_year, fiscal_year_end, fiscal_year_start, per_fiscal_month
from config.core.search import clean_query, name_search_q

from ..models.insurance import (
    Enrolment,
    EventInsurance,
    InsuranceKind,
    InsurancePlan,
    InsuranceStatus,
    InsuranceYear,
    Roster,
)

# --- the dates, in one place ---------------------------------------------------------------------


def applications_open_on(fy: int) -> datetime.date:
    """The March day from which applications for fiscal year fy (starting 1 April fy) are taken."""
    row = InsuranceYear.objects.filter(fiscal_year=fy).only("applications_open_on").first()
    return row.applications_open_on if row else InsuranceYear.default_opens_on(fy)


def event_lead_days(fy: int) -> int:
    row = InsuranceYear.objects.filter(fiscal_year=fy).only("event_lead_days").first()
    return row.event_lead_days if row else InsuranceYear._meta.get_field("event_lead_days").default


def open_fiscal_years(today: datetime.date | None = None) -> list[int]:
    """The fiscal years taking ボランティア保険 applications today: this one until its last day (cover starts the day
    after an enrolment is completed, so on 31 March none is left), and the next from the March date on."""
    today = today or timezone.localdate()
    fy = fiscal_year(today)
    this = [fy] if today < fiscal_year_end(fy) else []
    return [*this, fy + 1] if today >= applications_open_on(fy + 1) or not this else this


def preferred_fiscal_year(today: datetime.date | None = None) -> int:
    """The year an application made today is for by default: the next one once it is open (late March)."""
    return open_fiscal_years(today)[-1]


@dataclass(frozen=True)
class Coverage:
    start: datetime.date
    end: datetime.date


def coverage_period(*, fiscal_year: int, completed_on: datetime.date) -> Coverage:
    """The one rule for coverage: from the day after the enrolment is completed (never before 1 April of its
    fiscal year) to 31 March at the end of it. Completed 2020-06-15 for 2020 → 2020-06-16〜2021-03-31;
    completed 2021-03-25 for 2021 → 2021-04-01〜2022-03-31. The premium is the full year's whatever the month.
    """
    start = max(completed_on + datetime.timedelta(days=1), fiscal_year_start(fiscal_year))
    end = fiscal_year_end(fiscal_year)
    return Coverage(start=min(start, end), end=end)


def event_deadline(starts_on: datetime.date) -> datetime.date:
    """The last day a 行事保険 application for an event starting that day is taken."""
    return starts_on - datetime.timedelta(days=event_lead_days(fiscal_year(starts_on)))


# --- products ------------------------------------------------------------------------------------


def plans_for(fy: int, kind: str):
    return InsurancePlan.objects.filter(fiscal_year=fy, kind=kind).order_by("sort_order", "pk")


def plan_years() -> list[int]:
    return list(
        InsurancePlan.objects.values_list("fiscal_year", flat=True).distinct().order_by("-fiscal_year")
    )


def any_sample_rates() -> bool:
    """Whether sample (demo) rates are in use, so pages with amounts say 「サンプル」."""
    return InsurancePlan.objects.filter(is_sample=True).exists()


def products_by_year(fy: int) -> dict[str, list[InsurancePlan]]:
    plans = list(InsurancePlan.objects.filter(fiscal_year=fy).order_by("kind", "sort_order", "pk"))
    return {kind: [p for p in plans if p.kind == kind] for kind in InsuranceKind.values}


# --- per user ------------------------------------------------------------------------------------


def enrolments_of(volunteer) -> list[Enrolment]:
    if volunteer is None:
        return []
    return list(
        Enrolment.objects.filter(volunteer=volunteer).select_related("plan").order_by("-fiscal_year", "-pk")
    )


def get_enrolment_for_user(user, pk: int) -> Enrolment:
    """Staff see every enrolment; anyone else only their own (404 otherwise)."""
    qs = Enrolment.objects.select_related("plan", "volunteer", "group", "roster")
    if not roles.can(user, "personal_data"):
        qs = qs.filter(volunteer__user=user)
    return get_object_or_404(qs, pk=pk)


def get_event_insurance_for_user(user, pk: int) -> EventInsurance:
    qs = EventInsurance.objects.select_related("plan", "group")
    if not roles.can(user, "personal_data"):
        qs = qs.filter(group__representative=user)
    return get_object_or_404(qs, pk=pk)


def get_roster_for_user(user, pk: int) -> Roster:
    """Staff see every roster; a representative only their groups' (404 otherwise)."""
    qs = Roster.objects.select_related("group", "plan")
    if not roles.can(user, "personal_data"):
        qs = qs.filter(group__representative=user)
    return get_object_or_404(qs, pk=pk)


def roster_lines(roster: Roster) -> list[Enrolment]:
    return list(roster.enrolments.order_by("pk"))


def roster_total(lines: list[Enrolment], status: str) -> int:
    return sum(e.premium for e in lines if e.status == status)


def last_year_roster_members(group, fy: int) -> list[dict]:
    """The members of the group's applications for the year before fy, offered on the new roster."""
    rows = (
        Enrolment.objects.active()
        .filter(group=group, fiscal_year=fy - 1)
        .order_by("furigana_key", "pk")
        .values("person_name", "person_furigana", "birth_date")
    )
    return list(rows)


def group_insurance(group, fy: int) -> dict:
    """What a representative's group page shows: this year's roster enrolments and events."""
    return {
        "enrolments": list(
            Enrolment.objects.filter(group=group, fiscal_year__in=[fy, fy + 1])
            .select_related("plan")
            .order_by("-fiscal_year", "furigana_key")
        ),
        "events": list(
            EventInsurance.objects.filter(group=group, fiscal_year__in=[fy, fy + 1])
            .select_related("plan")
            .order_by("starts_on")
        ),
    }


# --- staff lists ---------------------------------------------------------------------------------


def filter_enrolments(data: dict | None):
    """The staff list: search by name/furigana, filter by fiscal year, status, plan, group, completion dates."""
    qs = Enrolment.objects.select_related("plan", "group", "volunteer")
    if data is None:
        return qs.none()
    q = name_search_q(data.get("q") or "", name_keys=["name_key"], kana_keys=["furigana_key"])
    if q is not None:
        qs = qs.filter(q)
    if data.get("fiscal_year"):
        qs = qs.filter(fiscal_year=data["fiscal_year"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("plan"):
        qs = qs.filter(plan__name=data["plan"].name)
    if data.get("group"):
        qs = qs.filter(group=data["group"])
    if data.get("enrolled_from"):
        qs = qs.filter(enrolled_on__gte=data["enrolled_from"])
    if data.get("enrolled_to"):
        qs = qs.filter(enrolled_on__lte=data["enrolled_to"])
    return qs.order_by("-applied_at", "-pk")


def filter_event_insurances(data: dict | None):
    qs = EventInsurance.objects.select_related("plan", "group")
    if data is None:
        return qs.none()
    if text := clean_query(data.get("q")):
        qs = qs.filter(Q(event_name__icontains=text) | Q(group__name__icontains=text))
    if data.get("fiscal_year"):
        qs = qs.filter(fiscal_year=data["fiscal_year"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("plan"):
        qs = qs.filter(plan__name=data["plan"].name)
    if data.get("group"):
        qs = qs.filter(group=data["group"])
    if data.get("enrolled_from"):
        qs = qs.filter(enrolled_on__gte=data["enrolled_from"])
    if data.get("enrolled_to"):
        qs = qs.filter(enrolled_on__lte=data["enrolled_to"])
    return qs.order_by("starts_on", "pk")


def roster_export_rows(start: datetime.date, end: datetime.date):
    """Enrolments completed between start and end, in the order the council's submission form lists them."""
    return (
        Enrolment.objects.filter(status=InsuranceStatus.ENROLLED, enrolled_on__range=(start, end))
        .select_related("plan", "group")
        .order_by("enrolled_on", "furigana_key", "pk")
    )


@dataclass(frozen=True)
class DailyTotal:
    day: datetime.date
    people: int
    people_amount: int
    events: int
    events_amount: int

    @property
    def amount(self) -> int:
        return self.people_amount + self.events_amount


def premiums_received(day: datetime.date) -> DailyTotal:
    """The cash count: premiums recorded as paid on that day (not cancelled since), in two queries."""
    paid = Q(paid_on=day) & ~Q(status=InsuranceStatus.CANCELLED)
    people = Enrolment.objects.filter(paid).aggregate(n=Count("pk"), total=Sum("premium"))
    events = EventInsurance.objects.filter(paid).aggregate(n=Count("pk"), total=Sum("premium"))
    return DailyTotal(day, people["n"], people["total"] or 0, events["n"], events["total"] or 0)


# --- numbers for the plans -----------------------------------------------------------------------


def insured_people(fy: int) -> int:
    """People enrolled in ボランティア保険 for fiscal year fy (加入済)."""
    return Enrolment.objects.filter(fiscal_year=fy, status=InsuranceStatus.ENROLLED).count()


def insured_events(fy: int) -> int:
    """Events insured (行事保険, 加入済) in fiscal year fy."""
    return EventInsurance.objects.filter(fiscal_year=fy, status=InsuranceStatus.ENROLLED).count()


def insurance_counts(years: list[int]) -> dict[int, dict[str, int]]:
    """Both numbers for several fiscal years, in two queries: {2020: {"people": 3650, "events": 1000}}."""
    enrolled = Q(status=InsuranceStatus.ENROLLED, fiscal_year__in=years)
    out = {fy: {"people": 0, "events": 0} for fy in years}
    for row in Enrolment.objects.filter(enrolled).values("fiscal_year").annotate(n=Count("pk")):
        out[row["fiscal_year"]]["people"] = row["n"]
    for row in EventInsurance.objects.filter(enrolled).values("fiscal_year").annotate(n=Count("pk")):
        out[row["fiscal_year"]]["events"] = row["n"]
    return out


def insurance_counts_by_month(fy: int) -> dict[str, list[int]]:
    """Both numbers of one fiscal year by month, April first, in two grouped queries: people by the month their
    enrolment was completed (done before 1 April for the new year: April), events by the event's first day."""
    enrolled = Q(status=InsuranceStatus.ENROLLED, fiscal_year=fy)
    people = (
        Enrolment.objects.filter(enrolled)
        .annotate(m=TruncMonth("enrolled_on"))
        .values("m")
        .annotate(n=Count("pk"))
    )
    events = (
        EventInsurance.objects.filter(enrolled)
        .annotate(m=TruncMonth("starts_on"))
        .values("m")
        .annotate(n=Count("pk"))
    )
    return {
        "people": per_fiscal_month(((r["m"], r["n"]) for r in people), fy),
        "events": per_fiscal_month(((r["m"], r["n"]) for r in events), fy),
    }


# --- renewal -------------------------------------------------------------------------------------


def renewal_due(fy: int):
    """Last year's enrollees with a record (and so a way to reach them) who have not applied for fy nor been told."""
    already = Enrolment.objects.active().filter(fiscal_year=fy).values("person_key")
    return (
        Enrolment.objects.filter(
            fiscal_year=fy - 1,
            status=InsuranceStatus.ENROLLED,
            volunteer__isnull=False,
            renewal_notified_at__isnull=True,
        )
        .exclude(person_key__in=already)
        .select_related("volunteer", "plan")
    )


def renewal_offer(volunteer, today: datetime.date | None = None) -> Enrolment | None:
    """Last year's enrolment this volunteer can renew in one click today, if any."""
    if volunteer is None:
        return None
    target = preferred_fiscal_year(today)
    has_target = Enrolment.objects.active().filter(volunteer=volunteer, fiscal_year=target).exists()
    if has_target:
        return None
    last = (
        Enrolment.objects.filter(volunteer=volunteer, fiscal_year=target - 1, status=InsuranceStatus.ENROLLED)
        .select_related("plan")
        .first()
    )
    if last is None or not plans_for(target, InsuranceKind.VOLUNTEER).filter(name=last.plan.name).exists():
        return None
    return last
