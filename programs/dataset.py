"""Ten years of rooms, equipment and events, in bulk (see config/core/dataset.py): room bookings of both sites, equipment
loans, courses and events with sessions, sign-ups and attendance."""

import datetime

from django.db.models import Max, Min
from django.utils import timezone
from psycopg.types.range import Range

from config.core import roles
from config.core.dataset import Dataset, bulk, made_ids, set_created
from config.core.dates import closed_days, fiscal_year, fiscal_year_start
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
    SchoolLecturer,
    SchoolRequest,
    SchoolRequestDate,
    SchoolTheme,
    SummerApplication,
    SummerCampaign,
    SummerChoice,
    SummerHost,
    SummerPlacement,
    SummerProgram,
    SummerProgramDate,
)
from .models.summer import ADULT_AGE

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


FACILITIES = [
    "特別養護老人ホーム けやきの里",
    "デイサービスセンター ひばり",
    "障害者支援施設 こもれび",
    "保育園 すみよし",
    "児童館 みどり",
    "介護老人保健施設 やなぎ",
    "地域包括支援センター 田無",
    "グループホーム いずみ",
]
SUMMER_TITLES = [
    "利用者さんとの交流",
    "夏祭りの手伝い",
    "子どもたちとの遊び",
    "点字の体験",
    "手話で話そう",
    "車いすの清掃",
    "花壇の手入れ",
    "読み聞かせ",
    "お茶会の準備",
    "レクリエーションの補助",
]
SCHOOLS = [
    "西東京市立田無小学校",
    "西東京市立保谷小学校",
    "西東京市立けやき小学校",
    "西東京市立向台小学校",
    "西東京市立住吉小学校",
    "西東京市立田無第一中学校",
    "西東京市立保谷中学校",
    "西東京市立ひばりが丘中学校",
    "都立田無高校",
    "都立保谷高校",
]
OUTREACH = ["田無町自治会", "ひばりが丘団地自治会", "西東京市老人クラブ連合会", "保谷地区PTA連絡会"]


def summer(ds: Dataset) -> str:
    """夏！体験 of every fiscal year that has none (10 campaigns at ten years): hosts, about 20 programs and 150
    applications a year (scaled), two or three ranked choices each; past campaigns placed, published and attended."""
    today = timezone.localdate()
    staff = ds.stash["users"][roles.STAFF]
    group_ids = list(ds.stash["groups"])
    have = set(SummerCampaign.objects.values_list("fiscal_year", flat=True))
    years = [fy for fy in ds.fiscal_years if fy not in have]
    if not years:
        return "summer campaigns: 0"
    hosts = [
        SummerHost(kind="facility", name=name, contact_name=ds.person()[0], contact_phone=ds.phone())
        for name in FACILITIES
    ]
    for i, group_id in enumerate(ds.rng.sample(group_ids, min(len(group_ids), max(1, ds.n(30))))):
        hosts.append(
            SummerHost(
                kind="group",
                name=f"登録団体の受入{i + 1:02d}",
                group_id=group_id,
                contact_name=ds.person()[0],
                contact_email=f"summer-host{i:03d}@example.jp",
            )
        )
    hosts = bulk(SummerHost, hosts)
    campaigns = []
    for fy in years:
        start = fiscal_year_start(fy)
        activity_until = datetime.date(fy, 8, 31)
        campaigns.append(
            SummerCampaign(
                fiscal_year=fy,
                title=f"夏！体験ボランティア西東京{fy}",
                offers_from=start + datetime.timedelta(days=30),
                offers_until=start + datetime.timedelta(days=55),
                apply_from=start + datetime.timedelta(days=65),
                apply_until=start + datetime.timedelta(days=95),
                activity_from=datetime.date(fy, 7, 21),
                activity_until=activity_until,
                consent_text="保護者として、子どもが夏！体験ボランティア西東京に参加することに同意します。",
                consent_version=f"{fy}-1",
                published_at=_aware(datetime.date(fy, 7, 10), T(10)) if activity_until < today else None,
                published_by_id=ds.rng.choice(staff) if activity_until < today else None,
            )
        )
    campaigns = bulk(SummerCampaign, campaigns)
    per_year = max(1, ds.n(200) // len(ds.fiscal_years))
    programs, dates_of = [], []
    for campaign in campaigns:
        for _i in range(per_year):
            host = ds.rng.choice(hosts)
            title = ds.rng.choice(SUMMER_TITLES)
            grade_min = ds.rng.choice([4, 5, 7, 10])
            programs.append(
                SummerProgram(
                    campaign=campaign,
                    host=host,
                    title=title,
                    description=f"{host.name}で、{title}を体験します。",
                    place=f"{host.name}（西東京市内）",
                    grade_min=grade_min,
                    grade_max=14,
                    contact=f"{host.name} {host.contact_phone or host.contact_email}",
                    status=ds.rng.choices(["approved", "declined"], [95, 5])[0],
                    reviewed_by_id=ds.rng.choice(staff),
                    reviewed_at=_aware(campaign.offers_until, T(15)),
                )
            )
            days = sorted(ds.rng.sample(range((campaign.activity_until - campaign.activity_from).days), 3))
            dates_of.append(
                [campaign.activity_from + datetime.timedelta(days=d) for d in days[: ds.rng.randint(1, 3)]]
            )
    programs = bulk(SummerProgram, programs)
    program_dates = bulk(
        SummerProgramDate,
        [
            SummerProgramDate(
                program=p, day=day, start_time=T(10), end_time=T(12), slots=ds.rng.randint(2, 6)
            )
            for p, days in zip(programs, dates_of, strict=True)
            for day in days
        ],
    )
    dates_by_program = {}
    for d in program_dates:
        dates_by_program.setdefault(d.program_id, []).append(d)
    approved = {}
    for p in programs:
        if p.status == "approved":
            approved.setdefault(p.campaign_id, []).append(p)
    applications, picks = [], []
    apply_per_year = max(1, ds.n(1500) // len(ds.fiscal_years))
    for campaign in campaigns:
        offered = approved.get(campaign.pk, [])
        if not offered:
            continue
        seen = set()
        for _i in range(apply_per_year):
            grade = ds.rng.choice([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
            years_old = grade + 6 if grade < 13 else 19 if grade == 13 else ds.rng.randint(25, 70)
            birth = campaign.activity_from.replace(
                year=campaign.activity_from.year - years_old
            ) - datetime.timedelta(days=ds.rng.randint(1, 364))
            name, furigana, _g = ds.person()
            if (furigana, birth) in seen:
                continue
            seen.add((furigana, birth))
            age = campaign.age_on_start(birth)
            minor = age < ADULT_AGE
            guardian = ds.person()[0] if minor else ""
            fits = [p for p in offered if p.accepts(grade=grade, age=age)] or offered
            chosen = ds.rng.sample(fits, min(len(fits), ds.rng.randint(2, 3)))
            applied = _aware(campaign.apply_from + datetime.timedelta(days=ds.rng.randint(0, 29)), T(20))
            applications.append(
                SummerApplication(
                    campaign=campaign,
                    name=name,
                    furigana=furigana,
                    birth_date=birth,
                    age=age,
                    school=ds.rng.choice(SCHOOLS) if grade <= 12 else "",
                    grade=grade,
                    phone=ds.phone(),
                    guardian_name=guardian,
                    guardian_phone=ds.phone() if minor else "",
                    guardian_consent=minor,
                    consent_version=campaign.consent_version if minor else "",
                    consented_at=applied if minor else None,
                    withdrawn_at=applied + datetime.timedelta(days=3) if ds.rng.random() < 0.03 else None,
                )
            )
            picks.append(chosen)
    applications = bulk(SummerApplication, applications)
    bulk(
        SummerChoice,
        [
            SummerChoice(application=a, rank=rank, program=p)
            for a, chosen in zip(applications, picks, strict=True)
            for rank, p in enumerate(chosen, start=1)
        ],
    )
    if applications:
        set_created(
            "programs_summerapplication a",
            "created_at",
            "c.apply_from + time '20:00' + interval '1 hour' * (a.id % 600)",
            f"FROM programs_summercampaign c WHERE c.id = a.campaign_id AND a.id BETWEEN {applications[0].pk} "
            f"AND {applications[-1].pk}",
        )
    by_campaign = {c.pk: c for c in campaigns}
    taken, placements = {}, []
    for a, chosen in zip(applications, picks, strict=True):
        campaign = by_campaign[a.campaign_id]
        if a.withdrawn_at or not campaign.published_at:
            continue
        for rank, program in enumerate(chosen, start=1):
            free = [d for d in dates_by_program[program.pk] if taken.get(d.pk, 0) < d.slots]
            if free:
                date = ds.rng.choice(free)
                taken[date.pk] = taken.get(date.pk, 0) + 1
                placements.append(
                    SummerPlacement(
                        application=a,
                        program_date=date,
                        rank=rank,
                        attended=ds.rng.random() < 0.9,
                        attendance_recorded_by_id=ds.rng.choice(staff),
                        attendance_recorded_at=_aware(date.day, T(17)),
                    )
                )
                break
    placements = bulk(SummerPlacement, placements)
    return (
        f"summer campaigns: {len(campaigns)}, programs: {len(programs)}, applications: {len(applications)}, "
        f"placements: {len(placements)}"
    )


def school_requests(ds: Dataset) -> str:
    """About 300 requests for lessons and outreach courses over the years, with one to three wished dates; past ones
    held (with the pupils reached and lecturers) or cancelled, coming ones received, being arranged or confirmed."""
    themes = list(SchoolTheme.objects.all())
    if not themes:
        return "school requests: no themes"
    now = timezone.now()
    today = timezone.localdate()
    staff = ds.stash["users"][roles.STAFF]
    vols = ds.stash["volunteers"]
    group_ids = list(ds.stash["groups"])
    last_day = today + datetime.timedelta(days=60)
    rows, wished = [], []
    for _i in range(ds.n(300)):
        day = ds.day_between(ds.first_day + datetime.timedelta(days=30), last_day)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        lesson = ds.rng.random() < 0.8
        start = _aware(day, ds.rng.choice([T(9, 45), T(10, 45), T(13, 30)]))
        end = start + datetime.timedelta(minutes=ds.rng.choice([45, 90]))
        received = start - datetime.timedelta(days=ds.rng.randint(20, 60))
        if start < now:
            status = ds.rng.choices(["held", "cancelled"], [92, 8])[0]
        else:
            status = ds.rng.choice(["received", "arranging", "confirmed"])
        pupils = ds.rng.randint(20, 120) if lesson else ds.rng.randint(8, 40)
        dated = status in ("confirmed", "held")
        rows.append(
            SchoolRequest(
                kind="lesson" if lesson else "outreach",
                organisation=ds.rng.choice(SCHOOLS if lesson else OUTREACH),
                grade=f"{ds.rng.randint(3, 6)}年生" if lesson else "会員",
                pupils=pupils,
                theme=ds.rng.choice(themes),
                wishes="体験を中心にお願いします。",
                place="体育館" if lesson else "集会所",
                contact_name=ds.person()[0],
                contact_phone=ds.phone(),
                channel=ds.rng.choice(["online", "online", "staff"]),
                status=status,
                starts_at=start if dated else None,
                ends_at=end if dated else None,
                confirmed_at=received + datetime.timedelta(days=7) if dated else None,
                held_recorded_at=min(now, end + datetime.timedelta(days=1)) if status == "held" else None,
                pupils_reached=pupils - ds.rng.randint(0, 5) if status == "held" else None,
                report="予定どおり実施しました。" if status == "held" else "",
                cancelled_at=received + datetime.timedelta(days=10) if status == "cancelled" else None,
                cancel_reason="学校行事の変更" if status == "cancelled" else "",
                created_by_id=ds.rng.choice(staff) if ds.rng.random() < 0.4 else None,
            )
        )
        wished.append((received, day, start, end))
    made = bulk(SchoolRequest, rows)
    dates, lecturers = [], []
    for request, (_received, day, start, end) in zip(made, wished, strict=True):
        local_start, local_end = timezone.localtime(start).time(), timezone.localtime(end).time()
        for rank in range(1, ds.rng.randint(1, 3) + 1):
            dates.append(
                SchoolRequestDate(
                    request=request,
                    rank=rank,
                    day=day + datetime.timedelta(days=7 * (rank - 1)),
                    start=local_start,
                    end=local_end,
                )
            )
        if request.status in ("confirmed", "held"):
            if ds.rng.random() < 0.6 and vols:
                for v in ds.rng.sample(vols, min(len(vols), ds.rng.randint(1, 2))):
                    lecturers.append(SchoolLecturer(request=request, volunteer_id=v[0], role="講師"))
            else:
                lecturers.append(
                    SchoolLecturer(request=request, group_id=ds.rng.choice(group_ids), role="講師")
                )
    bulk(SchoolRequestDate, dates)
    bulk(SchoolLecturer, lecturers)
    if made:
        set_created(
            "programs_schoolrequest",
            "created_at",
            "coalesce(confirmed_at - interval '7 days', cancelled_at - interval '10 days', now() - interval '1 day' * (id % 30))",
            made_ids(made),
        )
    return f"school requests: {len(made)}, wished dates: {len(dates)}, lecturers: {len(lecturers)}"


GENERATORS = [bookings, equipment_loans, events, summer, school_requests]
# Still to come with their branches: summer campaigns and school requests (programs).
