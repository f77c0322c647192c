"""Rosters to CSV and Excel (xlsx) with the columns staff choose; every staff list exports through this.

A download of personal data needs the `personal_data_export` capability (the 名簿出力 role, not every
staff member) and leaves an ExportLog row: who, what, when, how many rows, which columns.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from .models import ExportLog
from .roles import can

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]


def choose_columns(columns: list[Column], keys: Iterable[str]) -> list[Column]:
    """The columns staff ticked, in the list's own order; all of them when none were ticked."""
    wanted = set(keys)
    chosen = [c for c in columns if c.key in wanted]
    return chosen or list(columns)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "○" if value else ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return value


def _safe_text(value):
    # A cell that starts with =, +, - or @ is a formula to Excel: prefix it so names can't run code.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def export_response(
    rows: Iterable, columns: list[Column], fmt: str, filename: str, *, request, personal: bool = True
) -> HttpResponse:
    """A download of rows (a queryset with its select_related/prefetch done) in CSV (UTF-8 with BOM, for Excel) or xlsx.

    personal: the rows hold personal data, so the user needs `personal_data_export` and the download is logged.
    """
    if personal:
        if not can(request.user, "personal_data_export"):
            raise PermissionDenied
        rows = list(rows)
        ExportLog.objects.create(
            actor=request.user,
            what=str(filename)[:100],
            fmt=fmt,
            rows=len(rows),
            columns=[c.key for c in columns],
            path=request.get_full_path()[:500],
        )
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(filename[:31])
        ws.append([str(c.label) for c in columns])
        for row in rows:
            ws.append([_safe_text(_cell(c.value(row))) for c in columns])
        buffer = BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = _disposition(f"{filename}_{stamp}.xlsx")
        return response

    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(c.label) for c in columns])
        for row in rows:
            yield writer.writerow([_safe_text(_cell(c.value(row))) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(f"{filename}_{stamp}.csv")
    return response


def _disposition(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
