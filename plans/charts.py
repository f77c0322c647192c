"""Server-rendered SVG charts: the geometry here, the drawing in templates/plans/_chart_*.html.

Charts carry a text alternative (`summary`) and sit beside a data table, so they read without JavaScript,
print, and never rely on colour alone (the lines differ in dash and markers; the status is a word).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from .selectors import FY_MONTHS, TargetRow

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 24, 46


def _fmt(n) -> str:
    if n is None:
        return "—"
    n = Decimal(n)
    return f"{n:,.0f}" if n == n.to_integral() else f"{n:,.1f}"


def summary(row: TargetRow) -> str:
    """One sentence a screen reader reads for the chart."""
    unit = row.unit
    if row.actual is None:
        return _("実績はまだ集計されていません（未集計・手入力）。目標は%(target)sです。") % {
            "target": _fmt(row.target.value) + unit
        }
    if row.target.value is None:
        return _("目標値はありません。実績は%(actual)sです。") % {"actual": _fmt(row.actual) + unit}
    return _("目標%(target)sに対し、実績は%(actual)s（達成率%(pct)s%%）、状況は「%(status)s」です。") % {
        "target": _fmt(row.target.value) + unit,
        "actual": _fmt(row.actual) + unit,
        "pct": row.percent,
        "status": row.status_label,
    }


def line_chart(row: TargetRow, active_months: list[int]) -> dict:
    """Monthly cumulative actual (solid line, round markers) against the target (dashed) and the expected pace (dotted)."""
    top_value = max([row.target.value or 0] + [v for v in row.monthly if v is not None] + [1])
    top_value = Decimal(top_value) * Decimal("1.1")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: float) -> float:
        return round(LEFT + plot_w * (i + 0.5) / 12, 1)

    def y(v) -> float:
        return round(TOP + plot_h - float(Decimal(v) / top_value) * plot_h, 1)

    points = [(x(i), y(v), _fmt(v)) for i, v in enumerate(row.monthly) if v is not None]
    months = [(x(i), m) for i, m in enumerate(FY_MONTHS)]
    expected = []
    pace: list[Decimal | None] = [None] * 12  # the target's share due by each month's end (the dotted line)
    if row.target.value is not None:
        active = active_months or FY_MONTHS
        done = 0
        expected.append((x(FY_MONTHS.index(active[0]) - 0.5), y(0)))
        for m in active:
            done += 1
            expected.append((x(FY_MONTHS.index(m) + 0.5), y(row.target.value * done / len(active))))
        done = 0
        for i, m in enumerate(FY_MONTHS):
            done += m in active
            pace[i] = Decimal(row.target.value) * done / len(active)
    ticks = [
        (y(top_value * k / 4 / Decimal("1.1")), _fmt(top_value * k / 4 / Decimal("1.1"))) for k in range(5)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "polyline": " ".join(f"{px},{py}" for px, py, _label in points),
        "expected": " ".join(f"{px},{py}" for px, py in expected),
        "target_y": y(row.target.value) if row.target.value is not None else None,
        "target_label": _fmt(row.target.value) + row.target.unit if row.target.value is not None else "",
        "months": months,
        "label_y": HEIGHT - BOTTOM + 24,
        "table": [
            (m, _fmt(v) + row.unit if v is not None else "—", _fmt(p) + row.unit if p is not None else None)
            for m, v, p in zip(FY_MONTHS, row.monthly, pace, strict=True)
        ],
        "has_pace": row.target.value is not None,
        "ticks": ticks,
        "summary": summary(row),
    }
