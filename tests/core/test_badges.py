"""{{ record|status_badge }} (config/core/templatetags/badges.py): the label in the page's language, the colour
by status, 延滞 for a loan past its return day."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from programs.models import EquipmentLoan
from volunteers.models import Enrolment, GroupRegistration, Volunteer

BADGE = engines["django"].from_string("{{ record|status_badge }}")


def badge(record) -> str:
    return BADGE.render({"record": record})


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (Volunteer(status="registered"), '<span class="badge text-bg-success">登録済</span>'),
        (Volunteer(status="provisional"), '<span class="badge text-bg-warning">仮登録</span>'),
        (Volunteer(status="suspended"), '<span class="badge text-bg-secondary">休止</span>'),
        (Volunteer(status="withdrawn"), '<span class="badge text-bg-dark">退会</span>'),
        (GroupRegistration(status="applied"), '<span class="badge text-bg-warning">申請中</span>'),
        (GroupRegistration(status="rejected"), '<span class="badge text-bg-dark">不承認</span>'),
        (Enrolment(status="paid"), '<span class="badge text-bg-info">入金確認</span>'),
        (Enrolment(status="cancelled"), '<span class="badge text-bg-dark">取消</span>'),
    ],
)
def test_each_status_has_its_colour_and_label(record, expected):
    assert badge(record) == expected


def test_a_loan_past_its_return_day_is_overdue():
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert (
        badge(EquipmentLoan(status="lent", return_on=yesterday))
        == '<span class="badge text-bg-danger">延滞</span>'
    )
    assert (
        badge(EquipmentLoan(status="lent", return_on=tomorrow))
        == '<span class="badge text-bg-warning">貸出中</span>'
    )
    assert badge(EquipmentLoan(status="returned", return_on=yesterday)) == (
        '<span class="badge text-bg-success">返却済</span>'
    )
    assert badge(EquipmentLoan(status="cancelled", return_on=tomorrow)) == (
        '<span class="badge text-bg-secondary">取消</span>'
    )


def test_the_label_follows_the_page_language():
    with translation.override("en"):
        english = badge(Volunteer(status="registered"))
    assert badge(Volunteer(status="registered")) == '<span class="badge text-bg-success">登録済</span>'
    assert "登録済" not in english
    assert english.startswith('<span class="badge text-bg-success">')
