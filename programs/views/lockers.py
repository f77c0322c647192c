"""Staff pages for lockers: who holds which locker this year, keys, the waiting list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.core.dates import current_fiscal_year
from config.core.models import Site
from config.core.roles import capability_required
from volunteers.models import VolunteerGroup

from ..forms import LockerAssignForm, WaitlistForm
from ..models import Locker, LockerAssignment, LockerRules, LockerWaitlistEntry
from ..services import lockers as locker_services


def _fiscal_year(request) -> int:
    value = request.GET.get("fy") or request.POST.get("fy") or ""
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else current_fiscal_year()


@capability_required("staff_pages")
def staff_lockers(request, site):
    site = get_object_or_404(Site, slug=site)
    fy = _fiscal_year(request)
    held = LockerAssignment.objects.held().filter(fiscal_year=fy).select_related("group").order_by("pk")
    lockers = Locker.objects.filter(site=site).prefetch_related(
        Prefetch("assignments", queryset=held, to_attr="held")
    )
    groups = VolunteerGroup.objects.registered_for(fy).order_by("name_kana_key")
    free = Locker.objects.filter(site=site, is_active=True).exclude(
        pk__in=LockerAssignment.objects.held().filter(fiscal_year=fy).values("locker_id")
    )
    assign_form = LockerAssignForm(lockers=free, groups=groups)
    waitlist_form = WaitlistForm(groups=groups, prefix="wait")
    if request.method == "POST":
        if "wait-group" in request.POST:
            waitlist_form = WaitlistForm(request.POST, groups=groups, prefix="wait")
            if waitlist_form.is_valid():
                try:
                    locker_services.waitlist_add(
                        site=site, fiscal_year=fy, group=waitlist_form.cleaned_data["group"], by=request.user
                    )
                except ValidationError as exc:
                    waitlist_form.add_error(None, exc)
                else:
                    messages.success(request, _("順番待ちに加えました。"))
                    return redirect(f"{request.path}?fy={fy}")
        else:
            assign_form = LockerAssignForm(request.POST, lockers=free, groups=groups)
            if assign_form.is_valid():
                try:
                    locker_services.locker_assign(by=request.user, fiscal_year=fy, **assign_form.cleaned_data)
                except ValidationError as exc:
                    assign_form.add_error(None, exc)
                else:
                    messages.success(request, _("ロッカーを貸し出しました。"))
                    return redirect(f"{request.path}?fy={fy}")
    waiting = LockerWaitlistEntry.objects.waiting().filter(site=site, fiscal_year=fy).select_related("group")
    return render(
        request,
        "programs/staff/lockers.html",
        {
            "site": site,
            "sites": Site.objects.all(),
            "fy": fy,
            "lockers": lockers,
            "waiting": waiting,
            "assign_form": assign_form,
            "waitlist_form": waitlist_form,
            "cap": LockerRules.cap_for(site),
        },
        status=400 if request.method == "POST" else 200,
    )


ACTIONS = {
    "handover": (locker_services.key_handover, gettext_lazy("鍵の受け渡しを記録しました。")),
    "return": (locker_services.key_return, gettext_lazy("鍵の返却を記録しました。")),
    "release": (locker_services.locker_release, gettext_lazy("ロッカーの貸し出しを終了しました。")),
}


@capability_required("staff_pages")
@require_POST
def staff_locker_action(request, pk, action):
    assignment = get_object_or_404(LockerAssignment.objects.select_related("locker__site"), pk=pk)
    if action not in ACTIONS:
        return redirect("programs:staff_lockers", assignment.locker.site.slug)
    service, done = ACTIONS[action]
    try:
        result = service(assignment=assignment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
        if action == "release" and result.summary():
            # Staff see who got the locker, and why any group ahead on the list did not.
            level = messages.WARNING if result.skipped else messages.INFO
            messages.add_message(request, level, result.summary())
    return redirect(
        reverse("programs:staff_lockers", args=[assignment.locker.site.slug])
        + f"?fy={assignment.fiscal_year}"
    )


@capability_required("staff_pages")
@require_POST
def staff_waitlist_withdraw(request, pk):
    entry = get_object_or_404(LockerWaitlistEntry.objects.waiting().select_related("site", "group"), pk=pk)
    locker_services.waitlist_withdraw(entry=entry, by=request.user)
    messages.success(request, _("「%(g)s」を順番待ちから外しました。") % {"g": entry.group})
    return redirect(reverse("programs:staff_lockers", args=[entry.site.slug]) + f"?fy={entry.fiscal_year}")
