"""Writes about consultations (相談受付): staff log one, update it, close its follow-up.

A consultation names a person (often personal data), so every write is recorded with config.core.audit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from config.core import audit
from config.core.search import kana_key, name_key

from ..models import Consultation, Volunteer, VolunteerGroup

SAVE_FAILED = gettext_lazy("相談を保存できませんでした。入力内容を確認してください。")

# What staff may change after logging; received_on and staff are facts of the first contact but may be corrected.
EDITABLE_FIELDS = [
    "received_on", "channel", "volunteer", "group", "person_name", "person_furigana", "person_contact",
    "category", "content", "response", "follow_up_on", "status", "staff",
]
AUDITED_FIELDS = [f"{name}_id" if name in ("volunteer", "group", "staff") else name for name in EDITABLE_FIELDS]


def _save(consultation: Consultation) -> None:
    # The search keys (config.core.search) follow the unregistered person's name and furigana.
    consultation.person_name_key = name_key(consultation.person_name)[:50]
    consultation.person_furigana_key = kana_key(consultation.person_furigana)[:100]
    consultation.full_clean()  # the friendly message in the common case
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError as exc:  # a constraint the form could not see
        raise ValidationError(SAVE_FAILED, code="integrity") from exc


def consultation_create(
    *,
    by,
    received_on: datetime.date,
    channel: str,
    category: str,
    content: str,
    volunteer: Volunteer | None = None,
    group: VolunteerGroup | None = None,
    person_name: str = "",
    person_furigana: str = "",
    person_contact: str = "",
    response: str = "",
    follow_up_on: datetime.date | None = None,
    status: str = Consultation.Status.OPEN,
    staff=None,
) -> Consultation:
    """Log a consultation; the staff member in charge defaults to the one logging it."""
    consultation = Consultation(
        received_on=received_on,
        channel=channel,
        category=category,
        content=content,
        volunteer=volunteer,
        group=group,
        person_name=person_name,
        person_furigana=person_furigana,
        person_contact=person_contact,
        response=response,
        follow_up_on=follow_up_on,
        status=status,
        staff=staff or by,
    )
    with transaction.atomic():
        _save(consultation)
        audit.record(actor=by, action="consultation_create", target=consultation)
    return consultation


def consultation_update(*, consultation: Consultation, by, data: dict) -> Consultation:
    """Change a logged consultation (response, follow-up, status …); the changes go to the audit log."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(consultation, AUDITED_FIELDS)
    for name, value in data.items():
        setattr(consultation, name, value)
    with transaction.atomic():
        _save(consultation)
        audit.record_changes(
            actor=by, action="consultation_update", instance=consultation, before=before, fields=AUDITED_FIELDS
        )
    return consultation
