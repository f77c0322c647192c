"""One function to record a change to personal data; services call it inside their transaction."""

from django.db import models

from .models import AuditEntry

# Fields whose values are not copied into the log (the log says that they changed, not to what).
SECRET_FIELDS = {"password"}


def diff(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """{field: [old, new]} for the fields that changed, values as strings."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name, None)
        if old != new:
            changes[name] = ["***", "***"] if name in SECRET_FIELDS else [_plain(old), _plain(new)]
    return changes


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    return {name: getattr(instance, name, None) for name in fields}


def record(*, actor, action: str, target: models.Model, changes: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        changes=changes or {},
    )


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)
