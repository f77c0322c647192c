"""Writes of the committees app: schedules from the rule, meetings, agendas, materials, attendance, minutes,
observation (傍聴) applications and members' comments. Every write is audited.

Observer seats: an application locks the meeting row (select_for_update) before counting the seats taken, so two
residents applying at the same moment never take more seats than the limit.
"""

import calendar
import datetime
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core import audit, privacy, roles
from config.core.dates import closed_days, holiday_name, long_date
from config.core.normalize import clean_plain_text
from config.core.uploads import DOCUMENT_TYPES, EXTENSIONS, check_upload
from plans.models import PlanItem
from volunteers.services.notices import notify

from .models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Material,
    Meeting,
    MeetingRule,
    Minutes,
    Observation,
    PlanComment,
)

MATERIAL_MAX_BYTES = 10 * 1024 * 1024
MEETING_FIELDS = [
    "date",
    "start_time",
    "end_time",
    "venue",
    "seat_limit",
    "observe_until",
    "note",
    "calendar_flag",
]


# --- the schedule ---------------------------------------------------------------------------------


def nth_weekday(year: int, month: int, weekday: int, week: int) -> datetime.date | None:
    """The `week`-th `weekday` of a month (第2火曜日), or None when the month has no such day (a 5th one)."""
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[week - 1] if week <= len(days) else None


def rule_dates(rule: MeetingRule, fy: int) -> list[datetime.date]:
    """The days the rule gives in a fiscal year, in order (April to March)."""
    found = []
    for month in sorted(rule.months, key=lambda m: (m < 4, m)):
        day = nth_weekday(fy if month >= 4 else fy + 1, month, rule.weekday, rule.week)
        if day is not None:
            found.append(day)
    return found


def calendar_flags(rule: MeetingRule, days: list[datetime.date]) -> dict[datetime.date, str]:
    """A national holiday or the site's closed day on each day, if any: flagged for staff, never moved."""
    if not days:
        return {}
    closed = closed_days(rule.site, min(days), max(days)) if rule.site_id else {}
    flags = {}
    for day in days:
        holiday = holiday_name(day)
        if holiday:
            flags[day] = _("祝日（%(name)s）") % {"name": holiday}
        elif day in closed:
            flags[day] = _("休所日（%(reason)s）") % {"reason": closed[day]}
    return flags


def schedule_generate(*, committee: Committee, fiscal_year: int, by) -> list[Meeting]:
    """Make a fiscal year's meetings from the committee's rule; days that already have a meeting are left alone."""
    rule = committee.rule
    days = rule_dates(rule, fiscal_year)
    flags = calendar_flags(rule, days)
    made = []
    with transaction.atomic():
        existing = set(committee.meetings.in_fiscal_year(fiscal_year).values_list("date", flat=True))
        for day in days:
            if day in existing:
                continue
            meeting = Meeting(
                committee=committee,
                date=day,
                start_time=rule.start_time,
                end_time=rule.end_time,
                venue=rule.venue,
                calendar_flag=flags.get(day, ""),
                seat_limit=rule.seat_limit if committee.observation_allowed else 0,
                observe_until=day - datetime.timedelta(days=rule.deadline_days),
            )
            meeting.full_clean()
            audit.save_recorded(actor=by, action="committee_meeting", instance=meeting, fields=MEETING_FIELDS)
            made.append(meeting)
    return made


def meeting_save(*, meeting: Meeting, by, **fields) -> Meeting:
    """Change one meeting (staff edit single meetings); a new date is checked against the calendar again."""
    for name, value in fields.items():
        setattr(meeting, name, value)
    if "date" in fields and hasattr(meeting.committee, "rule"):
        meeting.calendar_flag = calendar_flags(meeting.committee.rule, [meeting.date]).get(meeting.date, "")
    meeting.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="committee_meeting", instance=meeting, fields=MEETING_FIELDS)
    return meeting


def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.cancelled_at is None:
            meeting.cancelled_at = timezone.now()
            meeting.save(update_fields=["cancelled_at"])
            audit.record(actor=by, action="committee_meeting_cancel", target=meeting)
    return meeting


# --- agenda, materials, attendance ------------------------------------------------------------------


def agenda_item_add(*, meeting: Meeting, title: str, note: str = "", by) -> AgendaItem:
    order = (meeting.agenda.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, title=title, note=note)
    item.full_clean()
    with transaction.atomic():
        audit.save_recorded(
            actor=by, action="committee_agenda", instance=item, fields=["title", "note", "order"]
        )
    return item


def agenda_item_delete(*, item: AgendaItem, by) -> None:
    with transaction.atomic():
        audit.record(
            actor=by, action="committee_agenda_delete", target=item, changes={"title": [item.title, None]}
        )
        item.delete()


def clean_file_name(name: str) -> str:
    """The name a person gave their file, as a label only: no folders, no control characters, at most 100 characters."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = clean_plain_text(base, multiline=False).strip().strip(".")
    return base[-100:] or "file"


def material_add(*, meeting: Meeting, title: str, upload, by) -> Material:
    """Store a PDF, xlsx or docx checked by its bytes; it stays for members and staff until published."""
    kind = check_upload(upload, types=DOCUMENT_TYPES, max_bytes=MATERIAL_MAX_BYTES, what=_("会議資料"))
    original = clean_file_name(upload.name)
    if PurePath(original).suffix.lower() != EXTENSIONS[kind]:
        raise ValidationError(
            _("ファイル名の拡張子（%(ext)s）を中身に合わせてください。") % {"ext": EXTENSIONS[kind]},
            code="upload_name",
        )
    material = Material(
        meeting=meeting,
        title=title.strip() or PurePath(original).stem,
        original_name=original,
        content_type=kind,
        size=upload.size,
        uploaded_by=by,
    )
    material.file.save(original, upload, save=False)  # the storage name is random (RandomName)
    with transaction.atomic():
        audit.save_recorded(
            actor=by,
            action="committee_material",
            instance=material,
            fields=["title", "original_name", "size"],
        )
    return material


def material_publish(*, material: Material, by, published: bool = True) -> Material:
    with transaction.atomic():
        material.published_at = timezone.now() if published else None
        material.save(update_fields=["published_at"])
        audit.record(
            actor=by,
            action="committee_material_publish" if published else "committee_material_unpublish",
            target=material,
        )
    return material


def attendance_record(*, meeting: Meeting, present_ids: set[int], by) -> None:
    """The members present at a meeting; every member whose term covers the day gets a row (present or not)."""
    members = CommitteeMember.objects.filter(committee=meeting.committee).current(meeting.date)
    with transaction.atomic():
        for member in members:
            Attendance.objects.update_or_create(
                meeting=meeting, member=member, defaults={"present": member.pk in present_ids}
            )
        audit.record(
            actor=by,
            action="committee_attendance",
            target=meeting,
            changes={"present": [None, len(present_ids)]},
        )


# --- minutes ---------------------------------------------------------------------------------------


def minutes_save(*, meeting: Meeting, body: str, by) -> Minutes:
    """Write or change the draft; approved or published minutes are changed only after taking them back to draft."""
    with transaction.atomic():
        minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
        if minutes.status != Minutes.Status.DRAFT:
            raise ValidationError(
                _("承認済みの議事録は書き換えられません。下書きに戻してから直してください。"), code="locked"
            )
        before = audit.snapshot(minutes, ["body"])
        minutes.body = body
        minutes.save()
        audit.record_changes(
            actor=by, action="committee_minutes_update", instance=minutes, before=before, fields=["body"]
        )
    return minutes


def minutes_approve(*, minutes: Minutes, by) -> Minutes:
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError(_("この議事録はすでに承認されています。"), code="state")
    if not minutes.body.strip():
        raise ValidationError(_("議事録が空です。内容を書いてから承認してください。"), code="empty")
    if minutes.meeting.date > timezone.localdate():
        raise ValidationError(_("開催前の会議の議事録は承認できません。"), code="future")
    return _minutes_state(minutes, Minutes.Status.APPROVED, by, approved_at=timezone.now(), approved_by=by)


def minutes_publish(*, minutes: Minutes, by) -> Minutes:
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("議事録は承認してから公開してください。"), code="state")
    return _minutes_state(minutes, Minutes.Status.PUBLISHED, by, published_at=timezone.now())


def minutes_to_draft(*, minutes: Minutes, by) -> Minutes:
    """Take approved or published minutes back (a correction): off the public pages until published again."""
    return _minutes_state(
        minutes, Minutes.Status.DRAFT, by, approved_at=None, approved_by=None, published_at=None
    )


def _minutes_state(minutes: Minutes, status: str, by, **fields) -> Minutes:
    with transaction.atomic():
        before = minutes.status
        minutes.status = status
        for name, value in fields.items():
            setattr(minutes, name, value)
        minutes.full_clean()
        minutes.save()
        audit.record(
            actor=by, action="committee_minutes_state", target=minutes, changes={"status": [before, status]}
        )
    return minutes


# --- observation (傍聴) -----------------------------------------------------------------------------


def seats_taken(meeting: Meeting) -> int:
    return meeting.observations.filter(cancelled_at__isnull=True).aggregate(n=Sum("people"))["n"] or 0


def observation_check_open(meeting: Meeting, today: datetime.date) -> None:
    if not meeting.committee.observation_allowed or meeting.seat_limit == 0:
        raise ValidationError(_("この会議は傍聴を受け付けていません。"), code="closed")
    if meeting.cancelled_at is not None:
        raise ValidationError(_("この会議は中止になりました。"), code="cancelled")
    if meeting.date < today or (meeting.observe_until and today > meeting.observe_until):
        raise ValidationError(_("傍聴の申込は締め切りました。"), code="deadline")


def observation_apply(
    *,
    meeting: Meeting,
    name: str,
    furigana: str,
    email: str,
    phone: str,
    people: int,
    consent: bool = False,
    today: datetime.date | None = None,
) -> Observation:
    """Take seats for observers: the meeting row is locked, then the seats taken are counted, then the row added.

    `consent`: the person agreed to the privacy policy on the public form (its version is stored with the row)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
        observation_check_open(meeting, today)
        free = meeting.seat_limit - seats_taken(meeting)
        if people > free:
            if free <= 0:
                raise ValidationError(_("傍聴席は満席になりました。"), code="full")
            raise ValidationError(
                _("傍聴席の残りは%(free)s席です。人数を減らしてください。") % {"free": free}, code="full"
            )
        number = (meeting.observations.aggregate(n=Max("number"))["n"] or 0) + 1
        observation = Observation(
            meeting=meeting,
            number=number,
            name=name,
            furigana=furigana,
            email=email,
            phone=phone,
            people=people,
        )
        if consent:
            privacy.record_consent(observation)
        observation.full_clean()
        observation.save()
        audit.record(
            actor=None,
            action="committee_observation_create",
            target=observation,
            changes={"people": [None, people]},
        )
        if email:
            notify(
                guest_name=name,
                guest_email=email,
                guest_phone=phone,
                subject=_("傍聴のお申し込みを受け付けました"),
                body=_(
                    "%(name)s様\n\n%(committee)sの傍聴のお申し込みを受け付けました。\n日時：%(date)s %(start)s〜%(end)s\n"
                    "会場：%(venue)s\n人数：%(people)s人\n受付番号：%(ref)s\n当日は受付で受付番号をお伝えください。"
                )
                % {
                    "name": name,
                    "committee": meeting.committee.name,
                    "date": long_date(meeting.date),
                    "start": f"{meeting.start_time:%H:%M}",
                    "end": f"{meeting.end_time:%H:%M}",
                    "venue": meeting.venue,
                    "people": people,
                    "ref": observation.reference,
                },
            )
    return observation


def observation_cancel(*, observation: Observation, by) -> Observation:
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=observation.meeting_id)
        if observation.cancelled_at is None:
            observation.cancelled_at = timezone.now()
            observation.save(update_fields=["cancelled_at"])
            audit.record(actor=by, action="committee_observation_cancel", target=observation)
    return observation


# --- members' comments on plan items -----------------------------------------------------------------


def plan_comment_add(*, item: PlanItem, body: str, by, answer_to: PlanComment | None = None) -> PlanComment:
    """A member's comment (staff are told) or staff's answer to one (the member is told)."""
    body = body.strip()
    if not body:
        raise ValidationError(_("意見を入力してください。"), code="empty")
    if answer_to is not None and (answer_to.item_id != item.pk or answer_to.answer_to_id is not None):
        raise ValidationError(_("回答先の意見が見つかりません。"), code="answer_to")
    if answer_to is not None and not roles.can(by, "staff_pages"):
        raise ValidationError(_("意見への回答は職員だけが書けます。"), code="answer_role")
    comment = PlanComment(item=item, fiscal_year=item.fiscal_year, author=by, body=body, answer_to=answer_to)
    comment.full_clean()
    with transaction.atomic():
        audit.save_recorded(
            actor=by, action="committee_plan_comment", instance=comment, fields=["item", "body", "answer_to"]
        )
        if answer_to is None:
            _tell_staff(comment)
        elif answer_to.author.email:
            notify(
                guest_name=_name(answer_to.author),
                guest_email=answer_to.author.email,
                subject=_("計画の項目へのご意見に回答がありました"),
                body=_(
                    "「%(item)s」（%(fy)s年度）へのご意見に職員が回答しました。委員のページでご覧ください。"
                )
                % {"item": item.name, "fy": item.fiscal_year},
            )
    return comment


def _tell_staff(comment: PlanComment) -> None:
    """Each staff account with an email hears of a member's new comment through notify()."""
    staff = get_user_model().objects.filter(groups__name=roles.STAFF, is_active=True).exclude(email="")
    author = _name(comment.author)
    for person in staff:
        notify(
            guest_name=_name(person),
            guest_email=person.email,
            subject=_("計画の項目に委員から意見がありました"),
            body=_(
                "%(author)sさんが「%(item)s」（%(fy)s年度）に意見を書きました。計画の項目のページで回答できます。"
            )
            % {"author": author, "item": comment.item.name, "fy": comment.fiscal_year},
        )


def _name(user) -> str:
    """姓 名 in the Japanese order (Django's get_full_name puts the given name first)."""
    return f"{user.last_name} {user.first_name}".strip() or user.username
