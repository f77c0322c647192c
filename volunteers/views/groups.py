"""Public pages about groups: online registration and the directory of listed groups."""

from django.shortcuts import redirect, render

from config.core import roles
from config.core.dates import current_fiscal_year
from config.core.forms import save_valid
from config.core.public_forms import public_form

from .. import selectors
from ..forms.groups import DirectorySearchForm, GroupRegistrationForm
from ..services.groups import group_register
from ..services.people import PRIVACY_POLICY_VERSION
from ._shared import page_of


@public_form("group_registration")
def group_register_view(request):
    """A group applies for this fiscal year; a logged-in representative becomes its representative at once."""
    form = GroupRegistrationForm(request.POST or None)
    def register(data):
        return group_register(
            data=data,
            activity_fields=data["activity_fields"],
            fiscal_year=current_fiscal_year(),
            by=request.user,
            representative=request.user if roles.can(request.user, "group_pages") else None,
        )

    if save_valid(request, form, register):
        return redirect("volunteers:group_register_done")
    return render(
        request, "volunteers/groups/register.html", {"form": form, "policy_version": PRIVACY_POLICY_VERSION}
    )


def group_register_done(request):
    return render(request, "volunteers/groups/register_done.html")


def directory(request):
    """団体紹介: no personal data, searchable by activity field and area."""
    form = DirectorySearchForm(request.GET or None)
    groups = selectors.directory_groups()
    if form.is_valid():
        groups = selectors.search_directory(groups, form.cleaned_data)
    page = page_of(request, groups, 20)
    return render(request, "volunteers/groups/directory.html", {"form": form, "page": page})
