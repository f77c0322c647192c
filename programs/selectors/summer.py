"""Reads for 夏！体験ボランティア西東京: the public catalogue, staff pages, a host's list and the yearly numbers.

`summer_numbers(fy)` is the plans' source: one grouped aggregate over the fiscal year's campaign(s).
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from config.core.dates import per_fiscal_month

from ..models import (
    SummerApplication,
    SummerCampaign,
    SummerPlacement,
    SummerPlacementRun,
    SummerProgram,
    SummerProgramDate,
)


@dataclass(frozen=True)
class SummerNumbers:
    applicants: int
    placed: int
    attended: int
    hosts: int
    programs: int


def _numbers(campaigns) -> SummerNumbers:
    apps = SummerApplication.objects.filter(campaign__in=campaigns, withdrawn_at__isnull=True).aggregate(
        applicants=Count("pk"),
        placed=Count("placement"),
        attended=Count("placement", filter=Q(placement__attended=True)),
    )
    progs = SummerProgram.objects.filter(
        campaign__in=campaigns, status=SummerProgram.Status.APPROVED
    ).aggregate(programs=Count("pk"), hosts=Count("host", distinct=True))
    return SummerNumbers(
        apps["applicants"], apps["placed"], apps["attended"], progs["hosts"], progs["programs"]
    )


def summer_numbers(fy: int) -> SummerNumbers:
    """The fiscal year's totals: applicants, placed, attended (placed and came), hosts and approved programs."""
    return _numbers(SummerCampaign.objects.filter(fiscal_year=fy))


@dataclass(frozen=True)
class SummerRecord:
    """One program of the year's campaign as the year-end report lists it: its days and who took part."""

    days: tuple
    title: str
    host: str
    attended: int


def _attended(fy: int):
    return SummerPlacement.objects.filter(
        application__campaign__fiscal_year=fy, application__withdrawn_at__isnull=True, attended=True
    )


def summer_records(fy: int) -> list[SummerRecord]:
    """Each program with participants who came, its activity days and their number, from one grouped query."""
    rows = (
        _attended(fy)
        .values(
            "program_date__program_id",
            "program_date__program__title",
            "program_date__program__host__name",
            "program_date__day",
        )
        .annotate(n=Count("pk"))
        .order_by("program_date__day", "program_date__program_id")
    )
    programs: dict[int, dict] = {}
    for r in rows:
        p = programs.setdefault(
            r["program_date__program_id"],
            {
                "days": [],
                "title": r["program_date__program__title"],
                "host": r["program_date__program__host__name"],
                "n": 0,
            },
        )
        p["days"].append(r["program_date__day"])
        p["n"] += r["n"]
    return [SummerRecord(tuple(p["days"]), p["title"], p["host"], p["n"]) for p in programs.values()]


def summer_attended_by_month(fy: int) -> list[int]:
    """Participants who came, twelve numbers April first, by the month of their activity day (one grouped query)."""
    rows = _attended(fy).values("program_date__day").annotate(n=Count("pk"))
    return per_fiscal_month(((r["program_date__day"], r["n"]) for r in rows), fy)


def campaign_totals(campaign: SummerCampaign) -> SummerNumbers:
    return _numbers(SummerCampaign.objects.filter(pk=campaign.pk))


def current_campaign() -> SummerCampaign | None:
    """The newest campaign: the one the public pages show."""
    return SummerCampaign.objects.order_by("-fiscal_year").first()


def _dates_with_counts():
    return SummerProgramDate.objects.annotate(taken=Count("placements")).order_by("day", "start_time", "pk")


def public_programs(campaign: SummerCampaign):
    """The approved programs of a campaign, with host and dates."""
    return (
        campaign.programs.filter(status=SummerProgram.Status.APPROVED)
        .select_related("host")
        .prefetch_related("dates")
        .order_by("title", "pk")
    )


def staff_campaigns():
    return SummerCampaign.objects.annotate(
        n_applications=Count("applications", distinct=True), n_programs=Count("programs", distinct=True)
    ).order_by("-fiscal_year")


def staff_campaign(pk: int) -> SummerCampaign:
    return get_object_or_404(SummerCampaign, pk=pk)


def staff_programs(campaign: SummerCampaign):
    return (
        campaign.programs.select_related("host")
        .prefetch_related(Prefetch("dates", queryset=_dates_with_counts()))
        .order_by("status", "title", "pk")
    )


def staff_program(pk: int) -> SummerProgram:
    return get_object_or_404(SummerProgram.objects.select_related("campaign", "host"), pk=pk)


def staff_applications(campaign: SummerCampaign):
    """Applications with their choices and placement, for the staff placement page."""
    return (
        campaign.applications.filter(withdrawn_at__isnull=True)
        .select_related("placement__program_date__program")
        .prefetch_related("choices__program")
        .order_by("furigana", "pk")
    )


def staff_application(pk: int) -> SummerApplication:
    return get_object_or_404(
        SummerApplication.objects.select_related("campaign", "placement__program_date__program"), pk=pk
    )


def placement_dates(campaign: SummerCampaign):
    """Every date of the approved programs, with how many are placed, for the hand-adjust select."""
    return (
        _dates_with_counts()
        .filter(program__campaign=campaign, program__status=SummerProgram.Status.APPROVED)
        .select_related("program")
        .order_by("program__title", "day", "start_time")
    )


def latest_run(campaign: SummerCampaign) -> SummerPlacementRun | None:
    return campaign.runs.order_by("-run_at", "-pk").first()


def staff_run(pk: int) -> SummerPlacementRun:
    return get_object_or_404(SummerPlacementRun.objects.select_related("campaign"), pk=pk)


def attendance_rows(campaign: SummerCampaign):
    return (
        SummerPlacement.objects.filter(application__campaign=campaign)
        .select_related("application", "program_date__program__host")
        .order_by("program_date__day", "program_date__program__title", "application__furigana")
    )


def host_participants(host, campaign: SummerCampaign):
    """A host's participants: only what the host needs (name, furigana, school grade, date)."""
    return (
        SummerPlacement.objects.filter(
            application__campaign=campaign,
            program_date__program__host=host,
            application__withdrawn_at__isnull=True,
        )
        .select_related("program_date__program")
        .only(
            "pk",
            "attended",
            "application__name",
            "application__furigana",
            "application__grade",
            "program_date__day",
            "program_date__start_time",
            "program_date__end_time",
            "program_date__program__title",
        )
        .order_by("program_date__day", "program_date__start_time", "application__furigana")
    )


def certificate(pk: int) -> SummerPlacement:
    """A placement whose participant came: the 参加証明 is printed from it."""
    return get_object_or_404(
        SummerPlacement.objects.select_related("application__campaign", "program_date__program__host"),
        pk=pk,
        attended=True,
    )


def staff_placement(pk: int) -> SummerPlacement:
    return get_object_or_404(
        SummerPlacement.objects.select_related("application__campaign", "program_date__program"), pk=pk
    )


def published_placement(application: SummerApplication) -> SummerPlacement | None:
    """Where the applicant goes, once the campaign's placement is published; None before that or without one."""
    if not application.campaign.published_at:
        return None
    return (
        SummerPlacement.objects.filter(application=application)
        .select_related("program_date__program__host")
        .first()
    )
