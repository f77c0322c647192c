"""Writes for room bookings: by a group (checked against the site's rules), by staff, and cancellations."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core import audit
from config.core.dates import closed_days, fiscal_year, fiscal_year_label, long_date, month_day
from volunteers.models import VolunteerGroup
from volunteers.services.notices import notify

from ..models import OVERLAP_MESSAGE, BookingRules, GroupCalendar, Room, RoomBooking, calendar_token_digest


def aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def check_room_open(*, room: Room, start: datetime.datetime, end: datetime.datetime) -> None:
    """The site is open that day and the time lies inside the room's bookable hours for the weekday."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    day = start.date()
    if end.date() != day and end.time() != datetime.time(0, 0):
        raise ValidationError(_("予約は1日の中で開始と終了を選んでください。"), code="multiday")
    reason = closed_days(room.site, day, day).get(day)
    if reason:
        # A plain closed weekday's reason is 「休所日」 itself: never 「休所日（休所日）」.
        if reason == _("休所日"):
            message = _("%(day)sは休所日のため予約できません。") % {"day": month_day(day)}
        else:
            message = _("%(day)sは休所日（%(reason)s）のため予約できません。") % {"day": month_day(day), "reason": reason}
        raise ValidationError(message, code="closed")
    hours = room.hours.filter(weekday=day.weekday()).first()
    if hours is None:
        raise ValidationError(_("この曜日はこの部屋を貸し出していません。"), code="no_hours")
    if start.time() < hours.opens or end.time() > hours.closes or end.time() == datetime.time(0, 0):
        raise ValidationError(
            _("この部屋の利用時間は%(opens)s〜%(closes)sです。") % {"opens": f"{hours.opens:%-H:%M}", "closes": f"{hours.closes:%-H:%M}"}, code="outside_hours",
        )


def not_registered_message(day: datetime.date) -> str:
    """Which fiscal year's registration a booking on that day needs, and what to do about it."""
    label = fiscal_year_label(fiscal_year(day))
    return _(
        "%(date)sは%(year)sです。%(year)sの団体登録が承認されていないため、この日は予約できません。"
        "団体のページから%(year)sの登録（更新）を申請し、承認されてから予約してください。"
    ) % {"date": long_date(day), "year": label}


def _check_group_rules(
    *, room: Room, group: VolunteerGroup, start: datetime.datetime, end: datetime.datetime, now: datetime.datetime
) -> None:
    rules = BookingRules.for_site(room.site)
    if start <= now:
        raise ValidationError(_("過去の日時は予約できません。"), code="past")
    if start.date() > now.date() + datetime.timedelta(days=rules.max_days_ahead):
        raise ValidationError(_("予約できるのは%(days)s日先までです。") % {"days": rules.max_days_ahead}, code="too_far")
    hours = (end - start).total_seconds() / 3600
    if hours > rules.max_hours_per_booking:
        raise ValidationError(_("1回に予約できるのは%(hours)s時間までです。") % {"hours": rules.max_hours_per_booking}, code="too_long")
    # The fiscal year of the booked day, not today's: in February a group books April under next year's registration.
    if not VolunteerGroup.objects.registered_for(fiscal_year(start.date())).filter(pk=group.pk).exists():
        raise ValidationError(not_registered_message(start.date()), code="not_registered")
    month_start = aware(start.date().replace(day=1), datetime.time(0, 0))
    next_month = (start.date().replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    month = (
        RoomBooking.objects.active()
        .filter(group=group, room__site=room.site, during__overlap=(month_start, aware(next_month, datetime.time(0, 0))))
        .aggregate(count=Count("pk"), total=Sum(F("during__endswith") - F("during__startswith")))
    )
    if month["count"] >= rules.max_bookings_per_month:
        raise ValidationError(
            _("この拠点で1か月に予約できるのは%(count)s件までです。") % {"count": rules.max_bookings_per_month}, code="monthly_count",
        )
    used = (month["total"] or datetime.timedelta()).total_seconds() / 3600
    if used + hours > rules.max_hours_per_month:
        raise ValidationError(
            _("この拠点で1か月に予約できるのは合計%(hours)s時間までです（この月は%(used)s時間予約済み）。")
            % {"hours": rules.max_hours_per_month, "used": f"{used:g}"},
            code="monthly_hours",
        )


def _save(booking: RoomBooking) -> RoomBooking:
    booking.full_clean()  # the friendly message in the common case
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:  # a concurrent request won the race: the exclusion constraint said no
        raise ValidationError(OVERLAP_MESSAGE, code="overlap") from exc
    return booking


def room_booking_create(
    *, room: Room, group: VolunteerGroup, start: datetime.datetime, end: datetime.datetime, purpose: str, by,
    now: datetime.datetime | None = None,
) -> RoomBooking:
    """Book a room for a group under the site's rules; the database guarantees no overlap.

    `now` is the moment the rules are checked against (tests pass it; everyone else leaves it out)."""
    now = timezone.localtime(now) if now else timezone.localtime()
    if start >= end:
        raise ValidationError(_("終了時刻は開始時刻より後にしてください。"), code="order")
    if not room.is_active:
        raise ValidationError(_("この部屋は現在貸し出していません。"), code="inactive")
    check_room_open(room=room, start=start, end=end)
    with transaction.atomic():
        # Lock the group so two bookings by the same group cannot both slip under the monthly cap.
        VolunteerGroup.objects.select_for_update().get(pk=group.pk)
        _check_group_rules(
            room=room, group=group, start=timezone.localtime(start), end=timezone.localtime(end), now=now,
        )
        booking = _save(
            RoomBooking(
                room=room, group=group, kind=RoomBooking.Kind.GROUP, during=DateTimeTZRange(start, end),
                purpose=purpose, created_by=by,
            )
        )
        audit.record(actor=by, action="room_booking_create", target=booking, changes={"during": [None, str(booking)]})
        notify(
            group=group,
            subject=_("部屋の予約を受け付けました"),
            body=_(
                "%(group)s 様\n\n次のとおり部屋の予約を受け付けました。\n\n"
                "部屋：%(room)s\n日時：%(day)s %(start)s〜%(end)s\n"
                "利用目的：%(purpose)s\n\n取り消しは利用開始の%(hours)s時間前まで、"
                "マイページの「部屋の予約」からできます。"
            ) % {
                "group": group.name, "room": room, "day": long_date(booking.start), "start": f"{booking.start:%H:%M}",
                "end": f"{booking.end:%H:%M}", "purpose": purpose, "hours": BookingRules.for_site(room.site).cancel_deadline_hours,
            },
        )
    return booking


def room_booking_create_for_center(
    *, room: Room, kind: str, start: datetime.datetime, end: datetime.datetime, purpose: str, by
) -> RoomBooking:
    """Staff take a room for the center's own use or block it (maintenance); no group rules apply."""
    if kind not in (RoomBooking.Kind.CENTER, RoomBooking.Kind.BLOCK):
        raise ValidationError(_("センター使用か利用停止を選んでください。"), code="kind")
    if start >= end:
        raise ValidationError(_("終了時刻は開始時刻より後にしてください。"), code="order")
    booking = _save(RoomBooking(room=room, kind=kind, during=DateTimeTZRange(start, end), purpose=purpose, created_by=by))
    audit.record(actor=by, action="room_booking_create", target=booking, changes={"kind": [None, kind]})
    return booking


def room_booking_cancel(*, booking: RoomBooking, by, reason: str, as_staff: bool = False) -> RoomBooking:
    """Cancel a booking, keeping it in history; a group may cancel only until the site's deadline."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("取り消しの理由を入力してください。"), code="reason")
    with transaction.atomic():
        booking = RoomBooking.objects.select_for_update(of=("self",)).select_related("room__site", "group").get(pk=booking.pk)
        if booking.cancelled_at:
            raise ValidationError(_("この予約はすでに取り消されています。"), code="already")
        if not as_staff and timezone.now() > booking.cancel_deadline():
            raise ValidationError(
                _("取り消しの期限（%(deadline)s）を過ぎています。センターに電話でご連絡ください。")
                % {"deadline": f"{month_day(booking.cancel_deadline())} {booking.cancel_deadline():%H:%M}"},
                code="deadline",
            )
        booking.cancelled_at = timezone.now()
        booking.cancelled_by = by
        booking.cancel_reason = reason
        booking.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        audit.record(actor=by, action="room_booking_cancel", target=booking, changes={"cancel_reason": [None, reason]})
        if as_staff and booking.group:
            notify(
                group=booking.group,
                subject=_("部屋の予約が取り消されました"),
                body=_(
                    "%(group)s 様\n\n次の予約はセンターにより取り消されました。\n\n部屋：%(room)s\n"
                    "日時：%(day)s %(start)s〜%(end)s\n理由：%(reason)s"
                ) % {
                    "group": booking.group.name, "room": booking.room, "day": long_date(booking.start),
                    "start": f"{booking.start:%H:%M}", "end": f"{booking.end:%H:%M}", "reason": reason,
                },
            )
    return booking


def group_calendar_issue(*, group: VolunteerGroup, by) -> str:
    """Issue the group's private iCal token and return it; only its digest is kept, so it is shown once.

    Issuing again replaces the token: the old URL stops working (when it leaked or was lost)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar, created = GroupCalendar.objects.select_for_update().get_or_create(
            group=group, defaults={"token_digest": calendar_token_digest(token), "issued_by": by},
        )
        if not created:
            calendar.token_digest = calendar_token_digest(token)
            calendar.issued_at = timezone.now()
            calendar.issued_by = by
            calendar.save(update_fields=["token_digest", "issued_at", "issued_by"])
        # The log says that a URL was issued, never the token itself.
        audit.record(actor=by, action="group_calendar_issue", target=calendar,
                     changes={"token": ["***" if not created else None, "***"]})
    return token
