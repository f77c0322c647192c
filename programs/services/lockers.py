"""Writes for lockers: assign (within the per-group cap), release (the first eligible waiting group takes it),
the waiting list, keys.

Every path that gives a group a locker goes through `take_locker`, which locks the group's row, so two
lockers offered to one group at once (by hand, from the waiting list, by the annual allocation) are
decided one after the other; the unique constraint on the group's numbered holdings backs it up.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import audit
from config.core.models import Site
from volunteers.models import VolunteerGroup
from volunteers.services.notices import notify

from ..models import Locker, LockerAssignment, LockerRules, LockerWaitlistEntry


def taken_message() -> str:
    return _("このロッカーはこの年度すでに貸し出されています。")


def _cap_message(group: VolunteerGroup, site: Site, fiscal_year: int, held: int, cap: int) -> str:
    return _(
        "「%(group)s」は%(fy)s年度、%(site)sのロッカーをすでに%(held)s個借りています（1団体%(cap)s個まで）。"
    ) % {"group": group.name, "fy": fiscal_year, "site": site, "held": held, "cap": cap}


def _not_registered_message(group: VolunteerGroup, fiscal_year: int) -> str:
    return _("「%(group)s」は%(fy)s年度の団体登録が済んでいないため、ロッカーを貸し出せません。") % {
        "group": group.name,
        "fy": fiscal_year,
    }


def take_locker(
    *,
    locker: Locker,
    group: VolunteerGroup,
    fiscal_year: int,
    by,
    allocation_run=None,
    check_registration: bool = True,
) -> LockerAssignment:
    """Give a locker to a group inside the caller's transaction, or raise ValidationError (nothing written).

    The group's row is locked first, so the count of its holdings cannot change until the caller commits.
    """
    site = locker.site
    with transaction.atomic():
        # NO KEY: rows that merely point at the group (bookings, notices) need not wait for this lock.
        VolunteerGroup.objects.select_for_update(no_key=True).get(pk=group.pk)
        if not locker.is_active:
            raise ValidationError(
                _("%(locker)sは貸出を停止しています。") % {"locker": locker}, code="inactive"
            )
        if (
            check_registration
            and not VolunteerGroup.objects.registered_for(fiscal_year).filter(pk=group.pk).exists()
        ):
            raise ValidationError(_not_registered_message(group, fiscal_year), code="not_registered")
        cap = LockerRules.cap_for(site)
        used = set(
            LockerAssignment.objects.held()
            .filter(group=group, site=site, fiscal_year=fiscal_year)
            .values_list("slot", flat=True)
        )
        if len(used) >= cap:
            raise ValidationError(_cap_message(group, site, fiscal_year, len(used), cap), code="cap")
        slot = min(set(range(1, cap + 1)) - used)
        assignment = LockerAssignment(
            locker=locker,
            site=site,
            group=group,
            fiscal_year=fiscal_year,
            slot=slot,
            allocation_run=allocation_run,
            assigned_by=by,
        )
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError as exc:
            constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "")
            if constraint == "programs_lockerassignment_group_cap":
                raise ValidationError(
                    _cap_message(group, site, fiscal_year, len(used) + 1, cap), code="cap"
                ) from exc
            raise ValidationError(taken_message(), code="taken") from exc
    return assignment


def _announce(assignment: LockerAssignment) -> None:
    group = assignment.group
    notify(
        group=group,
        subject=_("ロッカーの貸し出しが決まりました"),
        body=_("%(group)s 様\n\n%(fy)s年度、%(locker)sをお貸しします。鍵は窓口でお受け取りください。")
        % {"group": group.name, "fy": assignment.fiscal_year, "locker": assignment.locker},
    )


def locker_assign(*, locker: Locker, group: VolunteerGroup, fiscal_year: int, by) -> LockerAssignment:
    """Lend a locker to a group for a fiscal year: one holder per locker and year, at most the site's cap per group."""
    with transaction.atomic():
        assignment = take_locker(locker=locker, group=group, fiscal_year=fiscal_year, by=by)
        audit.record(
            actor=by, action="locker_assign", target=assignment, changes={"group": [None, group.name]}
        )
        _announce(assignment)
    return assignment


def waitlist_add(*, site: Site, fiscal_year: int, group: VolunteerGroup, by) -> LockerWaitlistEntry:
    """Put a group at the end of a site's waiting list (not a group that already holds as many as it may)."""
    with transaction.atomic():
        Site.objects.select_for_update(no_key=True).get(pk=site.pk)  # one position at a time per site
        if (
            LockerWaitlistEntry.objects.waiting()
            .filter(site=site, fiscal_year=fiscal_year, group=group)
            .exists()
        ):
            raise ValidationError(_("この団体はすでに順番待ちに登録されています。"), code="duplicate")
        cap = LockerRules.cap_for(site)
        held = LockerAssignment.objects.held().filter(group=group, site=site, fiscal_year=fiscal_year).count()
        if held >= cap:
            raise ValidationError(_cap_message(group, site, fiscal_year, held, cap), code="cap")
        last = LockerWaitlistEntry.objects.filter(site=site, fiscal_year=fiscal_year).aggregate(
            m=Max("position")
        )["m"]
        entry = LockerWaitlistEntry.objects.create(
            site=site, fiscal_year=fiscal_year, group=group, position=(last or 0) + 1
        )
        audit.record(actor=by, action="locker_waitlist_add", target=entry)
    return entry


def waitlist_withdraw(*, entry: LockerWaitlistEntry, by) -> LockerWaitlistEntry:
    entry.withdrawn_at = timezone.now()
    entry.save(update_fields=["withdrawn_at"])
    audit.record(actor=by, action="locker_waitlist_withdraw", target=entry)
    return entry


@dataclass
class Skipped:
    entry: LockerWaitlistEntry
    reason: str


@dataclass
class Release:
    """What a release did: the ended holding, who took the locker next (if anyone), and who was passed over."""

    released: LockerAssignment
    passed_to: LockerAssignment | None = None
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence for staff: who got the locker, and why groups ahead of them did not."""
        parts = [_("「%(g)s」（%(r)s）") % {"g": s.entry.group.name, "r": s.reason} for s in self.skipped]
        skipped = _("順番待ちの%(list)sは飛ばしました。") % {"list": "、".join(parts)} if parts else ""
        if self.passed_to:
            return skipped + _("順番待ちの「%(g)s」に貸し出しました。") % {"g": self.passed_to.group.name}
        if skipped:
            return skipped + _("貸し出せる団体がいないため、ロッカーは空きのままです。")
        return ""


SKIP_REASONS = {
    "not_registered": gettext_lazy("%(fy)s年度の団体登録が済んでいない"),
    "cap": gettext_lazy("すでに上限の数を借りている"),
    "inactive": gettext_lazy("ロッカーが貸出停止中"),
}


def locker_release(*, assignment: LockerAssignment, by) -> Release:
    """End a holding; the first waiting group at that site that may take the locker gets it, or it stays free.

    Releasing never fails because of the waiting list: a group that is not registered for the locker's
    fiscal year, or already holds as many lockers as the cap allows, is passed over, keeps its place and
    is marked with the reason, and the next group is tried.
    """
    with transaction.atomic():
        # Lock only the holding: a lock on the joined site or locker rows would block every insert that
        # points at them (the next holder's row among them) and deadlock against a concurrent assignment.
        assignment = (
            LockerAssignment.objects.select_for_update(of=("self",))
            .select_related("locker__site", "group")
            .get(pk=assignment.pk)
        )
        if assignment.released_at:
            raise ValidationError(_("このロッカーはすでに返却されています。"), code="released")
        if assignment.key_handed_over_at and not assignment.key_returned_at:
            raise ValidationError(_("先に鍵の返却を記録してください。"), code="key_out")
        assignment.released_at = timezone.now()
        assignment.save(update_fields=["released_at"])
        outcome = Release(released=assignment)
        site, fy = assignment.locker.site, assignment.fiscal_year
        entries = (
            LockerWaitlistEntry.objects.waiting()
            .select_for_update(of=("self",))
            .filter(site=site, fiscal_year=fy)
            .select_related("group")
            .order_by("position")
        )
        for entry in entries:
            try:
                new = take_locker(locker=assignment.locker, group=entry.group, fiscal_year=fy, by=by)
            except ValidationError as exc:
                code = exc.error_list[0].code
                if code not in SKIP_REASONS:
                    raise
                reason = str(SKIP_REASONS[code]) % {"fy": fy}
                entry.skipped_at, entry.skip_reason = timezone.now(), reason
                entry.save(update_fields=["skipped_at", "skip_reason"])
                audit.record(
                    actor=by, action="locker_waitlist_skip", target=entry, changes={"reason": [None, reason]}
                )
                outcome.skipped.append(Skipped(entry=entry, reason=reason))
                if code == "inactive":
                    break
                continue
            entry.fulfilled_at = timezone.now()
            entry.save(update_fields=["fulfilled_at"])
            audit.record(
                actor=by,
                action="locker_assign",
                target=new,
                changes={"group": [None, entry.group.name], "from_waitlist": [None, entry.position]},
            )
            _announce(new)
            outcome.passed_to = new
            break
        audit.record(
            actor=by,
            action="locker_release",
            target=assignment,
            changes={
                "passed_to": [None, outcome.passed_to.group.name if outcome.passed_to else None],
                "skipped": [None, [s.entry.group.name for s in outcome.skipped]],
            },
        )
    return outcome


def key_handover(*, assignment: LockerAssignment, by) -> LockerAssignment:
    if assignment.key_handed_over_at:
        raise ValidationError(_("鍵はすでに渡しています。"), code="already")
    assignment.key_handed_over_at = timezone.now()
    assignment.save(update_fields=["key_handed_over_at"])
    audit.record(actor=by, action="locker_key_handover", target=assignment)
    return assignment


def key_return(*, assignment: LockerAssignment, by) -> LockerAssignment:
    if not assignment.key_handed_over_at:
        raise ValidationError(_("鍵を渡す前に返却を記録することはできません。"), code="not_handed")
    if assignment.key_returned_at:
        raise ValidationError(_("鍵はすでに返却されています。"), code="already")
    assignment.key_returned_at = timezone.now()
    assignment.save(update_fields=["key_returned_at"])
    audit.record(actor=by, action="locker_key_return", target=assignment)
    return assignment
