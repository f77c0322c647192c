"""The 夏！体験 demo: a campaign with hosts, programs, applications and a published placement, loaded idempotently."""

import io

from django.core.management import call_command

from config.core.dates import current_fiscal_year
from programs import selectors
from programs.models import SummerApplication, SummerCampaign, SummerPlacement, SummerProgram


def test_the_demo_has_a_summer_campaign_with_a_placement(base_data, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    campaign = SummerCampaign.objects.get(fiscal_year=current_fiscal_year())
    assert SummerProgram.objects.filter(campaign=campaign, status="approved").count() >= 8
    assert SummerProgram.objects.filter(campaign=campaign, status="offered").exists()
    assert {"facility", "group"} == set(
        SummerProgram.objects.filter(campaign=campaign).values_list("host__kind", flat=True)
    )
    assert SummerApplication.objects.filter(campaign=campaign).count() >= 40
    numbers = selectors.summer_numbers(campaign.fiscal_year)
    if campaign.published_at:
        assert numbers.placed > 30 and SummerPlacement.objects.filter(run__isnull=False).exists()
        assert services_replay_matches(campaign)
    counts = (
        SummerApplication.objects.count(),
        SummerPlacement.objects.count(),
        SummerProgram.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert (
        SummerApplication.objects.count(),
        SummerPlacement.objects.count(),
        SummerProgram.objects.count(),
    ) == counts


def services_replay_matches(campaign) -> bool:
    from programs.services import summer

    return summer.placement_replay(run=campaign.runs.get()).matches
