"""Everything the system holds about one person, gathered from every app, and how each app anonymises it.

個人情報保護法 gives a person the right to see what is held about them. Each app registers a section here
from its AppConfig.ready() — volunteers the profile, introductions, insurance, consultations and notices;
programs the bookings, loans and sign-ups — so the download on マイページ (volunteers.views.mypage) and the
anonymisation after withdrawal (`manage.py anonymise_withdrawn`) cover every app without importing upwards.
A new app that stores something about a volunteer registers one more section.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

# Between the items of a list (activity fields, time slots) on the page and in the CSV.
LIST_SEPARATOR = "\u3001"  # 、


@dataclass(frozen=True)
class Section:
    key: str
    label: Any
    rows: Callable[[Any], list[dict]]
    # Removes what identifies the person from this app's rows, keeping what the yearly counts read; returns
    # how many rows it changed. None: nothing in this section identifies anyone once the profile is gone.
    anonymise: Callable[[Any], int] | None = None


_SECTIONS: dict[str, Section] = {}


def register(
    key: str, label, rows: Callable[[Any], list[dict]], anonymise: Callable[[Any], int] | None = None
):
    _SECTIONS[key] = Section(key=key, label=label, rows=rows, anonymise=anonymise)


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def rows_of(queryset: models.QuerySet, fields: list[str]) -> list[dict]:
    """One dict per row, keyed by the field's Japanese name, with choices shown as their labels."""
    model = queryset.model
    rows = []
    for obj in queryset:
        row = {}
        for name in fields:
            field = model._meta.get_field(name)
            if field.many_to_many:
                value = [str(o) for o in getattr(obj, name).all()]
            elif field.choices and not isinstance(getattr(obj, name), list):
                value = getattr(obj, f"get_{name}_display")()
            elif getattr(getattr(field, "base_field", None), "choices", None):  # an array of choices
                labels = dict(field.base_field.flatchoices)
                value = [labels.get(code, code) for code in getattr(obj, name)]
            else:
                value = getattr(obj, name)
            row[str(field.verbose_name)] = _plain(value)
        rows.append(row)
    return rows


# People without a record of their own (an event's guests): each app blanks what it holds about them once it is
# older than the retention period. fn(cutoff: date) -> rows changed.
_EXPIRED: dict[str, Callable[[datetime.date], int]] = {}


def register_expiry(key: str, fn: Callable[[datetime.date], int]) -> None:
    _EXPIRED[key] = fn


def anonymise_expired(cutoff: datetime.date) -> dict[str, int]:
    """Blank guests' data from before cutoff in every app (call inside the caller's transaction)."""
    return {key: fn(cutoff) for key, fn in _EXPIRED.items()}


def collect(person) -> dict[str, dict]:
    """{section key: {"label": …, "rows": [...]}} for every registered section."""
    return {s.key: {"label": str(s.label), "rows": s.rows(person)} for s in _SECTIONS.values()}


def anonymise(person) -> dict[str, int]:
    """Run every section's anonymiser (call inside the caller's transaction)."""
    return {s.key: s.anonymise(person) for s in _SECTIONS.values() if s.anonymise is not None}


def for_display(data: dict) -> dict:
    """The same, with lists joined for a page."""
    return {
        key: {
            "label": section["label"],
            "rows": [
                {
                    item: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list) else v
                    for item, v in row.items()
                }
                for row in section["rows"]
            ],
        }
        for key, section in data.items()
    }


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_csv(data: dict) -> str:
    """One CSV for all sections, one line per value: section, row number, item, value (BOM for Excel)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([gettext("区分"), gettext("番号"), gettext("項目"), gettext("内容")])
    for section in data.values():
        for number, row in enumerate(section["rows"], start=1):
            for item, value in row.items():
                if isinstance(value, list):
                    value = LIST_SEPARATOR.join(str(v) for v in value)
                writer.writerow([section["label"], number, item, "" if value is None else value])
    return out.getvalue()
