"""What happened to a record, in words staff read: a request's history (audit entries and its comment log),
and the audit log of a volunteer or a group."""

import dataclasses
import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from config.core.models import AuditEntry

from ..models import HelpRequest, Introduction, RequestComment

_ACTION_LABELS = {
    "request_create": _("依頼を受付"),
    "request_update": _("依頼内容を変更"),
    "request_status": _("状態を変更"),
    "request_close": _("依頼を終了"),
    "request_reopen": _("依頼を再開"),
    "request_publish": _("募集の公開設定を変更"),
    "introduction_create": _("紹介"),
    "introduction_apply": _("応募"),
    "introduction_status": _("紹介の状態を変更"),
    "introduction_response": _("本人が回答"),
    "request_comment_delete": _("記録を削除"),
}


@dataclasses.dataclass
class HistoryEvent:
    at: datetime.datetime
    actor: str
    title: str
    lines: list[str]
    is_comment: bool = False


def _field_label_and_value(name: str, value) -> tuple[str, str]:
    for model in (HelpRequest, Introduction):
        try:
            field = model._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:  # not a field of this model; try the next
            continue
        if field.choices and value not in (None, ""):
            value = dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            value = _("はい") if value else _("いいえ")
        return str(field.verbose_name), "" if value in (None, "") else str(value)
    labels = {"introducee": _("紹介先"), "introduction": _("紹介番号"), "received_via": _("受付方法")}
    if name == "received_via" and value:
        value = dict(HelpRequest.Via.choices).get(value, value)
    return labels.get(name, name), "" if value in (None, "") else str(value)


def request_history(help_request: HelpRequest) -> list[HistoryEvent]:
    """Everything that happened to a request, oldest first: audit entries and the comment log, in two queries."""
    events = []
    entries = AuditEntry.objects.filter(
        target_type=HelpRequest._meta.label_lower, target_id=help_request.pk
    ).select_related("actor")
    for entry in entries:
        lines = []
        for name, change in sorted(entry.changes.items()):
            if name in ("introduction",):
                continue
            old, new = (change + [None, None])[:2] if isinstance(change, list) else (None, change)
            label, old_text = _field_label_and_value(name, old)
            _label, new_text = _field_label_and_value(name, new)
            if name == "introducee" or old_text == new_text:
                lines.append(f"{label}：{new_text}")
            elif entry.action == "request_create":
                lines.append(f"{label}：{new_text}")
            else:
                lines.append(f"{label}：{old_text or _('（なし）')} → {new_text or _('（なし）')}")
        events.append(
            HistoryEvent(
                entry.at, _name_of(entry.actor), _ACTION_LABELS.get(entry.action, entry.action), lines
            )
        )
    for comment in RequestComment.objects.filter(request=help_request).select_related("author"):
        events.append(
            HistoryEvent(
                comment.created_at, _name_of(comment.author), _("記録"), [comment.body], is_comment=True
            )
        )
    events.sort(key=lambda e: e.at)
    return events


def _name_of(user) -> str:
    if user is None:
        return _("（オンライン申込・不明）")
    return user.get_full_name() or user.get_username()


# A volunteer's or a group's audit log ---------------------------------------------------------------------

RECORD_ACTION_LABELS = {
    "volunteer.register": _("登録の申込"),
    "volunteer.update": _("登録内容の変更"),
    "volunteer.approve": _("承認"),
    "volunteer.status": _("状態の変更"),
    "group.register": _("団体登録の申込"),
    "group.update": _("登録内容の変更"),
    "group.registration.approve": _("年度登録の承認"),
    "group.registration.reject": _("年度登録の不承認"),
}

_OTHER_FIELD_LABELS = {
    "fiscal_year": _("年度"),
    "user_id": _("アカウント"),
    "representative_id": _("代表者のアカウント"),
}


def _record_field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # not a field of this model, e.g. the fiscal_year of a registration
        return str(_OTHER_FIELD_LABELS.get(name, name))


def record_history(target, limit: int = 50) -> list[dict]:
    """The audit log of one record, newest first: who, when, what kind of change, which items (not the values)."""
    entries = AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=target.pk
    ).select_related("actor")[:limit]
    return [
        {
            "at": e.at,
            "actor": e.actor,
            "action": RECORD_ACTION_LABELS.get(e.action, e.action),
            "fields": [_record_field_label(type(target), name) for name in e.changes],
        }
        for e in entries
    ]
