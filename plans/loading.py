"""Load the plans (plans/data/plans.yaml) and the fiscal-2020 targets (plans/data/r2_volunteer_center_targets.csv).

Used by the data migration (with historical models) and by tests whose transactional flush removed the rows.
Idempotent: a second run changes nothing.
"""

import csv
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
CSV_FILE = DATA / "r2_volunteer_center_targets.csv"
YAML_FILE = DATA / "plans.yaml"

# Suggested links from the CSV's sections to 第四次's basic goals (the CSV has none); staff edit them in the admin.
SECTION_GOALS = {1: [4], 2: [5], 3: [2], 4: [1, 3], 5: [2], 6: [1], 7: [1], 8: [6]}

# A second figure in the target text takes these metrics, e.g. 2回（40人） → participants of that event type.
_FIGURE = re.compile(r"([0-9][0-9,]*)\s*(回|人|名|団体|件|行事)")
_MONTHS = re.compile(r"([0-9]{1,2})月[～~〜]([0-9]{1,2})月")


def parse_figures(text: str) -> list[tuple[Decimal, str]]:
    """Every (number, unit) written in a target text, full-width digits folded: '１回（200人）' → [(1,回),(200,人)]."""
    folded = unicodedata.normalize("NFKC", text)
    return [(Decimal(n.replace(",", "")), unit) for n, unit in _FIGURE.findall(folded)]


def active_months(detail: str) -> list[int]:
    """'9月～12月に実施' → [9, 10, 11, 12]; nothing said → [] (all year)."""
    match = _MONTHS.search(unicodedata.normalize("NFKC", detail).replace("~", "～"))
    if not match:
        return []
    start, end = int(match[1]), int(match[2])
    months, m = [], start
    while True:
        months.append(m)
        if m == end:
            return months
        m = m % 12 + 1


def secondary_metric(key: str, param: str, unit: str) -> tuple[str, str]:
    """The metric of a target's second figure, where one fits."""
    if key == "programs.events" and unit in ("人", "名"):
        return "programs.event_participants", param
    if key == "programs.room_bookings" and unit == "団体":
        return "programs.room_groups", param
    return "", ""


def _no(entry: dict) -> int:
    # YAML 1.1 reads the bare key `no` as the boolean false.
    return entry["no"] if "no" in entry else entry[False]


def split_key(metric_key: str) -> tuple[str, str]:
    key, _sep, param = metric_key.partition(":")
    return key, param


def load(get_model) -> None:
    """Create the plans, their structures and the 2020 items; get_model(name) returns a model of this app."""
    Plan, WelfareIssue, BasicGoal = get_model("Plan"), get_model("WelfareIssue"), get_model("BasicGoal")
    Approach, Pillar, PlanItem, Target = (
        get_model("Approach"),
        get_model("Pillar"),
        get_model("PlanItem"),
        get_model("Target"),
    )
    data = yaml.safe_load(YAML_FILE.read_text(encoding="utf-8"))

    fourth_data = data["fourth_community_welfare_action_plan"]
    fourth, _ = Plan.objects.update_or_create(
        kind="fourth",
        defaults={
            "name": fourth_data["name"],
            "owner": fourth_data["publisher"],
            "start_fiscal_year": fourth_data["period"]["start_fiscal_year"],
            "end_fiscal_year": fourth_data["period"]["end_fiscal_year"],
            "philosophy": fourth_data["philosophy"],
            "focus": fourth_data["focus"],
            # The YAML notes the committee in English ("進行管理委員会 reviews progress yearly"); shown in Japanese.
            "management": fourth_data["management"].split(";")[0].strip()
            + "／進行管理委員会が毎年、進捗を点検します",
        },
    )
    for issue in fourth_data["welfare_issues"]:
        WelfareIssue.objects.update_or_create(plan=fourth, no=_no(issue), defaults={"title": issue["title"]})
    for goal in fourth_data["basic_goals"]:
        BasicGoal.objects.update_or_create(
            plan=fourth,
            no=_no(goal),
            defaults={"title": goal["title"], "subtitle": goal["subtitle"], "vision": goal["vision"]},
        )

    kikyu_data = data["kikyu_kun_plan"]
    start = kikyu_data["period"]["start_fiscal_year"]
    kikyu, _ = Plan.objects.update_or_create(
        kind="kikyu",
        defaults={
            "name": kikyu_data["name"],
            "owner": kikyu_data["owner"],
            "start_fiscal_year": start,
            "end_fiscal_year": start + kikyu_data["period"]["years"] - 1,
            "philosophy": kikyu_data["purpose"],
            "features": kikyu_data["features"],
            "relation": kikyu_data["relation"],
        },
    )
    for no, name in enumerate(kikyu_data["approaches"], start=1):
        Approach.objects.update_or_create(no=no, defaults={"name": name})
    for pillar in kikyu_data["pillars"]:
        Pillar.objects.update_or_create(plan=kikyu, no=_no(pillar), defaults={"title": pillar["title"]})

    if PlanItem.objects.filter(fiscal_year=2020).exists():
        return
    pillars = {p.no: p for p in Pillar.objects.filter(plan=kikyu)}
    approaches = {a.name: a for a in Approach.objects.all()}
    goals = {g.no: g for g in BasicGoal.objects.filter(plan=fourth)}
    with CSV_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for order, row in enumerate(rows, start=1):
        note = row["note"] if row["note"] not in ("manual entry", "") else ""
        item = PlanItem.objects.create(
            fiscal_year=int(row["fiscal_year"]),
            order=order,
            section_no=int(row["section_no"]),
            section=row["section"],
            name=row["item"],
            detail=row["detail"],
            pillar=pillars.get(int(row["kikyu_pillar"])) if row["kikyu_pillar"] else None,
            active_months=active_months(row["detail"]),
            note=note,
        )
        item.approaches.set([approaches[a] for a in row["approach"].split("・") if a in approaches])
        item.goals.set([goals[n] for n in SECTION_GOALS.get(item.section_no, [])])
        key, param = split_key(row["metric_key"])
        value = Decimal(row["target_value"]) if row["target_value"] else None
        unit = row["target_unit"]
        Target.objects.create(
            item=item,
            order=0,
            text=row["target_text"],
            value=value,
            unit=unit,
            metric_key=key,
            metric_param=param,
        )
        if value is None:
            continue
        primary_seen = False
        for n, figure_unit in parse_figures(row["target_text"]):
            if not primary_seen and n == value and figure_unit == unit:
                primary_seen = True
                continue
            second_key, second_param = secondary_metric(key, param, figure_unit)
            Target.objects.create(
                item=item,
                order=1,
                text="",
                value=n,
                unit=figure_unit,
                metric_key=second_key,
                metric_param=second_param,
            )
