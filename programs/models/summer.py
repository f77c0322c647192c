"""夏！体験ボランティア西東京: one campaign per fiscal year, host programs with dates and slots, applications with up
to three ranked choices, a seeded placement run, placements and attendance."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from config.core.privacy import ConsentFields
from volunteers.models import VolunteerGroup

ADULT_AGE = 18


class Grade(models.IntegerChoices):
    """School grades on one scale, so a program's limit is a range (小4〜中3 = 4..9)."""

    E1 = 1, _("小学1年")
    E2 = 2, _("小学2年")
    E3 = 3, _("小学3年")
    E4 = 4, _("小学4年")
    E5 = 5, _("小学5年")
    E6 = 6, _("小学6年")
    J1 = 7, _("中学1年")
    J2 = 8, _("中学2年")
    J3 = 9, _("中学3年")
    H1 = 10, _("高校1年")
    H2 = 11, _("高校2年")
    H3 = 12, _("高校3年")
    COLLEGE = 13, _("大学・専門学校")
    ADULT = 14, _("一般（学生以外）")


class SummerCampaign(models.Model):
    """The year's campaign and its periods: hosts offer programs, participants apply, the activity days."""

    class Phase(models.TextChoices):
        OFFERS = "offers", _("プログラム募集中")
        BEFORE = "before", _("参加申込の受付前")
        OPEN = "open", _("参加申込の受付中")
        CLOSED = "closed", _("受付終了（参加先の調整中）")
        PUBLISHED = "published", _("参加先を公開済み")

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("名称"), max_length=100)
    offers_from = models.DateField(_("プログラム募集の開始日"))
    offers_until = models.DateField(_("プログラム募集の締切日"))
    apply_from = models.DateField(_("参加申込の開始日"))
    apply_until = models.DateField(_("参加申込の締切日"))
    activity_from = models.DateField(_("活動期間の初日"))
    activity_until = models.DateField(_("活動期間の最終日"))
    consent_text = models.TextField(_("保護者の同意文"), max_length=2000)
    consent_version = models.CharField(_("同意文の版"), max_length=20)
    published_at = models.DateTimeField(_("参加先を公開した日時"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("夏！体験ボランティア")
        verbose_name_plural = _("夏！体験ボランティア")
        constraints = [
            models.CheckConstraint(
                condition=Q(offers_from__lte=models.F("offers_until"))
                & Q(apply_from__lte=models.F("apply_until"))
                & Q(activity_from__lte=models.F("activity_until"))
                & Q(apply_until__lt=models.F("activity_from")),
                name="programs_summercampaign_periods_in_order",
                violation_error_message=_(
                    "期間は開始日から終了日の順に、参加申込の締切は活動期間の初日より前にしてください。"
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def phase(self, day: datetime.date) -> "SummerCampaign.Phase":
        if self.published_at:
            return self.Phase.PUBLISHED
        if day > self.apply_until:
            return self.Phase.CLOSED
        if day >= self.apply_from:
            return self.Phase.OPEN
        if self.offers_from <= day <= self.offers_until:
            return self.Phase.OFFERS
        return self.Phase.BEFORE

    def age_on_start(self, birth_date: datetime.date) -> int:
        """Age on the first activity day: the age the limits and the guardian rule use."""
        day = self.activity_from
        return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class SummerHost(models.Model):
    """Who offers programs: a welfare facility (a simple record) or a registered volunteer group."""

    class Kind(models.TextChoices):
        FACILITY = "facility", _("福祉施設")
        GROUP = "group", _("ボランティアグループ・市民活動団体")

    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("受入先の名称"), max_length=100)
    group = models.ForeignKey(
        VolunteerGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="summer_hosts",
        verbose_name=_("登録団体"),
    )
    contact_name = models.CharField(_("担当者名"), max_length=50)
    contact_phone = models.CharField(_("担当者の電話番号"), max_length=20, blank=True)
    contact_email = models.EmailField(_("担当者のメールアドレス"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("夏！体験の受入先")
        verbose_name_plural = _("夏！体験の受入先")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="facility", group__isnull=True) | Q(kind="group", group__isnull=False),
                name="programs_summerhost_group_matches_kind",
                violation_error_message=_(
                    "団体の受入先は登録団体を選んでください（福祉施設では選びません）。"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(contact_phone="") | ~Q(contact_email=""),
                name="programs_summerhost_has_contact",
                violation_error_message=_("担当者の電話番号かメールアドレスを入力してください。"),
            ),
        ]

    def __str__(self):
        return self.name


class SummerProgram(ConsentFields, models.Model):
    """One activity a host offers in a campaign; public once staff approve it."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("申し出（確認待ち）")
        APPROVED = "approved", _("承認（公開）")
        DECLINED = "declined", _("見送り")

    campaign = models.ForeignKey(
        SummerCampaign, models.PROTECT, related_name="programs", verbose_name=_("夏！体験")
    )
    host = models.ForeignKey(SummerHost, models.PROTECT, related_name="programs", verbose_name=_("受入先"))
    title = models.CharField(_("プログラム名"), max_length=100)
    description = models.TextField(_("活動内容"), max_length=2000)
    # English versions for the English pages (as events have); without them the Japanese is shown with a note.
    title_en = models.CharField(_("プログラム名（英語）"), max_length=100, blank=True)
    description_en = models.TextField(_("活動内容（英語）"), max_length=2000, blank=True)
    place = models.CharField(_("活動場所"), max_length=200)
    grade_min = models.PositiveSmallIntegerField(_("対象学年（下限）"), choices=Grade.choices)
    grade_max = models.PositiveSmallIntegerField(_("対象学年（上限）"), choices=Grade.choices)
    age_min = models.PositiveSmallIntegerField(_("年齢の下限"), null=True, blank=True)
    bring = models.CharField(_("持ち物"), max_length=200, blank=True)
    contact = models.CharField(_("問い合わせ先"), max_length=200)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "title", "pk"]
        verbose_name = _("夏！体験のプログラム")
        verbose_name_plural = _("夏！体験のプログラム")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade_min__lte=models.F("grade_max")),
                name="programs_summerprogram_grades_in_order",
                violation_error_message=_("対象学年の下限は上限以下にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_min__gte=6, age_min__lte=99),
                name="programs_summerprogram_age_range",
                violation_error_message=_("年齢の下限は6〜99歳で入力してください。"),
            ),
        ]

    def __str__(self):
        return self.title

    def grades_label(self) -> str:
        if self.grade_min == self.grade_max:
            return str(Grade(self.grade_min).label)
        return f"{Grade(self.grade_min).label}{pgettext('range', '〜')}{Grade(self.grade_max).label}"

    def title_shown(self) -> str:
        """The title in the page's language: the English one on English pages when staff or the host gave it."""
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    def accepts(self, *, grade: int, age: int) -> bool:
        """The program's grade (and age) limits admit this person."""
        return self.grade_min <= grade <= self.grade_max and (self.age_min is None or age >= self.age_min)

    @property
    def slots(self) -> int:
        return sum(d.slots for d in self.dates.all())


class SummerProgramDate(models.Model):
    program = models.ForeignKey(
        SummerProgram, models.CASCADE, related_name="dates", verbose_name=_("プログラム")
    )
    day = models.DateField(_("活動日"))
    start_time = models.TimeField(_("開始時刻"))
    end_time = models.TimeField(_("終了時刻"))
    slots = models.PositiveSmallIntegerField(_("受入人数"))

    class Meta:
        ordering = ["day", "start_time", "pk"]
        verbose_name = _("活動日")
        verbose_name_plural = _("活動日")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")),
                name="programs_summerprogramdate_times_in_order",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(slots__gte=1, slots__lte=100),
                name="programs_summerprogramdate_slots_range",
                violation_error_message=_("受入人数は1〜100人で入力してください。"),
            ),
            models.UniqueConstraint(
                fields=["program", "day", "start_time"],
                name="programs_summerprogramdate_once",
                violation_error_message=_("この活動日と開始時刻はすでにあります。"),
            ),
        ]

    def __str__(self):
        return f"{self.day:%m/%d} {self.start_time:%H:%M}〜{self.end_time:%H:%M}"


class SummerApplication(ConsentFields, models.Model):
    """A participant's application; a person is their furigana and birth date, once per campaign."""

    campaign = models.ForeignKey(
        SummerCampaign, models.PROTECT, related_name="applications", verbose_name=_("夏！体験")
    )
    name = models.CharField(_("氏名"), max_length=50)
    furigana = models.CharField(_("フリガナ"), max_length=100)
    birth_date = models.DateField(_("生年月日"))
    age = models.PositiveSmallIntegerField(_("年齢（活動期間の初日）"))
    school = models.CharField(_("学校名"), max_length=100, blank=True)
    grade = models.PositiveSmallIntegerField(_("学年"), choices=Grade.choices)
    email = models.EmailField(_("メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    guardian_name = models.CharField(_("保護者の氏名"), max_length=50, blank=True)
    guardian_phone = models.CharField(_("保護者の電話番号"), max_length=20, blank=True)
    guardian_consent = models.BooleanField(_("保護者の同意"), default=False)
    consent_version = models.CharField(_("同意した同意文の版"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("同意日時"), null=True, blank=True)
    note = models.CharField(_("連絡事項"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("取り下げ日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("夏！体験の参加申込")
        verbose_name_plural = _("夏！体験の参加申込")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "furigana", "birth_date"],
                name="programs_summerapplication_one_per_person",
                violation_error_message=_("この方はこの年度の夏！体験にすでに申し込んでいます。"),
            ),
            models.CheckConstraint(
                condition=Q(age__gte=ADULT_AGE)
                | (
                    Q(guardian_consent=True, consented_at__isnull=False)
                    & ~Q(guardian_name="")
                    & ~Q(guardian_phone="")
                    & ~Q(consent_version="")
                ),
                name="programs_summerapplication_minor_has_consent",
                violation_error_message=_("18歳未満の方は、保護者の氏名・電話番号と保護者の同意が必要です。"),
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | ~Q(guardian_phone=""),
                name="programs_summerapplication_has_contact",
                violation_error_message=_("メールアドレスか電話番号を入力してください。"),
            ),
        ]

    def __str__(self):
        return self.name


class SummerChoice(models.Model):
    """One of up to three programs an applicant chose, ranked 1 (most wanted) to 3."""

    application = models.ForeignKey(
        SummerApplication, models.CASCADE, related_name="choices", verbose_name=_("参加申込")
    )
    rank = models.PositiveSmallIntegerField(_("希望順位"))
    program = models.ForeignKey(
        SummerProgram, models.PROTECT, related_name="choices", verbose_name=_("プログラム")
    )

    class Meta:
        ordering = ["application", "rank"]
        verbose_name = _("希望")
        verbose_name_plural = _("希望")
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=3),
                name="programs_summerchoice_rank_range",
                violation_error_message=_("希望は第3希望まで選べます。"),
            ),
            models.UniqueConstraint(
                fields=["application", "rank"],
                name="programs_summerchoice_one_per_rank",
                violation_error_message=_("同じ希望順位が二つあります。"),
            ),
            models.UniqueConstraint(
                fields=["application", "program"],
                name="programs_summerchoice_program_once",
                violation_error_message=_("同じプログラムを二度選んでいます。"),
            ),
        ]

    def __str__(self):
        return f"{self.application} {self.rank}: {self.program}"


class SummerPlacementRun(models.Model):
    """One run of the placement: its record (applications, choices, programs, slots), seed, digest and outcome."""

    campaign = models.ForeignKey(
        SummerCampaign, models.PROTECT, related_name="runs", verbose_name=_("夏！体験")
    )
    seed = models.BigIntegerField(_("乱数番号"))
    inputs = models.JSONField(_("入力（申込・希望・プログラム・受入人数）"), default=dict)
    inputs_digest = models.CharField(_("入力のダイジェスト（SHA-256）"), max_length=64)
    outcome = models.JSONField(_("結果"), default=dict)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    run_at = models.DateTimeField(_("実行日時"), auto_now_add=True)

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = _("夏！体験の参加先調整の実行")
        verbose_name_plural = _("夏！体験の参加先調整の実行")

    def __str__(self):
        return _("%(campaign)s 参加先調整（乱数番号 %(seed)s）") % {
            "campaign": self.campaign,
            "seed": self.seed,
        }


class SummerPlacement(models.Model):
    """Where an applicant takes part: a program date, from a run or set by staff; attendance afterwards."""

    application = models.OneToOneField(
        SummerApplication, models.CASCADE, related_name="placement", verbose_name=_("参加申込")
    )
    program_date = models.ForeignKey(
        SummerProgramDate, models.PROTECT, related_name="placements", verbose_name=_("活動日")
    )
    rank = models.PositiveSmallIntegerField(_("希望順位"), null=True, blank=True)
    run = models.ForeignKey(
        SummerPlacementRun, models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    by_hand = models.BooleanField(_("職員が手で調整"), default=False)
    attended = models.BooleanField(_("参加した"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(_("出欠の記録日時"), null=True, blank=True)

    class Meta:
        ordering = ["program_date", "application__furigana", "pk"]
        verbose_name = _("夏！体験の参加先")
        verbose_name_plural = _("夏！体験の参加先")
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1, rank__lte=3),
                name="programs_summerplacement_rank_range",
                violation_error_message=_("希望順位は1〜3です。"),
            ),
        ]

    def __str__(self):
        return f"{self.application} → {self.program_date.program}"
