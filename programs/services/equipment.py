"""Writes for equipment loans: kinds and units, reservations by a group or at the counter, check-out, check-in,
cancellations and overdue reminders. The fee is computed in one place, `loan_fee`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import audit
from config.core.dates import closed_days, fiscal_year, long_date, month_day
from config.core.models import Site
from volunteers.models import VolunteerGroup
from volunteers.services.notices import notify

from ..models import UNIT_TAKEN_MESSAGE, EquipmentKind, EquipmentLoan, EquipmentRules, EquipmentUnit
from .rooms import not_registered_message

NO_UNIT_MESSAGE = gettext_lazy(
    "その期間に貸し出せる%(kind)sがありません。空き状況を見て、別の日を選んでください。"
)

KIND_FIELDS = [
    "name",
    "description",
    "photo",
    "fee_per_loan",
    "fee_per_extra_day",
    "deposit",
    "lend_to_groups",
    "lend_to_schools",
    "is_active",
    "sort_order",
]
UNIT_FIELDS = ["kind", "site", "code", "condition", "notes", "in_service", "out_of_service_reason"]


# --- the fee ---------------------------------------------------------------------------------------


def loan_fee(*, kind: EquipmentKind, site: Site, pickup_on: datetime.date, return_on: datetime.date) -> int:
    """The fee of a loan: the kind's fee per loan, plus its fee per extra day for each extra day.

    The fee per loan covers the pick-up day and the next day the site is open, so a unit returned on the next open
    day costs the fee per loan only. Extra days are the days after the pick-up day up to and including the return
    day, less that first one. Under the rule staff set per site (EquipmentRules.charge_closed_days, off by default)
    closed days — weekly closed days, national holidays, the New Year closure, one-off closures — are not counted:
    nobody can return a unit on a day the center is shut.
    """
    if return_on <= pickup_on:
        return kind.fee_per_loan
    days = (return_on - pickup_on).days
    counted = days
    if not EquipmentRules.for_site(site).charge_closed_days:
        counted -= len(closed_days(site, pickup_on + datetime.timedelta(days=1), return_on))
    extra = max(0, counted - 1)
    return kind.fee_per_loan + kind.fee_per_extra_day * extra


# --- checks ----------------------------------------------------------------------------------------


def _closed_message(day: datetime.date, reason: str, what: str) -> str:
    if reason == _("休所日"):
        return _("%(day)sは休所日のため、%(what)sにできません。") % {"day": month_day(day), "what": what}
    return _("%(day)sは休所日（%(reason)s）のため、%(what)sにできません。") % {
        "day": month_day(day),
        "reason": reason,
        "what": what,
    }


def check_loan_dates(
    *,
    site: Site,
    pickup_on: datetime.date,
    return_on: datetime.date,
    today: datetime.date,
    as_staff: bool = False,
) -> None:
    """Pick-up and return on days the site is open, in order, within the site's advance limit and longest loan."""
    rules = EquipmentRules.for_site(site)
    if return_on < pickup_on:
        raise ValidationError(_("返却日は受取日と同じ日か、それより後にしてください。"), code="order")
    if pickup_on < today:
        raise ValidationError(_("過去の日は予約できません。"), code="past")
    if not as_staff and pickup_on > today + datetime.timedelta(days=rules.max_days_ahead):
        raise ValidationError(
            _("受取日は%(days)s日先までで選んでください。") % {"days": rules.max_days_ahead},
            code="too_far",
        )
    days = (return_on - pickup_on).days + 1
    if days > rules.max_loan_days:
        raise ValidationError(
            _("1回に借りられるのは%(max)s日まで（受取日と返却日を含む）です。いまは%(days)s日です。")
            % {"max": rules.max_loan_days, "days": days},
            code="too_long",
        )
    closed = closed_days(site, pickup_on, return_on)
    if pickup_on in closed:
        raise ValidationError(
            _closed_message(pickup_on, closed[pickup_on], _("受取日")), code="closed_pickup"
        )
    if return_on in closed:
        raise ValidationError(
            _closed_message(return_on, closed[return_on], _("返却日")), code="closed_return"
        )


def _check_group(*, group: VolunteerGroup, kind: EquipmentKind, pickup_on: datetime.date) -> None:
    # The fiscal year of the pick-up day, not today's, as for rooms: in March a group books April under next year's.
    if not VolunteerGroup.objects.registered_for(fiscal_year(pickup_on)).filter(pk=group.pk).exists():
        raise ValidationError(not_registered_message(pickup_on), code="not_registered")
    if not kind.lend_to_groups:
        raise ValidationError(
            _("%(kind)sは団体には貸し出していません。") % {"kind": kind.name}, code="not_for_groups"
        )


def free_unit(
    *,
    kind: EquipmentKind,
    site: Site,
    pickup_on: datetime.date,
    return_on: datetime.date,
    today: datetime.date,
) -> EquipmentUnit | None:
    """A unit of the kind at the site that is in service, not overdue, and not held on any of those days."""
    held = EquipmentLoan.objects.active().overlapping(pickup_on, return_on).values("unit_id")
    overdue = EquipmentLoan.objects.overdue(today).values("unit_id")
    return (
        EquipmentUnit.objects.filter(kind=kind, site=site, in_service=True)
        .exclude(pk__in=held)
        .exclude(pk__in=overdue)
        .order_by("code")
        .first()
    )


# --- reservations ----------------------------------------------------------------------------------


def loan_quote(
    *,
    kind: EquipmentKind,
    site: Site,
    group: VolunteerGroup | None = None,
    school_request=None,
    pickup_on: datetime.date,
    return_on: datetime.date,
    as_staff: bool = False,
    today: datetime.date | None = None,
) -> int:
    """Check a reservation as `loan_reserve` will, without writing, and return its fee (shown before confirming).

    A school lesson's or outreach course's unit (school_request, staff only) is the center's own work: no fee."""
    today = today or timezone.localdate()
    if (group is None) == (school_request is None):
        raise ValueError("loan_quote() needs exactly one of group or school_request")
    if not kind.is_active:
        raise ValidationError(_("%(kind)sは現在貸し出していません。") % {"kind": kind.name}, code="inactive")
    check_loan_dates(site=site, pickup_on=pickup_on, return_on=return_on, today=today, as_staff=as_staff)
    if group is not None:
        _check_group(group=group, kind=kind, pickup_on=pickup_on)
    elif not kind.lend_to_schools:
        raise ValidationError(
            _("%(kind)sは学校の授業・出張講座には貸し出していません。") % {"kind": kind.name}, code="not_for_schools"
        )
    if free_unit(kind=kind, site=site, pickup_on=pickup_on, return_on=return_on, today=today) is None:
        raise ValidationError(NO_UNIT_MESSAGE % {"kind": kind.name}, code="none_free")
    if school_request is not None:
        return 0
    return loan_fee(kind=kind, site=site, pickup_on=pickup_on, return_on=return_on)


def loan_reserve(
    *,
    kind: EquipmentKind,
    site: Site,
    group: VolunteerGroup | None = None,
    school_request=None,
    pickup_on: datetime.date,
    return_on: datetime.date,
    purpose: str = "",
    by,
    as_staff: bool = False,
    today: datetime.date | None = None,
) -> EquipmentLoan:
    """Reserve a unit of a kind for a group, or (staff) for a school request; staff pass as_staff (no advance limit).

    The kind's row is locked so that two requests for its last free unit are served one after the other; the
    exclusion constraint is the guarantee if anything else writes a loan at the same time."""
    today = today or timezone.localdate()
    fee = loan_quote(
        kind=kind,
        site=site,
        group=group,
        school_request=school_request,
        pickup_on=pickup_on,
        return_on=return_on,
        as_staff=as_staff,
        today=today,
    )
    with transaction.atomic():
        EquipmentKind.objects.select_for_update().get(pk=kind.pk)
        unit = free_unit(kind=kind, site=site, pickup_on=pickup_on, return_on=return_on, today=today)
        if unit is None:
            raise ValidationError(NO_UNIT_MESSAGE % {"kind": kind.name}, code="none_free")
        loan = EquipmentLoan(
            unit=unit,
            group=group,
            school_request=school_request,
            pickup_on=pickup_on,
            return_on=return_on,
            purpose=purpose,
            fee=fee,
            created_by=by,
        )
        try:
            with transaction.atomic():
                loan.save()
        except IntegrityError as exc:  # another writer took the unit after we looked: the constraint said no
            raise ValidationError(UNIT_TAKEN_MESSAGE, code="overlap") from exc
        audit.record(
            actor=by,
            action="equipment_loan_reserve",
            target=loan,
            changes={
                "unit": [None, unit.code],
                "pickup_on": [None, str(pickup_on)],
                "return_on": [None, str(return_on)],
                "fee": [None, fee],
            },
        )
        if group is None:  # a lesson's unit: the school hears of it in the lesson's confirmation
            return loan
        deadline = loan.cancel_deadline()
        notify(
            group=group,
            subject=_("機材の予約を受け付けました"),
            body=_(
                "%(group)s 様\n\n次のとおり機材の予約を受け付けました。\n\n"
                "品目：%(kind)s（管理番号 %(code)s）\n受取：%(pickup)s %(site)s\n返却：%(return)s\n"
                "貸出料：%(fee)s円%(deposit)s\n\n受け取りの日にセンターの窓口でお支払いください。"
                "取り消しは%(deadline)sまで、団体のページの「機材の貸し出し」からできます。"
            )
            % {
                "group": group.name,
                "kind": kind.name,
                "code": unit.code,
                "pickup": long_date(pickup_on),
                "site": site.name,
                "return": long_date(return_on),
                "fee": f"{fee:,}",
                "deposit": (_("（保証金 %(d)s円は返却時にお返しします）") % {"d": f"{kind.deposit:,}"})
                if kind.deposit
                else "",
                "deadline": long_date(deadline),
            },
        )
    return loan


def loan_cancel(
    *, loan: EquipmentLoan, by, reason: str, as_staff: bool = False, today: datetime.date | None = None
) -> EquipmentLoan:
    """Cancel a reservation, keeping it in history and freeing the unit; a group may cancel only until the deadline."""
    today = today or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("取り消しの理由を入力してください。"), code="reason")
    with transaction.atomic():
        loan = (
            EquipmentLoan.objects.select_for_update(of=("self",))
            .select_related("unit__kind", "unit__site", "group")
            .get(pk=loan.pk)
        )
        if loan.status != EquipmentLoan.Status.RESERVED:
            raise ValidationError(
                _("取り消せるのは、まだ受け取っていない予約だけです。"), code="not_reserved"
            )
        if not as_staff and today > loan.cancel_deadline():
            raise ValidationError(
                _("取り消しの期限（%(deadline)s）を過ぎています。センターに電話でご連絡ください。")
                % {"deadline": long_date(loan.cancel_deadline())},
                code="deadline",
            )
        loan.status = EquipmentLoan.Status.CANCELLED
        loan.cancelled_at = timezone.now()
        loan.cancelled_by = by
        loan.cancel_reason = reason
        loan.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
        audit.record(
            actor=by,
            action="equipment_loan_cancel",
            target=loan,
            changes={"status": ["reserved", "cancelled"], "cancel_reason": [None, reason]},
        )
        if as_staff and loan.group_id:
            notify(
                group=loan.group,
                subject=_("機材の予約が取り消されました"),
                body=_(
                    "%(group)s 様\n\n次の機材の予約はセンターにより取り消されました。\n\n品目：%(kind)s\n"
                    "受取：%(pickup)s\n返却：%(return)s\n理由：%(reason)s"
                )
                % {
                    "group": loan.group.name,
                    "kind": loan.unit.kind.name,
                    "pickup": long_date(loan.pickup_on),
                    "return": long_date(loan.return_on),
                    "reason": reason,
                },
            )
    return loan


# --- at the counter --------------------------------------------------------------------------------


def receipt_number(loan: EquipmentLoan) -> str:
    """領収書番号: the fiscal year of the pick-up day and the loan's number, unique by construction."""
    return f"E{fiscal_year(loan.pickup_on)}-{loan.pk:05d}"


def loan_check_out(
    *,
    loan: EquipmentLoan,
    by,
    condition: str,
    collected_by: str,
    fee_charged: int,
    today: datetime.date | None = None,
) -> EquipmentLoan:
    """Staff hand the unit over: its condition, who collected it, the fee received; a receipt number is issued."""
    today = today or timezone.localdate()
    collected_by = collected_by.strip()
    if not collected_by:
        raise ValidationError(_("受け取った人の名前を入力してください。"), code="collected_by")
    with transaction.atomic():
        loan = (
            EquipmentLoan.objects.select_for_update(of=("self",))
            .select_related("unit", "group")
            .get(pk=loan.pk)
        )
        if loan.status != EquipmentLoan.Status.RESERVED:
            raise ValidationError(
                _("この予約はすでに貸し出したか、取り消されています。"), code="not_reserved"
            )
        if not loan.unit.in_service:
            raise ValidationError(
                _("管理番号 %(code)s は貸出を止めています。予約を取り消して別の機材で予約し直してください。")
                % {"code": loan.unit.code},
                code="out_of_service",
            )
        if today > loan.return_on:
            raise ValidationError(_("返却日を過ぎた予約は貸し出せません。"), code="too_late")
        loan.status = EquipmentLoan.Status.LENT
        loan.checked_out_at = timezone.now()
        loan.checked_out_by = by
        loan.collected_by = collected_by
        loan.condition_out = condition
        loan.fee_charged = fee_charged
        loan.receipt_number = receipt_number(loan)
        loan.save(
            update_fields=[
                "status",
                "checked_out_at",
                "checked_out_by",
                "collected_by",
                "condition_out",
                "fee_charged",
                "receipt_number",
            ]
        )
        audit.record(
            actor=by,
            action="equipment_loan_check_out",
            target=loan,
            changes={
                "status": ["reserved", "lent"],
                "fee_charged": [None, fee_charged],
                "receipt_number": [None, loan.receipt_number],
                "collected_by": [None, collected_by],
            },
        )
    return loan


def loan_check_in(
    *,
    loan: EquipmentLoan,
    by,
    condition: str,
    damage_note: str = "",
    take_out_of_service: bool = False,
) -> EquipmentLoan:
    """Staff take the unit back, noting its condition and any damage; a damaged unit can be taken out of service."""
    damage_note = damage_note.strip()
    if take_out_of_service and not damage_note:
        raise ValidationError(
            _("貸出を止めるときは、破損・不具合の内容を入力してください。"), code="damage_note"
        )
    with transaction.atomic():
        loan = (
            EquipmentLoan.objects.select_for_update(of=("self",))
            .select_related("unit", "group")
            .get(pk=loan.pk)
        )
        if loan.status != EquipmentLoan.Status.LENT:
            raise ValidationError(_("貸出中ではないため、返却を記録できません。"), code="not_lent")
        loan.status = EquipmentLoan.Status.RETURNED
        loan.returned_at = timezone.now()
        loan.returned_by = by
        loan.condition_in = condition
        loan.damage_note = damage_note
        loan.save(update_fields=["status", "returned_at", "returned_by", "condition_in", "damage_note"])
        audit.record(
            actor=by,
            action="equipment_loan_check_in",
            target=loan,
            changes={
                "status": ["lent", "returned"],
                "condition_in": [None, condition],
                "damage_note": [None, damage_note],
            },
        )
        unit = EquipmentUnit.objects.select_for_update().get(pk=loan.unit_id)
        before = audit.snapshot(unit, UNIT_FIELDS)
        unit.condition = condition
        if take_out_of_service:
            unit.in_service = False
            unit.out_of_service_reason = damage_note
        unit.save(update_fields=["condition", "in_service", "out_of_service_reason"])
        audit.record_changes(
            actor=by, action="equipment_unit_update", instance=unit, before=before, fields=UNIT_FIELDS
        )
    return loan


# --- overdue ---------------------------------------------------------------------------------------


def _borrower(loan: EquipmentLoan) -> dict:
    """notify()'s addressee for a loan: the group, or a school lesson's contact teacher."""
    if loan.group_id:
        return {"group": loan.group}
    request = loan.school_request
    return {
        "guest_name": f"{request.organisation} {request.contact_name}"[:50],
        "guest_phone": request.contact_phone,
        "guest_email": request.contact_email,
    }


def overdue_remind(
    *, today: datetime.date | None = None, by=None, dry_run: bool = False
) -> list[EquipmentLoan]:
    """Remind each group whose unit is overdue, once a day: by email, or onto the staff phone/post list."""
    today = today or timezone.localdate()
    reminded = []
    with transaction.atomic():
        loans = (
            EquipmentLoan.objects.overdue(today)
            .exclude(reminded_on=today)
            .select_for_update(of=("self",))
            .select_related("unit__kind", "unit__site", "group", "school_request")
            .order_by("return_on", "pk")
        )
        for loan in loans:
            reminded.append(loan)
            if dry_run:
                continue
            notify(
                **_borrower(loan),
                subject=_("機材の返却日を過ぎています"),
                body=_(
                    "%(group)s 様\n\nお借りいただいている機材の返却日（%(return)s）を過ぎています。"
                    "お早めに%(site)sの窓口へご返却ください。\n\n品目：%(kind)s（管理番号 %(code)s）\n"
                    "受取日：%(pickup)s\n\nすでにご返却の場合は、行き違いをお詫びします。"
                )
                % {
                    "group": loan.borrower_name,
                    "return": long_date(loan.return_on),
                    "site": loan.unit.site.name,
                    "kind": loan.unit.kind.name,
                    "code": loan.unit.code,
                    "pickup": long_date(loan.pickup_on),
                },
            )
            loan.reminded_on = today
            loan.save(update_fields=["reminded_on"])
            audit.record(
                actor=by,
                action="equipment_loan_remind",
                target=loan,
                changes={"reminded_on": [None, str(today)]},
            )
    return reminded


# --- kinds and units -------------------------------------------------------------------------------


def kind_save(*, kind: EquipmentKind, by) -> EquipmentKind:
    """Create or change a kind (its photo through the storage API); audited field by field."""
    kind.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="equipment_kind", instance=kind, fields=KIND_FIELDS)
    return kind


def unit_save(*, unit: EquipmentUnit, by) -> EquipmentUnit:
    """Create or change a unit; audited field by field."""
    if unit.in_service:
        unit.out_of_service_reason = ""
    unit.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="equipment_unit", instance=unit, fields=UNIT_FIELDS)
    return unit


def unit_set_service(*, unit: EquipmentUnit, in_service: bool, reason: str = "", by) -> EquipmentUnit:
    """Take a unit out of service (with a reason) or back into service."""
    unit.in_service = in_service
    unit.out_of_service_reason = "" if in_service else reason.strip()
    if not in_service and not unit.out_of_service_reason:
        raise ValidationError(_("貸出を止める理由を入力してください。"), code="reason")
    return unit_save(unit=unit, by=by)
