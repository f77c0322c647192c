"""The year-end 事業報告: 事業 / 当初計画 / 実施内容・実施日（参加者数等）/ 成果と課題, written from the items, the live
actuals, the dated records behind them and the PDCA notes; as a print page and an .xlsx staff edit further.

実施内容・実施日 lists, per item: each target's actual (and its % of the target), then the dated records the
metric gives (`metrics.records`, e.g. each course of the item's event type with its days and participants; an
item with two targets on the same events lists them once), then the staff's dated manual entries. Metrics
without records (room uses, lockers, insurance, …) show their figure only. The records are fetched once per
source and fiscal year (inside `metrics.batch()`), so the report's queries do not grow with the items.
"""

from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _

from config.core.dates import month_day

from . import metrics
from .charts import _fmt
from .selectors import ItemRow


@dataclass
class ReportRow:
    section: str
    business: str
    plan: str
    done: list[str]
    results: list[str]


def _entry_line(entry, unit: str) -> str:
    day = month_day(entry.entered_on)
    value = f"（{_fmt(entry.value)}{unit}）" if entry.value is not None else ""
    note = f" {entry.note}" if entry.note else ""
    return f"{day}{value}{note}"


def _days(days) -> str:
    """'6月13日・6月20日'; a run of more than four days as '6月13日～8月1日（5日間）'."""
    if len(days) > 4:
        return _("%(first)s～%(last)s（%(n)s日間）") % {
            "first": month_day(days[0]),
            "last": month_day(days[-1]),
            "n": len(days),
        }
    return "・".join(month_day(d) for d in days)


def record_line(record: metrics.Record) -> str:
    """'6月13日・6月20日 ボランティアはじめて講座（参加18人）'."""
    days = _days(record.days)
    note = f"（{record.note}）" if record.note else ""
    return f"{days} {record.title}{note}".strip()


def _record_lines(row: ItemRow) -> list[str]:
    seen, lines = set(), []
    for t in row.targets:
        if t.source != "metric":
            continue
        for record in metrics.records(t.target.metric_key, t.target.metric_param, row.item.fiscal_year):
            if record not in seen:
                seen.add(record)
                lines.append(record_line(record))
    return lines


def report_rows(rows: list[ItemRow]) -> list[ReportRow]:
    with metrics.batch():
        return [_report_row(row) for row in rows]


def _report_row(row: ItemRow) -> ReportRow:
    """One row of the report: the plan, what was done (actuals, dated records, entries) and the PDCA notes."""
    item = row.item
    targets = "・".join(t.target.text for t in row.targets if t.target.text) or "—"
    done = []
    for t in row.targets:
        unit = t.unit
        if t.actual is not None:
            label = t.metric_label if t.source == "metric" else _("実績")
            line = _("%(label)s：%(actual)s") % {"label": label, "actual": _fmt(t.actual) + unit}
            if t.percent is not None:
                line += _("（目標%(target)s、達成率%(pct)s%%）") % {
                    "target": _fmt(t.target.value) + unit,
                    "pct": t.percent,
                }
            done.append(line)
    done += _record_lines(row)
    for t in row.targets:
        dated = [_entry_line(e, t.unit) for e in t.entries]
        if dated:
            done.append("、".join(dated))
    if not done:
        done.append(_("実績は未集計です。"))
    evaluation = row.evaluation
    results = []
    if evaluation:
        results.append(_("評価：%(grade)s") % {"grade": evaluation.get_grade_display()})
        results += [
            text for text in (evaluation.do_text, evaluation.check_text, evaluation.action_text) if text
        ]
    return ReportRow(
        section=f"{item.section_no}. {item.section}",
        business=item.name,
        plan=_("%(detail)s（目標：%(targets)s）") % {"detail": item.detail, "targets": targets},
        done=done,
        results=results,
    )


def report_xlsx(fy_title: str, rows: list[ReportRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("事業報告")
    ws.append([_("%(fy)s 事業報告（西東京ボランティア・市民活動センター）") % {"fy": fy_title}])
    ws["A1"].font = Font(bold=True, size=14)
    header = [_("取り組み"), _("事業"), _("当初計画"), _("実施内容・実施日（参加者数等）"), _("成果と課題")]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row.section, row.business, row.plan, "\n".join(row.done), "\n".join(row.results)])
    for column, width in zip("ABCDE", (18, 22, 40, 50, 50), strict=True):
        ws.column_dimensions[column].width = width
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
