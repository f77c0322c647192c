"""The annual allocation: occurrences skip closed days, a seeded lottery, second choices cascade, caps hold,
publish books everything in one transaction and tells each group."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.core.dates import closed_days, current_fiscal_year, fiscal_year_end, fiscal_year_start
from config.core.models import AuditEntry, Closure
from programs.models import (
    AllocationResult,
    AllocationRun,
    ApplicationWindow,
    LockerAssignment,
    LockerWaitlistEntry,
    RecurringRequest,
    RoomBooking,
    RoomHours,
)
from programs.services import allocation as svc
from programs.services.rooms import room_booking_create_for_center
from tests.volunteers.factories import GroupRegistrationFactory, registered_group

from .factories import T, make_lockers, make_room, span

pytestmark = pytest.mark.django_db
FY = current_fiscal_year() + 1
TUESDAY = 1


@pytest.fixture
def window(tanashi):
    today = timezone.localdate()
    return ApplicationWindow.objects.create(
        site=tanashi,
        fiscal_year=FY,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        max_slots_per_group=1,
    )


def close(window):
    """The application period is over: its last day was yesterday."""
    today = timezone.localdate()
    ApplicationWindow.objects.filter(pk=window.pk).update(
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=1)
    )
    window.refresh_from_db()
    return window


def run_closed(window, **kw):
    return svc.allocation_run(window=close(window), **kw)


def ask(window, group, room, weekday=TUESDAY, start=None, end=None, second=None, **kw):
    data = {
        "room": room,
        "weekday": weekday,
        "start_time": start or T(10),
        "end_time": end or T(12),
        "pattern": "weekly",
        "weeks": [],
        "purpose": "定例会",
    } | kw
    if second:
        data |= dict(
            zip(
                ["second_room", "second_weekday", "second_start_time", "second_end_time"], second, strict=True
            )
        )
    return svc.recurring_request_create(window=window, group=group, by=None, **data)


def results(run):
    return {r.request.group.name: r for r in run.results.select_related("request__group", "room")}


def test_occurrences_skip_new_year_and_national_holidays(tanashi):
    fy = 2020
    closed = closed_days(tanashi, fiscal_year_start(fy), fiscal_year_end(fy))
    mondays = svc.occurrence_dates(weekday=0, pattern="weekly", weeks=[], fy=fy, closed=closed)
    assert datetime.date(2020, 9, 21) not in mondays  # 敬老の日
    assert datetime.date(2021, 1, 11) not in mondays  # 成人の日
    assert datetime.date(2020, 9, 14) in mondays
    fridays = svc.occurrence_dates(weekday=4, pattern="weekly", weeks=[], fy=fy, closed=closed)
    assert datetime.date(2021, 1, 1) not in fridays and datetime.date(2021, 1, 8) in fridays  # 年末年始
    assert all(d.weekday() == 4 and fiscal_year_start(fy) <= d <= fiscal_year_end(fy) for d in fridays)
    nth = svc.occurrence_dates(weekday=1, pattern="nth", weeks=[1, 3], fy=fy, closed=closed)
    assert nth[:3] == [datetime.date(2020, 4, 7), datetime.date(2020, 4, 21), datetime.date(2020, 5, 5 + 14)]
    assert all((d.day - 1) // 7 + 1 in (1, 3) for d in nth)


def test_a_clash_is_decided_by_lottery_and_the_loser_gets_its_second_choice(
    window, tanashi, group, other_group, staff
):
    big, small = make_room(tanashi), make_room(tanashi, name="和室", capacity=8)
    ask(window, group, big, second=(small, TUESDAY, T(10), T(12)))
    ask(window, other_group, big, second=(small, TUESDAY, T(10), T(12)))
    run = run_closed(window, by=staff, seed=1)
    r = results(run)
    outcomes = sorted(x.outcome for x in r.values())
    assert outcomes == ["first", "second"]
    winner = next(x for x in r.values() if x.outcome == "first")
    loser = next(x for x in r.values() if x.outcome == "second")
    assert winner.room == big and loser.room == small
    assert winner.lottery_number < loser.lottery_number
    assert "抽選" in loser.reason and len(winner.dates) == len(loser.dates) > 40
    assert RoomBooking.objects.count() == 0  # nothing is booked before publishing
    assert run.inputs["requests"][0]["first"].startswith("毎週 火曜 10:00〜12:00")


def test_the_same_inputs_and_seed_give_the_same_result(window, tanashi, staff):
    room = make_room(tanashi)
    for i in range(6):
        g = registered_group(name=f"抽選の会{i}")
        ask(window, g, room, start=T(10 + i % 2), end=T(12 + i % 2))
    first = run_closed(window, by=staff, seed=12345)
    second = run_closed(window, by=staff, seed=12345)

    def key(run):
        return [
            (r.request_id, r.lottery_number, r.outcome, r.room_id, r.runner_up_rank)
            for r in run.results.order_by("request_id")
        ]

    assert key(first) == key(second)
    assert first.seed == second.seed == 12345
    # 次点: the losers of the clash, in lottery order.
    losers = sorted((r for r in first.results.all() if not r.granted), key=lambda r: r.lottery_number)
    assert [r.runner_up_rank for r in losers] == list(range(1, len(losers) + 1))


def test_over_many_seeds_each_clashing_group_wins_about_equally_often(window, tanashi, staff):
    room = make_room(tanashi)
    groups = [registered_group(name=f"公平の会{i}") for i in range(3)]
    for g in groups:
        ask(window, g, room)
    wins = Counter()
    runs = 150
    for seed in range(runs):
        run = run_closed(window, by=staff, seed=seed)
        wins[run.results.get(outcome="first").request.group.name] += 1
    assert sum(wins.values()) == runs
    for g in groups:
        assert 30 <= wins[g.name] <= 70, (
            wins
        )  # expected 50 each; this band fails only with vanishing probability


def test_the_per_group_cap_holds(window, tanashi, group, staff):
    room = make_room(tanashi)
    ask(window, group, room, weekday=0)
    ask(window, group, room, weekday=2)
    run = run_closed(window, by=staff, seed=7)
    outcomes = Counter(r.outcome for r in run.results.all())
    assert outcomes == {"first": 1, "cap": 1}
    assert "上限（1枠）" in run.results.get(outcome="cap").reason


def test_a_group_may_not_file_more_than_the_window_allows(window, tanashi, group):
    window.max_requests_per_group = 1
    window.save()
    room = make_room(tanashi)
    ask(window, group, room)
    with pytest.raises(ValidationError) as exc:
        ask(window, group, room, weekday=3)
    assert "1件まで" in exc.value.messages[0]


def test_requests_are_refused_outside_the_window(window, tanashi, group):
    window.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    window.opens_on = window.closes_on - datetime.timedelta(days=10)
    window.save()
    with pytest.raises(ValidationError) as exc:
        ask(window, group, make_room(tanashi))
    assert exc.value.error_list[0].code == "closed"


def test_any_room_of_a_size_takes_the_smallest_free_room_that_fits(
    window, tanashi, group, other_group, staff
):
    make_room(tanashi, name="小部屋", capacity=6)
    mid = make_room(tanashi, name="中部屋", capacity=12)
    big = make_room(tanashi, name="大部屋", capacity=30)
    ask(window, group, None, min_capacity=10)
    ask(window, other_group, None, min_capacity=10)
    run = run_closed(window, by=staff, seed=3)
    assert sorted(r.room.name for r in run.results.all()) == sorted([mid.name, big.name])


def test_existing_blocks_are_left_out_of_a_granted_series(window, tanashi, group, staff):
    room = make_room(tanashi)
    ask(window, group, room)
    first_tuesday = fiscal_year_start(FY) + datetime.timedelta(
        days=(TUESDAY - fiscal_year_start(FY).weekday()) % 7
    )
    room_booking_create_for_center(
        room=room,
        kind="block",
        start=span(first_tuesday, T(9), T(17))[0],
        end=span(first_tuesday, T(9), T(17))[1],
        purpose="点検",
        by=staff,
    )
    run = run_closed(window, by=staff, seed=1)
    result = run.results.get()
    assert result.granted and first_tuesday not in result.dates
    assert f"すでに予約のある1日（{first_tuesday.month}/{first_tuesday.day}）は除きました。" in result.reason
    svc.allocation_publish(run=run, by=staff)  # the block and the series coexist under the constraint


def test_publishing_books_every_occurrence_at_once_and_emails_each_group(
    window, tanashi, group, other_group, staff, django_capture_on_commit_callbacks
):
    room, other = make_room(tanashi), make_room(tanashi, name="和室")
    ask(window, group, room)
    ask(window, other_group, room, second=(other, 3, T(13), T(15)))
    lockers = make_lockers(tanashi, 1)
    for g in (group, other_group):
        svc.locker_request_create(window=window, group=g, size="", by=None)
    run = run_closed(window, by=staff, seed=99)
    granted = list(run.results.filter(outcome__in=["first", "second"]))
    with django_capture_on_commit_callbacks(execute=True):
        svc.allocation_publish(run=run, by=staff)
    run.refresh_from_db()
    assert run.published_at and run.published_by == staff
    assert RoomBooking.objects.filter(kind="annual", allocation_run=run).count() == sum(
        len(r.dates) for r in granted
    )
    assert LockerAssignment.objects.filter(locker=lockers[0], fiscal_year=FY).count() == 1
    assert LockerWaitlistEntry.objects.waiting().filter(fiscal_year=FY).count() == 1
    subjects = [m.subject for m in mail.outbox]
    assert sum("年間一括申請の結果" in s for s in subjects) == 2
    assert all(str(run.seed) in m.body for m in mail.outbox)
    with pytest.raises(ValidationError) as exc:
        svc.allocation_publish(run=run, by=staff)
    assert exc.value.error_list[0].code == "published"
    with pytest.raises(ValidationError):
        run_closed(window, by=staff)


def test_a_booking_made_after_the_run_stops_the_publication_and_nothing_is_saved(
    window, tanashi, group, staff
):
    room = make_room(tanashi)
    ask(window, group, room)
    run = run_closed(window, by=staff, seed=5)
    day = run.results.get().dates[10]
    start, end = span(day, T(11), T(13))
    room_booking_create_for_center(room=room, kind="center", start=start, end=end, purpose="講座", by=staff)
    with pytest.raises(ValidationError) as exc:
        svc.allocation_publish(run=run, by=staff)
    assert exc.value.error_list[0].code == "overlap"
    assert RoomBooking.objects.filter(kind="annual").count() == 0
    run.refresh_from_db()
    assert run.published_at is None


def test_no_request_is_taken_after_the_run_and_one_slipped_in_makes_it_stale(
    window, tanashi, group, other_group, staff
):
    room = make_room(tanashi)
    ask(window, group, room)
    run = run_closed(window, by=staff, seed=5)
    with pytest.raises(ValidationError) as exc:
        ask(window, other_group, room, weekday=4)
    assert exc.value.error_list[0].code == "closed"
    # A row written behind the service's back (a script, the shell) still stops the publication.
    RecurringRequest.objects.create(
        window=window, group=other_group, weekday=4, start_time=T(10), end_time=T(12), purpose="定例会"
    )
    with pytest.raises(ValidationError) as exc:
        svc.allocation_publish(run=run, by=staff)
    assert exc.value.error_list[0].code == "stale"


def test_groups_registered_only_last_year_may_apply_but_others_may_not(window, tanashi):
    from tests.volunteers.factories import VolunteerGroupFactory

    renewing = VolunteerGroupFactory(name="更新前の会")
    GroupRegistrationFactory(group=renewing, fiscal_year=FY - 1)
    assert ask(window, renewing, make_room(tanashi))
    with pytest.raises(ValidationError) as exc:
        ask(window, VolunteerGroupFactory(name="未登録の会"), None)
    assert exc.value.error_list[0].code == "not_registered"


def test_the_run_records_who_when_inputs_seed_and_outcome(window, tanashi, group, staff):
    ask(window, group, make_room(tanashi))
    run = run_closed(window, by=staff)
    assert run.run_by == staff and run.run_at and run.seed is not None
    assert run.inputs["window"]["max_slots_per_group"] == 1 and len(run.inputs["requests"]) == 1
    assert run.outcome["granted"] == 1 and run.outcome["uses"] == len(run.results.get().dates)
    assert AllocationResult.objects.filter(run=run).count() == 1


# --- the window's phases ---------------------------------------------------------------------------

Phase = ApplicationWindow.Phase


def test_the_allocation_cannot_run_while_the_window_is_open_or_before_it_opens(window, tanashi, group, staff):
    ask(window, group, make_room(tanashi))
    assert window.phase(timezone.localdate()) == Phase.OPEN
    with pytest.raises(ValidationError) as exc:
        svc.allocation_run(window=window, by=staff, seed=1)
    assert (
        exc.value.error_list[0].code == "open" and "受付期間中は割当を実行できません" in exc.value.messages[0]
    )
    later = ApplicationWindow.objects.create(
        site=tanashi,
        fiscal_year=FY + 1,
        opens_on=timezone.localdate() + datetime.timedelta(days=3),
        closes_on=timezone.localdate() + datetime.timedelta(days=9),
    )
    assert later.phase(timezone.localdate()) == Phase.BEFORE
    with pytest.raises(ValidationError):
        svc.allocation_run(window=later, by=staff)
    assert AllocationRun.objects.count() == 0
    # The last day is still a day to apply; the run may start the day after.
    assert not window.is_closed_on(window.closes_on) and window.is_closed_on(
        window.closes_on + datetime.timedelta(days=1)
    )


def test_staff_may_close_early_with_a_reason_that_is_audited_and_then_run(
    window, tanashi, group, other_group, staff
):
    room = make_room(tanashi)
    ask(window, group, room)
    with pytest.raises(ValidationError) as exc:
        svc.window_close_early(window=window, reason="  ", by=staff)
    assert exc.value.error_list[0].code == "reason"
    svc.window_close_early(window=window, reason="館内工事のため割当を早めます", by=staff)
    window.refresh_from_db()
    assert window.closed_early_by == staff and window.closed_early_at
    assert window.phase(timezone.localdate()) == Phase.CLOSED
    entry = AuditEntry.objects.get(action="application_window_close_early")
    assert entry.actor == staff and entry.changes["closed_early_reason"] == [
        None,
        "館内工事のため割当を早めます",
    ]
    # Once closed, nothing more comes in, nothing is withdrawn, and it cannot be closed twice.
    with pytest.raises(ValidationError) as exc:
        ask(window, other_group, room, weekday=3)
    assert exc.value.error_list[0].code == "closed"
    with pytest.raises(ValidationError):
        svc.recurring_request_withdraw(request=window.requests.get(), by=None)
    with pytest.raises(ValidationError) as exc:
        svc.window_close_early(window=window, reason="もう一度", by=staff)
    assert exc.value.error_list[0].code == "closed"
    run = svc.allocation_run(window=window, by=staff, seed=1)
    assert run.results.get().granted


def test_a_window_that_has_not_opened_cannot_be_closed_early(tanashi, staff):
    later = ApplicationWindow.objects.create(
        site=tanashi,
        fiscal_year=FY,
        opens_on=timezone.localdate() + datetime.timedelta(days=3),
        closes_on=timezone.localdate() + datetime.timedelta(days=9),
    )
    with pytest.raises(ValidationError) as exc:
        svc.window_close_early(window=later, reason="理由", by=staff)
    assert exc.value.error_list[0].code == "before"


def test_the_phases_run_open_closed_review_published_and_applications_stop_after_the_run(
    window, tanashi, group, other_group, staff
):
    room = make_room(tanashi)
    request = ask(window, group, room)
    svc.locker_request_create(window=window, group=group, size="", by=None)
    run = run_closed(window, by=staff, seed=1)
    assert window.phase(timezone.localdate()) == Phase.REVIEW
    # Even if someone moves the last day back into the future, a window that has been run stays shut.
    ApplicationWindow.objects.filter(pk=window.pk).update(
        closes_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    window.refresh_from_db()
    assert window.phase(timezone.localdate()) == Phase.REVIEW
    for attempt in (
        lambda: ask(window, other_group, room, weekday=2),
        lambda: svc.recurring_request_withdraw(request=request, by=None),
        lambda: svc.locker_request_create(window=window, group=other_group, size="", by=None),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert exc.value.error_list[0].code == "closed"
    with pytest.raises(ValidationError) as exc:
        svc.allocation_publish(run=run, by=staff)
    assert exc.value.error_list[0].code == "open"
    close(window)
    svc.allocation_publish(run=run, by=staff)
    assert window.phase(timezone.localdate()) == Phase.PUBLISHED
    with pytest.raises(ValidationError) as exc:
        svc.recurring_request_withdraw(request=request, by=None)
    assert exc.value.error_list[0].code == "published"
    assert RecurringRequest.objects.filter(pk=request.pk).exists()
    assert list(ApplicationWindow.objects.accepting(timezone.localdate())) == []


# --- replaying a recorded run ----------------------------------------------------------------------


def _world(window, tanashi, staff):
    """Two rooms with hours, a clash, a block already booked, a locker: a run with something to remember."""
    big, small = make_room(tanashi), make_room(tanashi, name="和室", capacity=8)
    groups = [registered_group(name=f"再現の会{i}") for i in range(4)]
    for i, g in enumerate(groups):
        ask(
            window,
            g,
            big,
            weekday=TUESDAY,
            start=T(10 + i % 2),
            end=T(12 + i % 2),
            second=(small, 3, T(13), T(15)) if i % 2 else None,
        )
        svc.locker_request_create(window=window, group=g, size="", by=None)
    make_lockers(tanashi, 2)
    first_tuesday = fiscal_year_start(FY) + datetime.timedelta(
        days=(TUESDAY - fiscal_year_start(FY).weekday()) % 7
    )
    start, end = span(first_tuesday + datetime.timedelta(days=7), T(9), T(17))
    room_booking_create_for_center(room=big, kind="block", start=start, end=end, purpose="点検", by=staff)
    return big, small


def test_replaying_a_recorded_run_reproduces_it_after_bookings_closures_and_hours_changed(
    window, tanashi, staff
):
    big, small = _world(window, tanashi, staff)
    run = run_closed(window, by=staff, seed=4242)
    recorded = svc.stored_results(run)
    assert run.inputs["bookings"] and run.inputs["closed_days"] and run.inputs["rooms"][0]["hours"]
    assert len(run.inputs_digest) == 64

    # The world moves on: the block is cancelled, a new one appears, a closure is added, the small room's
    # Thursday hours shrink so the second choices no longer fit, and a locker is lent by hand.
    RoomBooking.objects.filter(kind="block").update(cancelled_at=timezone.now(), cancel_reason="取りやめ")
    some_tuesday = datetime.date.fromisoformat(
        recorded[0]["dates"][5] if recorded[0]["dates"] else f"{FY}-06-01"
    )
    start, end = span(some_tuesday + datetime.timedelta(days=14), T(9), T(21))
    room_booking_create_for_center(room=big, kind="block", start=start, end=end, purpose="改修", by=staff)
    Closure.objects.create(
        site=tanashi,
        start_date=fiscal_year_start(FY) + datetime.timedelta(days=60),
        end_date=fiscal_year_start(FY) + datetime.timedelta(days=80),
        reason="設備更新",
    )
    RoomHours.objects.filter(room=small, weekday=3).update(opens=T(14))
    from programs.services.lockers import locker_assign

    locker_assign(
        locker=tanashi.lockers.first(),
        group=registered_group(name="窓口で借りた会", fiscal_year=FY),
        fiscal_year=FY,
        by=staff,
    )

    run.refresh_from_db()  # the record as stored, through PostgreSQL's jsonb
    replay = svc.allocation_replay(run=run)
    assert replay.matches, replay.differences
    assert replay.results == recorded
    assert replay.lockers == run.outcome["lockers"]
    # A fresh run with the same seed reads today's world and comes out differently: the record was needed.
    fresh = svc._compute(svc._read_inputs(window), run.seed)
    assert fresh[0] != recorded or fresh[1] != run.outcome["lockers"]


def test_the_digest_detects_a_tampered_record(window, tanashi, staff):
    _world(window, tanashi, staff)
    run = run_closed(window, by=staff, seed=7)
    assert svc.allocation_replay(run=run).matches
    inputs = run.inputs
    inputs["bookings"] = []  # pretend the block never existed
    AllocationRun.objects.filter(pk=run.pk).update(inputs=inputs)
    run.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        svc.allocation_replay(run=run)
    assert exc.value.error_list[0].code == "tampered"
    # Changing the seed is caught the same way.
    run = run_closed(window, by=staff, seed=7)
    AllocationRun.objects.filter(pk=run.pk).update(seed=8)
    run.refresh_from_db()
    with pytest.raises(ValidationError):
        svc.allocation_replay(run=run)


def test_a_result_changed_after_the_run_shows_up_as_a_difference(window, tanashi, staff):
    _world(window, tanashi, staff)
    run = run_closed(window, by=staff, seed=7)
    loser = run.results.exclude(outcome__in=["first", "second"]).first()
    AllocationResult.objects.filter(pk=loser.pk).update(
        outcome="first", room=run.results.filter(outcome="first").first().room
    )
    replay = svc.allocation_replay(run=run)
    assert not replay.matches and f"申請{loser.request_id}" in replay.differences[0]


def test_a_run_recorded_before_replays_existed_says_so(window, tanashi, group, staff):
    ask(window, group, make_room(tanashi))
    run = run_closed(window, by=staff, seed=1)
    AllocationRun.objects.filter(pk=run.pk).update(
        inputs={"requests": run.inputs["requests"]}, inputs_digest=""
    )
    run.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        svc.allocation_replay(run=run)
    assert exc.value.error_list[0].code == "not_replayable"


def test_lockers_in_the_allocation_respect_the_cap(window, tanashi, group, other_group, staff):
    from programs.services.lockers import locker_assign

    held, _free = make_lockers(tanashi, 2)
    locker_assign(locker=held, group=group, fiscal_year=FY, by=staff)
    for g in (group, other_group):
        svc.locker_request_create(window=window, group=g, size="", by=None)
    run = run_closed(window, by=staff, seed=3)
    by_group = {e["group_id"]: e for e in run.outcome["lockers"]}
    assert by_group[group.pk]["cap"] == 1 and "locker_id" not in by_group[group.pk]
    assert by_group[other_group.pk]["locker_id"] == _free.pk
    svc.allocation_publish(run=run, by=staff)
    assert LockerAssignment.objects.held().filter(group=group, fiscal_year=FY).count() == 1
