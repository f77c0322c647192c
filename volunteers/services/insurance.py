"""Writes for insurance enrolment: products per year, applications (my page, roster, counter), payment, completion, cancellation, renewal.

The one-per-person-per-year rule is the database's (volunteers_enrolment_one_per_person_per_year); the
services check it first only to word the common case, and turn a lost race into the same message.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core import pagecache
from config.core.audit import record
from config.core.dates import fiscal_year, fiscal_year_label, long_date
from config.core.search import kana_key, name_key

from .. import selectors
from ..models import Volunteer, VolunteerGroup
from ..models.insurance import (
    Enrolment,
    EventInsurance,
    InsuranceKind,
    InsurancePlan,
    InsuranceStatus,
    InsuranceYear,
    Roster,
)
from ..models.notices import Notice
from .notices import notify

ROSTER_LIMIT = 200


def _duplicate_message() -> str:
    return _("この方はこの年度のボランティア保険にすでに申込・加入しています。")


# --- products --------------------------------------------------------------------------------------


def plans_copy_year(*, from_year: int, to_year: int, by) -> list[InsurancePlan]:
    """Copy a year's products (and its settings) to another year; products already there are kept as they are."""
    if to_year == from_year:
        raise ValidationError(_("コピー先は別の年度にしてください。"), code="same_year")
    source = list(InsurancePlan.objects.filter(fiscal_year=from_year))
    if not source:
        raise ValidationError(
            _("%(year)sの商品はまだありません。") % {"year": fiscal_year_label(from_year)}, code="empty"
        )
    with transaction.atomic():
        existing = set(InsurancePlan.objects.filter(fiscal_year=to_year).values_list("kind", "name"))
        created = []
        for plan in source:
            if (plan.kind, plan.name) in existing:
                continue
            copy = InsurancePlan(
                fiscal_year=to_year,
                kind=plan.kind,
                name=plan.name,
                rate=plan.rate,
                rate_unit=plan.rate_unit,
                description=plan.description,
                is_sample=plan.is_sample,
                sort_order=plan.sort_order,
            )
            copy.save()
            record(actor=by, action="insurance_plan_copy", target=copy, changes={"from": plan.pk})
            created.append(copy)
        old = InsuranceYear.objects.filter(fiscal_year=from_year).first()
        if old and not InsuranceYear.objects.filter(fiscal_year=to_year).exists():
            opens = old.applications_open_on
            InsuranceYear.objects.create(
                fiscal_year=to_year,
                applications_open_on=opens.replace(year=opens.year + to_year - from_year),
                event_lead_days=old.event_lead_days,
            )
    return created


def insurance_year_set(
    *, fiscal_year: int, applications_open_on: datetime.date, event_lead_days: int, by
) -> InsuranceYear:
    """Staff set the March day applications for a year open, and the 行事保険 lead days."""
    row = InsuranceYear.objects.filter(fiscal_year=fiscal_year).first() or InsuranceYear(
        fiscal_year=fiscal_year
    )
    before = {
        "applications_open_on": str(row.applications_open_on or ""),
        "event_lead_days": row.event_lead_days,
    }
    row.applications_open_on, row.event_lead_days = applications_open_on, event_lead_days
    row.full_clean()
    row.save()
    record(
        actor=by,
        action="insurance_year_set",
        target=row,
        changes={
            "applications_open_on": [before["applications_open_on"], str(applications_open_on)],
            "event_lead_days": [before["event_lead_days"], event_lead_days],
        },
    )
    return row


# --- who a person is -------------------------------------------------------------------------------


def person_key(
    *, volunteer: Volunteer | None, name: str, furigana: str, birth_date: datetime.date | None
) -> str:
    """How the one-per-year rule tells people apart (see the models' docstring)."""
    if volunteer is not None:
        return f"v:{volunteer.pk}"
    return f"p:{kana_key(furigana)}:{birth_date or ''}:{name_key(name)}"


def _matching_volunteer(name: str, furigana: str, birth_date: datetime.date | None) -> Volunteer | None:
    if birth_date is None:
        return None
    return (
        Volunteer.objects.filter(
            name_key=name_key(name), furigana_key=kana_key(furigana), birth_date=birth_date
        )
        .exclude(status="withdrawn")
        .first()
    )


# --- ボランティア保険 -------------------------------------------------------------------------------


def _check_plan(plan: InsurancePlan, kind: str, fy: int | None = None) -> None:
    if plan is None or plan.kind != kind or (fy is not None and plan.fiscal_year != fy):
        raise ValidationError(_("プランは一覧から選んでください。"), code="unknown_plan")


def _check_year_open(fy: int, today: datetime.date) -> None:
    if fy not in selectors.open_fiscal_years(today):
        raise ValidationError(
            _("%(year)sの申込はいま受け付けていません。") % {"year": fiscal_year_label(fy)}, code="closed"
        )


def _new_enrolment(*, plan, volunteer, name, furigana, birth_date, group, roster, via, by) -> Enrolment:
    if volunteer is not None:
        name, furigana, birth_date = volunteer.name, volunteer.furigana, volunteer.birth_date
    return Enrolment(
        fiscal_year=plan.fiscal_year,
        plan=plan,
        volunteer=volunteer,
        person_name=name,
        person_furigana=furigana,
        birth_date=birth_date,
        name_key=name_key(name),
        furigana_key=kana_key(furigana),
        person_key=person_key(volunteer=volunteer, name=name, furigana=furigana, birth_date=birth_date),
        group=group,
        roster=roster,
        via=via,
        premium=plan.premium_for(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _save_enrolment(enrolment: Enrolment) -> None:
    if (
        Enrolment.objects.active()
        .filter(person_key=enrolment.person_key, fiscal_year=enrolment.fiscal_year)
        .exists()
    ):
        raise ValidationError(_duplicate_message(), code="duplicate")
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:  # a simultaneous application won the race
        raise ValidationError(_duplicate_message(), code="duplicate") from exc


def enrolment_apply(
    *,
    plan: InsurancePlan,
    by,
    via: str,
    volunteer: Volunteer | None = None,
    name: str = "",
    furigana: str = "",
    birth_date: datetime.date | None = None,
    group: VolunteerGroup | None = None,
    today: datetime.date | None = None,
) -> Enrolment:
    """Apply for one person (a registered volunteer, or a name + furigana + birth date) for the plan's fiscal year."""
    today = today or timezone.localdate()
    _check_plan(plan, InsuranceKind.VOLUNTEER)
    _check_year_open(plan.fiscal_year, today)
    if volunteer is not None and volunteer.status == "withdrawn":
        raise ValidationError(_("退会した方は加入できません。"), code="withdrawn")
    if via == Enrolment.Via.MYPAGE and volunteer is not None and volunteer.status != "registered":
        raise ValidationError(
            _("マイページからの申込は、登録が済んだボランティアの方が対象です。"), code="not_registered"
        )
    if volunteer is None:
        if not (name and furigana and birth_date):
            raise ValidationError(
                _("登録ボランティアでない方は、氏名・フリガナ・生年月日を入力してください。"), code="identity"
            )
        volunteer = _matching_volunteer(name, furigana, birth_date)
    enrolment = _new_enrolment(
        plan=plan,
        volunteer=volunteer,
        name=name,
        furigana=furigana,
        birth_date=birth_date,
        group=group,
        roster=None,
        via=via,
        by=by,
    )
    _save_enrolment(enrolment)
    record(actor=by, action="insurance_apply", target=enrolment, changes={"plan": str(plan), "via": via})
    return enrolment


@dataclass(frozen=True)
class RosterLine:
    number: int
    name: str
    furigana: str
    birth_date: datetime.date


def roster_apply(
    *,
    group: VolunteerGroup,
    plan: InsurancePlan,
    lines: list[RosterLine],
    by,
    today: datetime.date | None = None,
) -> Roster:
    """A representative's roster, all or nothing: one bad or duplicate line and no line is saved."""
    today = today or timezone.localdate()
    _check_plan(plan, InsuranceKind.VOLUNTEER)
    _check_year_open(plan.fiscal_year, today)
    if not lines:
        raise ValidationError(_("名簿に1人以上入力してください。"), code="empty")
    if len(lines) > ROSTER_LIMIT:
        raise ValidationError(
            _("一度に申込できるのは%(n)s人までです。") % {"n": ROSTER_LIMIT}, code="too_many"
        )
    errors = []
    with transaction.atomic():
        roster = Roster.objects.create(group=group, fiscal_year=plan.fiscal_year, plan=plan, submitted_by=by)
        enrolments, seen = [], {}
        for line in lines:
            volunteer = _matching_volunteer(line.name, line.furigana, line.birth_date)
            e = _new_enrolment(
                plan=plan,
                volunteer=volunteer,
                name=line.name,
                furigana=line.furigana,
                birth_date=line.birth_date,
                group=group,
                roster=roster,
                via=Enrolment.Via.ROSTER,
                by=by,
            )
            if e.person_key in seen:
                errors.append(
                    _("%(n)s行目：%(m)s行目と同じ方です。") % {"n": line.number, "m": seen[e.person_key]}
                )
            seen[e.person_key] = line.number
            enrolments.append((line, e))
        taken = set(
            Enrolment.objects.active()
            .filter(fiscal_year=plan.fiscal_year, person_key__in=list(seen))
            .values_list("person_key", flat=True)
        )
        for line, e in enrolments:
            if e.person_key in taken:
                errors.append(
                    _("%(n)s行目：%(name)sさんはこの年度にすでに申込・加入しています。")
                    % {"n": line.number, "name": line.name}
                )
        if errors:
            transaction.set_rollback(True)
            raise ValidationError(errors, code="roster")
        try:
            with transaction.atomic():
                Enrolment.objects.bulk_create([e for _line, e in enrolments])
            # bulk_create sends no signal: the plans' insurance numbers change.
            pagecache.bump(pagecache.RECORDS)
        except IntegrityError as exc:
            transaction.set_rollback(True)
            raise ValidationError(
                _("名簿の中に、同時に別の申込があった方がいます。もう一度お試しください。"), code="duplicate"
            ) from exc
        record(
            actor=by,
            action="insurance_roster_apply",
            target=roster,
            changes={"members": len(enrolments), "plan": str(plan)},
        )
    return roster


def enrolment_renew(*, volunteer: Volunteer, by, today: datetime.date | None = None) -> Enrolment:
    """One-click renewal: last year's plan (by name) for the year now taking applications."""
    last = selectors.renewal_offer(volunteer, today)
    if last is None:
        raise ValidationError(_("いま更新できる加入はありません。"), code="nothing")
    target = selectors.preferred_fiscal_year(today)
    plan = selectors.plans_for(target, InsuranceKind.VOLUNTEER).get(name=last.plan.name)
    return enrolment_apply(
        plan=plan, volunteer=volunteer, group=last.group, via=Enrolment.Via.MYPAGE, by=by, today=today
    )


# --- the status flow, shared by both kinds ----------------------------------------------------------


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _confirm_payment(obj, *, receipt_number: str, paid_on: datetime.date, by, action: str):
    with transaction.atomic():
        row = _locked(obj)
        if row.status != InsuranceStatus.APPLIED:
            raise ValidationError(_("入金を確認できるのは「申込」の状態のときだけです。"), code="status")
        if not receipt_number.strip():
            raise ValidationError(_("領収書番号を入力してください。"), code="receipt")
        row.status, row.receipt_number, row.paid_on = InsuranceStatus.PAID, receipt_number.strip(), paid_on
        row.full_clean(validate_unique=False)
        row.save(update_fields=["status", "receipt_number", "paid_on"])
        record(
            actor=by,
            action=action,
            target=row,
            changes={"receipt_number": row.receipt_number, "paid_on": str(paid_on), "premium": row.premium},
        )
    return row


def _cancel(obj, *, reason: str, by, action: str):
    with transaction.atomic():
        row = _locked(obj)
        if row.status == InsuranceStatus.CANCELLED:
            raise ValidationError(_("すでに取り消されています。"), code="status")
        before = row.status
        row.status, row.cancelled_at, row.cancel_reason = InsuranceStatus.CANCELLED, timezone.now(), reason
        row.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        record(
            actor=by, action=action, target=row, changes={"status": [before, row.status], "reason": reason}
        )
    return row


def enrolment_confirm_payment(
    *, enrolment: Enrolment, receipt_number: str, paid_on: datetime.date, by, complete: bool = False
) -> Enrolment:
    """入金確認: the premium received and its receipt number; with complete, 加入済 at once (the counter's usual case)."""
    row = _confirm_payment(
        enrolment, receipt_number=receipt_number, paid_on=paid_on, by=by, action="insurance_paid"
    )
    if complete:
        row = enrolment_complete(enrolment=row, completed_on=paid_on, by=by)
    return row


def enrolment_complete(*, enrolment: Enrolment, completed_on: datetime.date, by) -> Enrolment:
    """加入済: coverage from the day after completion to 31 March (selectors.coverage_period), and the person is told."""
    with transaction.atomic():
        row = _locked(enrolment)
        if row.status != InsuranceStatus.PAID:
            raise ValidationError(_("加入済にできるのは入金確認のあとです。"), code="status")
        coverage = selectors.coverage_period(fiscal_year=row.fiscal_year, completed_on=completed_on)
        row.status, row.enrolled_on = InsuranceStatus.ENROLLED, completed_on
        row.coverage_start, row.coverage_end = coverage.start, coverage.end
        row.save(update_fields=["status", "enrolled_on", "coverage_start", "coverage_end"])
        record(
            actor=by,
            action="insurance_enrolled",
            target=row,
            changes={
                "coverage": [str(coverage.start), str(coverage.end)],
            },
        )
        # Someone who applied online is told; at the counter (or through a roster) they have the receipt in hand,
        # and a phone/post note for each of thousands of counter enrolments would bury the staff list.
        if row.volunteer_id and row.via == Enrolment.Via.MYPAGE:
            notify(
                volunteer=row.volunteer,
                subject=_("ボランティア保険の加入手続きが完了しました"),
                body=_(
                    "%(name)s様\n\n%(year)sのボランティア保険（%(plan)s）の加入手続きが完了しました。\n補償期間：%(start)s〜%(end)s"
                )
                % {
                    "name": row.person_name,
                    "year": fiscal_year_label(row.fiscal_year),
                    "plan": row.plan.name,
                    "start": long_date(coverage.start),
                    "end": long_date(coverage.end),
                },
            )
    return row


def enrolment_cancel(*, enrolment: Enrolment, reason: str, by) -> Enrolment:
    """取消: the row stays (with the reason); the person may apply again for that year."""
    return _cancel(enrolment, reason=reason, by=by, action="insurance_cancelled")


# --- 行事保険 -------------------------------------------------------------------------------------


def event_apply(
    *,
    group: VolunteerGroup,
    plan: InsurancePlan,
    event_name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str,
    participants: int,
    by,
    today: datetime.date | None = None,
) -> EventInsurance:
    """A group's 行事保険 application: the premium from plan.premium_for, the staff-set lead days before the event."""
    today = today or timezone.localdate()
    if starts_on < today:
        raise ValidationError(_("行事の日付が過ぎています。これからの行事を入力してください。"), code="past")
    fy = fiscal_year(starts_on)
    _check_plan(plan, InsuranceKind.EVENT)
    if plan.fiscal_year != fy:
        raise ValidationError(
            _("行事の日付は%(year)sです。%(year)sの保険の種類を選んでください。")
            % {"year": fiscal_year_label(fy)},
            code="plan_year",
        )
    deadline = selectors.event_deadline(starts_on)
    if today > deadline:
        raise ValidationError(
            _("行事保険の申込は行事の%(n)s日前（この行事は%(day)s）までです。センターへご相談ください。")
            % {"n": selectors.event_lead_days(fy), "day": long_date(deadline)},
            code="late",
        )
    if participants is None or participants < 1:
        raise ValidationError(_("参加予定人数は1人以上で入力してください。"), code="participants")
    event = EventInsurance(
        group=group,
        fiscal_year=fy,
        plan=plan,
        event_name=event_name,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        participants=participants,
        premium=plan.premium_for(participants=participants, days=(ends_on - starts_on).days + 1),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    event.full_clean()
    event.save()
    record(actor=by, action="event_insurance_apply", target=event, changes={"premium": event.premium})
    return event


def event_confirm_payment(
    *, event: EventInsurance, receipt_number: str, paid_on: datetime.date, by, complete: bool = False
) -> EventInsurance:
    row = _confirm_payment(
        event, receipt_number=receipt_number, paid_on=paid_on, by=by, action="event_insurance_paid"
    )
    if complete:
        row = event_complete(event=row, completed_on=paid_on, by=by)
    return row


def event_complete(*, event: EventInsurance, completed_on: datetime.date, by) -> EventInsurance:
    with transaction.atomic():
        row = _locked(event)
        if row.status != InsuranceStatus.PAID:
            raise ValidationError(_("加入済にできるのは入金確認のあとです。"), code="status")
        row.status, row.enrolled_on = InsuranceStatus.ENROLLED, completed_on
        row.save(update_fields=["status", "enrolled_on"])
        record(actor=by, action="event_insurance_enrolled", target=row)
    return row


def event_cancel(*, event: EventInsurance, reason: str, by) -> EventInsurance:
    return _cancel(event, reason=reason, by=by, action="event_insurance_cancelled")


# --- renewal -------------------------------------------------------------------------------------


def renewal_notify(*, fiscal_year: int, today: datetime.date | None = None, dry_run: bool = False) -> int:
    """From the March date, tell last year's enrollees that they can renew for fiscal_year (once each)."""
    today = today or timezone.localdate()
    if today < selectors.applications_open_on(fiscal_year):
        return 0
    due = list(selectors.renewal_due(fiscal_year))
    if dry_run:
        return len(due)
    for enrolment in due:
        with transaction.atomic():
            notify(
                volunteer=enrolment.volunteer,
                kind=Notice.Kind.MESSAGE,
                subject=_("ボランティア保険の更新のご案内"),
                body=_(
                    "%(name)s様\n\n%(year)sのボランティア保険の申込を受け付けています。"
                    "マイページの「ボランティア保険」から、昨年度と同じプランで更新できます。"
                    "マイページをお使いでない方は、センターの窓口でお手続きください。"
                )
                % {"name": enrolment.person_name, "year": fiscal_year_label(fiscal_year)},
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(renewal_notified_at=timezone.now())
    return len(due)


PLAN_FIELDS = ["fiscal_year", "kind", "name", "rate", "rate_unit", "description", "is_sample", "sort_order"]


def plan_save(*, plan: InsurancePlan, by) -> InsurancePlan:
    """Create or correct a product (the admin); audited, so a changed rate can be traced."""
    from config.core.audit import diff, snapshot

    before = snapshot(InsurancePlan.objects.get(pk=plan.pk), PLAN_FIELDS) if plan.pk else {}
    plan.full_clean()
    plan.save()
    record(actor=by, action="insurance_plan_save", target=plan, changes=diff(plan, before, PLAN_FIELDS))
    return plan


def roster_confirm_payment(
    *, roster: Roster, receipt_number: str, paid_on: datetime.date, by, complete: bool = True
) -> int:
    """A group pays for its whole roster at once: every line still 申込 gets one receipt number (and 加入済). Returns how many."""
    with transaction.atomic():
        lines = list(
            roster.enrolments.select_for_update().filter(status=InsuranceStatus.APPLIED).order_by("pk")
        )
        if not lines:
            raise ValidationError(_("この名簿に入金待ちの方はいません。"), code="nothing")
        for line in lines:
            enrolment_confirm_payment(
                enrolment=line, receipt_number=receipt_number, paid_on=paid_on, by=by, complete=complete
            )
    return len(lines)
