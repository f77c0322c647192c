"""Writes for lockers: assign, release (the next group on the waiting list takes it), waiting list, keys."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from config.core import audit
from config.core.models import Site
from volunteers.models import VolunteerGroup
from volunteers.services.notices import notify

from ..models import Locker, LockerAssignment, LockerWaitlistEntry

TAKEN_MESSAGE = "このロッカーはこの年度すでに貸し出されています。"


def locker_assign(*, locker: Locker, group: VolunteerGroup, fiscal_year: int, by) -> LockerAssignment:
    """Lend a locker to a group for a fiscal year; the database allows one holder per locker and year."""
    if not VolunteerGroup.objects.registered_for(fiscal_year).filter(pk=group.pk).exists():
        raise ValidationError("この年度の団体登録が済んでいない団体には貸し出せません。", code="not_registered")
    assignment = LockerAssignment(locker=locker, group=group, fiscal_year=fiscal_year, assigned_by=by)
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise ValidationError(TAKEN_MESSAGE, code="taken") from exc
    audit.record(actor=by, action="locker_assign", target=assignment, changes={"group": [None, group.name]})
    notify(group=group, subject="ロッカーの貸し出しが決まりました",
           body=f"{group.name} 様\n\n{fiscal_year}年度、{locker}をお貸しします。鍵は窓口でお受け取りください。")
    return assignment


def waitlist_add(*, site: Site, fiscal_year: int, group: VolunteerGroup, by) -> LockerWaitlistEntry:
    """Put a group at the end of a site's waiting list."""
    with transaction.atomic():
        Site.objects.select_for_update().get(pk=site.pk)  # one position at a time per site
        if LockerWaitlistEntry.objects.waiting().filter(site=site, fiscal_year=fiscal_year, group=group).exists():
            raise ValidationError("この団体はすでに順番待ちに登録されています。", code="duplicate")
        last = LockerWaitlistEntry.objects.filter(site=site, fiscal_year=fiscal_year).aggregate(m=Max("position"))["m"]
        entry = LockerWaitlistEntry.objects.create(site=site, fiscal_year=fiscal_year, group=group, position=(last or 0) + 1)
    audit.record(actor=by, action="locker_waitlist_add", target=entry)
    return entry


def waitlist_withdraw(*, entry: LockerWaitlistEntry, by) -> LockerWaitlistEntry:
    entry.withdrawn_at = timezone.now()
    entry.save(update_fields=["withdrawn_at"])
    audit.record(actor=by, action="locker_waitlist_withdraw", target=entry)
    return entry


def locker_release(*, assignment: LockerAssignment, by) -> LockerAssignment | None:
    """End a holding; the first group waiting at that site takes the locker. Returns the new assignment, if any."""
    with transaction.atomic():
        assignment = LockerAssignment.objects.select_for_update().select_related("locker__site").get(pk=assignment.pk)
        if assignment.released_at:
            raise ValidationError("このロッカーはすでに返却されています。", code="released")
        if assignment.key_handed_over_at and not assignment.key_returned_at:
            raise ValidationError("先に鍵の返却を記録してください。", code="key_out")
        assignment.released_at = timezone.now()
        assignment.save(update_fields=["released_at"])
        audit.record(actor=by, action="locker_release", target=assignment)
        site, fy = assignment.locker.site, assignment.fiscal_year
        entry = (
            LockerWaitlistEntry.objects.waiting().select_for_update()
            .filter(site=site, fiscal_year=fy).select_related("group").order_by("position").first()
        )
        if entry is None:
            return None
        entry.fulfilled_at = timezone.now()
        entry.save(update_fields=["fulfilled_at"])
        return locker_assign(locker=assignment.locker, group=entry.group, fiscal_year=fy, by=by)


def key_handover(*, assignment: LockerAssignment, by) -> LockerAssignment:
    if assignment.key_handed_over_at:
        raise ValidationError("鍵はすでに渡しています。", code="already")
    assignment.key_handed_over_at = timezone.now()
    assignment.save(update_fields=["key_handed_over_at"])
    audit.record(actor=by, action="locker_key_handover", target=assignment)
    return assignment


def key_return(*, assignment: LockerAssignment, by) -> LockerAssignment:
    if not assignment.key_handed_over_at:
        raise ValidationError("鍵を渡す前に返却を記録することはできません。", code="not_handed")
    if assignment.key_returned_at:
        raise ValidationError("鍵はすでに返却されています。", code="already")
    assignment.key_returned_at = timezone.now()
    assignment.save(update_fields=["key_returned_at"])
    audit.record(actor=by, action="locker_key_return", target=assignment)
    return assignment
