"""Insurance enrolment (ボランティア保険・行事保険): the products of each fiscal year, and who is covered.

The center is the counter for the Tokyo council's insurance. Products and rates are data per fiscal
year (staff copy last year's and adjust). One person is enrolled at most once per fiscal year: the
database holds that rule over every active enrolment, however it arrived (my page, a group's roster, the
counter).

How a person is identified (`person_key`): a registered volunteer by their record (``v:<id>``); anyone
else on a group's roster by name, furigana and birth date (``p:<フリガナ>:<生年月日>:<氏名>``, compared as
search keys, so spaces and hiragana/katakana don't make two people). A roster line that matches a
registered volunteer on all three is linked to that volunteer and takes their key.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.core.search import search

from .groups import VolunteerGroup
from .people import Volunteer

# Applications for a fiscal year open on this day of the March before, unless staff set another.
DEFAULT_OPENS = (3, 1)
DEFAULT_EVENT_LEAD_DAYS = 7


class InsuranceKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("ボランティア保険")
    EVENT = "event", _("行事保険")


class RateUnit(models.TextChoices):
    PER_PERSON_YEAR = "person_year", _("1人・年額")
    PER_PERSON_DAY = "person_day", _("1人・1日あたり")
    PER_EVENT = "event", _("1行事あたり")


class InsuranceStatus(models.TextChoices):
    APPLIED = "applied", _("申込")
    PAID = "paid", _("入金確認")
    ENROLLED = "enrolled", _("加入済")
    CANCELLED = "cancelled", _("取消")


ACTIVE = ~Q(status=InsuranceStatus.CANCELLED)


class InsuranceYear(models.Model):
    """What staff set for a fiscal year: from which March day its applications are taken, and the 行事保険 lead time."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    applications_open_on = models.DateField(
        _("申込の受付開始日"),
        help_text=_("この日から、この年度（4月1日から）の申込を受け付けます。前の年度の3月の日付です。"),
    )
    event_lead_days = models.PositiveSmallIntegerField(
        _("行事保険の申込期限（行事の何日前まで）"), default=DEFAULT_EVENT_LEAD_DAYS
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("保険の年度設定")
        verbose_name_plural = _("保険の年度設定")
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_open_on__year=models.F("fiscal_year"))
                & Q(applications_open_on__month=3),
                name="volunteers_insuranceyear_opens_in_march_before",
                violation_error_message=_("受付開始日は、その年度が始まる前の3月の日付にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(event_lead_days__lte=90),
                name="volunteers_insuranceyear_lead_days_range",
                violation_error_message=_("申込期限は90日以内にしてください。"),
            ),
        ]

    def __str__(self):
        return _("%(year)s年度の保険") % {"year": self.fiscal_year}

    @staticmethod
    def default_opens_on(fiscal_year: int) -> datetime.date:
        month, day = DEFAULT_OPENS
        return datetime.date(fiscal_year, month, day)


class InsurancePlan(models.Model):
    """One product of one fiscal year: a ボランティア保険 plan (基本タイプA …) or a 行事保険 type, with its rate."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("保険の種類"), max_length=10, choices=InsuranceKind.choices)
    name = models.CharField(_("プラン名"), max_length=50)
    rate = models.PositiveIntegerField(_("保険料（円）"))
    rate_unit = models.CharField(_("保険料の単位"), max_length=12, choices=RateUnit.choices)
    description = models.CharField(_("説明"), max_length=200, blank=True)
    is_sample = models.BooleanField(
        _("サンプルの料率"), default=False, help_text=_("画面に「サンプル」と表示します。")
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["-fiscal_year", "kind", "sort_order", "pk"]
        verbose_name = _("保険の商品")
        verbose_name_plural = _("保険の商品")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "kind", "name"],
                name="volunteers_insuranceplan_one_name_per_year",
                violation_error_message=_("この年度に同じ名前の商品がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=(Q(kind="volunteer") & Q(rate_unit="person_year"))
                | (Q(kind="event") & Q(rate_unit__in=["person_day", "event"])),
                name="volunteers_insuranceplan_unit_fits_kind",
                violation_error_message=_(
                    "ボランティア保険は「1人・年額」、行事保険は「1人・1日あたり」か「1行事あたり」にしてください。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100),
                name="volunteers_insuranceplan_fiscal_year_range",
                violation_error_message=_("年度が正しくありません。"),
            ),
        ]

    def __str__(self):
        return _("%(name)s（%(rate)s円・%(unit)s）") % {
            "name": self.name,
            "rate": f"{self.rate:,}",
            "unit": self.get_rate_unit_display(),
        }

    def premium_for(self, *, participants: int = 1, days: int = 1) -> int:
        """The premium, the one place it is computed: a full year whatever the month; per person per day; or per event."""
        if self.rate_unit == RateUnit.PER_PERSON_DAY:
            return self.rate * participants * days
        return self.rate


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ACTIVE)

    def search(self, text: str):
        return search(self, text, name_keys=["name_key"], kana_keys=["furigana_key"])


class Roster(models.Model):
    """A group representative's application for a list of members (名簿), in one go."""

    group = models.ForeignKey(
        VolunteerGroup, models.PROTECT, related_name="insurance_rosters", verbose_name=_("団体")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    plan = models.ForeignKey(InsurancePlan, models.PROTECT, related_name="+", verbose_name=_("プラン"))
    submitted_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申込した人"),
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("ボランティア保険の名簿申込")
        verbose_name_plural = _("ボランティア保険の名簿申込")

    def __str__(self):
        return _("%(group)s %(year)s年度の名簿") % {"group": self.group, "year": self.fiscal_year}


class Enrolment(models.Model):
    """ボランティア保険: one person for one fiscal year. 申込 → 入金確認 → 加入済, or 取消."""

    class Via(models.TextChoices):
        MYPAGE = "mypage", _("マイページ")
        ROSTER = "roster", _("団体の名簿")
        COUNTER = "counter", _("窓口")

    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    plan = models.ForeignKey(
        InsurancePlan, models.PROTECT, related_name="enrolments", verbose_name=_("プラン")
    )
    volunteer = models.ForeignKey(
        Volunteer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="insurance_enrolments",
        verbose_name=_("登録ボランティア"),
    )
    person_name = models.CharField(_("氏名"), max_length=50)
    person_furigana = models.CharField(_("フリガナ"), max_length=100)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    name_key = models.CharField(max_length=50, editable=False, default="")
    furigana_key = models.CharField(max_length=100, editable=False, default="")
    person_key = models.CharField(_("本人の識別"), max_length=200, editable=False)
    group = models.ForeignKey(
        VolunteerGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="insurance_enrolments",
        verbose_name=_("団体"),
    )
    roster = models.ForeignKey(
        Roster, models.PROTECT, null=True, blank=True, related_name="enrolments", verbose_name=_("名簿申込")
    )
    via = models.CharField(_("申込の経路"), max_length=8, choices=Via.choices)
    status = models.CharField(
        _("状態"), max_length=10, choices=InsuranceStatus.choices, default=InsuranceStatus.APPLIED
    )
    premium = models.PositiveIntegerField(_("保険料（円）"))
    applied_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    paid_on = models.DateField(_("入金日"), null=True, blank=True)
    receipt_number = models.CharField(_("領収書番号"), max_length=30, blank=True)
    enrolled_on = models.DateField(_("加入手続きの完了日"), null=True, blank=True)
    coverage_start = models.DateField(_("補償開始日"), null=True, blank=True)
    coverage_end = models.DateField(_("補償終了日"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消の理由"), max_length=200, blank=True)
    renewal_notified_at = models.DateTimeField(_("更新案内の日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("入力した人"),
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("ボランティア保険の加入")
        verbose_name_plural = _("ボランティア保険の加入")
        indexes = [
            models.Index(fields=["fiscal_year", "status"], name="vol_enrol_fy_status"),
            models.Index(fields=["enrolled_on"], name="vol_enrol_enrolled_on"),
            models.Index(fields=["paid_on"], name="vol_enrol_paid_on"),
            # The staff list: newest first, and partial name/furigana search (issue 16).
            models.Index(fields=["-applied_at", "-id"], name="vol_enrol_applied"),
            GinIndex(fields=["name_key"], opclasses=["gin_trgm_ops"], name="vol_enrol_name_trgm"),
            GinIndex(fields=["furigana_key"], opclasses=["gin_trgm_ops"], name="vol_enrol_kana_trgm"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_key", "fiscal_year"],
                condition=ACTIVE,
                name="volunteers_enrolment_one_per_person_per_year",
                violation_error_message=_("この方はこの年度のボランティア保険にすでに申込・加入しています。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=InsuranceStatus.values),
                name="volunteers_enrolment_status_valid",
                violation_error_message=_("状態の値が正しくありません。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["paid", "enrolled"])
                | (Q(paid_on__isnull=False) & ~Q(receipt_number="")),
                name="volunteers_enrolment_paid_has_receipt",
                violation_error_message=_("入金確認には入金日と領収書番号が必要です。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="enrolled")
                | (
                    Q(enrolled_on__isnull=False)
                    & Q(coverage_start__isnull=False)
                    & Q(coverage_end__gte=models.F("coverage_start"))
                ),
                name="volunteers_enrolment_enrolled_has_coverage",
                violation_error_message=_("加入済には完了日と補償期間が必要です。"),
            ),
        ]

    def __str__(self):
        return _("%(name)s %(year)s年度 %(status)s") % {
            "name": self.person_name,
            "year": self.fiscal_year,
            "status": self.get_status_display(),
        }


class EventInsurance(models.Model):
    """行事保険: one event of a group. Same flow as ボランティア保険: 申込 → 入金確認 → 加入済, or 取消."""

    group = models.ForeignKey(
        VolunteerGroup, models.PROTECT, related_name="event_insurances", verbose_name=_("団体")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    plan = models.ForeignKey(
        InsurancePlan, models.PROTECT, related_name="events", verbose_name=_("保険の種類")
    )
    event_name = models.CharField(_("行事名"), max_length=100)
    starts_on = models.DateField(_("行事の初日"))
    ends_on = models.DateField(_("行事の最終日"))
    place = models.CharField(_("場所"), max_length=100)
    participants = models.PositiveIntegerField(_("参加予定人数"))
    premium = models.PositiveIntegerField(_("保険料（円）"))
    status = models.CharField(
        _("状態"), max_length=10, choices=InsuranceStatus.choices, default=InsuranceStatus.APPLIED
    )
    applied_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    paid_on = models.DateField(_("入金日"), null=True, blank=True)
    receipt_number = models.CharField(_("領収書番号"), max_length=30, blank=True)
    enrolled_on = models.DateField(_("加入手続きの完了日"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消の理由"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("入力した人"),
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("行事保険の加入")
        verbose_name_plural = _("行事保険の加入")
        indexes = [models.Index(fields=["fiscal_year", "status"], name="vol_eventins_fy_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gte=1) & Q(participants__lte=100000),
                name="volunteers_eventinsurance_participants_range",
                violation_error_message=_("参加予定人数は1人以上で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="volunteers_eventinsurance_ends_after_start",
                violation_error_message=_("最終日は初日以降にしてください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["paid", "enrolled"])
                | (Q(paid_on__isnull=False) & ~Q(receipt_number="")),
                name="volunteers_eventinsurance_paid_has_receipt",
                violation_error_message=_("入金確認には入金日と領収書番号が必要です。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=InsuranceStatus.values),
                name="volunteers_eventinsurance_status_valid",
                violation_error_message=_("状態の値が正しくありません。"),
            ),
        ]

    def __str__(self):
        return _("%(group)s「%(event)s」") % {"group": self.group, "event": self.event_name}

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1
