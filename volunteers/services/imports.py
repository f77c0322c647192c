"""Writes for the import of existing records (取り込み): volunteers and groups kept in Excel before this system.

The rows were checked by the import forms (volunteers/forms/imports.py) and matched by volunteers/imports.py;
these services write them in the caller's transaction (config.core.imports.import_file holds one for the
whole file). New volunteers are written in bulk, since a center brings in thousands at once; each record
gets its audit entry naming the import log, so a record's history says which file it came from.
Imported history sends nothing: no welcome mail, no notice. A registered volunteer gets their login account
(as one registered by staff does), without a mail; staff send the set-password mail from the person's page.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from config.core import audit, roles
from config.core.imports import bulk_insert, progress_advance, reserve_pks
from config.core.models import AuditEntry, ImportLog

from ..models import GroupRegistration, Volunteer, VolunteerGroup
from ..models.people import RegisteredVia, VolunteerStatus
from . import groups as group_services
from .accounts import account_create, accounts_create_in_bulk
from .people import AUDITED_FIELDS, _apply_profile

STATE_FIELDS = ["status", "registered_on", "withdrawn_on"]


@dataclass
class ImportedVolunteer:
    """One volunteer row: profile data as the form cleaned it, and only the columns the sheet has."""

    data: dict[str, Any]
    activity_fields: list | None = None  # None: the sheet has no 活動分野 column
    existing: Volunteer | None = None


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _with_log(changes: dict, log: ImportLog) -> dict:
    return {**changes, "import_log": [None, f"{log.pk} {log.file_name}"]}


def volunteer_state_apply(volunteer: Volunteer, data: dict[str, Any]) -> None:
    for name in STATE_FIELDS:
        if name in data:
            setattr(volunteer, name, data[name] or None)


# The new volunteers are written this many at a time, so a long import's progress line moves as it goes.
CHUNK = 1000
# Who gets a login account at import: a registered volunteer made by staff has one (volunteer_approve), and
# so does one who paused (休止) since; a provisional one gets it when approved, a withdrawn one never.
WITH_ACCOUNT = (VolunteerStatus.REGISTERED, VolunteerStatus.SUSPENDED)


def needs_account(volunteer: Volunteer) -> bool:
    return volunteer.status in WITH_ACCOUNT and volunteer.user_id is None


def volunteers_import(*, rows: list[ImportedVolunteer], by, log: ImportLog) -> list[tuple[str, int, str]]:
    """Create the new volunteers in bulk and update the matched ones; one audit entry each, naming the log.

    A registered (or paused) volunteer gets what one registered by staff gets — a login account with the
    member number (v00042) as its login id and no usable password yet — and nothing is sent: staff send the
    set-password mail or print the letter from the person's page (volunteer_send_account_link)."""
    written: list[tuple[str, int, str]] = []
    with transaction.atomic():
        new = [r for r in rows if r.existing is None]
        for start in range(0, len(new), CHUNK):
            written += _create_volunteers(new[start : start + CHUNK], by=by, log=log)
            progress_advance(len(new[start : start + CHUNK]))
        for row in rows:
            if row.existing is not None:
                volunteer_import_update(row=row, by=by, log=log)
                written.append((Volunteer._meta.label_lower, row.existing.pk, "update"))
                progress_advance()
    return written


def _create_volunteers(new: list[ImportedVolunteer], *, by, log: ImportLog) -> list[tuple[str, int, str]]:
    instances = []
    for row in new:
        volunteer = Volunteer(registered_via=RegisteredVia.COUNTER)
        _apply_profile(volunteer, row.data)
        volunteer_state_apply(volunteer, row.data)
        instances.append(volunteer)
    # The account's login id is the volunteer's number, so the numbers are taken before the rows are written.
    for volunteer, pk in zip(instances, reserve_pks(Volunteer, len(instances)), strict=True):
        volunteer.pk = pk
    members = [v for v in instances if needs_account(v)]
    users = accounts_create_in_bulk(
        people=[(v.pk, v.name, v.email) for v in members], role=roles.VOLUNTEER, by=by
    )
    for volunteer, user in zip(members, users, strict=True):
        volunteer.user_id = user.pk
    bulk_insert(Volunteer, instances)
    through = Volunteer.activity_fields.through
    links = [
        through(volunteer_id=v.pk, activityfield_id=f.pk)
        for v, row in zip(instances, new, strict=True)
        for f in row.activity_fields or []
    ]
    bulk_insert(through, links)
    plain_fields = [f for f in AUDITED_FIELDS if f != "activity_fields"]
    entries = []
    written = []
    for volunteer, row in zip(instances, new, strict=True):
        changes = audit.diff(volunteer, {}, plain_fields)
        if row.activity_fields:
            changes["activity_fields"] = [None, sorted(str(f) for f in row.activity_fields)]
        entries.append(
            AuditEntry(
                actor=_actor(by),
                action="volunteer.import",
                target_type=Volunteer._meta.label_lower,
                target_id=volunteer.pk,
                changes=_with_log(changes, log),
            )
        )
        written.append((Volunteer._meta.label_lower, volunteer.pk, "create"))
    bulk_insert(AuditEntry, entries)
    return written


def volunteer_import_update(*, row: ImportedVolunteer, by, log: ImportLog) -> Volunteer:
    """Bring a stored volunteer in line with the sheet's columns (the others are left as they are)."""
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=row.existing.pk)
        before = audit.snapshot(volunteer, AUDITED_FIELDS)
        _apply_profile(volunteer, row.data)
        volunteer_state_apply(volunteer, row.data)
        if needs_account(volunteer):
            volunteer.user = account_create(
                prefix="v",
                number=volunteer.pk,
                name=volunteer.name,
                email=volunteer.email,
                role=roles.VOLUNTEER,
                by=by,
            )
        volunteer.full_clean()
        volunteer.save()
        if row.activity_fields is not None:
            volunteer.activity_fields.set(row.activity_fields)
        changes = audit.diff(volunteer, before, AUDITED_FIELDS)
        if changes:
            audit.record(
                actor=by, action="volunteer.import_update", target=volunteer, changes=_with_log(changes, log)
            )
    return volunteer


@dataclass
class ImportedGroup:
    """One group row: details as the form cleaned them, and the fiscal year's registration."""

    data: dict[str, Any]
    fiscal_year: int
    status: str
    activity_fields: list | None = None
    existing: VolunteerGroup | None = None
    needs_registration: bool = True
    changed: list[str] = field(default_factory=list)


def groups_import(*, rows: list[ImportedGroup], by, log: ImportLog) -> list[tuple[str, int, str]]:
    """New groups with their year's registration, and details or a year's registration for known ones."""
    written: list[tuple[str, int, str]] = []
    with transaction.atomic():
        for row in rows:
            if row.existing is None:
                group = VolunteerGroup()
                group_services._apply(group, row.data)
                group.full_clean()
                group.save()
                group.activity_fields.set(row.activity_fields or [])
                changes = audit.diff(group, {}, group_services.AUDITED_FIELDS)
                audit.record(actor=by, action="group.import", target=group, changes=_with_log(changes, log))
                action = "create"
            else:
                group = VolunteerGroup.objects.select_for_update().get(pk=row.existing.pk)
                before = audit.snapshot(group, group_services.AUDITED_FIELDS)
                group_services._apply(group, row.data)
                group.full_clean()
                group.save()
                if row.activity_fields is not None:
                    group.activity_fields.set(row.activity_fields)
                changes = audit.diff(group, before, group_services.AUDITED_FIELDS)
                if changes:
                    audit.record(
                        actor=by, action="group.import_update", target=group, changes=_with_log(changes, log)
                    )
                action = "update"
            if row.needs_registration:
                decided = row.status != GroupRegistration.Status.APPLIED
                registration = GroupRegistration(
                    group=group,
                    fiscal_year=row.fiscal_year,
                    status=row.status,
                    members_count=group.members_count,
                    decided_at=timezone.now() if decided else None,
                    decided_by=_actor(by) if decided else None,
                    note=str(log.file_name)[:200],
                )
                registration.full_clean()
                registration.save()
                audit.record(
                    actor=by,
                    action="group.registration.import",
                    target=group,
                    changes=_with_log(
                        {"fiscal_year": [None, row.fiscal_year], "status": [None, row.status]}, log
                    ),
                )
            written.append((VolunteerGroup._meta.label_lower, group.pk, action))
            progress_advance()
    return written


def enrolments_import(*, rows: list[dict], by, log: ImportLog) -> list[tuple[str, int, str]]:
    """ボランティア保険 of a roster: each person through the insurance service's own checks (one per person and
    year), 加入済 with its coverage when the sheet gives the completion day; no one is notified."""
    from config.core.audit import record

    from .. import selectors
    from ..models.insurance import Enrolment, InsuranceStatus
    from .insurance import _matching_volunteer, _new_enrolment, _save_enrolment

    written = []
    for row in rows:
        volunteer = _matching_volunteer(row["name"], row["furigana"], row["birth_date"])
        enrolment = _new_enrolment(
            plan=row["plan"],
            volunteer=volunteer,
            name=row["name"],
            furigana=row["furigana"],
            birth_date=row["birth_date"],
            group=row["group"],
            roster=None,
            via=Enrolment.Via.COUNTER,
            by=by,
        )
        enrolment.receipt_number = row["receipt_number"] or ""
        if row["enrolled_on"]:
            coverage = selectors.coverage_period(
                fiscal_year=enrolment.fiscal_year, completed_on=row["enrolled_on"]
            )
            enrolment.status = InsuranceStatus.ENROLLED
            enrolment.paid_on = enrolment.enrolled_on = row["enrolled_on"]
            enrolment.coverage_start, enrolment.coverage_end = coverage.start, coverage.end
        _save_enrolment(enrolment)
        record(
            actor=by,
            action="insurance_import",
            target=enrolment,
            changes={"plan": str(row["plan"]), **_with_log({}, log)},
        )
        written.append((Enrolment._meta.label_lower, enrolment.pk, "create"))
        progress_advance()
    return written
