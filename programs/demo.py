"""Demo data for rooms, lockers and equipment: both sites' rooms and lockers, a published annual allocation that fills this
fiscal year with recurring bookings (close to the fiscal-2020 figures: 田無 10 groups / 440 uses, 保谷 6 / 260),
a few ad-hoc bookings, lockers held (田無 25, 保谷 4), an open application window for next year, and the 7 kinds of
equipment with their units and a year of loans (returned ones, a few reservations ahead, two overdue); a fiscal year
of courses and events of every type with sessions, sign-ups, a waiting list and attendance; news and four issues of
ぼらんてぃあ倶楽部; an autumn season of school lessons and outreach courses (demo_schools.py).

Idempotent: everything is looked up by name first; the allocation runs only when this year has none.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.core.dates import closed_days, current_fiscal_year, fiscal_year_start
from config.core.models import Site
from volunteers.models import GroupRegistration, VolunteerGroup

from . import demo_schools, demo_summer
from .models import (
    ApplicationWindow,
    BookingRules,
    EquipmentKind,
    EquipmentLoan,
    EquipmentRules,
    EquipmentUnit,
    Locker,
    LockerAssignment,
    Pattern,
    RecurringRequest,
    Room,
    RoomBooking,
    RoomHours,
)
from .services import allocation
from .services import equipment as equipment_services
from .services import rooms as room_services

T = datetime.time
ROOMS = {
    "tanashi": [
        ("第1会議室", 30, "1階", "ホワイトボード、プロジェクター用スクリーン"),
        ("第2会議室", 16, "1階", "ホワイトボード"),
        ("ボランティア活動室", 12, "1階", "印刷機（有料）、紙折り機"),
        ("和室", 10, "1階", "座卓、座布団"),
    ],
    "hoya": [
        ("活動室A", 20, "2階", "ホワイトボード"),
        ("活動室B", 10, "2階", "流し台"),
    ],
}
LOCKERS = {"tanashi": 30, "hoya": 6}
HELD = {"tanashi": 25, "hoya": 4}

GROUP_NAMES = [
    "西東京ひばりの会", "田無手話サークル", "点訳グループ こもれび", "朗読ボランティア やまびこ", "傾聴の会 ひだまり",
    "おもちゃ病院 にしとうきょう", "子ども食堂 たなし", "災害ボランティア ネット西東京", "日本語教室 ともだち",
    "保谷ふれあいサロン", "車いす点検の会", "高齢者見守り隊 やなぎさわ", "絵本の読み聞かせ ぽけっと",
    "障がい児余暇支援 そらまめ", "ガイドヘルプの会 みちしるべ", "布おもちゃの会", "西東京傾聴ネット",
    "ひばりが丘 子育てひろば", "東伏見 環境の会", "柳沢 ふれあい農園", "スマホ相談ボランティア", "パソコン要約筆記 つばさ",
    "演芸ボランティア わらい", "配食ボランティア 保谷", "防災ママの会",
]

# site, first choice (room, weekday, start, end, pattern, weeks), second choice or None.
# Two pairs ask for the same slot, so the lottery decides and the loser's second choice cascades.
REQUESTS = {
    "tanashi": [
        (("第1会議室", 1, T(10), T(12)), ("第2会議室", 1, T(10), T(12))),
        (("第1会議室", 1, T(10), T(12)), ("第1会議室", 3, T(10), T(12))),
        (("第2会議室", 0, T(13), T(15)), None),
        (("和室", 2, T(10), T(12)), None),
        (("ボランティア活動室", 3, T(13), T(16)), None),
        (("第1会議室", 4, T(18), T(20)), None),
        (("第2会議室", 5, T(10), T(12)), None),
        (("和室", 4, T(13), T(15)), None),
        (("ボランティア活動室", 0, T(10), T(12)), None),
        (("第2会議室", 2, T(18, 30), T(20, 30)), None),
    ],
    "hoya": [
        (("活動室A", 1, T(10), T(12)), ("活動室B", 1, T(10), T(12))),
        (("活動室A", 1, T(10), T(12)), ("活動室A", 2, T(13), T(15))),
        (("活動室B", 3, T(13), T(15)), None),
        (("活動室A", 4, T(10), T(12)), None),
        (("活動室B", 0, T(18), T(20)), None),
        (("活動室A", 5, T(13), T(15)), None),
    ],
}


# Some requests are not weekly: 第1・第3 or 第2・第4 of the month.
NTH = {("tanashi", 9): [1, 3], ("hoya", 5): [2, 4]}


def _groups(fy: int) -> list[VolunteerGroup]:
    User = get_user_model()
    rep = User.objects.filter(username="dantai").first()
    groups = []
    for i, name in enumerate(GROUP_NAMES):
        defaults = {"name_kana": f"デモダンタイ{i:02d}", "name_kana_key": f"デモダンタイ{i:02d}",
                    "representative_name": "西東 太郎", "contact_name": "西東 花子",
                    "contact_email": f"group{i:02d}@example.jp", "members_count": 8 + i}
        if i == 0:
            defaults |= {"name_kana": "ニシトウキョウヒバリノカイ", "name_kana_key": "ニシトウキョウヒバリノカイ",
                         "representative": rep}
        group, _created = VolunteerGroup.objects.get_or_create(name=name, defaults=defaults)
        if i == 0 and rep and group.representative_id is None:
            group.representative = rep
            group.save(update_fields=["representative"])
        for year in (fy, fy + 1):
            GroupRegistration.objects.get_or_create(
                group=group, fiscal_year=year,
                defaults={"status": GroupRegistration.Status.APPROVED, "members_count": group.members_count},
            )
        groups.append(group)
    return groups


def _rooms(site: Site) -> dict[str, Room]:
    BookingRules.objects.get_or_create(site=site)
    rooms = {}
    for order, (name, capacity, floor, equipment) in enumerate(ROOMS[site.slug]):
        room, created = Room.objects.get_or_create(
            site=site, name=name, defaults={"capacity": capacity, "floor": floor, "equipment": equipment, "sort_order": order})
        if created:
            # Evening use is normal on weekdays; Saturdays follow the office hours.
            RoomHours.objects.bulk_create(
                [RoomHours(room=room, weekday=w, opens=T(9), closes=T(21)) for w in range(5)]
                + [RoomHours(room=room, weekday=5, opens=T(9), closes=T(17))]
            )
        rooms[name] = room
    return rooms


def _allocation(site, rooms, groups, fy, staff, stdout) -> None:
    window, _created = ApplicationWindow.objects.get_or_create(
        site=site, fiscal_year=fy,
        defaults={"opens_on": fiscal_year_start(fy) - datetime.timedelta(days=60),
                  "closes_on": fiscal_year_start(fy) - datetime.timedelta(days=31), "max_slots_per_group": 1},
    )
    if window.runs.filter(published_at__isnull=False).exists():
        return
    applicants = groups[:10] if site.slug == "tanashi" else [groups[0]] + groups[10:15]
    for i, (group, (first, second)) in enumerate(zip(applicants, REQUESTS[site.slug], strict=True)):
        room, weekday, start, end = first
        data = {"room": rooms[room], "weekday": weekday, "start_time": start, "end_time": end}
        if second:
            room2, weekday2, start2, end2 = second
            data |= {"second_room": rooms[room2], "second_weekday": weekday2, "second_start_time": start2,
                     "second_end_time": end2}
        request, _created = RecurringRequest.objects.get_or_create(
            window=window, group=group, defaults=data | {"pattern": Pattern.NTH if (site.slug, i) in NTH else Pattern.WEEKLY,
                            "weeks": NTH.get((site.slug, i), []), "purpose": "定例会・活動"})
    for group in groups[:4]:
        window.locker_requests.get_or_create(group=group)
    run = allocation.allocation_run(window=window, by=staff, seed=2020 + (site.slug == "hoya"))
    allocation.allocation_publish(run=run, by=staff)
    stdout.write(f"  {site}: {fy}年度の年間割当を公開しました（{run.bookings.count()}件の予約）")


def _lockers(site, groups, fy, staff) -> None:
    for n in range(1, LOCKERS[site.slug] + 1):
        Locker.objects.get_or_create(site=site, number=f"{n:02d}",
                                     defaults={"size": "大" if n <= 6 else "小", "fee": 1200 if n <= 6 else 600})
    holders = groups[: HELD[site.slug]] if site.slug == "tanashi" else groups[10:14]
    have = set(LockerAssignment.objects.held().filter(locker__site=site, fiscal_year=fy).values_list("group_id", flat=True))
    taken = set(LockerAssignment.objects.held().filter(locker__site=site, fiscal_year=fy).values_list("locker_id", flat=True))
    free = [lk for lk in Locker.objects.filter(site=site).order_by("number") if lk.pk not in taken]
    for group in holders:
        if group.pk in have or not free:
            continue
        LockerAssignment.objects.create(locker=free.pop(0), site=site, group=group, fiscal_year=fy, assigned_by=staff,
                                        key_handed_over_at=timezone.now())


def _adhoc(rooms, group, staff) -> None:
    """A few ad-hoc bookings in the coming weeks for the demo representative's group."""
    if RoomBooking.objects.filter(group=group, kind=RoomBooking.Kind.GROUP).exists():
        return
    day, made = timezone.localdate() + datetime.timedelta(days=3), 0
    while made < 3 and day < timezone.localdate() + datetime.timedelta(days=45):
        try:
            room_services.room_booking_create(
                room=rooms["和室"], group=group, start=room_services.aware(day, T(14)),
                end=room_services.aware(day, T(16)), purpose="打ち合わせ", by=group.representative or staff)
            made += 1
            day += datetime.timedelta(days=7)
        except ValidationError:
            day += datetime.timedelta(days=1)


# name, description, fee per loan, per extra day, deposit, units at 田無, units at 保谷
EQUIPMENT = [
    ("車椅子", "折りたたみ式の自走用車椅子です。体験学習やイベントの移動に。", 300, 100, 0, 3, 1),
    ("プロジェクター", "HDMI接続のプロジェクター（3000ルーメン）。延長コード付き。", 1000, 500, 0, 2, 1),
    ("スクリーン", "自立式80インチのスクリーン。", 500, 200, 0, 1, 1),
    ("ワイヤレスアンプ・マイク", "ワイヤレスマイク2本付きのポータブルアンプ。", 1000, 500, 0, 2, 0),
    ("高齢者擬似体験セット", "おもり・ゴーグル・耳栓などで高齢者の体の動きを体験するセット。福祉教育に。", 1500, 500, 3000, 2, 0),
    ("ポータブルスピーカー", "充電式のスピーカー（Bluetooth・有線）。", 500, 200, 0, 1, 1),
    ("点字器", "携帯用の点字器（点筆付き）10組。点字体験に。", 300, 100, 0, 1, 0),
]


def _equipment(groups, staff) -> None:
    sites = {s.slug: s for s in Site.objects.filter(slug__in=ROOMS)}
    for site in sites.values():
        EquipmentRules.objects.get_or_create(site=site)
    units = []
    for order, (name, description, fee, extra, deposit, tanashi, hoya) in enumerate(EQUIPMENT):
        kind, _created = EquipmentKind.objects.get_or_create(name=name, defaults={
            "description": description, "fee_per_loan": fee, "fee_per_extra_day": extra, "deposit": deposit,
            "sort_order": order, "lend_to_schools": name in ("車椅子", "高齢者擬似体験セット", "点字器")})
        for slug, count, prefix in (("tanashi", tanashi, "T"), ("hoya", hoya, "H")):
            for n in range(1, count + 1):
                unit, _created = EquipmentUnit.objects.get_or_create(
                    code=f"{prefix}-{order + 1:02d}-{n}", defaults={"kind": kind, "site": sites[slug]})
                units.append(unit)
    if EquipmentLoan.objects.exists() or not units:
        return
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    tanashi = sites["tanashi"]
    closed = closed_days(tanashi, start, today + datetime.timedelta(days=40))
    open_days = [d for d in (start + datetime.timedelta(days=i) for i in range((today - start).days + 40))
                 if d not in closed]
    # A year of loans, about two a month (the plan's target is 20 a year), each unit in turn, back two open days later.
    past = [d for d in open_days if d < today - datetime.timedelta(days=14)]
    for i, pickup in enumerate(past[::12]):
        unit = units[i % len(units)]
        back = next(d for d in open_days if d > pickup + datetime.timedelta(days=1))
        moment = timezone.make_aware(datetime.datetime.combine(pickup, T(10)))
        fee = equipment_services.loan_fee(kind=unit.kind, site=unit.site, pickup_on=pickup, return_on=back)
        loan = EquipmentLoan.objects.create(
            unit=unit, group=groups[i % len(groups)], pickup_on=pickup, return_on=back, fee=fee,
            status=EquipmentLoan.Status.RETURNED, created_by=staff, checked_out_at=moment, checked_out_by=staff,
            collected_by="西東 花子", condition_out="good", fee_charged=fee, purpose="団体の活動・イベント",
            returned_at=moment + datetime.timedelta(days=(back - pickup).days), returned_by=staff, condition_in="good")
        loan.receipt_number = equipment_services.receipt_number(loan)
        loan.save(update_fields=["receipt_number"])
    # Two units not back: a wheelchair and a projector whose return days have passed.
    recent = [d for d in open_days if today - datetime.timedelta(days=10) <= d < today - datetime.timedelta(days=3)]
    for unit, group, pickup in ((units[1], groups[5], recent[0]), (units[4], groups[7], recent[1])):
        moment = timezone.make_aware(datetime.datetime.combine(pickup, T(10)))
        back = pickup + datetime.timedelta(days=1)
        fee = equipment_services.loan_fee(kind=unit.kind, site=unit.site, pickup_on=pickup, return_on=back)
        loan = EquipmentLoan.objects.create(
            unit=unit, group=group, pickup_on=pickup, return_on=back, fee=fee, status=EquipmentLoan.Status.LENT,
            created_by=staff, checked_out_at=moment, checked_out_by=staff, collected_by="西東 次郎",
            condition_out="good", fee_charged=fee, purpose="地域のイベント")
        loan.receipt_number = equipment_services.receipt_number(loan)
        loan.save(update_fields=["receipt_number"])
    # A few reservations ahead, through the service (the demo representative's group among them).
    ahead = [d for d in open_days if d > today + datetime.timedelta(days=3)]
    for i, (kind_name, group) in enumerate((("車椅子", groups[0]), ("プロジェクター", groups[2]), ("点字器", groups[0]))):
        pickup = ahead[i * 4]
        back = next(d for d in open_days if d > pickup)
        try:
            equipment_services.loan_reserve(kind=EquipmentKind.objects.get(name=kind_name), site=tanashi, group=group,
                                            pickup_on=pickup, return_on=back, purpose="団体の活動", by=staff, as_staff=True)
        except ValidationError:
            continue


def load(stdout) -> None:
    fy = current_fiscal_year()
    staff = get_user_model().objects.filter(username="staff").first()
    groups = _groups(fy)
    for site in Site.objects.filter(slug__in=ROOMS):
        rooms = _rooms(site)
        _allocation(site, rooms, groups, fy, staff, stdout)
        _lockers(site, groups, fy, staff)
        if site.slug == "tanashi":
            _adhoc(rooms, groups[0], staff)
            today = timezone.localdate()
            ApplicationWindow.objects.get_or_create(
                site=site, fiscal_year=fy + 1,
                defaults={"opens_on": today - datetime.timedelta(days=7), "closes_on": today + datetime.timedelta(days=28),
                          "max_slots_per_group": 2, "created_by": staff},
            )
    _equipment(groups, staff)
    _events(fy, groups, staff)
    _news(fy, staff)
    demo_schools.load(fy, staff)
    demo_summer.load(fy, groups, staff)


# --- courses and events, news, ぼらんてぃあ倶楽部 (issue 12) -----------------------------------------

# (type key, title, day of the fiscal year, sessions, capacity, audience, venue room name or place, walk-ins, fee)
DEMO_EVENTS = [
    ("course-beginner", "ボランティアはじめて講座（春）", 45, 1, 20, "anyone", "第1会議室", 0, 0),
    ("volunteer-meetup", "ボランティア活動者の懇談会", 75, 1, 30, "volunteers", "第1会議室", 0, 0),
    ("outreach-course", "ボランティア出張講座（市立田無第一中学校）", 100, 1, 40, "groups", "市立田無第一中学校 体育館", 0, 0),
    ("course-disaster", "災害ボランティア養成講習会", 150, 2, 30, "anyone", "第1会議室", 0, 500),
    ("volunteer-festival", "ボラフェス（ボランティアのつどい）", 190, 1, 80, "anyone", "西東京市民会館 ホール", 140, 0),
    ("outreach-course", "ボランティア出張講座（保谷高校）", 205, 1, 40, "groups", "都立保谷高校", 0, 0),
    ("course-listening", "傾聴ボランティアスキルアップ講座", 225, 3, 20, "volunteers", "第1会議室", 0, 300),
    ("course-dvc-staff", "災害ボランティアセンタースタッフ養成講習会", 250, 2, 20, "anyone", "第1会議室", 0, 0),
    ("course-beginner", "ボランティアはじめて講座（秋）", 265, 1, 20, "anyone", "第1会議室", 0, 0),
    ("outreach-course", "ボランティア出張講座（ひばりが丘団地自治会）", 290, 1, 40, "groups", "ひばりが丘団地 集会所", 0, 0),
    ("bazaar", "チャリティーバザー", 320, 1, 50, "anyone", "田無駅北口広場", 60, 0),
]
DEMO_SPEAKERS = "講師：西東京市社会福祉協議会 ボランティアコーディネーター\n報告者：市内のボランティアグループ代表\nコメンテーター：市民活動支援団体"
DEMO_GUESTS = ["青木 一郎", "井上 花子", "上田 次郎", "江藤 桃子", "小野 三郎", "加藤 由美", "木村 健", "工藤 真理",
               "小林 学", "佐藤 恵", "清水 勇", "鈴木 晴美", "田中 誠", "中村 愛", "西田 翔", "野口 沙織"]


def _event_sessions(event, first_day, count, staff) -> None:
    from .models import EventSession
    from .services import events as event_services

    for i in range(count):
        day = first_day + datetime.timedelta(days=7 * i)
        start = timezone.make_aware(datetime.datetime.combine(day, T(13, 30)))
        end = start + datetime.timedelta(hours=2, minutes=30)
        try:
            event_services.session_add(event=event, starts_at=start, ends_at=end, by=staff)
        except ValidationError:  # the room is taken by a group that day: the center uses it in the morning
            start, end = start - datetime.timedelta(hours=4), end - datetime.timedelta(hours=4)
            try:
                event_services.session_add(event=event, starts_at=start, ends_at=end, by=staff)
            except ValidationError:
                EventSession.objects.create(event=event, starts_at=start, ends_at=end)


def _events(fy: int, groups, staff) -> None:
    from volunteers.models import Volunteer

    from .models import Event, EventType
    from .services import events as event_services

    if Event.objects.filter(title=DEMO_EVENTS[0][1]).exists():
        return
    volunteers = list(Volunteer.objects.active().order_by("pk")[:40])
    tanashi_room = Room.objects.filter(site__slug="tanashi", name="第1会議室").first() or Room.objects.first()
    today = timezone.localdate()
    for n, (key, title, offset, sessions, capacity, audience, venue, walk_ins, fee) in enumerate(DEMO_EVENTS):
        first_day = fiscal_year_start(fy) + datetime.timedelta(days=offset)
        while first_day.weekday() >= 5:
            first_day += datetime.timedelta(days=1)
        in_room = venue == "第1会議室" and tanashi_room is not None
        event = event_services.event_save(
            event=Event(
                event_type=EventType.objects.get(key=key), title=title, capacity=capacity, audience=audience, fee=fee,
                room=tanashi_room if in_room else None, place="" if in_room else venue, speakers=DEMO_SPEAKERS,
                description=(
                    f"{title}を開きます。\n\nボランティア活動の基本や、市内で活動する団体の報告、参加者どうしの話し合いを予定しています。"
                    "\n\nお問い合わせは西東京ボランティア・市民活動センター（電話 042-466-3070）へ。"
                ),
                walk_ins=walk_ins if first_day < today else 0, is_published=True,
                apply_from=timezone.make_aware(datetime.datetime.combine(first_day - datetime.timedelta(days=40), T(9))),
            ),
            by=staff, groups=groups[:3] if key in ("volunteer-festival", "volunteer-meetup") else None,
        )
        _event_sessions(event, first_day, sessions, staff)
        # Sign-ups: past events as they were (on the day the application opened), upcoming ones so far.
        past = first_day < today
        when = timezone.make_aware(datetime.datetime.combine(first_day - datetime.timedelta(days=20), T(10)))
        now = when if past else None
        if audience == "groups":
            signups = []
            for i, g in enumerate(groups[:3]):
                try:
                    signups.append(event_services.signup_create(event=event, group=g, people=8 + i, now=now))
                except ValidationError:  # not open yet
                    break
        else:
            wanted = capacity + 3 if key == "course-listening" else int(capacity * (0.9 if past else 0.5))
            signups = []
            for i in range(wanted):
                if audience == "volunteers" or (i % 2 == 0 and i // 2 < len(volunteers)):
                    pool = volunteers[(i + n) % len(volunteers)] if volunteers else None
                    if pool is None or any(s.volunteer_id == pool.pk for s in signups):
                        continue
                    kwargs = {"volunteer": pool}
                else:
                    name = DEMO_GUESTS[i % len(DEMO_GUESTS)]
                    kwargs = {"guest_name": f"{name}{i // len(DEMO_GUESTS) or ''}", "guest_furigana": "デモ",
                              "guest_phone": f"042-400-{n:02d}{i:02d}"}
                try:
                    signups.append(event_services.signup_create(event=event, now=now, **kwargs))
                except ValidationError as exc:
                    if exc.code in ("not_yet", "closed", "started"):
                        break
                    continue
        if past:
            confirmed = {s.pk for s in signups if s.status == "confirmed"}
            for session in event.sessions.all():
                came = {pk for i, pk in enumerate(sorted(confirmed)) if i % 9 != 0}  # about one in nine didn't come
                event_services.attendance_record(session=session, attended_ids=came, by=staff)


def _news(fy: int, staff) -> None:
    from .models import NewsArticle, NewsletterIssue
    from .services import news as news_services

    start = fiscal_year_start(fy)
    articles = [
        (10, "今年度の講座・イベントの予定を掲載しました", "今年度センターが開く講座・イベントの予定です。\n\n申し込みは「講座・イベント」のページからできます。https://example.jp/events/"),
        (40, "ボランティアはじめて講座（春）の参加者を募集しています", "ボランティアに関心のある方ならどなたでも参加できます。\n\n定員20人、参加費無料です。"),
        (120, "夏！体験ボランティア西東京の受付を始めました", "夏休みに市内の施設や団体でボランティア活動を体験してみませんか。"),
        (180, "ボラフェスを開きます", "市内で活動する団体が集まるボランティアのつどいです。どなたでもお越しください。"),
        (260, "年末年始の休所のお知らせ", "12月29日から1月3日まで休所します。"),
    ]
    for offset, title, body in articles:
        day = start + datetime.timedelta(days=offset)
        if not NewsArticle.objects.filter(title=title).exists():
            news_services.article_save(
                article=NewsArticle(title=title, body=body, published_on=day, is_published=day <= timezone.localdate()),
                by=staff,
            )
    for i, (month, season) in enumerate([(4, "春号"), (7, "夏号"), (10, "秋号"), (1, "冬号")]):
        number = 150 + (fy - 2020) * 4 + i
        day = datetime.date(fy + (1 if month < 4 else 0), month, 1)
        if not NewsletterIssue.objects.filter(number=number).exists():
            news_services.issue_save(
                issue=NewsletterIssue(number=number, title=f"ぼらんてぃあ倶楽部 {season}", issued_on=day,
                                      is_published=day <= timezone.localdate()),
                by=staff,
            )
