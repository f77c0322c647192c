"""Demo data for school lessons and outreach courses: an autumn season (September to December of this fiscal year) of
requests from the city's schools and a few organisations, in every state — held ones with their report, decided ones
with a wheelchair reserved, some being arranged, some just received, one cancelled. Lessons whose day has passed are
replayed as the staff would have recorded them (decided a month before, recorded as held the afternoon after).

Idempotent: a request is looked up by its organisation and theme first.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from config.core.dates import fiscal_year_start
from config.core.models import Site
from volunteers.models import Volunteer, VolunteerGroup

from .models import EquipmentKind, SchoolRequest, SchoolTheme
from .school_defaults import create_school_themes
from .services import schools as services

# (organisation, kind, grade, pupils, theme, month, day, start, end, place, lecturer group, target state)
SEASON = [
    (
        "西東京市立田無小学校",
        "lesson",
        "4年生",
        92,
        "車いす",
        9,
        10,
        "10:45",
        "12:20",
        "田無小学校 体育館",
        "車いす点検の会",
        "held",
    ),
    (
        "西東京市立保谷小学校",
        "lesson",
        "4年生",
        65,
        "点字",
        9,
        17,
        "13:30",
        "15:05",
        "保谷小学校 多目的室",
        "点訳グループ こもれび",
        "held",
    ),
    (
        "西東京市立けやき小学校",
        "lesson",
        "3年生",
        58,
        "手話",
        9,
        29,
        "10:45",
        "12:20",
        "けやき小学校 音楽室",
        "田無手話サークル",
        "held",
    ),
    (
        "西東京市立ひばりが丘中学校",
        "lesson",
        "1年生",
        160,
        "障がい者の講演",
        10,
        6,
        "13:30",
        "15:20",
        "ひばりが丘中学校 体育館",
        "障がい児余暇支援 そらまめ",
        "held",
    ),
    (
        "西東京市立柳沢小学校",
        "lesson",
        "5年生",
        70,
        "高齢者疑似体験",
        10,
        14,
        "9:40",
        "11:25",
        "柳沢小学校 体育館",
        "高齢者見守り隊 やなぎさわ",
        "held",
    ),
    (
        "西東京市立東伏見小学校",
        "lesson",
        "4年生",
        48,
        "視覚障がい者のガイド",
        10,
        21,
        "10:45",
        "12:20",
        "東伏見小学校 体育館",
        "ガイドヘルプの会 みちしるべ",
        "held",
    ),
    (
        "西東京市立住吉小学校",
        "lesson",
        "4年生",
        75,
        "車いす",
        10,
        28,
        "13:30",
        "15:05",
        "住吉小学校 体育館",
        "車いす点検の会",
        "held",
    ),
    (
        "ひばりが丘団地自治会",
        "outreach",
        "自治会の役員・住民",
        25,
        "ボランティア入門",
        11,
        4,
        "14:00",
        "15:30",
        "ひばりが丘団地 集会所",
        "西東京傾聴ネット",
        "held",
    ),
    (
        "西東京市立谷戸小学校",
        "lesson",
        "4年生",
        80,
        "手話",
        11,
        11,
        "10:45",
        "12:20",
        "谷戸小学校 多目的室",
        "田無手話サークル",
        "held",
    ),
    (
        "西東京市立碧山小学校",
        "lesson",
        "3年生",
        62,
        "点字",
        11,
        18,
        "13:30",
        "15:05",
        "碧山小学校 図書室",
        "点訳グループ こもれび",
        "held",
    ),
    (
        "西東京市立青嵐中学校",
        "lesson",
        "2年生",
        140,
        "高齢者疑似体験",
        11,
        26,
        "13:30",
        "15:20",
        "青嵐中学校 体育館",
        "高齢者見守り隊 やなぎさわ",
        "confirmed",
    ),
    (
        "西東京市立中原小学校",
        "lesson",
        "4年生",
        88,
        "車いす",
        12,
        9,
        "10:45",
        "12:20",
        "中原小学校 体育館",
        "車いす点検の会",
        "confirmed",
    ),
    (
        "西東京市立栄小学校",
        "lesson",
        "4年生",
        54,
        "視覚障がい者のガイド",
        12,
        16,
        "10:45",
        "12:20",
        "栄小学校 体育館",
        "ガイドヘルプの会 みちしるべ",
        "confirmed",
    ),
    (
        "西東京市立本町小学校",
        "lesson",
        "5年生",
        66,
        "障がい者の講演",
        12,
        18,
        "13:30",
        "15:05",
        "本町小学校 体育館",
        "障がい児余暇支援 そらまめ",
        "arranging",
    ),
    (
        "西東京市立芝久保小学校",
        "lesson",
        "4年生",
        72,
        "手話",
        12,
        22,
        "10:45",
        "12:20",
        "芝久保小学校 多目的室",
        "",
        "received",
    ),
    (
        "保谷ふれあいサロン",
        "outreach",
        "サロンの参加者",
        20,
        "ボランティア入門",
        12,
        12,
        "13:30",
        "15:00",
        "保谷ふれあいサロン",
        "",
        "received",
    ),
    (
        "西東京市立向台小学校",
        "lesson",
        "4年生",
        60,
        "点字",
        10,
        7,
        "10:45",
        "12:20",
        "向台小学校 図書室",
        "点訳グループ こもれび",
        "cancelled",
    ),
]


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _lecturer(group_name: str, theme: SchoolTheme) -> dict:
    group = VolunteerGroup.objects.filter(name=group_name).first()
    if group is not None:
        return {"group": group}
    volunteer = (
        Volunteer.objects.filter(status="registered").filter(activity_fields=theme.activity_field).first()
    )
    return {"volunteer": volunteer} if volunteer else {}


def load(fy: int, staff) -> None:
    from volunteers.models import ActivityField

    create_school_themes(SchoolTheme, ActivityField)
    themes = {t.name: t for t in SchoolTheme.objects.all()}
    year = fiscal_year_start(fy).year
    now = timezone.now()
    wheelchair = EquipmentKind.objects.filter(name="車椅子", lend_to_schools=True).first()
    tanashi = Site.objects.filter(slug="tanashi").first()
    for org, kind, grade, pupils, theme_name, month, day_n, start, end, place, lecturer, state in SEASON:
        theme = themes[theme_name]
        if SchoolRequest.objects.filter(organisation=org, theme=theme).exists():
            continue
        day = datetime.date(year, month, day_n)
        starts_at, ends_at = _at(day, start), _at(day, end)
        # A lesson already past is replayed as it went; one ahead stays where the season has got to.
        asked_on = min(day - datetime.timedelta(days=45), timezone.localdate())
        school_request = services.request_submit(
            school_request=SchoolRequest(
                kind=kind,
                organisation=org,
                grade=grade,
                pupils=pupils,
                theme=theme,
                place=place,
                wishes="",
                contact_name="担当 先生" if kind == "lesson" else "事務局",
                contact_phone="042-461-0000",
                contact_email="" if month == 10 else "school@example.jp",
                channel="staff" if month % 2 else "online",
            ),
            dates=[
                services.PreferredDate(day, starts_at.time(), ends_at.time()),
                services.PreferredDate(day + datetime.timedelta(days=7), starts_at.time(), ends_at.time()),
            ],
            by=staff,
            today=asked_on,
        )
        if state == "received":
            continue
        if state == "cancelled":
            services.request_cancel(school_request=school_request, reason="学級閉鎖のため", by=staff)
            continue
        services.request_start_arranging(school_request=school_request, by=staff)
        who = _lecturer(lecturer, theme)
        if who:
            services.lecturer_add(school_request=school_request, by=staff, **who)
        if state == "arranging" or not who:
            continue
        confirmed_on = min(starts_at - datetime.timedelta(days=30), now)
        if starts_at < now and state == "confirmed":
            state = "held"  # the demo runs after the lesson's day: it has been held
        if starts_at > now and state == "held":
            state = "confirmed"  # the demo runs before it: still to come
        school_request = services.request_confirm(
            school_request=school_request, starts_at=starts_at, ends_at=ends_at, by=staff, now=confirmed_on
        )
        if state == "held":
            services.request_record_held(
                school_request=school_request,
                pupils_reached=pupils - (day_n % 4),
                report="体験のあと、子どもたちから「困っている人に声をかけたい」という感想がありました。",
                by=staff,
                now=ends_at + datetime.timedelta(hours=3),
            )
        elif wheelchair and tanashi and theme_name == "車いす":
            try:
                services.equipment_reserve(
                    school_request=school_request,
                    kind=wheelchair,
                    site=tanashi,
                    pickup_on=day - datetime.timedelta(days=1),
                    return_on=day + datetime.timedelta(days=1),
                    by=staff,
                )
            except ValidationError:
                pass  # a closed day or no free unit around that day: staff would pick another
