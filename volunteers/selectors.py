"""Reads that other parts of the system reuse: the yearly counts (for the plans) and object look-ups per user.

The counts are single aggregate queries, so a progress page costs a few queries whatever the data size.
"""

from typing import NamedTuple

from django.db.models import Count, Q, Sum
from django.http import Http404

from config.core import roles
from config.core.dates import fiscal_year_end, fiscal_year_start

from .models import GroupRegistration, Volunteer, VolunteerGroup
from .models.people import VolunteerStatus


def new_registrations(fy: int) -> int:
    """Volunteers approved (registered_on) in the fiscal year: the plan's 新規登録者数."""
    return Volunteer.objects.filter(registered_on__range=(fiscal_year_start(fy), fiscal_year_end(fy))).count()


class ActiveVolunteers(NamedTuple):
    individuals: int
    group_members: int

    @property
    def total(self) -> int:
        return self.individuals + self.group_members


def active_volunteers(fy: int) -> ActiveVolunteers:
    """People active in the fiscal year: individuals registered at some time in it, and members of groups registered for it.

    An individual counts when approved by the year's end and not withdrawn before its start. Those
    on 休止 today are left out: the system keeps their current status only, not when it began.
    """
    start, end = fiscal_year_start(fy), fiscal_year_end(fy)
    individuals = (
        Volunteer.objects.filter(registered_on__lte=end)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=start))
        .exclude(status=VolunteerStatus.SUSPENDED)
        .count()
    )
    members = GroupRegistration.objects.filter(fiscal_year=fy, status=GroupRegistration.Status.APPROVED).aggregate(
        n=Sum("members_count")
    )["n"]
    return ActiveVolunteers(individuals=individuals, group_members=members or 0)


def registered_groups(fy: int) -> int:
    """Groups whose registration for the fiscal year is approved."""
    return GroupRegistration.objects.filter(fiscal_year=fy, status=GroupRegistration.Status.APPROVED).aggregate(
        n=Count("group", distinct=True)
    )["n"]


def get_volunteer_for_user(user, pk: int) -> Volunteer:
    """A volunteer record the user may see: staff any, a volunteer only their own; otherwise 404."""
    qs = Volunteer.objects.select_related("user", "approved_by")
    if not roles.can(user, "personal_data"):
        if not getattr(user, "is_authenticated", False):
            raise Http404
        qs = qs.filter(user=user)
    try:
        return qs.get(pk=pk)
    except Volunteer.DoesNotExist as exc:
        raise Http404 from exc


def get_group_for_user(user, pk: int) -> VolunteerGroup:
    """A group the user may see in full: staff any, a representative only their own groups; otherwise 404."""
    qs = VolunteerGroup.objects.select_related("representative")
    if not roles.can(user, "personal_data"):
        if not roles.can(user, "group_pages"):
            raise Http404
        qs = qs.represented_by(user)
    try:
        return qs.get(pk=pk)
    except VolunteerGroup.DoesNotExist as exc:
        raise Http404 from exc


# --- Coordination and consultations (依頼・紹介・相談) ---------------------------------------------------
# Appended by the coordination work: the plan's counts for introductions and consultations, the
# per-user look-ups for requests, introductions and consultations, the candidate search and the
# request's history.

import dataclasses  # noqa: E402
import datetime  # noqa: E402

from django.contrib.postgres.fields import ArrayField  # noqa: E402
from django.db import models as _models  # noqa: E402
from django.db.models import Case, Exists, F, OuterRef, Subquery, Value, When  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.utils import timezone  # noqa: E402

from config.core.models import AuditEntry  # noqa: E402

from .models import (  # noqa: E402
    ActivityField,
    Consultation,
    HelpRequest,
    Introduction,
    RequestComment,
)
from .models.fields import AVAILABILITY_LABELS  # noqa: E402

# An introduction succeeded when the activity started; one that has since ended (終了) had started too.
_SUCCEEDED = Q(status=Introduction.Status.ACTIVE) | Q(status=Introduction.Status.ENDED, started_on__isnull=False)
_COUNTED = Q(introduced_on__isnull=False) & ~Q(status=Introduction.Status.APPLIED)


def _fy_range(fy: int) -> tuple[datetime.date, datetime.date]:
    return fiscal_year_start(fy), fiscal_year_end(fy)


def introductions(fy: int) -> int:
    """Introductions made in the fiscal year (by introduced_on), each once: the plan's 紹介件数 (240件/年 in 2020)."""
    return Introduction.objects.filter(_COUNTED, introduced_on__range=_fy_range(fy)).count()


def introduction_success_rate(fy: int) -> float | None:
    """活動開始 ÷ introductions made in the fiscal year, as a fraction (0.25 = 25 %); None when there were none."""
    totals = Introduction.objects.filter(_COUNTED, introduced_on__range=_fy_range(fy)).aggregate(
        made=Count("pk"), succeeded=Count("pk", filter=_SUCCEEDED)
    )
    return totals["succeeded"] / totals["made"] if totals["made"] else None


def consultations(fy: int) -> int:
    """Consultations received in the fiscal year (相談受付件数)."""
    return Consultation.objects.filter(received_on__range=_fy_range(fy)).count()


def coordination_staff_counts(user) -> dict[str, int]:
    """The numbers on the staff home's coordination links: open requests, my open follow-ups, applications waiting."""
    requests = HelpRequest.objects.aggregate(open=Count("pk", filter=~Q(status=HelpRequest.Status.CLOSED)))
    mine = Consultation.objects.filter(staff=user, status=Consultation.Status.OPEN).aggregate(
        open=Count("pk"), due=Count("pk", filter=Q(follow_up_on__lte=timezone.localdate()))
    )
    waiting = Introduction.objects.filter(status=Introduction.Status.APPLIED).count()
    return {"open_requests": requests["open"], "my_follow_ups": mine["open"], "my_follow_ups_due": mine["due"],
            "applications_waiting": waiting}


def get_request_for_user(user, pk: int) -> HelpRequest:
    """A request with its requester's data: staff only; everyone else gets 404 (the public see 募集 instead)."""
    if not roles.can(user, "personal_data"):
        raise Http404
    try:
        return HelpRequest.objects.select_related("activity_field", "created_by").get(pk=pk)
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc


def get_published_request(pk: int) -> HelpRequest:
    """A request as a public 募集: only published, open ones; the caller shows only the public fields."""
    try:
        return (
            HelpRequest.objects.select_related("activity_field")
            .exclude(status=HelpRequest.Status.CLOSED)
            .get(pk=pk, is_published=True)
        )
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc


def published_requests():
    """The public 募集 listing, newest first, with only what the public may see loaded."""
    return (
        HelpRequest.objects.filter(is_published=True)
        .exclude(status=HelpRequest.Status.CLOSED)
        .select_related("activity_field")
        .only("pk", "public_title", "public_description", "activity_field__name", "place", "schedule",
              "starts_on", "ends_on", "volunteers_needed", "received_on")
    )


def get_introduction_for_user(user, pk: int) -> Introduction:
    """An introduction: staff any; a volunteer only one made to themselves; otherwise 404 (a changed id reveals nothing)."""
    qs = Introduction.objects.select_related("request", "request__activity_field", "volunteer", "group")
    if not roles.can(user, "personal_data"):
        if not getattr(user, "is_authenticated", False):
            raise Http404
        qs = qs.filter(volunteer__user=user)
    try:
        return qs.get(pk=pk)
    except Introduction.DoesNotExist as exc:
        raise Http404 from exc


def introductions_for_volunteer(volunteer):
    """What a volunteer's my page shows: the introductions offered to them and their applications."""
    return (
        Introduction.objects.filter(volunteer=volunteer)
        .select_related("request", "request__activity_field")
        .order_by("-created_at", "-pk")
    )


def get_consultation_for_user(user, pk: int) -> Consultation:
    """A consultation: staff only (it names the person who consulted); otherwise 404."""
    if not roles.can(user, "personal_data"):
        raise Http404
    try:
        return Consultation.objects.select_related("volunteer", "group", "staff").get(pk=pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc


# Candidate search -------------------------------------------------------------------------------------

_ACTIVE_INTRODUCTION = [Introduction.Status.PROPOSED, Introduction.Status.ACTIVE]


@dataclasses.dataclass(frozen=True)
class CandidateCriteria:
    activity_field: ActivityField | None = None
    slots: tuple[str, ...] = ()
    in_city: bool = False
    area: str = ""
    text: str = ""


def volunteer_candidates(help_request: HelpRequest, criteria: CandidateCriteria):
    """Registered volunteers matching the criteria, best first: the request's field, most shared time slots,
    living in the city, then those with the fewest introductions under way (spread the work)."""
    qs = Volunteer.objects.active()
    if criteria.activity_field:
        qs = qs.filter(activity_fields=criteria.activity_field)
    if criteria.slots:
        qs = qs.filter(availability__overlap=list(criteria.slots))
    if criteria.in_city:
        qs = qs.filter(lives_in_city=True)
    if criteria.area:
        qs = qs.filter(address__icontains=criteria.area)
    if criteria.text:
        qs = qs.search(criteria.text)
    through = Volunteer.activity_fields.through
    field_id = criteria.activity_field.pk if criteria.activity_field else help_request.activity_field_id
    field_match = (
        Exists(through.objects.filter(volunteer_id=OuterRef("pk"), activityfield_id=field_id)) if field_id else Value(False)
    )
    busy = (
        Introduction.objects.filter(volunteer=OuterRef("pk"), status__in=_ACTIVE_INTRODUCTION)
        .order_by().values("volunteer").annotate(n=Count("pk")).values("n")
    )
    shared = (
        _ArrayIntersectionSize(F("availability"), Value(list(criteria.slots), output_field=ArrayField(_models.CharField())))
        if criteria.slots else Value(0)
    )
    return (
        qs.annotate(
            field_match=field_match,
            shared_slots=shared,
            busy=Coalesce(Subquery(busy, output_field=_models.IntegerField()), 0),
            already=Exists(Introduction.objects.filter(request=help_request, volunteer=OuterRef("pk"))),
        )
        .annotate(
            score=Case(When(field_match=True, then=Value(3)), default=Value(0))
            + F("shared_slots")
            + Case(When(lives_in_city=True, then=Value(1)), default=Value(0))
        )
        .prefetch_related("activity_fields")
        .only("pk", "name", "furigana", "address", "lives_in_city", "availability", "availability_note", "email")
        .order_by("-score", "busy", "furigana_key", "pk")
    )


class _ArrayIntersectionSize(_models.Func):
    """How many elements two arrays share (PostgreSQL has no built-in for it)."""

    output_field = _models.IntegerField()

    def as_sql(self, compiler, connection, **extra):
        first, second = self.get_source_expressions()
        first_sql, first_params = compiler.compile(first)
        second_sql, second_params = compiler.compile(second)
        sql = f"cardinality(ARRAY(SELECT unnest({first_sql}) INTERSECT SELECT unnest({second_sql})))"
        return sql, (*first_params, *second_params)


def group_candidates(help_request: HelpRequest, criteria: CandidateCriteria, fiscal_year: int):
    """Groups registered for the fiscal year matching the field and area, those in the request's field first."""
    qs = VolunteerGroup.objects.registered_for(fiscal_year)
    if criteria.activity_field:
        qs = qs.filter(activity_fields=criteria.activity_field)
    if criteria.area:
        qs = qs.filter(Q(activity_area__icontains=criteria.area) | Q(meeting_place__icontains=criteria.area))
    if criteria.text:
        qs = qs.search(criteria.text)
    through = VolunteerGroup.activity_fields.through
    field_id = criteria.activity_field.pk if criteria.activity_field else help_request.activity_field_id
    field_match = (
        Exists(through.objects.filter(volunteergroup_id=OuterRef("pk"), activityfield_id=field_id)) if field_id else Value(False)
    )
    return (
        qs.annotate(
            field_match=field_match,
            already=Exists(Introduction.objects.filter(request=help_request, group=OuterRef("pk"))),
        )
        .prefetch_related("activity_fields")
        .only("pk", "name", "name_kana", "activity_area", "meeting_place", "meeting_days", "members_count")
        .order_by("-field_match", "name_kana_key", "pk")
    )


def candidate_reasons(candidate, help_request: HelpRequest, criteria: CandidateCriteria) -> list[str]:
    """Why a volunteer or group is on the list, in words staff read aloud on the phone."""
    reasons = []
    field_id = criteria.activity_field.pk if criteria.activity_field else help_request.activity_field_id
    for field in candidate.activity_fields.all():
        if field.pk == field_id:
            reasons.append(f"分野：{field.name}")
    if isinstance(candidate, Volunteer):
        shared = [AVAILABILITY_LABELS[s] for s in candidate.availability if s in criteria.slots and s in AVAILABILITY_LABELS]
        if shared:
            reasons.append("活動できる日時：" + "、".join(shared))
        if candidate.lives_in_city:
            reasons.append("市内在住")
        if criteria.area and criteria.area in (candidate.address or ""):
            reasons.append(f"住所に「{criteria.area}」")
    else:
        for attr in ("activity_area", "meeting_place"):
            if criteria.area and criteria.area in (getattr(candidate, attr) or ""):
                reasons.append(f"活動地域・場所に「{criteria.area}」")
                break
    if criteria.text:
        reasons.append(f"名前・フリガナに「{criteria.text}」")
    return reasons


# A request's history -----------------------------------------------------------------------------------

_ACTION_LABELS = {
    "request_create": "依頼を受付",
    "request_update": "依頼内容を変更",
    "request_status": "状態を変更",
    "request_close": "依頼を終了",
    "request_reopen": "依頼を再開",
    "request_publish": "募集の公開設定を変更",
    "introduction_create": "紹介",
    "introduction_apply": "応募",
    "introduction_status": "紹介の状態を変更",
    "introduction_response": "本人が回答",
}


@dataclasses.dataclass
class HistoryEvent:
    at: datetime.datetime
    actor: str
    title: str
    lines: list[str]
    is_comment: bool = False


def _field_label_and_value(name: str, value) -> tuple[str, str]:
    for model in (HelpRequest, Introduction):
        try:
            field = model._meta.get_field(name.removesuffix("_id"))
        except Exception:  # noqa: BLE001 — not a field of this model; try the next
            continue
        if field.choices and value not in (None, ""):
            value = dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            value = "はい" if value else "いいえ"
        return str(field.verbose_name), "" if value in (None, "") else str(value)
    labels = {"introducee": "紹介先", "introduction": "紹介番号", "received_via": "受付方法"}
    if name == "received_via" and value:
        value = dict(HelpRequest.Via.choices).get(value, value)
    return labels.get(name, name), "" if value in (None, "") else str(value)


def request_history(help_request: HelpRequest) -> list[HistoryEvent]:
    """Everything that happened to a request, oldest first: audit entries and the comment log, in two queries."""
    events = []
    entries = AuditEntry.objects.filter(target_type=HelpRequest._meta.label_lower, target_id=help_request.pk).select_related("actor")
    for entry in entries:
        lines = []
        for name, change in sorted(entry.changes.items()):
            if name in ("introduction",):
                continue
            old, new = (change + [None, None])[:2] if isinstance(change, list) else (None, change)
            label, old_text = _field_label_and_value(name, old)
            _, new_text = _field_label_and_value(name, new)
            if name == "introducee" or old_text == new_text:
                lines.append(f"{label}：{new_text}")
            elif entry.action == "request_create":
                lines.append(f"{label}：{new_text}")
            else:
                lines.append(f"{label}：{old_text or '（なし）'} → {new_text or '（なし）'}")
        events.append(HistoryEvent(entry.at, _name_of(entry.actor), _ACTION_LABELS.get(entry.action, entry.action), lines))
    for comment in RequestComment.objects.filter(request=help_request).select_related("author"):
        events.append(HistoryEvent(comment.created_at, _name_of(comment.author), "記録", [comment.body], is_comment=True))
    events.sort(key=lambda e: e.at)
    return events


def _name_of(user) -> str:
    if user is None:
        return "（オンライン申込・不明）"
    return user.get_full_name() or user.get_username()
