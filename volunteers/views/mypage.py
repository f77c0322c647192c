"""マイページ: a volunteer's own profile, introductions and withdrawal; a representative's own groups.

Nothing here takes a volunteer's id from the URL: the record is always the logged-in user's own. Group
pages take an id, fetched only through get_group_for_user.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.core import roles
from config.core.dates import current_fiscal_year, fiscal_year_label
from config.core.roles import capability_required

from ..forms.groups import GroupForm
from ..forms.people import ProfileForm
from ..models import GroupRegistration, Volunteer, VolunteerGroup
from ..models.people import VolunteerStatus
from ..selectors import get_group_for_user
from ..services.groups import group_renew
from ..services.people import volunteer_set_status, volunteer_update


def own_volunteer(user) -> Volunteer | None:
    return Volunteer.objects.filter(user=user).prefetch_related("activity_fields").first()


@capability_required("my_page")
def mypage(request):
    volunteer = own_volunteer(request.user)
    introductions = []
    if volunteer is not None:
        introductions = volunteer.introductions.select_related("request").order_by("-created_at")
    groups = []
    if roles.can(request.user, "group_pages"):
        groups = VolunteerGroup.objects.represented_by(request.user).prefetch_related("registrations")
    return render(
        request,
        "volunteers/mypage/home.html",
        {
            "volunteer": volunteer,
            "introductions": introductions,
            "groups": groups,
            "fiscal_year": current_fiscal_year(),
        },
    )


def _own_or_404(user) -> Volunteer:
    volunteer = own_volunteer(user)
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


def withdrawn(request):
    return render(request, "volunteers/mypage/withdrawn.html")


@capability_required("group_pages")
def group_page(request, pk: int):
    group = get_group_for_user(request.user, pk)
    registrations = group.registrations.all()
    fy = current_fiscal_year()
    return render(
        request,
        "volunteers/mypage/group.html",
        {
            "group": group,
            "registrations": registrations,
            "this_year": next((r for r in registrations if r.fiscal_year == fy), None),
            "fiscal_year": fy,
        },
    )


def renew(request, group: VolunteerGroup, template: str, done_url: str):
    """The renewal form for this fiscal year, pre-filled with the group's details from last year; shared with staff."""
    fy = current_fiscal_year()
    existing = GroupRegistration.objects.filter(group=group, fiscal_year=fy).first()
    form = GroupForm(request.POST or None, instance=group)
    if existing is None and request.method == "POST" and form.is_valid():
        try:
            group_renew(
                group=group,
                data=form.cleaned_data,
                activity_fields=form.cleaned_data["activity_fields"],
                fiscal_year=fy,
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(year)sの登録を申請しました。") % {"year": fiscal_year_label(fy)})
            return redirect(done_url)
    return render(request, template, {"form": form, "group": group, "existing": existing, "fiscal_year": fy})


@capability_required("group_pages")
def group_renew_view(request, pk: int):
    group = get_group_for_user(request.user, pk)
    return renew(request, group, "volunteers/mypage/group_renew.html", group_page_url(group))


def group_page_url(group) -> str:
    return reverse("volunteers:mypage_group", args=[group.pk])
