"""Public pages about groups: online registration and the directory of listed groups."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render

from config.core import roles
from config.core.dates import current_fiscal_year

from ..forms.groups import DirectorySearchForm, GroupRegistrationForm
from ..models import ActivityField, VolunteerGroup
from ..services.groups import group_register
from ..services.people import PRIVACY_POLICY_VERSION


def group_register_view(request):
    """A group applies for this fiscal year; a logged-in representative becomes its representative at once."""
    form = GroupRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = request.user if roles.can(request.user, "group_pages") else None
        try:
            group_register(
                data=data,
                activity_fields=data["activity_fields"],
                fiscal_year=current_fiscal_year(),
                by=request.user,
                representative=user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("volunteers:group_register_done")
    return render(
        request, "volunteers/groups/register.html", {"form": form, "policy_version": PRIVACY_POLICY_VERSION}
    )


def group_register_done(request):
    return render(request, "volunteers/groups/register_done.html")


def directory_groups():
    """Groups in the public directory: listed, and registered this fiscal year or last (renewals come in during spring)."""
    fy = current_fiscal_year()
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
        .prefetch_related(
            Prefetch("activity_fields", queryset=ActivityField.objects.only("pk", "name", "sort_order"))
        )
    )


def directory(request):
    """団体紹介: no personal data, searchable by activity field and area."""
    form = DirectorySearchForm(request.GET or None)
    groups = directory_groups()
    if form.is_valid():
        data = form.cleaned_data
        if data["field"]:
            groups = groups.filter(activity_fields=data["field"])
        if data["area"]:
            groups = groups.filter(
                Q(activity_area__icontains=data["area"]) | Q(meeting_place__icontains=data["area"])
            )
        if data["q"]:
            groups = groups.search(data["q"])
    page = Paginator(groups, 20).get_page(request.GET.get("page"))
    return render(request, "volunteers/groups/directory.html", {"form": form, "page": page})
