"""The top page's notice of 夏！体験ボランティア while it takes applications (core/home.html cannot import programs)."""

from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.inclusion_tag("programs/summer/_home.html")
def home_summer():
    campaign = selectors.current_campaign()
    phase = campaign.phase(timezone.localdate()) if campaign else None
    return {"campaign": campaign if phase in ("open", "offers") else None, "phase": phase}
