"""Demo people and groups across this fiscal year and last; idempotent (natural keys: name + birth date, group name).

config/core/demo.py creates the demo accounts first; this links `volunteer` to a registered person and
makes `dantai` the representative of 西東京ひばりの会.
"""

import datetime
import random

from django.contrib.auth import get_user_model

from config.core.dates import current_fiscal_year, fiscal_year_start
from config.core.normalize import kana_search_key

from . import demo_coordination, demo_insurance
from .models import ActivityField, GroupRegistration, Volunteer, VolunteerGroup
from .models.fields import AVAILABILITY_CHOICES
from .models.people import Gender, HeardFrom, RegisteredVia, VolunteerStatus
from .services.people import PRIVACY_POLICY_VERSION, volunteer_approve, volunteer_register

FAMILY = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
]
GIVEN = [
    ("花子", "ハナコ", Gender.FEMALE),
    ("一郎", "イチロウ", Gender.MALE),
    ("洋子", "ヨウコ", Gender.FEMALE),
    ("健", "ケン", Gender.MALE),
    ("さくら", "サクラ", Gender.FEMALE),
    ("誠", "マコト", Gender.MALE),
    ("和子", "カズコ", Gender.FEMALE),
    ("茂", "シゲル", Gender.UNSPECIFIED),
]
TOWNS = [
    "西東京市田無町",
    "西東京市保谷町",
    "西東京市ひばりが丘",
    "西東京市谷戸町",
    "西東京市東伏見",
    "東京都小平市花小金井",
    "東京都練馬区大泉町",
]

GROUPS = [
    # name, kana, fields, area, place, days, members, listed
    (
        "西東京ひばりの会",
        "ニシトウキョウヒバリノカイ",
        ["elderly", "listening"],
        "ひばりが丘",
        "ひばりが丘福祉会館",
        "毎週水曜日 午後",
        18,
        True,
    ),
    (
        "手話サークル たなし",
        "シュワサークル タナシ",
        ["sign-language", "disability"],
        "田無",
        "田無総合福祉センター",
        "毎週火曜日 夜",
        25,
        True,
    ),
    (
        "点字の会 ほうや",
        "テンジノカイ ホウヤ",
        ["braille"],
        "保谷",
        "保谷庁舎",
        "第2・第4木曜日 午前",
        9,
        True,
    ),
    (
        "にほんご教室 ともだち",
        "ニホンゴキョウシツ トモダチ",
        ["japanese", "international"],
        "西東京市内",
        "柳沢公民館",
        "毎週土曜日 午前",
        30,
        True,
    ),
    (
        "防災ボランティア西東京",
        "ボウサイボランティアニシトウキョウ",
        ["disaster", "community"],
        "西東京市内",
        "田無総合福祉センター",
        "毎月第1日曜日",
        40,
        False,
    ),
    (
        "子ども食堂 こもれび",
        "コドモショクドウ コモレビ",
        ["children"],
        "東伏見",
        "東伏見ふれあいプラザ",
        "毎月第3土曜日",
        12,
        True,
    ),
]


def load(stdout) -> None:
    rng = random.Random(2026)
    fy = current_fiscal_year()
    fields = {f.slug: f for f in ActivityField.objects.all()}
    User = get_user_model()

    people = []
    for i in range(36):
        family, family_kana = FAMILY[i % len(FAMILY)]
        given, given_kana, gender = GIVEN[(i * 5) % len(GIVEN)]
        name, furigana = f"{family} {given}", f"{family_kana} {given_kana}"
        birth = datetime.date(1940 + (i * 7) % 60, 1 + i % 12, 1 + (i * 3) % 28)
        # Registered across last fiscal year and this one; some still waiting, some resting or withdrawn.
        year = fy - 1 if i % 2 else fy
        registered_on = fiscal_year_start(year) + datetime.timedelta(days=(i * 11) % 200)
        registered_on = min(registered_on, datetime.date.today())
        status = [VolunteerStatus.REGISTERED] * 6 + [
            VolunteerStatus.PROVISIONAL,
            VolunteerStatus.SUSPENDED,
            VolunteerStatus.WITHDRAWN,
        ]
        status = status[i % len(status)]
        town = TOWNS[i % len(TOWNS)]
        address = f"{town}{1 + i % 5}-{1 + i % 9}-{1 + i % 20}"
        postal_code = f"188-00{10 + i % 10}" if "西東京" in town else "187-0002"
        volunteer, created = Volunteer.objects.get_or_create(
            name=name,
            birth_date=birth,
            defaults={
                "furigana": furigana,
                "name_key": name.replace(" ", ""),
                "furigana_key": kana_search_key(furigana),
                "gender": gender,
                "postal_code": postal_code,
                "address": address,
                "lives_in_city": Volunteer.address_is_in_city(address, postal_code),
                "phone": f"042-46{i % 10}-{1000 + i * 37:04d}",
                "email": "" if i % 4 == 3 else f"demo{i:02d}@example.jp",
                "skills": ["", "ホームヘルパー2級", "手話検定3級", "傾聴講座修了", "普通自動車免許"][i % 5],
                "availability": sorted(rng.sample([c for c, _ in AVAILABILITY_CHOICES], 3)),
                "heard_from": HeardFrom.values[i % len(HeardFrom.values)],
                "consent_at": datetime.datetime.combine(
                    registered_on, datetime.time(10), tzinfo=datetime.UTC
                ),
                "consent_policy_version": PRIVACY_POLICY_VERSION,
                "status": status,
                "registered_via": RegisteredVia.COUNTER if i % 3 == 0 else RegisteredVia.ONLINE,
                "registered_on": None if status == VolunteerStatus.PROVISIONAL else registered_on,
                "withdrawn_on": min(registered_on + datetime.timedelta(days=30), datetime.date.today())
                if status == VolunteerStatus.WITHDRAWN
                else None,
            },
        )
        if created:
            slugs = list(fields)
            volunteer.activity_fields.set(
                [fields[slugs[(i + k) % len(slugs)]] for k in range(1 + i % 3)] if slugs else []
            )
        people.append(volunteer)

    # The demo user `volunteer` is 西東 京子, a registered volunteer.
    demo_user = User.objects.filter(username="volunteer").first()
    if demo_user and not Volunteer.objects.filter(user=demo_user).exists():
        volunteer, _ = Volunteer.objects.get_or_create(
            name="西東 京子",
            birth_date=datetime.date(1960, 5, 15),
            defaults={
                "furigana": "サイトウ キョウコ",
                "name_key": "西東京子",
                "furigana_key": "サイトウキョウコ",
                "gender": Gender.FEMALE,
                "postal_code": "188-0011",
                "address": "西東京市田無町5-5-12",
                "lives_in_city": True,
                "phone": "042-466-3070",
                "email": demo_user.email,
                "availability": ["tue_pm", "thu_am", "sat_am"],
                "heard_from": HeardFrom.WEBSITE,
                "consent_at": datetime.datetime(2025, 4, 10, 10, tzinfo=datetime.UTC),
                "consent_policy_version": PRIVACY_POLICY_VERSION,
                "status": VolunteerStatus.REGISTERED,
                "registered_on": fiscal_year_start(fy - 1) + datetime.timedelta(days=9),
                "skills": "傾聴ボランティア養成講座 修了",
            },
        )
        volunteer.user = demo_user
        volunteer.save(update_fields=["user"])
        volunteer.activity_fields.set([f for s, f in fields.items() if s in ("elderly", "listening")])

    dantai = User.objects.filter(username="dantai").first()
    for n, (name, kana, slugs, area, place, days, members, listed) in enumerate(GROUPS):
        group, created = VolunteerGroup.objects.get_or_create(
            name=name,
            defaults={
                "name_kana": kana,
                "name_kana_key": kana_search_key(kana),
                "representative": dantai if n == 0 else None,
                "representative_name": "田無 太郎" if n == 0 else f"{FAMILY[n][0]} {GIVEN[n][0]}",
                "contact_name": f"{FAMILY[n + 3][0]} {GIVEN[n + 1][0]}",
                "contact_phone": f"042-465-{2000 + n:04d}",
                "contact_email": "dantai@example.jp"
                if n == 0
                else ("" if n == 4 else f"group{n}@example.jp"),
                "contact_postal_code": "188-0011",
                "contact_address": "西東京市田無町5-5-12",
                "members_count": members,
                "activity_area": area,
                "meeting_place": place,
                "meeting_days": days,
                "description": f"{area}を中心に活動しています。見学・新しい仲間を歓迎します。",
                "listed_publicly": listed,
                "consent_at": datetime.datetime(2025, 4, 5, 10, tzinfo=datetime.UTC),
                "consent_policy_version": PRIVACY_POLICY_VERSION,
            },
        )
        if created:
            group.activity_fields.set([fields[s] for s in slugs if s in fields])
        # Last year all approved; this year most renewed, one still waiting, one not yet renewed.
        GroupRegistration.objects.get_or_create(
            group=group,
            fiscal_year=fy - 1,
            defaults={"status": GroupRegistration.Status.APPROVED, "members_count": members - 2},
        )
        if n != 5:
            status = GroupRegistration.Status.APPLIED if n == 3 else GroupRegistration.Status.APPROVED
            GroupRegistration.objects.get_or_create(
                group=group, fiscal_year=fy, defaults={"status": status, "members_count": members}
            )

    # 田無 ふみ has no email: registered at the counter and approved through the services, so the staff
    # home shows a login letter to print (ログインのご案内) for her, as it would for a real approval.
    staff = User.objects.filter(username="staff").first()
    if staff and not Volunteer.objects.filter(name="田無 ふみ", birth_date=datetime.date(1946, 10, 3)).exists():
        fumi = volunteer_register(
            data={
                "name": "田無 ふみ",
                "furigana": "タナシ フミ",
                "birth_date": datetime.date(1946, 10, 3),
                "gender": Gender.FEMALE,
                "postal_code": "188-0011",
                "address": "西東京市田無町4-1-1",
                "phone": "042-461-1234",
                "email": "",
            },
            activity_fields=[fields[s] for s in ("elderly",) if s in fields],
            via=RegisteredVia.COUNTER,
            by=staff,
        )
        volunteer_approve(volunteer=fumi, by=staff, site_url="http://127.0.0.1:8000/")

    stdout.write(f"ボランティア {Volunteer.objects.count()}人・団体 {VolunteerGroup.objects.count()}団体")
    # Requests, introductions and consultations need the people and groups above.
    demo_coordination.load(stdout)
    demo_insurance.load(stdout)
