"""The annual allocation (年間割当): a seeded lottery over recurring requests and locker requests.

A run first reads everything it depends on — the requests, the rooms and their hours, the closed days,
the bookings already made, the lockers and who holds them — into one JSON record on the run, with a
SHA-256 digest of that record and the seed. The lottery then works on the record alone, so
`allocation_replay` recomputes any run from what it stored, however bookings, closures or room hours
have changed since, and the digest shows whether the record was altered. First choices are settled
before any second choice, so a second choice never displaces another group's first choice; per-group
caps hold throughout.

A window moves one way: before opening → open → closed (by date, or early by staff with a reason) →
under review (run) → published. Applications are taken only while open; a run needs a closed window.
"""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.core import audit, pagecache
from config.core.dates import closed_days, fiscal_year_end, fiscal_year_start, month_day
from config.core.models import WEEKDAY_SHORT
from volunteers.models import GroupRegistration, VolunteerGroup
from volunteers.services.notices import notify

from ..models import (
    OVERLAP_MESSAGE,
    AllocationResult,
    AllocationRun,
    ApplicationWindow,
    Locker,
    LockerAssignment,
    LockerRequest,
    LockerRules,
    LockerWaitlistEntry,
    Pattern,
    RecurringRequest,
    Room,
    RoomBooking,
)
from . import lockers as locker_services
from .rooms import aware
from .seeded import check_replayable, inputs_digest, lottery_order, new_seed

Outcome = AllocationResult.Outcome
Phase = ApplicationWindow.Phase
INPUTS_VERSION = 2


def occurrence_dates(*, weekday: int, pattern: str, weeks: list[int], fy: int, closed) -> list[datetime.date]:
    """Every date of the fiscal year matching the weekday and pattern (毎週, or 第n of the month), minus closed days."""
    day = fiscal_year_start(fy)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    last = fiscal_year_end(fy)
    dates = []
    while day <= last:
        nth = (day.day - 1) // 7 + 1
        if (pattern == Pattern.WEEKLY or nth in weeks) and day not in closed:
            dates.append(day)
        day += datetime.timedelta(days=7)
    return dates


# --- reading the world into the record -----------------------------------------------------------


def _t(value: datetime.time | None) -> str | None:
    return value.isoformat() if value is not None else None


def _read_inputs(window: ApplicationWindow) -> dict:
    """Everything the lottery depends on, as plain JSON: the run's record and the replay's only source."""
    fy, site = window.fiscal_year, window.site
    start, end = fiscal_year_start(fy), fiscal_year_end(fy)
    rooms = Room.objects.filter(site=site).prefetch_related("hours").order_by("capacity", "sort_order", "pk")
    requests = window.requests.select_related("group", "room", "second_room").order_by("pk")
    locker_requests = window.locker_requests.select_related("group").order_by("pk")
    bookings = (
        RoomBooking.objects.active()
        .filter(
            room__site=site,
            during__overlap=(
                aware(start, datetime.time(0)),
                aware(end + datetime.timedelta(days=1), datetime.time(0)),
            ),
        )
        .order_by("room_id", "during", "pk")
        .values_list("pk", "room_id", "during")
    )
    held = (
        LockerAssignment.objects.held()
        .filter(fiscal_year=fy, locker__site=site)
        .order_by("pk")
        .values_list("pk", "locker_id", "group_id")
    )
    return {
        "version": INPUTS_VERSION,
        "window": {
            "id": window.pk,
            "site": site.slug,
            "fiscal_year": fy,
            "max_slots_per_group": window.max_slots_per_group,
        },
        "rooms": [
            {
                "id": r.pk,
                "name": r.name,
                "capacity": r.capacity,
                "is_active": r.is_active,
                "hours": [
                    [h.weekday, _t(h.opens), _t(h.closes)]
                    for h in sorted(r.hours.all(), key=lambda h: h.weekday)
                ],
            }
            for r in rooms
        ],
        "closed_days": {d.isoformat(): reason for d, reason in sorted(closed_days(site, start, end).items())},
        "bookings": [
            {
                "id": pk,
                "room": room_id,
                "start": timezone.localtime(during.lower).isoformat(),
                "end": timezone.localtime(during.upper).isoformat(),
            }
            for pk, room_id, during in bookings
        ],
        "requests": [
            {
                "id": r.pk,
                "group_id": r.group_id,
                "group": r.group.name,
                "first": r.describe(1),
                "second": r.describe(2) if r.has_second_choice() else "",
                "pattern": r.pattern,
                "weeks": list(r.weeks),
                "min_capacity": r.min_capacity,
                "choices": [[r.room_id, r.weekday, _t(r.start_time), _t(r.end_time)]]
                + (
                    [[r.second_room_id, r.second_weekday, _t(r.second_start_time), _t(r.second_end_time)]]
                    if r.has_second_choice()
                    else []
                ),
            }
            for r in requests
        ],
        "locker_requests": [
            {"id": q.pk, "group_id": q.group_id, "group": q.group.name, "size": q.size}
            for q in locker_requests
        ],
        "lockers": [
            {"id": lk.pk, "number": lk.number, "size": lk.size, "is_active": lk.is_active}
            for lk in Locker.objects.filter(site=site).order_by("number", "pk")
        ],
        "lockers_held": [
            {"id": pk, "locker": locker_id, "group_id": group_id} for pk, locker_id, group_id in held
        ],
        "locker_cap": LockerRules.cap_for(site),
    }


# --- the lottery, on the record alone ------------------------------------------------------------


@dataclass(frozen=True)
class _Req:
    id: int
    group_id: int
    pattern: str
    weeks: tuple
    min_capacity: int
    choices: tuple  # ((room id | None, weekday, start, end), …)

    def choice(self, rank: int):
        return self.choices[rank - 1]

    def has_second_choice(self) -> bool:
        return len(self.choices) > 1


@dataclass(frozen=True)
class _Room:
    id: int
    capacity: int
    is_active: bool
    hours: dict  # weekday → (opens, closes)


@dataclass
class _Board:
    """What is already taken in the fiscal year: room id → date → [(start, end, request or None)]."""

    taken: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def clash(self, room_id, day, start, end):
        for s, e, who in self.taken[room_id][day]:
            if s < end and start < e:
                return who or "existing"
        return None

    def take(self, room_id, day, start, end, who):
        self.taken[room_id][day].append((start, end, who))

    def take_booking(self, room_id, lo: datetime.datetime, hi: datetime.datetime):
        """A booking blocks every day it touches: the whole of each day between its first and last."""
        day = lo.date()
        while day <= hi.date():
            start = lo.time() if day == lo.date() else datetime.time.min
            end = hi.time() if day == hi.date() else datetime.time.max
            if start < end:
                self.take(room_id, day, start, end, None)
            day += datetime.timedelta(days=1)


def _parse(inputs: dict):
    time = datetime.time.fromisoformat
    rooms = [
        _Room(r["id"], r["capacity"], r["is_active"], {w: (time(o), time(c)) for w, o, c in r["hours"]})
        for r in inputs["rooms"]
    ]
    requests = [
        _Req(
            q["id"],
            q["group_id"],
            q["pattern"],
            tuple(q["weeks"]),
            q["min_capacity"],
            tuple((room, weekday, time(s), time(e)) for room, weekday, s, e in q["choices"]),
        )
        for q in inputs["requests"]
    ]
    closed = {datetime.date.fromisoformat(d) for d in inputs["closed_days"]}
    board = _Board()
    for b in inputs["bookings"]:
        lo = timezone.localtime(datetime.datetime.fromisoformat(b["start"]))
        hi = timezone.localtime(datetime.datetime.fromisoformat(b["end"]))
        board.take_booking(b["room"], lo, hi)
    return rooms, requests, closed, board


def _fits_hours(room: _Room, weekday: int, start: datetime.time, end: datetime.time) -> bool:
    hours = room.hours.get(weekday)
    return hours is not None and hours[0] <= start and end <= hours[1]


def _try_choice(req: _Req, rank: int, rooms: list[_Room], board: _Board, fy: int, closed):
    """(room, dates, left-out dates) when the choice can be granted, else (None, [], blocking request or reason)."""
    room_id, weekday, start, end = req.choice(rank)
    by_id = {r.id: r for r in rooms}
    if room_id:
        candidates = [by_id[room_id]] if room_id in by_id else []
    else:
        candidates = [r for r in rooms if r.capacity >= req.min_capacity]
    candidates = [r for r in candidates if r.is_active and _fits_hours(r, weekday, start, end)]
    if not candidates:
        return None, [], "hours"
    dates = occurrence_dates(
        weekday=weekday, pattern=req.pattern, weeks=list(req.weeks), fy=fy, closed=closed
    )
    if not dates:
        return None, [], "no_dates"
    blocker = None
    for candidate in candidates:
        clashes = [board.clash(candidate.id, d, start, end) for d in dates]
        by_requests = [c for c in clashes if isinstance(c, _Req)]
        if by_requests:
            blocker = blocker or by_requests[0]
            continue
        # Days already taken by a booking made before the run (e.g. a maintenance block) are left out,
        # and the result says which, so the group is not surprised by a missing week.
        free = [d for d, c in zip(dates, clashes, strict=True) if c is None]
        if free:
            return candidate, free, [d for d in dates if d not in free]
    return None, [], blocker or "no_dates"


def _describe_blocker(blocker, numbers, *, second: bool = False) -> str:
    """Why a choice was not granted; `second` words it as the second choice, after the first's reason."""
    if isinstance(blocker, _Req):
        if second:
            return _(
                "第2希望も同じ部屋・時間を希望した団体と抽選になり、抽選順位%(n)s番の団体に決まりました。"
            ) % {"n": numbers[blocker.id]}
        return _("同じ部屋・時間を希望した団体と抽選になり、抽選順位%(n)s番の団体に決まりました。") % {
            "n": numbers[blocker.id]
        }
    if blocker == "hours":
        return (
            _("第2希望も曜日・時間はこの部屋の利用時間外です。")
            if second
            else _("希望の曜日・時間はこの部屋の利用時間外です。")
        )
    return (
        _("第2希望も日程に空きがありませんでした。") if second else _("希望の日程に空きがありませんでした。")
    )


def _compute(inputs: dict, seed: int) -> tuple[list[dict], list[dict]]:
    """The lottery over a recorded input: (one result per request in request order, the locker outcome)."""
    fy = inputs["window"]["fiscal_year"]
    cap = inputs["window"]["max_slots_per_group"]
    rooms, requests, closed, board = _parse(inputs)
    rng = random.Random(seed)
    order, numbers = lottery_order(requests, rng)
    numbers = {r.id: n for r, n in numbers.items()}
    granted = Counter()
    results: dict[int, dict] = {}
    lost_first_to: dict[int, _Req] = {}

    def result(req, outcome, reason="", room=None, dates=()):
        return {
            "request": req.id,
            "lottery_number": numbers[req.id],
            "outcome": outcome,
            "room": room,
            "dates": [d.isoformat() for d in dates],
            "reason": reason,
            "runner_up_rank": None,
        }

    for rank in (1, 2):
        for req in order:
            previous = results.get(req.id)
            if rank == 2 and (
                not req.has_second_choice()
                or previous is None
                or previous["outcome"] in (Outcome.FIRST, Outcome.SECOND, Outcome.CAP)
            ):
                continue
            if granted[req.group_id] >= cap:
                results[req.id] = result(
                    req,
                    Outcome.CAP,
                    _("1団体あたりの上限（%(n)s枠）に達したため、この申請は対象外です。") % {"n": cap},
                )
                continue
            room, dates, blocker = _try_choice(req, rank, rooms, board, fy, closed)
            if room:
                _room, _weekday, start, end = req.choice(rank)
                for d in dates:
                    board.take(room.id, d, start, end, req)
                granted[req.group_id] += 1
                reason = ""
                if rank == 2:
                    reason = _("第1希望：") + previous["reason"]
                if blocker:
                    # The reason column holds 300 characters: name ten days at most.
                    left_out = "、".join(f"{d.month}/{d.day}" for d in blocker[:10]) + (
                        _("ほか") if len(blocker) > 10 else ""
                    )
                    reason = (reason + " " if reason else "") + _(
                        "すでに予約のある%(n)s日（%(days)s）は除きました。"
                    ) % {"n": len(blocker), "days": left_out}
                results[req.id] = result(
                    req, Outcome.FIRST if rank == 1 else Outcome.SECOND, reason, room.id, dates
                )
            elif rank == 1 or previous is None:
                if isinstance(blocker, _Req):
                    lost_first_to[req.id] = blocker
                outcome = Outcome.LOTTERY if isinstance(blocker, _Req) else Outcome.UNAVAILABLE
                results[req.id] = result(req, outcome, _describe_blocker(blocker, numbers))
            else:
                previous["reason"] += " " + _describe_blocker(blocker, numbers, second=True)
    # 次点: those who lost a first choice to a winner, in lottery order, are next in line for it.
    queues = defaultdict(list)
    for req in order:
        if results[req.id]["outcome"] not in (Outcome.FIRST, Outcome.SECOND) and req.id in lost_first_to:
            queues[lost_first_to[req.id].id].append(results[req.id])
    for queue in queues.values():
        for i, entry in enumerate(queue, start=1):
            entry["runner_up_rank"] = i
    return [results[r.id] for r in requests], _allocate_lockers(inputs, rng)


def _allocate_lockers(inputs: dict, rng: random.Random) -> list[dict]:
    """Free lockers go to requesters in lottery order (size preference first); the rest form the waiting list.

    A group that already holds as many lockers at the site as the cap allows gets none and is not put on
    the waiting list.
    """
    held_lockers = {h["locker"] for h in inputs["lockers_held"]}
    holdings = Counter(h["group_id"] for h in inputs["lockers_held"])
    cap = inputs["locker_cap"]
    free = [lk for lk in inputs["lockers"] if lk["is_active"] and lk["id"] not in held_lockers]
    order = inputs["locker_requests"][:]
    rng.shuffle(order)
    outcome, waiting = [], 0
    for i, req in enumerate(order, start=1):
        entry = {
            "request": req["id"],
            "group_id": req["group_id"],
            "group": req["group"],
            "lottery_number": i,
        }
        if holdings[req["group_id"]] >= cap:
            outcome.append(entry | {"cap": cap})
            continue
        locker = next((lk for lk in free if req["size"] and lk["size"] == req["size"]), None) or (
            free[0] if free else None
        )
        if locker:
            free.remove(locker)
            holdings[req["group_id"]] += 1
            entry |= {"locker_id": locker["id"], "locker": locker["number"]}
        else:
            waiting += 1
            entry |= {"waitlist_position": waiting}
        outcome.append(entry)
    return outcome


# --- running, replaying, publishing --------------------------------------------------------------


def _locked_window(window: ApplicationWindow) -> ApplicationWindow:
    """The window row locked until the end of the transaction: runs, closes and applications take turns."""
    return (
        ApplicationWindow.objects.select_for_update(of=("self",), no_key=True)
        .select_related("site")
        .get(pk=window.pk)
    )


def allocation_run(*, window: ApplicationWindow, by, seed: int | None = None) -> AllocationRun:
    """Run the lottery for a closed window and record what it read, the seed and the outcome; nothing is booked."""
    with transaction.atomic():
        window = _locked_window(window)
        phase = window.phase(timezone.localdate())
        if phase == Phase.PUBLISHED:
            raise ValidationError(_("この受付の割当はすでに公開されています。"), code="published")
        if phase in (Phase.BEFORE, Phase.OPEN):
            raise ValidationError(
                _(
                    "受付期間中は割当を実行できません。受付終了日（%(date)s）の翌日から実行できます。"
                    "早く締め切るときは、理由を記録して受付を締め切ってください。"
                )
                % {"date": month_day(window.closes_on)},
                code="open",
            )
        if seed is None:
            seed = new_seed()
        inputs = _read_inputs(window)
        results, lockers = _compute(inputs, seed)
        run = AllocationRun.objects.create(
            window=window,
            seed=seed,
            run_by=by,
            inputs=inputs,
            inputs_digest=inputs_digest(inputs, seed),
            outcome=_summary(results, lockers),
        )
        AllocationResult.objects.bulk_create(
            AllocationResult(
                run=run,
                request_id=r["request"],
                lottery_number=r["lottery_number"],
                outcome=r["outcome"],
                room_id=r["room"],
                dates=[datetime.date.fromisoformat(d) for d in r["dates"]],
                reason=r["reason"],
                runner_up_rank=r["runner_up_rank"],
            )
            for r in results
        )
        audit.record(
            actor=by,
            action="allocation_run",
            target=run,
            changes={"seed": [None, seed], "inputs_digest": [None, run.inputs_digest]},
        )
    return run


def _summary(results: list[dict], lockers: list[dict]) -> dict:
    won = [r for r in results if r["outcome"] in (Outcome.FIRST, Outcome.SECOND)]
    return {
        "granted": len(won),
        "lost": len(results) - len(won),
        "uses": sum(len(r["dates"]) for r in won),
        "lockers": lockers,
    }


@dataclass
class Replay:
    """A run recomputed from its record: the results it gives and where they differ from what was stored."""

    run: AllocationRun
    results: list[dict]
    lockers: list[dict]
    differences: list[str]

    @property
    def matches(self) -> bool:
        return not self.differences


def stored_results(run: AllocationRun) -> list[dict]:
    """A run's saved results in the shape `_compute` returns, in request order."""
    return [
        {
            "request": r.request_id,
            "lottery_number": r.lottery_number,
            "outcome": r.outcome,
            "room": r.room_id,
            "dates": [d.isoformat() for d in r.dates],
            "reason": r.reason,
            "runner_up_rank": r.runner_up_rank,
        }
        for r in run.results.order_by("request_id")
    ]


def allocation_replay(*, run: AllocationRun) -> Replay:
    """Recompute a run from its recorded inputs and seed alone (no other table is read) and compare."""
    check_replayable(inputs=run.inputs, seed=run.seed, digest=run.inputs_digest, version=INPUTS_VERSION)
    results, lockers = _compute(run.inputs, run.seed)
    results.sort(key=lambda r: r["request"])
    stored = {r["request"]: r for r in stored_results(run)}
    differences = []
    for r in results:
        saved = stored.pop(r["request"], None)
        if saved != r:
            differences.append(
                _("申請%(id)s：記録 %(saved)s／再現 %(now)s") % {"id": r["request"], "saved": saved, "now": r}
            )
    differences += [_("申請%(id)s：記録にだけあります") % {"id": pk} for pk in stored]
    if run.outcome.get("lockers", []) != lockers:
        differences.append(_("ロッカーの割当が記録と一致しません。"))
    return Replay(run=run, results=results, lockers=lockers, differences=differences)


def allocation_publish(*, run: AllocationRun, by) -> AllocationRun:
    """Create every booking and locker assignment of a run in one transaction, then tell each group its result."""
    with transaction.atomic():
        window = _locked_window(run.window)
        run = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if window.runs.filter(published_at__isnull=False).exists():
            raise ValidationError(_("この受付の割当はすでに公開されています。"), code="published")
        if not window.is_closed_on(timezone.localdate()):
            raise ValidationError(_("受付期間中は割当を公開できません。"), code="open")
        current = set(window.requests.values_list("pk", flat=True))
        if current != {r["id"] for r in run.inputs["requests"]} or set(
            window.locker_requests.values_list("pk", flat=True)
        ) != {q["id"] for q in run.inputs["locker_requests"]}:
            raise ValidationError(
                _("割当の実行後に申請が変わりました。もう一度割当を実行してください。"), code="stale"
            )
        results = list(run.results.select_related("request__group", "room").order_by("lottery_number"))
        bookings = []
        for result in results:
            if not result.granted:
                continue
            _room, _weekday, start, end = result.request.choice(1 if result.outcome == Outcome.FIRST else 2)
            bookings += [
                RoomBooking(
                    room=result.room,
                    group=result.request.group,
                    kind=RoomBooking.Kind.ANNUAL,
                    during=DateTimeTZRange(aware(d, start), aware(d, end)),
                    purpose=result.request.purpose,
                    allocation_run=run,
                    created_by=by,
                )
                for d in result.dates
            ]
        try:
            with transaction.atomic():
                RoomBooking.objects.bulk_create(bookings, batch_size=500)
            # bulk_create sends no signal: the public week views and the plans' room numbers show the new bookings
            pagecache.bump("rooms", pagecache.RECORDS)
        except IntegrityError as exc:
            raise ValidationError(
                OVERLAP_MESSAGE + _("（割当の実行後に予約が入りました。もう一度割当を実行してください。）"),
                code="overlap",
            ) from exc
        _publish_lockers(run, window, by)
        run.published_at = timezone.now()
        run.published_by = by
        run.save(update_fields=["published_at", "published_by"])
        audit.record(
            actor=by, action="allocation_publish", target=run, changes={"bookings": [0, len(bookings)]}
        )
        _notify_groups(run, window, results)
    return run


def _publish_lockers(run, window, by) -> None:
    last = (
        LockerWaitlistEntry.objects.filter(site=window.site, fiscal_year=window.fiscal_year)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    )
    lockers = {lk.pk: lk for lk in Locker.objects.filter(site=window.site).select_related("site")}
    groups = VolunteerGroup.objects.in_bulk({e["group_id"] for e in run.outcome.get("lockers", [])})
    for entry in run.outcome.get("lockers", []):
        if "locker_id" in entry:
            try:
                # The window admits groups renewed only for the year before, so registration is not checked here.
                locker_services.take_locker(
                    locker=lockers[entry["locker_id"]],
                    group=groups[entry["group_id"]],
                    fiscal_year=window.fiscal_year,
                    by=by,
                    allocation_run=run,
                    check_registration=False,
                )
            except ValidationError as exc:
                raise ValidationError(
                    _(
                        "割当の実行後にロッカーの貸し出しが変わりました（%(why)s）。もう一度割当を実行してください。"
                    )
                    % {"why": " ".join(exc.messages)},
                    code="locker",
                ) from exc
        elif (
            "waitlist_position" in entry
            and not LockerWaitlistEntry.objects.waiting()
            .filter(site=window.site, fiscal_year=window.fiscal_year, group_id=entry["group_id"])
            .exists()
        ):
            last += 1
            LockerWaitlistEntry.objects.create(
                site=window.site,
                fiscal_year=window.fiscal_year,
                group_id=entry["group_id"],
                position=last,
            )


def _notify_groups(run, window, results) -> None:
    by_group = defaultdict(list)
    for result in results:
        by_group[result.request.group_id].append(result)
    lockers = {e["group_id"]: e for e in run.outcome.get("lockers", [])}
    groups = VolunteerGroup.objects.in_bulk(set(by_group) | set(lockers))
    for group_id, group in groups.items():
        lines = []
        for r in by_group.get(group_id, []):
            req = r.request
            if r.granted:
                rank = 1 if r.outcome == Outcome.FIRST else 2
                _room, weekday, start, end = req.choice(rank)
                lines.append(
                    ngettext(
                        "・%(outcome)s：%(room)s %(day)s曜 %(start)s〜%(end)s（%(n)s回）",
                        "・%(outcome)s：%(room)s %(day)s曜 %(start)s〜%(end)s（%(n)s回）",
                        len(r.dates),
                    )
                    % {
                        "outcome": r.get_outcome_display(),
                        "room": r.room.name,
                        "day": WEEKDAY_SHORT[weekday],
                        "start": f"{start:%H:%M}",
                        "end": f"{end:%H:%M}",
                        "n": len(r.dates),
                    }
                )
            else:
                runner = _("（次点%(n)s番）") % {"n": r.runner_up_rank} if r.runner_up_rank else ""
                lines.append(
                    _("・%(choice)s：%(outcome)s%(runner)s %(reason)s")
                    % {
                        "choice": req.describe(1),
                        "outcome": r.get_outcome_display(),
                        "runner": runner,
                        "reason": r.reason,
                    }
                )
        if group_id in lockers:
            e = lockers[group_id]
            if "locker_id" in e:
                lines.append(_("・ロッカー：%(n)s番に決まりました") % {"n": e["locker"]})
            elif "waitlist_position" in e:
                lines.append(_("・ロッカー：順番待ち%(n)s番です") % {"n": e["waitlist_position"]})
            else:
                lines.append(
                    _("・ロッカー：すでに上限（1団体%(n)s個）まで借りているため、対象外です")
                    % {"n": e["cap"]}
                )
        notify(
            group=group,
            subject=_("%(fy)s年度 %(site)s 年間一括申請の結果")
            % {"fy": window.fiscal_year, "site": window.site},
            body=_("%(group)s 様\n\n%(fy)s年度の年間一括申請（%(site)s）の結果をお知らせします。\n\n")
            % {"group": group.name, "fy": window.fiscal_year, "site": window.site}
            + "\n".join(lines)
            + _(
                "\n\n抽選の乱数番号：%(seed)s／入力の記録（SHA-256）：%(digest)s\n"
                "記録した申請・部屋・休所日・予約とこの乱数番号から、いつでも同じ結果を再現できます。"
            )
            % {"seed": run.seed, "digest": run.inputs_digest},
        )


# --- the window and the applications -------------------------------------------------------------


def window_create(
    *, site, fiscal_year: int, opens_on, closes_on, max_slots_per_group: int, max_requests_per_group: int, by
) -> ApplicationWindow:
    """Staff open the annual application window for a site and fiscal year."""
    window = ApplicationWindow(
        site=site,
        fiscal_year=fiscal_year,
        opens_on=opens_on,
        closes_on=closes_on,
        max_slots_per_group=max_slots_per_group,
        max_requests_per_group=max_requests_per_group,
        created_by=by,
    )
    window.full_clean()
    try:
        with transaction.atomic():
            window.save()
    except IntegrityError as exc:
        raise ValidationError(_("この拠点のこの年度の受付はすでにあります。"), code="duplicate") from exc
    audit.record(actor=by, action="application_window_create", target=window)
    return window


def window_close_early(*, window: ApplicationWindow, reason: str, by) -> ApplicationWindow:
    """Staff close an open window before its last day, with a reason, so the allocation can run; audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("受付を早く締め切る理由を入力してください。"), code="reason")
    with transaction.atomic():
        window = _locked_window(window)
        phase = window.phase(timezone.localdate())
        if phase == Phase.BEFORE:
            raise ValidationError(
                _("受付はまだ始まっていません。日程を変えるときは受付の設定を直してください。"), code="before"
            )
        if phase != Phase.OPEN:
            raise ValidationError(_("受付はすでに締め切られています。"), code="closed")
        window.closed_early_at = timezone.now()
        window.closed_early_by = by
        window.closed_early_reason = reason[:200]
        window.full_clean()
        window.save(update_fields=["closed_early_at", "closed_early_by", "closed_early_reason"])
        audit.record(
            actor=by,
            action="application_window_close_early",
            target=window,
            changes={
                "closed_early_at": [None, window.closed_early_at.isoformat()],
                "closed_early_reason": [None, window.closed_early_reason],
            },
        )
    return window


def _check_can_apply(window: ApplicationWindow, group: VolunteerGroup) -> None:
    """Applications, changes and withdrawals only while the window is open (call with the window locked)."""
    phase = window.phase(timezone.localdate())
    if phase == Phase.PUBLISHED:
        raise ValidationError(_("この受付の割当はすでに公開されています。"), code="published")
    if phase == Phase.BEFORE:
        raise ValidationError(
            _("受付は%(date)sから始まります。") % {"date": month_day(window.opens_on)}, code="closed"
        )
    if phase != Phase.OPEN:
        raise ValidationError(
            _("受付は締め切りました（受付期間：%(o)s〜%(c)s）。")
            % {"o": month_day(window.opens_on), "c": month_day(window.closes_on)},
            code="closed",
        )
    # During the window (in the year before) a group renewed for either year may apply.
    fy = window.fiscal_year
    if not GroupRegistration.objects.filter(
        group=group, fiscal_year__in=[fy - 1, fy], status=GroupRegistration.Status.APPROVED
    ).exists():
        raise ValidationError(_("団体登録が済んでいないため申請できません。"), code="not_registered")


def recurring_request_create(
    *, window: ApplicationWindow, group: VolunteerGroup, by, **choice
) -> RecurringRequest:
    """A group files one recurring request during the window."""
    with transaction.atomic():
        # The window lock orders applications against an early close or a run; it also keeps two
        # simultaneous submissions of one group from passing the per-group limit together.
        window = _locked_window(window)
        _check_can_apply(window, group)
        if window.requests.filter(group=group).count() >= window.max_requests_per_group:
            raise ValidationError(
                _("申請できるのは1団体%(n)s件までです。") % {"n": window.max_requests_per_group},
                code="too_many",
            )
        for prefix in ("", "second_"):
            room = choice.get(f"{prefix}room")
            if room is not None and room.site_id != window.site_id:
                raise ValidationError(_("この拠点の部屋を選んでください。"), code="site")
        request = RecurringRequest(window=window, group=group, created_by=by, **choice)
        request.full_clean()
        request.save()
        audit.record(
            actor=by,
            action="recurring_request_create",
            target=request,
            changes={"request": [None, request.describe(1)]},
        )
    return request


def recurring_request_withdraw(*, request: RecurringRequest, by) -> None:
    """A group withdraws a request while the window is open."""
    with transaction.atomic():
        window = _locked_window(request.window)
        _check_can_apply(window, request.group)
        audit.record(
            actor=by,
            action="recurring_request_withdraw",
            target=request,
            changes={"request": [request.describe(1), None]},
        )
        request.delete()


def locker_request_create(
    *, window: ApplicationWindow, group: VolunteerGroup, size: str, by
) -> LockerRequest:
    """A group asks for a locker during the window (once per window)."""
    with transaction.atomic():
        window = _locked_window(window)
        _check_can_apply(window, group)
        request = LockerRequest(window=window, group=group, size=size)
        request.full_clean()
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as exc:
            raise ValidationError(_("この団体はすでにロッカーを申請しています。"), code="duplicate") from exc
        audit.record(actor=by, action="locker_request_create", target=request, changes={"size": [None, size]})
    return request
