"""The yearly counts the plans read (新規登録者数, 活動者数, 登録団体数, 紹介件数, 相談件数) and the staff home's numbers.

Each is one aggregate query, so a progress page costs a few queries whatever the data size. The `*_by_month`
functions give the same numbers spread over the fiscal year's months (twelve numbers, April first, one grouped
query each, months in Asia/Tokyo): their sum is the yearly number, so the plans can draw a cumulative line.
"""

import datetime
from typing import NamedTuple

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from config.core.dates import fiscal_year_end, fiscal_year_start, per_fiscal_month

from ..models import Consultation, GroupRegistration, HelpRequest, Introduction, Volunteer
from ..models.people import VolunteerStatus

# An introduction succeeded when the activity started; one that has since ended (終了) had started too.
_SUCCEEDED = Q(status=Introduction.Status.ACTIVE) | Q(
    status=Introduction.Status.ENDED, started_on__isnull=False
)
_COUNTED = Q(introduced_on__isnull=False) & ~Q(status=Introduction.Status.APPLIED)


def _fy_range(fy: int) -> tuple[datetime.date, datetime.date]:
    return fiscal_year_start(fy), fiscal_year_end(fy)


def new_registrations(fy: int) -> int:
    """Volunteers approved (registered_on) in the fiscal year: the plan's 新規登録者数."""
    return Volunteer.objects.filter(registered_on__range=_fy_range(fy)).count()


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
    start, end = _fy_range(fy)
    individuals = (
        Volunteer.objects.filter(registered_on__lte=end)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=start))
        .exclude(status=VolunteerStatus.SUSPENDED)
        .count()
    )
    members = GroupRegistration.objects.filter(
        fiscal_year=fy, status=GroupRegistration.Status.APPROVED
    ).aggregate(n=Sum("members_count"))["n"]
    return ActiveVolunteers(individuals=individuals, group_members=members or 0)


def registered_groups(fy: int) -> int:
    """Groups whose registration for the fiscal year is approved."""
    return GroupRegistration.objects.filter(
        fiscal_year=fy, status=GroupRegistration.Status.APPROVED
    ).aggregate(n=Count("group", distinct=True))["n"]


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


# --- the same numbers by month of the fiscal year ----------------------------------------------------


def _months(qs, field: str, fy: int, total=None) -> list[int]:
    """Twelve numbers, April first: the rows of qs counted (or `total` summed) by the month of `field`."""
    grouped = qs.annotate(month=TruncMonth(field)).values("month").annotate(n=total or Count("pk"))
    return per_fiscal_month(((row["month"], row["n"]) for row in grouped), fy)


def new_registrations_by_month(fy: int) -> list[int]:
    """New registrations by the month of registered_on."""
    return _months(Volunteer.objects.filter(registered_on__range=_fy_range(fy)), "registered_on", fy)


def active_volunteers_by_month(fy: int) -> list[int]:
    """Who became active in each month: individuals by registration (those registered earlier in April) and
    the members of a group by the month its registration was decided (two grouped queries)."""
    start, end = _fy_range(fy)
    individuals = (
        Volunteer.objects.filter(registered_on__lte=end)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=start))
        .exclude(status=VolunteerStatus.SUSPENDED)
    )
    members = GroupRegistration.objects.filter(fiscal_year=fy, status=GroupRegistration.Status.APPROVED)
    people = _months(individuals, "registered_on", fy)
    in_groups = _months(members, "decided_at", fy, total=Sum("members_count"))
    return [a + b for a, b in zip(people, in_groups, strict=True)]


def registered_groups_by_month(fy: int) -> list[int]:
    """Groups registered for the year by the month their (approved) registration was decided."""
    first = (
        GroupRegistration.objects.filter(fiscal_year=fy, status=GroupRegistration.Status.APPROVED)
        .values("group")
        .annotate(day=Min("decided_at"))
    )
    return per_fiscal_month(((row["day"], 1) for row in first), fy)


def introductions_by_month(fy: int) -> list[int]:
    return _months(
        Introduction.objects.filter(_COUNTED, introduced_on__range=_fy_range(fy)), "introduced_on", fy
    )


def introduction_outcomes_by_month(fy: int) -> tuple[list[int], list[int]]:
    """(introductions made, of which succeeded) by the month of introduced_on, in one grouped query."""
    grouped = (
        Introduction.objects.filter(_COUNTED, introduced_on__range=_fy_range(fy))
        .annotate(month=TruncMonth("introduced_on"))
        .values("month")
        .annotate(made=Count("pk"), succeeded=Count("pk", filter=_SUCCEEDED))
    )
    rows = list(grouped)
    made = per_fiscal_month(((r["month"], r["made"]) for r in rows), fy)
    succeeded = per_fiscal_month(((r["month"], r["succeeded"]) for r in rows), fy)
    return made, succeeded


def consultations_by_month(fy: int) -> list[int]:
    return _months(Consultation.objects.filter(received_on__range=_fy_range(fy)), "received_on", fy)


def coordination_staff_counts(user) -> dict[str, int]:
    """The numbers on the staff home's coordination links: open requests, my open follow-ups, applications waiting."""
    requests = HelpRequest.objects.aggregate(open=Count("pk", filter=~Q(status=HelpRequest.Status.CLOSED)))
    mine = Consultation.objects.filter(staff=user, status=Consultation.Status.OPEN).aggregate(
        open=Count("pk"), due=Count("pk", filter=Q(follow_up_on__lte=timezone.localdate()))
    )
    waiting = Introduction.objects.filter(status=Introduction.Status.APPLIED).count()
    return {
        "open_requests": requests["open"],
        "my_follow_ups": mine["open"],
        "my_follow_ups_due": mine["due"],
        "applications_waiting": waiting,
    }
