"""Reads for school lessons and outreach courses: the staff list and detail, the month calendar of decided lessons,
lecturer candidates, and the yearly numbers the plans read (`school_numbers`, one aggregate query)."""

import calendar
import dataclasses
import datetime

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.core.dates import fiscal_year_end, fiscal_year_start, per_fiscal_month
from volunteers import selectors as volunteer_selectors

from ..models import EquipmentLoan, SchoolLecturer, SchoolRequest, SchoolTheme


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


def _with_relations(qs):
    return qs.select_related("theme").prefetch_related(
        "dates", Prefetch("lecturers", SchoolLecturer.objects.select_related("volunteer", "group"))
    )


def active_themes():
    return SchoolTheme.objects.filter(is_active=True)


def staff_school_requests(
    *, status: str = "", kind: str = "", fy: int | None = None, text: str = "", theme: int | None = None
):
    """The staff list: open requests first (受付 and 調整中 need work), then by the lesson's or receipt's date."""
    qs = SchoolRequest.objects.all()
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if theme:
        qs = qs.filter(theme_id=theme)
    if fy:
        start, end = _aware(fiscal_year_start(fy)), _aware(fiscal_year_end(fy) + datetime.timedelta(days=1))
        qs = qs.filter(
            Q(starts_at__gte=start, starts_at__lt=end)
            | Q(starts_at__isnull=True, created_at__gte=start, created_at__lt=end)
        )
    if text:
        qs = qs.filter(
            Q(organisation__icontains=text) | Q(contact_name__icontains=text) | Q(place__icontains=text)
        )
    return _with_relations(qs).order_by("starts_at", "created_at", "pk")


def staff_school_request(pk: int) -> SchoolRequest:
    """One request with its dates, lecturers and equipment, or 404."""
    return get_object_or_404(
        _with_relations(SchoolRequest.objects.all()).prefetch_related(
            Prefetch(
                "equipment_loans",
                EquipmentLoan.objects.select_related("unit__kind", "unit__site").order_by("pickup_on", "pk"),
            )
        ),
        pk=pk,
    )


def lecturer_candidates(school_request: SchoolRequest, *, fiscal_year: int, text: str = "", limit: int = 10):
    """Registered volunteers and groups of the theme's activity field (or, with text, by name), best first, with
    the reasons (the coordination candidate search), leaving out those already lecturing."""
    if text:
        criteria = volunteer_selectors.CandidateCriteria(text=text)
    else:
        criteria = volunteer_selectors.CandidateCriteria(activity_field=school_request.theme.activity_field)
    taken_v = [lec.volunteer_id for lec in school_request.lecturers.all() if lec.volunteer_id]
    taken_g = [lec.group_id for lec in school_request.lecturers.all() if lec.group_id]
    volunteers = volunteer_selectors.volunteer_candidates(None, criteria).exclude(pk__in=taken_v)[:limit]
    groups = volunteer_selectors.group_candidates(None, criteria, fiscal_year).exclude(pk__in=taken_g)[:limit]
    return (
        [(v, volunteer_selectors.candidate_reasons(v, None, criteria)) for v in volunteers],
        [(g, volunteer_selectors.candidate_reasons(g, None, criteria)) for g in groups],
    )


# --- the calendar ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class CalendarDay:
    day: datetime.date
    in_month: bool
    lessons: list


@dataclasses.dataclass
class LessonMonth:
    first: datetime.date
    weeks: list[list[CalendarDay]]
    lessons: list
    previous: datetime.date
    next: datetime.date


def lesson_month(year: int, month: int) -> LessonMonth:
    """Decided and held lessons of one month, laid out Monday to Sunday, plus the same lessons as a list."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    lessons = list(
        _with_relations(
            SchoolRequest.objects.confirmed_or_held().filter(
                starts_at__gte=_aware(first), starts_at__lt=_aware(last + datetime.timedelta(days=1))
            )
        ).order_by("starts_at", "pk")
    )
    by_day: dict[datetime.date, list] = {}
    for lesson in lessons:
        by_day.setdefault(timezone.localtime(lesson.starts_at).date(), []).append(lesson)
    weeks = [
        [CalendarDay(day, day.month == month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return LessonMonth(first, weeks, lessons, previous, last + datetime.timedelta(days=1))


# --- numbers for the plans -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SchoolNumbers:
    lessons_held: int
    outreach_held: int
    pupils_reached: int
    requests: int
    cancelled: int


def school_numbers(fy: int) -> SchoolNumbers:
    """One fiscal year in one query: lessons and outreach courses held (実施済, by the lesson's day), pupils reached,
    and requests received and cancelled (by the day received)."""
    start, end = _aware(fiscal_year_start(fy)), _aware(fiscal_year_end(fy) + datetime.timedelta(days=1))
    held = Q(status=SchoolRequest.Status.HELD, starts_at__gte=start, starts_at__lt=end)
    received = Q(created_at__gte=start, created_at__lt=end)
    row = SchoolRequest.objects.aggregate(
        lessons=Count("pk", filter=held & Q(kind=SchoolRequest.Kind.LESSON)),
        outreach=Count("pk", filter=held & Q(kind=SchoolRequest.Kind.OUTREACH)),
        reached=Sum("pupils_reached", filter=held),
        requests=Count("pk", filter=received),
        cancelled=Count("pk", filter=received & Q(status=SchoolRequest.Status.CANCELLED)),
    )
    return SchoolNumbers(
        row["lessons"], row["outreach"], row["reached"] or 0, row["requests"], row["cancelled"]
    )


@dataclasses.dataclass(frozen=True)
class SchoolRecord:
    """One lesson or outreach course held (実施済), as the year-end report lists it."""

    kind: str
    day: datetime.date
    organisation: str
    grade: str
    pupils_reached: int


def school_records(fy: int) -> list[SchoolRecord]:
    """Each lesson and outreach course held in the fiscal year (as `school_numbers` counts them), by the lesson's
    day in Asia/Tokyo, in one query."""
    start, end = _aware(fiscal_year_start(fy)), _aware(fiscal_year_end(fy) + datetime.timedelta(days=1))
    rows = (
        SchoolRequest.objects.filter(
            status=SchoolRequest.Status.HELD, starts_at__gte=start, starts_at__lt=end
        )
        .order_by("starts_at", "pk")
        .values_list("kind", "starts_at", "organisation", "grade", "pupils_reached")
    )
    return [
        SchoolRecord(kind, timezone.localtime(starts).date(), organisation, grade, reached or 0)
        for kind, starts, organisation, grade, reached in rows
    ]


def school_numbers_by_month(fy: int) -> dict[str, list[int]]:
    """{"lessons_held", "outreach_held"}: twelve numbers each, April first, by the month of the lesson's day, in one
    grouped query."""
    start, end = _aware(fiscal_year_start(fy)), _aware(fiscal_year_end(fy) + datetime.timedelta(days=1))
    rows = list(
        SchoolRequest.objects.filter(
            status=SchoolRequest.Status.HELD, starts_at__gte=start, starts_at__lt=end
        )
        .annotate(month=TruncMonth("starts_at"))
        .values("kind", "month")
        .annotate(n=Count("pk"))
    )
    return {
        field: per_fiscal_month(((r["month"], r["n"]) for r in rows if r["kind"] == kind), fy)
        for field, kind in (
            ("lessons_held", SchoolRequest.Kind.LESSON),
            ("outreach_held", SchoolRequest.Kind.OUTREACH),
        )
    }
