"""The calendar rules, in one place: fiscal years (年度), Japanese eras (和暦) and when a site is open."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import jpholiday
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

FISCAL_YEAR_START_MONTH = 4


def fiscal_year(day: datetime.date) -> int:
    """The fiscal year (年度) a day belongs to: 1 April 2020 – 31 March 2021 is 2020."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_start(fy: int) -> datetime.date:
    return datetime.date(fy, FISCAL_YEAR_START_MONTH, 1)


def fiscal_year_end(fy: int) -> datetime.date:
    return datetime.date(fy + 1, FISCAL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1)


def current_fiscal_year() -> int:
    from django.utils import timezone

    return fiscal_year(timezone.localdate())


def fiscal_month_index(day: datetime.date, fy: int | None = None) -> int:
    """0 for April … 11 for March; given fy, a day before the year counts as April and one after as March."""
    if fy is not None and day < fiscal_year_start(fy):
        return 0
    if fy is not None and day > fiscal_year_end(fy):
        return 11
    return (day.month - FISCAL_YEAR_START_MONTH) % 12


def per_fiscal_month(pairs, fy: int) -> list[int]:
    """Twelve sums, April first, from (day or aware datetime or None, number) pairs, e.g. TruncMonth groups.

    Datetimes are read in the local time (Asia/Tokyo); a missing day counts in April.
    """
    from django.utils import timezone

    out = [0] * 12
    for day, n in pairs:
        if isinstance(day, datetime.datetime):
            day = timezone.localtime(day).date()
        out[0 if day is None else fiscal_month_index(day, fy)] += n or 0
    return out


@dataclass(frozen=True)
class Era:
    name: str  # the official name, as written in dates people type (昭和25年5月10日)
    start: datetime.date
    letter: str = ""  # how staff abbreviate it on paper and in Excel: S25.5.10
    label: str = ""  # how pages write it in the reader's language: 令和, or Reiwa on English pages

    def __str__(self):
        return str(self.label or self.name)


# Newest first. The first day of each era as proclaimed (明治 from the Gregorian adoption in 1873).
ERAS = (
    Era("令和", datetime.date(2019, 5, 1), "R", pgettext_lazy("era", "令和")),
    Era("平成", datetime.date(1989, 1, 8), "H", pgettext_lazy("era", "平成")),
    Era("昭和", datetime.date(1926, 12, 25), "S", pgettext_lazy("era", "昭和")),
    Era("大正", datetime.date(1912, 7, 30), "T", pgettext_lazy("era", "大正")),
    Era("明治", datetime.date(1873, 1, 1), "M", pgettext_lazy("era", "明治")),
)


def era_of(day: datetime.date) -> Era:
    for era in ERAS:
        if day >= era.start:
            return era
    raise ValueError(f"{day} is before the eras this system knows")


def _era_year(era: Era, western_year: int) -> str:
    n = western_year - era.start.year + 1
    return pgettext("era year", "元") if n == 1 else str(n)


def wareki_year(day: datetime.date) -> str:
    """'令和2年' for a day in 2020; 2019-04-30 is 平成31年 and 2019-05-01 is 令和元年."""
    era = era_of(day)
    return _("%(era)s%(year)s年") % {"era": era, "year": _era_year(era, day.year)}


def wareki_date(day: datetime.date) -> str:
    """'令和2年4月1日' (on English pages 'April 1, Reiwa 2')."""
    return _("%(year)s%(month_day)s") % {"year": wareki_year(day), "month_day": month_day(day)}


def month_day(day: datetime.date) -> str:
    """'4月1日', the short date in messages (Django's MONTH_DAY_FORMAT of the page's language: 'April 1')."""
    return date_format(day, "MONTH_DAY_FORMAT")


def long_date(day: datetime.date) -> str:
    """'2026年4月1日', the full date in letters and messages (DATE_FORMAT: 'April 1, 2026' in English)."""
    return date_format(day, "DATE_FORMAT")


def fiscal_year_wareki(fy: int) -> str:
    """'令和2年度'. A fiscal year takes the era in force at its end, so 2019 is 令和元年度, not 平成31年度."""
    era, era_year = _fiscal_era(fy)
    return _("%(era)s%(year)s年度") % {"era": era, "year": era_year}


def _fiscal_era(fy: int) -> tuple[Era, str]:
    era = era_of(fiscal_year_end(fy))
    if era.start.year > fy:  # the era began after the fiscal year's calendar year (e.g. 1988年度)
        era = era_of(fiscal_year_start(fy))
    return era, _era_year(era, fy)


def parse_fiscal_year(text: str) -> int | None:
    """A fiscal year as staff write it — 2026, 2026年度, 令和8年度, R8 — or None when it is none of these."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text or "").replace(" ", "").upper()
    text = text.removesuffix("年度").removesuffix("年")
    if text.isdigit():
        return int(text)
    for era in ERAS:
        for prefix in (era.name, era.letter):
            rest = text.removeprefix(prefix) if text.startswith(prefix) else None
            if rest == "元":
                return era.start.year
            if rest and rest.isdigit():
                return era.start.year + int(rest) - 1
    return None


def fiscal_year_label(fy: int) -> str:
    """'令和2年度（2020年度）', how staff expect to see a fiscal year."""
    era, era_year = _fiscal_era(fy)
    return _("%(era)s%(era_year)s年度（%(year)s年度）") % {"era": era, "era_year": era_year, "year": fy}


# --- when a site is open -------------------------------------------------------------------------


def closed_days(site, start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """Every closed day of a site between start and end inclusive, with the reason, in two queries.

    Pages that show a week or a year call this once rather than `is_open` per day.
    """
    from .models import Closure

    hours = set(site.opening_hours.values_list("weekday", flat=True))
    annual = list(site.annual_closures.all())
    one_off = list(Closure.objects.for_site(site).overlapping(start, end))
    closed: dict[datetime.date, str] = {}
    day = start
    while day <= end:
        reason = _closed_reason(site, day, hours, annual, one_off)
        if reason:
            closed[day] = reason
        day += datetime.timedelta(days=1)
    return closed


# jpholiday's names of the national holidays, marked here so that the catalogue has them: holiday_name looks each
# up by the name jpholiday gives (an English page says "Coming of Age Day", not 成人の日). A name not in the
# catalogue (a one-off holiday of a future law) is shown as jpholiday gives it.
NATIONAL_HOLIDAYS = (
    pgettext_lazy("national holiday", "元日"),
    pgettext_lazy("national holiday", "成人の日"),
    pgettext_lazy("national holiday", "建国記念の日"),
    pgettext_lazy("national holiday", "天皇誕生日"),
    pgettext_lazy("national holiday", "春分の日"),
    pgettext_lazy("national holiday", "昭和の日"),
    pgettext_lazy("national holiday", "憲法記念日"),
    pgettext_lazy("national holiday", "みどりの日"),
    pgettext_lazy("national holiday", "こどもの日"),
    pgettext_lazy("national holiday", "海の日"),
    pgettext_lazy("national holiday", "山の日"),
    pgettext_lazy("national holiday", "敬老の日"),
    pgettext_lazy("national holiday", "秋分の日"),
    pgettext_lazy("national holiday", "体育の日"),
    pgettext_lazy("national holiday", "スポーツの日"),
    pgettext_lazy("national holiday", "文化の日"),
    pgettext_lazy("national holiday", "勤労感謝の日"),
    pgettext_lazy("national holiday", "国民の休日"),
    pgettext_lazy("national holiday", "天皇の即位の日"),
    pgettext_lazy("national holiday", "即位礼正殿の儀"),
)
SUBSTITUTE_HOLIDAY = " 振替休日"  # jpholiday: "憲法記念日 振替休日"


def holiday_name(day: datetime.date) -> str | None:
    """The national holiday on that day, in the active language, or None."""
    name = jpholiday.is_holiday_name(day)
    if not name:
        return None
    base = name.removesuffix(SUBSTITUTE_HOLIDAY)
    label = pgettext("national holiday", base)
    if base != name:
        return pgettext("national holiday", "%(holiday)s 振替休日") % {"holiday": label}
    return label


def _closed_reason(site, day, hours, annual, one_off) -> str | None:
    for closure in one_off:
        if closure.start_date <= day <= closure.end_date:
            return closure.reason
    for closure in annual:
        if closure.covers(day):
            return closure.name
    if site.closed_on_national_holidays:
        holiday = holiday_name(day)
        if holiday:
            return holiday
    if day.weekday() not in hours:
        return _("休所日")
    return None


def is_open(site, day: datetime.date) -> bool:
    """Whether the site is open on that day (weekday hours, holidays, 年末年始, staff closures)."""
    return day not in closed_days(site, day, day)
