"""Factories for insurance: products per fiscal year (sample rates) and enrolments."""

import factory

from config.core.dates import current_fiscal_year
from volunteers.models.insurance import InsuranceKind, InsurancePlan, RateUnit
from volunteers.selectors.insurance import preferred_fiscal_year


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsurancePlan

    fiscal_year = factory.LazyFunction(preferred_fiscal_year)  # the year applications made today are for
    kind = InsuranceKind.VOLUNTEER
    name = factory.Sequence(lambda n: f"基本タイプ{n}")
    rate = 350
    rate_unit = RateUnit.PER_PERSON_YEAR
    is_sample = True


def event_plan(fy=None, *, name="行事保険Aプラン", rate=28, unit=RateUnit.PER_PERSON_DAY):
    return PlanFactory(
        fiscal_year=fy or current_fiscal_year(),
        kind=InsuranceKind.EVENT,
        name=name,
        rate=rate,
        rate_unit=unit,
    )


def roster_text(n: int, *, start: int = 0) -> str:
    """n distinct members, tab-separated as pasted from a spreadsheet."""
    kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノ"
    lines = []
    for i in range(start, start + n):
        lines.append(f"会員 {i}号\tカイイン {kana[i % 25]}{kana[(i // 25) % 25]}\t1970-01-{1 + i % 28:02d}")
    return "\n".join(lines)
