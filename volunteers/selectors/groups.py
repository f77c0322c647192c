"""Reads about groups: who may see which group, the staff list, the public directory, a representative's page
(the year's registration and renewal, the introductions made to the group)."""

import dataclasses
import datetime

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.core import roles
from config.core.dates import fiscal_year, fiscal_year_end
from config.core.search import clean_query

from ..models import GroupRegistration, GroupRenewalPeriod, Introduction, VolunteerGroup
from .people import ACTIVITY_FIELDS_AS_LIST


def get_group_for_user(user, pk: int) -> VolunteerGroup:
    """A group the user may see in full: staff any, a representative only their own groups; otherwise 404."""
    qs = VolunteerGroup.objects.select_related("representative")
    if not roles.can(user, "personal_data"):
        if not roles.can(user, "group_pages"):
            raise Http404
        qs = qs.represented_by(user)
    return get_object_or_404(qs, pk=pk)


def filter_groups(data: dict):
    """The staff list (and its export) filtered by the search form's cleaned data."""
    groups = VolunteerGroup.objects.all()
    if data.get("q"):
        groups = groups.search(data["q"])
    if data.get("field"):
        groups = groups.filter(activity_fields=data["field"])
    regs = {}
    if data.get("fiscal_year"):
        regs["registrations__fiscal_year"] = data["fiscal_year"]
    if data.get("registration_status"):
        regs["registrations__status"] = data["registration_status"]
    if regs:
        groups = groups.filter(**regs).distinct()
    return groups.prefetch_related(
        ACTIVITY_FIELDS_AS_LIST,
        Prefetch(
            "registrations",
            queryset=GroupRegistration.objects.order_by("-fiscal_year"),
            to_attr="registration_list",
        ),
    )


def pending_group_registrations():
    """Applications (申請中) waiting for staff, oldest first."""
    return (
        GroupRegistration.objects.filter(status=GroupRegistration.Status.APPLIED)
        .select_related("group")
        .order_by("applied_at")
    )


def group_registrations(group: VolunteerGroup) -> list[GroupRegistration]:
    """A group's registrations, newest year first, with who decided them."""
    return list(group.registrations.select_related("decided_by"))


def groups_represented_by(user):
    """The groups on a representative's my page."""
    if not roles.can(user, "group_pages"):
        return VolunteerGroup.objects.none()
    return VolunteerGroup.objects.represented_by(user).prefetch_related("registrations")


def directory_groups(fy: int | None = None):
    """Groups in the public directory: listed, and registered this fiscal year or last (renewals come in during spring).

    Only the public fields are loaded: the directory never touches contact data.
    """
    fy = fy or fiscal_year(timezone.localdate())
    return (
        VolunteerGroup.objects.listed()
        .filter(registrations__fiscal_year__in=[fy, fy - 1], registrations__status="approved")
        .distinct()
        .only(
            "pk",
            "name",
            "name_kana",
            "name_kana_key",
            "activity_area",
            "meeting_place",
            "meeting_days",
            "description",
        )
        .prefetch_related(ACTIVITY_FIELDS_AS_LIST)
    )


def search_directory(groups, data: dict):
    """The directory filtered by its search form: activity field, area, name or furigana."""
    if data.get("field"):
        groups = groups.filter(activity_fields=data["field"])
    if area := clean_query(data.get("area")):
        groups = groups.filter(Q(activity_area__icontains=area) | Q(meeting_place__icontains=area))
    if data.get("q"):
        groups = groups.search(data["q"])
    return groups


# --- renewal (更新) for the fiscal year and the next ---------------------------------------------------


def renewal_opens_on(fy: int) -> datetime.date:
    """The day renewal for fiscal year fy opens: as staff set it, otherwise 1 February before it starts."""
    period = GroupRenewalPeriod.objects.filter(fiscal_year=fy).only("opens_on").first()
    return period.opens_on if period else GroupRenewalPeriod.default_opens_on(fy)


@dataclasses.dataclass(frozen=True)
class GroupRenewal:
    """Where a group stands with its registration on a given day, and which years it may apply for now."""

    today: datetime.date
    fiscal_year: int
    current: GroupRegistration | None  # the registration for the fiscal year of today
    next: GroupRegistration | None  # the registration for the next fiscal year
    opens_on: datetime.date  # when renewal for the next fiscal year opens

    @property
    def next_year(self) -> int:
        return self.fiscal_year + 1

    @property
    def deadline(self) -> datetime.date:
        """Renew for the next year by the end of this one (31 March), or the group is unregistered from 1 April."""
        return fiscal_year_end(self.fiscal_year)

    @property
    def is_registered(self) -> bool:
        return self.current is not None and self.current.status == GroupRegistration.Status.APPROVED

    @property
    def next_is_open(self) -> bool:
        return self.today >= self.opens_on

    @property
    def renewable_years(self) -> list[int]:
        """This year while it has no registration; the next year from the opening date, until applied for."""
        years = []
        if self.current is None:
            years.append(self.fiscal_year)
        if self.next_is_open and self.next is None:
            years.append(self.next_year)
        return years

    def can_renew(self, fy: int) -> bool:
        return fy in self.renewable_years


def group_renewal(group: VolunteerGroup, today: datetime.date | None = None) -> GroupRenewal:
    """The group's registration state on `today` (default: today in Tokyo), in two queries."""
    today = today or timezone.localdate()
    fy = fiscal_year(today)
    by_year = {
        r.fiscal_year: r for r in GroupRegistration.objects.filter(group=group, fiscal_year__in=[fy, fy + 1])
    }
    return GroupRenewal(
        today=today,
        fiscal_year=fy,
        current=by_year.get(fy),
        next=by_year.get(fy + 1),
        opens_on=renewal_opens_on(fy + 1),
    )


# --- introductions made to a group --------------------------------------------------------------------


def introductions_for_group(group: VolunteerGroup):
    """What a representative's group page lists: the introductions (紹介) of this group, newest first.

    Only what the representative needs is loaded: the request's titles and dates, never its requester.
    """
    return (
        Introduction.objects.filter(group=group)
        .exclude(status=Introduction.Status.APPLIED)
        .select_related("request")
        .only(
            "pk",
            "status",
            "introduced_on",
            "started_on",
            "ended_on",
            "group_id",
            "request__id",
            "request__title",
            "request__public_title",
            "request__schedule",
            "request__status",
        )
        .order_by("-introduced_on", "-pk")
    )
