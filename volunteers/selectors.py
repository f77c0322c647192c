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

