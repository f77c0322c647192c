"""Bringing a center's existing records in from Excel (xlsx) and CSV: one mechanism for every kind.

Each app that owns records registers an ``Importer`` for each kind it can take (``volunteers/imports.py``,
``programs/imports.py``); this module never imports them, it only knows the registry. An importer says
which columns a sheet has (Japanese headers, matched in any order), checks one row with the same form the
staff pages use (so messages and normalisation are the ones people see there) and writes the good rows
through the app's services.

The flow, for every kind:

1. ``read_table`` turns the upload into rows: xlsx through openpyxl (formulas are read as the text that
   was typed, never evaluated), CSV in UTF-8 with or without BOM or in Shift_JIS/CP932. Blank lines are
   skipped, and every row keeps the row number staff see in Excel.
2. ``check_file`` is a pure validation pass that writes nothing: every row is checked and matched with
   what is already stored (and with the rows above it) and gets an action — create, update, skip
   (nothing changed) or error — with its messages. Possible duplicates are listed, never merged.
3. ``import_file`` checks the file again (the world may have changed since the preview) and writes the
   rows in one transaction, or nothing. Rows with errors are never written; a file with errors is only
   imported when staff chose to take the good rows (``allow_partial``).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import XLSX_TYPE
from .models import ImportLog

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
# How many problem rows a preview keeps; the counts are always complete.
MAX_LISTED = 1000

CREATE, UPDATE, SKIP, ERROR = "create", "update", "skip", "error"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the key the importer reads, the Japanese header, and an example value."""

    key: str
    header: Any  # a lazy translation
    example: str = ""
    required: bool = False
    aliases: tuple = ()
    help: Any = ""


@dataclass
class RowResult:
    """What one row will do (or did): its row number in the sheet, action, messages and what it is about."""

    number: int
    action: str = CREATE
    label: str = ""
    messages: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    payload: Any = None  # what the importer's write step needs (cleaned data, the matched record)

    def error(self, message) -> None:
        self.action = ERROR
        self.messages.append(str(message))

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "action": self.action,
            "label": self.label,
            "messages": self.messages,
            "duplicates": self.duplicates,
            "changed": self.changed,
        }


class Importer:
    """One kind of record; subclasses set the columns and implement check_rows and write."""

    kind: str = ""
    label: Any = ""
    description: Any = ""
    columns: list[Column] = []
    model_label: str = ""

    def check_rows(self, rows: list[tuple[int, dict[str, str]]]) -> list[RowResult]:
        """Check every row (forms, then matching against stored records and the rows above it)."""
        raise NotImplementedError

    def write(self, results: list[RowResult], *, by, log: ImportLog) -> list[tuple[str, int, str]]:
        """Write the create/update rows through the app's services; return (model label, pk, action) per record."""
        raise NotImplementedError


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    _REGISTRY[importer.kind] = importer
    return importer


def importers() -> list[Importer]:
    return list(_REGISTRY.values())


def get_importer(kind: str) -> Importer | None:
    return _REGISTRY.get(kind)


# --- reading a file ------------------------------------------------------------------------------------


class FileProblem(ValidationError):
    """The file as a whole cannot be read (type, encoding, headers): nothing is checked row by row."""


def header_key(text: str) -> str:
    """A header as compared: NFKC, no spaces, without a trailing （必須） or *."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(\(必須\)|※|\*)$", "", text)
    return text


def cell_text(value) -> str:
    """A cell as the text an importer checks: dates as 2026-04-01, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Shift_JIS/CP932, which Japanese Excel still writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _("CSVの文字コードが読めません。UTF-8かShift_JISで保存してください。"), code="encoding"
        ) from exc


def _raw_rows(data: bytes, filename: str) -> Iterable[list]:
    name = filename.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            # data_only=False: a formula cell gives the formula as typed (=HYPERLINK(...)), stored as text.
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FileProblem(
                _("Excelファイルを開けませんでした。xlsx形式で保存してください。"), code="xlsx"
            ) from exc
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
        workbook.close()
        return
    if name.endswith(".xls"):
        raise FileProblem(
            _("古いExcel形式（xls）は読めません。xlsx形式かCSVで保存してください。"), code="xls"
        )
    text = decode_csv(data)
    yield from csv.reader(io.StringIO(text, newline=""))


def read_table(
    data: bytes, filename: str, columns: list[Column]
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The rows of the first sheet as {column key: text} with their sheet row numbers, and notes on headers."""
    by_header: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            by_header[header_key(name)] = column
    rows_iter = iter(_raw_rows(data, filename))
    header_row = None
    number = 0
    for raw in rows_iter:
        number += 1
        if any(cell_text(v) for v in raw):
            header_row = raw
            break
    if header_row is None:
        raise FileProblem(_("ファイルに見出しの行がありません。"), code="empty")
    positions: dict[int, Column] = {}
    notes: list[str] = []
    for index, value in enumerate(header_row):
        text = cell_text(value)
        if not text:
            continue
        column = by_header.get(header_key(text))
        if column is None:
            notes.append(_("見出し「%(header)s」の列は使いません。") % {"header": text})
        elif column in positions.values():
            raise FileProblem(_("見出し「%(header)s」が二つあります。") % {"header": text}, code="twice")
        else:
            positions[index] = column
    missing = [str(c.header) for c in columns if c.required and c not in positions.values()]
    if missing:
        raise FileProblem(
            _("必要な列がありません：%(columns)s。テンプレートの見出しをそのまま使ってください。")
            % {"columns": "、".join(missing)},
            code="missing_columns",
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for raw in rows_iter:
        number += 1
        # Only the columns the sheet has: an importer leaves a stored value alone when its column is absent.
        values = {column.key: "" for column in positions.values()}
        for index, column in positions.items():
            if index < len(raw):
                values[column.key] = cell_text(raw[index])
        if not any(values.values()):
            continue  # a blank line
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise FileProblem(
                _("一度に取り込めるのは%(max)s行までです。ファイルを分けてください。")
                % {"max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
    return rows, notes


# --- the preview and the import -----------------------------------------------------------------------


@dataclass
class Outcome:
    results: list[RowResult]
    notes: list[str]

    def count(self, action: str) -> int:
        return sum(1 for r in self.results if r.action == action)

    @property
    def error_rows(self) -> list[int]:
        return [r.number for r in self.results if r.action == ERROR]

    def summary(self) -> dict:
        """What the preview page shows, stored with the log so the page is read-only."""
        listed = [r.as_dict() for r in self.results if r.action == ERROR or r.duplicates][:MAX_LISTED]
        return {
            "rows": len(self.results),
            "create": self.count(CREATE),
            "update": self.count(UPDATE),
            "skip": self.count(SKIP),
            "error": self.count(ERROR),
            "error_rows": self.error_rows,
            "duplicates": sum(1 for r in self.results if r.duplicates),
            "listed": listed,
            "updates": [r.as_dict() for r in self.results if r.action == UPDATE][:MAX_LISTED],
            "notes": self.notes,
        }


def check_file(importer: Importer, data: bytes, filename: str) -> Outcome:
    """Read and check a whole file; nothing is written."""
    rows, notes = read_table(data, filename, importer.columns)
    return Outcome(importer.check_rows(rows), notes)


def preview_upload(*, importer: Importer, upload, by) -> ImportLog:
    """Check an uploaded file and keep it with its preview (counts and problem rows) until staff confirm."""
    if upload.size > MAX_BYTES:
        raise FileProblem(
            _("ファイルは%(max)sMB以下にしてください。") % {"max": MAX_BYTES // 1024 // 1024}, code="size"
        )
    data = upload.read()
    filename = str(getattr(upload, "name", "") or "import")[:200]
    outcome = check_file(importer, data, filename)
    return ImportLog.objects.create(
        kind=importer.kind,
        file_name=filename,
        file_size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        preview=outcome.summary(),
    )


class PreviewChanged(ValidationError):
    """The file checks differently now than at the preview (someone changed a record meanwhile)."""


def import_file(*, log: ImportLog, by, allow_partial: bool = False) -> ImportLog:
    """Write a previewed file in one transaction: the good rows, and only when staff chose so if some rows are bad."""
    importer = get_importer(log.kind)
    if importer is None or log.status != ImportLog.Status.PREVIEWED:
        raise ValidationError(_("この取り込みはもう実行できません。"), code="not_previewed")
    data = bytes(log.content)
    if hashlib.sha256(data).hexdigest() != log.sha256:
        raise ValidationError(
            _("ファイルの内容が確認のときと違います。もう一度アップロードしてください。"), code="changed"
        )
    with transaction.atomic():
        log = ImportLog.objects.select_for_update().get(pk=log.pk)
        if log.status != ImportLog.Status.PREVIEWED:
            raise ValidationError(_("この取り込みはもう実行されています。"), code="done")
        outcome = check_file(importer, data, log.file_name)
        changed = outcome.error_rows != log.preview.get("error_rows", [])
        if changed:
            # The new preview is kept (this transaction commits it) and nothing else is written.
            log.preview = outcome.summary()
            log.save(update_fields=["preview"])
        elif outcome.error_rows and not allow_partial:
            raise ValidationError(
                _(
                    "問題のある行があります。直したファイルをアップロードするか、問題のない行だけを取り込むを選んでください。"
                ),
                code="has_errors",
            )
        else:
            records = importer.write(
                [r for r in outcome.results if r.action in (CREATE, UPDATE)], by=by, log=log
            )
            log.status = ImportLog.Status.DONE
            log.imported_at = timezone.now()
            log.imported_by = by if getattr(by, "is_authenticated", False) else None
            log.created_count = outcome.count(CREATE)
            log.updated_count = outcome.count(UPDATE)
            log.skipped_count = outcome.count(SKIP)
            log.error_count = outcome.count(ERROR)
            log.records = [list(r) for r in records]
            log.content = b""  # the personal data stays in the records only; the hash identifies the file
            log.save()
    if changed:
        raise PreviewChanged(
            _("確認のあとで登録内容が変わったため、結果が変わりました。もう一度確かめてください。"),
            code="preview_changed",
        )
    return log


def discard(*, log: ImportLog, by) -> None:
    """Staff cancel a preview: the kept file is removed, the log says it was not imported."""
    with transaction.atomic():
        log = ImportLog.objects.select_for_update().get(pk=log.pk)
        if log.status == ImportLog.Status.PREVIEWED:
            log.status = ImportLog.Status.CANCELLED
            log.content = b""
            log.save(update_fields=["status", "content"])


# --- templates ---------------------------------------------------------------------------------------


def template_response(importer: Importer):
    """An xlsx with the Japanese headers and one example row, for staff to fill in."""
    from django.http import HttpResponse
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .exports import _disposition

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.label)[:31]
    sheet.append([str(c.header) for c in importer.columns])
    # The example row: typed values as text, so Excel never reads them as a formula or a number.
    sheet.append([str(c.example) for c in importer.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.data_type = "s"
    for index, column in enumerate(importer.columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            12, len(str(column.header)) * 2 + 2, len(str(column.example)) * 2
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(_("取り込み用_%(kind)s.xlsx") % {"kind": importer.label})
    return response


# --- helpers importers share ----------------------------------------------------------------------------

YES = {"○", "〇", "◯", "はい", "yes", "y", "1", "true", "有", "あり", "済"}
LIST_SPLIT = re.compile(r"[、，,/／;；\n]+")  # not ・: field names such as 保健・医療 carry it


def split_list(text: str) -> list[str]:
    return [
        part.strip() for part in LIST_SPLIT.split(unicodedata.normalize("NFKC", text or "")) if part.strip()
    ]


def is_yes(text: str) -> bool:
    return unicodedata.normalize("NFKC", text or "").strip().lower() in YES


def choice_value(
    text: str, choices: Iterable[tuple[str, Any]], extra: dict[str, str] | None = None
) -> str | None:
    """The stored value for a label as staff write it (登録済, 女性 …), or None when it is no choice."""
    key = unicodedata.normalize("NFKC", text or "").strip()
    for value, label in choices:
        if key in (str(label), value):
            return value
    return (extra or {}).get(key)


def form_messages(form) -> list[str]:
    """A bound form's errors as 「見出し：message」 lines, in the order of the form's fields."""
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            text = str(error)
            out.append(f"{label}：{text}" if label and str(label) not in text else text)
    return out


HEADER_HELP = gettext_lazy("見出しの順番は自由です。使わない列は消してかまいません。")
