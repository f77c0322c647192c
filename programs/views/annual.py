"""The annual bulk application: groups file requests; staff open windows, run the lottery, review and publish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.core import pagecache
from config.core.dates import current_fiscal_year
from config.core.pagination import page_without_count
from config.core.roles import capability_required

from ..forms import (
    CenterBookingForm,
    CloseEarlyForm,
    LockerRequestForm,
    RecurringRequestForm,
    RunForm,
    WindowForm,
)
from ..models import AllocationResult, AllocationRun, ApplicationWindow, RoomBooking
from ..services import allocation
from ..services import rooms as room_services
from .access import get_request_for_user, groups_for_user


def _applicant_groups(user, window):
    return (
        groups_for_user(user)
        .filter(
            registrations__fiscal_year__in=[window.fiscal_year - 1, window.fiscal_year],
            registrations__status="approved",
        )
        .distinct()
    )


@capability_required("group_pages")
def apply(request, pk):
    """A representative's page for one window: the form while it is open, what was filed, the result once published."""
    window = get_object_or_404(
        ApplicationWindow.objects.select_related("site").prefetch_related("runs"), pk=pk
    )
    phase = window.phase(timezone.localdate())
    is_open = phase == ApplicationWindow.Phase.OPEN
    groups = _applicant_groups(request.user, window)
    form = RecurringRequestForm(groups=groups, site=window.site)
    locker_form = LockerRequestForm(groups=groups, site=window.site, prefix="locker")
    if request.method == "POST" and not is_open:
        messages.error(request, _("受付期間外のため、申請や変更はできません。"))
        return redirect("programs:annual_apply", window.pk)
    if request.method == "POST" and "locker-group" in request.POST:
        locker_form = LockerRequestForm(request.POST, groups=groups, site=window.site, prefix="locker")
        if locker_form.is_valid():
            try:
                allocation.locker_request_create(
                    window=window,
                    group=locker_form.cleaned_data["group"],
                    size=locker_form.cleaned_data["size"],
                    by=request.user,
                )
            except ValidationError as exc:
                locker_form.add_error(None, exc)
            else:
                messages.success(request, _("ロッカーを申請しました。"))
                return redirect("programs:annual_apply", window.pk)
    elif request.method == "POST":
        form = RecurringRequestForm(request.POST, groups=groups, site=window.site)
        if form.is_valid():
            try:
                allocation.recurring_request_create(
                    window=window, group=form.cleaned_data["group"], by=request.user, **form.choice_data()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("定期利用を申請しました。"))
                return redirect("programs:annual_apply", window.pk)
    published = window.published_run()
    results, lockers = [], []
    if published:
        results = (
            published.results.filter(request__group__in=groups)
            .select_related("request__group", "request__room", "request__second_room", "room")
            .order_by("request__group", "pk")
        )
        mine = set(groups.values_list("pk", flat=True))
        lockers = [e for e in published.outcome.get("lockers", []) if e["group_id"] in mine]
    context = {
        "window": window,
        "phase": phase,
        "Phase": ApplicationWindow.Phase,
        "is_open": is_open,
        "published": published,
        "results": results,
        "locker_results": lockers,
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
        messages.success(request, _("申請を取り下げました。"))
    return redirect("programs:annual_apply", req.window_id)


# --- staff ---------------------------------------------------------------------------------------


@capability_required("staff_pages")
@pagecache.cached_per_person()
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
                messages.success(request, _("年間一括申請の受付を作成しました。"))
                return redirect("programs:staff_window", window.pk)
    # Newest first, over an index, without counting ten years of bookings (config/core/pagination.py).
    bookings = RoomBooking.objects.select_related("room__site", "group").order_by("-created_at", "-pk")
    page = page_without_count(bookings, request.GET.get("page"), 30)
    today = timezone.localdate()
    windows = list(
        ApplicationWindow.objects.select_related("site")
        .annotate(n_requests=Count("requests"))
        .prefetch_related(
            Prefetch("runs", queryset=AllocationRun.objects.only("pk", "window_id", "published_at"))
        )
    )
    for w in windows:
        w.current_phase = w.phase(today)
    return render(
        request,
        "programs/staff/rooms.html",
        {"window_form": window_form, "windows": windows, "page": page, "center_form": CenterBookingForm()},
        status=400 if request.method == "POST" else 200,
    )


@capability_required("staff_pages")
def staff_booking_new(request):
    """Staff book a room for the center's own use or block it for maintenance."""
    form = CenterBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = room_services.room_booking_create_for_center(
                room=data["room"],
                kind=data["kind"],
                purpose=data["purpose"],
                by=request.user,
                start=room_services.aware(data["day"], data["start"]),
                end=room_services.aware(data["day"], data["end"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("登録しました。"))
            return redirect("programs:booking_detail", booking.pk)
    return render(
        request,
        "programs/staff/booking_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _window_context(window: ApplicationWindow, **forms) -> dict:
    phase = window.phase(timezone.localdate())
    Phase = ApplicationWindow.Phase
    return {
        "window": window,
        "phase": phase,
        "Phase": Phase,
        "can_close_early": phase == Phase.OPEN,
        "can_run": phase in (Phase.CLOSED, Phase.REVIEW),
        "published": window.published_run(),
        "requests": window.requests.select_related("group", "room", "second_room"),
        "locker_requests": window.locker_requests.select_related("group"),
        "runs": window.runs.select_related("run_by", "published_by"),
        "run_form": forms.get("run_form") or RunForm(),
        "close_form": forms.get("close_form") or CloseEarlyForm(),
    }


def _get_window(pk) -> ApplicationWindow:
    return get_object_or_404(
        ApplicationWindow.objects.select_related("site", "closed_early_by").prefetch_related("runs"), pk=pk
    )


@capability_required("staff_pages")
def staff_window(request, pk):
    """One window for staff: the applications, and only the actions its phase allows."""
    return render(request, "programs/staff/window.html", _window_context(_get_window(pk)))


@capability_required("staff_pages")
@require_POST
def staff_window_close(request, pk):
    """Staff close an open window early, with a reason (audited), so the allocation can run."""
    window = _get_window(pk)
    form = CloseEarlyForm(request.POST)
    if form.is_valid():
        try:
            allocation.window_close_early(window=window, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("受付を締め切りました。割当を実行できます。"))
            return redirect("programs:staff_window", window.pk)
    return render(request, "programs/staff/window.html", _window_context(window, close_form=form), status=400)


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
            messages.success(request, _("割当を実行しました。結果を確認してから公開してください。"))
            return redirect("programs:staff_run_detail", run.pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("programs:staff_window", window.pk)


@capability_required("staff_pages")
def staff_run_detail(request, pk):
    run = get_object_or_404(
        AllocationRun.objects.select_related("window__site", "run_by", "published_by"), pk=pk
    )
    results = run.results.select_related("request__group", "request__room", "request__second_room", "room")
    by_group = {}
    for r in results:
        by_group.setdefault(r.request.group, []).append(r)
    window = run.window
    published_elsewhere = window.runs.exclude(pk=run.pk).filter(published_at__isnull=False).exists()
    return render(
        request,
        "programs/staff/run.html",
        {
            "run": run,
            "results": results,
            "by_group": by_group,
            "published_elsewhere": published_elsewhere,
            "can_publish": not run.published_at
            and not published_elsewhere
            and window.is_closed_on(timezone.localdate()),
            "can_replay": run.inputs.get("version") == allocation.INPUTS_VERSION and bool(run.inputs_digest),
            "granted": [
                r
                for r in results
                if r.outcome in (AllocationResult.Outcome.FIRST, AllocationResult.Outcome.SECOND)
            ],
        },
    )


@capability_required("staff_pages")
@require_POST
def staff_run_replay(request, pk):
    """Recompute a run from its record alone and say whether it comes out the same (nothing is written)."""
    run = get_object_or_404(AllocationRun, pk=pk)
    try:
        replay = allocation.allocation_replay(run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if replay.matches:
            messages.success(
                request, _("記録した入力とシードから再計算し、記録と同じ結果になることを確かめました。")
            )
        else:
            messages.error(
                request,
                _("再計算の結果が記録と%(n)s件違います：%(first)s")
                % {"n": len(replay.differences), "first": replay.differences[0]},
            )
    return redirect("programs:staff_run_detail", run.pk)


@capability_required("staff_pages")
@require_POST
def staff_publish(request, pk):
    run = get_object_or_404(AllocationRun, pk=pk)
    try:
        allocation.allocation_publish(run=run, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("割当を公開し、予約を作成しました。各団体に結果を連絡しました。"))
    return redirect("programs:staff_run_detail", run.pk)
