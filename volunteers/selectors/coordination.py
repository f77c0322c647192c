"""Reads about coordination: who may see which request and introduction, the staff lists, the public 募集."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from config.core import roles
from config.core.dates import fiscal_year_end, fiscal_year_start

from ..models import HelpRequest, Introduction, Volunteer, VolunteerGroup

# What a public 募集 page may load: the public texts and the facts of the activity, never the requester
# nor `place` (often the requester's home address); the public read `public_place` instead.
PUBLIC_REQUEST_FIELDS = (
    "pk",
    "public_title",
    "public_description",
    "public_place",
    "activity_field__name",
    "schedule",
    "starts_on",
    "ends_on",
    "volunteers_needed",
    "received_on",
    "is_published",
    "status",
)


def get_request_for_user(user, pk: int) -> HelpRequest:
    """A request with its requester's data: staff only; everyone else gets 404 (the public see 募集 instead)."""
    if not roles.can(user, "personal_data"):
        raise Http404
    return get_object_or_404(HelpRequest.objects.select_related("activity_field", "created_by"), pk=pk)


def _public_requests():
    return (
        HelpRequest.objects.filter(is_published=True)
        .exclude(status=HelpRequest.Status.CLOSED)
        .select_related("activity_field")
        .only(*PUBLIC_REQUEST_FIELDS)
    )


def get_published_request(pk: int) -> HelpRequest:
    """A request as a public 募集: only published, open ones, with only the public fields loaded."""
    return get_object_or_404(_public_requests(), pk=pk)


def published_requests():
    """The public 募集 listing, newest first, with only what the public may see loaded."""
    return _public_requests()


def filter_requests(data: dict | None):
    """The staff request list, with the number of introductions made; None (an invalid form) gives nothing."""
    # A correlated subquery rather than Count() with GROUP BY: PostgreSQL counts the introductions of the page's
    # rows only, after ORDER BY … LIMIT over the index on received_on, not of every request before the LIMIT.
    introductions = (
        Introduction.objects.filter(request=OuterRef("pk"))
        .exclude(status=Introduction.Status.APPLIED)
        .order_by()
        .values("request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        HelpRequest.objects.select_related("activity_field")
        .annotate(introduction_count=Coalesce(Subquery(introductions), 0))
        .order_by("-received_on", "-pk")
    )
    if data is None:
        return qs.none()
    if data.get("q"):
        qs = qs.search(data["q"])
    if data.get("status") == "open":
        qs = qs.exclude(status=HelpRequest.Status.CLOSED)
    elif data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("activity_field"):
        qs = qs.filter(activity_field=data["activity_field"])
    if data.get("fiscal_year"):
        fy = data["fiscal_year"]
        qs = qs.filter(received_on__range=(fiscal_year_start(fy), fiscal_year_end(fy)))
    if data.get("published"):
        qs = qs.filter(is_published=True)
    return qs


def request_introductions(help_request: HelpRequest):
    """The introductions and applications of one request, in the order they were made."""
    return help_request.introductions.select_related("volunteer", "group").order_by("created_at", "pk")


def applications_waiting():
    """Applications (応募受付) staff have not yet taken up, oldest first."""
    return (
        Introduction.objects.filter(status=Introduction.Status.APPLIED)
        .select_related("request", "volunteer")
        .order_by("created_at", "pk")
    )


def has_applied(help_request: HelpRequest, volunteer: Volunteer | None) -> bool:
    return (
        volunteer is not None
        and Introduction.objects.filter(request=help_request, volunteer=volunteer).exists()
    )


def get_introduction_for_user(user, pk: int) -> Introduction:
    """An introduction: staff any; a volunteer only one made to themselves; otherwise 404 (a changed id reveals nothing)."""
    qs = Introduction.objects.select_related("request", "request__activity_field", "volunteer", "group")
    if not roles.can(user, "personal_data"):
        if not getattr(user, "is_authenticated", False):
            raise Http404
        qs = qs.filter(volunteer__user=user)
    return get_object_or_404(qs, pk=pk)


def introductions_for_volunteer(volunteer: Volunteer | None):
    """What a volunteer's my page shows: the introductions offered to them and their applications."""
    if volunteer is None:
        return Introduction.objects.none()
    return (
        Introduction.objects.filter(volunteer=volunteer)
        .select_related("request", "request__activity_field")
        .order_by("-created_at", "-pk")
    )


def introducee_or_404(
    *, volunteer_pk: int | None, group_pk: int | None
) -> tuple[Volunteer | None, VolunteerGroup | None]:
    """Whom staff chose on the candidate page: a registered volunteer or a group; anything else is 404."""
    try:
        if volunteer_pk is not None:
            return Volunteer.objects.active().get(pk=volunteer_pk), None
        if group_pk is not None:
            return None, VolunteerGroup.objects.get(pk=group_pk)
    except (Volunteer.DoesNotExist, VolunteerGroup.DoesNotExist) as exc:
        raise Http404 from exc
    raise Http404
