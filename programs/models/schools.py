"""School cooperation (総合的な学習の時間への協力) and outreach courses (ボランティア出張講座): requests from schools and
other organisations, their preferred dates, the lecturers staff assign, and the lesson's record afterwards.

A request moves 受付 → 調整中 → 決定 → 実施済, or to 中止 from any step before 実施済. The rules that hold on one row
are check constraints (a confirmed lesson has its date and time; 実施済 is recorded no earlier than the lesson's start
and carries the pupils reached; 中止 has a reason); the order of the steps is kept by the service
(programs/services/schools.py). Equipment for the lesson is reserved as ordinary equipment loans
(EquipmentLoan.school_request), so the loans' exclusion constraint keeps a unit from being lent twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from config.core.privacy import ConsentFields
from volunteers.models import ActivityField, Volunteer, VolunteerGroup


class SchoolTheme(models.Model):
    """A theme schools ask for (車いす, 手話, 点字 …): data staff edit in the admin, not code."""

    name = models.CharField(_("テーマ"), max_length=50)
    description = models.CharField(_("説明"), max_length=200, blank=True)
    activity_field = models.ForeignKey(
        ActivityField,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("講師を探す活動分野"),
    )
    is_active = models.BooleanField(_("受け付ける"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("学校協力のテーマ")
        verbose_name_plural = _("学校協力のテーマ")
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="programs_schooltheme_unique_name",
                violation_error_message=_("同じ名前のテーマがすでにあります。"),
            )
        ]

    def __str__(self):
        return self.name


class SchoolRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[SchoolRequest.Status.HELD, SchoolRequest.Status.CANCELLED])

    def confirmed_or_held(self):
        return self.filter(status__in=[SchoolRequest.Status.CONFIRMED, SchoolRequest.Status.HELD])


class SchoolRequest(ConsentFields, models.Model):
    """One request for a lesson or an outreach course, from receipt to its report."""

    class Kind(models.TextChoices):
        LESSON = "lesson", _("学校の授業（総合的な学習の時間など）")
        OUTREACH = "outreach", _("出張講座（学校以外の団体・地域）")

    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        ARRANGING = "arranging", _("調整中")
        CONFIRMED = "confirmed", _("決定")
        HELD = "held", _("実施済")
        CANCELLED = "cancelled", _("中止")

    class Channel(models.TextChoices):
        ONLINE = "online", _("ホームページから")
        STAFF = "staff", _("職員が受付（電話・来所・FAX）")

    kind = models.CharField(_("依頼の種類"), max_length=10, choices=Kind.choices, default=Kind.LESSON)
    organisation = models.CharField(_("学校名・団体名"), max_length=100)
    grade = models.CharField(_("学年・対象"), max_length=50, blank=True)
    pupils = models.PositiveSmallIntegerField(_("人数（児童・生徒・参加者）"))
    theme = models.ForeignKey(SchoolTheme, models.PROTECT, related_name="requests", verbose_name=_("テーマ"))
    wishes = models.TextField(_("内容のご希望"), max_length=1000, blank=True)
    place = models.CharField(_("会場"), max_length=100)
    contact_name = models.CharField(_("ご担当の先生・担当者"), max_length=50)
    contact_phone = models.CharField(_("電話番号"), max_length=20)
    contact_email = models.EmailField(_("メールアドレス"), blank=True)
    channel = models.CharField(_("受付方法"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    starts_at = models.DateTimeField(_("決定した日時（開始）"), null=True, blank=True)
    ends_at = models.DateTimeField(_("決定した日時（終了）"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("決定を連絡した日時"), null=True, blank=True)
    held_recorded_at = models.DateTimeField(_("実施を記録した日時"), null=True, blank=True)
    pupils_reached = models.PositiveSmallIntegerField(_("参加した人数"), null=True, blank=True)
    report = models.TextField(_("実施の報告"), max_length=2000, blank=True)
    cancelled_at = models.DateTimeField(_("中止にした日時"), null=True, blank=True)
    cancel_reason = models.CharField(_("中止の理由"), max_length=200, blank=True)
    staff_note = models.TextField(_("職員メモ"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受け付けた職員"),
    )

    objects = SchoolRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("学校・出張講座の依頼")
        verbose_name_plural = _("学校・出張講座の依頼")
        indexes = [models.Index(fields=["status", "starts_at"], name="programs_schoolreq_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(pupils__gte=1, pupils__lte=2000),
                name="programs_schoolrequest_pupils_range",
                violation_error_message=_("人数は1〜2000人で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(pupils_reached__isnull=True) | Q(pupils_reached__lte=2000),
                name="programs_schoolrequest_reached_range",
                violation_error_message=_("参加した人数は0〜2000人で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True, ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gt=F("starts_at")),
                name="programs_schoolrequest_ends_after_start",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "held"]) | Q(starts_at__isnull=False),
                name="programs_schoolrequest_confirmed_has_date",
                violation_error_message=_("決定・実施済の依頼には日時が必要です。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="held")
                | Q(held_recorded_at__gte=F("starts_at"), pupils_reached__isnull=False),
                name="programs_schoolrequest_held_after_start",
                violation_error_message=_(
                    "実施済にできるのは、授業の開始時刻を過ぎてからです（参加した人数も必要です）。"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | (Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="programs_schoolrequest_cancel_has_reason",
                violation_error_message=_("中止の理由を入力してください。"),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.theme}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.HELD, self.Status.CANCELLED)


class SchoolRequestDate(models.Model):
    """One of the dates and times the school would like, in order of preference."""

    request = models.ForeignKey(SchoolRequest, models.CASCADE, related_name="dates", verbose_name=_("依頼"))
    rank = models.PositiveSmallIntegerField(_("希望の順位"))
    day = models.DateField(_("希望日"))
    start = models.TimeField(_("開始時刻"))
    end = models.TimeField(_("終了時刻"))

    class Meta:
        ordering = ["request", "rank"]
        verbose_name = _("希望日時")
        verbose_name_plural = _("希望日時")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "rank"],
                name="programs_schoolrequestdate_unique_rank",
                violation_error_message=_("同じ順位の希望日時がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="programs_schoolrequestdate_end_after_start",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=3),
                name="programs_schoolrequestdate_rank_range",
                violation_error_message=_("希望日時は3つまでです。"),
            ),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.start:%H:%M}–{self.end:%H:%M}"


class SchoolLecturer(models.Model):
    """A registered volunteer or group that teaches the lesson."""

    request = models.ForeignKey(
        SchoolRequest, models.CASCADE, related_name="lecturers", verbose_name=_("依頼")
    )
    volunteer = models.ForeignKey(
        Volunteer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="school_lessons",
        verbose_name=_("ボランティア"),
    )
    group = models.ForeignKey(
        VolunteerGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="school_lessons",
        verbose_name=_("団体"),
    )
    role = models.CharField(_("役割"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "pk"]
        verbose_name = _("講師")
        verbose_name_plural = _("講師")
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False, group__isnull=True)
                | Q(volunteer__isnull=True, group__isnull=False),
                name="programs_schoollecturer_volunteer_or_group",
                violation_error_message=_("講師はボランティアか団体のどちらか一方です。"),
            ),
            models.UniqueConstraint(
                fields=["request", "volunteer"],
                condition=Q(volunteer__isnull=False),
                name="programs_schoollecturer_unique_volunteer",
                violation_error_message=_("このボランティアはすでに講師に入っています。"),
            ),
            models.UniqueConstraint(
                fields=["request", "group"],
                condition=Q(group__isnull=False),
                name="programs_schoollecturer_unique_group",
                violation_error_message=_("この団体はすでに講師に入っています。"),
            ),
        ]

    def __str__(self):
        return str(self.volunteer or self.group)

    @property
    def name(self) -> str:
        return self.volunteer.name if self.volunteer_id else self.group.name
