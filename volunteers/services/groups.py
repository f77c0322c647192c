"""Writes about groups: registration for a fiscal year, renewal, approval, representative accounts."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import audit, roles
from config.core.dates import fiscal_year_label, fiscal_year_wareki, month_day
from config.core.normalize import kana_search_key

from ..models import ActivityField, GroupRegistration, GroupRenewalPeriod, VolunteerGroup
from .accounts import account_create, account_welcome
from .notices import notify
from .people import PRIVACY_POLICY_VERSION

GROUP_FIELDS = [
    "name",
    "name_kana",
    "representative_name",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_postal_code",
    "contact_address",
    "members_count",
    "activity_area",
    "meeting_place",
    "meeting_days",
    "description",
    "listed_publicly",
]
AUDITED_FIELDS = [*GROUP_FIELDS, "representative_id", "staff_note", "activity_fields"]
ALREADY_APPLIED = gettext_lazy("この団体の%(year)sの登録はすでに申請済みです。")
NOT_OPEN_YET = gettext_lazy("%(year)sの登録更新は%(day)sから受け付けます。")
NOT_RENEWABLE = gettext_lazy("%(year)sの登録は、いまは申請できません。センターへお問い合わせください。")


def _apply(group: VolunteerGroup, data: dict[str, Any]) -> None:
    for name in GROUP_FIELDS:
        if name in data:
            setattr(group, name, data[name] if data[name] is not None else "")
    if "staff_note" in data:
        group.staff_note = data["staff_note"]
    group.name_kana_key = kana_search_key(group.name_kana)


def group_register(
    *,
    data: dict[str, Any],
    activity_fields: Iterable[ActivityField],
    fiscal_year: int,
    by,
    representative=None,
) -> GroupRegistration:
    """A new group and its application (申請中) for a fiscal year, online or entered by staff."""
    activity_fields = list(activity_fields)
    group = VolunteerGroup(representative=representative)
    _apply(group, data)
    group.consent_at = timezone.now()
    group.consent_policy_version = PRIVACY_POLICY_VERSION
    group.full_clean()
    with transaction.atomic():
        group.save()
        group.activity_fields.set(activity_fields)
        registration = GroupRegistration(
            group=group, fiscal_year=fiscal_year, members_count=group.members_count
        )
        registration.full_clean()
        registration.save()
        changes = audit.diff(group, {}, AUDITED_FIELDS)
        audit.record(actor=by, action="group.register", target=group, changes=changes)
    return registration


def group_update(
    *, group: VolunteerGroup, data: dict[str, Any], activity_fields: Iterable[ActivityField], by
) -> VolunteerGroup:
    """Change a group's details (staff)."""
    activity_fields = list(activity_fields)
    with transaction.atomic():
        group = VolunteerGroup.objects.select_for_update().get(pk=group.pk)
        before = audit.snapshot(group, AUDITED_FIELDS)
        _apply(group, data)
        group.full_clean()
        group.save()
        group.activity_fields.set(activity_fields)
        audit.record_changes(
            actor=by, action="group.update", instance=group, before=before, fields=AUDITED_FIELDS
        )
    return group


def group_renew(
    *,
    group: VolunteerGroup,
    data: dict[str, Any],
    activity_fields: Iterable[ActivityField],
    fiscal_year: int,
    by,
    today: datetime.date | None = None,
) -> GroupRegistration:
    """Renew a group for a fiscal year (更新申請): its details as confirmed on the renewal form, and a new application.

    Open for this fiscal year while the group has no registration for it, and for the next one from the
    opening date staff set (GroupRenewalPeriod, by default 1 February).
    """
    from ..selectors.groups import group_renewal

    renewal = group_renewal(group, today)
    if not renewal.can_renew(fiscal_year):
        label = fiscal_year_wareki(fiscal_year)
        if fiscal_year in (renewal.fiscal_year, renewal.next_year) and (
            (renewal.current if fiscal_year == renewal.fiscal_year else renewal.next) is not None
        ):
            raise ValidationError(ALREADY_APPLIED, code="already_applied", params={"year": fiscal_year_label(fiscal_year)})
        if fiscal_year == renewal.next_year:
            raise ValidationError(
                NOT_OPEN_YET,
                code="not_open",
                params={"year": label, "day": month_day(renewal.opens_on)},
            )
        raise ValidationError(NOT_RENEWABLE, code="not_renewable", params={"year": label})
    try:
        with transaction.atomic():
            group = group_update(group=group, data=data, activity_fields=activity_fields, by=by)
            registration = GroupRegistration(
                group=group, fiscal_year=fiscal_year, members_count=group.members_count
            )
            registration.full_clean()
            registration.save()
            audit.record(
                actor=by,
                action="group.renew",
                target=group,
                changes={"fiscal_year": [None, fiscal_year], "members_count": [None, registration.members_count]},
            )
    except IntegrityError as exc:  # the unique constraint: a concurrent or repeated renewal
        raise ValidationError(
            ALREADY_APPLIED, code="already_applied", params={"year": fiscal_year_label(fiscal_year)}
        ) from exc
    return registration


def group_registration_approve(*, registration: GroupRegistration, by, site_url: str) -> GroupRegistration:
    """Staff approve a year's registration; a group without a representative account gets one."""
    with transaction.atomic():
        registration = (
            GroupRegistration.objects.select_for_update(of=("self",))
            .select_related("group")
            .get(pk=registration.pk)
        )
        if registration.status != GroupRegistration.Status.APPLIED:
            raise ValidationError(_("申請中の登録だけを承認できます。"), code="not_applied")
        registration.status = GroupRegistration.Status.APPROVED
        registration.decided_at = timezone.now()
        registration.decided_by = by
        registration.save(update_fields=["status", "decided_at", "decided_by"])
        group = (
            VolunteerGroup.objects.select_for_update(of=("self",))
            .select_related("representative")
            .get(pk=registration.group_id)
        )
        audit.record(
            actor=by,
            action="group.registration.approve",
            target=group,
            changes={"fiscal_year": [None, registration.fiscal_year], "status": ["applied", "approved"]},
        )
        label = fiscal_year_label(registration.fiscal_year)
        greeting = (
            _("%(group)s %(name)s 様") % {"group": group.name, "name": group.representative_name}
            + "\n\n"
            + _("%(year)sの団体登録が完了しました。") % {"year": label}
        )
        if group.representative is None:
            group.representative = account_create(
                prefix="g",
                number=group.pk,
                name=group.representative_name,
                email=group.contact_email,
                role=roles.GROUP_REP,
                by=by,
            )
            group.save(update_fields=["representative"])
            audit.record(
                actor=by,
                action="group.update",
                target=group,
                changes={"representative_id": [None, group.representative_id]},
            )
        else:
            group.representative.groups.add(Group.objects.get_or_create(name=roles.GROUP_REP)[0])
        account_welcome(
            user=group.representative,
            group=group,
            subject=_("%(year)sの団体登録が完了しました") % {"year": label},
            greeting=greeting + "\n" + _("マイページから団体のページをご覧いただけます。"),
            site_url=site_url,
        )
    return registration


def group_registration_reject(*, registration: GroupRegistration, by, note: str) -> GroupRegistration:
    """Staff decline a year's application, with the reason in the note."""
    if not note.strip():
        raise ValidationError(_("不承認の理由を入力してください。"), code="no_reason")
    with transaction.atomic():
        registration = (
            GroupRegistration.objects.select_for_update(of=("self",))
            .select_related("group")
            .get(pk=registration.pk)
        )
        if registration.status != GroupRegistration.Status.APPLIED:
            raise ValidationError(_("申請中の登録だけを不承認にできます。"), code="not_applied")
        registration.status = GroupRegistration.Status.REJECTED
        registration.decided_at = timezone.now()
        registration.decided_by = by
        registration.note = note.strip()[:200]
        registration.save(update_fields=["status", "decided_at", "decided_by", "note"])
        audit.record(
            actor=by,
            action="group.registration.reject",
            target=registration.group,
            changes={"fiscal_year": [None, registration.fiscal_year], "status": ["applied", "rejected"]},
        )
        notify(
            group=registration.group,
            subject=_("%(year)sの団体登録について") % {"year": fiscal_year_label(registration.fiscal_year)},
            body=_("%(group)s 様\n\n団体登録の申請を承認できませんでした。\n理由：%(note)s\n\nご不明な点はセンターへお問合せください。")
            % {"group": registration.group.name, "note": registration.note},
        )
    return registration


def renewal_period_set(*, fiscal_year: int, opens_on: datetime.date, by) -> GroupRenewalPeriod:
    """Staff set the day renewal for a fiscal year opens (default 1 February); the change is in the audit log."""
    with transaction.atomic():
        period = GroupRenewalPeriod.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
        before = audit.snapshot(period, ["opens_on"]) if period else {}
        if period is None:
            period = GroupRenewalPeriod(fiscal_year=fiscal_year)
        period.opens_on = opens_on
        period.updated_by = by if getattr(by, "is_authenticated", False) else None
        period.full_clean()
        period.save()
        audit.record_changes(actor=by, action="group.renewal_period", instance=period, before=before, fields=["opens_on"])
    return period
