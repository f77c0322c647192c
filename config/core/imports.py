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

A long import reports how far it has got (``progress_advance``, called by the services as they write) in an
``ImportProgress`` row written on a second database connection in autocommit, so the confirmation page can
poll it while the import's transaction is still open (``progress_of``).
"""

from __future__ import annotations

import abc
import contextvars
import csv
import datetime
import hashlib
import io
import logging
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import pagecache
from .exports import XLSX_TYPE
from .models import ImportLog, ImportProgress

logger = logging.getLogger(__name__)

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
    payload: Any = (
        None  # the form's cleaned data, as JSON (kept with the log between preview and confirmation)
    )
    target: Any = None  # the stored record the row matched (set by match_rows, never kept)

    def error(self, message) -> None:
        self.action = ERROR
        self.messages.append(str(message))

    def stored(self) -> dict:
        """What the log keeps of a row between preview and confirmation: the form's verdict."""
        return {
            "number": self.number,
            "error": self.action == ERROR,
            "label": self.label,
            "messages": self.messages,
            "payload": self.payload,
        }

    @classmethod
    def from_stored(cls, row: dict) -> RowResult:
        return cls(
            number=row["number"],
            action=ERROR if row["error"] else CREATE,
            label=row["label"],
            messages=list(row["messages"]),
            payload=row["payload"],
        )

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "action": self.action,
            "label": self.label,
            "messages": self.messages,
            "duplicates": self.duplicates,
            "changed": self.changed,
        }


class Importer(abc.ABC):
    """One kind of record. Subclasses set the columns and implement the three steps:

    - ``clean_rows``: each row through the app's form. The verdict depends on the row alone, so it is taken
      once, at the preview, and kept with the log (``payload`` must be JSON: use ``to_json``).
    - ``match_rows``: the rows against the stored records and against each other — create, update, skip
      (nothing would change) or error (a clash, a second row for the same record), and possible duplicates.
      The world may change between preview and confirmation, so this runs again at the confirmation.
    - ``write``: the create and update rows through the app's services, in the caller's transaction.
    """

    kind: str = ""
    label: Any = ""
    description: Any = ""
    columns: list[Column] = []
    # Rows a second the confirmation checks and writes on the 2-core server (measured: README, 取り込み), for
    # the estimate shown beside the button. A kind writing row by row through its services is slower.
    rows_per_second: int = 100

    def required_headers(self) -> list[str]:
        return [str(c.header) for c in self.columns if c.required]

    @abc.abstractmethod
    def clean_rows(self, rows: list[tuple[int, dict[str, str]]]) -> list[RowResult]:
        """Each row through the kind's form: its cleaned data or its messages."""

    @abc.abstractmethod
    def match_rows(self, results: list[RowResult]) -> None:
        """Mark each clean row create, update or skip against the records as they are now."""

    @abc.abstractmethod
    def write(self, results: list[RowResult], *, by, log: ImportLog) -> list[tuple[str, int, str]]:
        """Return (model label, pk, create|update) for every record written."""


def to_json(value):
    """Cleaned form data as JSON: dates are tagged so from_json gives them back as dates."""
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def from_json(value):
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return datetime.date.fromisoformat(value["$date"])
        if set(value) == {"$datetime"}:
            return datetime.datetime.fromisoformat(value["$datetime"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


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
    checked: list[dict] = field(default_factory=list)

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
    """Read and check a whole file: every row through the form, then against the stored records. Writes nothing."""
    rows, notes = read_table(data, filename, importer.columns)
    results = importer.clean_rows(rows)
    checked = [r.stored() for r in results]
    importer.match_rows(results)
    return Outcome(results, notes, checked)


def recheck(importer: Importer, log: ImportLog) -> Outcome:
    """The rows of a previewed file as the forms cleaned them, matched again against the records as they are now."""
    results = [RowResult.from_stored(row) for row in log.checked]
    importer.match_rows(results)
    return Outcome(results, log.preview.get("notes", []), log.checked)


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
        checked=outcome.checked,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        preview=outcome.summary(),
    )


class PreviewChanged(ValidationError):
    """The file checks differently now than at the preview (someone changed a record meanwhile)."""


def import_file(
    *, log: ImportLog, by, allow_partial: bool = False, report_progress: bool = False
) -> ImportLog:
    """Write a previewed file in one transaction: the good rows, and only when staff chose so if some rows are bad.

    ``report_progress``: keep an ImportProgress row up to date for the page that polls it (the staff page
    asks for it; a test or command need not)."""
    importer = get_importer(log.kind)
    if importer is None or log.status != ImportLog.Status.PREVIEWED:
        raise ValidationError(_("この取り込みはもう実行できません。"), code="not_previewed")
    progress = _Progress(log.pk) if report_progress else None
    token = _PROGRESS.set(progress)
    try:
        return _import_file(importer, log=log, by=by, allow_partial=allow_partial, progress=progress)
    finally:
        _PROGRESS.reset(token)
        if progress is not None:
            progress.finish()


def _import_file(importer: Importer, *, log: ImportLog, by, allow_partial: bool, progress) -> ImportLog:
    if progress is not None:
        progress.start(total=log.preview.get("create", 0) + log.preview.get("update", 0))
    with transaction.atomic():
        log = ImportLog.objects.select_for_update().get(pk=log.pk)
        if log.status != ImportLog.Status.PREVIEWED:
            raise ValidationError(_("この取り込みはもう実行されています。"), code="done")
        outcome = recheck(importer, log)
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
            if progress is not None:
                progress.writing(total=outcome.count(CREATE) + outcome.count(UPDATE))
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
            log.checked = []  # the personal data stays in the records only; the hash identifies the file
            log.save()
    if changed:
        raise PreviewChanged(
            _("確認のあとで登録内容が変わったため、結果が変わりました。もう一度確かめてください。"),
            code="preview_changed",
        )
    return log


# --- progress of a running import -----------------------------------------------------------------------

PROGRESS_DATABASE = "progress"
# How often the progress row is written at most: often enough for a line that moves, rare enough to cost
# nothing beside the import (a write a second is a few hundred queries less than one per row).
PROGRESS_INTERVAL = 1.0


class _Progress:
    """The ImportProgress row of one running import, written on its own autocommit connection.

    Best effort: the progress line is a help for the person waiting, so a failure to write it (the second
    connection refused, the database busy) is logged and the import goes on; it never fails an import."""

    def __init__(self, log_id: int):
        self.log_id = log_id
        self.done = 0
        self.total = 0
        self.phase = ImportProgress.Phase.CHECKING
        self.started_at = timezone.now()
        self.written_at = 0.0
        self.broken = False

    def _save(self, *, force: bool = False) -> None:
        if self.broken or (not force and time.monotonic() - self.written_at < PROGRESS_INTERVAL):
            return
        try:
            ImportProgress.objects.using(PROGRESS_DATABASE).update_or_create(
                log_id=self.log_id,
                defaults={
                    "phase": self.phase,
                    "done": min(self.done, self.total),
                    "total": self.total,
                    "started_at": self.started_at,
                    "updated_at": timezone.now(),
                },
            )
        except Exception:  # noqa: BLE001 - see the class docstring: progress never fails an import
            logger.warning("import %s: the progress could not be written", self.log_id, exc_info=True)
            self.broken = True
        self.written_at = time.monotonic()

    def start(self, *, total: int) -> None:
        self.total = total
        self._save(force=True)

    def writing(self, *, total: int) -> None:
        self.phase, self.total, self.done = ImportProgress.Phase.WRITING, total, 0
        self._save(force=True)

    def advance(self, count: int) -> None:
        self.done += count
        self._save()

    def finish(self) -> None:
        if self.broken:
            return
        try:
            ImportProgress.objects.using(PROGRESS_DATABASE).filter(log_id=self.log_id).delete()
        except Exception:  # noqa: BLE001 - as in _save
            logger.warning("import %s: the progress row could not be removed", self.log_id, exc_info=True)


_PROGRESS: contextvars.ContextVar[_Progress | None] = contextvars.ContextVar("import_progress", default=None)


def progress_advance(count: int = 1) -> None:
    """Services call this as they write an import's rows (``count`` rows more are written); outside an import
    that reports progress it does nothing."""
    progress = _PROGRESS.get()
    if progress is not None:
        progress.advance(count)


def estimate_seconds(importer: Importer | None, log: ImportLog) -> int:
    """About how long the confirmation of a previewed file takes, from the kind's measured pace."""
    rows = log.preview.get("rows", 0)
    rate = importer.rows_per_second if importer is not None else Importer.rows_per_second
    return max(1, round(rows / rate))


def progress_of(log: ImportLog) -> dict:
    """What the confirmation page shows while an import runs: done, running (how far) or waiting."""
    if log.status != ImportLog.Status.PREVIEWED:
        return {
            "status": log.status,
            "done": log.created_count + log.updated_count,
            "total": log.created_count + log.updated_count,
        }
    row = ImportProgress.objects.filter(log_id=log.pk).first()
    if row is None:
        return {
            "status": "waiting",
            "done": 0,
            "total": log.preview.get("create", 0) + log.preview.get("update", 0),
        }
    return {
        "status": "running",
        "phase": row.phase,
        "phase_label": str(row.get_phase_display()),
        "done": row.done,
        "total": row.total,
        "seconds": int((timezone.now() - row.started_at).total_seconds()),
    }


def discard(*, log: ImportLog, by) -> None:
    """Staff cancel a preview: the kept rows are removed, the log says it was not imported."""
    with transaction.atomic():
        log = ImportLog.objects.select_for_update().get(pk=log.pk)
        if log.status == ImportLog.Status.PREVIEWED:
            log.status = ImportLog.Status.CANCELLED
            log.checked = []
            log.save(update_fields=["status", "checked"])


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


class FormRunner:
    """One form instance, bound again for each row: building a form (deep-copying its fields, wording its
    messages) costs more than checking a row, and a sheet has thousands. The checks are the form's own."""

    def __init__(self, form_class, **kwargs):
        from django import forms

        self.form = form_class(data={}, **kwargs)
        self.model = getattr(getattr(form_class, "_meta", None), "model", None)
        self._base_full_clean = forms.BaseForm.full_clean
        self._worded = False

    def run(self, data: dict):
        form = self.form
        form.data = data
        form._errors = None
        form._bound_fields_cache = {}
        if self.model is not None:
            form.instance = self.model()
        if self._worded:
            # NormalizedFormMixin words every message on its first full_clean (it is idempotent); the
            # address lookup is never asked for by a sheet. So later rows go straight to Django's checks.
            self._base_full_clean(form)
        else:
            form.full_clean()
            self._worded = True
        return form


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


def bulk_insert(model, objects: list) -> None:
    """Insert many new rows with PostgreSQL's COPY, filling each object's pk; for imports of thousands of rows.

    bulk_create builds one huge INSERT whose parameters Django and psycopg handle in Python, which for
    10,000 volunteers takes longer than the checks themselves. COPY sends the rows as a stream. The
    database's constraints, defaults and indexes apply exactly as for an INSERT (it is one), and the pks come
    from the table's own sequence first, so the caller can link and audit the rows afterwards (or the caller
    reserved them with ``reserve_pks`` and set them, when other rows must name these before they exist). Call
    it inside the service's transaction.
    """
    from django.db import connection

    if not objects:
        return
    opts = model._meta
    table = opts.db_table
    preset = [obj.pk for obj in objects]
    pks = preset if all(pk is not None for pk in preset) else reserve_pks(model, len(objects))
    with connection.cursor() as cursor:
        fields = [f for f in opts.concrete_fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        raw = cursor.cursor
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj, pk in zip(objects, pks, strict=True):
                obj.pk = pk
                row = []
                for f in fields:
                    value = f.pre_save(obj, add=True)
                    row.append(f.get_db_prep_save(value, connection))
                copy.write_row(row)
        for obj in objects:
            obj._state.adding = False
            obj._state.db = connection.alias
    pagecache.bump_for(model)  # COPY sends no signal: the cached pages and plan numbers that show this model


def reserve_pks(model, count: int) -> list[int]:
    """The next ``count`` ids of a model's table, taken from its sequence (so no other insert gets them)."""
    from django.db import connection

    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]
