"""夏！体験ボランティア西東京: hosts offer programs, staff approve them, participants apply, a seeded placement
places them, staff adjust and publish, hosts see their list, attendance is recorded afterwards.

The placement uses the seeded-run mechanism of services/seeded.py (the annual allocation's): a run reads
the applications, choices, approved programs and slots into one JSON record, stores its digest and seed,
and computes the result from the record alone, so `placement_replay` recomputes any run. The placement
itself is a minimum-cost maximum flow: as many people as possible get one of their choices; among those
outcomes, the one with the earliest choices overall; remaining ties go to the earlier lottery number.
"""

import datetime
import random
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import audit, pagecache, privacy
from volunteers.services.notices import notice_address, notify

from ..models import (
    Grade,
    SummerApplication,
    SummerCampaign,
    SummerChoice,
    SummerHost,
    SummerPlacement,
    SummerPlacementRun,
    SummerProgram,
    SummerProgramDate,
)
from ..models.summer import ADULT_AGE
from .seeded import check_replayable, inputs_digest, lottery_order, new_seed

Phase = SummerCampaign.Phase
INPUTS_VERSION = 1
MAX_CHOICES = 3
STATUS_SALT = "programs.summer.application"
HOST_SALT = "programs.summer.host"
DUPLICATE_MESSAGE = gettext_lazy("この方はこの年度の夏！体験にすでに申し込んでいます。")


def _locked(campaign: SummerCampaign) -> SummerCampaign:
    return SummerCampaign.objects.select_for_update(no_key=True).get(pk=campaign.pk)


def _check_not_published(campaign: SummerCampaign) -> None:
    if campaign.published_at:
        raise ValidationError(_("参加先はすでに公開されています。"), code="published")


# --- campaign, hosts and programs -------------------------------------------------------------------


def campaign_create(*, by, **fields) -> SummerCampaign:
    """Staff set up the year's campaign with its periods and the guardian consent text."""
    campaign = SummerCampaign(**fields)
    campaign.full_clean()
    campaign.save()
    audit.record(actor=by, action="summer_campaign_create", target=campaign)
    return campaign


CAMPAIGN_FIELDS = [
    "fiscal_year",
    "title",
    "offers_from",
    "offers_until",
    "apply_from",
    "apply_until",
    "activity_from",
    "activity_until",
    "consent_text",
    "consent_version",
]
HOST_FIELDS = ["kind", "name", "group", "contact_name", "contact_phone", "contact_email"]


def campaign_save(*, campaign: SummerCampaign, by) -> SummerCampaign:
    """Staff change a campaign's periods or consent text (the admin); audited field by field."""
    campaign.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="summer_campaign", instance=campaign, fields=CAMPAIGN_FIELDS)
    return campaign


def host_save(*, host: SummerHost, by) -> SummerHost:
    """Staff correct a host's contact (the admin); audited field by field."""
    host.full_clean()
    with transaction.atomic():
        audit.save_recorded(actor=by, action="summer_host", instance=host, fields=HOST_FIELDS)
    return host


def host_create(
    *,
    kind: str,
    name: str,
    contact_name: str,
    contact_phone: str = "",
    contact_email: str = "",
    group=None,
    by=None,
) -> SummerHost:
    """A host: a welfare facility (a simple record) or a registered group (the record names the group)."""
    host = SummerHost(
        kind=kind,
        name=name,
        group=group,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    host.full_clean()
    host.save()
    audit.record(actor=by, action="summer_host_create", target=host)
    return host


def host_for_offer(
    *, kind: str, name: str, contact_name: str, contact_phone: str, contact_email: str, group=None, by=None
) -> SummerHost:
    """The host record an offer belongs to: the same name and group as before, or a new one."""
    host = SummerHost.objects.filter(kind=kind, name=name, group=group).first()
    if host is None:
        return host_create(
            kind=kind,
            name=name,
            group=group,
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
            by=by,
        )
    return host


def program_offer(
    *, campaign: SummerCampaign, host: SummerHost, dates: list[dict], by=None, consent: bool = False, **fields
) -> SummerProgram:
    """A host (online) or staff (for them) offers a program with its dates; it waits for staff approval.

    `consent`: the online offer's privacy-policy agreement for the contact details sent with it."""
    if not dates:
        raise ValidationError(_("活動日を一つ以上入力してください。"), code="no_dates")
    with transaction.atomic():
        campaign = _locked(campaign)
        _check_not_published(campaign)
        program = SummerProgram(campaign=campaign, host=host, **fields)
        if consent:
            privacy.record_consent(program)
        program.full_clean()
        program.save()
        for d in dates:
            if not campaign.activity_from <= d["day"] <= campaign.activity_until:
                raise ValidationError(
                    _("活動日は活動期間（%(a)s〜%(b)s）の中で選んでください。")
                    % {"a": f"{campaign.activity_from:%m/%d}", "b": f"{campaign.activity_until:%m/%d}"},
                    code="outside",
                )
            row = SummerProgramDate(program=program, **d)
            row.full_clean()
            row.save()
        audit.record(actor=by, action="summer_program_offer", target=program)
    return program


def program_review(*, program: SummerProgram, approve: bool, by) -> SummerProgram:
    """Staff approve a program for the public catalogue, or decline it."""
    with transaction.atomic():
        _check_not_published(_locked(program.campaign))
        old = program.status
        program.status = SummerProgram.Status.APPROVED if approve else SummerProgram.Status.DECLINED
        program.reviewed_by = by
        program.reviewed_at = timezone.now()
        program.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        audit.record(
            actor=by,
            action="summer_program_review",
            target=program,
            changes={"status": [old, program.status]},
        )
    return program


# --- applications --------------------------------------------------------------------------------


def application_create(
    *,
    campaign: SummerCampaign,
    programs: list[SummerProgram],
    name: str,
    furigana: str,
    birth_date: datetime.date,
    grade: int,
    school: str = "",
    email: str = "",
    phone: str = "",
    guardian_name: str = "",
    guardian_phone: str = "",
    guardian_consent: bool = False,
    note: str = "",
    consent: bool = False,
    today: datetime.date | None = None,
) -> SummerApplication:
    """A participant applies with up to three programs in order; a minor needs the guardian's consent.

    `consent`: the applicant agreed to the privacy policy (stored with its version), apart from the guardian's
    consent to the campaign's own text."""
    today = today or timezone.localdate()
    if campaign.phase(today) != Phase.OPEN:
        raise ValidationError(
            _("参加申込の受付期間は%(a)s〜%(b)sです。")
            % {"a": f"{campaign.apply_from:%Y/%m/%d}", "b": f"{campaign.apply_until:%Y/%m/%d}"},
            code="closed",
        )
    if not 1 <= len(programs) <= MAX_CHOICES:
        raise ValidationError(_("希望するプログラムを1〜3つ選んでください。"), code="choices")
    if len({p.pk for p in programs}) != len(programs):
        raise ValidationError(_("同じプログラムを二度選んでいます。"), code="same_program")
    age = campaign.age_on_start(birth_date)
    for p in programs:
        if p.campaign_id != campaign.pk or p.status != SummerProgram.Status.APPROVED:
            raise ValidationError(_("公開中のプログラムから選んでください。"), code="program")
        if not p.accepts(grade=grade, age=age):
            raise ValidationError(
                _("「%(title)s」の対象は%(grades)sです。") % {"title": p.title, "grades": p.grades_label()},
                code="grade",
            )
    minor = age < ADULT_AGE
    if minor and not (guardian_name and guardian_phone and guardian_consent):
        raise ValidationError(
            _("18歳未満の方は、保護者の氏名・電話番号を書き、保護者の同意にチェックを入れてください。"),
            code="consent",
        )
    application = SummerApplication(
        campaign=campaign,
        name=name,
        furigana=furigana,
        birth_date=birth_date,
        age=age,
        school=school,
        grade=grade,
        email=email,
        phone=phone,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
        guardian_consent=guardian_consent,
        consent_version=campaign.consent_version if guardian_consent else "",
        consented_at=timezone.now() if guardian_consent else None,
        note=note,
    )
    if consent:
        privacy.record_consent(application)
    application.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
            SummerChoice.objects.bulk_create(
                SummerChoice(application=application, rank=i, program=p) for i, p in enumerate(programs, 1)
            )
    except IntegrityError as exc:
        if "one_per_person" in str(exc):
            raise ValidationError(DUPLICATE_MESSAGE, code="duplicate") from exc
        raise ValidationError(_("18歳未満の方は保護者の同意が必要です。"), code="consent") from exc
    audit.record(actor=None, action="summer_application_create", target=application)
    return application


def status_token(application: SummerApplication) -> str:
    """The signed key of an applicant's status page (nothing secret is stored)."""
    return signing.dumps({"a": application.pk, "c": application.campaign_id}, salt=STATUS_SALT)


def application_from_token(token: str) -> SummerApplication | None:
    try:
        data = signing.loads(token, salt=STATUS_SALT)
    except signing.BadSignature:
        return None
    return SummerApplication.objects.filter(pk=data.get("a"), campaign_id=data.get("c")).first()


def host_token(host: SummerHost, campaign: SummerCampaign) -> str:
    """The signed key of a host's participant list for one campaign."""
    return signing.dumps({"h": host.pk, "c": campaign.pk}, salt=HOST_SALT)


def host_from_token(token: str) -> tuple[SummerHost, SummerCampaign] | None:
    try:
        data = signing.loads(token, salt=HOST_SALT)
    except signing.BadSignature:
        return None
    host = SummerHost.objects.filter(pk=data.get("h")).first()
    campaign = SummerCampaign.objects.filter(pk=data.get("c")).first()
    return (host, campaign) if host and campaign else None


# --- the placement: reading the record ------------------------------------------------------------


def _read_inputs(campaign: SummerCampaign) -> dict:
    """Everything the placement depends on, as plain JSON: the run's record and the replay's only source."""
    programs = (
        campaign.programs.filter(status=SummerProgram.Status.APPROVED)
        .prefetch_related("dates")
        .order_by("pk")
    )
    applications = (
        campaign.applications.filter(withdrawn_at__isnull=True).prefetch_related("choices").order_by("pk")
    )
    return {
        "version": INPUTS_VERSION,
        "campaign": {"id": campaign.pk, "fiscal_year": campaign.fiscal_year},
        "programs": [
            {
                "id": p.pk,
                "grade_min": p.grade_min,
                "grade_max": p.grade_max,
                "age_min": p.age_min,
                "dates": [[d.pk, d.day.isoformat(), d.slots] for d in p.dates.all()],
            }
            for p in programs
        ],
        "applications": [
            {
                "id": a.pk,
                "grade": a.grade,
                "age": a.age,
                "choices": [c.program_id for c in sorted(a.choices.all(), key=lambda c: c.rank)],
            }
            for a in applications
        ],
    }


# --- the placement: a minimum-cost maximum flow on the record alone ---------------------------------


class _Flow:
    """Successive shortest paths (SPFA) on a small graph; integer costs, so the result is exact."""

    def __init__(self, n: int):
        self.graph: list[list[int]] = [[] for _ in range(n)]
        self.to, self.cap, self.cost = [], [], []

    def add(self, u: int, v: int, cap: int, cost: int) -> int:
        self.graph[u].append(len(self.to))
        self.to.append(v), self.cap.append(cap), self.cost.append(cost)
        self.graph[v].append(len(self.to))
        self.to.append(u), self.cap.append(0), self.cost.append(-cost)
        return len(self.to) - 2

    def run(self, s: int, t: int) -> None:
        n = len(self.graph)
        while True:
            dist = [None] * n
            via = [-1] * n
            dist[s] = 0
            queue, queued = deque([s]), [False] * n
            while queue:
                u = queue.popleft()
                queued[u] = False
                for e in self.graph[u]:
                    v = self.to[e]
                    if self.cap[e] > 0 and (dist[v] is None or dist[u] + self.cost[e] < dist[v]):
                        dist[v] = dist[u] + self.cost[e]
                        via[v] = e
                        if not queued[v]:
                            queue.append(v)
                            queued[v] = True
            if dist[t] is None:
                return
            v = t
            while v != s:  # every path carries one person: unit capacities from the source
                e = via[v]
                self.cap[e] -= 1
                self.cap[e ^ 1] += 1
                v = self.to[e ^ 1]


def _compute(inputs: dict, seed: int) -> list[dict]:
    """One result per application, in application order: its lottery number, program, date and choice rank."""
    rng = random.Random(seed)
    apps = inputs["applications"]
    order, numbers = lottery_order([a["id"] for a in apps], rng)
    by_id = {a["id"]: a for a in apps}
    programs = {p["id"]: p for p in inputs["programs"]}
    n_apps = len(order)
    # Cost = rank weight, then lottery number; the weight exceeds any sum of lottery numbers, so fewer
    # later choices always win over a better lottery spread. Max flow first: every augmenting path
    # places one more person, so the final flow places as many people as the slots and limits allow.
    weight = n_apps * (n_apps + 1) // 2 + 1
    prog_ids = sorted(programs)
    source, sink = 0, 1
    app_node = {a: 2 + i for i, a in enumerate(order)}
    prog_node = {p: 2 + n_apps + i for i, p in enumerate(prog_ids)}
    flow = _Flow(2 + n_apps + len(prog_ids))
    edges = {}
    for a in order:
        flow.add(source, app_node[a], 1, numbers[a])
        app = by_id[a]
        for rank, pid in enumerate(app["choices"], 1):
            p = programs.get(pid)
            if p is None or not p["dates"]:
                continue
            if not (p["grade_min"] <= app["grade"] <= p["grade_max"]):
                continue
            if p["age_min"] is not None and app["age"] < p["age_min"]:
                continue
            edges[(a, pid, rank)] = flow.add(app_node[a], prog_node[pid], 1, (rank - 1) * weight)
    for pid in prog_ids:
        slots = sum(s for _d, _day, s in programs[pid]["dates"])
        flow.add(prog_node[pid], sink, slots, 0)
    flow.run(source, sink)
    chosen = {}
    for (a, pid, rank), e in edges.items():
        if flow.cap[e] == 0:
            chosen[a] = (pid, rank)
    # Within a program, people take its dates in date order, by lottery number.
    date_of = {}
    for pid in prog_ids:
        placed = sorted((a for a, (p, _r) in chosen.items() if p == pid), key=numbers.get)
        dates = sorted(programs[pid]["dates"], key=lambda d: (d[1], d[0]))
        free = [[d, s] for d, _day, s in dates]
        for a in placed:
            slot = next(f for f in free if f[1] > 0)
            slot[1] -= 1
            date_of[a] = slot[0]
    results = []
    for app in apps:
        a = app["id"]
        pid, rank = chosen.get(a, (None, None))
        results.append(
            {
                "application": a,
                "lottery_number": numbers[a],
                "program": pid,
                "date": date_of.get(a),
                "rank": rank,
            }
        )
    return results


def _summary(results: list[dict]) -> dict:
    placed = [r for r in results if r["program"]]
    return {
        "placed": len(placed),
        "unplaced": len(results) - len(placed),
        "by_rank": {str(k): sum(1 for r in placed if r["rank"] == k) for k in range(1, MAX_CHOICES + 1)},
        "results": results,
    }


def placement_run(*, campaign: SummerCampaign, by, seed: int | None = None) -> SummerPlacementRun:
    """Run the placement after the application period; it replaces every placement (hand changes too)."""
    with transaction.atomic():
        campaign = _locked(campaign)
        _check_not_published(campaign)
        if campaign.phase(timezone.localdate()) != Phase.CLOSED:
            raise ValidationError(
                _("参加先の調整は参加申込の締切（%(d)s）の翌日から実行できます。")
                % {"d": f"{campaign.apply_until:%Y/%m/%d}"},
                code="open",
            )
        if seed is None:
            seed = new_seed()
        inputs = _read_inputs(campaign)
        results = _compute(inputs, seed)
        run = SummerPlacementRun.objects.create(
            campaign=campaign,
            seed=seed,
            inputs=inputs,
            inputs_digest=inputs_digest(inputs, seed),
            outcome=_summary(results),
            run_by=by,
        )
        SummerPlacement.objects.filter(application__campaign=campaign).delete()
        SummerPlacement.objects.bulk_create(
            SummerPlacement(
                application_id=r["application"], program_date_id=r["date"], rank=r["rank"], run=run
            )
            for r in results
            if r["program"]
        )
        pagecache.bump(pagecache.RECORDS)  # bulk_create sends no signal: the plans count placements
        audit.record(
            actor=by,
            action="summer_placement_run",
            target=run,
            changes={"seed": [None, seed], "inputs_digest": [None, run.inputs_digest]},
        )
    return run


@dataclass
class Replay:
    run: SummerPlacementRun
    results: list[dict]
    differences: list[str]

    @property
    def matches(self) -> bool:
        return not self.differences


def placement_replay(*, run: SummerPlacementRun) -> Replay:
    """Recompute a run from its record and seed alone and compare with what it stored."""
    check_replayable(inputs=run.inputs, seed=run.seed, digest=run.inputs_digest, version=INPUTS_VERSION)
    results = _compute(run.inputs, run.seed)
    stored = {r["application"]: r for r in run.outcome.get("results", [])}
    differences = [
        _("申込%(id)s：記録 %(saved)s／再現 %(now)s")
        % {"id": r["application"], "saved": stored.get(r["application"]), "now": r}
        for r in results
        if stored.get(r["application"]) != r
    ]
    return Replay(run=run, results=results, differences=differences)


# --- adjusting by hand, publishing, attendance -----------------------------------------------------


def placement_set(
    *, application: SummerApplication, program_date: SummerProgramDate | None, by
) -> SummerPlacement | None:
    """Staff move a person to another program date (slots and limits hold), or take the placement away."""
    with transaction.atomic():
        campaign = _locked(application.campaign)
        _check_not_published(campaign)
        old = SummerPlacement.objects.filter(application=application).select_related("program_date").first()
        before = str(old.program_date_id) if old else None
        if program_date is None:
            if old:
                old.delete()
            audit.record(
                actor=by, action="summer_placement_set", target=application, changes={"date": [before, None]}
            )
            return None
        date = SummerProgramDate.objects.select_for_update().select_related("program").get(pk=program_date.pk)
        program = date.program
        if program.campaign_id != campaign.pk or program.status != SummerProgram.Status.APPROVED:
            raise ValidationError(_("承認済みのプログラムの活動日を選んでください。"), code="program")
        if not program.accepts(grade=application.grade, age=application.age):
            raise ValidationError(
                _("「%(title)s」の対象は%(grades)sです。")
                % {"title": program.title, "grades": program.grades_label()},
                code="grade",
            )
        taken = date.placements.exclude(application=application).count()
        if taken >= date.slots:
            raise ValidationError(
                _("この活動日の受入人数（%(n)s人）に達しています。") % {"n": date.slots}, code="full"
            )
        rank = application.choices.filter(program=program).values_list("rank", flat=True).first()
        placement, _created = SummerPlacement.objects.update_or_create(
            application=application,
            defaults={"program_date": date, "rank": rank, "by_hand": True, "run": old.run if old else None},
        )
        audit.record(
            actor=by,
            action="summer_placement_set",
            target=application,
            changes={"date": [before, str(date.pk)]},
        )
    return placement


def _date_label(d: SummerProgramDate) -> str:
    return _("%(m)s月%(d)s日 %(s)s〜%(e)s") % {
        "m": d.day.month,
        "d": d.day.day,
        "s": f"{d.start_time:%H:%M}",
        "e": f"{d.end_time:%H:%M}",
    }


def placement_publish(
    *,
    campaign: SummerCampaign,
    by,
    status_link: Callable[[str], str] | None = None,
    host_link: Callable[[str], str] | None = None,
) -> SummerCampaign:
    """Publish the placement: every applicant hears where they go (or that no place was found), every host
    hears who comes. The views build the signed links; they go into emails only, never into a stored notice."""
    with transaction.atomic():
        campaign = _locked(campaign)
        _check_not_published(campaign)
        if not campaign.runs.exists():
            raise ValidationError(_("先に参加先の調整を実行してください。"), code="no_run")
        campaign.published_at = timezone.now()
        campaign.published_by = by
        campaign.save(update_fields=["published_at", "published_by"])
        audit.record(actor=by, action="summer_placement_publish", target=campaign)
        applications = campaign.applications.filter(withdrawn_at__isnull=True).select_related(
            "placement__program_date__program__host"
        )
        hosts = defaultdict(list)
        for a in applications:
            placement = getattr(a, "placement", None)
            if placement:
                d = placement.program_date
                hosts[d.program.host].append(a)
                body = _(
                    "%(name)s 様\n\n%(title)sの参加先が決まりました。\n\n"
                    "・プログラム：%(program)s（%(host)s）\n・日時：%(when)s\n・場所：%(place)s\n・持ち物：%(bring)s\n"
                    "・問い合わせ先：%(contact)s\n"
                ) % {
                    "name": a.name,
                    "title": campaign.title,
                    "program": d.program.title,
                    "host": d.program.host.name,
                    "when": _date_label(d),
                    "place": d.program.place,
                    "bring": d.program.bring or _("特になし"),
                    "contact": d.program.contact,
                }
            else:
                body = _(
                    "%(name)s 様\n\n%(title)sにお申し込みいただきありがとうございました。\n"
                    "希望されたプログラムは受入人数に達したため、今回は参加先をご用意できませんでした。\n"
                ) % {"name": a.name, "title": campaign.title}
            email = a.email
            link = status_link(status_token(a)) if status_link and email else ""
            notify(
                subject=_("%(title)s 参加先のお知らせ") % {"title": campaign.title},
                body=body,
                guest_name=a.name,
                guest_phone=a.phone or a.guardian_phone,
                guest_email=email,
                private_text=_("申込の状況：%(url)s") % {"url": link} if link else "",
            )
        for host, people in hosts.items():
            body = _("%(host)s %(contact)s 様\n\n%(title)sの参加者が決まりました（%(n)s人）。\n") % {
                "host": host.name,
                "contact": host.contact_name,
                "title": campaign.title,
                "n": len(people),
            }
            link = host_link(host_token(host, campaign)) if host_link else ""
            private = _("参加者の一覧：%(url)s") % {"url": link} if link else ""
            if host.group_id:
                notify(
                    subject=_("%(title)s 参加者のお知らせ") % {"title": campaign.title},
                    body=body,
                    group=host.group,
                    private_text=private if notice_address(group=host.group) else "",
                )
            else:
                notify(
                    subject=_("%(title)s 参加者のお知らせ") % {"title": campaign.title},
                    body=body,
                    guest_name=host.contact_name,
                    guest_phone=host.contact_phone,
                    guest_email=host.contact_email,
                    private_text=private if host.contact_email else "",
                )
    return campaign


def attendance_record(
    *, placement: SummerPlacement, attended: bool, by, today: datetime.date | None = None
) -> None:
    """Staff (or a host through staff) record whether the person came, on or after the activity day."""
    today = today or timezone.localdate()
    if not placement.application.campaign.published_at:
        raise ValidationError(_("参加先を公開してから出欠を記録してください。"), code="not_published")
    if placement.program_date.day > today:
        raise ValidationError(_("出欠は活動日の当日から記録できます。"), code="future")
    old = placement.attended
    placement.attended = attended
    placement.attendance_recorded_by = by
    placement.attendance_recorded_at = timezone.now()
    placement.save(update_fields=["attended", "attendance_recorded_by", "attendance_recorded_at"])
    audit.record(
        actor=by, action="summer_attendance_record", target=placement, changes={"attended": [old, attended]}
    )


def grade_label(grade: int) -> str:
    return str(Grade(grade).label)
