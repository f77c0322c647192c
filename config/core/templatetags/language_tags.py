"""Texts staff write (events, news) in the page's language: the English version on English pages when there
is one, otherwise the Japanese text marked `lang="ja"` (so screen readers pronounce it right) with a note.

    {% localized event "description" as text %}
    <div lang="{{ text.lang }}">{{ text.value|urlize|linebreaks }}</div>
    {% if text.japanese_only %}<p class="small">{% translate "…" %}</p>{% endif %}
"""

from dataclasses import dataclass

from django import template
from django.utils import translation

register = template.Library()


@dataclass(frozen=True)
class Shown:
    value: str
    lang: str
    japanese_only: bool

    def __str__(self):
        return self.value


@register.simple_tag
def localized(obj, field: str) -> Shown:
    value = getattr(obj, field, "") or ""
    if translation.get_language() != "en":
        return Shown(value, "ja", False)
    english = getattr(obj, f"{field}_en", "") or ""
    if english:
        return Shown(english, "en", False)
    return Shown(value, "ja", bool(value))


@register.filter
def month_name(month: int) -> str:
    """A month number as the page's language names it: 4 → 「4月」, or 'April' on English pages."""
    from django.utils.dates import MONTHS

    return str(MONTHS[int(month)])
