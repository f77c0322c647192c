"""One function to record a change to personal data; services call it inside their transaction."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

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


# What staff read on a record's page --------------------------------------------------------------------------

# Actions in words; an action not listed is shown by its code (a new service adds its line here).
ACTION_LABELS = {
    "consultation_create": _("相談を受付"),
    "consultation_update": _("相談の記録を変更"),
    "insurance_apply": _("保険の申込"),
    "insurance_roster_apply": _("名簿で申込"),
    "insurance_paid": _("入金確認"),
    "insurance_enrolled": _("加入手続きの完了"),
    "insurance_cancelled": _("取消"),
    "event_insurance_apply": _("行事保険の申込"),
    "event_insurance_paid": _("入金確認"),
    "event_insurance_enrolled": _("加入手続きの完了"),
    "event_insurance_cancelled": _("取消"),
    "equipment_loan_reserve": _("貸出の予約"),
    "equipment_loan_check_out": _("貸し出し"),
    "equipment_loan_check_in": _("返却"),
    "equipment_loan_cancel": _("予約の取消"),
    "equipment_loan_remind": _("延滞の連絡"),
    "event_save": _("講座・イベントの登録・変更"),
    "event_cancel": _("講座・イベントの中止"),
    "event_session_add": _("日程の追加"),
    "event_session_cancel": _("日程の中止"),
    "event_signup": _("申込"),
    "event_signup_cancel": _("申込の取消"),
    "event_signup_promote": _("キャンセル待ちから繰り上げ"),
    "event_signup_called": _("電話で連絡"),
    "room_booking_create": _("予約"),
    "room_booking_cancel": _("予約の取消"),
    "volunteer.anonymise": _("匿名化"),
    "notice_handled": _("連絡済みにした"),
    # The import (取り込み, config/core/imports.py): each entry names its ImportLog, linked from the history.
    "volunteer.import": _("取り込み（新規）"),
    "volunteer.import_update": _("取り込み（更新）"),
    "group.import": _("取り込み（新規）"),
    "group.import_update": _("取り込み（更新）"),
    "group.registration.import": _("取り込み（団体登録）"),
    "insurance_import": _("取り込み（保険）"),
    "room_booking_import": _("取り込み（予約）"),
    "locker_import": _("取り込み（ロッカー）"),
    "equipment_kind_import": _("取り込み（品目）"),
    "equipment_unit_import": _("取り込み（機材）"),
    "event_import": _("取り込み（講座・イベント）"),
    "event_signup_import": _("取り込み（参加申込）"),
}


def _field_label(model, name: str) -> str:
    if name == "import_log":
        return str(_("取り込みの記録"))
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:  # a name of the service's own (a range, a count): shown as recorded
        return name


def history(target: models.Model, limit: int = 50) -> list[dict]:
    """The audit log of one record, newest first: who, when, what kind of change and which items (not the
    values: the page is read by every staff member, the values stay in the log for those who must know)."""
    entries = AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=target.pk).select_related(
        "actor"
    )[:limit]
    return [
        {
            "at": e.at,
            "actor": e.actor,
            "action": ACTION_LABELS.get(e.action, e.action),
            "fields": [_field_label(type(target), name) for name in e.changes],
            "import_log": _import_log_id(e.changes),
        }
        for e in entries
    ]


def _import_log_id(changes: dict) -> int | None:
    """The ImportLog an import's entry names ([None, "<id> <file name>"]), for the link in the history."""
    value = changes.get("import_log")
    if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str):
        head = value[1].split(" ", 1)[0]
        return int(head) if head.isdigit() else None
    return None
