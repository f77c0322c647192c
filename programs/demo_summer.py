"""Demo data for 夏！体験ボランティア西東京: this fiscal year's campaign with welfare facilities and registered groups as
hosts, approved programs (and one still waiting for approval), applications of pupils and students with their
guardians' consent, a seeded placement, published, and attendance for the days that have passed.

Idempotent: nothing is added when the fiscal year already has a campaign. Called from programs/demo.py.
"""

import datetime

from django.utils import timezone

from config.core.dates import fiscal_year_start

from .models import SummerCampaign, SummerPlacement
from .services import summer as services

T = datetime.time
# (host, kind, group index or None, title, grade_min, grade_max, [(day offset in the activity period, slots)], bring)
PROGRAMS = [
    (
        "特別養護老人ホーム けやきの里",
        "facility",
        None,
        "高齢者施設での夏祭りのお手伝い",
        4,
        14,
        [(2, 4), (3, 4)],
        "上履き・飲み物",
    ),
    (
        "特別養護老人ホーム けやきの里",
        "facility",
        None,
        "利用者さんとのお茶会・レクリエーション",
        7,
        14,
        [(9, 3)],
        "上履き",
    ),
    (
        "障害者支援施設 ひばりの家",
        "facility",
        None,
        "作業所での軽作業と交流",
        7,
        14,
        [(4, 3), (11, 3)],
        "エプロン",
    ),
    ("デイサービス いこいの森", "facility", None, "デイサービスでの話し相手", 7, 12, [(5, 2), (12, 2)], ""),
    (
        "保育園 にしとうきょう",
        "facility",
        None,
        "保育園での夏の遊びのお手伝い",
        7,
        14,
        [(6, 4)],
        "帽子・着替え",
    ),
    ("児童館 みどり", "facility", None, "児童館の夏休みイベント運営", 4, 9, [(8, 5)], "上履き"),
    (None, "group", 1, "手話を覚えて話してみよう", 4, 14, [(3, 6)], "筆記用具"),
    (None, "group", 2, "点字で名刺を作ろう", 4, 14, [(10, 6)], "筆記用具"),
    (None, "group", 6, "子ども食堂の調理と配膳", 7, 14, [(7, 3), (14, 3)], "エプロン・三角巾"),
    (None, "group", 10, "車いすの点検と試乗体験", 5, 14, [(13, 5)], "軍手"),
]
SURNAMES = [
    "青木",
    "井上",
    "上田",
    "江藤",
    "小野",
    "加藤",
    "木村",
    "工藤",
    "小林",
    "佐藤",
    "清水",
    "鈴木",
    "田中",
    "中村",
    "西田",
    "野口",
    "原田",
    "平野",
    "藤井",
    "本田",
    "松本",
    "宮崎",
    "村上",
    "森",
]
KANA = [
    "アオキ",
    "イノウエ",
    "ウエダ",
    "エトウ",
    "オノ",
    "カトウ",
    "キムラ",
    "クドウ",
    "コバヤシ",
    "サトウ",
    "シミズ",
    "スズキ",
    "タナカ",
    "ナカムラ",
    "ニシダ",
    "ノグチ",
    "ハラダ",
    "ヒラノ",
    "フジイ",
    "ホンダ",
    "マツモト",
    "ミヤザキ",
    "ムラカミ",
    "モリ",
]
GIVEN = [("さくら", "サクラ"), ("はると", "ハルト"), ("ゆい", "ユイ"), ("そうた", "ソウタ"), ("ひな", "ヒナ")]
SCHOOLS = [
    "西東京市立田無第一中学校",
    "西東京市立保谷中学校",
    "西東京市立けやき小学校",
    "都立保谷高校",
    "都立田無高校",
]
APPLICANTS = 48


def load(fy: int, groups, staff) -> None:
    if SummerCampaign.objects.filter(fiscal_year=fy).exists():
        return
    start = fiscal_year_start(fy)
    campaign = services.campaign_create(
        by=staff,
        fiscal_year=fy,
        title=f"夏！体験ボランティア西東京{fy}",
        offers_from=start + datetime.timedelta(days=30),
        offers_until=start + datetime.timedelta(days=55),
        apply_from=start + datetime.timedelta(days=65),
        apply_until=start + datetime.timedelta(days=95),
        activity_from=datetime.date(fy, 7, 21),
        activity_until=datetime.date(fy, 8, 31),
        consent_text="保護者として、子どもが夏！体験ボランティア西東京に参加すること、活動中の事故に備えてボランティア保険に"
        "加入すること、連絡のために申込の内容を受入先と共有することに同意します。",
        consent_version=f"{fy}-1",
    )
    programs = []
    for i, (host_name, kind, group_i, title, g_min, g_max, dates, bring) in enumerate(PROGRAMS):
        group = groups[group_i] if group_i is not None and group_i < len(groups) else None
        if kind == "group" and group is None:
            continue
        host = services.host_for_offer(
            kind=kind,
            name=host_name or group.name,
            group=group,
            contact_name="受入担当",
            contact_phone=f"042-461-{1000 + i:04d}",
            contact_email="" if i % 3 == 2 else f"host{i}@example.jp",
            by=staff,
        )
        program = services.program_offer(
            campaign=campaign,
            host=host,
            by=staff,
            dates=[
                {
                    "day": campaign.activity_from + datetime.timedelta(days=d),
                    "start_time": T(10),
                    "end_time": T(12),
                    "slots": n,
                }
                for d, n in dates
            ],
            title=title,
            description=f"{host.name}で、{title}を体験します。職員やメンバーが一緒なので、初めての方も安心です。",
            place=f"{host.name}（西東京市内）",
            grade_min=g_min,
            grade_max=g_max,
            bring=bring,
            contact=f"{host.name} 042-461-{1000 + i:04d}",
        )
        programs.append(program)
    for program in programs[:-1]:
        services.program_review(
            program=program, approve=True, by=staff
        )  # the last one still waits for approval
    approved = programs[:-1]
    for n in range(APPLICANTS):
        grade = [5, 7, 8, 9, 10, 11, 13][n % 7]
        age = {5: 10, 7: 12, 8: 13, 9: 14, 10: 15, 11: 16, 13: 19}[grade]
        fits = [p for p in approved if p.grade_min <= grade <= p.grade_max]
        picks = [fits[(n + k * 3) % len(fits)] for k in range(3)]
        picks = list(dict.fromkeys(picks))[: 2 + n % 2]
        s, given = n % len(SURNAMES), GIVEN[n % len(GIVEN)]
        services.application_create(
            campaign=campaign,
            programs=picks,
            name=f"{SURNAMES[s]} {given[0]}",
            furigana=f"{KANA[s]} {given[1]}",
            birth_date=datetime.date(fy - age - 1, 4 + n % 8, 1 + n % 27),
            grade=grade,
            school="" if grade == 13 else SCHOOLS[n % len(SCHOOLS)],
            email=f"summer{n}@example.jp",
            guardian_name="" if age >= 18 else f"{SURNAMES[s]} 保護者",
            guardian_phone="" if age >= 18 else f"042-462-{n:04d}",
            guardian_consent=age < 18,
            today=campaign.apply_from,
        )
    today = timezone.localdate()
    if campaign.phase(today) != SummerCampaign.Phase.CLOSED:
        return  # before the application deadline (April to June): the placement waits for staff
    services.placement_run(campaign=campaign, by=staff, seed=2020)
    services.placement_publish(campaign=campaign, by=staff)
    for i, placement in enumerate(
        SummerPlacement.objects.filter(application__campaign=campaign, program_date__day__lte=today)
        .select_related("application__campaign", "program_date")
        .order_by("pk")
    ):
        services.attendance_record(placement=placement, attended=i % 9 != 0, by=staff, today=today)
