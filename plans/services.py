"""Writes for the plans: PDCA evaluations, manual entries and copying a year's items to the next; all audited."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.core.audit import record, record_changes, snapshot
from config.core.dates import fiscal_year

from .models import Evaluation, ManualEntry, PlanItem, Target

EVALUATION_FIELDS = ["grade", "do_text", "check_text", "action_text"]


def evaluation_save(
    *, item: PlanItem, grade: str, do_text: str, check_text: str, action_text: str, by
) -> Evaluation:
    """Create or update the PDCA evaluation of an item for its fiscal year."""
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().filter(item=item).first()
        created = evaluation is None
        if created:
            evaluation = Evaluation(item=item, updated_by=by)
        before = snapshot(evaluation, EVALUATION_FIELDS)
        evaluation.grade, evaluation.do_text = grade, do_text
        evaluation.check_text, evaluation.action_text = check_text, action_text
        evaluation.updated_by = by
        evaluation.full_clean()
        evaluation.save()
        if created:
            record(actor=by, action="plans.evaluation.create", target=evaluation, changes={"grade": grade})
        else:
            record_changes(
                actor=by,
                action="plans.evaluation.update",
                instance=evaluation,
                before=before,
                fields=EVALUATION_FIELDS,
            )
    return evaluation


def manual_entry_create(
    *, target: Target, entered_on: datetime.date, value: Decimal | None, note: str, by
) -> ManualEntry:
    """Record an actual (or a note, value empty) for a target, dated within the item's fiscal year."""
    if fiscal_year(entered_on) != target.item.fiscal_year:
        raise ValidationError(
            _("実施日は%(fy)s年度の日付にしてください。") % {"fy": target.item.fiscal_year},
            code="fiscal_year",
        )
    if value is None and not note.strip():
        raise ValidationError(_("実績値かメモのどちらかを入力してください。"), code="empty")
    entry = ManualEntry(target=target, entered_on=entered_on, value=value, note=note, entered_by=by)
    entry.full_clean()
    entry.save()
    record(
        actor=by,
        action="plans.entry.create",
        target=entry,
        changes={
            "target": target.pk,
            "entered_on": entered_on.isoformat(),
            "value": None if value is None else str(value),
        },
    )
    return entry


def copy_year(*, from_fy: int, by) -> list[PlanItem]:
    """Copy a year's items with their targets and links to the next year (entries and evaluations stay behind)."""
    to_fy = from_fy + 1
    with transaction.atomic():
        if PlanItem.objects.select_for_update().filter(fiscal_year=to_fy).exists():
            raise ValidationError(_("%(fy)s年度の項目はすでにあります。") % {"fy": to_fy}, code="exists")
        created = []
        for item in PlanItem.objects.filter(fiscal_year=from_fy).prefetch_related(
            "targets", "approaches", "goals"
        ):
            approaches, goals, targets = (
                list(item.approaches.all()),
                list(item.goals.all()),
                list(item.targets.all()),
            )
            item.pk = None
            item._state.adding = True
            item.fiscal_year = to_fy
            item.save()
            item.approaches.set(approaches)
            item.goals.set(goals)
            for target in targets:
                target.pk = None
                target._state.adding = True
                target.item = item
                target.save()
            created.append(item)
        if created:
            record(
                actor=by,
                action="plans.year.copy",
                target=created[0],
                changes={"from": from_fy, "to": to_fy, "items": len(created)},
            )
    return created


def plan_item_save(*, item: PlanItem, by, changed: list[str], created: bool) -> PlanItem:
    """Save an item edited in the admin (pillar, goals, months, wording), recording which fields changed."""
    item.full_clean(validate_constraints=True)
    item.save()
    record(
        actor=by,
        action="plans.item.create" if created else "plans.item.update",
        target=item,
        changes={"fields": changed},
    )
    return item


def targets_saved(*, item: PlanItem, by, changed: list[Target], deleted: list[Target]) -> None:
    """Record target edits made with an item in the admin (value, unit, metric)."""
    if changed or deleted:
        record(
            actor=by,
            action="plans.target.update",
            target=item,
            changes={"changed": [str(t) for t in changed], "deleted": [str(t) for t in deleted]},
        )
