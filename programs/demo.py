"""Demo data for rooms, lockers and equipment: both sites' rooms and lockers, a published annual allocation that fills this
fiscal year with recurring bookings (close to the fiscal-2020 figures: 田無 10 groups / 440 uses, 保谷 6 / 260),
a few ad-hoc bookings, lockers held (田無 25, 保谷 4), an open application window for next year, and the 7 kinds of
equipment with their units and a year of loans (returned ones, a few reservations ahead, two overdue).

Idempotent: everything is looked up by name first; the allocation runs only when this year has none.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.core.dates import closed_days, current_fiscal_year, fiscal_year_start
from config.core.models import Site
from volunteers.models import GroupRegistration, VolunteerGroup

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
