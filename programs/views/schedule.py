"""Staff pages for the front desk: who has each room over a week or a day, and the one-off closures (臨時休所)
with the bookings they hit, so staff can phone the groups."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core.forms import ClosureForm
from config.core.models import Closure, Site
from config.core.roles import capability_required
from config.core.services import closure_create

from .. import selectors

VIEWS = ("week", "day")


def _day_param(value: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()
    return day if datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31) else timezone.localdate()


@capability_required("staff_pages")
def staff_schedule(request):
    """Every room of a site for a week (days down the side, rooms across) or a day (half hours down the side), with
    group names, center use and blocks; a plain GET form picks the site, the date and the view."""
    sites = list(Site.objects.all())
    site = next((s for s in sites if s.slug == request.GET.get("site")), sites[0] if sites else None)
    if site is None:
        return render(request, "programs/staff/schedule.html", {"sites": sites, "site": None})
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "week"
    day = _day_param(request.GET.get("date", ""))
    if view == "week":
        start, step = selectors.week_start(day), datetime.timedelta(days=7)
        schedule = selectors.site_schedule(site=site, start=start, days=7)
        grid = None
    else:
        start, step = day, datetime.timedelta(days=1)
        schedule = selectors.site_schedule(site=site, start=start, days=1)
        grid = selectors.day_grid(schedule.days[0])
    return render(
        request,
        "programs/staff/schedule.html",
        {
            "sites": sites,
            "site": site,
            "view": view,
            "day": day,
            "start": start,
            "end": start + step - datetime.timedelta(days=1),
            "previous": start - step,
            "next": start + step,
            "today": timezone.localdate(),
            "schedule": schedule,
            "grid": grid,
        },
    )


@capability_required("staff_pages")
def staff_closures(request):
    """The one-off closures from today on, and the form to add one; saving leads to the bookings it hits."""
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = closure_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            count = selectors.closure_bookings(closure).count()
            if count:
                messages.warning(
                    request,
                    _("臨時休所を登録しました。この期間に予約が%(n)d件あります。各団体に連絡してください。")
                    % {"n": count},
                )
            else:
                messages.success(request, _("臨時休所を登録しました。この期間の予約はありません。"))
            return redirect("programs:staff_closure", closure.pk)
    page = Paginator(selectors.closures_upcoming(), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/staff/closures.html",
        {"form": form, "page": page},
        status=400 if request.method == "POST" else 200,
    )


@capability_required("staff_pages")
def staff_closure(request, pk):
    """One closure and the group bookings on its days, with each group's contact, to phone them."""
    closure = get_object_or_404(Closure.objects.select_related("site"), pk=pk)
    return render(
        request,
        "programs/staff/closure.html",
        {"closure": closure, "bookings": list(selectors.closure_bookings(closure))},
    )
