"""Campaigns, hosts, programs and applications for the summer experience tests."""

import datetime
import itertools

from django.utils import timezone

from programs.models import (
    SummerApplication,
    SummerCampaign,
    SummerChoice,
    SummerHost,
    SummerProgram,
    SummerProgramDate,
)

_n = itertools.count(1)


def make_campaign(*, phase="open", fiscal_year=None, **kw) -> SummerCampaign:
    """A campaign whose application period is open today (phase="open") or ended yesterday ("closed")."""
    today = timezone.localdate()
    if phase == "open":
        apply_from, apply_until = today - datetime.timedelta(days=5), today + datetime.timedelta(days=10)
    else:
        apply_from, apply_until = today - datetime.timedelta(days=20), today - datetime.timedelta(days=1)
    apply_until = kw.get("apply_until", apply_until)
    defaults = {
        "fiscal_year": fiscal_year or 2000 + next(_n),
        "title": "夏！体験ボランティア西東京",
        "offers_from": apply_from - datetime.timedelta(days=30),
        "offers_until": apply_from - datetime.timedelta(days=1),
        "apply_from": apply_from,
        "apply_until": apply_until,
        "activity_from": apply_until + datetime.timedelta(days=3),
        "activity_until": apply_until + datetime.timedelta(days=40),
        "consent_text": "保護者として、子どもが夏！体験ボランティアに参加することに同意します。",
        "consent_version": "2026-1",
    }
    defaults.update(kw)
    return SummerCampaign.objects.create(**defaults)


def make_host(name="特別養護老人ホーム けやきの里", **kw) -> SummerHost:
    kw.setdefault("kind", SummerHost.Kind.FACILITY)
    kw.setdefault("contact_name", "田無 花子")
    kw.setdefault("contact_email", "keyaki@example.jp")
    return SummerHost.objects.create(name=name, **kw)


def make_program(
    campaign, *, title=None, host=None, slots=(2,), grade_min=1, grade_max=14, status="approved", **kw
):
    """An approved program with one date per entry of `slots` (each date that many places)."""
    program = SummerProgram.objects.create(
        campaign=campaign,
        host=host or make_host(),
        title=title or f"プログラム{next(_n)}",
        description="利用者さんとお話しします。",
        place="西東京市田無町",
        grade_min=grade_min,
        grade_max=grade_max,
        contact="042-000-0000",
        status=status,
        **kw,
    )
    for i, n in enumerate(slots):
        SummerProgramDate.objects.create(
            program=program,
            day=campaign.activity_from + datetime.timedelta(days=i),
            start_time=datetime.time(10),
            end_time=datetime.time(12),
            slots=n,
        )
    return program


def make_application(campaign, programs, *, grade=8, age=13, name=None, **kw) -> SummerApplication:
    """An application written straight to the table (the service is tested on its own)."""
    i = next(_n)
    defaults = {
        "name": name or f"参加者{i}",
        "furigana": f"サンカシャ{i}",
        "birth_date": datetime.date(2013, 1, 1) + datetime.timedelta(days=i),
        "age": age,
        "grade": grade,
        "school": "西東京市立中学校",
        "email": f"p{i}@example.jp",
        "guardian_name": "保護者",
        "guardian_phone": "042-111-2222",
        "guardian_consent": True,
        "consent_version": campaign.consent_version,
        "consented_at": timezone.now(),
    }
    defaults.update(kw)
    app = SummerApplication.objects.create(campaign=campaign, **defaults)
    for rank, p in enumerate(programs, 1):
        SummerChoice.objects.create(application=app, rank=rank, program=p)
    return app
