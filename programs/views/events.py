"""Course and event pages: the public list and detail with sign-up (one click for a volunteer, a short form for a
guest), cancel links, iCal and flyers; my events; staff participant lists, sessions and the attendance roster."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.core import pagecache
from config.core.dates import current_fiscal_year
from config.core.public_forms import public_form
from config.core.roles import can, capability_required
from config.core.uploads import IMAGE_TYPES, PDF_TYPES, serve_upload
from volunteers.models import Volunteer

from .. import ical, selectors
from ..forms import EventCancelForm, EventForm, GuestSignupForm, MemberSignupForm, SessionForm
from ..models import Event, EventSession, EventSignup, Room
from ..services import events as services
from .access import groups_for_user


def _fy_param(value: str | None) -> int | None:
    try:
        fy = int(value or "")
    except ValueError:
        return None
    return fy if 2000 <= fy <= 2100 else None


def _volunteer(user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user).first()


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- public ----------------------------------------------------------------------------------------


@pagecache.cached_for_anonymous("events")
def events_index(request):
    """Upcoming events, and the past ones of a fiscal year (?fy=2020)."""
    fy = _fy_param(request.GET.get("fy"))
    # Lazy: read only when the list's cached fragment is not there (programs/events/index.html, {% cache %}).
    context = {"years": SimpleLazyObject(selectors.event_years), "fy": fy}
    if fy:
        context["past"] = SimpleLazyObject(lambda: selectors.past_events(fy))
    else:
        context["events"] = SimpleLazyObject(selectors.upcoming_events)
    return render(request, "programs/events/index.html", context)


def _detail_context(request, event, **extra):
    volunteer = _volunteer(request.user)
    groups = (
        list(groups_for_user(request.user))
        if request.user.is_authenticated and can(request.user, "group_pages")
        else []
    )
    mine = None
    if volunteer:
        mine = event.signups.filter(volunteer=volunteer).exclude(status=EventSignup.Status.CANCELLED).first()
    return {
        "event": event,
        "volunteer": volunteer,
        "groups": groups,
        "mine": mine,
        "guest_form": extra.pop("guest_form", None) or GuestSignupForm(),
        "member_form": extra.pop("member_form", None) or MemberSignupForm(),
        **extra,
    }


@pagecache.cached_for_anonymous("events")
def event_detail(request, pk):
    event = selectors.public_event(pk)
    if event is None:
        raise Http404
    return render(request, "programs/events/detail.html", _detail_context(request, event))


@require_POST
@public_form("event_signup")
def event_signup(request, pk):
    """Sign up: a volunteer with one click (as=volunteer), a representative for a group (group=pk), or a guest."""
    event = selectors.public_event(pk)
    if event is None:
        raise Http404
    volunteer = _volunteer(request.user)
    kwargs = {}
    if request.POST.get("as") == "volunteer" and volunteer:
        form = MemberSignupForm(request.POST)
        kwargs["volunteer"] = volunteer
    elif request.POST.get("group") and request.user.is_authenticated:
        form = MemberSignupForm(request.POST)
        group = (
            groups_for_user(request.user)
            .filter(pk=request.POST.get("group") if str(request.POST.get("group")).isdigit() else 0)
            .first()
        )
        if group is None:
            raise Http404
        kwargs["group"] = group
    else:
        form = GuestSignupForm(request.POST)
    if not form.is_valid():
        key = "guest_form" if isinstance(form, GuestSignupForm) else "member_form"
        return render(
            request, "programs/events/detail.html", _detail_context(request, event, **{key: form}), status=400
        )
    data = form.cleaned_data
    if isinstance(form, GuestSignupForm):
        kwargs.update(
            guest_name=data["name"],
            guest_furigana=data["furigana"],
            guest_email=data["email"] or "",
            guest_phone=data["phone"] or "",
            consent=data["consent"],
        )
    try:
        signup = services.signup_create(
            event=event,
            by=request.user,
            people=data["people"],
            **kwargs,
            link_for=lambda token: request.build_absolute_uri(
                reverse("programs:signup_status", args=[token])
            ),
        )
    except ValidationError as exc:
        form.add_error(None, _errors(exc))
        key = "guest_form" if isinstance(form, GuestSignupForm) else "member_form"
        return render(
            request, "programs/events/detail.html", _detail_context(request, event, **{key: form}), status=400
        )
    return redirect("programs:signup_status", token=services.cancel_token(signup))


def signup_status(request, token):
    """What a sign-up is (参加 / キャンセル待ち), with its cancel button; the signed token is the key."""
    signup = services.signup_from_token(token)
    if signup is None:
        raise Http404
    event = selectors.public_event(signup.event_id) or signup.event
    position = None
    if signup.status == EventSignup.Status.WAITING:
        position = event.signups.filter(
            status=EventSignup.Status.WAITING, created_at__lte=signup.created_at
        ).count()
    return render(
        request,
        "programs/events/signup_status.html",
        {"signup": signup, "event": event, "token": token, "position": position},
    )


@require_POST
def signup_cancel_by_token(request, token):
    signup = services.signup_from_token(token)
    if signup is None:
        raise Http404
    try:
        services.signup_cancel(signup=signup, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("申込を取り消しました。"))
    return redirect("programs:signup_status", token=token)


def event_ical(request, pk):
    event = selectors.public_event(pk)
    if event is None:
        raise Http404
    entries = [
        ical.Event(
            uid=f"event-{event.pk}-{s.pk}@nishitokyo-vc",
            start=s.starts_at,
            end=s.ends_at,
            summary=event.title,
            location=event.venue,
        )
        for s in event.sessions.all()
    ]
    response = HttpResponse(ical.calendar(event.title, entries), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="event-{event.pk}.ics"'
    return response


def event_flyer(request, pk):
    """The flyer, read through the storage API and served with the type its bytes say."""
    event = get_object_or_404(Event.objects.public(), pk=pk)
    return serve_upload(event.flyer, types={**IMAGE_TYPES, **PDF_TYPES}, download_name=f"event-{event.pk}-flyer")


# --- my page ---------------------------------------------------------------------------------------


@capability_required("my_page")
def my_events(request):
    volunteer = _volunteer(request.user)
    signups = list(selectors.my_signups(volunteer)) if volunteer else []
    return render(request, "programs/events/mine.html", {"signups": signups})


@require_POST
@capability_required("my_page")
def my_event_cancel(request, pk):
    volunteer = _volunteer(request.user)
    signup = get_object_or_404(EventSignup, pk=pk, volunteer=volunteer) if volunteer else None
    if signup is None:
        raise Http404
    try:
        services.signup_cancel(signup=signup, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("申込を取り消しました。"))
    return redirect("programs:my_events")


# --- staff -----------------------------------------------------------------------------------------


@capability_required("staff_pages")
def staff_events(request):
    fy = _fy_param(request.GET.get("fy")) or current_fiscal_year()
    return render(
        request,
        "programs/events/staff_events.html",
        {
            "fy": fy,
            "events": selectors.staff_events(fy),
            "numbers": selectors.event_numbers(fy),
            "news": selectors.news_published(fy),
            "issues": selectors.newsletter_issues_published(fy),
        },
    )


@capability_required("staff_pages")
def staff_event_edit(request, pk=None):
    event = get_object_or_404(Event, pk=pk) if pk else Event()
    form = EventForm(request.POST or None, request.FILES or None, instance=event)
    form.fields["room"].queryset = Room.objects.active().select_related("site")
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(
                event=form.save(commit=False),
                by=request.user,
                groups=form.cleaned_data["participating_groups"],
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("保存しました。"))
            return redirect("programs:staff_event", pk=event.pk)
    return render(
        request,
        "programs/events/staff_event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@capability_required("staff_pages")
def staff_event(request, pk):
    event = selectors.staff_event(pk)
    if event is None:
        raise Http404
    session_form = (
        SessionForm(request.POST or None) if request.POST.get("action") == "session" else SessionForm()
    )
    cancel_form = (
        EventCancelForm(request.POST or None) if request.POST.get("action") == "cancel" else EventCancelForm()
    )
    if request.method == "POST":
        form = session_form if request.POST.get("action") == "session" else cancel_form
        if form.is_valid():
            try:
                if form is session_form:
                    day, tz = form.cleaned_data["day"], timezone.get_current_timezone()
                    services.session_add(
                        event=event,
                        by=request.user,
                        starts_at=datetime.datetime.combine(day, form.cleaned_data["start"], tzinfo=tz),
                        ends_at=datetime.datetime.combine(day, form.cleaned_data["end"], tzinfo=tz),
                    )
                    messages.success(request, _("開催日を追加しました。"))
                else:
                    services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("中止にしました。参加者に連絡しました。"))
                return redirect("programs:staff_event", pk=event.pk)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
    return render(
        request,
        "programs/events/staff_event.html",
        {
            "event": event,
            "signups": list(selectors.participants(event)),
            "session_form": session_form,
            "cancel_form": cancel_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@capability_required("staff_pages")
def staff_signup_cancel(request, pk):
    signup = get_object_or_404(EventSignup, pk=pk)
    try:
        moved = services.signup_cancel(signup=signup, by=request.user, as_staff=True)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("申込を取り消しました。")
            + (_("キャンセル待ちの%(n)s件を繰り上げました。") % {"n": len(moved)} if moved else ""),
        )
    return redirect("programs:staff_event", pk=signup.event_id)


@require_POST
@capability_required("staff_pages")
def staff_signup_called(request, pk):
    signup = get_object_or_404(EventSignup, pk=pk)
    services.signup_called(signup=signup, by=request.user)
    messages.success(request, _("電話で連絡済みにしました。"))
    return redirect("programs:staff_event", pk=signup.event_id)


@require_POST
@capability_required("staff_pages")
def staff_session_cancel(request, pk):
    session = get_object_or_404(EventSession, pk=pk)
    services.session_cancel(session=session, by=request.user, reason=_("開催日の中止"))
    messages.success(request, _("開催日を中止にしました。部屋の予約も取り消しました。"))
    return redirect("programs:staff_event", pk=session.event_id)


@capability_required("staff_pages")
def staff_roster(request, pk):
    """The attendance roster of one session: large print, and tick boxes that work on a phone at the door."""
    session = get_object_or_404(EventSession.objects.select_related("event__room"), pk=pk)
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        came = services.attendance_record(session=session, attended_ids=ids, by=request.user)
        messages.success(request, _("出席を記録しました（%(n)s件）。") % {"n": came})
        return redirect(reverse("programs:staff_roster", args=[session.pk]))
    rows = selectors.roster(session)
    return render(
        request, "programs/events/roster.html", {"session": session, "event": session.event, "rows": rows}
    )
