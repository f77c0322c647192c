"""Writes for courses and events: events and their sessions (a session in a center room holds a RoomBooking through
the rooms service), sign-ups under the capacity with a waiting list, cancellations that move the first waiting
person up, and attendance per session.

Capacity: every sign-up, cancellation and promotion locks the event row first (select_for_update), so the count of
confirmed people read inside the lock is the truth and the capacity is never exceeded."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core import audit, privacy
from config.core.dates import long_date
from volunteers.models import Volunteer, VolunteerGroup
from volunteers.models.people import VolunteerStatus
from volunteers.services.notices import notice_mark_handled, notify

from ..models import Event, EventAttendance, EventSession, EventSignup, RoomBooking
from .rooms import room_booking_cancel, room_booking_create_for_center

CANCEL_SALT = "programs.events.signup-cancel"
EVENT_FIELDS = [
    "event_type",
    "title",
    "description",
    "speakers",
    "room",
    "place",
    "capacity",
    "audience",
    "fee",
    "apply_from",
    "apply_until",
    "flyer",
    "walk_ins",
    "is_published",
]


# --- events and sessions ---------------------------------------------------------------------------


def event_save(*, event: Event, by, groups=None) -> Event:
    """Create or change an event (its flyer through the storage API); audited field by field."""
    before = audit.snapshot(Event.objects.get(pk=event.pk), EVENT_FIELDS) if event.pk else {}
    event.full_clean()
    with transaction.atomic():
        if not event.pk:
            event.created_by = by
        event.save()
        if groups is not None:
            event.participating_groups.set(groups)
        audit.record_changes(
            actor=by, action="event_save", instance=event, before=before, fields=EVENT_FIELDS
        )
    return event


def session_add(
    *, event: Event, starts_at: datetime.datetime, ends_at: datetime.datetime, by
) -> EventSession:
    """Add a date; in a center room the session holds the room (a center booking), so nobody else can book it."""
    if starts_at >= ends_at:
        raise ValidationError(_("終了は開始より後にしてください。"), code="order")
    with transaction.atomic():
        booking = None
        if event.room_id:
            booking = room_booking_create_for_center(
                room=event.room,
                kind=RoomBooking.Kind.CENTER,
                start=starts_at,
                end=ends_at,
                purpose=_("講座・イベント：%(title)s") % {"title": event.title},
                by=by,
            )
        session = EventSession.objects.create(
            event=event, starts_at=starts_at, ends_at=ends_at, booking=booking
        )
        audit.record(
            actor=by,
            action="event_session_add",
            target=session,
            changes={"starts_at": [None, str(starts_at)]},
        )
    return session


def session_cancel(*, session: EventSession, by, reason: str) -> EventSession:
    """Call off one date; the room it held is freed."""
    with transaction.atomic():
        session = (
            EventSession.objects.select_for_update(of=("self",)).select_related("booking").get(pk=session.pk)
        )
        if session.cancelled_at:
            return session
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
        if session.booking and not session.booking.cancelled_at:
            room_booking_cancel(
                booking=session.booking, by=by, reason=reason or _("講座・イベントの中止"), as_staff=True
            )
        audit.record(
            actor=by, action="event_session_cancel", target=session, changes={"cancelled_at": [None, "yes"]}
        )
    return session


def event_cancel(*, event: Event, by, reason: str) -> Event:
    """Call the whole event off: every date is cancelled (their rooms freed) and every participant is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("中止の理由を入力してください。"), code="reason")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.cancelled_at:
            raise ValidationError(_("この講座・イベントはすでに中止されています。"), code="already")
        event.cancelled_at = timezone.now()
        event.save(update_fields=["cancelled_at"])
        for session in event.sessions.filter(cancelled_at__isnull=True):
            session_cancel(session=session, by=by, reason=reason)
        for signup in event.signups.exclude(status=EventSignup.Status.CANCELLED).select_related(
            "volunteer", "group"
        ):
            _tell(
                signup,
                subject=_("講座・イベントの中止のお知らせ"),
                body=_(
                    "%(title)sは中止になりました。\n理由：%(reason)s\nご迷惑をおかけして申し訳ありません。"
                )
                % {"title": event.title, "reason": reason},
            )
        audit.record(actor=by, action="event_cancel", target=event, changes={"cancel_reason": [None, reason]})
    return event


# --- telling people --------------------------------------------------------------------------------


def _tell(signup: EventSignup, *, subject: str, body: str, private_text: str = "") -> None:
    """Through notify(), for a volunteer, a group or a guest; a guest without email lands on the staff
    phone/post list with their phone number, and the signup remembers that notice (要電話連絡)."""
    if signup.volunteer_id:
        notify(volunteer=signup.volunteer, subject=subject, body=body)
    elif signup.group_id:
        notify(group=signup.group, subject=subject, body=body)
    else:
        notice = notify(
            guest_name=signup.guest_name,
            guest_phone=signup.guest_phone,
            guest_email=signup.guest_email,
            subject=subject,
            body=body,
            private_text=private_text,
        )
        if notice.channel == notice.Channel.MANUAL:
            EventSignup.objects.filter(pk=signup.pk).update(call_notice=notice)
            signup.call_notice = notice


def cancel_token(signup: EventSignup) -> str:
    """The signed token in a guest's cancel link (no secret is stored; the signature is the proof)."""
    return signing.dumps({"s": signup.pk, "e": signup.event_id}, salt=CANCEL_SALT)


def signup_from_token(token: str) -> EventSignup | None:
    try:
        data = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return (
        EventSignup.objects.select_related("event").filter(pk=data.get("s"), event_id=data.get("e")).first()
    )


# --- sign-up, cancel, promotion --------------------------------------------------------------------


def confirmed_people(event: Event) -> int:
    return event.signups.filter(status=EventSignup.Status.CONFIRMED).aggregate(n=Sum("people"))["n"] or 0


def _check_open(event: Event, now: datetime.datetime) -> None:
    if event.cancelled_at:
        raise ValidationError(_("この講座・イベントは中止になりました。"), code="cancelled")
    if not event.is_published:
        raise ValidationError(_("この講座・イベントは申込を受け付けていません。"), code="unpublished")
    if event.apply_from and now < event.apply_from:
        raise ValidationError(
            _("申込は%(day)sからです。")
            % {
                "day": f"{long_date(timezone.localtime(event.apply_from))} {timezone.localtime(event.apply_from):%H:%M}"
            },
            code="not_yet",
        )
    if event.apply_until and now > event.apply_until:
        raise ValidationError(_("申込の受付は終了しました。"), code="closed")
    first = event.sessions.filter(cancelled_at__isnull=True).order_by("starts_at").first()
    if first and now >= first.starts_at:
        raise ValidationError(_("申込の受付は終了しました。"), code="started")


def _check_audience(event: Event, *, volunteer: Volunteer | None, group: VolunteerGroup | None) -> None:
    if event.audience == Event.Audience.VOLUNTEERS and (
        volunteer is None or volunteer.status != VolunteerStatus.REGISTERED
    ):
        raise ValidationError(_("この講座・イベントは登録ボランティアの方が申し込めます。"), code="audience")
    if event.audience == Event.Audience.GROUPS:
        year = event.fiscal_year()
        if group is None or not VolunteerGroup.objects.registered_for(year).filter(pk=group.pk).exists():
            raise ValidationError(_("この講座・イベントは登録団体が申し込めます。"), code="audience")


def signup_create(
    *,
    event: Event,
    by=None,
    volunteer: Volunteer | None = None,
    group: VolunteerGroup | None = None,
    guest_name: str = "",
    guest_furigana: str = "",
    guest_email: str = "",
    guest_phone: str = "",
    people: int = 1,
    now: datetime.datetime | None = None,
    link_for=None,
    consent: bool = False,
) -> EventSignup:
    """Sign up under the capacity: confirmed while seats remain, otherwise on the waiting list in order.

    `link_for(token)` gives the absolute URL of the sign-up's status page (the view builds it); a guest's email
    carries it so they can check or cancel later. Nothing stores the link. `consent`: the guest agreed to the
    privacy policy on the form (kept with its version; members agreed when they registered)."""
    now = now or timezone.now()
    if not 1 <= people <= 20:
        raise ValidationError(_("人数は1〜20人で入力してください。"), code="people")
    if volunteer is None and group is None:
        if not guest_name.strip():
            raise ValidationError(_("氏名を入力してください。"), code="name")
        if not (guest_email or guest_phone):
            raise ValidationError(_("連絡先（メールアドレスか電話番号）を入力してください。"), code="contact")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(event, now)
        _check_audience(event, volunteer=volunteer, group=group)
        waiting = event.signups.filter(status=EventSignup.Status.WAITING).exists()
        free = event.capacity - confirmed_people(event)
        status = (
            EventSignup.Status.CONFIRMED if people <= free and not waiting else EventSignup.Status.WAITING
        )
        signup = EventSignup(
            event=event,
            volunteer=volunteer,
            group=group,
            guest_name=guest_name.strip(),
            guest_furigana=guest_furigana.strip(),
            guest_email=guest_email,
            guest_phone=guest_phone,
            people=people,
            status=status,
        )
        if consent:
            privacy.record_consent(signup, now=now)
        try:  # the partial unique constraints are the check: one INSERT, not a query per constraint first
            with transaction.atomic():
                signup.save()
        except IntegrityError as exc:
            raise ValidationError(
                _("この講座・イベントにはすでに申し込んでいます。"), code="duplicate"
            ) from exc
        audit.record(actor=by, action="event_signup", target=signup, changes={"status": [None, status]})
        if status == EventSignup.Status.CONFIRMED:
            subject, body = (
                _("講座・イベントの申込を受け付けました"),
                _("%(title)sへのお申し込みを受け付けました（%(n)s人）。"),
            )
        else:
            subject = _("キャンセル待ちで受け付けました")
            body = _(
                "%(title)sは満員のため、キャンセル待ちで受け付けました（%(n)s人）。空きが出たら順にご連絡します。"
            )
        text = body % {"title": event.title, "n": people} + _session_lines(event)
        private = ""
        if link_for and volunteer is None and group is None and signup.guest_email:
            # The signed link is the guest's own key: in their email only, never in the stored notice.
            private = _("申し込みの確認・取り消しはこちらから：%(url)s") % {
                "url": link_for(cancel_token(signup))
            }
        _tell(signup, subject=subject, body=text, private_text=private)
    return signup


def _session_lines(event: Event) -> str:
    lines = [
        f"\n{long_date(timezone.localtime(s.starts_at))} {timezone.localtime(s.starts_at):%H:%M}〜{timezone.localtime(s.ends_at):%H:%M}"
        for s in event.sessions.filter(cancelled_at__isnull=True)
    ]
    return "\n" + _("会場：%(venue)s") % {"venue": event.venue} + "".join(lines)


def _promote(event: Event, now: datetime.datetime) -> list[EventSignup]:
    """Move waiting people up in order while the first one fits; never skip the head of the queue."""
    promoted = []
    free = event.capacity - confirmed_people(event)
    for signup in (
        event.signups.filter(status=EventSignup.Status.WAITING)
        .select_related("volunteer", "group")
        .order_by("created_at", "pk")
    ):
        if signup.people > free:
            break
        signup.status, signup.promoted_at = EventSignup.Status.CONFIRMED, now
        signup.save(update_fields=["status", "promoted_at"])
        free -= signup.people
        promoted.append(signup)
        audit.record(
            actor=None,
            action="event_signup_promote",
            target=signup,
            changes={"status": ["waiting", "confirmed"]},
        )
        _tell(
            signup,
            subject=_("キャンセル待ちから参加が決まりました"),
            body=_("%(title)sに空きが出たため、参加が決まりました（%(n)s人）。")
            % {"title": event.title, "n": signup.people}
            + _session_lines(event),
        )
    return promoted


def signup_cancel(*, signup: EventSignup, by=None, as_staff: bool = False) -> list[EventSignup]:
    """Cancel a sign-up (the person through a link or their my page, or staff); the waiting list moves up.

    Returns the sign-ups that moved up."""
    now = timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=signup.event_id)
        signup = EventSignup.objects.select_for_update().get(pk=signup.pk)
        if signup.status == EventSignup.Status.CANCELLED:
            raise ValidationError(_("この申込はすでに取り消されています。"), code="already")
        first = event.sessions.filter(cancelled_at__isnull=True).order_by("starts_at").first()
        if not as_staff and first and now >= first.starts_at:
            raise ValidationError(_("開始後は取り消せません。センターにご連絡ください。"), code="started")
        was = signup.status
        signup.status, signup.cancelled_at = EventSignup.Status.CANCELLED, now
        signup.save(update_fields=["status", "cancelled_at"])
        audit.record(
            actor=by, action="event_signup_cancel", target=signup, changes={"status": [was, "cancelled"]}
        )
        return _promote(event, now) if not event.cancelled_at else []


def signup_called(*, signup: EventSignup, by) -> EventSignup:
    """Staff phoned a guest without email (the 要電話連絡 mark): the notice on the staff list is passed on."""
    with transaction.atomic():
        if signup.needs_call:
            notice_mark_handled(notice=signup.call_notice, by=by)
        audit.record(
            actor=by, action="event_signup_called", target=signup, changes={"needs_call": [True, False]}
        )
    return signup


# --- attendance ------------------------------------------------------------------------------------


def attendance_record(*, session: EventSession, attended_ids: set[int], by) -> int:
    """Tick who came to a session: every confirmed sign-up is recorded as present or absent. Returns how many came."""
    with transaction.atomic():
        signups = list(
            session.event.signups.filter(status=EventSignup.Status.CONFIRMED).values_list("pk", flat=True)
        )
        existing = {a.signup_id: a for a in session.attendances.select_for_update()}
        came = 0
        for pk in signups:
            present = pk in attended_ids
            came += present
            row = existing.get(pk)
            if row is None:
                EventAttendance.objects.create(
                    session=session, signup_id=pk, attended=present, recorded_by=by
                )
            elif row.attended != present:
                row.attended, row.recorded_by = present, by
                row.save(update_fields=["attended", "recorded_by", "recorded_at"])
        audit.record(actor=by, action="event_attendance", target=session, changes={"attended": [None, came]})
    return came


__all__ = [
    "attendance_record",
    "cancel_token",
    "confirmed_people",
    "event_cancel",
    "event_save",
    "session_add",
    "session_cancel",
    "signup_cancel",
    "signup_create",
    "signup_from_token",
]
