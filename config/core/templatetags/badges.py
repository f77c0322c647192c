"""{{ record|status_badge }}: a record's status as a badge, its label in text (never colour alone).

One filter for every status badge (volunteers, group registrations, insurance enrolments, equipment loans),
instead of an included template each: the staff lists show one per row, and an `{% include %}` per row cost
more than the rest of the row (issue 16's profiles). The colours live here, keyed by model, with the class
for any status not listed. A loan whose return day has passed shows 延滞 (EquipmentLoan.status_label).
"""

from django import template
from django.utils.html import format_html

register = template.Library()

# ボランティア保険 enrolments and 行事保険 share their statuses (InsuranceStatus).
INSURANCE = (
    {"enrolled": "text-bg-success", "paid": "text-bg-info", "applied": "text-bg-warning"},
    "text-bg-dark",
)
BADGES = {
    "volunteers.Volunteer": (
        {"registered": "text-bg-success", "provisional": "text-bg-warning", "suspended": "text-bg-secondary"},
        "text-bg-dark",
    ),
    "volunteers.GroupRegistration": (
        {"approved": "text-bg-success", "applied": "text-bg-warning"},
        "text-bg-dark",
    ),
    "volunteers.Enrolment": INSURANCE,
    "volunteers.EventInsurance": INSURANCE,
    "programs.EquipmentLoan": (
        {
            "overdue": "text-bg-danger",
            "reserved": "text-bg-primary",
            "lent": "text-bg-warning",
            "returned": "text-bg-success",
        },
        "text-bg-secondary",
    ),
}
_labels: dict = {}


def status_label(record) -> str:
    """The status's label in the page's language: Django's get_status_display without rebuilding the
    choices on every call; a loan's own status_label (延滞 when overdue)."""
    if hasattr(record, "status_label"):
        return record.status_label()
    field = type(record)._meta.get_field("status")
    labels = _labels.get(field)
    if labels is None:
        labels = _labels[field] = dict(field.flatchoices)
    return str(labels.get(record.status, record.status))


@register.filter
def status_badge(record) -> str:
    classes, other = BADGES[type(record)._meta.label]
    state = "overdue" if getattr(record, "is_overdue", None) and record.is_overdue() else record.status
    return format_html('<span class="badge {}">{}</span>', classes.get(state, other), status_label(record))
