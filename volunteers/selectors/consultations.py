"""Reads about consultations (相談受付): staff only, since a consultation names the person who consulted."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from config.core import roles

from ..models import Consultation


def get_consultation_for_user(user, pk: int) -> Consultation:
    """A consultation: staff only; otherwise 404."""
    if not roles.can(user, "personal_data"):
        raise Http404
    return get_object_or_404(Consultation.objects.select_related("volunteer", "group", "staff"), pk=pk)


def _listing():
    return Consultation.objects.select_related("volunteer", "group", "staff")


def filter_consultations(data: dict | None):
    """The staff list filtered by the search form's cleaned data; None (an invalid form) gives nothing."""
    qs = _listing()
    if data is None:
        return qs.none()
    if data.get("q"):
        qs = qs.search(data["q"])
    for name in ("channel", "category", "status", "staff"):
        if data.get(name):
            qs = qs.filter(**{name: data[name]})
    if data.get("received_from"):
        qs = qs.filter(received_on__gte=data["received_from"])
    if data.get("received_to"):
        qs = qs.filter(received_on__lte=data["received_to"])
    return qs


def open_follow_ups(user):
    """A staff member's consultations still open, the most urgent follow-up first."""
    return (
        _listing()
        .filter(staff=user, status=Consultation.Status.OPEN)
        .order_by("follow_up_on", "received_on", "pk")
    )
