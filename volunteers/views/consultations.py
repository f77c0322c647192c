"""Consultation pages for staff (相談受付): the list with search and export, logging one, my open follow-ups."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from config.core import pagecache, roles
from config.core.exports import FORMATS, Column, export_response
from config.core.forms import save_valid
from config.core.search import clean_query

from .. import selectors
from ..forms.consultations import ConsultationFilterForm, ConsultationForm
from ..models import Consultation
from ..services import consultations as services
from ._shared import chosen_columns, page_of, query_without_page

staff_required = roles.capability_required("staff_pages")


def _staff_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


CONSULTATION_COLUMNS = [
    Column("id", _l("番号"), lambda c: c.pk),
    Column("received_on", _l("受付日"), lambda c: c.received_on),
    Column("channel", _l("受付方法"), lambda c: c.get_channel_display()),
    Column("who", _l("相談者"), lambda c: c.who),
    Column("person_furigana", _l("フリガナ"), lambda c: c.person_furigana),
    Column("person_contact", _l("連絡先"), lambda c: c.person_contact),
    Column("category", _l("相談分類"), lambda c: c.get_category_display()),
    Column("content", _l("相談内容"), lambda c: c.content),
    Column("response", _l("対応"), lambda c: c.response),
    Column("follow_up_on", _l("次の対応日"), lambda c: c.follow_up_on),
    Column("status", _l("状態"), lambda c: c.get_status_display()),
    Column("staff", _l("担当職員"), lambda c: _staff_name(c.staff)),
]


@staff_required
@pagecache.cached_per_person()
def consultation_list(request):
    form = ConsultationFilterForm(request.GET or None)
    if form.is_valid():
        qs = selectors.filter_consultations(form.cleaned_data)
    else:
        qs = selectors.filter_consultations(None if form.is_bound else {})
    fmt = request.GET.get("export")
    if fmt in FORMATS and form.is_valid():
        return export_response(qs, chosen_columns(CONSULTATION_COLUMNS, request), fmt, _("相談一覧"), request=request)
    return render(request, "volunteers/coordination/consultation_list.html", {
        "form": form, "page": page_of(request, qs), "columns": CONSULTATION_COLUMNS,
        "chosen": request.GET.getlist("columns"), "query": query_without_page(request),
        "heading": _("相談の一覧"), "mine": False,
    })


@staff_required
def my_follow_ups(request):
    """The logged-in staff member's consultations still open, the most urgent follow-up first."""
    qs = selectors.open_follow_ups(request.user)
    return render(request, "volunteers/coordination/consultation_list.html", {
        "page": page_of(request, qs), "heading": _("自分の対応中の相談"), "mine": True, "today": timezone.localdate(),
    })


@staff_required
def consultation_create(request):
    initial = {"received_on": timezone.localdate(), "staff": request.user.pk}
    if request.GET.get("volunteer", "").isdigit():
        initial["volunteer"] = int(request.GET["volunteer"])
    person_query = clean_query(request.GET.get("q"))
    form = ConsultationForm(request.POST or None, initial=initial, person_query=person_query)
    if saved := save_valid(
        request,
        form,
        lambda data: services.consultation_create(by=request.user, **data),
        success=_("相談を記録しました。"),
    ):
        return redirect("volunteers:consultation_edit", pk=saved.value.pk)
    return render(request, "volunteers/coordination/consultation_form.html", {"form": form, "consultation": None, "person_query": person_query})


@staff_required
def consultation_edit(request, pk):
    consultation = selectors.get_consultation_for_user(request.user, pk)
    # The form gets its own copy: validating writes into its instance, and the service diffs against the original.
    person_query = clean_query(request.GET.get("q"))
    form = ConsultationForm(request.POST or None, instance=Consultation.objects.get(pk=pk), person_query=person_query)
    if save_valid(
        request,
        form,
        lambda data: services.consultation_update(consultation=consultation, by=request.user, data=data),
        success=_("相談の記録を更新しました。"),
    ):
        return redirect("volunteers:consultation_edit", pk=pk)
    return render(
        request, "volunteers/coordination/consultation_form.html",
        {"form": form, "consultation": consultation, "person_query": person_query},
    )
