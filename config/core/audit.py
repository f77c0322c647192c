"""One function to record a change to personal data; services call it inside their transaction."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditEntry

# Fields whose values are not copied into the log (the log says that they changed, not to what).
SECRET_FIELDS = {"password"}


def _value(instance: models.Model, name: str):
    """A field's value; for a many-to-many field, the sorted names of what it holds."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.many_to_many:
        return sorted(str(obj) for obj in getattr(instance, name).all()) if instance.pk else []
    return getattr(instance, name, None)


def diff(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """{field: [old, new]} for the fields that changed, values as strings (many-to-many as name lists)."""
    changes = {}
    for name in fields:
        old, new = before.get(name), _value(instance, name)
        if old is None and new == []:
            continue
        if old != new:
            changes[name] = ["***", "***"] if name in SECRET_FIELDS else [_plain(old), _plain(new)]
    return changes


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    return {name: _value(instance, name) for name in fields}


def record(*, actor, action: str, target: models.Model, changes: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        changes=changes or {},
    )


def record_changes(
    *, actor, action: str, instance: models.Model, before: dict, fields: list[str], target: models.Model | None = None
) -> dict:
    """Diff instance against a snapshot and record what changed (nothing when nothing did); returns the changes."""
    changes = diff(instance, before, fields)
    if changes:
        record(actor=actor, action=action, target=target or instance, changes=changes)
    return changes


def save_recorded(*, actor, action: str, instance: models.Model, fields: list[str]) -> dict:
    """Save a new or changed row and record it: `<action>_create` with every field, or `<action>_update`
    with what changed (nothing recorded when nothing did). Call it inside the service's transaction."""
    if instance.pk is None:
        instance.save()
        changes = diff(instance, {}, fields)
        record(actor=actor, action=f"{action}_create", target=instance, changes=changes)
        return changes
    before = snapshot(type(instance)._default_manager.get(pk=instance.pk), fields)
    instance.save()
    return record_changes(actor=actor, action=f"{action}_update", instance=instance, before=before, fields=fields)


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def scrub(*, target_type: str, target_ids, keep: tuple[str, ...] = ()) -> int:
    """Blank the recorded values of an anonymised record's history (the entries stay: who did what, when);
    fields in `keep` (counts, dates, statuses) keep their values. Returns how many entries changed."""
    changed = 0
    for entry in AuditEntry.objects.filter(target_type=target_type, target_id__in=list(target_ids)):
        changes = {
            name: values if name in keep else ["***", "***"] for name, values in (entry.changes or {}).items()
        }
        if changes != entry.changes:
            entry.changes = changes
            entry.save(update_fields=["changes"])
            changed += 1
    return changed
