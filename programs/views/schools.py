"""School lessons and outreach courses: the public request form; for staff the list with filters, the entry form,
one request's page (status steps, lecturers with the candidate search, equipment for the day, the report) and a
month calendar of decided lessons."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core.dates import current_fiscal_year, fiscal_year
from config.core.public_forms import public_form
from config.core.roles import capability_required
from config.core.search import clean_query
from volunteers.models import Volunteer, VolunteerGroup

from .. import selectors
from ..forms import (
    PublicSchoolRequestForm,
    SchoolCancelForm,
    SchoolConfirmForm,
    SchoolEquipmentForm,
    SchoolHeldForm,
    SchoolLecturerForm,
    StaffSchoolRequestForm,
)
from ..models import EquipmentLoan, SchoolLecturer, SchoolRequest
from ..services import equipment as equipment_services
from ..services import schools as services


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _submit(request, form, template: str, *, done):
    if request.method == "POST" and form.is_valid():
        dates = [services.PreferredDate(*d) for d in form.preferred_dates()]
        try:
            school_request = services.request_submit(
                school_request=form.save(commit=False),
                dates=dates,
                by=request.user,
                consent=form.cleaned_data.get("consent", False),
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            return done(school_request)
    return render(
        request,
        template,
        {"form": form, "themes": selectors.active_themes()},
        status=400 if form.errors else 200,
    )


# --- public ----------------------------------------------------------------------------------------------


@public_form("school_request")
def school_request_new(request):
    """A school or organisation asks for a lesson or an outreach course."""
    form = PublicSchoolRequestForm(request.POST or None)
    return _submit(
        request,
        form,
        "programs/schools/request_form.html",
        done=lambda r: redirect("programs:school_request_thanks"),
    )


def school_request_thanks(request):
    return render(request, "programs/schools/request_thanks.html")


# --- staff -----------------------------------------------------------------------------------------------


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


@capability_required("staff_pages")
def staff_school_requests(request):
    statuses = dict(SchoolRequest.Status.choices)
    kinds = dict(SchoolRequest.Kind.choices)
    status = request.GET.get("status", "") if request.GET.get("status") in statuses else ""
    kind = request.GET.get("kind", "") if request.GET.get("kind") in kinds else ""
    fy = _int(request.GET.get("fy"), 2000, 2100) if "fy" in request.GET else current_fiscal_year()
    text = clean_query(request.GET.get("q"))
    page = Paginator(
        selectors.staff_school_requests(status=status, kind=kind, fy=fy, text=text), 30
    ).get_page(request.GET.get("page"))
    numbers = selectors.school_numbers(fy or current_fiscal_year())
    return render(
        request,
        "programs/schools/staff_list.html",
        {
            "page": page,
            "statuses": SchoolRequest.Status.choices,
            "kinds": SchoolRequest.Kind.choices,
            "status": status,
            "kind": kind,
            "fy": fy,
            "q": text,
            "numbers": numbers,
            "numbers_fy": fy or current_fiscal_year(),
        },
    )


@capability_required("staff_pages")
def staff_school_request_new(request):
    form = StaffSchoolRequestForm(request.POST or None, initial={"channel": SchoolRequest.Channel.STAFF})

    def done(school_request):
        messages.success(request, _("依頼を受け付けました。"))
        return redirect("programs:staff_school_request", pk=school_request.pk)

    return _submit(request, form, "programs/schools/staff_form.html", done=done)


FORMS = {
    "confirm": SchoolConfirmForm,
    "lecturer": SchoolLecturerForm,
    "held": SchoolHeldForm,
    "cancel": SchoolCancelForm,
    "equipment": SchoolEquipmentForm,
}


def _act(request, school_request, action: str, form) -> str:
    """Run one staff step; returns the success message (the service raises ValidationError otherwise)."""
    data = form.cleaned_data if form is not None else {}
    by = request.user
    if action == "arranging":
        services.request_start_arranging(school_request=school_request, by=by)
        return _("調整中にしました。")
    if action == "lecturer":
        volunteer = get_object_or_404(Volunteer, pk=data["volunteer"]) if data.get("volunteer") else None
        group = get_object_or_404(VolunteerGroup, pk=data["group"]) if data.get("group") else None
        lecturer = services.lecturer_add(
            school_request=school_request, volunteer=volunteer, group=group, role=data["role"], by=by
        )
        return _("%(name)sさんを講師にしました。") % {"name": lecturer.name}
    if action == "lecturer_remove":
        lecturer = get_object_or_404(
            SchoolLecturer, pk=_int(request.POST.get("lecturer"), 1, 2**31) or 0, request=school_request
        )
        services.lecturer_remove(lecturer=lecturer, by=by)
        return _("講師から外しました。")
    if action == "confirm":
        tz = timezone.get_current_timezone()
        services.request_confirm(
            school_request=school_request,
            starts_at=datetime.datetime.combine(data["day"], data["start"], tzinfo=tz),
            ends_at=datetime.datetime.combine(data["day"], data["end"], tzinfo=tz),
            by=by,
        )
        return _("決定にしました。学校と講師に連絡しました（メールのない方は電話・郵送の一覧に入りました）。")
    if action == "held":
        services.request_record_held(
            school_request=school_request, pupils_reached=data["pupils_reached"], report=data["report"], by=by
        )
        return _("実施済にしました。")
    if action == "cancel":
        services.request_cancel(school_request=school_request, reason=data["reason"], by=by)
        return _("中止にしました。学校に連絡しました。")
    if action == "equipment":
        loan = services.equipment_reserve(
            school_request=school_request,
            kind=data["kind"],
            site=data["site"],
            pickup_on=data["pickup_on"],
            return_on=data["return_on"],
            by=by,
        )
        return _("%(kind)s（管理番号 %(code)s）を予約しました。") % {
            "kind": loan.unit.kind.name,
            "code": loan.unit.code,
        }
    if action == "equipment_release":
        loan = get_object_or_404(
            EquipmentLoan, pk=_int(request.POST.get("loan"), 1, 2**31) or 0, school_request=school_request
        )
        equipment_services.loan_cancel(loan=loan, by=by, reason=_("授業で使わなくなったため"), as_staff=True)
        return _("機材の予約を取り消しました。")
    raise ValidationError(_("操作が正しくありません。"))


def _shown(school_request: SchoolRequest, action: str) -> bool:
    """Whether the request's page shows the form of this step (so its errors can be shown there)."""
    status = school_request.status
    return {
        "lecturer": school_request.is_open,
        "cancel": school_request.is_open,
        "confirm": status in (SchoolRequest.Status.RECEIVED, SchoolRequest.Status.ARRANGING),
        "equipment": status == SchoolRequest.Status.CONFIRMED,
        "held": status == SchoolRequest.Status.CONFIRMED,
    }.get(action, False)


@capability_required("staff_pages")
def staff_school_request(request, pk):
    school_request = selectors.staff_school_request(pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {name: cls(prefix=name) for name, cls in FORMS.items()}
    if school_request.starts_at:
        day = timezone.localtime(school_request.starts_at).date()
        forms["equipment"] = SchoolEquipmentForm(
            prefix="equipment", initial={"pickup_on": day, "return_on": day}
        )
    elif school_request.dates.all():
        first = school_request.dates.all()[0]
        forms["confirm"] = SchoolConfirmForm(
            prefix="confirm", initial={"day": first.day, "start": first.start, "end": first.end}
        )
    failed = False
    if action:
        form = FORMS[action](request.POST, prefix=action) if action in FORMS else None
        if form is not None:
            forms[action] = form
        if form is None or form.is_valid():
            try:
                message = _act(request, school_request, action, form)
            except ValidationError as exc:
                failed = True
                if form is not None:
                    form.add_error(None, _errors(exc))
                else:
                    messages.error(request, _errors(exc))
            else:
                messages.success(request, message)
                return redirect("programs:staff_school_request", pk=school_request.pk)
        else:
            failed = True
        school_request = selectors.staff_school_request(pk)
        if failed and not _shown(school_request, action):
            # A step from a page left open while the request moved on: its form is not on the page any more.
            if form is not None:
                messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect("programs:staff_school_request", pk=school_request.pk)
    q = clean_query(request.GET.get("q"))
    candidates = ([], [])
    if school_request.is_open:
        day = (
            timezone.localtime(school_request.starts_at).date()
            if school_request.starts_at
            else timezone.localdate()
        )
        candidates = selectors.lecturer_candidates(school_request, fiscal_year=fiscal_year(day), text=q)
    return render(
        request,
        "programs/schools/staff_detail.html",
        {
            "r": school_request,
            "forms": forms,
            "volunteer_candidates": candidates[0],
            "group_candidates": candidates[1],
            "q": q,
            "Status": SchoolRequest.Status,
        },
        status=400 if failed else 200,
    )


@capability_required("staff_pages")
def staff_school_calendar(request):
    """Decided lessons of a month (?month=2026-10); September–December is the busy season."""
    today = timezone.localdate()
    year, month = today.year, today.month
    value = request.GET.get("month", "")
    if len(value) == 7 and value[4] == "-":
        y, m = _int(value[:4], 2000, 2100), _int(value[5:], 1, 12)
        if y and m:
            year, month = y, m
    return render(
        request,
        "programs/schools/staff_calendar.html",
        {"month": selectors.lesson_month(year, month), "today": today},
    )
