"""The annual bulk application: groups file requests; staff open windows, run the lottery, review and publish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.core.dates import current_fiscal_year
from config.core.roles import capability_required

from ..forms import CenterBookingForm, LockerRequestForm, RecurringRequestForm, RunForm, WindowForm
from ..models import AllocationResult, AllocationRun, ApplicationWindow, RoomBooking
from ..services import allocation
from ..services import rooms as room_services
from .access import get_request_for_user, groups_for_user


def _applicant_groups(user, window):
    return groups_for_user(user).filter(
        registrations__fiscal_year__in=[window.fiscal_year - 1, window.fiscal_year], registrations__status="approved"
    ).distinct()


@capability_required("group_pages")
def apply(request, pk):
    """A representative files recurring requests and a locker request during the window."""
    window = get_object_or_404(ApplicationWindow.objects.select_related("site"), pk=pk)
    groups = _applicant_groups(request.user, window)
    form = RecurringRequestForm(groups=groups, site=window.site)
    locker_form = LockerRequestForm(groups=groups, site=window.site, prefix="locker")
    if request.method == "POST" and "locker-group" in request.POST:
        locker_form = LockerRequestForm(request.POST, groups=groups, site=window.site, prefix="locker")
        if locker_form.is_valid():
            try:
                allocation.locker_request_create(window=window, group=locker_form.cleaned_data["group"],
                                                 size=locker_form.cleaned_data["size"], by=request.user)
            except ValidationError as exc:
                locker_form.add_error(None, exc)
            else:
                messages.success(request, "ロッカーを申請しました。")
                return redirect("programs:annual_apply", window.pk)
    elif request.method == "POST":
        form = RecurringRequestForm(request.POST, groups=groups, site=window.site)
        if form.is_valid():
            try:
                allocation.recurring_request_create(window=window, group=form.cleaned_data["group"], by=request.user,
                                                    **form.choice_data())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "定期利用を申請しました。")
                return redirect("programs:annual_apply", window.pk)
    context = {
        "window": window,
        "is_open": window.is_open_on(timezone.localdate()),
        "form": form,
        "locker_form": locker_form,
        "has_groups": groups.exists(),
        "requests": window.requests.filter(group__in=groups).select_related("group", "room", "second_room"),
        "locker_requests": window.locker_requests.filter(group__in=groups).select_related("group"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/annual_apply.html", context, status=status)


@capability_required("group_pages")
@require_POST
def withdraw(request, pk):
    req = get_request_for_user(request.user, pk)
    try:
        allocation.recurring_request_withdraw(request=req, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "申請を取り下げました。")
    return redirect("programs:annual_apply", req.window_id)


# --- staff ---------------------------------------------------------------------------------------


@capability_required("staff_pages")
def staff_rooms(request):
    """Staff overview: application windows (and a form to open one), the center's own bookings, recent bookings."""
    window_form = WindowForm(initial={"fiscal_year": current_fiscal_year() + 1})
    if request.method == "POST":
        window_form = WindowForm(request.POST)
        if window_form.is_valid():
            try:
                window = allocation.window_create(by=request.user, **window_form.cleaned_data)
            except ValidationError as exc:
                window_form.add_error(None, exc)
            else:
                messages.success(request, "年間一括申請の受付を作成しました。")
                return redirect("programs:staff_window", window.pk)
    bookings = RoomBooking.objects.select_related("room__site", "group").order_by("-created_at")
    page = Paginator(bookings, 30).get_page(request.GET.get("page"))
    windows = ApplicationWindow.objects.select_related("site").annotate(n_requests=Count("requests")).prefetch_related(
        Prefetch("runs", queryset=AllocationRun.objects.filter(published_at__isnull=False)))
    return render(request, "programs/staff/rooms.html", {
        "window_form": window_form, "windows": windows, "page": page, "center_form": CenterBookingForm()},
        status=400 if request.method == "POST" else 200)


@capability_required("staff_pages")
def staff_booking_new(request):
    """Staff book a room for the center's own use or block it for maintenance."""
    form = CenterBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = room_services.room_booking_create_for_center(
                room=data["room"], kind=data["kind"], purpose=data["purpose"], by=request.user,
                start=room_services.aware(data["day"], data["start"]), end=room_services.aware(data["day"], data["end"]))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "登録しました。")
            return redirect("programs:booking_detail", booking.pk)
    return render(request, "programs/staff/booking_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@capability_required("staff_pages")
def staff_window(request, pk):
    window = get_object_or_404(ApplicationWindow.objects.select_related("site"), pk=pk)
    return render(request, "programs/staff/window.html", {
        "window": window,
        "requests": window.requests.select_related("group", "room", "second_room"),
        "locker_requests": window.locker_requests.select_related("group"),
        "runs": window.runs.select_related("run_by", "published_by"),
        "run_form": RunForm(),
    })


@capability_required("staff_pages")
@require_POST
def staff_run(request, pk):
    window = get_object_or_404(ApplicationWindow, pk=pk)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            run = allocation.allocation_run(window=window, by=request.user, seed=form.cleaned_data["seed"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "割当を実行しました。結果を確認してから公開してください。")
            return redirect("programs:staff_run_detail", run.pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("programs:staff_window", window.pk)


@capability_required("staff_pages")
def staff_run_detail(request, pk):
    run = get_object_or_404(AllocationRun.objects.select_related("window__site", "run_by", "published_by"), pk=pk)
    results = run.results.select_related("request__group", "request__room", "request__second_room", "room")
    by_group = {}
    for r in results:
        by_group.setdefault(r.request.group, []).append(r)
    return render(request, "programs/staff/run.html", {
        "run": run, "results": results, "by_group": by_group,
        "published_elsewhere": run.window.runs.exclude(pk=run.pk).filter(published_at__isnull=False).exists(),
        "granted": [r for r in results if r.outcome in (AllocationResult.Outcome.FIRST, AllocationResult.Outcome.SECOND)],
    })


@capability_required("staff_pages")
@require_POST
def staff_publish(request, pk):
    run = get_object_or_404(AllocationRun, pk=pk)
    try:
        allocation.allocation_publish(run=run, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "割当を公開し、予約を作成しました。各団体に結果を連絡しました。")
    return redirect("programs:staff_run_detail", run.pk)
