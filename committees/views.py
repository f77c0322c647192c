"""Committee pages: public (committee, members' names and organisations, schedule, archive, 傍聴 form), the members'
area (運営委員: materials before publication, comments on plan items) and staff's pages (schedule, meetings,
materials, attendance, minutes, observer lists). Materials are served only through `material_download`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.core import pagecache
from config.core.dates import current_fiscal_year, fiscal_year_label
from config.core.public_forms import public_form
from config.core.roles import capability_required
from config.core.uploads import DOCUMENT_TYPES, serve_upload
from plans.models import PlanItem

from . import selectors, services
from .forms import (
    AgendaItemForm,
    AnswerForm,
    CommentForm,
    GenerateScheduleForm,
    MaterialForm,
    MeetingForm,
    MinutesForm,
    ObservationForm,
)
from .models import AgendaItem, Material, Minutes, PlanComment

OBSERVATION_SESSION_KEY = "committees_observation"


def _fy(request, default: int | None = None) -> int:
    try:
        fy = int(request.GET.get("fy", ""))
    except ValueError:
        return default if default is not None else current_fiscal_year()
    if not 2000 <= fy <= 2100:
        raise Http404
    return fy


def _years(center: int, shown: int | None = None) -> list[tuple[int, str]]:
    """Next year, this year and six before, plus the year on screen when it is further back."""
    years = set(range(center + 1, center - 7, -1)) | ({shown} if shown else set())
    return [(y, fiscal_year_label(y)) for y in sorted(years, reverse=True)]


# --- public ----------------------------------------------------------------------------------------


@pagecache.cached_per_person()
def index(request):
    return render(request, "committees/index.html", {"committees": selectors.committees()})


def committee_detail(request, key: str):
    committee = selectors.get_committee(key)
    fy = _fy(request)
    return render(
        request,
        "committees/committee.html",
        {
            "committee": committee,
            "members": selectors.current_members(committee),
            "meetings": selectors.schedule(committee, fy, request.user),
            "fy": fy,
            "fy_label": fiscal_year_label(fy),
            "years": _years(current_fiscal_year(), fy),
            "today": timezone.localdate(),
        },
    )


def archive(request, key: str):
    committee = selectors.get_committee(key)
    years = selectors.archive_years(committee)
    fy = _fy(request, years[0] if years else current_fiscal_year())
    return render(
        request,
        "committees/archive.html",
        {
            "committee": committee,
            "meetings": selectors.archive(committee, fy, request.user),
            "fy": fy,
            "fy_label": fiscal_year_label(fy),
            "years": [(y, fiscal_year_label(y)) for y in years] or _years(fy),
        },
    )


def meeting_detail(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    today = timezone.localdate()
    try:
        services.observation_check_open(meeting, today)
        observable = True
    except ValidationError:
        observable = False
    return render(
        request,
        "committees/meeting.html",
        {
            "meeting": meeting,
            "minutes": selectors.published_minutes(meeting),
            "observable": observable,
            "seats": selectors.seats(meeting) if observable else None,
            "is_member": selectors.can_see_unpublished(request.user),
            "fy_label": fiscal_year_label(meeting.fiscal_year),
        },
    )


@public_form("committee_observation")
def observe(request, pk: int):
    meeting = selectors.get_meeting(pk)
    form = ObservationForm(request.POST or None)
    closed = None
    try:
        services.observation_check_open(meeting, timezone.localdate())
    except ValidationError as exc:
        closed = exc.messages[0]
    if request.method == "POST" and closed is None and form.is_valid():
        try:
            observation = services.observation_apply(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The number is for the door, not a secret; the session only lets this browser see its own confirmation.
            request.session[OBSERVATION_SESSION_KEY] = observation.pk
            return redirect("committees:observe_done")
    return render(
        request,
        "committees/observe.html",
        {"meeting": meeting, "form": form, "closed": closed, "seats": selectors.seats(meeting)},
    )


def observe_done(request):
    pk = request.session.get(OBSERVATION_SESSION_KEY)
    observation = selectors.get_observation(pk)
    if observation is None:
        raise Http404
    return render(
        request, "committees/observe_done.html", {"observation": observation, "meeting": observation.meeting}
    )


def material_download(request, pk: int):
    """The one way to a material's bytes: published ones for everyone, others for current members and staff."""
    material = selectors.get_material_for_user(request.user, pk)
    # Served as what its bytes are (and only as one of the types it may be), under its cleaned name.
    return serve_upload(
        material.file,
        types={material.content_type: ""} if material.content_type in DOCUMENT_TYPES else {},
        download_name="material",
        cache="private, no-store" if material.published_at is None else "public, max-age=300",
        attachment_name=material.original_name,
    )


# --- members' area ---------------------------------------------------------------------------------


@capability_required("committee_pages")
def members_home(request):
    fy = current_fiscal_year()
    return render(
        request,
        "committees/members_home.html",
        {
            "meetings": selectors.upcoming_for_members(request.user),
            "comments": selectors.recent_comments(),
            "fy": fy,
            "fy_label": fiscal_year_label(fy),
            "committees": selectors.committees(),
        },
    )


@require_POST
@capability_required("committee_pages")
def comment_add(request, pk: int):
    item = get_object_or_404(PlanItem, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.plan_comment_add(item=item, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("意見を送りました。職員に知らせます。"))
    else:
        messages.error(request, form.errors["body"][0])
    return redirect(f"{item_url(item)}#committee-comments")


@require_POST
@capability_required("staff_pages")
def comment_answer(request, pk: int):
    comment = get_object_or_404(
        PlanComment.objects.select_related("item", "author"), pk=pk, answer_to__isnull=True
    )
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.plan_comment_add(
            item=comment.item, body=form.cleaned_data["body"], by=request.user, answer_to=comment
        )
        messages.success(request, _("回答を記入しました。"))
    else:
        messages.error(request, form.errors["body"][0])
    return redirect(f"{item_url(comment.item)}#committee-comments")


def item_url(item) -> str:
    return reverse("plans:item", args=[item.pk])


# --- staff -----------------------------------------------------------------------------------------


@capability_required("staff_pages")
def staff_home(request):
    fy = _fy(request)
    return render(
        request,
        "committees/staff_home.html",
        {
            "fy": fy,
            "fy_label": fiscal_year_label(fy),
            "years": _years(current_fiscal_year(), fy),
            "meetings": selectors.staff_meetings(fy),
            "form": GenerateScheduleForm(initial={"fiscal_year": fy}),
        },
    )


@require_POST
@capability_required("staff_pages")
def staff_generate(request):
    form = GenerateScheduleForm(request.POST)
    if not form.is_valid():
        fy = current_fiscal_year()
        return render(
            request,
            "committees/staff_home.html",
            {
                "fy": fy,
                "fy_label": fiscal_year_label(fy),
                "years": _years(fy),
                "meetings": selectors.staff_meetings(fy),
                "form": form,
            },
        )
    committee, fy = form.cleaned_data["committee"], form.cleaned_data["fiscal_year"]
    made = services.schedule_generate(committee=committee, fiscal_year=fy, by=request.user)
    messages.success(
        request, _("%(committee)sの会議を%(n)s件作りました。") % {"committee": committee.name, "n": len(made)}
    )
    flagged = [m for m in made if m.calendar_flag]
    for m in flagged:
        messages.warning(
            request,
            _("%(date)sは%(flag)sです。日程を確かめてください。")
            % {"date": f"{m.date:%Y-%m-%d}", "flag": m.calendar_flag},
        )
    return redirect(f"{_staff_home_url()}?fy={fy}")


def _staff_home_url() -> str:
    return reverse("committees:staff_home")


def _staff_meeting_page(request, meeting, **forms):
    minutes = getattr(meeting, "minutes", None)
    context = {
        "meeting": meeting,
        "fy_label": fiscal_year_label(meeting.fiscal_year),
        "agenda": meeting.agenda.all(),
        "materials": meeting.materials.all(),
        "members": selectors.members_on(meeting),
        "minutes": minutes,
        "observer_count": selectors.seats(meeting)["taken"],
        "meeting_form": forms.get("meeting_form") or MeetingForm(instance=meeting, prefix="meeting"),
        "agenda_form": forms.get("agenda_form") or AgendaItemForm(prefix="agenda"),
        "material_form": forms.get("material_form") or MaterialForm(prefix="material"),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(initial={"body": minutes.body if minutes else ""}, prefix="minutes"),
    }
    return render(request, "committees/staff_meeting.html", context, status=400 if forms else 200)


@capability_required("staff_pages")
def staff_meeting(request, pk: int):
    return _staff_meeting_page(request, selectors.get_meeting(pk))


@require_POST
@capability_required("staff_pages")
def staff_meeting_edit(request, pk: int):
    meeting = selectors.get_meeting(pk)
    form = MeetingForm(request.POST, instance=selectors.get_meeting(pk), prefix="meeting")
    if form.is_valid():
        try:
            services.meeting_save(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("会議を保存しました。"))
            if meeting.calendar_flag:
                messages.warning(request, _("この日は%(flag)sです。") % {"flag": meeting.calendar_flag})
            return redirect("committees:staff_meeting", pk=pk)
    return _staff_meeting_page(request, selectors.get_meeting(pk), meeting_form=form)


@require_POST
@capability_required("staff_pages")
def staff_meeting_cancel(request, pk: int):
    services.meeting_cancel(meeting=selectors.get_meeting(pk), by=request.user)
    messages.success(request, _("会議を中止にしました。"))
    return redirect("committees:staff_meeting", pk=pk)


@require_POST
@capability_required("staff_pages")
def staff_agenda_add(request, pk: int):
    meeting = selectors.get_meeting(pk)
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("議題を加えました。"))
        return redirect("committees:staff_meeting", pk=pk)
    return _staff_meeting_page(request, meeting, agenda_form=form)


@require_POST
@capability_required("staff_pages")
def staff_agenda_delete(request, pk: int):
    item = get_object_or_404(AgendaItem, pk=pk)
    services.agenda_item_delete(item=item, by=request.user)
    messages.success(request, _("議題を削除しました。"))
    return redirect("committees:staff_meeting", pk=item.meeting_id)


@require_POST
@capability_required("staff_pages")
def staff_material_add(request, pk: int):
    meeting = selectors.get_meeting(pk)
    form = MaterialForm(request.POST, request.FILES, prefix="material")
    if form.is_valid():
        try:
            services.material_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("資料を登録しました。公開するまでは委員と職員だけが見られます。"))
            return redirect("committees:staff_meeting", pk=pk)
    return _staff_meeting_page(request, meeting, material_form=form)


@require_POST
@capability_required("staff_pages")
def staff_material_publish(request, pk: int):
    material = get_object_or_404(Material, pk=pk)
    publish = request.POST.get("publish") == "1"
    services.material_publish(material=material, by=request.user, published=publish)
    messages.success(request, _("資料を公開しました。") if publish else _("資料の公開をやめました。"))
    return redirect("committees:staff_meeting", pk=material.meeting_id)


@require_POST
@capability_required("staff_pages")
def staff_attendance(request, pk: int):
    meeting = selectors.get_meeting(pk)
    ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    services.attendance_record(meeting=meeting, present_ids=ids, by=request.user)
    messages.success(request, _("出席を記録しました。"))
    return redirect("committees:staff_meeting", pk=pk)


@require_POST
@capability_required("staff_pages")
def staff_minutes(request, pk: int):
    meeting = selectors.get_meeting(pk)
    form = MinutesForm(request.POST, prefix="minutes")
    if form.is_valid():
        try:
            services.minutes_save(meeting=meeting, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("議事録の下書きを保存しました。"))
            return redirect("committees:staff_meeting", pk=pk)
    return _staff_meeting_page(request, meeting, minutes_form=form)


MINUTES_STEPS = {
    "approve": (services.minutes_approve, gettext_lazy("議事録を承認しました。")),
    "publish": (services.minutes_publish, gettext_lazy("議事録を公開しました。")),
    "draft": (
        services.minutes_to_draft,
        gettext_lazy("議事録を下書きに戻しました。公開ページからは外れます。"),
    ),
}


@require_POST
@capability_required("staff_pages")
def staff_minutes_step(request, pk: int, step: str):
    if step not in MINUTES_STEPS:
        raise Http404
    minutes = get_object_or_404(Minutes.objects.select_related("meeting"), meeting_id=pk)
    service, done = MINUTES_STEPS[step]
    try:
        service(minutes=minutes, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, str(done))
    return redirect("committees:staff_meeting", pk=pk)


@capability_required("staff_pages")
def staff_observers(request, pk: int):
    meeting = selectors.get_meeting(pk)
    return render(
        request,
        "committees/staff_observers.html",
        {"meeting": meeting, "observers": selectors.observers(meeting), "seats": selectors.seats(meeting)},
    )
