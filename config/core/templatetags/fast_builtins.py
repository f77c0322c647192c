"""Cheaper versions of the three built-ins every page repeats: {% translate %}, {% url %} and |date.

Issue 16's profiles of the logged-in pages (staff lists, plans, my pages) found most of a rendered page's
CPU in generic template work, repeated per table row: a `{% url %}` costs a full `reverse()` (tens of µs on
2 cores), a `{% translate %}` four thread-local look-ups and an escape, a `|date` a DateFormat object. Each
gives the same answer for the same input, so:

- `{% translate "literal" %}` (optionally `context "literal"`, `noop`, `as var`) keeps what it rendered per
  language and autoescape setting; anything with a variable or a filter is translated as Django does.
- `{% url %}` keeps the URL per view name, current app, URL conf, script prefix and arguments, when every
  argument is a plain int or str (a pk, a slug); other arguments go through `reverse()` every time, and
  `{% url … as var %}` (which swallows a missing route) is Django's own node.
- `|date` formats dates and datetimes itself when the format uses only Y m d n j H G i (named formats such
  as DATE_FORMAT are looked up in the page's language first); any other letter goes to Django's filter.

The remembered values depend only on the code, the URL conf and the catalogues, which change with a deploy
(a new process); tests that override settings clear them (`setting_changed`). Each store is capped, so
pages that link to many thousands of records cannot grow it without bound. Listed last in TEMPLATES'
builtins, so these replace Django's tags in every template. Our templates never `{% load i18n %}` (it is a
builtin here, and loading it would put Django's slower translate back in that template; a test holds this).
"""

import datetime

from django import template
from django.core.signals import setting_changed
from django.template.base import Variable
from django.template.defaultfilters import date as django_date
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags import i18n
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, translation
from django.utils.dateformat import re_formatchars
from django.utils.html import conditional_escape

register = template.Library()
# Everything else in {% load i18n %} (blocktranslate, get_current_language, language filters…) as Django has it.
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

LIMIT = 20_000
_translated: dict = {}
_urls: dict = {}
_date_formats: dict = {}


def _remember(store: dict, key, value):
    if len(store) >= LIMIT:
        store.clear()
    store[key] = value
    return value


def forget(**kwargs) -> None:
    _translated.clear()
    _urls.clear()
    _date_formats.clear()


setting_changed.connect(forget, dispatch_uid="fast_builtins.forget")


class TranslateNode(i18n.TranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.literal = self._literal()

    def _literal(self):
        """(message, message context, noop) when both are literals without filters, else None: fixed at parse time."""
        expression = self.filter_expression
        if expression.filters or not isinstance(expression.var, Variable) or expression.var.literal is None:
            return None
        message_context = None
        if self.message_context is not None:
            if self.message_context.filters or isinstance(self.message_context.var, Variable):
                return None
            message_context = self.message_context.var
        return expression.var.literal, message_context, self.noop

    def render(self, context):
        if self.literal is None:
            return super().render(context)
        key = (translation.get_language(), context.autoescape, self.literal)
        try:
            value = _translated[key]
        except KeyError:
            output = super().render(context)
            value = _remember(_translated, key, context[self.asvar] if self.asvar else output)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    return TranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


class RememberedURLNode(URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        if hasattr(request, "current_app"):  # as Django's URLNode chooses it
            current_app = request.current_app
        else:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        if all(type(value) in (int, str) for value in (*args, *kwargs.values())):
            key = (
                view_name,
                current_app,
                get_urlconf(),
                get_script_prefix(),
                args,
                tuple(sorted(kwargs.items())),
            )
            url = _urls.get(key)
            if url is None:
                url = _remember(
                    _urls, key, reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
                )
        else:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    if node.asvar:
        # `{% url … as var %}` leaves the variable empty when nothing matches; Django's node does that.
        return node
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


_FIELDS = {
    "Y": lambda v: f"{v.year:04d}",
    "m": lambda v: f"{v.month:02d}",
    "d": lambda v: f"{v.day:02d}",
    "n": lambda v: str(v.month),
    "j": lambda v: str(v.day),
}
_TIME_FIELDS = {
    "H": lambda v: f"{v.hour:02d}",
    "G": lambda v: str(v.hour),
    "i": lambda v: f"{v.minute:02d}",
}


def _compiled(fmt: str):
    """(literal strings and field functions, whether it shows a time), or None if the format uses another
    letter or a backslash escape: those formats go to Django's filter."""
    if "\\" in fmt:
        return None
    parts, shows_time = [], False
    for index, piece in enumerate(re_formatchars.split(fmt)):
        if index % 2 == 0:
            if piece:
                parts.append(piece)
        elif piece in _FIELDS:
            parts.append(_FIELDS[piece])
        elif piece in _TIME_FIELDS:
            parts.append(_TIME_FIELDS[piece])
            shows_time = True
        else:
            return None
    return parts, shows_time


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, with the common formats done without a DateFormat object."""
    if type(value) not in (datetime.date, datetime.datetime):
        return django_date(value, arg)
    key = (translation.get_language(), arg)
    try:
        compiled = _date_formats[key]
    except KeyError:
        compiled = _remember(_date_formats, key, _compiled(formats.get_format(arg or "DATE_FORMAT")))
    if compiled is None or (compiled[1] and type(value) is datetime.date):
        return django_date(value, arg)
    return "".join(part if type(part) is str else part(value) for part in compiled[0])
