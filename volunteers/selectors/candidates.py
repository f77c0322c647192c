"""The candidate search for a request: registered volunteers and groups that fit, best first, with the reasons.

Without a help request (None: a school lesson's lecturers, programs/selectors/schools.py) the criteria alone decide."""

import dataclasses

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ..models import ActivityField, HelpRequest, Introduction, Volunteer, VolunteerGroup
from ..models.fields import AVAILABILITY_LABELS

_ACTIVE_INTRODUCTION = [Introduction.Status.PROPOSED, Introduction.Status.ACTIVE]


@dataclasses.dataclass(frozen=True)
class CandidateCriteria:
    activity_field: ActivityField | None = None
    slots: tuple[str, ...] = ()
    in_city: bool = False
    area: str = ""
    text: str = ""


def _field_id(help_request: HelpRequest | None, criteria: CandidateCriteria) -> int | None:
    if criteria.activity_field:
        return criteria.activity_field.pk
    return help_request.activity_field_id if help_request is not None else None


def volunteer_candidates(help_request: HelpRequest | None, criteria: CandidateCriteria):
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
    field_id = _field_id(help_request, criteria)
    field_match = (
        Exists(through.objects.filter(volunteer_id=OuterRef("pk"), activityfield_id=field_id))
        if field_id
        else Value(False)
    )
    busy = (
        Introduction.objects.filter(volunteer=OuterRef("pk"), status__in=_ACTIVE_INTRODUCTION)
        .order_by()
        .values("volunteer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shared = (
        _ArrayIntersectionSize(
            F("availability"), Value(list(criteria.slots), output_field=ArrayField(models.CharField()))
        )
        if criteria.slots
        else Value(0)
    )
    return (
        qs.annotate(
            field_match=field_match,
            shared_slots=shared,
            busy=Coalesce(Subquery(busy, output_field=models.IntegerField()), 0),
            already=Exists(Introduction.objects.filter(request=help_request, volunteer=OuterRef("pk")))
            if help_request is not None
            else Value(False),
        )
        .annotate(
            score=Case(When(field_match=True, then=Value(3)), default=Value(0))
            + F("shared_slots")
            + Case(When(lives_in_city=True, then=Value(1)), default=Value(0))
        )
        .prefetch_related("activity_fields")
        .only(
            "pk", "name", "furigana", "address", "lives_in_city", "availability", "availability_note", "email"
        )
        .order_by("-score", "busy", "furigana_key", "pk")
    )


class _ArrayIntersectionSize(models.Func):
    """How many elements two arrays share (PostgreSQL has no built-in for it)."""

    output_field = models.IntegerField()

    def as_sql(self, compiler, connection, **extra):
        first, second = self.get_source_expressions()
        first_sql, first_params = compiler.compile(first)
        second_sql, second_params = compiler.compile(second)
        sql = f"cardinality(ARRAY(SELECT unnest({first_sql}) INTERSECT SELECT unnest({second_sql})))"
        return sql, (*first_params, *second_params)


def group_candidates(help_request: HelpRequest | None, criteria: CandidateCriteria, fiscal_year: int):
    """Groups registered for the fiscal year matching the field and area, those in the request's field first."""
    qs = VolunteerGroup.objects.registered_for(fiscal_year)
    if criteria.activity_field:
        qs = qs.filter(activity_fields=criteria.activity_field)
    if criteria.area:
        qs = qs.filter(Q(activity_area__icontains=criteria.area) | Q(meeting_place__icontains=criteria.area))
    if criteria.text:
        qs = qs.search(criteria.text)
    through = VolunteerGroup.activity_fields.through
    field_id = _field_id(help_request, criteria)
    field_match = (
        Exists(through.objects.filter(volunteergroup_id=OuterRef("pk"), activityfield_id=field_id))
        if field_id
        else Value(False)
    )
    return (
        qs.annotate(
            field_match=field_match,
            already=Exists(Introduction.objects.filter(request=help_request, group=OuterRef("pk")))
            if help_request is not None
            else Value(False),
        )
        .prefetch_related("activity_fields")
        .only("pk", "name", "name_kana", "activity_area", "meeting_place", "meeting_days", "members_count")
        .order_by("-field_match", "name_kana_key", "pk")
    )


def candidate_reasons(candidate, help_request: HelpRequest | None, criteria: CandidateCriteria) -> list[str]:
    """Why a volunteer or group is on the list, in words staff read aloud on the phone."""
    reasons = []
    field_id = _field_id(help_request, criteria)
    for field in candidate.activity_fields.all():
        if field.pk == field_id:
            reasons.append(_("分野：%(field)s") % {"field": field.name})
    if isinstance(candidate, Volunteer):
        shared = [
            str(AVAILABILITY_LABELS[s])
            for s in candidate.availability
            if s in criteria.slots and s in AVAILABILITY_LABELS
        ]
        if shared:
            reasons.append(_("活動できる日時：%(slots)s") % {"slots": "、".join(shared)})
        if candidate.lives_in_city:
            reasons.append(_("市内在住"))
        if criteria.area and criteria.area in (candidate.address or ""):
            reasons.append(_("住所に「%(area)s」") % {"area": criteria.area})
    else:
        for attr in ("activity_area", "meeting_place"):
            if criteria.area and criteria.area in (getattr(candidate, attr) or ""):
                reasons.append(_("活動地域・場所に「%(area)s」") % {"area": criteria.area})
                break
    if criteria.text:
        reasons.append(_("名前・フリガナに「%(text)s」") % {"text": criteria.text})
    return reasons
