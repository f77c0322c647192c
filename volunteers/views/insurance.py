"""Insurance pages: a volunteer's own (my page), a representative's roster and 行事保険, and the staff counter and lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from config.core import pagecache, roles
from config.core.dates import current_fiscal_year, fiscal_year_label
from config.core.exports import FORMATS, Column, export_response
from config.core.search import clean_query

from .. import selectors
from ..forms.insurance import (
    CancelForm,
    CopyYearForm,
    CounterEnrolmentForm,
    DayForm,
    EnrolmentApplyForm,
    EnrolmentFilterForm,
    EventApplyForm,
    EventFilterForm,
    InsuranceYearForm,
    PaymentForm,
    RosterExportForm,
    RosterForm,
)
from ..models import VolunteerGroup
from ..models.insurance import Enrolment, InsuranceKind
from ..services import insurance as services
from ._shared import chosen_columns, page_of, query_without_page

staff_required = roles.capability_required("staff_pages")


def _fail(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _staff_action(request, *, act, success: str, back, form=None, invalid: str | None = None):
    """One status step staff take on an enrolment or an event (pay, complete, cancel): the same for both.

    The form (if any) is checked first; then the service runs; its refusal or the success is reported
    as a message, and staff go back to the record's page either way.
    """
    if form is not None and not form.is_valid():
        messages.error(request, invalid or " ".join(m for ms in form.errors.values() for m in ms))
        return back
    try:
        act(form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, success)
    return back


def _status_steps(*, get, detail: str, pay, complete, cancel):
    """The three status steps staff take on one kind of insurance record (a ボランティア保険 enrolment or a
    行事保険): confirm the payment, mark it enrolled, cancel. The same flow for both kinds, so one definition;
    `get(user, pk)` finds the record, `pay`/`complete`/`cancel` call the kind's service with it.
    """

    @staff_required
    @require_POST
    def pay_view(request, pk: int):
        record = get(request.user, pk)
        return _staff_action(
            request,
            form=PaymentForm(request.POST),
            act=lambda data: pay(record, by=request.user, **data),
            success=_("入金を確認しました。"),
            back=redirect(detail, pk=pk),
        )

    @staff_required
    @require_POST
    def complete_view(request, pk: int):
        record = get(request.user, pk)
        return _staff_action(
            request,
            act=lambda data: complete(record, completed_on=timezone.localdate(), by=request.user),
            success=_("加入済にしました。"),
            back=redirect(detail, pk=pk),
        )

    @staff_required
    @require_POST
    def cancel_view(request, pk: int):
        record = get(request.user, pk)
        return _staff_action(
            request,
            form=CancelForm(request.POST),
            invalid=_("取消の理由を入力してください。"),
            act=lambda data: cancel(record, reason=data["reason"], by=request.user),
            success=_("申込を取り消しました。"),
            back=redirect(detail, pk=pk),
        )

    return pay_view, complete_view, cancel_view


# --- a volunteer's own -----------------------------------------------------------------------------


@roles.capability_required("my_page")
def my_insurance(request):
    volunteer = selectors.own_volunteer(request.user)
    today = timezone.localdate()
    enrolments = selectors.enrolments_of(volunteer)
    applied_years = {e.fiscal_year for e in enrolments if e.status != "cancelled"}
    # From late March two years are open: offer only the plans of a year this person has not applied for.
    years = [fy for fy in selectors.open_fiscal_years(today) if fy not in applied_years]
    form = EnrolmentApplyForm(request.POST or None, years=years)
    if volunteer is not None and request.method == "POST" and form.is_valid():
        try:
            services.enrolment_apply(
                plan=form.cleaned_data["plan"],
                volunteer=volunteer,
                via=Enrolment.Via.MYPAGE,
                by=request.user,
                today=today,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("ボランティア保険に申し込みました。センターの窓口で保険料をお支払いください。")
            )
            return redirect("volunteers:my_insurance")
    coverage = {fy: selectors.coverage_period(fiscal_year=fy, completed_on=today) for fy in years}
    plans = list(form.fields["plan"].queryset)
    return render(
        request,
        "volunteers/insurance/my_insurance.html",
        {
            "volunteer": volunteer,
            "enrolments": enrolments,
            "form": form,
            "years": years,
            "can_apply": volunteer is not None
            and volunteer.status == "registered"
            and bool(plans),
            "coverage": coverage,
            "renewal": selectors.renewal_offer(volunteer, today),
            "renewal_year": selectors.preferred_fiscal_year(today),
            "plans_are_samples": any(p.is_sample for p in plans),
        },
    )


@roles.capability_required("my_page")
@require_POST
def my_insurance_renew(request):
    volunteer = selectors.own_volunteer(request.user)
    try:
        services.enrolment_renew(volunteer=volunteer, by=request.user)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, _("昨年度と同じプランで更新を申し込みました。センターの窓口で保険料をお支払いください。")
        )
    return redirect("volunteers:my_insurance")


# --- a representative's group ----------------------------------------------------------------------


@roles.capability_required("group_pages")
def group_insurance(request, pk: int):
    group = selectors.get_group_for_user(request.user, pk)
    fy = current_fiscal_year()
    return render(
        request,
        "volunteers/insurance/group_insurance.html",
        {
            "group": group,
            **selectors.group_insurance(group, fy),
            "plans_are_samples": selectors.any_sample_rates(),
        },
    )


@roles.capability_required("group_pages")
def group_roster(request, pk: int):
    """The roster: one plan, one line per member; last year's members are filled in to start from."""
    group = selectors.get_group_for_user(request.user, pk)
    today = timezone.localdate()
    years = selectors.open_fiscal_years(today)
    target = selectors.preferred_fiscal_year(today)
    last_year = selectors.last_year_roster_members(group, target)
    initial = {
        "members": "\n".join(
            f"{m['person_name']}\t{m['person_furigana']}\t{m['birth_date']:%Y-%m-%d}"
            for m in last_year
            if m["birth_date"]
        )
    }
    form = RosterForm(request.POST or None, years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            roster = services.roster_apply(
                group=group,
                plan=form.cleaned_data["plan"],
                lines=form.cleaned_data["members"],
                by=request.user,
                today=today,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(n)s人の名簿を申し込みました。センターの窓口で保険料をお支払いください。")
                % {"n": roster.enrolments.count()},
            )
            return redirect("volunteers:group_insurance", pk=group.pk)
    return render(
        request,
        "volunteers/insurance/group_roster.html",
        {
            "group": group,
            "form": form,
            "last_year_count": len(last_year),
            "target": target,
            "plans_are_samples": any(p.is_sample for p in form.fields["plan"].queryset),
        },
    )


@roles.capability_required("group_pages")
def group_event_apply(request, pk: int):
    """行事保険: the premium is computed and shown (確認) before the representative submits."""
    group = selectors.get_group_for_user(request.user, pk)
    return _event_page(
        request, group, back_url=reverse("volunteers:group_insurance", args=[group.pk]), by_staff=False
    )


def _event_page(request, group, *, back_url: str, by_staff: bool):
    """The 行事保険 form for a representative or for staff at the counter: 確認 (premium shown), then 申し込む."""
    today = timezone.localdate()
    fy = current_fiscal_year()
    form = EventApplyForm(request.POST or None, years=[fy, fy + 1])
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        days = (data["ends_on"] - data["starts_on"]).days + 1
        preview = {
            "premium": data["plan"].premium_for(participants=data["participants"], days=days),
            "days": days,
            "deadline": selectors.event_deadline(data["starts_on"]),
            "plan": data["plan"],
        }
        if request.POST.get("action") == "submit":
            try:
                event = services.event_apply(group=group, by=request.user, today=today, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
                preview = None
            else:
                if by_staff:
                    messages.success(request, _("行事保険の申込を受け付けました。"))
                    return redirect("volunteers:staff_event", pk=event.pk)
                messages.success(
                    request, _("行事保険を申し込みました。センターの窓口で保険料をお支払いください。")
                )
                return redirect(back_url)
    return render(
        request,
        "volunteers/insurance/event_form.html",
        {
            "group": group,
            "form": form,
            "preview": preview,
            "back_url": back_url,
            "by_staff": by_staff,
            "lead_days": selectors.event_lead_days(fy),
            "plans_are_samples": any(p.is_sample for p in form.fields["plan"].queryset),
        },
    )


# --- staff: ボランティア保険 ------------------------------------------------------------------------

# The column order of the council's submission form.
ROSTER_COLUMNS = [
    Column("name", _l("氏名"), lambda e: e.person_name),
    Column("furigana", _l("フリガナ"), lambda e: e.person_furigana),
    Column("plan", _l("プラン"), lambda e: e.plan.name),
    Column("group", _l("団体"), lambda e: e.group.name if e.group_id else ""),
    Column("enrolled_on", _l("加入日"), lambda e: e.enrolled_on),
    Column("coverage_start", _l("補償開始日"), lambda e: e.coverage_start),
    Column("coverage_end", _l("補償終了日"), lambda e: e.coverage_end),
]
LIST_COLUMNS = [
    *ROSTER_COLUMNS,
    Column("birth_date", _l("生年月日"), lambda e: e.birth_date),
    Column("fiscal_year", _l("年度"), lambda e: e.fiscal_year),
    Column("status", _l("状態"), lambda e: e.get_status_display()),
    Column("premium", _l("保険料"), lambda e: e.premium),
    Column("receipt_number", _l("領収書番号"), lambda e: e.receipt_number),
    Column("paid_on", _l("入金日"), lambda e: e.paid_on),
]


@staff_required
@pagecache.cached_per_person()
def staff_enrolments(request):
    form = EnrolmentFilterForm(request.GET or None, years=selectors.plan_years())
    data = form.cleaned_data if form.is_valid() else (None if form.is_bound else {"fiscal_year": None})
    qs = selectors.filter_enrolments(data)
    fmt = request.GET.get("export")
    if fmt in FORMATS and form.is_valid():
        return export_response(qs, chosen_columns(LIST_COLUMNS, request), fmt, _("ボランティア保険"), request=request)
    return render(
        request,
        "volunteers/insurance/staff_enrolments.html",
        {
            "form": form,
            "page": page_of(request, qs),
            "columns": LIST_COLUMNS,
            "chosen": request.GET.getlist("columns"),
            "query": query_without_page(request),
            "roster_form": RosterExportForm(),
        },
    )


@staff_required
def staff_roster_export(request):
    """The submission roster: enrolments completed in a date range, in the submission form's column order."""
    form = RosterExportForm(request.GET)
    fmt = request.GET.get("export", "csv")
    if not form.is_valid() or fmt not in FORMATS:
        messages.error(
            request,
            " ".join(m for ms in form.errors.values() for m in ms) or _("出力の形式を選んでください。"),
        )
        return redirect("volunteers:staff_enrolments")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    rows = selectors.roster_export_rows(start, end)
    return export_response(
        rows, chosen_columns(ROSTER_COLUMNS, request), fmt, _("ボランティア保険_加入者名簿"), request=request)


@staff_required
def staff_enrolment_new(request):
    """The counter: person, plan, and (when paid now) the receipt number, in one form."""
    today = timezone.localdate()
    years = selectors.open_fiscal_years(today)
    person_query = clean_query(request.GET.get("q"))
    form = CounterEnrolmentForm(request.POST or None, years=years, person_query=person_query)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrolment_apply(
                plan=data["plan"],
                volunteer=data["volunteer"],
                name=data["name"],
                furigana=data["furigana"],
                birth_date=data["birth_date"],
                group=data["group"],
                via=Enrolment.Via.COUNTER,
                by=request.user,
                today=today,
            )
            if data["receipt_number"]:
                enrolment = services.enrolment_confirm_payment(
                    enrolment=enrolment,
                    receipt_number=data["receipt_number"],
                    paid_on=today,
                    by=request.user,
                    complete=True,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(name)sさんの申込を受け付けました。") % {"name": enrolment.person_name}
            )
            return redirect("volunteers:staff_enrolment", pk=enrolment.pk)
    return render(
        request,
        "volunteers/insurance/staff_enrolment_new.html",
        {
            "form": form,
            "person_query": person_query,
            "plans_are_samples": any(p.is_sample for p in form.fields["plan"].queryset),
        },
    )


@staff_required
def staff_enrolment(request, pk: int):
    enrolment = selectors.get_enrolment_for_user(request.user, pk)
    return render(
        request,
        "volunteers/insurance/staff_enrolment.html",
        {
            "e": enrolment,
            "pay_form": PaymentForm(initial={"paid_on": timezone.localdate(), "complete": True}),
            "cancel_form": CancelForm(),
            "today": timezone.localdate(),
        },
    )


staff_enrolment_pay, staff_enrolment_complete, staff_enrolment_cancel = _status_steps(
    get=selectors.get_enrolment_for_user,
    detail="volunteers:staff_enrolment",
    pay=lambda e, **kw: services.enrolment_confirm_payment(enrolment=e, **kw),
    complete=lambda e, **kw: services.enrolment_complete(enrolment=e, **kw),
    cancel=lambda e, **kw: services.enrolment_cancel(enrolment=e, **kw),
)


@staff_required
def staff_enrolment_receipt(request, pk: int):
    enrolment = selectors.get_enrolment_for_user(request.user, pk)
    return render(
        request,
        "volunteers/insurance/receipt.html",
        {
            "paid": enrolment.status in ("paid", "enrolled"),
            "receipt_number": enrolment.receipt_number,
            "payer": enrolment.person_name,
            "paid_on": enrolment.paid_on,
            "amount": enrolment.premium,
            "what": _("ボランティア保険 %(year)s %(plan)s")
            % {"year": fiscal_year_label(enrolment.fiscal_year), "plan": enrolment.plan.name},
            "sample": enrolment.plan.is_sample,
            "back": "volunteers:staff_enrolment",
            "pk": pk,
        },
    )


# --- staff: 行事保険 -----------------------------------------------------------------------------

EVENT_COLUMNS = [
    Column("group", _l("団体"), lambda e: e.group.name),
    Column("event_name", _l("行事名"), lambda e: e.event_name),
    Column("plan", _l("保険の種類"), lambda e: e.plan.name),
    Column("starts_on", _l("行事の初日"), lambda e: e.starts_on),
    Column("ends_on", _l("行事の最終日"), lambda e: e.ends_on),
    Column("place", _l("場所"), lambda e: e.place),
    Column("participants", _l("参加予定人数"), lambda e: e.participants),
    Column("premium", _l("保険料"), lambda e: e.premium),
    Column("enrolled_on", _l("加入日"), lambda e: e.enrolled_on),
    Column("status", _l("状態"), lambda e: e.get_status_display()),
    Column("receipt_number", _l("領収書番号"), lambda e: e.receipt_number),
]


@staff_required
def staff_events(request):
    form = EventFilterForm(request.GET or None, years=selectors.plan_years())
    data = form.cleaned_data if form.is_valid() else (None if form.is_bound else {})
    qs = selectors.filter_event_insurances(data)
    fmt = request.GET.get("export")
    if fmt in FORMATS and form.is_valid():
        return export_response(qs, chosen_columns(EVENT_COLUMNS, request), fmt, _("行事保険"), request=request)
    return render(
        request,
        "volunteers/insurance/staff_events.html",
        {
            "form": form,
            "page": page_of(request, qs),
            "columns": EVENT_COLUMNS,
            "chosen": request.GET.getlist("columns"),
            "query": query_without_page(request),
        },
    )


@staff_required
def staff_event(request, pk: int):
    event = selectors.get_event_insurance_for_user(request.user, pk)
    return render(
        request,
        "volunteers/insurance/staff_event.html",
        {
            "e": event,
            "pay_form": PaymentForm(initial={"paid_on": timezone.localdate(), "complete": True}),
            "cancel_form": CancelForm(),
        },
    )


staff_event_pay, staff_event_complete, staff_event_cancel = _status_steps(
    get=selectors.get_event_insurance_for_user,
    detail="volunteers:staff_event",
    pay=lambda e, **kw: services.event_confirm_payment(event=e, **kw),
    complete=lambda e, **kw: services.event_complete(event=e, **kw),
    cancel=lambda e, **kw: services.event_cancel(event=e, **kw),
)


@staff_required
def staff_event_receipt(request, pk: int):
    event = selectors.get_event_insurance_for_user(request.user, pk)
    return render(
        request,
        "volunteers/insurance/receipt.html",
        {
            "paid": event.status in ("paid", "enrolled"),
            "receipt_number": event.receipt_number,
            "payer": event.group.name,
            "paid_on": event.paid_on,
            "amount": event.premium,
            "what": _("行事保険 %(plan)s「%(event)s」")
            % {"plan": event.plan.name, "event": event.event_name},
            "sample": event.plan.is_sample,
            "back": "volunteers:staff_event",
            "pk": pk,
        },
    )


# --- staff: the day's total, products --------------------------------------------------------------


@staff_required
def staff_daily_total(request):
    form = DayForm(request.GET or None, initial={"day": timezone.localdate()})
    day = form.cleaned_data["day"] if form.is_valid() else timezone.localdate()
    return render(
        request,
        "volunteers/insurance/daily_total.html",
        {
            "form": form,
            "total": selectors.premiums_received(day),
            "plans_are_samples": selectors.any_sample_rates(),
        },
    )


@staff_required
def staff_products(request):
    fy = current_fiscal_year()
    years = selectors.plan_years()
    try:
        shown = int(request.GET.get("year", ""))
    except ValueError:
        shown = years[0] if years else fy
    copy_form = CopyYearForm(
        request.POST if request.POST.get("action") == "copy" else None,
        years=years,
        initial={"to_year": (years[0] + 1) if years else fy},
    )
    year_form = InsuranceYearForm(
        request.POST if request.POST.get("action") == "year" else None,
        initial={
            "fiscal_year": shown,
            "applications_open_on": selectors.applications_open_on(shown),
            "event_lead_days": selectors.event_lead_days(shown),
        },
    )
    if request.method == "POST" and copy_form.is_bound and copy_form.is_valid():
        try:
            created = services.plans_copy_year(by=request.user, **copy_form.cleaned_data)
        except ValidationError as exc:
            copy_form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(n)s件の商品をコピーしました。料率を確認してください。") % {"n": len(created)}
            )
            return redirect(f"{request.path}?year={copy_form.cleaned_data['to_year']}")
    if request.method == "POST" and year_form.is_bound and year_form.is_valid():
        try:
            services.insurance_year_set(by=request.user, **year_form.cleaned_data)
        except ValidationError as exc:
            year_form.add_error(None, exc)
        else:
            messages.success(request, _("年度の設定を保存しました。"))
            return redirect(f"{request.path}?year={year_form.cleaned_data['fiscal_year']}")
    products = selectors.products_by_year(shown)
    return render(
        request,
        "volunteers/insurance/staff_products.html",
        {
            "years": years,
            "shown": shown,
            "copy_form": copy_form,
            "year_form": year_form,
            "volunteer_plans": products[InsuranceKind.VOLUNTEER],
            "event_plans": products[InsuranceKind.EVENT],
            "counts": selectors.insurance_counts(years[:5]),
        },
    )


# --- staff: a group's roster, paid at once ----------------------------------------------------------


@staff_required
def staff_roster(request, pk: int):
    """A roster's members and one payment for all of them (one receipt for the group)."""
    roster = selectors.get_roster_for_user(request.user, pk)
    lines = selectors.roster_lines(roster)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate(), "complete": True})
    if request.method == "POST" and form.is_valid():
        try:
            n = services.roster_confirm_payment(roster=roster, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)s人分の入金を確認しました。") % {"n": n})
            return redirect("volunteers:staff_roster", pk=pk)
    return render(
        request,
        "volunteers/insurance/staff_roster.html",
        {
            "roster": roster,
            "lines": lines,
            "form": form,
            "due": selectors.roster_total(lines, "applied"),
            "waiting": sum(1 for e in lines if e.status == "applied"),
        },
    )


@staff_required
def staff_roster_receipt(request, pk: int):
    roster = selectors.get_roster_for_user(request.user, pk)
    paid = [e for e in selectors.roster_lines(roster) if e.status in ("paid", "enrolled")]
    numbers = sorted({e.receipt_number for e in paid})
    return render(
        request,
        "volunteers/insurance/receipt.html",
        {
            "paid": bool(paid),
            "receipt_number": "・".join(numbers),
            "payer": roster.group.name,
            "paid_on": max((e.paid_on for e in paid), default=None),
            "amount": sum(e.premium for e in paid),
            "what": _("ボランティア保険 %(year)s %(plan)s %(n)s人分")
            % {
                "year": fiscal_year_label(roster.fiscal_year),
                "plan": roster.plan.name,
                "n": len(paid),
            },
            "sample": roster.plan.is_sample,
            "back": "volunteers:staff_roster",
            "pk": pk,
        },
    )


@staff_required
def staff_roster_new(request):
    """A group's paper roster entered at the counter: the same form and rules as the representative's."""
    today = timezone.localdate()
    group_query = clean_query(request.GET.get("q"))
    groups = list(VolunteerGroup.objects.search(group_query)[:30]) if group_query else []
    group = None
    if request.GET.get("group", "").isdigit():
        group = VolunteerGroup.objects.filter(pk=int(request.GET["group"])).first()
    if group is None:
        return render(
            request,
            "volunteers/insurance/staff_group_pick.html",
            {
                "groups": groups,
                "group_query": group_query,
                "heading": _("団体の名簿を受け付ける"),
            },
        )
    form = RosterForm(request.POST or None, years=selectors.open_fiscal_years(today))
    if request.method == "POST" and form.is_valid():
        try:
            roster = services.roster_apply(
                group=group,
                plan=form.cleaned_data["plan"],
                lines=form.cleaned_data["members"],
                by=request.user,
                today=today,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)s人の名簿を受け付けました。") % {"n": roster.enrolments.count()})
            return redirect("volunteers:staff_roster", pk=roster.pk)
    return render(
        request,
        "volunteers/insurance/staff_roster_new.html",
        {
            "form": form,
            "group": group,
            "groups": groups,
            "group_query": group_query,
            "plans_are_samples": any(p.is_sample for p in form.fields["plan"].queryset),
        },
    )


@staff_required
def staff_event_new(request):
    """A group's 行事保険 entered at the counter: find the group, then the representative's form."""
    group_query = clean_query(request.GET.get("q"))
    group = None
    if request.GET.get("group", "").isdigit():
        group = VolunteerGroup.objects.filter(pk=int(request.GET["group"])).first()
    if group is None:
        groups = list(VolunteerGroup.objects.search(group_query)[:30]) if group_query else []
        return render(
            request,
            "volunteers/insurance/staff_group_pick.html",
            {
                "groups": groups,
                "group_query": group_query,
                "heading": _("行事保険を受け付ける"),
            },
        )
    return _event_page(request, group, back_url=reverse("volunteers:staff_events"), by_staff=True)
