"""What several view modules share: list paging and export columns, and the renewal page (staff and representatives).

Not a view module itself: views import from here, never from one another.
"""

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.core.dates import fiscal_year_label
from config.core.exports import Column, choose_columns

from .. import selectors
from ..forms.groups import GroupForm
from ..models import VolunteerGroup
from ..services.groups import group_renew

PAGE_SIZE = 50


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The list's query string without page and export, for the pagination and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()


def chosen_columns(columns: list[Column], request) -> list[Column]:
    """The columns staff ticked, with their labels as plain text for the CSV and xlsx writers."""
    return [
        dataclasses.replace(c, label=str(c.label))
        for c in choose_columns(columns, request.GET.getlist("columns"))
    ]


def site_url(request) -> str:
    return request.build_absolute_uri("/")


def _year_asked(request, renewal: selectors.GroupRenewal) -> int:
    """The fiscal year in ?year=; otherwise the first one open for renewal (this year before the next), or this year."""
    try:
        return int(request.GET["year"])
    except (KeyError, ValueError):
        return renewal.renewable_years[0] if renewal.renewable_years else renewal.fiscal_year


def renew_page(request, group: VolunteerGroup, *, template: str, done_url: str):
    """The renewal form for a fiscal year open for renewal, pre-filled with the group's details; staff and representatives."""
    renewal = selectors.group_renewal(group)
    year = _year_asked(request, renewal)
    is_open = renewal.can_renew(year)
    form = GroupForm(request.POST or None, instance=group)
    if is_open and request.method == "POST" and form.is_valid():
        try:
            group_renew(
                group=group,
                data=form.cleaned_data,
                activity_fields=form.cleaned_data["activity_fields"],
                fiscal_year=year,
                by=request.user,
                today=renewal.today,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(year)sの登録を申請しました。") % {"year": fiscal_year_label(year)})
            return redirect(done_url)
    existing = {renewal.fiscal_year: renewal.current, renewal.next_year: renewal.next}.get(year)
    return render(
        request,
        template,
        {
            "form": form,
            "group": group,
            "renewal": renewal,
            "fiscal_year": year,
            "is_open": is_open,
            "existing": existing,
        },
    )
