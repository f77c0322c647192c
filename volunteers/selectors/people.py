"""Reads about volunteers: who may see which record, the staff list's filters, a volunteer's own record."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from config.core import roles
from config.core.dates import fiscal_year_end, fiscal_year_start

from ..models import ActivityField, Volunteer
from ..models.people import VolunteerStatus

# Lists read a related set as a plain list (to_attr): Django's prefetch otherwise builds a filtered queryset per
# row to hold it, which cost more than the query on a 50-row staff page (issue 16, bench/profile.py --nodes).
ACTIVITY_FIELDS_AS_LIST = Prefetch(
    "activity_fields", queryset=ActivityField.objects.only("pk", "name", "sort_order"), to_attr="field_list"
)


def get_volunteer_for_user(user, pk: int) -> Volunteer:
    """A volunteer record the user may see: staff any, a volunteer only their own; otherwise 404."""
    qs = Volunteer.objects.select_related("user", "approved_by")
    if not roles.can(user, "personal_data"):
        if not getattr(user, "is_authenticated", False):
            raise Http404
        qs = qs.filter(user=user)
    return get_object_or_404(qs, pk=pk)


def filter_volunteers(data: dict):
    """The staff list (and its export) filtered by the search form's cleaned data."""
    volunteers = Volunteer.objects.all()
    if data.get("q"):
        volunteers = volunteers.search(data["q"])
    if data.get("status"):
        volunteers = volunteers.filter(status=data["status"])
    if data.get("field"):
        volunteers = volunteers.filter(activity_fields=data["field"])
    if data.get("area"):
        volunteers = volunteers.filter(lives_in_city=data["area"] == "in")
    if data.get("availability"):
        volunteers = volunteers.filter(availability__contains=[data["availability"]])
    if data.get("fiscal_year"):
        fy = data["fiscal_year"]
        volunteers = volunteers.filter(registered_on__range=(fiscal_year_start(fy), fiscal_year_end(fy)))
    return volunteers.prefetch_related(ACTIVITY_FIELDS_AS_LIST)


def pending_volunteers():
    """仮登録 waiting for staff, oldest application first."""
    return Volunteer.objects.filter(status=VolunteerStatus.PROVISIONAL).order_by("applied_at")


def possible_duplicates(volunteer: Volunteer, limit: int = 20) -> list[Volunteer]:
    """Others who may be the same person; only asked while the record is 仮登録."""
    if volunteer.status != VolunteerStatus.PROVISIONAL:
        return []
    return list(Volunteer.objects.possible_duplicates_of(volunteer)[:limit])


def own_volunteer(user) -> Volunteer | None:
    """The logged-in person's own volunteer record (any status), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).prefetch_related("activity_fields").first()


def registered_volunteer_of(user) -> Volunteer | None:
    """The registered (登録済) Volunteer record of a logged-in volunteer, or None: only they apply to 募集."""
    if not roles.can(user, "my_page"):
        return None
    volunteer = getattr(user, "volunteer", None)
    return volunteer if volunteer is not None and volunteer.status == VolunteerStatus.REGISTERED else None
