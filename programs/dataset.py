"""Ten years of rooms, equipment and events, in bulk (see config/core/dataset.py): room bookings of both sites, equipment
loans, courses and events with sessions, sign-ups and attendance."""

import datetime

from django.db.models import Max, Min
from django.utils import timezone
from psycopg.types.range import Range

from config.core import roles
from config.core.dataset import Dataset, bulk, set_created
from config.core.dates import closed_days, fiscal_year
from config.core.models import Site

from .models import (
    EquipmentLoan,
    EquipmentUnit,
    Event,
    EventAttendance,
    EventSession,
    EventSignup,
    EventType,
    Room,
    RoomBooking,
)

T = datetime.time
# Slots that never overlap; a room-day takes some of them (weekdays until 21:00, Saturdays until 17:00).
SLOTS = [(T(9), T(11)), (T(11), T(13)), (T(13), T(15)), (T(15), T(17)), (T(18), T(21))]
PURPOSES = ["定例会", "練習", "打ち合わせ", "講習会の準備", "作業", "研修"]


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def bookings(ds: Dataset) -> str:
    """About 70,000 bookings over both sites' rooms: groups' own and annual ones, the center's use, a few cancelled."""
    rooms = list(Room.objects.select_related("site").prefetch_related("hours"))
    today = timezone.localdate()
    last_day = today + datetime.timedelta(days=60)
    days = [ds.first_day + datetime.timedelta(days=i) for i in range((last_day - ds.first_day).days + 1)]
    closed = {site.pk: closed_days(site, ds.first_day, last_day) for site in Site.objects.all()}
    busy = {
        (b.room_id, timezone.localtime(b.during.lower).date())
        for b in RoomBooking.objects.active().only("room", "during")
    }
    registered = {}
    for group_id, (first, last) in ds.stash["groups"].items():
        for fy in range(first, last + 1):
            registered.setdefault(fy, []).append(group_id)
    open_slots = sum(
        sum(1 for _s, e in SLOTS if e <= h.closes)
        for r in rooms
        for d in days
        if (h := r.hours_on(d.weekday())) and d not in closed[r.site_id] and (r.pk, d) not in busy
    )
    share = min(0.95, ds.n(70000) / max(1, open_slots))
    staff = ds.stash["users"][roles.STAFF]
    rows = []
    for day in days:
        fy = fiscal_year(day)
        for room in rooms:
            hours = room.hours_on(day.weekday())
            if hours is None or day in closed[room.site_id] or (room.pk, day) in busy:
                continue
            for start, end in SLOTS:
                if end > hours.closes or ds.rng.random() > share:
                    continue
                kind = ds.rng.choices(["group", "annual", "center", "block"], [60, 30, 9, 1])[0]
                if kind in ("group", "annual") and not registered.get(fy):
                    kind = "center"  # a small dataset may have a year without a registered group
                cancelled = kind == "group" and ds.rng.random() < 0.06
                moment = _aware(day, start)
                rows.append(
                    RoomBooking(
                        room=room,
                        during=Range(moment, _aware(day, end), "[)"),
                        kind=kind,
                        group_id=ds.rng.choice(registered[fy]) if kind in ("group", "annual") else None,
                        purpose=ds.rng.choice(PURPOSES) if kind != "block" else "保守点検",
                        created_by_id=None,
                        cancelled_at=moment - datetime.timedelta(days=2) if cancelled else None,
                        cancel_reason="都合により取消" if cancelled else "",
                        cancelled_by_id=ds.rng.choice(staff) if cancelled else None,
                    )
                )
    made = bulk(RoomBooking, rows, batch_size=5000)
    if made:
        set_created(
            "programs_roombooking",
            "created_at",
            "lower(during) - interval '1 day' * (3 + (id % 50)) - interval '1 minute' * (id % 600)",
            f"WHERE id BETWEEN {made[0].pk} AND {made[-1].pk}",
        )
    return f"room bookings: {len(made)}"


def equipment_loans(ds: Dataset) -> str:
    """About 6,000 loans of the units: each unit lent in turn for two to four days, returned, before the demo's year."""
    units = list(EquipmentUnit.objects.select_related("kind", "site"))
    if not units:
        return "equipment loans: no units"
    demo = EquipmentLoan.objects.aggregate(first=Min("pickup_on"), last=Max("return_on"))
    end = (demo["first"] or timezone.localdate()) - datetime.timedelta(days=1)
    staff = ds.stash["users"][roles.STAFF]
    registered = [g for g, (first, _last) in ds.stash["groups"].items() if first <= ds.fiscal_years[0] + 2]
    registered = registered or list(ds.stash["groups"])
    per_unit = ds.n(6000) // len(units) + 1
    span = (end - ds.first_day).days
    rows = []
    for unit in units:
        gap = max(1, span // per_unit - 3)
        pickup = ds.first_day + datetime.timedelta(days=ds.rng.randint(0, gap))
        while pickup < end - datetime.timedelta(days=5):
            back = pickup + datetime.timedelta(days=ds.rng.randint(1, 3))
            out = _aware(pickup, T(10))
            cancelled = ds.rng.random() < 0.04
            fee = unit.kind.fee_per_loan + unit.kind.fee_per_extra_day * max(0, (back - pickup).days - 1)
            rows.append(
                EquipmentLoan(
                    unit=unit,
                    group_id=ds.rng.choice(registered),
                    pickup_on=pickup,
                    return_on=back,
                    fee=fee,
                    purpose="団体の活動・イベント",
                    created_by_id=ds.rng.choice(staff),
                    status="cancelled" if cancelled else "returned",
                    cancelled_at=out - datetime.timedelta(days=3) if cancelled else None,
                    cancel_reason="行事の中止" if cancelled else "",
                    checked_out_at=None if cancelled else out,
                    checked_out_by_id=None if cancelled else ds.rng.choice(staff),
                    collected_by="" if cancelled else ds.person()[0],
                    condition_out="" if cancelled else "good",
                    fee_charged=None if cancelled else fee,
                    returned_at=None if cancelled else _aware(back, T(15)),
                    condition_in="" if cancelled else "good",
                    returned_by_id=None if cancelled else ds.rng.choice(staff),
                )
            )
            pickup = back + datetime.timedelta(days=ds.rng.randint(1, 2 * gap))
    made = bulk(EquipmentLoan, rows)
    if made:
        ids = f"WHERE id BETWEEN {made[0].pk} AND {made[-1].pk}"
        set_created(
            "programs_equipmentloan", "created_at", "pickup_on - interval '10 days' + time '10:00'", ids
        )
        set_created(
            "programs_equipmentloan", "receipt_number", "'DS-' || id", ids + " AND status = 'returned'"
        )
    return f"equipment loans: {len(made)}"


def events(ds: Dataset) -> str:
    """About 1,200 events with one to three sessions, 35,000 sign-ups (volunteers and guests) and attendance."""
    types = list(EventType.objects.all())
    staff = ds.stash["users"][roles.STAFF]
    vols = ds.stash["volunteers"]
    today = timezone.localdate()
    last_day = today + datetime.timedelta(days=90)
    count = ds.n(1200)
    per_event = max(1, ds.n(35000) // count)
    event_rows, plans = [], []
    for i in range(count):
        event_type = types[i % len(types)]
        first = ds.day_between(ds.first_day, last_day)
        sessions = ds.rng.choice([1, 1, 1, 2, 3])
        capacity = ds.rng.choice([20, 30, 40, 50])
        event_rows.append(
            Event(
                event_type=event_type,
                title=f"{event_type.name}（{first:%Y年%-m月}）",
                description=f"{event_type.name}を開きます。",
                place=ds.rng.choice(
                    ["西東京市民会館", "田無総合福祉センター", "保谷こもれびホール", "市立小学校 体育館"]
                ),
                capacity=capacity,
                audience=ds.rng.choice(["anyone", "anyone", "volunteers"]),
                fee=ds.rng.choice([0, 0, 300, 500]),
                apply_from=_aware(first - datetime.timedelta(days=45), T(9)),
                apply_until=_aware(first - datetime.timedelta(days=2), T(17)),
                walk_ins=ds.rng.randint(0, 20),
                is_published=True,
                created_by_id=ds.rng.choice(staff),
            )
        )
        plans.append((first, sessions, capacity))
    made = bulk(Event, event_rows)
    session_rows = []
    for event, (first, sessions, _capacity) in zip(made, plans, strict=True):
        for k in range(sessions):
            start = _aware(first + datetime.timedelta(days=7 * k), T(13, 30))
            session_rows.append(
                EventSession(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
            )
    sessions_made = bulk(EventSession, session_rows)
    by_event = {}
    for session in sessions_made:
        by_event.setdefault(session.event_id, []).append(session)
    signups = []
    for event, (first, _sessions, capacity) in zip(made, plans, strict=True):
        n = max(1, round(per_event * ds.rng.uniform(0.6, 1.4)))
        chosen = ds.rng.sample(vols, min(len(vols), n * 2 // 3))
        people = [("v", v[0]) for v in chosen] + [("g", None)] * (n - len(chosen))
        for place, (who, volunteer_id) in enumerate(people):
            status = "confirmed" if place < capacity else "waiting"
            if ds.rng.random() < 0.05:
                status = "cancelled"
            guest = ds.person() if who == "g" else ("", "", "")
            signups.append(
                EventSignup(
                    event=event,
                    volunteer_id=volunteer_id,
                    guest_name=guest[0],
                    guest_furigana=guest[1],
                    guest_phone=ds.phone() if who == "g" else "",
                    people=1,
                    status=status,
                    cancelled_at=_aware(first - datetime.timedelta(days=3), T(9))
                    if status == "cancelled"
                    else None,
                )
            )
    signups_made = bulk(EventSignup, signups, batch_size=5000)
    attendance = []
    for signup in signups_made:
        if signup.status != "confirmed":
            continue
        for session in by_event[signup.event_id]:
            if session.starts_at.date() < today and ds.rng.random() < 0.85:
                attendance.append(EventAttendance(session=session, signup=signup, attended=True))
    bulk(EventAttendance, attendance, batch_size=5000)
    if made:
        set_created(
            "programs_event",
            "created_at",
            "apply_from - interval '14 days'",
            f"WHERE id BETWEEN {made[0].pk} AND {made[-1].pk}",
        )
    if signups_made:
        set_created(
            "programs_eventsignup s",
            "created_at",
            "e.apply_from + interval '1 hour' * (s.id % 500)",
            f"FROM programs_event e WHERE e.id = s.event_id AND s.id BETWEEN {signups_made[0].pk} AND {signups_made[-1].pk}",
        )
    return f"events: {len(made)}, sessions: {len(sessions_made)}, sign-ups: {len(signups_made)}, attendance: {len(attendance)}"


GENERATORS = [bookings, equipment_loans, events]
# Still to come with their branches: summer campaigns and school requests (programs).
