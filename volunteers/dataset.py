"""Ten years of people and their records, in bulk (see config/core/dataset.py): accounts, volunteers, groups with
yearly registrations, requests with introductions, consultations, insurance products and enrolments."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from config.core import roles
from config.core.dataset import Dataset, bulk, keys, made_ids, set_created
from config.core.dates import fiscal_year, fiscal_year_end, fiscal_year_start

from .models import (
    ActivityField,
    Consultation,
    Enrolment,
    GroupRegistration,
    HelpRequest,
    InsurancePlan,
    Introduction,
    Volunteer,
    VolunteerGroup,
)
from .models.fields import AVAILABILITY_CHOICES

GROUP_WORDS = [
    ("ひまわり", "ヒマワリ"),
    ("さくら", "サクラ"),
    ("けやき", "ケヤキ"),
    ("こもれび", "コモレビ"),
    ("やまびこ", "ヤマビコ"),
    ("ひだまり", "ヒダマリ"),
    ("たんぽぽ", "タンポポ"),
    ("すずらん", "スズラン"),
    ("あおぞら", "アオゾラ"),
    ("なかま", "ナカマ"),
    ("みどり", "ミドリ"),
    ("わかば", "ワカバ"),
    ("ともしび", "トモシビ"),
    ("つばさ", "ツバサ"),
    ("ふれあい", "フレアイ"),
]
GROUP_KINDS = [
    ("手話サークル", "シュワサークル"),
    ("点訳の会", "テンヤクノカイ"),
    ("朗読ボランティア", "ロウドクボランティア"),
    ("傾聴の会", "ケイチョウノカイ"),
    ("子ども食堂", "コドモショクドウ"),
    ("見守り隊", "ミマモリタイ"),
    ("日本語教室", "ニホンゴキョウシツ"),
    ("ふれあいサロン", "フレアイサロン"),
    ("おもちゃ病院", "オモチャビョウイン"),
    ("読み聞かせの会", "ヨミキカセノカイ"),
    ("環境の会", "カンキョウノカイ"),
    ("防災の会", "ボウサイノカイ"),
    ("要約筆記", "ヨウヤクヒッキ"),
    ("配食サービス", "ハイショクサービス"),
    ("子育てひろば", "コソダテヒロバ"),
]
REQUEST_TITLES = [
    "デイサービスでの話し相手",
    "施設の夏祭りの手伝い",
    "小学校の読み聞かせ",
    "高齢者宅の庭の手入れ",
    "通院の付き添い",
    "地域食堂の配膳",
    "障がい児の余暇活動の見守り",
    "日本語学習の支援",
    "イベントの受付",
    "車いすの押し手",
]
CONSULT_TEXTS = [
    "活動を始めたいので相談したい。",
    "団体の会員が集まらない。",
    "保険の加入について知りたい。",
    "部屋の予約方法を知りたい。",
    "ボランティアに来てほしい。",
    "災害時の活動について知りたい。",
]


def accounts(ds: Dataset) -> str:
    """Staff and committee accounts, and accounts for about a third of the volunteers and every group representative."""
    User = get_user_model()
    roles.create_roles(Group)
    role = {name: Group.objects.get(name=name) for name in roles.ROLES}
    prefix = "ds"
    rows = []
    for i in range(15):
        name, _kana, _g = ds.person()
        last, first = name.split(" ")
        rows.append(
            (
                User(
                    username=f"{prefix}-staff{i:02d}",
                    last_name=last,
                    first_name=first,
                    is_staff=True,
                    password="!",
                    email=f"staff{i:02d}@example.jp",
                ),
                roles.STAFF,
            )
        )
    for i in range(12):
        name, _kana, _g = ds.person()
        last, first = name.split(" ")
        rows.append(
            (
                User(username=f"{prefix}-iinkai{i:02d}", last_name=last, first_name=first, password="!"),
                roles.COMMITTEE,
            )
        )
    for i in range(ds.n(2700)):
        rows.append((User(username=f"{prefix}-vol{i:05d}", password="!"), roles.VOLUNTEER))
    for i in range(ds.n(400)):
        rows.append((User(username=f"{prefix}-rep{i:04d}", password="!"), roles.GROUP_REP))
    users = bulk(User, [u for u, _r in rows])
    Membership = User.groups.through
    bulk(
        Membership,
        [Membership(user_id=u.pk, group_id=role[r].pk) for u, (_u, r) in zip(users, rows, strict=True)],
    )
    by_role = {r: [u.pk for u, (_u, rr) in zip(users, rows, strict=True) if rr == r] for r in roles.ROLES}
    by_role[roles.STAFF] += list(User.objects.filter(username="staff").values_list("pk", flat=True))
    ds.stash["users"] = by_role
    return f"accounts: {len(users)}"


def volunteers(ds: Dataset) -> str:
    """About 8,000 volunteers over the years: most registered, some suspended or withdrawn, a few provisional."""
    fields = list(ActivityField.objects.values_list("pk", flat=True))
    user_ids = list(ds.stash["users"][roles.VOLUNTEER])
    today = timezone.localdate()
    rows = []
    for i in range(ds.n(8000)):
        name, furigana, gender = ds.person()
        registered_on = ds.day_between(ds.first_day, today)
        status = ds.rng.choices(["registered", "suspended", "withdrawn", "provisional"], [70, 8, 18, 4])[0]
        postal_code, address = ds.address()
        name_k, kana_k = keys(name, furigana)
        rows.append(
            Volunteer(
                user_id=user_ids.pop() if user_ids and status != "withdrawn" else None,
                name=name,
                furigana=furigana,
                name_key=name_k,
                furigana_key=kana_k,
                birth_date=datetime.date(
                    ds.rng.randint(1940, 2008), ds.rng.randint(1, 12), ds.rng.randint(1, 28)
                ),
                gender=gender,
                postal_code=postal_code,
                address=address,
                lives_in_city=True,
                phone=ds.phone(),
                email=f"vol{i:05d}@example.jp" if ds.rng.random() < 0.7 else "",
                availability=ds.rng.sample([c for c, _l in AVAILABILITY_CHOICES], ds.rng.randint(0, 5)),
                heard_from=ds.rng.choice(["newsletter", "website", "city", "friend", "course"]),
                consent_at=timezone.make_aware(datetime.datetime.combine(registered_on, datetime.time(10))),
                consent_policy_version="2024-04",
                status=status,
                registered_via=ds.rng.choice(["online", "counter"]),
                registered_on=None if status == "provisional" else registered_on,
                withdrawn_on=ds.day_between(registered_on, today + datetime.timedelta(days=1))
                if status == "withdrawn"
                else None,
            )
        )
    made = bulk(Volunteer, rows)
    Through = Volunteer.activity_fields.through
    bulk(
        Through,
        [
            Through(volunteer_id=v.pk, activityfield_id=f)
            for v in made
            for f in ds.rng.sample(fields, ds.rng.randint(1, 3))
        ],
    )
    set_created("volunteers_volunteer", "applied_at", "coalesce(consent_at, now())", made_ids(made))
    ds.stash["volunteers"] = [
        (v.pk, v.registered_on, v.name, v.furigana, v.birth_date) for v in made if v.registered_on
    ]
    return f"volunteers: {len(made)}"


def groups(ds: Dataset) -> str:
    """400 groups, each registered (approved) for the years it was active; most years a few are refused or pending."""
    fields = list(ActivityField.objects.values_list("pk", flat=True))
    reps = list(ds.stash["users"][roles.GROUP_REP])
    rows, spans = [], []
    for i in range(ds.n(400)):
        word, word_kana = GROUP_WORDS[i % len(GROUP_WORDS)]
        kind, kind_kana = GROUP_KINDS[(i // len(GROUP_WORDS)) % len(GROUP_KINDS)]
        area, _area_kana = ds.rng.choice(
            [("田無", "タナシ"), ("保谷", "ホウヤ"), ("ひばりが丘", "ヒバリガオカ"), ("柳沢", "ヤナギサワ")]
        )
        name, kana = f"{kind} {word} {i + 1:03d}", f"{kind_kana} {word_kana} {i + 1:03d}"
        rep_name, _k, _g = ds.person()
        contact, _k, _g = ds.person()
        postal_code, address = ds.address()
        first = ds.rng.choice(ds.fiscal_years)
        last = ds.rng.choice([fy for fy in ds.fiscal_years if fy >= first] + [ds.last_fy] * 3)
        spans.append((first, last))
        rows.append(
            VolunteerGroup(
                name=name,
                name_kana=kana,
                name_kana_key=keys(name, kana)[1],
                representative_id=reps.pop() if reps else None,
                representative_name=rep_name,
                contact_name=contact,
                contact_phone=ds.phone(),
                contact_email=f"group{i:04d}@example.jp",
                contact_postal_code=postal_code,
                contact_address=address,
                members_count=ds.rng.randint(3, 60),
                activity_area=area,
                meeting_place=f"{area}地区会館",
                meeting_days=ds.rng.choice(["毎週火曜日", "第1・第3土曜日", "毎月第2水曜日", "不定期"]),
                description=f"{area}を中心に活動している{kind}です。",
                listed_publicly=ds.rng.random() < 0.6,
            )
        )
    made = bulk(VolunteerGroup, rows)
    Through = VolunteerGroup.activity_fields.through
    bulk(
        Through,
        [
            Through(volunteergroup_id=g.pk, activityfield_id=f)
            for g in made
            for f in ds.rng.sample(fields, ds.rng.randint(1, 2))
        ],
    )
    regs = []
    for group, (first, last) in zip(made, spans, strict=True):
        for fy in range(first, last + 1):
            status = ds.rng.choices(
                ["approved", "rejected", "applied"], [95, 2, 3 if fy >= ds.last_fy else 0]
            )[0]
            regs.append(
                GroupRegistration(
                    group=group,
                    fiscal_year=fy,
                    status=status,
                    members_count=group.members_count,
                    decided_at=None
                    if status == "applied"
                    else timezone.make_aware(
                        datetime.datetime.combine(fiscal_year_start(fy), datetime.time(10))
                    ),
                )
            )
    bulk(GroupRegistration, regs)
    set_created(
        "volunteers_volunteergroup", "created_at", "now() - (random() * interval '3650 days')", made_ids(made)
    )
    ds.stash["groups"] = {g.pk: span for g, span in zip(made, spans, strict=True)}
    return f"groups: {len(made)}, registrations: {len(regs)}"


def requests(ds: Dataset) -> str:
    """About 3,000 requests over the years, most closed, with two or three introductions each."""
    staff = ds.stash["users"][roles.STAFF]
    fields = list(ActivityField.objects.values_list("pk", flat=True))
    vols = ds.stash["volunteers"]
    today = timezone.localdate()
    rows = []
    for _i in range(ds.n(3000)):
        received = ds.day_between(ds.first_day, today)
        requester, kana, _g = ds.person()
        kind = ds.rng.choice(["individual", "facility", "school", "group", "company"])
        old = (today - received).days > 60
        status = "closed" if old else ds.rng.choice(["received", "coordinating"])
        title = ds.rng.choice(REQUEST_TITLES)
        published = not old and ds.rng.random() < 0.5
        name_k, kana_k = keys(requester, kana)
        rows.append(
            HelpRequest(
                requester_type=kind,
                requester_name=requester,
                requester_furigana=kana,
                requester_name_key=name_k,
                requester_furigana_key=kana_k,
                requester_phone=ds.phone(),
                title=title,
                description=f"{title}をお願いします。",
                activity_field_id=ds.rng.choice(fields),
                starts_on=received + datetime.timedelta(days=14),
                volunteers_needed=ds.rng.randint(1, 5),
                received_on=received,
                status=status,
                closing_reason=ds.rng.choice(["matched", "matched", "withdrawn", "no_candidate"])
                if status == "closed"
                else "",
                closed_on=received + datetime.timedelta(days=40) if status == "closed" else None,
                is_published=published,
                public_title=title if published else "",
                public_place="田無町周辺" if published else "",
                created_by_id=ds.rng.choice(staff),
            )
        )
    made = bulk(HelpRequest, rows)
    intros = []
    for req in made:
        for vol in ds.rng.sample(vols, ds.rng.randint(0, 3)):
            status = ds.rng.choice(["active", "ended", "failed"]) if req.status == "closed" else "proposed"
            intros.append(
                Introduction(
                    request=req,
                    volunteer_id=vol[0],
                    status=status,
                    response="accepted" if status != "failed" else "declined",
                    introduced_on=req.received_on + datetime.timedelta(days=ds.rng.randint(1, 20)),
                    failure_reason="日程が合わなかった" if status == "failed" else "",
                    created_by_id=ds.rng.choice(staff),
                )
            )
    intros = bulk(Introduction, intros)
    set_created("volunteers_helprequest", "created_at", "received_on + time '10:00'", made_ids(made))
    set_created("volunteers_introduction", "created_at", "introduced_on + time '11:00'", made_ids(intros))
    return f"requests: {len(made)}, introductions: {len(intros)}"


def consultations(ds: Dataset) -> str:
    """About 6,000 consultations logged by fifteen staff over the years."""
    staff = ds.stash["users"][roles.STAFF]
    vols = ds.stash["volunteers"]
    group_ids = list(ds.stash["groups"])
    today = timezone.localdate()
    rows = []
    for _i in range(ds.n(6000)):
        received = ds.day_between(ds.first_day, today)
        who = ds.rng.random()
        name, kana = ("", "")
        if who >= 0.6:
            name, kana, _g = ds.person()
        name_k, kana_k = keys(name, kana) if name else ("", "")
        rows.append(
            Consultation(
                received_on=received,
                channel=ds.rng.choice(["visit", "phone", "email", "outreach"]),
                volunteer_id=ds.rng.choice(vols)[0] if who < 0.4 else None,
                group_id=ds.rng.choice(group_ids) if 0.4 <= who < 0.6 else None,
                person_name=name,
                person_furigana=kana,
                person_name_key=name_k,
                person_furigana_key=kana_k,
                category=ds.rng.choice(
                    ["want_to_help", "need_help", "group_running", "insurance", "facilities", "other"]
                ),
                content=ds.rng.choice(CONSULT_TEXTS),
                response="ご案内しました。",
                status="done" if (today - received).days > 30 else ds.rng.choice(["open", "done"]),
                follow_up_on=received + datetime.timedelta(days=7) if (today - received).days <= 30 else None,
                staff_id=ds.rng.choice(staff),
            )
        )
    made = bulk(Consultation, rows)
    set_created("volunteers_consultation", "created_at", "received_on + time '10:00'", made_ids(made))
    return f"consultations: {len(made)}"


def insurance(ds: Dataset) -> str:
    """Each year's products, and about 4,000 enrolments a year: volunteers on my page or at the counter, and groups' rosters."""
    plan_rows = []
    existing = set(InsurancePlan.objects.values_list("fiscal_year", "kind", "name"))
    products = [
        ("volunteer", "基本タイプA", 350, "person_year"),
        ("volunteer", "基本タイプB", 510, "person_year"),
        ("volunteer", "天災タイプA", 500, "person_year"),
        ("volunteer", "天災タイプB", 710, "person_year"),
        ("event", "行事保険Aプラン", 28, "person_day"),
        ("event", "当日参加対応型", 2000, "event"),
    ]
    for fy in ds.fiscal_years:
        for order, (kind, name, rate, unit) in enumerate(products):
            if (fy, kind, name) not in existing:
                plan_rows.append(
                    InsurancePlan(
                        fiscal_year=fy, kind=kind, name=name, rate=rate, rate_unit=unit, sort_order=order
                    )
                )
    bulk(InsurancePlan, plan_rows)
    plans = {}
    for plan in InsurancePlan.objects.filter(kind="volunteer"):
        plans.setdefault(plan.fiscal_year, []).append(plan)
    taken = set(Enrolment.objects.active().values_list("person_key", "fiscal_year"))
    vols = ds.stash["volunteers"]
    groups = list(ds.stash["groups"])
    per_year = ds.n(40000) // len(ds.fiscal_years)
    today = timezone.localdate()
    rows = []
    receipt = 0
    for fy in ds.fiscal_years:
        start = fiscal_year_start(fy)
        eligible = [v for v in vols if v[1] <= fiscal_year_end(fy)]
        from_volunteers = ds.rng.sample(eligible, min(len(eligible), per_year * 3 // 4))
        people = [(f"v:{v[0]}", v[0], v[2], v[3], v[4], None) for v in from_volunteers]
        for i in range(per_year - len(people)):
            name, kana, _g = ds.person()
            birth = datetime.date(ds.rng.randint(1945, 2008), ds.rng.randint(1, 12), ds.rng.randint(1, 28))
            name_k, kana_k = keys(name, kana)
            people.append(
                (
                    f"p:{kana_k}:{birth.isoformat()}:{name_k}:{i}",
                    None,
                    name,
                    kana,
                    birth,
                    ds.rng.choice(groups),
                )
            )
        for key, volunteer_id, name, kana, birth, group_id in people:
            if (key, fy) in taken:
                continue
            plan = ds.rng.choice(plans[fy])
            applied = ds.day_between(
                start - datetime.timedelta(days=25), min(start + datetime.timedelta(days=300), today)
            )
            status = (
                "enrolled" if fy < ds.last_fy or ds.rng.random() < 0.7 else ds.rng.choice(["applied", "paid"])
            )
            if ds.rng.random() < 0.03:
                status = "cancelled"
            paid = status in ("paid", "enrolled")
            receipt += 1
            name_k, kana_k = keys(name, kana)
            rows.append(
                Enrolment(
                    fiscal_year=fy,
                    plan=plan,
                    volunteer_id=volunteer_id,
                    person_name=name,
                    person_furigana=kana,
                    birth_date=birth,
                    name_key=name_k,
                    furigana_key=kana_k,
                    person_key=key,
                    group_id=group_id,
                    via="roster" if group_id else ds.rng.choice(["mypage", "counter"]),
                    status=status,
                    premium=plan.rate,
                    paid_on=applied + datetime.timedelta(days=3) if paid else None,
                    receipt_number=f"DS{fy}-{receipt:06d}" if paid else "",
                    enrolled_on=applied + datetime.timedelta(days=5) if status == "enrolled" else None,
                    coverage_start=max(start, applied + datetime.timedelta(days=5))
                    if status == "enrolled"
                    else None,
                    coverage_end=fiscal_year_end(fy) if status == "enrolled" else None,
                    cancelled_at=timezone.make_aware(datetime.datetime.combine(applied, datetime.time(12)))
                    if status == "cancelled"
                    else None,
                    cancel_reason="本人の申し出" if status == "cancelled" else "",
                )
            )
    made = bulk(Enrolment, rows)
    set_created(
        "volunteers_enrolment",
        "applied_at",
        "coalesce(paid_on, make_date(fiscal_year, 4, 1)) - interval '3 days' + time '10:00'",
        made_ids(made),
    )
    return (
        f"insurance products: {len(plan_rows)}, enrolments: {len(made)} ({fiscal_year(today)} is this year)"
    )


GENERATORS = [accounts, volunteers, groups, requests, consultations, insurance]
