"""Reads for courses and events, news and ぼらんてぃあ倶楽部.

For the plans (each one aggregate query):
- `events_held(fy, event_type_key=None)`: events not called off whose first (not cancelled) session falls in the
  fiscal year, optionally of one EventType.key.
- `event_participants(fy, event_type_key=None)`: over those same events, the people of confirmed sign-ups
  (EventSignup.people, status 参加; waiting and cancelled not counted) plus the walk-ins staff entered (当日参加).
- `event_attendance(fy, event_type_key=None)`: people of sign-ups ticked present, summed over sessions.
- `event_numbers(fy)`: the three per event type, grouped in one query each.
- `event_numbers_by_month(fy)`: events held and participants per type key and month of the first session
  (Asia/Tokyo), one grouped query; the months of a type sum to its `event_numbers`.
- `event_records(fy)`: the dated records behind those numbers for the year-end report: each event held with
  its session days and participants, in one query.
- `news_published(fy)` and `newsletter_issues_published(fy)`.
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core.dates import fiscal_year_end, fiscal_year_start, per_fiscal_month

from ..models import (
    Event,
    EventAttendance,
    EventSession,
    EventSignup,
    EventType,
    NewsArticle,
    NewsletterIssue,
)

# 残りわずか: this many seats or fewer, or a fifth of the capacity, whichever is larger.
FEW_SEATS = 3


class EventStatus:
    OPEN = "open"
    FEW = "few"
    FULL = "full"
    CLOSED = "closed"
    NOT_YET = "not_yet"
    CANCELLED = "cancelled"

    LABELS = {
        OPEN: _("受付中"),
        FEW: _("残りわずか"),
        FULL: _("満員（キャンセル待ち）"),
        CLOSED: _("受付終了"),
        NOT_YET: _("受付前"),
        CANCELLED: _("中止"),
    }


def _bounds(fy: int) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(fiscal_year_start(fy), datetime.time(0, 0)))
    end = timezone.make_aware(
        datetime.datetime.combine(fiscal_year_end(fy) + datetime.timedelta(days=1), datetime.time(0, 0))
    )
    return start, end


def _with_numbers(qs):
    """Annotate first/last session and the confirmed and waiting people, as subqueries (no join fan-out)."""
    confirmed = (
        EventSignup.objects.filter(event=OuterRef("pk"), status=EventSignup.Status.CONFIRMED)
        .values("event")
        .annotate(n=Sum("people"))
        .values("n")
    )
    waiting = (
        EventSignup.objects.filter(event=OuterRef("pk"), status=EventSignup.Status.WAITING)
        .values("event")
        .annotate(n=Sum("people"))
        .values("n")
    )
    first = (
        EventSession.objects.filter(event=OuterRef("pk"), cancelled_at__isnull=True)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    last = (
        EventSession.objects.filter(event=OuterRef("pk"), cancelled_at__isnull=True)
        .order_by("-ends_at")
        .values("ends_at")[:1]
    )
    return qs.annotate(
        first_starts=Subquery(first),
        last_ends=Subquery(last),
        confirmed=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0)),
        waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)),
    )


def event_status(event: Event, now: datetime.datetime | None = None) -> str:
    """受付中 / 残りわずか / 満員（キャンセル待ち）/ 受付終了 (and 受付前, 中止), from an annotated event."""
    now = now or timezone.now()
    if event.cancelled_at:
        return EventStatus.CANCELLED
    if (event.apply_until and now > event.apply_until) or (event.first_starts and now >= event.first_starts):
        return EventStatus.CLOSED
    if event.apply_from and now < event.apply_from:
        return EventStatus.NOT_YET
    free = event.capacity - event.confirmed
    if free <= 0 or event.waiting:
        return EventStatus.FULL
    if free <= max(FEW_SEATS, event.capacity // 5):
        return EventStatus.FEW
    return EventStatus.OPEN


def _decorate(events, now=None):
    for event in events:
        event.status = event_status(event, now)
        event.status_label = EventStatus.LABELS[event.status]
        event.seats_left = max(0, event.capacity - event.confirmed)
    return events


def _sessions_ending_after(now: datetime.datetime):
    """Events whose last (not cancelled) date ends after now, i.e. last_ends >= now, read from the index on ends_at
    instead of computing last_ends for every event of ten years."""
    return EventSession.objects.filter(cancelled_at__isnull=True, ends_at__gte=now).values("event_id")


def _public_qs():
    sessions = Prefetch(
        "sessions", queryset=EventSession.objects.filter(cancelled_at__isnull=True).order_by("starts_at")
    )
    return _with_numbers(Event.objects.public().select_related("event_type", "room__site")).prefetch_related(
        sessions
    )


def upcoming_events(now: datetime.datetime | None = None) -> list[Event]:
    """Published events whose last date is still ahead, soonest first."""
    now = now or timezone.now()
    qs = _public_qs().filter(pk__in=_sessions_ending_after(now)).order_by("first_starts", "pk")
    return _decorate(list(qs), now)


def home_events(n: int = 4, now: datetime.datetime | None = None) -> list[Event]:
    """The next few published events for the top page, in one query (the first date comes from the annotation)."""
    now = now or timezone.now()
    qs = (
        _with_numbers(Event.objects.public())
        .filter(pk__in=_sessions_ending_after(now))
        .order_by("first_starts", "pk")[:n]
    )
    return _decorate(list(qs), now)


def past_events(fy: int, now: datetime.datetime | None = None) -> list[Event]:
    now = now or timezone.now()
    start, end = _bounds(fy)
    qs = (
        _public_qs()
        # The index on starts_at narrows ten years to the year's events before the per-event subqueries run.
        .filter(pk__in=EventSession.objects.filter(starts_at__gte=start, starts_at__lt=end).values("event_id"))
        .filter(first_starts__gte=start, first_starts__lt=end, last_ends__lt=now)
        .order_by("-first_starts", "-pk")
    )
    return _decorate(list(qs), now)


def event_years() -> list[int]:
    """Fiscal years that have published events, newest first (for the past-events links)."""
    from config.core.dates import fiscal_year

    days = (
        Event.objects.public()
        .annotate(first=Min("sessions__starts_at"))
        .exclude(first=None)
        .values_list("first", flat=True)
    )
    return sorted({fiscal_year(timezone.localtime(d).date()) for d in days}, reverse=True)


def public_event(pk: int) -> Event | None:
    event = _public_qs().prefetch_related("participating_groups").filter(pk=pk).first()
    return _decorate([event])[0] if event else None


def staff_event(pk: int) -> Event | None:
    sessions = Prefetch(
        "sessions", queryset=EventSession.objects.order_by("starts_at").select_related("booking")
    )
    event = (
        _with_numbers(Event.objects.select_related("event_type", "room__site"))
        .prefetch_related(sessions)
        .filter(pk=pk)
        .first()
    )
    return _decorate([event])[0] if event else None


def staff_events(fy: int) -> list[Event]:
    start, end = _bounds(fy)
    qs = _with_numbers(Event.objects.select_related("event_type", "room__site"))
    qs = qs.filter(Q(first_starts__gte=start, first_starts__lt=end) | Q(first_starts=None)).order_by(
        "first_starts", "pk"
    )
    return _decorate(list(qs))


def participants(event: Event):
    """Every sign-up of an event (confirmed, waiting in order, cancelled), with the person, in one query."""
    return (
        EventSignup.objects.filter(event=event)
        .select_related("volunteer", "group", "call_notice")
        .order_by("status", "created_at", "pk")
    )


@dataclass
class RosterRow:
    signup: EventSignup
    attended: bool | None


def roster(session: EventSession) -> list[RosterRow]:
    """The confirmed sign-ups of a session's event, by furigana, with whether each was ticked present (2 queries)."""
    marks = dict(session.attendances.values_list("signup_id", "attended"))
    signups = (
        EventSignup.objects.filter(event_id=session.event_id, status=EventSignup.Status.CONFIRMED)
        .select_related("volunteer", "group", "call_notice")
        .order_by("created_at", "pk")
    )
    return [RosterRow(s, marks.get(s.pk)) for s in signups]


def my_signups(volunteer):
    return (
        EventSignup.objects.filter(volunteer=volunteer)
        .exclude(status=EventSignup.Status.CANCELLED)
        .select_related("event")
        .order_by("-created_at")
    )


# --- numbers for the plans -------------------------------------------------------------------------


def _held(fy: int, event_type_key: str | None = None):
    start, end = _bounds(fy)
    first = (
        EventSession.objects.filter(event=OuterRef("pk"), cancelled_at__isnull=True)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    in_year = EventSession.objects.filter(cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end)
    # The index on starts_at finds the year's events first; first_starts is then computed for those only.
    qs = Event.objects.filter(cancelled_at__isnull=True, pk__in=in_year.values("event_id"))
    qs = qs.annotate(first_starts=Subquery(first)).filter(first_starts__gte=start, first_starts__lt=end)
    if event_type_key:
        qs = qs.filter(event_type__key=event_type_key)
    return qs


def events_held(fy: int, event_type_key: str | None = None) -> int:
    """Events held in the fiscal year (not called off; by the first session not cancelled)."""
    return _held(fy, event_type_key).count()


def event_participants(fy: int, event_type_key: str | None = None) -> int:
    """People taking part in the events held in the fiscal year: confirmed sign-ups' people plus walk-ins."""
    held = _held(fy, event_type_key)
    signed = (
        EventSignup.objects.filter(
            event__in=held.values("pk"), status=EventSignup.Status.CONFIRMED
        ).aggregate(n=Sum("people"))["n"]
        or 0
    )
    walk_ins = held.aggregate(n=Sum("walk_ins"))["n"] or 0
    return signed + walk_ins


def event_attendance(fy: int, event_type_key: str | None = None) -> int:
    """Attendances ticked present (people) at sessions of the events held in the fiscal year."""
    held = _held(fy, event_type_key)
    return (
        EventAttendance.objects.filter(session__event__in=held.values("pk"), attended=True).aggregate(
            n=Sum("signup__people")
        )["n"]
        or 0
    )


@dataclass
class TypeNumbers:
    event_type: EventType
    held: int
    participants: int
    attendance: int


def event_numbers(fy: int) -> list[TypeNumbers]:
    """Per event type: events held, participants, attendance (one grouped aggregate query each)."""
    held = _held(fy)
    counts = dict(held.values("event_type").annotate(n=Count("pk")).values_list("event_type", "n"))
    signed = dict(
        EventSignup.objects.filter(event__in=held.values("pk"), status=EventSignup.Status.CONFIRMED)
        .values("event__event_type")
        .annotate(n=Sum("people"))
        .values_list("event__event_type", "n")
    )
    walk = dict(held.values("event_type").annotate(n=Sum("walk_ins")).values_list("event_type", "n"))
    came = dict(
        EventAttendance.objects.filter(session__event__in=held.values("pk"), attended=True)
        .values("session__event__event_type")
        .annotate(n=Sum("signup__people"))
        .values_list("session__event__event_type", "n")
    )
    return [
        TypeNumbers(
            t, counts.get(t.pk, 0), (signed.get(t.pk) or 0) + (walk.get(t.pk) or 0), came.get(t.pk) or 0
        )
        for t in EventType.objects.all()
    ]


def _confirmed_people():
    return Coalesce(
        Subquery(
            EventSignup.objects.filter(event=OuterRef("pk"), status=EventSignup.Status.CONFIRMED)
            .values("event")
            .annotate(n=Sum("people"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def event_numbers_by_month(fy: int) -> dict[str, dict[str, list[int]]]:
    """{type key: {"held", "participants"}} as twelve numbers each, April first, by the month of the first session."""
    rows = list(
        _held(fy)
        .annotate(month=TruncMonth("first_starts"), signed=_confirmed_people())
        .values("event_type__key", "month")
        .annotate(held=Count("pk"), people=Sum("signed"), walk=Sum("walk_ins"))
    )
    out = {}
    for key in EventType.objects.values_list("key", flat=True):
        mine = [r for r in rows if r["event_type__key"] == key]
        out[key] = {
            "held": per_fiscal_month(((r["month"], r["held"]) for r in mine), fy),
            "participants": per_fiscal_month(
                ((r["month"], (r["people"] or 0) + (r["walk"] or 0)) for r in mine), fy
            ),
        }
    return out


@dataclass(frozen=True)
class EventRecord:
    """One event held, as the year-end report lists it: title, the days of its sessions, participants."""

    event_type_key: str
    title: str
    days: list[datetime.date]
    participants: int


def event_records(fy: int) -> list[EventRecord]:
    """Each event held in the fiscal year (as `events_held` counts them), by first session, in one query."""
    rows = (
        _held(fy)
        .annotate(
            starts=ArrayAgg(
                "sessions__starts_at",
                filter=Q(sessions__cancelled_at__isnull=True),
                order_by="sessions__starts_at",
                default=Value([]),
            ),
            signed=_confirmed_people(),
        )
        .order_by("first_starts", "pk")
        .values_list("event_type__key", "title", "starts", "signed", "walk_ins")
    )
    return [
        EventRecord(
            event_type_key=key,
            title=title,
            days=list(dict.fromkeys(timezone.localtime(s).date() for s in starts)),
            participants=signed + walk_ins,
        )
        for key, title, starts, signed, walk_ins in rows
    ]


def news_published_by_month(fy: int) -> list[int]:
    """News articles published, by the month of the 掲載日."""
    rows = (
        NewsArticle.objects.filter(
            is_published=True, published_on__gte=fiscal_year_start(fy), published_on__lte=fiscal_year_end(fy)
        )
        .annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return per_fiscal_month(((r["month"], r["n"]) for r in rows), fy)


def news_published(fy: int) -> int:
    """News articles published with a 掲載日 in the fiscal year."""
    return NewsArticle.objects.filter(
        is_published=True, published_on__gte=fiscal_year_start(fy), published_on__lte=fiscal_year_end(fy)
    ).count()


def newsletter_issues_published(fy: int) -> int:
    """ぼらんてぃあ倶楽部 issues published with a 発行日 in the fiscal year."""
    return NewsletterIssue.objects.filter(
        is_published=True, issued_on__gte=fiscal_year_start(fy), issued_on__lte=fiscal_year_end(fy)
    ).count()


# --- news and the newsletter -----------------------------------------------------------------------


def latest_news(n: int = 5):
    return NewsArticle.objects.filter(is_published=True, published_on__lte=timezone.localdate())[:n]


def public_news():
    return NewsArticle.objects.filter(is_published=True, published_on__lte=timezone.localdate())


def newsletter_archive(fy: int | None = None):
    qs = NewsletterIssue.objects.filter(is_published=True)
    if fy is not None:
        qs = qs.filter(issued_on__gte=fiscal_year_start(fy), issued_on__lte=fiscal_year_end(fy))
    return qs


def newsletter_years() -> list[int]:
    from config.core.dates import fiscal_year

    return sorted(
        {
            fiscal_year(d)
            for d in NewsletterIssue.objects.filter(is_published=True).values_list("issued_on", flat=True)
        },
        reverse=True,
    )
