"""The cheaper {% translate %}, {% url %} and |date (config/core/templatetags/fast_builtins.py) render exactly
what Django's own tags render, in both languages, and every template gets them."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, path
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from config.core.templatetags import fast_builtins

DJANGO = Engine(builtins=["django.templatetags.i18n"], libraries={"i18n": "django.templatetags.i18n"})
PROJECT = engines["django"].engine
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
ROOT = Path(__file__).resolve().parents[2]

TRANSLATED = [
    '{% translate "ログイン" %}',
    '{% translate "電話" %}：{% translate "電話" %}',
    '{% translate "標準" context "text size" %}',
    '{% translate "ログイン" as label %}[{{ label }}]',
    '{% translate "ログイン" noop %}',
    '{% translate "まだ訳のない文" %}',
    "{% translate word %}",
    '{% translate "ログイン"|upper %}',
    '{% translate "標準" context kind %}',
    '{% autoescape off %}{% translate "<b>ログイン</b>" %}{% endautoescape %}{% translate "<b>ログイン</b>" %}',
    '{% load i18n %}{% translate "ログイン" %}{% get_current_language as lang %}{{ lang }}',
]


def rendered(engine: Engine, source: str, context: dict) -> str:
    """The page text, or the name of the error Django raises (a time format for a date raises TypeError)."""
    try:
        return engine.from_string(source).render(Context(context))
    except TypeError as error:
        return f"raised {type(error).__name__}"


def both(source: str, language: str, **context) -> tuple[str, str]:
    with translation.override(language):
        return rendered(DJANGO, source, context), rendered(PROJECT, source, context)


@pytest.mark.parametrize("source", TRANSLATED)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_translate_renders_what_django_renders(source, language):
    for _ in range(2):  # the first time fills the store, the second reads it
        expected, got = both(source, language, word="ログイン", kind="text size")
        assert got == expected


def test_translate_answers_in_the_page_language_each_time():
    template = PROJECT.from_string('{% translate "ログイン" %}')
    for language, expected in [("ja", "ログイン"), ("en", "Log in"), ("ja", "ログイン")]:
        with translation.override(language):
            assert template.render(Context()) == expected


def test_every_template_gets_the_cheaper_nodes():
    node = PROJECT.from_string('{% translate "ログイン" %}').nodelist[0]
    assert type(node) is fast_builtins.TranslateNode
    assert type(PROJECT.from_string("{% url 'core:home' %}").nodelist[0]) is fast_builtins.RememberedURLNode
    assert (
        PROJECT.from_string("{{ day|date }}").nodelist[0].filter_expression.filters[0][0]
        is fast_builtins.date
    )


def test_no_template_loads_djangos_i18n_over_them():
    """i18n is a builtin; `{% load i18n %}` would put Django's slower translate back in that template."""
    loading = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and re.search(r"{%\s*load\b[^%]*\bi18n\b", path.read_text(encoding="utf-8"))
    ]
    assert loading == []


def test_url_is_the_reversed_url_for_each_argument(db):
    template = PROJECT.from_string(
        "{% url 'volunteers:staff_volunteer' pk %}|{% url 'volunteers:staff_volunteer' pk=pk %}"
    )
    reference = DJANGO.from_string(
        "{% url 'volunteers:staff_volunteer' pk %}|{% url 'volunteers:staff_volunteer' pk=pk %}"
    )
    for pk in [1, 2, 1, "3", 2]:
        assert template.render(Context({"pk": pk})) == reference.render(Context({"pk": pk}))
    assert template.render(Context({"pk": 7})) == "/staff/volunteers/7/|/staff/volunteers/7/"


def test_url_escapes_and_handles_other_arguments_like_django():
    source = "{% url 'core:text_size' key %}"
    for key in ["large", "xlarge", "large"]:
        assert PROJECT.from_string(source).render(Context({"key": key})) == DJANGO.from_string(source).render(
            Context({"key": key})
        )
    # Not a plain int or str: reversed every time, never stored.
    before = len(fast_builtins._urls)
    assert PROJECT.from_string(source).render(Context({"key": mark_safe("large")})) == "/text-size/large/"
    assert len(fast_builtins._urls) == before
    # `as var` swallows a missing route, as Django's does.
    assert PROJECT.from_string("{% url 'no-such-route' as x %}[{{ x }}]").render(Context()) == "[]"


urlpatterns = [path("somewhere-else/", lambda request: None, name="core:home")]


def test_a_changed_url_conf_is_not_answered_from_the_store():
    template = PROJECT.from_string("{% url 'core:home' %}")
    assert template.render(Context()) == "/"
    with override_settings(ROOT_URLCONF=__name__):
        with pytest.raises(NoReverseMatch):
            template.render(Context())
    assert template.render(Context()) == "/"


def test_the_stores_are_capped(monkeypatch):
    monkeypatch.setattr(fast_builtins, "LIMIT", 3)
    fast_builtins.forget()
    template = PROJECT.from_string("{% url 'volunteers:staff_volunteer' pk %}")
    for pk in range(10):
        assert template.render(Context({"pk": pk})) == f"/staff/volunteers/{pk}/"
        assert len(fast_builtins._urls) <= 3


# Every format the templates use, and a few they might.
FORMATS = [
    None,
    "",
    "DATE_FORMAT",
    "MONTH_DAY_FORMAT",
    "DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "SHORT_DATE_FORMAT",
    "Y-m-d",
    "n月j日",
    "Y年n月j日",
    "Y-m-d H:i",
    "G:i",
    "Y年n月j日 G:i",
    "n/j",
    "Y年n月j日（D）",
    "n月j日（D）",
    "n月j日（D） H:i",
    "Y年n月",
    "Y/n/j",
    "r",
    "n/j G:i",
    "Y年n月j日 H:i",
    "Y-m",
    "Ymd",
    "H:i",
    "\\Y Y",
    "D",
]


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2100, 12, 31)),
    fmt=st.sampled_from(FORMATS),
    language=st.sampled_from(["ja", "en"]),
    kind=st.sampled_from(["date", "naive", "aware"]),
)
def test_date_formats_as_django_does(moment, fmt, language, kind):
    value = {
        "date": moment.date(),
        "naive": moment,
        "aware": timezone.make_aware(moment, datetime.UTC),
    }[kind]
    source = "{{ value|date }}" if fmt is None else "{{ value|date:fmt }}"
    for _ in range(2):
        expected, got = both(source, language, value=value, fmt=fmt)
        assert got == expected


def test_date_of_other_values_is_djangos():
    for value in [None, "", "2026-04-01", 5, datetime.time(9, 30)]:
        for fmt in ["Y-m-d", "G:i"]:
            expected, got = both("{{ value|date:fmt }}", "ja", value=value, fmt=fmt)
            assert got == expected
    # An aware datetime is shown in the center's time zone, as Django shows it.
    evening = datetime.datetime(2026, 3, 31, 15, 30, tzinfo=datetime.UTC)
    assert both("{{ value|date:'Y-m-d H:i' }}", "ja", value=evening) == (
        "2026-04-01 00:30",
        "2026-04-01 00:30",
    )
    assert evening.astimezone(TOKYO).day == 1
