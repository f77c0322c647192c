"""夏！体験ボランティア西東京 pages: the public catalogue, the application (signed status link), a host's offer and
participant list; staff: campaigns, program approval, the placement run, hand adjustment, publishing, attendance
and the printable 参加証明."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.core.public_forms import public_form
from config.core.roles import can, capability_required
from volunteers.models import VolunteerGroup

from .. import selectors
from ..forms import (
    PublicSummerOfferForm,
    SummerApplicationForm,
    SummerAttendanceForm,
    SummerCampaignForm,
    SummerOfferForm,
    SummerPlaceForm,
    SummerRunForm,
)
from ..models import SummerCampaign
from ..services import summer as services
from .access import groups_for_user

Phase = SummerCampaign.Phase


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _campaign_or_404() -> SummerCampaign:
    campaign = selectors.current_campaign()
    if campaign is None:
        raise Http404
    return campaign


# --- public ----------------------------------------------------------------------------------------


def summer_index(request):
    """The campaign, its periods and the approved programs."""
    campaign = selectors.current_campaign()
    context = {"campaign": campaign}
    if campaign:
        context |= {
            "phase": campaign.phase(timezone.localdate()),
            "programs": selectors.public_programs(campaign),
        }
    return render(request, "programs/summer/index.html", context)


@public_form("summer_application")
def summer_apply(request):
    campaign = _campaign_or_404()
    phase = campaign.phase(timezone.localdate())
    programs = selectors.public_programs(campaign)
    form = SummerApplicationForm(request.POST or None, programs=programs)
    status = 200
    if request.method == "POST" and phase == Phase.OPEN:
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_create(
                    campaign=campaign,
                    programs=data["programs"],
                    name=data["name"],
                    furigana=data["furigana"],
                    birth_date=data["birth_date"],
                    grade=data["grade"],
                    school=data["school"],
                    email=data["email"] or "",
                    phone=data["phone"],
                    guardian_name=data["guardian_name"],
                    guardian_phone=data["guardian_phone"],
                    guardian_consent=data["guardian_consent"],
                    note=data["note"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                # The service's answer goes next to the field it is about, so the summary links to it.
                form.add_error({"consent": "guardian_consent", "grade": "choice_1"}.get(exc.code), exc)
            else:
                messages.success(
                    request, _("お申し込みを受け付けました。このページで参加先をお知らせします。")
                )
                return redirect("programs:summer_status", token=services.status_token(application))
        status = 400
    return render(
        request,
        "programs/summer/apply.html",
        {"campaign": campaign, "phase": phase, "form": form, "programs": programs},
        status=status,
    )


def summer_status(request, token):
    """An applicant's choices and, once published, where they go; the signed token is the key."""
    application = services.application_from_token(token)
    if application is None:
        raise Http404
    campaign = application.campaign
    placement = selectors.published_placement(application)
    return render(
        request,
        "programs/summer/status.html",
        {
            "application": application,
            "campaign": campaign,
            "choices": application.choices.select_related("program__host"),
            "placement": placement,
        },
    )


def _offer(request, campaign, *, groups, staff: bool):
    # Hosts online: the public forms' honeypot and the privacy-policy consent; staff enter offers without them.
    form_class = SummerOfferForm if staff else PublicSummerOfferForm
    form = form_class(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            host = services.host_for_offer(
                kind=data["host_kind"],
                name=data["host_name"],
                group=data["group"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"] or "",
                by=request.user,
            )
            program = services.program_offer(
                campaign=campaign,
                host=host,
                dates=data["dates"],
                by=request.user,
                title=data["title"],
                description=data["description"],
                title_en=data["title_en"],
                description_en=data["description_en"],
                place=data["place"],
                grade_min=data["grade_min"],
                grade_max=data["grade_max"],
                age_min=data["age_min"],
                bring=data["bring"],
                contact=data["contact"],
                consent=data.get("consent", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if staff:
                messages.success(
                    request, _("「%(t)s」を登録しました。承認すると公開されます。") % {"t": program.title}
                )
                return redirect("programs:staff_summer_campaign", pk=campaign.pk)
            messages.success(
                request, _("プログラムの申し出を受け付けました。センターで確認のうえ公開します。")
            )
            return redirect("programs:summer_index")
    return render(
        request,
        "programs/summer/offer.html",
        {"campaign": campaign, "form": form, "staff": staff},
        status=400 if request.method == "POST" else 200,
    )


@public_form("summer_offer")
def summer_offer(request):
    """A host offers a program while the campaign takes offers (a group representative may name the group)."""
    campaign = _campaign_or_404()
    if campaign.phase(timezone.localdate()) != Phase.OFFERS:
        return render(request, "programs/summer/offer_closed.html", {"campaign": campaign})
    groups = (
        groups_for_user(request.user)
        if request.user.is_authenticated and can(request.user, "group_pages")
        else VolunteerGroup.objects.none()
    )
    return _offer(request, campaign, groups=groups, staff=False)


def summer_host(request, token):
    """A host's participants for the campaign, with only what the host needs; the signed token is the key."""
    found = services.host_from_token(token)
    if found is None:
        raise Http404
    host, campaign = found
    rows = selectors.host_participants(host, campaign) if campaign.published_at else []
    return render(request, "programs/summer/host.html", {"host": host, "campaign": campaign, "rows": rows})


# --- staff -----------------------------------------------------------------------------------------


@capability_required("staff_pages")
def staff_summer(request):
    return render(request, "programs/summer/staff_index.html", {"campaigns": selectors.staff_campaigns()})


@capability_required("staff_pages")
def staff_summer_new(request):
    form = SummerCampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("programs:staff_summer_campaign", pk=campaign.pk)
    return render(
        request,
        "programs/summer/staff_campaign_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _host_links(request, campaign, programs):
    hosts = {p.host for p in programs}
    return [
        (
            h,
            request.build_absolute_uri(
                reverse("programs:summer_host", args=[services.host_token(h, campaign)])
            ),
        )
        for h in sorted(hosts, key=lambda h: h.name)
    ]


@capability_required("staff_pages")
def staff_summer_campaign(request, pk):
    campaign = selectors.staff_campaign(pk)
    programs = list(selectors.staff_programs(campaign))
    return render(
        request,
        "programs/summer/staff_campaign.html",
        {
            "campaign": campaign,
            "phase": campaign.phase(timezone.localdate()),
            "programs": programs,
            "totals": selectors.campaign_totals(campaign),
            "run": selectors.latest_run(campaign),
            "run_form": SummerRunForm(),
            "hosts": _host_links(request, campaign, [p for p in programs if p.status == "approved"]),
        },
    )


@capability_required("staff_pages")
def staff_summer_offer(request, pk):
    campaign = selectors.staff_campaign(pk)
    return _offer(
        request, campaign, groups=VolunteerGroup.objects.order_by("name_kana_key", "pk"), staff=True
    )


@require_POST
@capability_required("staff_pages")
def staff_summer_review(request, pk):
    program = selectors.staff_program(pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("承認か見送りを選んでください。"))
    else:
        try:
            services.program_review(program=program, approve=decision == "approve", by=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request,
                _("「%(t)s」を%(d)sにしました。") % {"t": program.title, "d": program.get_status_display()},
            )
    return redirect("programs:staff_summer_campaign", pk=program.campaign_id)


@require_POST
@capability_required("staff_pages")
def staff_summer_run(request, pk):
    campaign = selectors.staff_campaign(pk)
    form = SummerRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("programs:staff_summer_campaign", pk=pk)
    try:
        run = services.placement_run(campaign=campaign, by=request.user, seed=form.cleaned_data["seed"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("programs:staff_summer_campaign", pk=pk)
    messages.success(
        request,
        _("参加先を調整しました：%(p)s人が参加先あり、%(u)s人が参加先なし（乱数番号 %(s)s）。")
        % {"p": run.outcome["placed"], "u": run.outcome["unplaced"], "s": run.seed},
    )
    return redirect("programs:staff_summer_placements", pk=pk)


@capability_required("staff_pages")
def staff_summer_replay(request, pk):
    run = selectors.staff_run(pk)
    try:
        replay = services.placement_replay(run=run)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if replay.matches:
            messages.success(request, _("記録した入力と乱数番号から、同じ結果を再現できました。"))
        else:
            messages.error(request, " ".join(replay.differences[:5]))
    return redirect("programs:staff_summer_campaign", pk=run.campaign_id)


@capability_required("staff_pages")
def staff_summer_placements(request, pk):
    campaign = selectors.staff_campaign(pk)
    dates = selectors.placement_dates(campaign)
    choices = SummerPlaceForm.choices_for(dates)
    applications = list(selectors.staff_applications(campaign))
    rows = []
    for a in applications:
        placement = getattr(a, "placement", None)
        rows.append(
            (
                a,
                placement,
                SummerPlaceForm(
                    dates=dates,
                    choices=choices,
                    prefix=f"a{a.pk}",
                    initial={"program_date": placement.program_date_id if placement else None},
                ),
            )
        )
    return render(
        request,
        "programs/summer/staff_placements.html",
        {"campaign": campaign, "rows": rows, "run": selectors.latest_run(campaign), "dates": dates},
    )


@require_POST
@capability_required("staff_pages")
def staff_summer_place(request, pk):
    application = selectors.staff_application(pk)
    campaign = application.campaign
    form = SummerPlaceForm(request.POST, dates=selectors.placement_dates(campaign), prefix=f"a{pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.placement_set(
                application=application, program_date=form.cleaned_data["program_date"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, _("%(name)s：%(why)s") % {"name": application.name, "why": _errors(exc)})
        else:
            messages.success(request, _("%(name)sさんの参加先を変えました。") % {"name": application.name})
    return redirect(reverse("programs:staff_summer_placements", args=[campaign.pk]) + f"#a{pk}")


@require_POST
@capability_required("staff_pages")
def staff_summer_publish(request, pk):
    campaign = selectors.staff_campaign(pk)
    try:
        services.placement_publish(
            campaign=campaign,
            by=request.user,
            status_link=lambda t: request.build_absolute_uri(reverse("programs:summer_status", args=[t])),
            host_link=lambda t: request.build_absolute_uri(reverse("programs:summer_host", args=[t])),
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("参加先を公開し、参加者と受入先にお知らせしました。"))
    return redirect("programs:staff_summer_campaign", pk=pk)


@capability_required("staff_pages")
def staff_summer_attendance(request, pk):
    """The attendance sheet: rows of days that have come; ticked = came, unticked = absent."""
    campaign = selectors.staff_campaign(pk)
    today = timezone.localdate()
    rows = list(selectors.attendance_rows(campaign))
    due = [p for p in rows if p.program_date.day <= today]
    form = SummerAttendanceForm(
        request.POST or None,
        placements=due,
        initial={"attended": [p.pk for p in due if p.attended]},
    )
    if request.method == "POST" and form.is_valid():
        came = set(form.cleaned_data["attended"])
        try:
            for p in due:
                if p.attended != (p.pk in came):
                    services.attendance_record(
                        placement=p, attended=p.pk in came, by=request.user, today=today
                    )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("出欠を記録しました。"))
        return redirect("programs:staff_summer_attendance", pk=pk)
    return render(
        request,
        "programs/summer/staff_attendance.html",
        {"campaign": campaign, "rows": rows, "form": form, "today": today},
        status=400 if request.method == "POST" else 200,
    )


@capability_required("staff_pages")
def staff_summer_certificate(request, pk):
    """The printable 参加証明 of one participant who came."""
    placement = selectors.certificate(pk)
    return render(
        request, "programs/summer/certificate.html", {"p": placement, "today": timezone.localdate()}
    )
