"""Equipment pages: a representative reserves and cancels; staff keep kinds and units, lend, take back, remind."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.core import pagecache
from config.core.dates import current_fiscal_year, fiscal_year
from config.core.exports import FORMATS, Column, choose_columns, export_response
from config.core.models import Site
from config.core.roles import can, capability_required
from config.core.uploads import IMAGE_TYPES, serve_upload
from volunteers.models import VolunteerGroup

from .. import selectors
from ..forms import (
    CancelForm,
    CheckInForm,
    CheckOutForm,
    EquipmentKindForm,
    EquipmentReserveForm,
    EquipmentUnitForm,
    LoanFilterForm,
    StaffEquipmentReserveForm,
    UnitServiceForm,
)
from ..models import EquipmentKind, EquipmentLoan, EquipmentRules, EquipmentUnit
from ..services import equipment as services
from .access import booking_groups_for_user, get_loan_for_user, groups_for_user

# The representative's page shows this many days of availability at a time (four weeks).
AVAILABILITY_DAYS = 28
PAGE_SIZE = 50


def _date_param(value: str, default: datetime.date) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31) else default


# --- a representative ------------------------------------------------------------------------------


@capability_required("group_pages")
@pagecache.cached_per_person()
def equipment_index(request):
    """The kinds a group may borrow, where, and the group's reservations and loans with their status."""
    groups = list(groups_for_user(request.user))
    kinds = list(selectors.lendable_kinds())
    sites = selectors.kind_sites(kinds)
    for kind in kinds:
        kind.sites = sites.get(kind.pk, [])
    return render(
        request,
        "programs/equipment/index.html",
        {
            "groups": groups,
            "kinds": kinds,
            "current": list(selectors.group_loans(groups)),
            "history": list(selectors.group_loans(groups, current=False)[:20]),
            "today": timezone.localdate(),
        },
    )


@capability_required("group_pages")
def equipment_reserve(request, site, kind):
    """Availability per day for the next weeks, then pick-up and return days; the fee is shown before confirming."""
    site = get_object_or_404(Site, slug=site)
    kind = get_object_or_404(EquipmentKind.objects.active().filter(lend_to_groups=True), pk=kind)
    rules = EquipmentRules.for_site(site)
    today = timezone.localdate()
    start = max(today, _date_param(request.GET.get("from", ""), today))
    groups = booking_groups_for_user(request.user, days_ahead=rules.max_days_ahead)
    quote = None
    if request.method == "POST":
        form = EquipmentReserveForm(request.POST, groups=groups)
        if form.is_valid():
            data = form.cleaned_data
            args = {
                "kind": kind,
                "site": site,
                "group": data["group"],
                "pickup_on": data["pickup_on"],
                "return_on": data["return_on"],
            }
            try:
                if "confirm" in request.POST:
                    loan = services.loan_reserve(**args, purpose=data["purpose"], by=request.user)
                    messages.success(request, _("機材の予約を受け付けました。確認のメールをお送りしました。"))
                    return redirect("programs:loan_detail", loan.pk)
                quote = services.loan_quote(**args)
            except ValidationError as exc:
                form.add_error(None, exc)
    else:
        initial = {}
        if request.GET.get("pickup"):
            initial["pickup_on"] = _date_param(request.GET["pickup"], today)
            initial["return_on"] = initial["pickup_on"] + datetime.timedelta(days=1)
        form = EquipmentReserveForm(initial=initial, groups=groups)
    days = selectors.availability(kind=kind, site=site, start=start, days=AVAILABILITY_DAYS, today=today)
    extra_days = (
        (quote - kind.fee_per_loan) // kind.fee_per_extra_day if quote and kind.fee_per_extra_day else 0
    )
    status = 400 if request.method == "POST" and quote is None else 200
    return render(
        request,
        "programs/equipment/reserve.html",
        {
            "site": site,
            "kind": kind,
            "rules": rules,
            "form": form,
            "quote": quote,
            "extra_days": extra_days,
            "days": days,
            "has_groups": groups.exists(),
            "previous": start - datetime.timedelta(days=AVAILABILITY_DAYS) if start > today else None,
            "next": start + datetime.timedelta(days=AVAILABILITY_DAYS),
        },
        status=status,
    )


@login_required
def loan_detail(request, pk):
    loan = get_loan_for_user(request.user, pk)
    is_staff = can(request.user, "staff_pages")
    if is_staff:
        return redirect("programs:staff_loan", loan.pk)
    return _render_detail(request, loan, CancelForm())


def _render_detail(request, loan, form, status=200):
    can_cancel = (
        loan.status == EquipmentLoan.Status.RESERVED and timezone.localdate() <= loan.cancel_deadline()
    )
    return render(
        request,
        "programs/equipment/loan_detail.html",
        {"loan": loan, "form": form, "can_cancel": can_cancel, "today": timezone.localdate()},
        status=status,
    )


@login_required
@require_POST
def loan_cancel(request, pk):
    """The group cancels its own reservation until the deadline (staff cancel on the staff page)."""
    loan = get_loan_for_user(request.user, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.loan_cancel(loan=loan, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("機材の予約を取り消しました。"))
            return redirect("programs:loan_detail", loan.pk)
    return _render_detail(request, loan, form, status=400)


def kind_photo(request, pk):
    """The photo of a kind, read through the storage API and served with the type its bytes say."""
    kind = get_object_or_404(EquipmentKind.objects.active(), pk=pk)
    return serve_upload(kind.photo, types=IMAGE_TYPES, download_name=f"equipment-{kind.pk}", cache="public, max-age=3600")


# --- staff -----------------------------------------------------------------------------------------

LOAN_COLUMNS = [
    Column("pickup_on", gettext_lazy("受取日"), lambda loan: loan.pickup_on.isoformat()),
    Column("return_on", gettext_lazy("返却日"), lambda loan: loan.return_on.isoformat()),
    Column("kind", gettext_lazy("品目"), lambda loan: loan.unit.kind.name),
    Column("code", gettext_lazy("管理番号"), lambda loan: loan.unit.code),
    Column("site", gettext_lazy("拠点"), lambda loan: loan.unit.site.short_name),
    Column("group", gettext_lazy("団体"), lambda loan: loan.borrower_name),
    Column("status", gettext_lazy("状態"), lambda loan: loan.status_label()),
    Column("fee", gettext_lazy("貸出料（円）"), lambda loan: loan.fee),
    Column("fee_charged", gettext_lazy("受け取った貸出料（円）"), lambda loan: loan.fee_charged),
    Column("receipt_number", gettext_lazy("領収書番号"), lambda loan: loan.receipt_number),
    Column("collected_by", gettext_lazy("受け取った人"), lambda loan: loan.collected_by),
    Column("damage_note", gettext_lazy("破損・不具合"), lambda loan: loan.damage_note),
    Column("cancel_reason", gettext_lazy("取消の理由"), lambda loan: loan.cancel_reason),
]


@capability_required("staff_pages")
@pagecache.cached_per_person()
def staff_loans(request):
    """Every reservation and loan, searchable and filtered, paginated, and exported through config.core.exports."""
    form = LoanFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    fy = filters.get("fy")
    loans = selectors.staff_loans(
        text=filters.get("q", ""),
        status=filters.get("status", ""),
        site=filters.get("site"),
        kind=filters.get("kind"),
        fy=fy,
    )
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return export_response(
            loans, choose_columns(LOAN_COLUMNS, request.GET.getlist("columns")), fmt, _("機材の貸出"), request=request)
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    numbers_fy = fy or current_fiscal_year()
    return render(
        request,
        "programs/equipment/staff_loans.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "columns": LOAN_COLUMNS,
            "numbers": selectors.equipment_numbers(numbers_fy),
            "today": timezone.localdate(),
            "due": list(selectors.due_today()),
            "sites": Site.objects.all(),
        },
    )


@capability_required("staff_pages")
def staff_overdue(request):
    return render(
        request,
        "programs/equipment/staff_overdue.html",
        {"loans": list(selectors.overdue_loans()), "today": timezone.localdate()},
    )


def _staff_groups():
    fy = current_fiscal_year()
    registered = VolunteerGroup.objects.registered_for(fy).values("pk")
    upcoming = VolunteerGroup.objects.registered_for(fy + 1).values("pk")
    return VolunteerGroup.objects.filter(pk__in=registered.union(upcoming)).order_by("name_kana_key", "pk")


@capability_required("staff_pages")
def staff_reserve(request):
    """Staff reserve at the counter for a group (no advance limit; every other rule applies); the chosen kind's
    free units per day at the chosen site are shown below the form."""
    groups = _staff_groups()
    quote = None
    source = request.POST if request.method == "POST" else request.GET
    kind = (
        EquipmentKind.objects.active().filter(pk=source.get("kind") or 0).first()
        if str(source.get("kind", "")).isdigit()
        else None
    )
    site = (
        Site.objects.filter(pk=source.get("site") or 0).first()
        if str(source.get("site", "")).isdigit()
        else None
    )
    if request.method == "POST":
        form = StaffEquipmentReserveForm(request.POST, groups=groups)
        if form.is_valid():
            data = form.cleaned_data
            args = {
                "kind": data["kind"],
                "site": data["site"],
                "group": data["group"],
                "pickup_on": data["pickup_on"],
                "return_on": data["return_on"],
                "as_staff": True,
            }
            try:
                if "confirm" in request.POST:
                    loan = services.loan_reserve(**args, purpose=data["purpose"], by=request.user)
                    messages.success(
                        request, _("機材を予約しました（管理番号 %(code)s）。") % {"code": loan.unit.code}
                    )
                    return redirect("programs:staff_loan", loan.pk)
                quote = services.loan_quote(**args)
            except ValidationError as exc:
                form.add_error(None, exc)
    else:
        initial = {"pickup_on": timezone.localdate()}
        initial |= {k: v.pk for k, v in (("kind", kind), ("site", site)) if v}
        form = StaffEquipmentReserveForm(groups=groups, initial=initial)
    days = None
    if kind and site:
        days = selectors.availability(
            kind=kind, site=site, start=timezone.localdate(), days=AVAILABILITY_DAYS
        )
    status = 400 if request.method == "POST" and quote is None else 200
    return render(
        request,
        "programs/equipment/staff_reserve.html",
        {
            "form": form,
            "quote": quote,
            "days": days,
            "kind": kind,
            "site": site,
            "kinds": EquipmentKind.objects.active(),
            "sites": Site.objects.all(),
        },
        status=status,
    )


def _staff_loan_context(loan, **forms):
    context = {
        "loan": loan,
        "today": timezone.localdate(),
        "checkout_form": CheckOutForm(initial={"condition": loan.unit.condition, "fee_charged": loan.fee}),
        "checkin_form": CheckInForm(initial={"condition": loan.unit.condition}),
        "cancel_form": CancelForm(prefix="cancel"),
    }
    context.update(forms)
    return context


STAFF_ACTIONS = ("check_out", "check_in", "cancel")


@capability_required("staff_pages")
def staff_loan(request, pk):
    """One loan at the counter: check out (予約 → 貸出中), check in (→ 返却済), or cancel with a reason."""
    loan = get_loan_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "programs/equipment/staff_loan.html", _staff_loan_context(loan))
    action = request.POST.get("action")
    if action == "check_out":
        form, key = CheckOutForm(request.POST), "checkout_form"
    elif action == "check_in":
        form, key = CheckInForm(request.POST), "checkin_form"
    elif action == "cancel":
        form, key = CancelForm(request.POST, prefix="cancel"), "cancel_form"
    else:
        return redirect("programs:staff_loan", loan.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "check_out":
                services.loan_check_out(loan=loan, by=request.user, **data)
                messages.success(request, _("貸し出しました。領収書を印刷してお渡しください。"))
                return redirect("programs:staff_receipt", loan.pk)
            if action == "check_in":
                services.loan_check_in(loan=loan, by=request.user, **data)
                messages.success(request, _("返却を記録しました。"))
            else:
                services.loan_cancel(loan=loan, by=request.user, reason=data["reason"], as_staff=True)
                messages.success(request, _("予約を取り消しました。団体に連絡しました。"))
            return redirect("programs:staff_loan", loan.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request, "programs/equipment/staff_loan.html", _staff_loan_context(loan, **{key: form}), status=400
    )


@capability_required("staff_pages")
def staff_receipt(request, pk):
    """The printable 領収書 of a loan handed over."""
    loan = get_loan_for_user(request.user, pk)
    if not loan.receipt_number:
        raise Http404
    site = loan.unit.site
    return render(
        request,
        "programs/equipment/receipt.html",
        {"loan": loan, "site": site, "fy": fiscal_year(loan.pickup_on)},
    )


@capability_required("staff_pages")
def staff_kinds(request):
    """Kinds and their units, with forms to add a unit and to take one out of (or back into) service."""
    unit_form = EquipmentUnitForm(request.POST or None)
    if request.method == "POST":
        if unit_form.is_valid():
            try:
                unit = services.unit_save(unit=unit_form.save(commit=False), by=request.user)
            except ValidationError as exc:
                unit_form.add_error(None, exc)
            else:
                messages.success(request, _("管理番号 %(code)s を登録しました。") % {"code": unit.code})
                return redirect("programs:staff_kinds")
    kinds = EquipmentKind.objects.prefetch_related("units__site")
    return render(
        request,
        "programs/equipment/staff_kinds.html",
        {
            "kinds": kinds,
            "unit_form": unit_form,
            "service_form": UnitServiceForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@capability_required("staff_pages")
def staff_kind_edit(request, pk=None):
    kind = get_object_or_404(EquipmentKind, pk=pk) if pk else EquipmentKind()
    form = EquipmentKindForm(request.POST or None, request.FILES or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.kind_save(kind=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("品目「%(name)s」を保存しました。") % {"name": form.instance.name})
            return redirect("programs:staff_kinds")
    return render(
        request,
        "programs/equipment/staff_kind_form.html",
        {"form": form, "kind": kind if pk else None},
        status=400 if request.method == "POST" else 200,
    )


@capability_required("staff_pages")
@require_POST
def staff_unit_service(request, pk):
    unit = get_object_or_404(EquipmentUnit, pk=pk)
    if unit.in_service:
        form = UnitServiceForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("管理番号 %(code)s：貸出を止める理由を入力してください。") % {"code": unit.code}
            )
            return redirect("programs:staff_kinds")
        services.unit_set_service(
            unit=unit, in_service=False, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("管理番号 %(code)s の貸出を止めました。") % {"code": unit.code})
    else:
        services.unit_set_service(unit=unit, in_service=True, by=request.user)
        messages.success(request, _("管理番号 %(code)s を貸し出せるようにしました。") % {"code": unit.code})
    return redirect("programs:staff_kinds")


@capability_required("staff_pages")
def staff_unit_edit(request, pk):
    """Change a unit's kind, site, 管理番号, condition or notes (taking it out of service has its own button)."""
    unit = get_object_or_404(EquipmentUnit.objects.select_related("kind"), pk=pk)
    form = EquipmentUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_save(unit=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("管理番号 %(code)s を保存しました。") % {"code": form.instance.code})
            return redirect("programs:staff_kinds")
    return render(
        request,
        "programs/equipment/staff_unit_form.html",
        {"form": form, "unit": unit},
        status=400 if request.method == "POST" else 200,
    )
