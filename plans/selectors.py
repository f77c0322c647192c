"""Reads for the plans: the overview, a fiscal year's progress (target, actual, %, status) and the year-end report.

Status rule (達成・順調・遅れ・未着手), by the months in which the item happens: an item's expected share at a day is
the share of its active months already passed (the current month counted by its days gone). Items with no
months given happen all year, which makes the rule plain pro-rata by month. We chose months over pro-rata
by day because several items happen in a season only (総合的な学習の時間 9月～12月, ボラフェス once): pro-rata
would call such an item 遅れ all spring and 達成 never before December, which tells the committee nothing.
- 達成: the actual reached the target.
- 未着手: nothing counted yet (actual 0), or the item's months have not begun.
- 順調: the actual reached the expected share of the target.
- 遅れ: below the expected share.
Targets without a number (随時) show the actual only; targets without a source or entries show 未集計（手入力）.

Personal data: nothing here reads a person; the metrics are counts, and manual entries show their note and the
entering staff member only on staff pages.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core.dates import fiscal_year_end, fiscal_year_label, fiscal_year_start, fiscal_year_wareki

from . import metrics
from .models import Approach, BasicGoal, ManualEntry, Pillar, Plan, PlanItem, Target

ACHIEVED, ON_TRACK, BEHIND, NOT_STARTED, NO_TARGET, NOT_COUNTED = (
    "achieved",
    "on_track",
    "behind",
    "not_started",
    "no_target",
    "not_counted",
)
STATUS_LABELS = {
    ACHIEVED: _("達成"),
    ON_TRACK: _("順調"),
    BEHIND: _("遅れ"),
    NOT_STARTED: _("未着手"),
    NO_TARGET: _("目標値なし"),
    NOT_COUNTED: _("未集計（手入力）"),
}
# April first: the fiscal year's months in order.
FY_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def plan_years() -> list[int]:
    """Fiscal years that have items, newest first."""
    return list(PlanItem.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def year_choices(years: list[int]) -> list[tuple[int, str]]:
    return [(fy, fiscal_year_label(fy)) for fy in years]


def overview() -> dict:
    """Both plans with their structures, in a handful of queries."""
    plans = {p.kind: p for p in Plan.objects.prefetch_related("issues", "goals", "pillars")}
    return {
        "fourth": plans.get("fourth"),
        "kikyu": plans.get("kikyu"),
        "approaches": list(Approach.objects.all()),
    }


def expected_share(active_months: list[int], fy: int, today: datetime.date) -> float:
    """The share (0–1) of the item's months of fiscal year fy that have passed on `today`."""
    if today < fiscal_year_start(fy):
        return 0.0
    if today > fiscal_year_end(fy):
        return 1.0
    months = active_months or FY_MONTHS
    passed = 0.0
    for month in months:
        year = fy if month >= 4 else fy + 1
        first = datetime.date(year, month, 1)
        days = calendar.monthrange(year, month)[1]
        if today >= first + datetime.timedelta(days=days):
            passed += 1
        elif today >= first:
            passed += today.day / days
    return passed / len(months)


def status_of(value, actual, share: float) -> str:
    if actual is None:
        return NOT_COUNTED
    if value is None:
        return NO_TARGET
    if actual >= value:
        return ACHIEVED
    if actual == 0 or share == 0:
        return NOT_STARTED
    return ON_TRACK if actual >= value * Decimal(str(share)) else BEHIND


@dataclass
class TargetRow:
    target: Target
    metric_label: str
    source: str  # "metric", "manual" or "none"
    actual: Decimal | None
    percent: int | None
    status: str
    expected: Decimal | None
    monthly: list[Decimal | None] = field(
        default_factory=list
    )  # cumulative actual per fiscal month, April first
    entries: list[ManualEntry] = field(default_factory=list)
    monthly_is_total: bool = (
        False  # the metric gives no monthly series: the year's total sits at the month reached
    )

    @property
    def unit(self) -> str:
        """The target's unit, or the metric's where the target has none (随時)."""
        if self.target.unit:
            return self.target.unit
        metric = metrics.get(self.target.metric_key) if self.source == "metric" else None
        return str(metric.unit) if metric else ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def bar_percent(self) -> int:
        return min(self.percent or 0, 100)

    @property
    def expected_percent(self) -> int | None:
        if self.expected is None or not self.target.value:
            return None
        return min(round(self.expected / self.target.value * 100), 100)


@dataclass
class ItemRow:
    item: PlanItem
    targets: list[TargetRow]

    @property
    def evaluation(self):
        return getattr(self.item, "evaluation", None)

    @property
    def primary(self) -> TargetRow:
        return self.targets[0]


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _month_index(day: datetime.date) -> int:
    return FY_MONTHS.index(day.month)


def _last_month(fy: int, today: datetime.date) -> int:
    """The index of the fiscal month reached on `today` (11 once the year is over, -1 before it begins)."""
    if today > fiscal_year_end(fy):
        return 11
    return _month_index(today) if today >= fiscal_year_start(fy) else -1


def _target_row(
    target: Target, fy: int, share: float, today: datetime.date, with_monthly: bool = False
) -> TargetRow:
    """One target's actual and status; with_monthly adds the cumulative monthly series (the item page only)."""
    entries = list(target.entry_list)
    valued = [e for e in entries if e.value is not None]
    metric = metrics.get(target.metric_key) if target.metric_key else None
    monthly: list[Decimal | None] = [None] * 12
    monthly_is_total = False
    last = _last_month(fy, today)
    if metric is not None:
        source, label = "metric", metric.label
        actual = _number(metrics.value(target.metric_key, target.metric_param, fy))
        series = metrics.monthly(target.metric_key, target.metric_param, fy) if with_monthly else None
        if series is not None:
            for i in range(last + 1):
                monthly[i] = _number(series[i])
        elif actual is not None and last >= 0:
            # No monthly series for this metric: the chart shows the total so far at the month reached.
            monthly[last], monthly_is_total = actual, True
    elif valued:
        source, label = "manual", _("手入力")
        actual = sum((e.value for e in valued), Decimal(0))
        running = Decimal(0)
        by_month = [Decimal(0)] * 12
        for e in valued:
            by_month[_month_index(e.entered_on)] += e.value
        for i in range(last + 1):
            running += by_month[i]
            monthly[i] = running
    else:
        source, label, actual = "none", _("未集計（手入力）"), None
    value = target.value
    percent = round(actual / value * 100) if actual is not None and value else None
    expected = (value * Decimal(str(share))).quantize(Decimal("0.1")) if value is not None else None
    return TargetRow(
        target=target,
        metric_label=label,
        source=source,
        actual=actual,
        percent=percent,
        status=status_of(value, actual, share),
        expected=expected,
        monthly=monthly,
        entries=entries,
        monthly_is_total=monthly_is_total,
    )


def _items(fy: int):
    return (
        PlanItem.objects.filter(fiscal_year=fy)
        .select_related("pillar", "evaluation")
        # Plain lists (to_attr): Django's prefetch otherwise builds a filtered queryset per item and per target
        # to hold each set, which cost more than the queries (issue 16).
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=Target.objects.prefetch_related(Prefetch("entries", to_attr="entry_list")),
                to_attr="target_list",
            ),
            Prefetch("approaches", to_attr="approach_list"),
            Prefetch("goals", to_attr="goal_list"),
        )
    )


def year_progress(fy: int, today: datetime.date | None = None) -> list[ItemRow]:
    """Every item of the year with its targets' actuals and status, in a number of queries that does not grow."""
    today = today or timezone.localdate()
    rows = []
    with metrics.batch():
        for item in _items(fy):
            share = expected_share(item.active_months, fy, today)
            rows.append(ItemRow(item, [_target_row(t, fy, share, today) for t in item.target_list]))
    return [r for r in rows if r.targets]


def grouped(rows: list[ItemRow], by: str) -> list[tuple[object, list[ItemRow]]]:
    """The rows under each 気球くん pillar (by="pillar") or 第四次 basic goal (by="goal"); unlinked items last."""
    if by == "goal":
        heads = list(BasicGoal.objects.filter(plan__kind="fourth"))
        groups = [(g, [r for r in rows if g in r.item.goal_list]) for g in heads]
        rest = [r for r in rows if not r.item.goal_list]
    else:
        heads = list(Pillar.objects.filter(plan__kind="kikyu"))
        groups = [(p, [r for r in rows if r.item.pillar_id == p.pk]) for p in heads]
        rest = [r for r in rows if r.item.pillar_id is None]
    if rest:
        groups.append((_("計画の柱・目標に結びつけていない項目"), rest))
    return groups


def status_counts(rows: list[ItemRow]) -> list[tuple[str, str, int]]:
    counts = {key: 0 for key in STATUS_LABELS}
    for row in rows:
        counts[row.primary.status] += 1
    return [(key, STATUS_LABELS[key], n) for key, n in counts.items() if n]


def get_item(pk: int) -> PlanItem:
    return get_object_or_404(PlanItem.objects.select_related("pillar", "evaluation"), pk=pk)


def item_progress(item: PlanItem, today: datetime.date | None = None) -> ItemRow:
    today = today or timezone.localdate()
    item = _items(item.fiscal_year).get(pk=item.pk)
    share = expected_share(item.active_months, item.fiscal_year, today)
    with metrics.batch():
        return ItemRow(
            item,
            [_target_row(t, item.fiscal_year, share, today, with_monthly=True) for t in item.target_list],
        )


def get_target(pk: int) -> Target:
    return get_object_or_404(Target.objects.select_related("item"), pk=pk)


def fy_title(fy: int) -> str:
    return fiscal_year_wareki(fy)
