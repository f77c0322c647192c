"""The data migration: every CSV row is an item with its target text, value, unit, pillar and metric."""

import csv
from decimal import Decimal

import pytest

from plans.loading import CSV_FILE, active_months, parse_figures
from plans.models import BasicGoal, Pillar, Plan, PlanItem, Target, WelfareIssue

pytestmark = pytest.mark.django_db


def test_every_row_of_the_csv_is_loaded_with_its_target_pillar_and_metric():
    with CSV_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    items = list(
        PlanItem.objects.filter(fiscal_year=2020).select_related("pillar").prefetch_related("targets")
    )
    assert len(items) == len(rows) == 30
    for row, item in zip(rows, items, strict=True):
        primary = item.targets.all()[0]
        assert (item.name, item.detail) == (row["item"], row["detail"])
        assert primary.text == row["target_text"]
        assert primary.value == (Decimal(row["target_value"]) if row["target_value"] else None)
        assert primary.unit == row["target_unit"]
        assert item.pillar.no == int(row["kikyu_pillar"])
        assert primary.metric_ref == row["metric_key"]


def test_a_second_figure_is_a_second_target_of_the_same_item():
    beginner = PlanItem.objects.get(fiscal_year=2020, name="ボランティアはじめて講座")
    targets = list(beginner.targets.all())
    assert [(t.value, t.unit) for t in targets] == [(2, "回"), (40, "人")]
    assert targets[1].metric_ref == "programs.event_participants:course-beginner"
    tanashi_rooms = PlanItem.objects.get(fiscal_year=2020, name="活動室の貸し出し（田無）")
    assert [(t.value, t.unit, t.metric_ref) for t in tanashi_rooms.targets.all()] == [
        (440, "回", "programs.room_bookings:tanashi"),
        (10, "団体", "programs.room_groups:tanashi"),
    ]
    summer = PlanItem.objects.get(fiscal_year=2020, name="夏！体験ボランティア西東京")
    assert [(t.value, t.unit) for t in summer.targets.all()] == [(160, "人"), (1, "回")]


def test_the_plans_structures_are_loaded():
    fourth = Plan.objects.get(kind="fourth")
    assert fourth.name == "第四次西東京市地域福祉活動計画"
    assert (fourth.start_fiscal_year, fourth.end_fiscal_year) == (2019, 2023)
    assert "西東京市スタイル" in fourth.focus
    assert WelfareIssue.objects.filter(plan=fourth).count() == 10
    goals = BasicGoal.objects.filter(plan=fourth)
    assert goals.count() == 6
    assert goals.get(no=2).subtitle == "キラキラ輝き イキイキと地域で活動しよう"
    assert Pillar.objects.filter(plan__kind="kikyu").count() == 5
    assert Target.objects.filter(item__fiscal_year=2020).count() > 30


def test_target_texts_and_months_are_read_as_written():
    assert parse_figures("１回（200人）") == [(1, "回"), (200, "人")]
    assert parse_figures("3,650人") == [(3650, "人")]
    assert active_months("9月～12月に実施。") == [9, 10, 11, 12]
    assert PlanItem.objects.get(fiscal_year=2020, name="総合的な学習の時間への協力").active_months == [
        9,
        10,
        11,
        12,
    ]


def test_the_overview_text_is_japanese_only():
    assert (
        Plan.objects.get(kind="fourth").management
        == "PDCAサイクル（Plan・Do・Check・Action）／進行管理委員会が毎年、進捗を点検します"
    )
