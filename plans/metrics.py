"""The metric registry: the one place that names the counts other apps expose through their selectors.

Each metric is a key (the CSV's metric_key without its parameter), a Japanese label, a unit and a function
(fiscal year, parameter) → number. Adding a metric when its source lands is one `register(...)` line.

Bounded queries: inside `batch()`, each source's yearly numbers are fetched once per fiscal year, grouped
(all sites' room uses in one call, both insurance numbers in one call), and every item reading that source
reuses them; so a progress page costs a fixed number of queries whatever the number of items or records.
"""

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
class Metric:
    key: str
    label: str
    unit: str
    function: Callable[[int, str], Number | None]


REGISTRY: dict[str, Metric] = {}
_memo: ContextVar[dict | None] = ContextVar("plans_metric_memo", default=None)


def register(key: str, label, unit: str, function: Callable[[int, str], Number | None] | None) -> None:
    """Register a metric; a function of None (its source has not landed) leaves the key unregistered (未集計)."""
    if function is not None:
        REGISTRY[key] = Metric(key, label, unit, function)


@contextmanager
def batch():
    """Within the block, each source is asked once per (source, fiscal year)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


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
)
register(
    "volunteers.active_volunteers",
    _("活動者数（個人と登録団体の会員）"),
    _("人"),
    _plain("active_volunteers", lambda fy: volunteers_selectors.active_volunteers(fy).total),
)
register(
    "volunteers.registered_groups",
    _("登録団体数"),
    _("団体"),
    _plain("registered_groups", volunteers_selectors.registered_groups),
)
register(
    "volunteers.introductions",
    _("ボランティアの紹介件数"),
    _("件"),
    _plain("introductions", volunteers_selectors.introductions),
)
register(
    "volunteers.introduction_success_rate",
    _("紹介の成立率（活動開始÷紹介）"),
    "%",
    _percent(volunteers_selectors.introduction_success_rate),
)
register(
    "volunteers.consultations",
    _("相談受付件数"),
    _("件"),
    _plain("consultations", volunteers_selectors.consultations),
)
register(
    "volunteers.insurance_people",
    _("ボランティア保険の加入者数"),
    _("人"),
    lambda fy, param: _insurance(fy, "people"),
)
register(
    "volunteers.event_insurance",
    _("行事保険の加入行事数"),
    _("行事"),
    lambda fy, param: _insurance(fy, "events"),
)
register(
    "programs.room_bookings", _("活動室の利用回数"), _("回"), lambda fy, param: _site(fy, param, "room_uses")
)
register(
    "programs.room_groups",
    _("活動室を利用した団体数"),
    _("団体"),
    lambda fy, param: _site(fy, param, "room_groups"),
)
register(
    "programs.locker_groups",
    _("ロッカーを利用した団体数"),
    _("団体"),
    lambda fy, param: _site(fy, param, "lockers_held"),
)
register("programs.equipment_loans", _("機材の貸し出し回数"), _("回"), _equipment)
# Issue 12's events, all types in one grouped fetch per fiscal year (programs.selectors.event_numbers).
register("programs.events", _("開催回数"), _("回"), lambda fy, param: _events(fy, param, "held"))
register(
    "programs.event_participants",
    _("参加者数"),
    _("人"),
    lambda fy, param: _events(fy, param, "participants"),
)
register(
    "programs.news_posts",
    _("ホームページの記事数"),
    _("件"),
    lambda fy, param: programs_selectors.news_published(fy),
)
# Later issues add one line each here: programs.news_posts, programs.summer_experience_participants,
# programs.school_requests. committees.meetings stays manual here: committees sits above plans and may not be imported.
# 夏！体験ボランティア: participants per fiscal year = applicants who were placed AND attended (not merely placed).
register(
    "programs.summer_experience_participants",
    _("夏！体験ボランティアの参加者数"),
    _("人"),
    lambda fy, param: _once("summer_numbers", fy, programs_selectors.summer_numbers).attended,
)
