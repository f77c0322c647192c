"""The year-end 事業報告: 事業 / 当初計画 / 実施内容・実施日（参加者数等）/ 成果と課題, written from the items, the live
actuals, the dated entries behind them and the PDCA notes; as a print page and an .xlsx staff edit further."""

from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _

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
    day = f"{entry.entered_on.month}/{entry.entered_on.day}"
    value = f"（{_fmt(entry.value)}{unit}）" if entry.value is not None else ""
    note = f" {entry.note}" if entry.note else ""
    return f"{day}{value}{note}"


def report_rows(rows: list[ItemRow]) -> list[ReportRow]:
    out = []
    for row in rows:
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
            dated = [_entry_line(e, unit) for e in t.entries]
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
        out.append(
            ReportRow(
                section=f"{item.section_no}. {item.section}",
                business=item.name,
                plan=_("%(detail)s（目標：%(targets)s）") % {"detail": item.detail, "targets": targets},
                done=done,
                results=results,
            )
        )
    return out


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
