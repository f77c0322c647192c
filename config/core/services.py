"""Writes for the shared calendar data: one-off closures (臨時休所) that staff add."""

import datetime

from django.db import transaction
from django.utils.translation import gettext

from . import audit
from .models import Closure, PrivacySettings, Site


def closure_create(
    *, site: Site | None, start_date: datetime.date, end_date: datetime.date, reason: str, by
) -> Closure:
    """Close one site (or, with no site, every site) from start_date to end_date inclusive."""
    closure = Closure(site=site, start_date=start_date, end_date=end_date, reason=reason.strip())
    closure.full_clean()
    with transaction.atomic():
        closure.save()
        audit.record(
            actor=by,
            action="closure_create",
            target=closure,
            changes={
                "site": [None, str(site) if site else gettext("全拠点")],
                "dates": [None, f"{start_date.isoformat()}〜{end_date.isoformat()}"],
                "reason": [None, closure.reason],
            },
        )
    return closure


def retention_set(*, days: int, by) -> PrivacySettings:
    """Staff set how long a withdrawn person's data is kept before `anonymise_withdrawn` blanks it."""
    with transaction.atomic():
        row = PrivacySettings.objects.select_for_update().get_or_create(pk=1)[0]
        before = audit.snapshot(row, ["withdrawn_retention_days"])
        row.withdrawn_retention_days = days
        row.full_clean()
        row.save()
        audit.record_changes(
            actor=by,
            action="privacy_retention",
            instance=row,
            before=before,
            fields=["withdrawn_retention_days"],
        )
    return row
