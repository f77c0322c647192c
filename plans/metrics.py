"""The metric registry: the one place that names the counts other apps expose through their selectors.

Each metric is a key (the CSV's metric_key without its parameter), a Japanese label, a unit and a function
(fiscal year, parameter) → number. Adding a metric when its source lands is one `register(...)` line:

    register(key, label, unit, fn)                        # fn(fy, param) -> number, or None = 未集計
    register(key, label, unit, fn, monthly=m, records=r)  # both keywords optional

- `monthly(fy, param)` → twelve cumulative numbers, April first (月ごとの累計), whose last equals fn(fy, param);
  the item page draws them. Build it from a selector that counts per month (one grouped query, e.g. TruncMonth
  in Asia/Tokyo, with `config.core.dates.per_fiscal_month`) wrapped in `by_month(name, fetch, pick)`. Without
  it the chart shows the year's total at the month reached.
- `records(fy, param)` → the dated records behind the number, as `Record(days, title, note)` (e.g. each course
  with its days and participants, each meeting with its day and attendance); the year-end 事業報告 lists them in
  実施内容・実施日. Fetch them in one query per fiscal year through `_once` (see `_event_records`).

Bounded queries: inside `batch()`, each source's yearly numbers are fetched once per fiscal year, grouped
(all sites' room uses in one call, both insurance numbers in one call), and every item reading that source
reuses them; so a progress page costs a fixed number of queries whatever the number of items or records.
The monthly series and the records are asked for only by the item page and the report.
"""

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from programs import selectors as programs_selectors
from volunteers import selectors as volunteers_selectors

Number = int | float | Decimal


@dataclass(frozen=True)
class Record:
    """One dated record behind a metric, as the year-end report lists it."""

    days: tuple[datetime.date, ...]
    title: str
    note: str = ""


Monthly = Callable[[int, str], list[Number] | None]
Records = Callable[[int, str], list[Record]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    function: Callable[[int, str], Number | None]
    monthly: Monthly | None = None
    records: Records | None = None


REGISTRY: dict[str, Metric] = {}
_memo: ContextVar[dict | None] = ContextVar("plans_metric_memo", default=None)


def register(
    key: str,
    label,
    unit: str,
    function: Callable[[int, str], Number | None] | None,
    *,
    monthly: Monthly | None = None,
    records: Records | None = None,
) -> None:
    """Register a metric; a function of None (its source has not landed) leaves the key unregistered (未集計)."""
    if function is not None:
        REGISTRY[key] = Metric(key, label, unit, function, monthly, records)


# The sources' yearly numbers are also kept in the shared cache, under the version of the `records` namespace
# (config/core/pagecache.py): every save or delete of a record of the apps the metrics count (volunteers, programs,
# committees; see plans/apps.py and committees/apps.py) bumps it, so the next page computes them again. The key
# also carries the day (what is "held" depends on it) and entries expire after an hour.
RECORDS = "records"  # config.core.pagecache.RECORDS
AGGREGATES_SECONDS = 60 * 60


def _aggregates_key() -> str:
    from django.utils import timezone

    from config.core import pagecache

    version = pagecache.versions(RECORDS)[RECORDS]
    return f"plans:aggregates:{version}:{timezone.localdate().isoformat()}"


@contextmanager
def batch():
    """Within the block, each source is asked once per (source, fiscal year), and what was asked before under the
    same version of the records comes from the shared cache (one read, and one write when something was new)."""
    from django.core.cache import cache

    key = _aggregates_key()
    stored = cache.get(key) or {}
    memo = dict(stored)
    token = _memo.set(memo)
    try:
        yield
    finally:
        _memo.reset(token)
    if len(memo) > len(stored):
        cache.set(key, memo, AGGREGATES_SECONDS)


def _once(name: str, fy: int, fetch: Callable[[int], object]):
    memo = _memo.get()
    if memo is None:
        return fetch(fy)
    if (name, fy) not in memo:
        memo[(name, fy)] = fetch(fy)
    return memo[(name, fy)]


def get(key: str) -> Metric | None:
    return REGISTRY.get(key)


def value(key: str, param: str, fy: int) -> Number | None:
    """The metric's number for the fiscal year, or None when the key has no source (未集計)."""
    metric = REGISTRY.get(key)
    return None if metric is None else metric.function(fy, param)


def monthly(key: str, param: str, fy: int) -> list[Number] | None:
    """Twelve cumulative numbers, April first, or None when the metric gives no monthly series."""
    metric = REGISTRY.get(key)
    if metric is None or metric.monthly is None:
        return None
    return metric.monthly(fy, param)


def records(key: str, param: str, fy: int) -> list[Record]:
    """The dated records behind the metric's number for the year (none when the metric lists none)."""
    metric = REGISTRY.get(key)
    if metric is None or metric.records is None:
        return []
    return metric.records(fy, param)


def running(per_month: list[Number]) -> list[Number]:
    """Cumulative sums of twelve monthly numbers."""
    out, total = [], 0
    for n in per_month:
        total += n
        out.append(total)
    return out


def by_month(
    name: str, fetch: Callable[[int], object], pick: Callable[[object, str], list[Number]] | None = None
) -> Monthly:
    """A monthly series from a per-month selector fetched once per fiscal year; `pick(fetched, param)` chooses
    the twelve numbers (default: the fetched list itself)."""
    return lambda fy, param: running(pick(_once(name, fy, fetch), param) if pick else _once(name, fy, fetch))


# --- sources, grouped -----------------------------------------------------------------------------


def _site(fy: int, param: str, field: str) -> int:
    return _once("site_year_numbers", fy, programs_selectors.site_year_numbers).get(param, {}).get(field, 0)


def _insurance(fy: int, field: str) -> int:
    return _once("insurance_counts", fy, lambda y: volunteers_selectors.insurance_counts([y]))[fy][field]


def _equipment(fy: int, param: str) -> int:
    numbers = _once("equipment_numbers", fy, programs_selectors.equipment_numbers)
    if param:
        return numbers.by_site.get(param, {}).get("loans", 0)
    return numbers.total


def _plain(name: str, fetch: Callable[[int], Number | None]) -> Callable[[int, str], Number | None]:
    return lambda fy, param: _once(name, fy, fetch)


def _percent(fetch: Callable[[int], float | None]) -> Callable[[int, str], Number | None]:
    def compute(fy: int, param: str):
        rate = _once("introduction_success_rate", fy, fetch)
        return None if rate is None else round(rate * 100, 1)

    return compute


def _success_rate_by_month(fy: int, param: str) -> list[float | None]:
    made, succeeded = _once(
        "introduction_outcomes_by_month", fy, volunteers_selectors.introduction_outcomes_by_month
    )
    made, succeeded = running(made), running(succeeded)
    return [round(s / m * 100, 1) if m else None for m, s in zip(made, succeeded, strict=True)]


def _site_months(field: str):
    return by_month(
        "site_month_numbers",
        programs_selectors.site_month_numbers,
        lambda numbers, param: numbers.get(param, {}).get(field, [0] * 12),
    )


def _event_months(field: str):
    def pick(numbers, param):
        rows = [v[field] for k, v in numbers.items() if not param or k == param]
        return [sum(col) for col in zip(*rows, strict=True)] if rows else [0] * 12

    return by_month("event_numbers_by_month", programs_selectors.event_numbers_by_month, pick)


def _event_records(fy: int, param: str) -> list[Record]:
    """Each event held of the type (all types without one): its days, title and participants."""
    rows = _once("event_records", fy, programs_selectors.event_records)
    return [
        Record(tuple(r.days), r.title, _("参加%(n)s人") % {"n": r.participants})
        for r in rows
        if not param or r.event_type_key == param
    ]


def _events(fy: int, param: str, field: str) -> int:
    """Events held or participants, per event type key (all types when no key), from one grouped fetch."""
    rows = _once("event_numbers", fy, programs_selectors.event_numbers)
    return sum(getattr(r, field) for r in rows if not param or r.event_type.key == param)


# --- the registry -----------------------------------------------------------------------------------

register(
    "volunteers.new_registrations",
    _("新規登録ボランティア数"),
    _("人"),
    _plain("new_registrations", volunteers_selectors.new_registrations),
    monthly=by_month("new_registrations_by_month", volunteers_selectors.new_registrations_by_month),
)
register(
    "volunteers.active_volunteers",
    _("活動者数（個人と登録団体の会員）"),
    _("人"),
    _plain("active_volunteers", lambda fy: volunteers_selectors.active_volunteers(fy).total),
    monthly=by_month("active_volunteers_by_month", volunteers_selectors.active_volunteers_by_month),
)
register(
    "volunteers.registered_groups",
    _("登録団体数"),
    _("団体"),
    _plain("registered_groups", volunteers_selectors.registered_groups),
    monthly=by_month("registered_groups_by_month", volunteers_selectors.registered_groups_by_month),
)
register(
    "volunteers.introductions",
    _("ボランティアの紹介件数"),
    _("件"),
    _plain("introductions", volunteers_selectors.introductions),
    monthly=by_month("introductions_by_month", volunteers_selectors.introductions_by_month),
)
register(
    "volunteers.introduction_success_rate",
    _("紹介の成立率（活動開始÷紹介）"),
    "%",
    _percent(volunteers_selectors.introduction_success_rate),
    monthly=_success_rate_by_month,
)
register(
    "volunteers.consultations",
    _("相談受付件数"),
    _("件"),
    _plain("consultations", volunteers_selectors.consultations),
    monthly=by_month("consultations_by_month", volunteers_selectors.consultations_by_month),
)
register(
    "volunteers.insurance_people",
    _("ボランティア保険の加入者数"),
    _("人"),
    lambda fy, param: _insurance(fy, "people"),
    monthly=by_month(
        "insurance_by_month", volunteers_selectors.insurance_counts_by_month, lambda n, p: n["people"]
    ),
)
register(
    "volunteers.event_insurance",
    _("行事保険の加入行事数"),
    _("行事"),
    lambda fy, param: _insurance(fy, "events"),
    monthly=by_month(
        "insurance_by_month", volunteers_selectors.insurance_counts_by_month, lambda n, p: n["events"]
    ),
)
register(
    "programs.room_bookings",
    _("活動室の利用回数"),
    _("回"),
    lambda fy, param: _site(fy, param, "room_uses"),
    monthly=_site_months("room_uses"),
)
register(
    "programs.room_groups",
    _("活動室を利用した団体数"),
    _("団体"),
    lambda fy, param: _site(fy, param, "room_groups"),
    monthly=_site_months("room_groups"),
)
register(
    "programs.locker_groups",
    _("ロッカーを利用した団体数"),
    _("団体"),
    lambda fy, param: _site(fy, param, "lockers_held"),
    monthly=_site_months("lockers_held"),
)
register(
    "programs.equipment_loans",
    _("機材の貸し出し回数"),
    _("回"),
    _equipment,
    monthly=by_month(
        "equipment_loans_by_month",
        programs_selectors.equipment_loans_by_month,
        lambda n, p: n.get(p, [0] * 12),
    ),
)
# Issue 12's events, all types in one grouped fetch per fiscal year (programs.selectors.event_numbers).
register(
    "programs.events",
    _("開催回数"),
    _("回"),
    lambda fy, param: _events(fy, param, "held"),
    monthly=_event_months("held"),
    records=_event_records,
)
register(
    "programs.event_participants",
    _("参加者数"),
    _("人"),
    lambda fy, param: _events(fy, param, "participants"),
    monthly=_event_months("participants"),
    records=_event_records,
)
register(
    "programs.news_posts",
    _("ホームページの記事数"),
    _("件"),
    lambda fy, param: programs_selectors.news_published(fy),
    monthly=by_month("news_published_by_month", programs_selectors.news_published_by_month),
)
# committees.meetings and committees.attendance are registered by committees/apps.py: committees sits above plans.
# Issue 13's school cooperation: lessons held (実施済) per fiscal year; param "outreach" counts the outreach courses
# requested by organisations instead. The CSV item ボランティア出張講座 stays on programs.events:outreach-course (the
# course as an event with sign-ups), so an outreach course is not counted twice.
register(
    "programs.school_requests",
    _("学校の授業への協力件数（実施済）"),
    _("件"),
    lambda fy, param: getattr(
        _once("school_numbers", fy, programs_selectors.school_numbers),
        "outreach_held" if param == "outreach" else "lessons_held",
    ),
    monthly=by_month(
        "school_numbers_by_month",
        programs_selectors.school_numbers_by_month,
        lambda n, p: n["outreach_held" if p == "outreach" else "lessons_held"],
    ),
    records=lambda fy, param: [
        Record(
            (r.day,),
            f"{r.organisation} {r.grade}".strip(),
            _("参加%(n)s人") % {"n": r.pupils_reached},
        )
        for r in _once("school_records", fy, programs_selectors.school_records)
        if r.kind == ("outreach" if param == "outreach" else "lesson")
    ],
)
# 夏！体験ボランティア: participants per fiscal year = applicants who were placed AND attended (not merely placed).
register(
    "programs.summer_experience_participants",
    _("夏！体験ボランティアの参加者数"),
    _("人"),
    lambda fy, param: _once("summer_numbers", fy, programs_selectors.summer_numbers).attended,
    monthly=by_month("summer_attended_by_month", programs_selectors.summer_attended_by_month),
    records=lambda fy, param: [
        Record(
            r.days,
            _("%(title)s（%(host)s）") % {"title": r.title, "host": r.host},
            _("参加%(n)s人") % {"n": r.attended},
        )
        for r in _once("summer_records", fy, programs_selectors.summer_records)
    ],
)
