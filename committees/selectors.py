"""Reads of the committees app. Public reads show names and organisations of members only, published minutes and
published materials; member reads add the unpublished materials and the comments. Nothing here reads volunteers."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.core import roles
from config.core.dates import fiscal_month_index, fiscal_year

from .models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Material,
    Meeting,
    Minutes,
    Observation,
    PlanComment,
)


def committees():
    return Committee.objects.select_related("rule").all()


def get_committee(key: str) -> Committee:
    return get_object_or_404(Committee.objects.select_related("rule"), key=key)


def current_members(committee: Committee, day: datetime.date | None = None):
    """Members whose term covers the day: for the public page only name, organisation and role are shown."""
    return (
        CommitteeMember.objects.filter(committee=committee)
        .current(day)
        .only("name", "organisation", "role", "furigana", "committee_id")
        .order_by("role", "furigana", "pk")
    )


def is_current_member(user, day: datetime.date | None = None) -> bool:
    """Whether the account has a running term on any committee (the 運営委員 role counts only then)."""
    return CommitteeMember.objects.filter(user=user).current(day).exists()


def can_see_unpublished(user) -> bool:
    return roles.can(user, "committee_pages")


def _materials(user):
    qs = Material.objects.order_by("pk")
    return qs if can_see_unpublished(user) else qs.filter(published_at__isnull=False)


def meetings_for(user, qs):
    """Meetings with the agenda and the materials this user may see, and published minutes (or all for members)."""
    return qs.select_related("committee", "minutes").prefetch_related(
        Prefetch("agenda", queryset=AgendaItem.objects.order_by("order", "pk")),
        Prefetch("materials", queryset=_materials(user), to_attr="visible_materials"),
    )


def schedule(committee: Committee, fy: int, user):
    return meetings_for(user, committee.meetings.in_fiscal_year(fy))


def archive_years(committee: Committee) -> list[int]:
    dates = committee.meetings.held().dates("date", "month", order="DESC")
    return sorted({fiscal_year(d) for d in dates}, reverse=True)


def archive(committee: Committee, fy: int, user):
    """Held meetings of a fiscal year with published minutes or published materials (what the public may read)."""
    qs = committee.meetings.in_fiscal_year(fy).held()
    return meetings_for(user, qs)


def get_meeting_for_user(user, pk: int) -> Meeting:
    """A meeting with its agenda and the materials this user may see; 404 when there is none."""
    return get_object_or_404(meetings_for(user, Meeting.objects.all()), pk=pk)


def get_observation(pk) -> Observation | None:
    return Observation.objects.select_related("meeting__committee").filter(pk=pk).first() if pk else None


def members_on(meeting: Meeting) -> list[tuple[CommitteeMember, bool]]:
    """The members whose term covers the meeting's day, each with whether they were present (staff's form)."""
    members = CommitteeMember.objects.filter(committee=meeting.committee).current(meeting.date)
    present = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    return [(m, m.pk in present) for m in members]


def get_meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("committee", "committee__rule"), pk=pk)


def published_minutes(meeting: Meeting) -> Minutes | None:
    minutes = getattr(meeting, "minutes", None)
    return minutes if minutes and minutes.status == Minutes.Status.PUBLISHED else None


def get_material_for_user(user, pk: int) -> Material:
    """The material if this user may read it (published, or a current member or staff); 404 otherwise."""
    return get_object_or_404(_materials(user).select_related("meeting"), pk=pk)


def upcoming_for_members(user, today: datetime.date | None = None, limit: int = 6):
    today = today or timezone.localdate()
    return meetings_for(user, Meeting.objects.upcoming(today))[:limit]


def seats(meeting: Meeting) -> dict:
    taken = sum(o.people for o in meeting.observations.all() if o.cancelled_at is None)
    return {"limit": meeting.seat_limit, "taken": taken, "free": max(meeting.seat_limit - taken, 0)}


def observers(meeting: Meeting):
    """Staff only: the applications of a meeting in the order they came."""
    return Observation.objects.filter(meeting=meeting).order_by("number")


def staff_meetings(fy: int):
    return (
        Meeting.objects.in_fiscal_year(fy)
        .select_related("committee", "minutes")
        .annotate(
            observers=Count(
                "observations__pk", filter=Q(observations__cancelled_at__isnull=True), distinct=True
            ),
            present=Count("attendance__pk", filter=Q(attendance__present=True), distinct=True),
        )
        .order_by("date", "committee__order")
    )


def item_comments(item_id: int):
    """A plan item's comments with their answers, oldest first (members and staff only)."""
    return (
        PlanComment.objects.filter(item_id=item_id, answer_to__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("answers", queryset=PlanComment.objects.select_related("author")))
    )


def recent_comments(limit: int = 10):
    return (
        PlanComment.objects.filter(answer_to__isnull=True)
        .select_related("author", "item")
        .order_by("-created_at")[:limit]
    )


# --- numbers for the plans --------------------------------------------------------------------------


def meeting_numbers(fy: int) -> dict[str, dict[str, int]]:
    """Per committee key: meetings held in the fiscal year and members present in them, in one grouped query."""
    rows = (
        Meeting.objects.in_fiscal_year(fy)
        .held()
        .values("committee__key")
        .annotate(
            held=Count("pk", distinct=True),
            attendance=Count("attendance__pk", filter=Q(attendance__present=True)),
        )
    )
    return {r["committee__key"]: {"held": r["held"], "attendance": r["attendance"]} for r in rows}


def meeting_numbers_by_month(fy: int) -> dict[str, dict[str, list[int]]]:
    """Per committee key: meetings held and members present as twelve numbers each, April first, by the meeting's
    month, from the same rows as `meeting_records` (one query per fiscal year)."""
    out: dict[str, dict[str, list[int]]] = {}
    for r in meeting_records(fy):
        numbers = out.setdefault(r.committee_key, {"held": [0] * 12, "attendance": [0] * 12})
        index = fiscal_month_index(r.date, fy)
        numbers["held"][index] += 1
        numbers["attendance"][index] += r.present
    return out


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting held, as the year-end report lists it: its day, its number in the year and who attended."""

    committee_key: str
    date: datetime.date
    number: int  # 第1回, counted per committee within the fiscal year
    present: int


def meeting_records(fy: int) -> list[MeetingRecord]:
    """Each meeting held in the fiscal year (as `meeting_numbers` counts them), by day, in one grouped query."""
    rows = (
        Meeting.objects.in_fiscal_year(fy)
        .held()
        .values("committee__key", "date", "pk")
        .annotate(present=Count("attendance__pk", filter=Q(attendance__present=True)))
        .order_by("date", "start_time", "pk")
    )
    counted: dict[str, int] = {}
    out = []
    for r in rows:
        counted[r["committee__key"]] = counted.get(r["committee__key"], 0) + 1
        out.append(MeetingRecord(r["committee__key"], r["date"], counted[r["committee__key"]], r["present"]))
    return out
