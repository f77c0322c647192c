"""Committees as data: the two committees, their members' terms, meetings made from a rule, agendas, materials,
attendance, minutes, observers (傍聴) and the members' comments on plan items.

Members are linked to accounts with the 運営委員 role; the role counts only while a term runs (see apps.py, which
registers the check with config.core.roles), so a member whose term ended loses access without staff acting.
"""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core.dates import fiscal_year, fiscal_year_end, fiscal_year_start
from config.core.privacy import ConsentFields
from config.core.uploads import RandomName


class Committee(models.Model):
    key = models.SlugField(
        _("キー"),
        max_length=40,
        unique=True,
        help_text=_("計画の指標のパラメータ（例：operating-committee）"),
    )
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("説明"), blank=True)
    observation_allowed = models.BooleanField(_("傍聴できる"), default=False)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("委員会")
        verbose_name_plural = _("委員会")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class MeetingRule(models.Model):
    """How a committee's meetings fall: the months, the n-th weekday, the time and the venue (奇数月の第2火曜日)."""

    committee = models.OneToOneField(Committee, models.CASCADE, related_name="rule", verbose_name=_("委員会"))
    months = models.JSONField(_("開催月"), default=list, help_text=_("例：[5, 7, 9, 11, 1, 3]"))
    weekday = models.PositiveSmallIntegerField(_("曜日"), help_text=_("0=月曜日、1=火曜日 … 6=日曜日"))
    week = models.PositiveSmallIntegerField(_("第何週"), help_text=_("1〜5（第2火曜日なら2）"))
    start_time = models.TimeField(_("開始時刻"))
    end_time = models.TimeField(_("終了時刻"))
    venue = models.CharField(_("会場"), max_length=100)
    site = models.ForeignKey(
        "core.Site",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("休所日を確かめる施設"),
    )
    seat_limit = models.PositiveSmallIntegerField(_("傍聴の定員"), default=5)
    deadline_days = models.PositiveSmallIntegerField(_("傍聴の申込締切（何日前）"), default=3)

    class Meta:
        verbose_name = _("開催ルール")
        verbose_name_plural = _("開催ルール")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="committees_meetingrule_end_after_start",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6) & Q(week__gte=1) & Q(week__lte=5),
                name="committees_meetingrule_weekday_week",
                violation_error_message=_("曜日は0〜6、第何週は1〜5で入力してください。"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(committee)sの開催ルール") % {"committee": self.committee}


class MemberQuerySet(models.QuerySet):
    def current(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=day), term_start__lte=day)


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("委員長")
        VICE = "vice", _("副委員長")
        MEMBER = "member", _("委員")

    committee = models.ForeignKey(Committee, models.CASCADE, related_name="members", verbose_name=_("委員会"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_terms",
        verbose_name=_("アカウント（運営委員）"),
    )
    name = models.CharField(_("氏名"), max_length=60)
    furigana = models.CharField(_("フリガナ"), max_length=60, blank=True)
    organisation = models.CharField(_("所属・選出団体"), max_length=100, blank=True)
    role = models.CharField(_("役職"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("任期の始まり"))
    term_end = models.DateField(_("任期の終わり"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("委員")
        verbose_name_plural = _("委員")
        ordering = ["committee", "role", "furigana", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="committees_committeemember_term_order",
                violation_error_message=_("任期の終わりは始まりより後の日にしてください。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    def is_current(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class MeetingQuerySet(models.QuerySet):
    def in_fiscal_year(self, fy: int):
        return self.filter(date__gte=fiscal_year_start(fy), date__lte=fiscal_year_end(fy))

    def upcoming(self, day: datetime.date | None = None):
        return self.filter(date__gte=day or timezone.localdate(), cancelled_at__isnull=True)

    def held(self, day: datetime.date | None = None):
        return self.filter(date__lte=day or timezone.localdate(), cancelled_at__isnull=True)


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="meetings", verbose_name=_("委員会")
    )
    date = models.DateField(_("開催日"))
    start_time = models.TimeField(_("開始時刻"))
    end_time = models.TimeField(_("終了時刻"))
    venue = models.CharField(_("会場"), max_length=100)
    # Set when the schedule is made or the date changes: a national holiday or a closed day, for staff to decide.
    calendar_flag = models.CharField(_("日程の注意"), max_length=100, blank=True)
    seat_limit = models.PositiveSmallIntegerField(_("傍聴の定員"), default=0)
    observe_until = models.DateField(_("傍聴の申込締切日"), null=True, blank=True)
    note = models.TextField(_("備考"), blank=True)
    cancelled_at = models.DateTimeField(_("中止にした日時"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date"],
                name="committees_meeting_one_a_day",
                violation_error_message=_("この委員会のこの日の会議はすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="committees_meeting_end_after_start",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(committee)s %(date)s") % {"committee": self.committee, "date": self.date}

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.date)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda", verbose_name=_("会議"))
    order = models.PositiveSmallIntegerField(_("順"), default=0)
    title = models.CharField(_("議題"), max_length=200)
    note = models.TextField(_("内容"), blank=True)

    class Meta:
        verbose_name = _("議題")
        verbose_name_plural = _("議題")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


def material_path(instance: "Material", filename: str) -> str:
    """(Kept for migration 0001; the field now uses config.core.uploads.RandomName like every upload.) A random name under committees/: the person's file name is kept only as a label, never as a path."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"committees/materials/{uuid.uuid4().hex}{suffix}"


class Material(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="materials", verbose_name=_("会議"))
    title = models.CharField(_("資料名"), max_length=200)
    file = models.FileField(_("ファイル"), upload_to=RandomName("committees/materials"), max_length=200)
    original_name = models.CharField(_("元のファイル名"), max_length=120)
    content_type = models.CharField(_("種類"), max_length=100)
    size = models.PositiveIntegerField(_("大きさ（バイト）"))
    published_at = models.DateTimeField(_("公開した日時"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("登録者")
    )
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("会議資料")
        verbose_name_plural = _("会議資料")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendance", verbose_name=_("会議"))
    member = models.ForeignKey(
        CommitteeMember, models.CASCADE, related_name="attendance", verbose_name=_("委員")
    )
    present = models.BooleanField(_("出席"), default=True)

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="committees_attendance_once",
                violation_error_message=_("この委員の出欠はすでに記録されています。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.member}"


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        APPROVED = "approved", _("承認済み")
        PUBLISHED = "published", _("公開中")

    meeting = models.OneToOneField(Meeting, models.CASCADE, related_name="minutes", verbose_name=_("会議"))
    body = models.TextField(_("議事録"), blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承認者"),
    )
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("議事録")
        verbose_name_plural = _("議事録")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False),
                name="committees_minutes_approved_before_published",
                violation_error_message=_("議事録は承認してから公開してください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="committees_minutes_published_at",
                violation_error_message=_("公開した議事録には公開日時が要ります。"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(meeting)sの議事録") % {"meeting": self.meeting}


class Observation(ConsentFields, models.Model):
    """A resident's application to observe (傍聴) a meeting; the number is what they say at the door."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="observations", verbose_name=_("会議"))
    number = models.PositiveSmallIntegerField(_("受付番号"))
    name = models.CharField(_("氏名"), max_length=60)
    furigana = models.CharField(_("フリガナ"), max_length=60)
    email = models.EmailField(_("メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    people = models.PositiveSmallIntegerField(_("人数"), default=1)
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("傍聴の申込")
        verbose_name_plural = _("傍聴の申込")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="committees_observation_unique_number",
                violation_error_message=_("この受付番号はすでに使われています。"),
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1),
                name="committees_observation_people_positive",
                violation_error_message=_("人数は1人以上にしてください。"),
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="committees_observation_contact",
                violation_error_message=_("メールアドレスか電話番号のどちらかを入力してください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def reference(self) -> str:
        """The number at the door: the meeting's month and day and the order of the application (0512-03)."""
        return f"{self.meeting.date:%m%d}-{self.number:02d}"


class PlanComment(models.Model):
    """A member's comment on a plan item of a fiscal year, or staff's answer to one (members and staff only)."""

    item = models.ForeignKey("plans.PlanItem", models.CASCADE, related_name="+", verbose_name=_("計画の項目"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("記入者")
    )
    answer_to = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("回答先")
    )
    body = models.TextField(_("意見"))
    created_at = models.DateTimeField(_("記入日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("計画の項目への意見")
        verbose_name_plural = _("計画の項目への意見")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:30]
