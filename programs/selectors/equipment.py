"""Reads for equipment loans: availability per day, a group's loans, the staff lists, and the yearly numbers."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from config.core.dates import closed_days, fiscal_year_end, fiscal_year_start, per_fiscal_month
from config.core.models import Site
from config.core.search import name_search_q
from volunteers.models import VolunteerGroup

from ..models import EquipmentKind, EquipmentLoan, EquipmentUnit

# Loans that happened (the unit was handed over): these count in the plans and bring fee income.
COUNTED = (EquipmentLoan.Status.LENT, EquipmentLoan.Status.RETURNED)


@dataclass
class AvailabilityDay:
    day: datetime.date
    free: int
    total: int
    closed: str  # the reason when the site is closed that day, else ""

    @property
    def is_open(self) -> bool:
        return not self.closed


def availability(
    *, kind: EquipmentKind, site: Site, start: datetime.date, days: int, today: datetime.date | None = None
) -> list[AvailabilityDay]:
    """How many units of a kind are free at a site on each day, in a fixed number of queries.

    A unit out of service is never free; an overdue unit is not free from today on, as nobody knows when it
    comes back."""
    today = today or timezone.localdate()
    end = start + datetime.timedelta(days=days - 1)
    units = set(
        EquipmentUnit.objects.filter(kind=kind, site=site, in_service=True).values_list("pk", flat=True)
    )
    loans = list(
        EquipmentLoan.objects.active()
        .filter(unit_id__in=units)
        .filter(
            Q(pickup_on__lte=end, return_on__gte=start)
            | Q(status=EquipmentLoan.Status.LENT, return_on__lt=today)
        )
        .values_list("unit_id", "pickup_on", "return_on", "status")
    )
    closed = closed_days(site, start, end)
    result = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        taken = set()
        for unit_id, pickup_on, return_on, status in loans:
            overdue = status == EquipmentLoan.Status.LENT and return_on < today and day >= today
            if pickup_on <= day <= return_on or overdue:
                taken.add(unit_id)
        result.append(
            AvailabilityDay(
                day=day, free=len(units) - len(taken), total=len(units), closed=closed.get(day, "")
            )
        )
    return result


def lendable_kinds(site: Site | None = None):
    """Kinds lent to groups, each with its number of units in service (at a site, or anywhere)."""
    in_service = Q(units__in_service=True) & (Q(units__site=site) if site else Q())
    return (
        EquipmentKind.objects.active()
        .filter(lend_to_groups=True)
        .annotate(n_units=Count("units", filter=in_service))
    )


def kind_sites(kinds) -> dict[int, list[Site]]:
    """{kind pk: the sites that keep units of it in service}, in one query."""
    rows = (
        EquipmentUnit.objects.filter(kind__in=kinds, in_service=True)
        .order_by()
        .values_list("kind_id", "site_id")
        .distinct()  # no default ordering, or DISTINCT sees its columns
    )
    sites = {s.pk: s for s in Site.objects.all()}
    result: dict[int, list[Site]] = {}
    for kind_id, site_id in rows:
        result.setdefault(kind_id, []).append(sites[site_id])
    for value in result.values():
        value.sort(key=lambda s: (s.sort_order, s.pk))
    return result


def _with_relations(qs):
    return qs.select_related("unit__kind", "unit__site", "group", "school_request")


def group_loans(groups, *, current: bool = True):
    """A group's reservations and loans still open (current), or its history (returned and cancelled)."""
    qs = _with_relations(EquipmentLoan.objects.filter(group__in=groups))
    if current:
        return qs.active().order_by("pickup_on", "pk")
    return qs.exclude(status__in=EquipmentLoan.ACTIVE).order_by("-pickup_on", "-pk")


STATUS_FILTERS = ("reserved", "lent", "overdue", "returned", "cancelled")


def staff_loans(
    *,
    text: str = "",
    status: str = "",
    site: Site | None = None,
    kind: EquipmentKind | None = None,
    fy: int | None = None,
    today: datetime.date | None = None,
):
    """The staff loan list: search by group name, 管理番号 or 領収書番号; filter by status (延滞 too), site, kind, year."""
    today = today or timezone.localdate()
    qs = _with_relations(EquipmentLoan.objects.all())
    # The group and the unit are matched in subqueries (over their own indexes), not through joins that make
    # PostgreSQL read every loan of ten years with its group before filtering.
    if name_search_q(text, text_fields=["code"]) is not None:
        groups = VolunteerGroup.objects.search(text).values("pk")
        units = EquipmentUnit.objects.filter(name_search_q(text, text_fields=["code"])).values("pk")
        qs = qs.filter(
            Q(group__in=groups) | Q(unit__in=units) | name_search_q(text, text_fields=["receipt_number", "collected_by"])
        )
    if status == "overdue":
        qs = qs.overdue(today)
    elif status in STATUS_FILTERS:
        qs = qs.filter(status=status)
    if site is not None:
        qs = qs.filter(unit__site=site)
    if kind is not None:
        qs = qs.filter(unit__kind=kind)
    if fy is not None:
        qs = qs.filter(pickup_on__gte=fiscal_year_start(fy), pickup_on__lte=fiscal_year_end(fy))
    return qs.order_by("-pickup_on", "-pk")


def overdue_loans(today: datetime.date | None = None):
    """Units not back after their return day, the longest overdue first."""
    return _with_relations(EquipmentLoan.objects.overdue(today)).order_by("return_on", "pk")


def due_today(today: datetime.date | None = None):
    """What the counter expects today: pick-ups of reservations and returns of loans."""
    today = today or timezone.localdate()
    return _with_relations(
        EquipmentLoan.objects.filter(
            Q(status=EquipmentLoan.Status.RESERVED, pickup_on=today)
            | Q(status=EquipmentLoan.Status.LENT, return_on=today)
        )
    ).order_by("unit__kind__sort_order", "pk")


# --- the numbers for the plans ---------------------------------------------------------------------


def _counted(fy: int):
    return EquipmentLoan.objects.filter(
        status__in=COUNTED,
        pickup_on__gte=fiscal_year_start(fy),
        pickup_on__lte=fiscal_year_end(fy),
    )


def equipment_loans(fy: int, site: Site | None = None) -> int:
    """Loans in a fiscal year (by the pick-up day; only loans handed over count), at a site or in all."""
    qs = _counted(fy)
    if site is not None:
        qs = qs.filter(unit__site=site)
    return qs.count()


def equipment_fee_income(fy: int, site: Site | None = None) -> int:
    """Fees received for the loans of a fiscal year (円)."""
    qs = _counted(fy)
    if site is not None:
        qs = qs.filter(unit__site=site)
    return qs.aggregate(total=Sum("fee_charged"))["total"] or 0


@dataclass
class EquipmentNumbers:
    fiscal_year: int
    total: int
    fee_income: int
    by_kind: list[dict]  # {"name", "loans", "fee_income"} for every kind, in display order
    by_site: dict[str, dict]  # {site slug: {"loans", "fee_income"}} for every site


def equipment_numbers(fy: int) -> EquipmentNumbers:
    """Loans per fiscal year in total, per kind and per site, and the fee income, in three queries."""
    kinds = {
        row["unit__kind_id"]: row
        for row in _counted(fy).values("unit__kind_id").annotate(loans=Count("pk"), income=Sum("fee_charged"))
    }
    sites = {
        row["unit__site__slug"]: row
        for row in _counted(fy)
        .values("unit__site__slug")
        .annotate(loans=Count("pk"), income=Sum("fee_charged"))
    }
    by_kind = [
        {
            "name": kind.name,
            "loans": kinds.get(kind.pk, {}).get("loans", 0),
            "fee_income": kinds.get(kind.pk, {}).get("income") or 0,
        }
        for kind in EquipmentKind.objects.order_by("sort_order", "pk")
    ]
    by_site = {
        slug: {
            "loans": sites.get(slug, {}).get("loans", 0),
            "fee_income": sites.get(slug, {}).get("income") or 0,
        }
        for slug in Site.objects.values_list("slug", flat=True)
    }
    return EquipmentNumbers(
        fiscal_year=fy,
        total=sum(row["loans"] for row in by_kind),
        fee_income=sum(row["fee_income"] for row in by_kind),
        by_kind=by_kind,
        by_site=by_site,
    )


def equipment_loans_by_month(fy: int) -> dict[str, list[int]]:
    """Loans counted as in `equipment_numbers`, by the month of the pick-up day, per site slug and in total ("")
    as twelve numbers, April first, in one grouped query."""
    rows = list(
        _counted(fy)
        .annotate(month=TruncMonth("pickup_on"))
        .values("unit__site__slug", "month")
        .annotate(n=Count("pk"))
    )
    out = {"": per_fiscal_month(((r["month"], r["n"]) for r in rows), fy)}
    for slug in Site.objects.values_list("slug", flat=True):
        out[slug] = per_fiscal_month(
            ((r["month"], r["n"]) for r in rows if r["unit__site__slug"] == slug), fy
        )
    return out
