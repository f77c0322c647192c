"""The dataset generators of 夏！体験, school requests and committee meetings (config/core/dataset.py): the counts the
issue names at ten years, rows the constraints accept, and the same rows for the same seed."""

import datetime
import random

import pytest
from django.db import transaction
from django.utils import timezone

from committees.models import Attendance, Meeting, Minutes, Observation
from config.core.dataset import Dataset
from config.core.management.commands.generate_dataset import registry
from programs.models import (
    SchoolLecturer,
    SchoolRequest,
    SchoolRequestDate,
    SummerApplication,
    SummerCampaign,
    SummerChoice,
    SummerPlacement,
    SummerProgram,
)

NEEDED = {"accounts", "volunteers", "groups", "summer", "school_requests", "meetings"}


def generate(scale: float, seed: int = 1) -> Dataset:
    ds = Dataset(rng=random.Random(seed), scale=scale, years=10)
    for generator in registry():
        if generator.__name__ in NEEDED:
            generator(ds)
    return ds


def fingerprint() -> dict:
    """What was made, without ids (ids differ between runs)."""
    return {
        "campaigns": list(
            SummerCampaign.objects.order_by("fiscal_year").values_list("fiscal_year", "published_at")
        ),
        "programs": list(
            SummerProgram.objects.order_by("campaign__fiscal_year", "title", "pk").values_list(
                "title", "grade_min", "status"
            )
        ),
        "applications": list(
            SummerApplication.objects.order_by("pk").values_list(
                "name", "furigana", "birth_date", "grade", "age"
            )
        ),
        "choices": list(SummerChoice.objects.order_by("pk").values_list("rank", "program__title")),
        "placements": list(
            SummerPlacement.objects.order_by("pk").values_list("rank", "program_date__day", "attended")
        ),
        "requests": list(
            SchoolRequest.objects.order_by("pk").values_list(
                "organisation", "status", "starts_at", "pupils_reached"
            )
        ),
        "meetings": list(
            Meeting.objects.order_by("date", "committee__key").values_list("committee__key", "date")
        ),
        "observers": list(Observation.objects.order_by("pk").values_list("name", "furigana")),
    }


@pytest.mark.django_db
def test_summer_school_and_committee_generators_make_ten_years_of_records(base_data):
    ds = generate(scale=0.1)
    years = set(ds.fiscal_years)
    # One 夏！体験 a year (10 at ten years), whatever the scale; past ones published, placed and attended.
    assert set(SummerCampaign.objects.values_list("fiscal_year", flat=True)) == years
    assert SummerProgram.objects.count() == 10 * (ds.n(200) // 10)
    assert SummerApplication.objects.count() > 0.9 * ds.n(1500)
    for application in SummerApplication.objects.prefetch_related("choices"):
        ranks = [c.rank for c in application.choices.all()]
        assert ranks == list(range(1, len(ranks) + 1)) and 1 <= len(ranks) <= 3
    past = SummerCampaign.objects.filter(published_at__isnull=False)
    assert past.exists()
    assert SummerPlacement.objects.filter(application__campaign__in=past).exists()
    assert not SummerPlacement.objects.exclude(application__campaign__in=past).exists()
    for p in SummerPlacement.objects.select_related("program_date__program", "application"):
        assert p.application.choices.filter(program=p.program_date.program, rank=p.rank).exists()
    # Placements never exceed a date's places.
    for campaign in past:
        for program in campaign.programs.all():
            for date in program.dates.all():
                assert date.placements.count() <= date.slots
    # School requests: the 300 at ten years, scaled; past ones held or cancelled, with dates and lecturers.
    assert SchoolRequest.objects.count() == ds.n(300) == 30
    held = SchoolRequest.objects.filter(status="held")
    assert held.exists()
    assert not held.filter(lecturers__isnull=True).exists()
    assert SchoolRequestDate.objects.filter(rank=1).count() == SchoolRequest.objects.count()
    assert SchoolLecturer.objects.exists()
    # Committee meetings: the issue's 60, scaled, on the rules' days in the years the demo left empty.
    meetings = Meeting.objects.all()
    assert meetings.count() == ds.n(60) == 6
    today = timezone.localdate()
    old = meetings.filter(date__lt=today - datetime.timedelta(days=45), cancelled_at__isnull=True)
    assert Minutes.objects.filter(meeting__in=old, status="published").count() == old.count()
    assert not Minutes.objects.filter(meeting__date__gte=today).exists()
    assert not Attendance.objects.filter(meeting__date__gte=today).exists()
    assert not Observation.objects.exclude(meeting__committee__observation_allowed=True).exists()
    assert all(m.agenda.count() == 4 for m in meetings)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_summer_school_and_committee_rows(base_data):
    with transaction.atomic():
        generate(scale=0.05)
        first = fingerprint()
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(scale=0.05)
        second = fingerprint()
        transaction.set_rollback(True)
    generate(scale=0.05, seed=2)
    other = fingerprint()
    assert first["applications"] and first["requests"] and first["meetings"]
    assert first == second
    assert other["applications"] != first["applications"]
