"""Equipment loans (機材の貸し出し): kinds and their units, the per-site rules, and loans that never overlap.

A loan holds one concrete unit from the pick-up day to the return day, both days included. PostgreSQL refuses two
active loans (予約 or 貸出中) of one unit whose days overlap, so a unit returned on a day is lent again from the
next day on.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core.models import Site
from config.core.uploads import RandomName

UNIT_TAKEN_MESSAGE = _("その期間、この機材はすでに予約されています。別の日を選んでください。")


class DateRange(Func):
    """daterange(pickup_on, return_on, '[]'): the days a loan holds its unit, for the exclusion constraint."""

    function = "DATERANGE"
    output_field = DateRangeField()


class EquipmentRules(models.Model):
    """The loan rules of one site, which staff edit in the admin (data, not code)."""

    site = models.OneToOneField(Site, models.CASCADE, related_name="equipment_rules", verbose_name=_("拠点"))
    max_days_ahead = models.PositiveSmallIntegerField(_("受取日を何日先まで予約できるか"), default=60)
    max_loan_days = models.PositiveSmallIntegerField(
        _("1回の最長貸出日数（受取日と返却日を含む）"), default=14
    )
    cancel_deadline_days = models.PositiveSmallIntegerField(
        _("団体が取り消せる期限（受取日の何日前まで）"),
        default=1,
    )
    charge_closed_days = models.BooleanField(
        _("休所日も延長料金を数える"),
        default=False,
        help_text=_("チェックしないと、休所日（定休日・祝日・年末年始・臨時休所）は延長日数に数えません。"),
    )

    class Meta:
        verbose_name = _("機材貸出のきまり")
        verbose_name_plural = _("機材貸出のきまり")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_days_ahead__gte=1, max_days_ahead__lte=365),
                name="programs_equipmentrules_days_ahead_range",
                violation_error_message=_("予約できる日数は1〜365日で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(max_loan_days__gte=1, max_loan_days__lte=60),
                name="programs_equipmentrules_loan_days_range",
                violation_error_message=_("最長貸出日数は1〜60日で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(cancel_deadline_days__lte=30),
                name="programs_equipmentrules_cancel_days_range",
                violation_error_message=_("取消期限は0〜30日で入力してください。"),
            ),
        ]

    def __str__(self):
        return _("%(site)s の機材貸出のきまり") % {"site": self.site}

    @classmethod
    def for_site(cls, site: Site) -> "EquipmentRules":
        rules = getattr(site, "_equipment_rules_cache", None)
        if rules is None:
            rules, _created = cls.objects.get_or_create(site=site)
            site._equipment_rules_cache = rules
        return rules


class EquipmentKindQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class EquipmentKind(models.Model):
    """A kind of equipment (品目) with its rates; the units are the things lent."""

    name = models.CharField(_("品目名"), max_length=50)
    description = models.TextField(_("説明"), max_length=1000, blank=True)
    photo = models.FileField(_("写真"), upload_to=RandomName("equipment"), blank=True)
    fee_per_loan = models.PositiveIntegerField(_("1回の貸出料（円）"), default=0)
    fee_per_extra_day = models.PositiveIntegerField(_("延長1日あたりの料金（円）"), default=0)
    deposit = models.PositiveIntegerField(_("保証金（円）"), default=0)
    lend_to_groups = models.BooleanField(_("登録団体に貸し出す"), default=True)
    lend_to_schools = models.BooleanField(
        _("学校の授業・出前講座にも貸し出す（職員が窓口で予約）"),
        default=False,
    )
    is_active = models.BooleanField(_("貸出中"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = EquipmentKindQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("機材の品目")
        verbose_name_plural = _("機材の品目")
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="programs_equipmentkind_unique_name",
                violation_error_message=_("同じ名前の品目がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(fee_per_loan__lte=100000, fee_per_extra_day__lte=100000, deposit__lte=100000),
                name="programs_equipmentkind_fee_range",
                violation_error_message=_("料金と保証金は0〜100,000円で入力してください。"),
            ),
        ]

    def __str__(self):
        return self.name


class EquipmentUnit(models.Model):
    """One unit (管理番号) of a kind, kept at one site."""

    class Condition(models.TextChoices):
        GOOD = "good", _("良好")
        WORN = "worn", _("使用感あり")
        CHECK = "check", _("要点検")
        DAMAGED = "damaged", _("破損")

    kind = models.ForeignKey(EquipmentKind, models.PROTECT, related_name="units", verbose_name=_("品目"))
    site = models.ForeignKey(
        Site, models.PROTECT, related_name="equipment_units", verbose_name=_("保管する拠点")
    )
    code = models.CharField(_("管理番号"), max_length=20)
    condition = models.CharField(_("状態"), max_length=10, choices=Condition.choices, default=Condition.GOOD)
    notes = models.CharField(_("備考"), max_length=200, blank=True)
    in_service = models.BooleanField(_("貸出できる"), default=True)
    out_of_service_reason = models.CharField(_("貸出停止の理由"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind__sort_order", "kind", "site__sort_order", "code"]
        verbose_name = _("機材（管理番号）")
        verbose_name_plural = _("機材（管理番号）")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="programs_equipmentunit_unique_code",
                violation_error_message=_("同じ管理番号の機材がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(in_service=True) | ~Q(out_of_service_reason=""),
                name="programs_equipmentunit_out_of_service_has_reason",
                violation_error_message=_("貸出を止める理由を入力してください。"),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.code}"


class EquipmentLoanQuerySet(models.QuerySet):
    def active(self):
        """Loans that hold their unit: reserved or lent (returned and cancelled ones free it)."""
        return self.filter(status__in=EquipmentLoan.ACTIVE)

    def overdue(self, today: datetime.date | None = None):
        """Lent, and the return day has passed without the unit coming back (延滞)."""
        today = today or timezone.localdate()
        return self.filter(status=EquipmentLoan.Status.LENT, return_on__lt=today)

    def overlapping(self, start: datetime.date, end: datetime.date):
        return self.filter(pickup_on__lte=end, return_on__gte=start)


class EquipmentLoan(models.Model):
    """A reservation, then a loan, of one unit to a group: 予約 → 貸出中 → 返却済, or 取消 (kept in history).

    A unit reserved by staff for a school lesson or outreach course (SchoolRequest) has no group; exactly one of the
    two is set, and the same exclusion constraint holds it against every other loan."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("予約")
        LENT = "lent", _("貸出中")
        RETURNED = "returned", _("返却済")
        CANCELLED = "cancelled", _("取消")

    ACTIVE = (Status.RESERVED, Status.LENT)

    unit = models.ForeignKey(EquipmentUnit, models.PROTECT, related_name="loans", verbose_name=_("機材"))
    group = models.ForeignKey(
        "volunteers.VolunteerGroup",
        models.PROTECT,
        related_name="equipment_loans",
        verbose_name=_("団体"),
        null=True,
        blank=True,
    )
    school_request = models.ForeignKey(
        "programs.SchoolRequest",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment_loans",
        verbose_name=_("学校・出張講座の依頼"),
    )
    pickup_on = models.DateField(_("受取日"))
    return_on = models.DateField(_("返却日"))
    purpose = models.CharField(_("使う目的"), max_length=100, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.RESERVED)
    fee = models.PositiveIntegerField(_("貸出料（円）"))
    created_at = models.DateTimeField(_("予約日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("予約した人"),
    )
    checked_out_at = models.DateTimeField(_("貸出日時"), null=True, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("貸し出した職員"),
    )
    collected_by = models.CharField(_("受け取った人"), max_length=50, blank=True)
    condition_out = models.CharField(
        _("貸出時の状態"), max_length=10, choices=EquipmentUnit.Condition.choices, blank=True
    )
    fee_charged = models.PositiveIntegerField(_("受け取った貸出料（円）"), null=True, blank=True)
    receipt_number = models.CharField(_("領収書番号"), max_length=20, blank=True)
    returned_at = models.DateTimeField(_("返却日時"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("返却を受けた職員"),
    )
    condition_in = models.CharField(
        _("返却時の状態"), max_length=10, choices=EquipmentUnit.Condition.choices, blank=True
    )
    damage_note = models.CharField(_("破損・不具合の記録"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("取り消した人"),
    )
    cancel_reason = models.CharField(_("取消の理由"), max_length=200, blank=True)
    reminded_on = models.DateField(_("延滞の連絡をした日"), null=True, blank=True)

    objects = EquipmentLoanQuerySet.as_manager()

    class Meta:
        ordering = ["-pickup_on", "-pk"]
        verbose_name = _("機材の貸出")
        verbose_name_plural = _("機材の貸出")
        indexes = [
            models.Index(fields=["status", "return_on"], name="programs_equiploan_status"),
            models.Index(fields=["-pickup_on", "-id"], name="programs_equiploan_pickup"),
        ]
        constraints = [
            ExclusionConstraint(
                name="programs_equipmentloan_no_overlap",
                expressions=[
                    ("unit", RangeOperators.EQUAL),
                    (
                        DateRange("pickup_on", "return_on", RangeBoundary(inclusive_upper=True)),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(status__in=["reserved", "lent"]),
                violation_error_message=UNIT_TAKEN_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(return_on__gte=F("pickup_on")),
                name="programs_equipmentloan_return_after_pickup",
                violation_error_message=_("返却日は受取日と同じ日か、それより後にしてください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | (Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="programs_equipmentloan_cancel_has_reason",
                violation_error_message=_("取り消しの理由を入力してください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["lent", "returned"])
                | Q(checked_out_at__isnull=False, fee_charged__isnull=False),
                name="programs_equipmentloan_lent_was_checked_out",
                violation_error_message=_("貸し出しの記録がありません。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(returned_at__isnull=False),
                name="programs_equipmentloan_returned_has_time",
                violation_error_message=_("返却の記録がありません。"),
            ),
            models.CheckConstraint(
                condition=Q(group__isnull=False, school_request__isnull=True)
                | Q(group__isnull=True, school_request__isnull=False),
                name="programs_equipmentloan_one_borrower",
                violation_error_message=_("貸出先は団体か学校・出張講座の依頼のどちらか一方です。"),
            ),
            models.UniqueConstraint(
                fields=["receipt_number"],
                condition=~Q(receipt_number=""),
                name="programs_equipmentloan_unique_receipt",
                violation_error_message=_("同じ領収書番号がすでにあります。"),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.pickup_on:%Y-%m-%d}–{self.return_on:%m-%d} {self.borrower_name}"

    @property
    def borrower_name(self) -> str:
        """The group's name, or the school's (or organisation's) for a lesson's loan."""
        if self.group_id:
            return self.group.name
        return self.school_request.organisation if self.school_request_id else ""

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.LENT and self.return_on < (today or timezone.localdate())

    def status_label(self, today: datetime.date | None = None) -> str:
        """予約 / 貸出中 / 返却済 / 取消, or 延滞 when the return day has passed and the unit is not back."""
        return str(_("延滞")) if self.is_overdue(today) else self.get_status_display()

    def days(self) -> int:
        return (self.return_on - self.pickup_on).days + 1

    def cancel_deadline(self) -> datetime.date:
        """The last day on which the group may cancel by itself."""
        rules = EquipmentRules.for_site(self.unit.site)
        return self.pickup_on - datetime.timedelta(days=rules.cancel_deadline_days)
