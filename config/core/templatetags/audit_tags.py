"""{% record_history obj %}: the 変更履歴 of any record on its staff page (config.core.audit.history)."""

from django import template

from .. import audit

register = template.Library()


@register.inclusion_tag("includes/record_history.html")
def record_history(target):
    return {"history": audit.history(target) if target is not None and target.pk else []}
