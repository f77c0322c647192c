"""Template filters for the calendar rules: {{ day|wareki }}, {{ day|fiscal_year }}, {{ 2020|nendo }}."""

import datetime

from django import template

from .. import dates

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def wareki(value):
    """A date as 令和2年4月1日."""
    if not value:
        return ""
    return dates.wareki_date(_as_date(value))


@register.filter
def fiscal_year(value):
    """The fiscal year number of a date: 2021-03-31 → 2020."""
    if not value:
        return ""
    return dates.fiscal_year(_as_date(value))


@register.filter
def nendo(value):
    """A fiscal year number as 令和2年度（2020年度）."""
    if value in (None, ""):
        return ""
    return dates.fiscal_year_label(int(value))


@register.filter
def weekday_ja(value):
    """A date's weekday as 月, 火, …"""
    from ..models import WEEKDAY_SHORT

    return WEEKDAY_SHORT[_as_date(value).weekday()] if value else ""


@register.filter
def nendo_wareki(value):
    """A fiscal year number as 令和2年度 (without the western year), for sentences."""
    if value in (None, ""):
        return ""
    return dates.fiscal_year_wareki(int(value))
