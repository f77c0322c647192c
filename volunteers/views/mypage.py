"""マイページ: a volunteer's own profile, introductions and withdrawal; a representative's own groups.

Nothing here takes a volunteer's id from the URL: the record is always the logged-in user's own. Group
pages take an id, fetched only through get_group_for_user.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.core import pagecache, personal_data
from config.core.dates import current_fiscal_year
from config.core.roles import capability_required

from .. import selectors
from ..forms.people import ProfileForm
from ..models import Volunteer
from ..models.people import VolunteerStatus
from ..selectors import get_group_for_user
from ..services.people import volunteer_set_status, volunteer_update
from ._shared import renew_page


@capability_required("my_page")
@pagecache.cached_per_person()
def mypage(request):
    volunteer = selectors.own_volunteer(request.user)
    return render(
        request,
        "volunteers/mypage/home.html",
        {
            "volunteer": volunteer,
            "introductions": selectors.introductions_for_volunteer(volunteer),
            "groups": selectors.groups_represented_by(request.user),
            "fiscal_year": current_fiscal_year(),
        },
    )


def _own_or_404(user) -> Volunteer:
    volunteer = selectors.own_volunteer(user)
    if volunteer is None or volunteer.status == VolunteerStatus.WITHDRAWN:
        raise Http404
    return volunteer


@capability_required("my_page")
def profile_edit(request):
    volunteer = _own_or_404(request.user)
    form = ProfileForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer_update(
                volunteer=volunteer,
                data=form.cleaned_data,
                activity_fields=form.cleaned_data["activity_fields"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("登録内容を変更しました。"))
            return redirect("volunteers:mypage")
    return render(request, "volunteers/mypage/profile_form.html", {"form": form, "volunteer": volunteer})


@capability_required("my_page")
@require_http_methods(["GET", "POST"])
def withdraw(request):
    """退会: the record stays (the yearly counts need it) but the account is closed."""
    volunteer = _own_or_404(request.user)
    if request.method == "POST":
        try:
            volunteer_set_status(volunteer=volunteer, status=VolunteerStatus.WITHDRAWN, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("volunteers:mypage")
        logout(request)
        return redirect("volunteers:withdrawn")
    return render(request, "volunteers/mypage/withdraw.html", {"volunteer": volunteer})


def _own_volunteer_or_404(user) -> Volunteer:
    volunteer = selectors.own_volunteer(user)
    if volunteer is None:
        raise Http404
    return volunteer


@capability_required("my_page")
def my_data(request):
    """自分の情報: everything the system holds about the logged-in volunteer, by section, with the downloads."""
    volunteer = _own_volunteer_or_404(request.user)
    return render(
        request,
        "volunteers/mypage/my_data.html",
        {"volunteer": volunteer, "data": personal_data.for_display(personal_data.collect(volunteer))},
    )


@capability_required("my_page")
def my_data_download(request, fmt: str):
    """The same, as JSON or CSV (個人情報保護法の開示)."""
    volunteer = _own_volunteer_or_404(request.user)
    data = personal_data.collect(volunteer)
    if fmt == "json":
        response = HttpResponse(personal_data.as_json(data), content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        response = HttpResponse(personal_data.as_csv(data), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="my-data.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def withdrawn(request):
    return render(request, "volunteers/mypage/withdrawn.html")


@capability_required("group_pages")
@pagecache.cached_per_person()
def group_page(request, pk: int):
    """A representative's group: this year's registration and the renewal for the next, and the introductions."""
    group = get_group_for_user(request.user, pk)
    renewal = selectors.group_renewal(group)
    return render(
        request,
        "volunteers/mypage/group.html",
        {
            "group": group,
            "registrations": group.registrations.all(),
            "renewal": renewal,
            "introductions": selectors.introductions_for_group(group)[:50],
        },
    )


@capability_required("group_pages")
def group_renew_view(request, pk: int):
    group = get_group_for_user(request.user, pk)
    return renew_page(
        request, group, template="volunteers/mypage/group_renew.html", done_url=group_page_url(group)
    )


def group_page_url(group) -> str:
    return reverse("volunteers:mypage_group", args=[group.pk])
