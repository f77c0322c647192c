"""The top page's box of upcoming courses and the latest news (core/home.html cannot import programs)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("programs/events/_home.html")
def home_events_and_news():
    return {"events": selectors.home_events(4), "news": list(selectors.latest_news(5))}
