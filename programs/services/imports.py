"""Writes for the import of existing records (取り込み): room bookings, locker holders, equipment, and
events with their participants, kept on paper.

The rows were checked and matched by programs/imports.py; these write them in the caller's transaction
(config.core.imports.import_file holds one for the whole file) with the same saves and constraints as the
pages — the rooms' exclusion constraint, the lockers' one holder per year and per-group cap — and an audit
entry naming the import log. Imported history sends no notice.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core import audit
from config.core.imports import bulk_insert, progress_advance
from config.core.models import AuditEntry, ImportLog
from volunteers.models import VolunteerGroup

from ..models import (
    EquipmentKind,
    EquipmentUnit,
    Event,
    EventAttendance,
    EventSignup,
    Locker,
    Room,
    RoomBooking,
)
from .equipment import kind_save, unit_save
from .events import confirmed_people, event_save, session_add
from .lockers import take_locker
from .rooms import _save, aware


def _log_changes(log: ImportLog) -> dict:
    return {"import_log": [None, f"{log.pk} {log.file_name}"]}


def room_bookings_import(
    *,
    rows: list[tuple[Room, VolunteerGroup, list[tuple[datetime.datetime, datetime.datetime]], str]],
    by,
    log: ImportLog,
) -> list[RoomBooking]:
    """Each row's bookings (one, or one a week for a recurring row), saved as the pages save a booking."""
    written = []
    for room, group, times, purpose in rows:
        for start, end in times:
            booking = _save(
                RoomBooking(
                    room=room,
                    group=group,
                    kind=RoomBooking.Kind.GROUP,
                    during=DateTimeTZRange(start, end),
                    purpose=purpose,
                    created_by=by if getattr(by, "is_authenticated", False) else None,
                )
            )
            audit.record(
                actor=by,
                action="room_booking_import",
                target=booking,
                changes={"during": [None, str(booking)], **_log_changes(log)},
            )
            written.append(booking)
        progress_advance()
    return written


def lockers_import(*, rows: list[tuple[Locker, VolunteerGroup, int]], by, log: ImportLog) -> list:
    """Each holder through take_locker (the group's row locked, the cap and the one-holder rule kept)."""
    written = []
    for locker, group, fiscal_year in rows:
        assignment = take_locker(locker=locker, group=group, fiscal_year=fiscal_year, by=by)
        audit.record(
            actor=by,
            action="locker_import",
            target=assignment,
            changes={"group": [None, group.name], **_log_changes(log)},
        )
        written.append(assignment)
        progress_advance()
    return written


def equipment_import(
    *, kinds: dict[str, dict], units: list[tuple[str, dict, EquipmentUnit | None]], by, log: ImportLog
) -> list[tuple[str, int, str]]:
    """Kinds (new, or with changed fees) and units through kind_save and unit_save, each audited by them."""
    written = []
    saved: dict[str, EquipmentKind] = {}
    for name, spec in kinds.items():
        kind = spec["existing"] or EquipmentKind(name=name)
        action = "update" if kind.pk else "create"
        changed = spec["existing"] is None or any(getattr(kind, k) != v for k, v in spec["data"].items())
        for key, value in spec["data"].items():
            setattr(kind, key, value)
        if changed:
            kind_save(kind=kind, by=by)
            audit.record(actor=by, action="equipment_kind_import", target=kind, changes=_log_changes(log))
            written.append((EquipmentKind._meta.label_lower, kind.pk, action))
        saved[name] = kind
    for kind_name, data, existing in units:
        unit = existing or EquipmentUnit()
        action = "update" if unit.pk else "create"
        unit.kind = saved[kind_name]
        for key, value in data.items():
            setattr(unit, key, value)
        unit_save(unit=unit, by=by)
        audit.record(actor=by, action="equipment_unit_import", target=unit, changes=_log_changes(log))
        written.append((EquipmentUnit._meta.label_lower, unit.pk, action))
        progress_advance()
    return written


# --- events and their participants -------------------------------------------------------------------


def capacity_message(*, capacity: int, free: int) -> str:
    return _(
        "定員（%(capacity)s人）を超えるため、参加にできません（残り%(free)s人）。キャンセル待ちにするか、定員を直してください。"
    ) % {"capacity": capacity, "free": max(free, 0)}


@dataclass
class ImportedSignup:
    """One row of an events sheet: its event (stored, or to be made from the row) and its participant, if any."""

    key: tuple
    event: dict[str, Any]
    existing: Any = None  # the stored Event
    person: dict[str, Any] | None = None
    volunteer_id: int | None = None
    status: str | None = None


def events_import(*, rows: list[ImportedSignup], by, log: ImportLog) -> list[tuple[str, int, str]]:
    """New events (through event_save and session_add) and their sign-ups, in the caller's transaction.

    The capacity is kept as the sign-up service keeps it: each event's row is locked (select_for_update) and
    its confirmed people counted inside the lock before its sign-ups are inserted, so a sign-up made online
    since the preview is counted; a sheet that no longer fits raises and nothing is written. The one sign-up
    per person rule is the database's (programs_eventsignup_one_per_*). Imported history sends no notice."""
    written: list[tuple[str, int, str]] = []
    events: dict[tuple, Event] = {}
    for row in rows:
        if row.existing is not None:
            events.setdefault(row.key, row.existing)
            continue
        if row.key in events:
            continue
        spec = row.event
        event = event_save(
            event=Event(
                event_type_id=spec["event_type"],
                title=spec["title"],
                place=spec["place"],
                capacity=spec["capacity"],
                audience=Event.Audience.ANYONE,
                is_published=False,
            ),
            by=by,
        )
        session_add(
            event=event,
            starts_at=aware(spec["day"], datetime.time.fromisoformat(spec["start"])),
            ends_at=aware(spec["day"], datetime.time.fromisoformat(spec["end"])),
            by=by,
        )
        audit.record(actor=by, action="event_import", target=event, changes=_log_changes(log))
        events[row.key] = event
        written.append((Event._meta.label_lower, event.pk, "create"))

    progress_advance(sum(1 for row in rows if row.person is None))
    by_event: dict[int, list[ImportedSignup]] = {}
    for row in rows:
        if row.person is not None:
            by_event.setdefault(events[row.key].pk, []).append(row)
    actor = by if getattr(by, "is_authenticated", False) else None
    for event_pk, event_rows in by_event.items():
        event = Event.objects.select_for_update().get(pk=event_pk)
        free = event.capacity - confirmed_people(event)
        signups = []
        for row in event_rows:
            if row.status == EventSignup.Status.CONFIRMED:
                if row.person["people"] > free:
                    raise ValidationError(
                        capacity_message(capacity=event.capacity, free=free), code="capacity"
                    )
                free -= row.person["people"]
            p = row.person
            volunteer = row.volunteer_id is not None
            signups.append(
                EventSignup(
                    event=event,
                    volunteer_id=row.volunteer_id,
                    guest_name="" if volunteer else p["name"],
                    guest_furigana="" if volunteer else p["furigana"],
                    guest_email="" if volunteer else p["email"],
                    guest_phone="" if volunteer else p["phone"],
                    people=p["people"],
                    status=row.status,
                    cancelled_at=timezone.now() if row.status == EventSignup.Status.CANCELLED else None,
                )
            )
        try:
            with transaction.atomic():
                bulk_insert(EventSignup, signups)
        except IntegrityError as exc:
            raise ValidationError(
                _("この講座・イベントにはすでに申し込んでいます。"), code="duplicate"
            ) from exc
        sessions = list(event.sessions.filter(cancelled_at__isnull=True).values_list("pk", flat=True))
        attendances = [
            EventAttendance(
                session_id=session, signup=signup, attended=row.person["attended"], recorded_by=actor
            )
            for signup, row in zip(signups, event_rows, strict=True)
            if row.person["attended"] is not None
            for session in sessions
        ]
        bulk_insert(EventAttendance, attendances)
        bulk_insert(
            AuditEntry,
            [
                AuditEntry(
                    actor=actor,
                    action="event_signup_import",
                    target_type=EventSignup._meta.label_lower,
                    target_id=signup.pk,
                    changes={"status": [None, signup.status], **_log_changes(log)},
                )
                for signup in signups
            ],
        )
        written += [(EventSignup._meta.label_lower, signup.pk, "create") for signup in signups]
        progress_advance(len(signups))
    return written
