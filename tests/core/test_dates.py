import datetime

import pytest
from django.template import Context, Template

from config.core import dates
from config.core.models import Closure

D = datetime.date


@pytest.mark.parametrize(
    ("day", "fy"),
    [(D(2020, 4, 1), 2020), (D(2021, 3, 31), 2020), (D(2021, 4, 1), 2021), (D(2020, 3, 31), 2019), (D(2020, 12, 31), 2020)],
)
def test_fiscal_year_runs_from_april_to_march(day, fy):
    assert dates.fiscal_year(day) == fy


def test_fiscal_year_bounds():
    assert dates.fiscal_year_start(2020) == D(2020, 4, 1)
    assert dates.fiscal_year_end(2020) == D(2021, 3, 31)
    assert dates.fiscal_year_end(2023) == D(2024, 3, 31)  # 2024 is a leap year; the end is still 31 March


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2019, 4, 30), "平成31年"),
        (D(2019, 5, 1), "令和元年"),
        (D(2020, 1, 1), "令和2年"),
        (D(1989, 1, 7), "昭和64年"),
        (D(1989, 1, 8), "平成元年"),
        (D(1945, 8, 15), "昭和20年"),
    ],
)
def test_wareki_year_changes_on_the_first_day_of_an_era(day, text):
    assert dates.wareki_year(day) == text


def test_wareki_date():
    assert dates.wareki_date(D(2020, 4, 1)) == "令和2年4月1日"


@pytest.mark.parametrize(
    ("fy", "text"),
    [(2019, "令和元年度"), (2020, "令和2年度"), (2018, "平成30年度"), (1988, "昭和63年度"), (1989, "平成元年度")],
)
def test_a_fiscal_year_takes_the_era_in_force_at_its_end(fy, text):
    assert dates.fiscal_year_wareki(fy) == text


def test_fiscal_year_label_shows_both_calendars():
    assert dates.fiscal_year_label(2020) == "令和2年度（2020年度）"


def test_template_filters():
    out = Template("{{ d|wareki }} / {{ d|fiscal_year }} / {{ d|fiscal_year|nendo }} / {{ d|weekday_ja }}").render(
        Context({"d": D(2021, 3, 31)})
    )
    assert out == "令和3年3月31日 / 2020 / 令和2年度（2020年度） / 水"


@pytest.mark.django_db
class TestIsOpen:
    def test_an_ordinary_weekday_and_saturday_are_open(self, tanashi):
        assert dates.is_open(tanashi, D(2026, 11, 24))  # Tuesday
        assert dates.is_open(tanashi, D(2026, 11, 28))  # Saturday

    def test_sunday_is_closed(self, tanashi):
        assert not dates.is_open(tanashi, D(2026, 11, 29))

    @pytest.mark.parametrize("day", [D(2026, 11, 3), D(2026, 11, 23), D(2027, 1, 11), D(2026, 5, 6)])
    def test_national_holidays_are_closed(self, tanashi, day):
        # 文化の日, 勤労感謝の日, 成人の日 (2nd Monday), and 振替休日 for Constitution Day 2026 on a Sunday... or 5/6.
        assert not dates.is_open(tanashi, day)

    @pytest.mark.parametrize(("day", "open_"), [
        (D(2026, 12, 28), True), (D(2026, 12, 29), False), (D(2026, 12, 31), False),
        (D(2027, 1, 2), False), (D(2027, 1, 4), True),
    ])
    def test_new_year_closure_runs_from_29_december_to_3_january(self, tanashi, day, open_):
        assert dates.is_open(tanashi, day) is open_

    def test_staff_closures_apply_to_one_site_or_all(self, tanashi, hoya):
        Closure.objects.create(site=tanashi, start_date=D(2026, 12, 1), end_date=D(2026, 12, 2), reason="設備点検")
        Closure.objects.create(site=None, start_date=D(2026, 12, 10), end_date=D(2026, 12, 10), reason="全館停電")
        assert not dates.is_open(tanashi, D(2026, 12, 2))
        assert dates.is_open(hoya, D(2026, 12, 2))
        assert not dates.is_open(hoya, D(2026, 12, 10))

    def test_closed_days_names_the_reason_for_a_whole_range(self, tanashi, django_assert_max_num_queries):
        with django_assert_max_num_queries(3):
            closed = dates.closed_days(tanashi, D(2026, 12, 27), D(2027, 1, 11))
        assert closed[D(2026, 12, 27)] == "休所日"  # Sunday
        assert closed[D(2027, 1, 1)] == "年末年始"
        assert closed[D(2027, 1, 11)] == "成人の日"
        assert D(2027, 1, 4) not in closed

    def test_opening_hours_are_data(self, tanashi):
        tanashi.opening_hours.filter(weekday=5).delete()  # staff stop opening on Saturdays
        assert not dates.is_open(tanashi, D(2026, 11, 28))
        assert tanashi.hours_summary() == "月〜金曜日 8:30〜17:00（土曜・日曜・祝日・年末年始を除く）"


def test_national_holidays_are_named_in_the_active_language():
    from django.utils import translation

    coming_of_age, substitute = datetime.date(2027, 1, 11), datetime.date(2026, 5, 6)  # 憲法記念日 on a Sunday
    assert dates.holiday_name(coming_of_age) == "成人の日"
    assert dates.holiday_name(substitute) == "憲法記念日 振替休日"
    assert dates.holiday_name(datetime.date(2027, 1, 12)) is None
    with translation.override("en"):
        assert dates.holiday_name(coming_of_age) == "Coming of Age Day"
        assert dates.holiday_name(substitute) == "substitute holiday for Constitution Memorial Day"


def test_every_national_holiday_from_2016_to_2040_has_an_english_name():
    import jpholiday
    from django.utils import translation

    day, untranslated = datetime.date(2016, 1, 1), set()
    with translation.override("en"):
        while day < datetime.date(2041, 1, 1):
            name = dates.holiday_name(day)
            if name and any("\u3040" <= ch <= "\u9fff" for ch in name):
                untranslated.add(jpholiday.is_holiday_name(day))
            day += datetime.timedelta(days=1)
    assert not untranslated
