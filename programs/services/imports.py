"""Writes for the import of existing records (取り込み): room bookings and locker holders kept on paper.

The rows were checked and matched by programs/imports.py; these write them in the caller's transaction
(config.core.imports.import_file holds one for the whole file) with the same saves and constraints as the
pages — the rooms' exclusion constraint, the lockers' one holder per year and per-group cap — and an audit
entry naming the import log. Imported history sends no notice.
"""

import datetime

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from config.core import audit
from config.core.models import ImportLog
from volunteers.models import VolunteerGroup

from ..models import EquipmentKind, EquipmentUnit, Locker, Room, RoomBooking
from .equipment import kind_save, unit_save
from .lockers import take_locker
from .rooms import _save


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
    return written
