"""Room pages: the public calendar, the week view, booking and cancelling, a group's page, iCal feeds."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.core import pagecache
from config.core.models import Site
from config.core.roles import can, capability_required

from .. import ical, selectors
from ..forms import BookingForm, CancelForm
from ..models import BookingRules, Room, RoomBooking
from ..services import rooms as room_services
from .access import booking_groups_for_user, get_booking_for_user, groups_for_user

# The group page lists the next eight weeks; a year of annual bookings would bury everything else.
UPCOMING_DAYS = 56


def _monday(request) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
        day = timezone.localdate()
    return selectors.week_start(day)


# How far back a calendar answers: a year. Forward: the booking horizon of the site (BookingRules).
CALENDAR_DAYS_BACK = 365


def calendar_bounds(site, rules: BookingRules | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last Monday a week calendar answers for; other weeks are 404, so that a crawler
    following 次の週 stops instead of walking the calendar for ever."""
    today = timezone.localdate()
    horizon = (rules or BookingRules.for_site(site)).max_days_ahead
    return (
        selectors.week_start(today - datetime.timedelta(days=CALENDAR_DAYS_BACK)),
        selectors.week_start(today + datetime.timedelta(days=horizon)),
    )


def _week_key(site, monday, room) -> str:
    """What the week's `{% cache %}` fragment depends on: the bookings, rooms and closures (their namespaces'
    versions, config/core/pagecache.py), the week, the room, the language, and the half hour (a free time that has
    begun links to the next half hour)."""
    versions = pagecache.versions("rooms", pagecache.SITE)
    now = timezone.localtime()
    half_hour = now.replace(minute=now.minute // 30 * 30, second=0, microsecond=0)
    parts = [versions["rooms"], versions[pagecache.SITE], str(site.pk), monday.isoformat()]
    parts += [str(room.pk if room else ""), translation.get_language(), half_hour.isoformat()]
    return ":".join(parts)


def _week_context(site, monday, room=None, rules=None):
    first, last = calendar_bounds(site, rules)
    if not first <= monday <= last:
        raise Http404(_("この週の予約状況は表示できません。"))
    previous_week, next_week = monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7)
    return {
        "week_key": _week_key(site, monday, room),
        "site": site,
        "sites": Site.objects.all(),
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous_week": previous_week if previous_week >= first else None,
        "next_week": next_week if next_week <= last else None,
        # Read only when the week's cached fragment is not there (programs/_week.html inside {% cache %}).
        "days": SimpleLazyObject(lambda: selectors.week_view(site=site, monday=monday, room=room)),
        "room": room,
    }


def rooms_index(request):
    """Public: the rooms of both sites, with links to each room's calendar."""
    sites = Site.objects.prefetch_related("rooms__hours")
    return render(request, "programs/rooms_index.html", {"sites": sites})


@pagecache.cached_for_anonymous("rooms")
def public_calendar(request, site):
    """Public: when rooms are taken (予約済 only, never who)."""
    site = get_object_or_404(Site, slug=site)
    room = None
    if request.GET.get("room", "").isdigit():
        room = get_object_or_404(Room.objects.active(), pk=int(request.GET["room"]), site=site)
    context = _week_context(site, _monday(request), room)
    context["public"] = True
    context["rooms"] = Room.objects.active().filter(site=site)
    return render(request, "programs/public_calendar.html", context)


@capability_required("group_pages")
@pagecache.cached_per_person()
def my_rooms(request):
    """A representative's page for rooms and lockers: bookings, annual applications and results, lockers, iCal."""
    return _render_my_rooms(request)


@capability_required("group_pages")
@require_POST
def calendar_issue(request):
    """Issue (or replace) a group's private iCal URL; it is shown on this response only, as only a digest is kept."""
    group = get_object_or_404(groups_for_user(request.user), pk=request.POST.get("group") or 0)
    token = room_services.group_calendar_issue(group=group, by=request.user)
    url = request.build_absolute_uri(reverse("programs:ical_group", args=[token]))
    response = _render_my_rooms(request, new_feed=(group, url))
    response["Cache-Control"] = "no-store"  # the secret URL must not stay in the browser's cache
    return response


def _render_my_rooms(request, new_feed=None):
    groups = list(groups_for_user(request.user))
    page = selectors.group_rooms_page(groups, upcoming_days=UPCOMING_DAYS)
    context = {
        "groups": groups,
        # Approved for this fiscal year or the next: from February a group may book April under next year's.
        "registered": list(booking_groups_for_user(request.user, days_ahead=366)),
        "page": page,
        "upcoming": page.upcoming,
        "later": page.later,
        "upcoming_days": UPCOMING_DAYS,
        "history": page.history,
        "windows": page.windows,
        "results": page.results,
        "lockers": page.lockers,
        "feeds": [(group, page.calendars.get(group.pk)) for group in groups],
        "new_feed": new_feed,
        "sites": Site.objects.all(),
    }
    return render(request, "programs/my_rooms.html", context)


@capability_required("group_pages")
@pagecache.cached_per_person()
def week(request, site):
    """Free and taken times of every room of a site for one week; free times link to the booking form."""
    site = get_object_or_404(Site, slug=site)
    rules = BookingRules.for_site(site)
    context = _week_context(site, _monday(request), rules=rules)
    context["rules"] = rules
    return render(request, "programs/week.html", context)


@capability_required("group_pages")
def booking_new(request, site):
    """The booking form; opened from a free time of the week view, it holds a booking the rules allow."""
    site = get_object_or_404(Site, slug=site)
    rules = BookingRules.for_site(site)
    groups = booking_groups_for_user(request.user, days_ahead=rules.max_days_ahead)
    if request.method == "POST":
        # Any time the site's rooms offer is accepted here; the service says which hours the chosen room has.
        form = BookingForm(request.POST, groups=groups, site=site, hours=selectors.booking_hours(site=site))
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = room_services.room_booking_create(
                    room=data["room"], group=data["group"], purpose=data["purpose"], by=request.user,
                    start=room_services.aware(data["day"], data["start"]), end=room_services.aware(data["day"], data["end"]),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("部屋の予約を受け付けました。確認のメールをお送りしました。"))
                return redirect("programs:booking_detail", booking.pk)
    else:
        initial, hours = _prefill(request.GET, site=site, max_hours=rules.max_hours_per_booking)
        form = BookingForm(initial=initial, groups=groups, site=site, hours=hours)
    context = {"form": form, "site": site, "rules": rules, "has_groups": groups.exists()}
    return render(request, "programs/booking_form.html", context)


def _prefill(params, *, site, max_hours: int):
    """Initial values from a tapped free time: start there and end as late as the rules, the next booking and the
    room's closing allow; the time lists offer only the room's hours that day (or the site's rooms' hours)."""
    room = day = start = None
    if params.get("room", "").isdigit():
        room = Room.objects.active().filter(site=site, pk=int(params["room"])).select_related("site").first()
    try:
        day = datetime.date.fromisoformat(params.get("day", ""))
    except ValueError:
        day = None
    try:
        start = datetime.time.fromisoformat(params.get("start", ""))
    except ValueError:
        start = None
    hours = selectors.booking_hours(site=site, room=room, day=day) or selectors.booking_hours(site=site)
    initial = {}
    if room:
        initial["room"] = room.pk
    if day:
        initial["day"] = day
    if hours and start and hours[0] <= start < hours[1] and start.minute in (0, 30):
        initial["start"] = f"{start:%H:%M}"
        end = selectors.suggested_end(room=room, day=day, start=start, max_hours=max_hours) if room and day else None
        if end:
            initial["end"] = f"{end:%H:%M}"
    return initial, hours


@login_required
def booking_detail(request, pk):
    booking = get_booking_for_user(request.user, pk)
    is_staff = can(request.user, "staff_pages")
    can_cancel = booking.is_active and booking.end > timezone.localtime() and (
        is_staff or timezone.now() <= booking.cancel_deadline())
    return render(request, "programs/booking_detail.html", {
        "booking": booking, "can_cancel": can_cancel, "form": CancelForm(), "is_staff": is_staff})


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = get_booking_for_user(request.user, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            room_services.room_booking_cancel(booking=booking, by=request.user, reason=form.cleaned_data["reason"],
                                              as_staff=can(request.user, "staff_pages"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("予約を取り消しました。"))
            return redirect("programs:booking_detail", booking.pk)
    return render(request, "programs/booking_detail.html", {
        "booking": booking, "can_cancel": True, "form": form, "is_staff": can(request.user, "staff_pages")},
        status=400)


def ical_group(request, token):
    """A group's bookings as an iCal feed; the URL's token is the only key, so calendar apps can subscribe."""
    calendar, bookings = selectors.group_feed(token)
    if calendar is None:
        raise Http404
    events = [ical.Event(uid=f"booking-{b.pk}@nishitokyo-vc", start=b.during.lower, end=b.during.upper,
                         summary=_("%(site)s %(room)s（%(purpose)s）") % {"site": b.room.site, "room": b.room.name, "purpose": b.purpose or _("部屋利用")},
                         location=str(b.room)) for b in bookings]
    return _ics(ical.calendar(_("%(group)s 部屋の予約") % {"group": calendar.group.name}, events), "group.ics")


def ical_room(request, pk):
    """A room's busy times (予約済, no names) as a public iCal feed."""
    room = get_object_or_404(Room.objects.active().select_related("site"), pk=pk)
    since = timezone.now() - datetime.timedelta(days=30)
    bookings = RoomBooking.objects.active().filter(room=room, during__endswith__gte=since).only("pk", "during")
    events = [ical.Event(uid=f"room-{room.pk}-{b.pk}@nishitokyo-vc", start=b.during.lower, end=b.during.upper,
                         summary=_("予約済"), location=str(room), busy_only=True) for b in bookings]
    return _ics(ical.calendar(_("%(room)s 予約状況") % {"room": room}, events), f"room-{room.pk}.ics")


def _ics(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
