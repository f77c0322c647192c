"""Demo requests, introductions and consultations across this fiscal year and last; idempotent.

Natural keys: a request by its title and received date, an introduction by (request, volunteer or
group), a consultation by its date and who. Uses the registered volunteers and groups that
volunteers/demo.py made (a few are created here when there are none), and gives the demo account
`volunteer` one introduction waiting for an answer and one 募集 to apply to.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from config.core import audit, roles
from config.core.dates import current_fiscal_year, fiscal_year_start
from config.core.search import kana_key, name_key

from .models import (
    ActivityField,
    Consultation,
    GroupRegistration,
    HelpRequest,
    Introduction,
    RequestComment,
    Volunteer,
    VolunteerGroup,
)
from .models.people import VolunteerStatus

# title, requester type, requester, field slug, place, schedule, needed, description
REQUESTS = [
    ("デイサービスでの話し相手", "facility", "デイサービスけやき", "listening", "西東京市田無町", "毎週火曜日 14時〜15時", 2,
     "利用者の方とお茶を飲みながらの話し相手をお願いします。"),
    ("小学生の学習支援", "school", "西東京市立けやき小学校", "children", "西東京市保谷町", "毎週木曜日 15時〜16時半", 3,
     "放課後の学習教室で、宿題を見てくださる方を探しています。"),
    ("買い物の付き添い", "individual", "保谷 トメ", "elderly", "西東京市ひばりが丘", "毎週水曜日 午前", 1,
     "足が不自由な高齢の方の、近所のスーパーへの買い物の付き添いです。"),
    ("手話通訳の補助", "group", "西東京ろうあ協会", "sign-language", "田無総合福祉センター", "月1回 土曜日 午後", 2,
     "講演会での手話通訳の補助をお願いします。"),
    ("公園清掃イベントの運営", "company", "株式会社みどり商事", "environment", "西東京いこいの森公園", "年2回 日曜日 午前", 5,
     "社員と地域の方で行う公園清掃の受付・案内を手伝ってください。"),
    ("外国籍の親子への日本語支援", "facility", "西東京市国際交流協会", "japanese", "西東京市南町", "毎週土曜日 10時〜12時", 2,
     "日本語教室で、子どもと一緒に来る保護者の会話練習の相手をお願いします。"),
    ("点字の広報誌づくり", "group", "点訳サークルあおば", "braille", "保谷駅前公民館", "毎月第2金曜日", 2,
     "市の広報の点訳を一緒にしてくださる方を探しています。"),
    ("高齢者サロンのお手伝い", "facility", "ふれあいサロン柳沢", "elderly", "西東京市柳沢", "毎月第1・第3月曜日 午後", 3,
     "体操や茶話会の準備と片付けをお願いします。"),
]
# how each request ended up, per fiscal year: (status, closing reason, introductions as (status, response))
OUTCOMES = [
    ("closed", "matched", [("active", "accepted"), ("failed", "declined")]),
    ("coordinating", "", [("proposed", "pending"), ("active", "accepted")]),
    ("coordinating", "", [("proposed", "pending")]),
    ("closed", "no_candidate", [("failed", "declined")]),
    ("closed", "matched", [("ended", "accepted"), ("active", "accepted")]),
    ("received", "", []),
    ("closed", "withdrawn", [("failed", "pending")]),
    ("coordinating", "", [("active", "accepted"), ("proposed", "accepted")]),
]
CONSULTATIONS = [
    ("visit", "want_to_help", "定年退職したので何か活動を始めたい", "はじめて講座を案内した"),
    ("phone", "need_help", "母の通院に付き添ってくれる人がほしい", "依頼として受け付けた"),
    ("email", "group_running", "会員が減って活動が続けにくい", "助成金の情報を送った"),
    ("phone", "insurance", "ボランティア保険の加入方法を知りたい", "窓口での手続きを説明した"),
    ("outreach", "disaster", "町内会で災害ボランティアの話を聞きたい", "出張講座の日程を調整中"),
    ("visit", "facilities", "会議室を借りたい", "団体登録と予約方法を説明した"),
]


def _staff_user():
    User = get_user_model()
    user = User.objects.filter(username="staff").first() or User.objects.filter(groups__name=roles.STAFF).first()
    if user is None:
        roles.create_roles(Group)
        user, created = User.objects.get_or_create(
            username="coordinator-demo", defaults={"last_name": "調整", "first_name": "係", "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=roles.STAFF))
    return user


def _volunteers(today: datetime.date) -> list[Volunteer]:
    found = list(Volunteer.objects.active().order_by("pk")[:12])
    for n, (name, kana) in enumerate([("調整 一郎", "チョウセイ イチロウ"), ("調整 花子", "チョウセイ ハナコ"), ("調整 誠", "チョウセイ マコト")]):
        if len(found) >= 6:
            break
        volunteer, _ = Volunteer.objects.get_or_create(
            name=name, birth_date=datetime.date(1950 + n, 4, 1),
            defaults={"furigana": kana, "name_key": name.replace(" ", ""), "furigana_key": kana.replace(" ", ""),
                      "address": "西東京市田無町4-1-1", "lives_in_city": True, "status": VolunteerStatus.REGISTERED,
                      "registered_on": today, "availability": ["tue_pm", "wed_am", "sat_am"]},
        )
        found.append(volunteer)
    return found


def _groups(fy: int) -> list[VolunteerGroup]:
    found = list(VolunteerGroup.objects.registered_for(fy).order_by("pk")[:4])
    if not found:
        group, _ = VolunteerGroup.objects.get_or_create(
            name="つなぐ会（デモ）",
            defaults={"name_kana": "ツナグカイ", "name_kana_key": "ツナグカイ", "representative_name": "田無 太郎",
                      "contact_name": "田無 花子", "members_count": 10, "activity_area": "西東京市内"},
        )
        GroupRegistration.objects.get_or_create(
            group=group, fiscal_year=fy, defaults={"status": GroupRegistration.Status.APPROVED, "members_count": 10}
        )
        found = [group]
    return found


def load(stdout) -> None:
    today = timezone.localdate()
    fy = current_fiscal_year()
    staff = _staff_user()
    volunteers = _volunteers(today)
    groups = _groups(fy)
    fields = {f.slug: f for f in ActivityField.objects.all()}
    rng = random.Random(2020)
    made = 0

    for year in (fy - 1, fy):
        start = fiscal_year_start(year)
        # this year's requests fall between the start of the year and today
        span = max((min(today, start.replace(year=start.year + 1)) - start).days - 1, 1)
        for n, ((title, rtype, requester, slug, place, schedule, needed, text), (status, reason, intros)) in enumerate(
            zip(REQUESTS, OUTCOMES, strict=True)
        ):
            received = start + datetime.timedelta(days=(n * span) // len(REQUESTS))
            help_request, created = HelpRequest.objects.get_or_create(
                title=title, received_on=received,
                defaults={
                    "requester_type": rtype, "requester_name": requester, "requester_name_key": name_key(requester),
                    "requester_phone": f"042-46{n}-{1000 + n * 7}",
                    "description": text, "activity_field": fields.get(slug), "place": place, "schedule": schedule,
                    "volunteers_needed": needed, "status": status, "closing_reason": reason,
                    "closed_on": received + datetime.timedelta(days=20) if status == "closed" else None,
                    "received_via": HelpRequest.Via.ONLINE if n % 3 == 2 else HelpRequest.Via.STAFF, "created_by": staff,
                },
            )
            if not created:
                continue
            made += 1
            audit.record(actor=staff, action="request_create", target=help_request, changes={"received_via": [None, help_request.received_via]})
            RequestComment.objects.create(request=help_request, author=staff, body=f"{requester}に電話で詳しい内容を確認した。")
            for i, (intro_status, response) in enumerate(intros):
                volunteer = volunteers[(n + i + year) % len(volunteers)]
                introduced = received + datetime.timedelta(days=3 + i)
                Introduction.objects.get_or_create(
                    request=help_request, volunteer=volunteer,
                    defaults={
                        "status": intro_status, "response": response, "introduced_on": introduced,
                        "started_on": introduced + datetime.timedelta(days=7) if intro_status in ("active", "ended") else None,
                        "ended_on": introduced + datetime.timedelta(days=60) if intro_status == "ended" else None,
                        "failure_reason": ("本人が辞退" if response == "declined" else "依頼が取り下げられた") if intro_status == "failed" else "",
                        "responded_at": timezone.now() if response != "pending" else None, "created_by": staff,
                    },
                )
            if n == 4 and groups:
                Introduction.objects.get_or_create(
                    request=help_request, group=groups[0],
                    defaults={"status": "active", "response": "accepted", "introduced_on": received + datetime.timedelta(days=5),
                              "started_on": received + datetime.timedelta(days=12), "created_by": staff},
                )

    # One public 募集 this year, with an application waiting for staff.
    boshu, created = HelpRequest.objects.get_or_create(
        title="子ども食堂の配膳（けやき食堂）", received_on=fiscal_year_start(fy),
        defaults={
            "requester_type": "group", "requester_name": "けやき子ども食堂", "requester_contact_name": "食堂 花子",
            "requester_furigana": "ケヤキコドモショクドウ", "requester_name_key": name_key("けやき子ども食堂"),
            "requester_furigana_key": kana_key("ケヤキコドモショクドウ"), "public_place": "向台町周辺",
            "requester_phone": "042-465-0000", "description": "月2回の子ども食堂で配膳と片付けをお願いします。",
            "activity_field": fields.get("children"), "place": "西東京市向台町 公民館", "schedule": "第2・第4土曜日 11時〜14時",
            "volunteers_needed": 4, "status": "coordinating", "is_published": True,
            "public_title": "子ども食堂で配膳のお手伝い",
            "public_description": "地域の子どもたちに食事を届ける子ども食堂で、配膳と片付けを手伝ってくださる方を募集します。\n調理の経験は要りません。",
            "created_by": staff,
        },
    )
    if created:
        made += 1
        audit.record(actor=staff, action="request_create", target=boshu, changes={"received_via": [None, "staff"]})
        Introduction.objects.get_or_create(
            request=boshu, volunteer=volunteers[-1],
            defaults={"status": "applied", "initiated_by": "applied", "response": "accepted", "responded_at": timezone.now()},
        )

    # The demo account `volunteer` has one introduction waiting for an answer.
    demo = Volunteer.objects.filter(user__username="volunteer", status=VolunteerStatus.REGISTERED).first()
    if demo:
        open_request = HelpRequest.objects.filter(title=REQUESTS[2][0], status="coordinating").order_by("-received_on").first()
        if open_request:
            Introduction.objects.get_or_create(
                request=open_request, volunteer=demo,
                defaults={"status": "proposed", "response": "pending", "introduced_on": max(open_request.received_on, today - datetime.timedelta(days=2)), "created_by": staff},
            )

    for year in (fy - 1, fy):
        start = fiscal_year_start(year)
        for n, (channel, category, content, response) in enumerate(CONSULTATIONS * 2):
            received = min(start + datetime.timedelta(days=11 * n + rng.randint(0, 5)), today)
            who = volunteers[n % len(volunteers)] if n % 3 == 0 else None
            is_open = year == fy and n % 4 == 1
            Consultation.objects.get_or_create(
                received_on=received, content=content, person_name="" if who else f"相談者{n + 1}",
                defaults={
                    "person_name_key": "" if who else name_key(f"相談者{n + 1}"),
                    "channel": channel, "category": category, "volunteer": who, "response": response,
                    "status": Consultation.Status.OPEN if is_open else Consultation.Status.DONE,
                    "follow_up_on": today + datetime.timedelta(days=n % 5 - 1) if is_open else None, "staff": staff,
                },
            )
    stdout.write(f"依頼・紹介・相談のデモデータ：新しい依頼 {made}件")
