"""Demo data for the committees: both committees with members (the demo 運営委員 account chairs the operating
committee), fiscal 2020's meetings (the plans' year) held with agendas, materials, attendance, published minutes and
observers, and this fiscal year's schedule with an upcoming meeting that residents have applied to observe.

Idempotent: meetings come from schedule_generate (which skips days that exist); agendas, materials, minutes and
observers are added only to meetings that have none.
"""

import datetime
import io
import zipfile

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from config.core import roles
from config.core.dates import current_fiscal_year
from config.core.uploads import XLSX_TYPE

from . import services
from .defaults import create_committees
from .models import Committee, CommitteeMember, MeetingRule, Minutes, Observation

MEMBERS = {
    "operating-committee": [
        ("運営 一郎", "ウンエイ イチロウ", "西東京市ボランティア連絡会", "chair", "iinkai"),
        ("田無 花子", "タナシ ハナコ", "西東京市民生委員児童委員協議会", "vice", None),
        ("保谷 次郎", "ホウヤ ジロウ", "西東京市立小学校長会", "member", None),
        ("柳沢 三枝", "ヤギサワ ミエ", "NPO法人 西東京市民活動ネット", "member", None),
        ("ひばり 誠", "ヒバリ マコト", "西東京商工会", "member", None),
    ],
    "progress-committee": [
        ("芝久保 和子", "シバクボ カズコ", "学識経験者", "chair", None),
        ("運営 一郎", "ウンエイ イチロウ", "西東京市ボランティア連絡会", "member", "iinkai"),
        ("東伏見 進", "ヒガシフシミ ススム", "西東京市社会福祉協議会 地域福祉推進員", "member", None),
    ],
}
AGENDA = ["前回議事録の確認", "事業の進捗報告", "協議事項", "その他"]
TOPICS = {
    5: "令和元年度事業報告・決算",
    7: "第1四半期の事業報告",
    9: "設備の利用状況",
    11: "次年度事業計画の方向",
    1: "次年度予算案",
    3: "次年度事業計画案",
}


def _pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def load(stdout) -> None:
    from config.core.models import Site

    User = get_user_model()
    create_committees(Committee, MeetingRule, Site)
    staff = User.objects.filter(groups__name=roles.STAFF).order_by("pk").first()
    for key, members in MEMBERS.items():
        committee = Committee.objects.get(key=key)
        for name, kana, organisation, role, username in members:
            CommitteeMember.objects.get_or_create(
                committee=committee,
                name=name,
                defaults={
                    "furigana": kana,
                    "organisation": organisation,
                    "role": role,
                    "term_start": datetime.date(2020, 4, 1),
                    "user": User.objects.filter(username=username).first() if username else None,
                },
            )
    fy_now = current_fiscal_year()
    today = timezone.localdate()
    for committee in Committee.objects.all():
        for fy in sorted({2020, fy_now}):
            services.schedule_generate(committee=committee, fiscal_year=fy, by=staff)
        if not committee.meetings.upcoming(today).exists():  # late in the year: next year's schedule is out
            services.schedule_generate(committee=committee, fiscal_year=fy_now + 1, by=staff)
        for meeting in committee.meetings.filter(cancelled_at__isnull=True):
            _fill(meeting, staff, today)
    stdout.write(
        "  委員会：運営委員会・進行管理委員会の委員、2020年度と今年度の会議、資料、議事録、傍聴を用意しました。"
    )


def _fill(meeting, staff, today) -> None:
    topic = TOPICS.get(meeting.date.month, "事業の進捗")
    if not meeting.agenda.exists():
        for title in [AGENDA[0], f"{AGENDA[1]}（{topic}）", AGENDA[2], AGENDA[3]]:
            services.agenda_item_add(meeting=meeting, title=title, by=staff)
    if not meeting.materials.exists():
        pdf = SimpleUploadedFile(f"{topic}.pdf", _pdf(topic), content_type="application/pdf")
        material = services.material_add(meeting=meeting, title=f"資料1 {topic}", upload=pdf, by=staff)
        xlsx = SimpleUploadedFile("利用実績.xlsx", _xlsx(), content_type=XLSX_TYPE)
        services.material_add(meeting=meeting, title="資料2 利用実績", upload=xlsx, by=staff)
        if meeting.date < today:
            services.material_publish(material=material, by=staff)
    if meeting.date >= today:
        if (
            meeting.committee.observation_allowed
            and not meeting.observations.exists()
            and meeting == meeting.committee.meetings.upcoming(today).first()
        ):
            for name, kana, email, phone, people in (
                ("傍聴 花子", "ボウチョウ ハナコ", "hanako@example.jp", "", 1),
                ("西原 正", "ニシハラ タダシ", "", "042-000-1111", 2),
            ):
                try:
                    services.observation_apply(
                        meeting=meeting, name=name, furigana=kana, email=email, phone=phone, people=people
                    )
                except ValidationError:  # past the deadline or full: the demo simply has fewer observers then
                    break
        return
    members = list(CommitteeMember.objects.filter(committee=meeting.committee).current(meeting.date))
    if not meeting.attendance.exists():
        services.attendance_record(
            meeting=meeting, present_ids={m.pk for m in members[: max(len(members) - 1, 1)]}, by=staff
        )
    if meeting.committee.observation_allowed and not meeting.observations.exists():
        Observation.objects.create(
            meeting=meeting,
            number=1,
            name="傍聴 一子",
            furigana="ボウチョウ カズコ",
            phone="042-000-2222",
            people=1,
        )
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        minutes = services.minutes_save(
            meeting=meeting,
            body=f"出席委員{len(members) - 1}名。\n{topic}について事務局から報告があり、質疑のうえ了承された。\n次回は{AGENDA[1]}を予定。",
            by=staff,
        )
    if minutes.status == Minutes.Status.DRAFT:
        services.minutes_approve(minutes=minutes, by=staff)
    if minutes.status == Minutes.Status.APPROVED and meeting.date < today - datetime.timedelta(days=30):
        services.minutes_publish(minutes=minutes, by=staff)
