"""The annual allocation (年間割当): a seeded lottery over recurring requests and locker requests.

Same window, same requests, same seed → the same result, so anyone can re-run a published allocation
and check it. First choices are settled before any second choice, so a second choice never displaces
another group's first choice; per-group caps hold throughout.
"""

import datetime
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from config.core import audit
from config.core.dates import closed_days, fiscal_year_end, fiscal_year_start
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
    LockerWaitlistEntry,
    Pattern,
    RecurringRequest,
    Room,
    RoomBooking,
)
from .rooms import aware

Outcome = AllocationResult.Outcome


def occurrence_dates(*, weekday: int, pattern: str, weeks: list[int], fy: int, closed: dict) -> list[datetime.date]:
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


@dataclass
class _Board:
    """What is already taken in the fiscal year: room id → date → [(start, end)]."""

    taken: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    owner: dict = field(default_factory=dict)  # (room id, date, start, end) → request that took it

    def clash(self, room_id, day, start, end):
        for s, e, who in self.taken[room_id][day]:
            if s < end and start < e:
                return who or "existing"
        return None

    def take(self, room_id, day, start, end, who):
        self.taken[room_id][day].append((start, end, who))


def _fits_hours(room: Room, weekday: int, start: datetime.time, end: datetime.time) -> bool:
    hours = room.hours_on(weekday)
    return hours is not None and hours.opens <= start and end <= hours.closes


def _try_choice(req: RecurringRequest, rank: int, rooms: list[Room], board: _Board, fy: int, closed: dict):
    """(room, dates, left-out dates) when the choice can be granted, else (None, [], blocking request or reason)."""
    room, weekday, start, end = req.choice(rank)
    candidates = [room] if room else [r for r in rooms if r.capacity >= req.min_capacity]
    candidates = [r for r in candidates if r.is_active and _fits_hours(r, weekday, start, end)]
    if not candidates:
        return None, [], "hours"
    dates = occurrence_dates(weekday=weekday, pattern=req.pattern, weeks=req.weeks, fy=fy, closed=closed)
    if not dates:
        return None, [], "no_dates"
    blocker = None
    for candidate in candidates:
        clashes = [board.clash(candidate.pk, d, start, end) for d in dates]
        by_requests = [c for c in clashes if isinstance(c, RecurringRequest)]
        if by_requests:
            blocker = blocker or by_requests[0]
            continue
        # Days already taken by a booking made before the run (e.g. a maintenance block) are left out,
        # and the result says which, so the group is not surprised by a missing week.
        free = [d for d, c in zip(dates, clashes, strict=True) if c is None]
        if free:
            return candidate, free, [d for d in dates if d not in free]
    return None, [], blocker or "no_dates"


def _describe_blocker(blocker, numbers) -> str:
    if isinstance(blocker, RecurringRequest):
        return f"同じ部屋・時間を希望した団体と抽選になり、抽選順位{numbers[blocker.pk]}番の団体に決まりました。"
    if blocker == "hours":
        return "希望の曜日・時間はこの部屋の利用時間外です。"
    return "希望の日程に空きがありませんでした。"


def _snapshot(window, requests, locker_requests, rooms) -> dict:
    return {
        "window": {"site": window.site.slug, "fiscal_year": window.fiscal_year,
                   "max_slots_per_group": window.max_slots_per_group},
        "rooms": [{"id": r.pk, "name": r.name, "capacity": r.capacity} for r in rooms],
        "requests": [
            {"id": r.pk, "group_id": r.group_id, "group": r.group.name, "first": r.describe(1),
             "second": r.describe(2) if r.has_second_choice() else ""}
            for r in requests
        ],
        "locker_requests": [{"id": q.pk, "group_id": q.group_id, "group": q.group.name, "size": q.size}
                            for q in locker_requests],
    }


@transaction.atomic
def allocation_run(*, window: ApplicationWindow, by, seed: int | None = None) -> AllocationRun:
    """Run the lottery for a window and record inputs, seed and outcome; nothing is booked until publish."""
    if window.runs.filter(published_at__isnull=False).exists():
        raise ValidationError("この受付の割当はすでに公開されています。", code="published")
    if seed is None:
        seed = secrets.randbits(32)
    fy = window.fiscal_year
    rooms = list(Room.objects.filter(site=window.site).prefetch_related("hours").order_by("capacity", "sort_order", "pk"))
    requests = list(window.requests.select_related("group", "room", "second_room").order_by("pk"))
    locker_requests = list(window.locker_requests.select_related("group").order_by("pk"))
    closed = closed_days(window.site, fiscal_year_start(fy), fiscal_year_end(fy))

    board = _Board()
    existing = RoomBooking.objects.active().filter(
        room__site=window.site, during__overlap=(aware(fiscal_year_start(fy), datetime.time(0)),
                                                 aware(fiscal_year_end(fy) + datetime.timedelta(days=1), datetime.time(0)))
    ).values_list("room_id", "during")
    for room_id, during in existing:
        lo, hi = timezone.localtime(during.lower), timezone.localtime(during.upper)
        board.take(room_id, lo.date(), lo.time(), hi.time() if hi.date() == lo.date() else datetime.time.max, None)

    rng = random.Random(seed)
    order = requests[:]
    rng.shuffle(order)
    numbers = {r.pk: i + 1 for i, r in enumerate(order)}
    granted = Counter()
    results: dict[int, AllocationResult] = {}
    lost_first_to: dict[int, RecurringRequest] = {}
    run = AllocationRun.objects.create(window=window, seed=seed, run_by=by,
                                       inputs=_snapshot(window, requests, locker_requests, rooms))
    for rank in (1, 2):
        for req in order:
            previous = results.get(req.pk)
            if rank == 2 and (not req.has_second_choice() or previous is None or previous.granted
                              or previous.outcome == Outcome.CAP):
                continue
            if granted[req.group_id] >= window.max_slots_per_group:
                results[req.pk] = AllocationResult(
                    run=run, request=req, lottery_number=numbers[req.pk], outcome=Outcome.CAP,
                    reason=f"1団体あたりの上限（{window.max_slots_per_group}枠）に達したため、この申請は対象外です。",
                )
                continue
            room, dates, blocker = _try_choice(req, rank, rooms, board, fy, closed)
            if room:
                _weekday, start, end = req.choice(rank)[1:]
                for d in dates:
                    board.take(room.pk, d, start, end, req)
                granted[req.group_id] += 1
                reason = ""
                if rank == 2:
                    reason = "第1希望：" + previous.reason
                if blocker:
                    # The reason column holds 300 characters: name ten days at most.
                    left_out = "、".join(f"{d.month}/{d.day}" for d in blocker[:10]) + ("ほか" if len(blocker) > 10 else "")
                    reason = (reason + " " if reason else "") + f"すでに予約のある{len(blocker)}日（{left_out}）は除きました。"
                results[req.pk] = AllocationResult(
                    run=run, request=req, lottery_number=numbers[req.pk], room=room, dates=dates,
                    outcome=Outcome.FIRST if rank == 1 else Outcome.SECOND, reason=reason,
                )
            elif rank == 1 or previous is None:
                if isinstance(blocker, RecurringRequest):
                    lost_first_to[req.pk] = blocker
                results[req.pk] = AllocationResult(
                    run=run, request=req, lottery_number=numbers[req.pk],
                    outcome=Outcome.LOTTERY if isinstance(blocker, RecurringRequest) else Outcome.UNAVAILABLE,
                    reason=_describe_blocker(blocker, numbers),
                )
            else:
                previous.reason += " 第2希望も" + _describe_blocker(blocker, numbers).replace("希望の", "")
    # 次点: those who lost a first choice to a winner, in lottery order, are next in line for it.
    queues = defaultdict(list)
    for req in order:
        result = results[req.pk]
        if not result.granted and req.pk in lost_first_to:
            queues[lost_first_to[req.pk].pk].append(result)
    for queue in queues.values():
        for i, result in enumerate(queue, start=1):
            result.runner_up_rank = i
    AllocationResult.objects.bulk_create(results[r.pk] for r in requests)

    lockers_outcome = _allocate_lockers(window, locker_requests, rng)
    run.outcome = {
        "granted": sum(1 for r in results.values() if r.granted),
        "lost": sum(1 for r in results.values() if not r.granted),
        "uses": sum(len(r.dates) for r in results.values() if r.granted),
        "lockers": lockers_outcome,
    }
    run.save(update_fields=["outcome"])
    audit.record(actor=by, action="allocation_run", target=run, changes={"seed": [None, seed]})
    return run


def _allocate_lockers(window, locker_requests, rng) -> list[dict]:
    """Free lockers go to requesters in lottery order (size preference first); the rest form the waiting list."""
    held = LockerAssignment.objects.held().filter(fiscal_year=window.fiscal_year).values_list("locker_id", flat=True)
    free = list(Locker.objects.filter(site=window.site, is_active=True).exclude(pk__in=held).order_by("number"))
    order = locker_requests[:]
    rng.shuffle(order)
    outcome, waiting = [], 0
    for i, req in enumerate(order, start=1):
        locker = next((lk for lk in free if req.size and lk.size == req.size), None) or (free[0] if free else None)
        entry = {"request": req.pk, "group_id": req.group_id, "group": req.group.name, "lottery_number": i}
        if locker:
            free.remove(locker)
            entry |= {"locker_id": locker.pk, "locker": locker.number}
        else:
            waiting += 1
            entry |= {"waitlist_position": waiting}
        outcome.append(entry)
    return outcome


def allocation_publish(*, run: AllocationRun, by) -> AllocationRun:
    """Create every booking and locker assignment of a run in one transaction, then tell each group its result."""
    with transaction.atomic():
        window = ApplicationWindow.objects.select_for_update().select_related("site").get(pk=run.window_id)
        run = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if window.runs.filter(published_at__isnull=False).exists():
            raise ValidationError("この受付の割当はすでに公開されています。", code="published")
        current = set(window.requests.values_list("pk", flat=True))
        if current != {r["id"] for r in run.inputs["requests"]} or set(
            window.locker_requests.values_list("pk", flat=True)
        ) != {q["id"] for q in run.inputs["locker_requests"]}:
            raise ValidationError("割当の実行後に申請が変わりました。もう一度割当を実行してください。", code="stale")
        results = list(run.results.select_related("request__group", "room").order_by("lottery_number"))
        bookings = []
        for result in results:
            if not result.granted:
                continue
            _room, _weekday, start, end = result.request.choice(1 if result.outcome == Outcome.FIRST else 2)
            bookings += [
                RoomBooking(room=result.room, group=result.request.group, kind=RoomBooking.Kind.ANNUAL,
                            during=DateTimeTZRange(aware(d, start), aware(d, end)), purpose=result.request.purpose,
                            allocation_run=run, created_by=by)
                for d in result.dates
            ]
        try:
            with transaction.atomic():
                RoomBooking.objects.bulk_create(bookings, batch_size=500)
        except IntegrityError as exc:
            raise ValidationError(
                OVERLAP_MESSAGE + "（割当の実行後に予約が入りました。もう一度割当を実行してください。）", code="overlap"
            ) from exc
        _publish_lockers(run, window, by)
        run.published_at = timezone.now()
        run.published_by = by
        run.save(update_fields=["published_at", "published_by"])
        audit.record(actor=by, action="allocation_publish", target=run, changes={"bookings": [0, len(bookings)]})
        _notify_groups(run, window, results)
    return run


def _publish_lockers(run, window, by) -> None:
    last = (
        LockerWaitlistEntry.objects.filter(site=window.site, fiscal_year=window.fiscal_year)
        .order_by("-position").values_list("position", flat=True).first() or 0
    )
    for entry in run.outcome.get("lockers", []):
        if "locker_id" in entry:
            try:
                with transaction.atomic():
                    LockerAssignment.objects.create(
                        locker_id=entry["locker_id"], group_id=entry["group_id"], fiscal_year=window.fiscal_year,
                        allocation_run=run, assigned_by=by,
                    )
            except IntegrityError as exc:
                raise ValidationError(
                    "割当の実行後にロッカーが貸し出されました。もう一度割当を実行してください。", code="locker"
                ) from exc
        else:
            last += 1
            LockerWaitlistEntry.objects.create(
                site=window.site, fiscal_year=window.fiscal_year, group_id=entry["group_id"], position=last,
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
                lines.append(f"・{r.get_outcome_display()}：{r.room.name} {WEEKDAY_SHORT[weekday]}曜 "
                             f"{start:%H:%M}〜{end:%H:%M}（{len(r.dates)}回）")
            else:
                runner = f"（次点{r.runner_up_rank}番）" if r.runner_up_rank else ""
                lines.append(f"・{req.describe(1)}：{r.get_outcome_display()}{runner} {r.reason}")
        if group_id in lockers:
            e = lockers[group_id]
            lines.append(f"・ロッカー：{e['locker']}番に決まりました" if "locker_id" in e
                         else f"・ロッカー：順番待ち{e['waitlist_position']}番です")
        notify(
            group=group,
            subject=f"{window.fiscal_year}年度 {window.site} 年間一括申請の結果",
            body=(f"{group.name} 様\n\n{window.fiscal_year}年度の年間一括申請（{window.site}）の結果をお知らせします。\n\n"
                  + "\n".join(lines) + f"\n\n抽選の乱数番号：{run.seed}（同じ申請と同じ乱数番号で、いつでも同じ結果になります）。"),
        )


def window_create(*, site, fiscal_year: int, opens_on, closes_on, max_slots_per_group: int,
                  max_requests_per_group: int, by) -> ApplicationWindow:
    """Staff open the annual application window for a site and fiscal year."""
    window = ApplicationWindow(site=site, fiscal_year=fiscal_year, opens_on=opens_on, closes_on=closes_on,
                               max_slots_per_group=max_slots_per_group, max_requests_per_group=max_requests_per_group,
                               created_by=by)
    window.full_clean()
    try:
        with transaction.atomic():
            window.save()
    except IntegrityError as exc:
        raise ValidationError("この拠点のこの年度の受付はすでにあります。", code="duplicate") from exc
    return window


def _check_can_apply(window: ApplicationWindow, group: VolunteerGroup) -> None:
    today = timezone.localdate()
    if not window.is_open_on(today):
        raise ValidationError(
            f"受付期間（{window.opens_on:%-m月%-d日}〜{window.closes_on:%-m月%-d日}）ではありません。", code="closed"
        )
    if window.runs.filter(published_at__isnull=False).exists():
        raise ValidationError("この受付の割当はすでに公開されています。", code="published")
    # During the window (in the year before) a group renewed for either year may apply.
    fy = window.fiscal_year
    if not GroupRegistration.objects.filter(
        group=group, fiscal_year__in=[fy - 1, fy], status=GroupRegistration.Status.APPROVED
    ).exists():
        raise ValidationError("団体登録が済んでいないため申請できません。", code="not_registered")


def recurring_request_create(*, window: ApplicationWindow, group: VolunteerGroup, by, **choice) -> RecurringRequest:
    """A group files one recurring request during the window."""
    with transaction.atomic():
        # Lock the group so simultaneous submissions cannot pass the per-group limit together.
        VolunteerGroup.objects.select_for_update().get(pk=group.pk)
        _check_can_apply(window, group)
        if window.requests.filter(group=group).count() >= window.max_requests_per_group:
            raise ValidationError(f"申請できるのは1団体{window.max_requests_per_group}件までです。", code="too_many")
        for prefix in ("", "second_"):
            room = choice.get(f"{prefix}room")
            if room is not None and room.site_id != window.site_id:
                raise ValidationError("この拠点の部屋を選んでください。", code="site")
        request = RecurringRequest(window=window, group=group, created_by=by, **choice)
        request.full_clean()
        request.save()
    return request


def recurring_request_withdraw(*, request: RecurringRequest, by) -> None:
    """A group withdraws a request while the window is open."""
    _check_can_apply(request.window, request.group)
    request.delete()


def locker_request_create(*, window: ApplicationWindow, group: VolunteerGroup, size: str, by) -> LockerRequest:
    _check_can_apply(window, group)
    request = LockerRequest(window=window, group=group, size=size)
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ValidationError("この団体はすでにロッカーを申請しています。", code="duplicate") from exc
    return request
