"""Writes for school lessons and outreach courses: a request (online or by staff), lecturers, the confirmed date with
its notices, equipment reserved for the day, the record of the lesson, and cancelling.

The status moves only along ALLOWED (受付 → 調整中 → 決定 → 実施済, and 中止 from any open step); each step locks the
request's row, so two staff members pressing buttons at once are served one after the other.
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core import audit, privacy
from config.core.dates import long_date
from config.core.models import Site
from volunteers.models import Volunteer, VolunteerGroup
from volunteers.services.notices import notify

from ..models import EquipmentKind, EquipmentLoan, SchoolLecturer, SchoolRequest, SchoolRequestDate
from . import equipment as equipment_services

S = SchoolRequest.Status
ALLOWED = {
    S.RECEIVED: {S.ARRANGING, S.CONFIRMED, S.CANCELLED},
    S.ARRANGING: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.HELD, S.CANCELLED},
    S.HELD: set(),
    S.CANCELLED: set(),
}
REQUEST_FIELDS = [
    "kind",
    "organisation",
    "grade",
    "pupils",
    "theme",
    "wishes",
    "place",
    "contact_name",
    "contact_phone",
    "contact_email",
    "channel",
    "staff_note",
]


@dataclasses.dataclass(frozen=True)
class PreferredDate:
    day: datetime.date
    start: datetime.time
    end: datetime.time


def _locked(school_request: SchoolRequest) -> SchoolRequest:
    return (
        SchoolRequest.objects.select_for_update(of=("self",))
        .select_related("theme")
        .get(pk=school_request.pk)
    )


def _move(school_request: SchoolRequest, to: str) -> str:
    """Check the step is allowed from the current status; returns the old status."""
    current = school_request.status
    if to not in ALLOWED[current]:
        raise ValidationError(
            _("「%(from)s」の依頼は「%(to)s」にできません。") % {"from": S(current).label, "to": S(to).label},
            code="transition",
        )
    school_request.status = to
    return current


def _school_notice(school_request: SchoolRequest, *, subject: str, body: str) -> None:
    """The school's contact teacher: by email, or onto the staff phone/post list."""
    notify(
        guest_name=f"{school_request.organisation} {school_request.contact_name}"[:50],
        guest_phone=school_request.contact_phone,
        guest_email=school_request.contact_email,
        subject=subject,
        body=body,
    )


def _when(school_request: SchoolRequest) -> str:
    start = timezone.localtime(school_request.starts_at)
    end = timezone.localtime(school_request.ends_at)
    return _("%(day)s %(start)s〜%(end)s") % {
        "day": long_date(start.date()),
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
    }


# --- the request ------------------------------------------------------------------------------------


def request_submit(
    *,
    school_request: SchoolRequest,
    dates: list[PreferredDate],
    by=None,
    consent: bool = False,
    today: datetime.date | None = None,
) -> SchoolRequest:
    """A school or organisation asks for a lesson (online, or staff enter it): 受付, with up to three dates.

    `consent`: the online form's privacy-policy agreement, stored with its version (staff entries have none)."""
    today = today or timezone.localdate()
    if not 1 <= len(dates) <= 3:
        raise ValidationError(_("希望日時を1〜3つ入力してください。"), code="dates")
    for date in dates:
        if date.day < today:
            raise ValidationError(_("希望日には今日以降の日を選んでください。"), code="past")
        if date.end <= date.start:
            raise ValidationError(_("終了時刻は開始時刻より後にしてください。"), code="order")
    if not school_request.theme.is_active:
        raise ValidationError(_("このテーマはいま受け付けていません。"), code="theme")
    school_request.status = S.RECEIVED
    school_request.created_by = by if getattr(by, "is_authenticated", False) else None
    if consent:
        privacy.record_consent(school_request)
    school_request.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="school_request", instance=school_request, fields=REQUEST_FIELDS)
        for rank, date in enumerate(dates, start=1):
            SchoolRequestDate.objects.create(
                request=school_request, rank=rank, day=date.day, start=date.start, end=date.end
            )
        listed = "\n".join(
            _("%(rank)s. %(day)s %(start)s〜%(end)s")
            % {"rank": rank, "day": long_date(d.day), "start": f"{d.start:%H:%M}", "end": f"{d.end:%H:%M}"}
            for rank, d in enumerate(dates, start=1)
        )
        _school_notice(
            school_request,
            subject=_("学校・出張講座のご依頼を受け付けました"),
            body=_(
                "%(org)s %(name)s 様\n\n次のとおりご依頼を受け付けました。講師との調整がつきしだい、"
                "日時を決めてご連絡します。\n\nテーマ：%(theme)s\n人数：%(pupils)s人\n会場：%(place)s\n"
                "ご希望の日時：\n%(dates)s"
            )
            % {
                "org": school_request.organisation,
                "name": school_request.contact_name,
                "theme": school_request.theme.name,
                "pupils": school_request.pupils,
                "place": school_request.place,
                "dates": listed,
            },
        )
    return school_request


def request_save(*, school_request: SchoolRequest, by) -> SchoolRequest:
    """Staff correct a request's details or note (the admin); the status has its own steps."""
    school_request.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="school_request", instance=school_request, fields=REQUEST_FIELDS)
    return school_request


def request_start_arranging(*, school_request: SchoolRequest, by) -> SchoolRequest:
    """Staff begin looking for lecturers: 受付 → 調整中."""
    with transaction.atomic():
        school_request = _locked(school_request)
        before = _move(school_request, S.ARRANGING)
        school_request.save(update_fields=["status"])
        audit.record(
            actor=by,
            action="school_request_arranging",
            target=school_request,
            changes={"status": [before, S.ARRANGING]},
        )
    return school_request


# --- lecturers ----------------------------------------------------------------------------------------


def lecturer_add(
    *,
    school_request: SchoolRequest,
    volunteer: Volunteer | None = None,
    group: VolunteerGroup | None = None,
    role: str = "",
    by,
) -> SchoolLecturer:
    """Add a registered volunteer or group as a lecturer of an open request."""
    with transaction.atomic():
        school_request = _locked(school_request)
        if not school_request.is_open:
            raise ValidationError(_("実施済・中止の依頼には講師を加えられません。"), code="closed")
        lecturer = SchoolLecturer(request=school_request, volunteer=volunteer, group=group, role=role.strip())
        lecturer.full_clean()
        lecturer.save()
        audit.record(
            actor=by,
            action="school_lecturer_add",
            target=school_request,
            changes={"lecturer": [None, str(lecturer)]},
        )
        if school_request.status == S.CONFIRMED:
            _lecturer_notice(school_request, lecturer)
    return lecturer


def lecturer_remove(*, lecturer: SchoolLecturer, by) -> None:
    with transaction.atomic():
        school_request = _locked(lecturer.request)
        if not school_request.is_open:
            raise ValidationError(_("実施済・中止の依頼の講師は外せません。"), code="closed")
        if school_request.status == S.CONFIRMED and school_request.lecturers.count() == 1:
            raise ValidationError(_("決定した依頼には講師が1人（1団体）以上必要です。"), code="last")
        name = str(lecturer)
        lecturer.delete()
        audit.record(
            actor=by,
            action="school_lecturer_remove",
            target=school_request,
            changes={"lecturer": [name, None]},
        )


def _lecturer_notice(school_request: SchoolRequest, lecturer: SchoolLecturer) -> None:
    who = {"volunteer": lecturer.volunteer} if lecturer.volunteer_id else {"group": lecturer.group}
    notify(
        **who,
        subject=_("学校・出張講座の講師をお願いします（日時が決まりました）"),
        body=_(
            "%(name)s 様\n\n講師をお引き受けいただきありがとうございます。次のとおり決まりました。\n\n"
            "依頼元：%(org)s（%(grade)s）\nテーマ：%(theme)s\n日時：%(when)s\n会場：%(place)s\n人数：%(pupils)s人\n\n"
            "ご都合が悪くなったときは、センターにご連絡ください。"
        )
        % {
            "name": lecturer.name,
            "org": school_request.organisation,
            "grade": school_request.grade or "-",
            "theme": school_request.theme.name,
            "when": _when(school_request),
            "place": school_request.place,
            "pupils": school_request.pupils,
        },
    )


# --- confirming, holding, cancelling ---------------------------------------------------------------------


def request_confirm(
    *,
    school_request: SchoolRequest,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    by,
    now: datetime.datetime | None = None,
) -> SchoolRequest:
    """Fix the date and time (受付・調整中 → 決定) and tell the school and every lecturer."""
    now = now or timezone.now()
    if ends_at <= starts_at:
        raise ValidationError(_("終了時刻は開始時刻より後にしてください。"), code="order")
    if starts_at < now:
        raise ValidationError(_("決定する日時には、これからの日時を選んでください。"), code="past")
    with transaction.atomic():
        school_request = _locked(school_request)
        before = _move(school_request, S.CONFIRMED)
        lecturers = list(school_request.lecturers.select_related("volunteer", "group"))
        if not lecturers:
            raise ValidationError(_("先に講師（ボランティアか団体）を決めてください。"), code="no_lecturer")
        school_request.starts_at, school_request.ends_at = starts_at, ends_at
        school_request.confirmed_at = now
        school_request.full_clean()
        school_request.save(update_fields=["status", "starts_at", "ends_at", "confirmed_at"])
        audit.record(
            actor=by,
            action="school_request_confirm",
            target=school_request,
            changes={
                "status": [before, S.CONFIRMED],
                "starts_at": [None, str(starts_at)],
                "ends_at": [None, str(ends_at)],
            },
        )
        names = _("、").join(lecturer.name for lecturer in lecturers)
        _school_notice(
            school_request,
            subject=_("学校・出張講座の日時が決まりました"),
            body=_(
                "%(org)s %(name)s 様\n\nご依頼の件、次のとおり決まりました。\n\nテーマ：%(theme)s\n日時：%(when)s\n"
                "会場：%(place)s\n講師：%(lecturers)s\n\n変更があるときは、センターにご連絡ください。"
            )
            % {
                "org": school_request.organisation,
                "name": school_request.contact_name,
                "theme": school_request.theme.name,
                "when": _when(school_request),
                "place": school_request.place,
                "lecturers": names,
            },
        )
        for lecturer in lecturers:
            _lecturer_notice(school_request, lecturer)
    return school_request


def request_record_held(
    *,
    school_request: SchoolRequest,
    pupils_reached: int,
    report: str,
    by,
    now: datetime.datetime | None = None,
) -> SchoolRequest:
    """After the lesson: 決定 → 実施済 with the pupils reached and a short report; not before the lesson starts."""
    now = now or timezone.now()
    report = report.strip()
    if not 0 <= pupils_reached <= 2000:
        raise ValidationError(_("参加した人数は0〜2000人で入力してください。"), code="reached")
    with transaction.atomic():
        school_request = _locked(school_request)
        before = _move(school_request, S.HELD)
        if now < school_request.starts_at:
            raise ValidationError(
                _("実施済にできるのは授業の日時（%(when)s）を過ぎてからです。")
                % {"when": _when(school_request)},
                code="too_early",
            )
        school_request.held_recorded_at = now
        school_request.pupils_reached = pupils_reached
        school_request.report = report
        school_request.full_clean()
        school_request.save(update_fields=["status", "held_recorded_at", "pupils_reached", "report"])
        audit.record(
            actor=by,
            action="school_request_held",
            target=school_request,
            changes={"status": [before, S.HELD], "pupils_reached": [None, pupils_reached]},
        )
    return school_request


def request_cancel(*, school_request: SchoolRequest, reason: str, by) -> SchoolRequest:
    """中止: keeps the request, frees its reserved equipment, and tells the school (and lecturers, if decided)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("中止の理由を入力してください。"), code="reason")
    with transaction.atomic():
        school_request = _locked(school_request)
        before = _move(school_request, S.CANCELLED)
        school_request.cancelled_at = timezone.now()
        school_request.cancel_reason = reason
        school_request.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        audit.record(
            actor=by,
            action="school_request_cancel",
            target=school_request,
            changes={"status": [before, S.CANCELLED], "cancel_reason": [None, reason]},
        )
        for loan in school_request.equipment_loans.filter(status=EquipmentLoan.Status.RESERVED):
            equipment_services.loan_cancel(loan=loan, by=by, reason=reason, as_staff=True)
        _school_notice(
            school_request,
            subject=_("学校・出張講座のご依頼は中止になりました"),
            body=_("%(org)s %(name)s 様\n\nご依頼（テーマ：%(theme)s）は中止になりました。\n理由：%(reason)s")
            % {
                "org": school_request.organisation,
                "name": school_request.contact_name,
                "theme": school_request.theme.name,
                "reason": reason,
            },
        )
        if before == S.CONFIRMED:
            for lecturer in school_request.lecturers.select_related("volunteer", "group"):
                notify(
                    **(
                        {"volunteer": lecturer.volunteer}
                        if lecturer.volunteer_id
                        else {"group": lecturer.group}
                    ),
                    subject=_("学校・出張講座が中止になりました"),
                    body=_(
                        "%(name)s 様\n\n%(when)s の%(org)s（%(theme)s）は中止になりました。\n理由：%(reason)s"
                    )
                    % {
                        "name": lecturer.name,
                        "when": _when(school_request),
                        "org": school_request.organisation,
                        "theme": school_request.theme.name,
                        "reason": reason,
                    },
                )
    return school_request


# --- equipment for the day ---------------------------------------------------------------------------------


def equipment_reserve(
    *,
    school_request: SchoolRequest,
    kind: EquipmentKind,
    site: Site,
    pickup_on: datetime.date,
    return_on: datetime.date,
    by,
    today: datetime.date | None = None,
) -> EquipmentLoan:
    """Reserve a unit for a decided lesson through the equipment loans' own service (same rules, same constraint)."""
    if school_request.status != S.CONFIRMED:
        raise ValidationError(
            _("機材は日時が決まった（決定の）依頼にだけ予約できます。"), code="not_confirmed"
        )
    day = timezone.localtime(school_request.starts_at).date()
    if not pickup_on <= day <= return_on:
        raise ValidationError(
            _("受取日から返却日までに授業の日（%(day)s）を含めてください。") % {"day": long_date(day)},
            code="day",
        )
    return equipment_services.loan_reserve(
        kind=kind,
        site=site,
        school_request=school_request,
        pickup_on=pickup_on,
        return_on=return_on,
        purpose=(
            _("%(org)s（%(theme)s）")
            % {"org": school_request.organisation, "theme": school_request.theme.name}
        )[:100],
        by=by,
        as_staff=True,
        today=today,
    )


THEME_FIELDS = ["name", "description", "activity_field", "is_active", "sort_order"]


def theme_save(*, theme, by):
    """Create or change a theme (the admin); audited field by field."""
    theme.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="school_theme", instance=theme, fields=THEME_FIELDS)
    return theme
