"""The equipment demo data: 7 kinds, their units, a year of loans with a few overdue, loaded idempotently."""

import io

from django.core.management import call_command

from programs.models import EquipmentKind, EquipmentLoan, EquipmentUnit
from programs.selectors import equipment_numbers, overdue_loans


def test_the_demo_has_seven_kinds_units_a_year_of_loans_and_some_overdue(base_data, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    assert EquipmentKind.objects.count() == 7
    assert {"車椅子", "プロジェクター", "高齢者擬似体験セット", "ワイヤレスアンプ・マイク"} <= set(
        EquipmentKind.objects.values_list("name", flat=True)
    )
    assert EquipmentUnit.objects.count() == 16
    assert EquipmentLoan.objects.filter(status="returned").count() >= 10
    assert len(overdue_loans()) == 2
    assert EquipmentLoan.objects.filter(status="reserved", group__name="西東京ひばりの会").exists()
    loans = EquipmentLoan.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert EquipmentLoan.objects.count() == loans and EquipmentUnit.objects.count() == 16
    from config.core.dates import current_fiscal_year

    assert equipment_numbers(current_fiscal_year()).fee_income > 0
