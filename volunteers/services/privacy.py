"""個人情報保護法: a volunteer's own data as a download, and anonymisation after the retention period.

Every change is recorded with config.core.audit inside the same transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from config.core import audit, personal_data
from config.core.models import PrivacySettings

from ..models import Volunteer
from ..models.people import VolunteerStatus


def due_for_anonymisation(*, today: datetime.date | None = None):
    """Withdrawn volunteers whose withdrawal is older than the retention period staff set, not yet anonymised."""
    today = today or timezone.localdate()
    days = PrivacySettings.current().withdrawn_retention_days
    return Volunteer.objects.filter(
        status=VolunteerStatus.WITHDRAWN,
        anonymised_on__isnull=True,
        withdrawn_on__lte=today - datetime.timedelta(days=days),
    ).order_by("withdrawn_on", "pk")


def guests_anonymise(*, today: datetime.date | None = None) -> dict[str, int]:
    """Blank the data of people without a record (event guests) older than the retention period, in every app."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=PrivacySettings.current().withdrawn_retention_days)
    with transaction.atomic():
        return personal_data.anonymise_expired(cutoff)


def volunteer_anonymise(
    *, volunteer: Volunteer, by=None, today: datetime.date | None = None
) -> dict[str, int]:
    """Blank what identifies a withdrawn volunteer in every app, keeping every row the yearly counts read."""
    today = today or timezone.localdate()
    with transaction.atomic():
        volunteer = (
            Volunteer.objects.select_for_update(of=("self",)).select_related("user").get(pk=volunteer.pk)
        )
        if volunteer.status != VolunteerStatus.WITHDRAWN or volunteer.anonymised_on is not None:
            return {}
        counts = personal_data.anonymise(volunteer)
        volunteer.anonymised_on = today
        volunteer.save(update_fields=["anonymised_on"])
        audit.record(
            actor=by,
            action="volunteer.anonymise",
            target=volunteer,
            changes={"anonymised_on": [None, str(today)]},
        )
    return counts
