"""The plans as data: 第四次地域福祉活動計画 and 気球くんプラン, the yearly business-plan items with their targets,
staff's manual entries and the PDCA evaluation of each item.

An item belongs to one fiscal year; staff copy a year's items to the next (services.copy_year) and adjust.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    class Kind(models.TextChoices):
        FOURTH = "fourth", _("第四次西東京市地域福祉活動計画")
        KIKYU = "kikyu", _("気球くんプラン")

    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    owner = models.CharField(_("策定者"), max_length=100, blank=True)
    start_fiscal_year = models.PositiveSmallIntegerField(_("開始年度"))
    end_fiscal_year = models.PositiveSmallIntegerField(_("終了年度"))
    philosophy = models.TextField(_("基本理念・目的"), blank=True)
    focus = models.TextField(_("重点"), blank=True)
    management = models.TextField(_("進行管理"), blank=True)
    features = models.JSONField(_("特徴"), default=list, blank=True)
    relation = models.TextField(_("位置づけ"), blank=True)

    class Meta:
        verbose_name = _("計画")
        verbose_name_plural = _("計画")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name


class WelfareIssue(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="issues", verbose_name=_("計画"))
    no = models.PositiveSmallIntegerField(_("番号"))
    title = models.CharField(_("福祉課題"), max_length=100)

    class Meta:
        verbose_name = _("福祉課題")
        verbose_name_plural = _("福祉課題")
        ordering = ["no"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "no"],
                name="plans_welfareissue_unique_no",
                violation_error_message=_("同じ番号の福祉課題があります。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.no}. {self.title}"


class BasicGoal(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="goals", verbose_name=_("計画"))
    no = models.PositiveSmallIntegerField(_("番号"))
    title = models.CharField(_("基本目標"), max_length=100)
    subtitle = models.CharField(_("副題"), max_length=100, blank=True)
    vision = models.JSONField(_("2024年の西東京市の姿"), default=list, blank=True)

    class Meta:
        verbose_name = _("基本目標")
        verbose_name_plural = _("基本目標")
        ordering = ["no"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "no"],
                name="plans_basicgoal_unique_no",
                violation_error_message=_("同じ番号の基本目標があります。"),
            )
        ]

    def __str__(self) -> str:
        return _("基本目標%(no)s %(title)s") % {"no": self.no, "title": self.title}


class Approach(models.Model):
    """つなげる・いかす・うみだす."""

    no = models.PositiveSmallIntegerField(_("番号"), unique=True)
    name = models.CharField(_("取り組み"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("3つの取り組み")
        verbose_name_plural = _("3つの取り組み")
        ordering = ["no"]

    def __str__(self) -> str:
        return self.name


class Pillar(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="pillars", verbose_name=_("計画"))
    no = models.PositiveSmallIntegerField(_("番号"))
    title = models.CharField(_("柱"), max_length=100)

    class Meta:
        verbose_name = _("気球くんプランの柱")
        verbose_name_plural = _("気球くんプランの柱")
        ordering = ["no"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "no"],
                name="plans_pillar_unique_no",
                violation_error_message=_("同じ番号の柱があります。"),
            )
        ]

    def __str__(self) -> str:
        return _("柱%(no)s %(title)s") % {"no": self.no, "title": self.title}


class PlanItem(models.Model):
    """One 項目 of a fiscal year's business plan (事業計画), e.g. ボランティアの紹介 in 2020."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    section_no = models.PositiveSmallIntegerField(_("取り組み番号"))
    section = models.CharField(_("取り組み"), max_length=100)
    name = models.CharField(_("項目"), max_length=100)
    detail = models.TextField(_("内容"), blank=True)
    pillar = models.ForeignKey(
        Pillar,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("気球くんプランの柱"),
    )
    approaches = models.ManyToManyField(
        Approach, blank=True, related_name="items", verbose_name=_("3つの取り組み")
    )
    goals = models.ManyToManyField(
        BasicGoal, blank=True, related_name="items", verbose_name=_("第四次の基本目標")
    )
    # The months the item happens in (1–12); empty = all year. Drives the status rule (see progress.py).
    active_months = models.JSONField(_("実施月"), default=list, blank=True)
    note = models.TextField(_("備考"), blank=True)

    class Meta:
        verbose_name = _("事業計画の項目")
        verbose_name_plural = _("事業計画の項目")
        ordering = ["fiscal_year", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.name}（{self.detail[:20]}）"


class Target(models.Model):
    """A target of an item: the primary one carries the text as written (`2回（40人）`); a second figure of the same
    text (the 40 people) is a second target. Each target has a metric (registry key and parameter) or manual entries."""

    item = models.ForeignKey(PlanItem, models.CASCADE, related_name="targets", verbose_name=_("項目"))
    order = models.PositiveSmallIntegerField(_("順"), default=0)
    text = models.CharField(_("目標値（記載のとおり）"), max_length=100, blank=True)
    value = models.DecimalField(_("目標の数値"), max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("単位"), max_length=10, blank=True)
    metric_key = models.CharField(_("指標キー"), max_length=80, blank=True)
    metric_param = models.CharField(_("指標のパラメータ"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("目標")
        verbose_name_plural = _("目標")
        ordering = ["item", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="plans_target_value_not_negative",
                violation_error_message=_("目標の数値は0以上にしてください。"),
            )
        ]

    def __str__(self) -> str:
        return self.text or f"{self.value}{self.unit}"

    @property
    def metric_ref(self) -> str:
        return f"{self.metric_key}:{self.metric_param}" if self.metric_param else self.metric_key


class ManualEntry(models.Model):
    """An actual staff enter where no metric fits (or a note on a metric-backed target: value left empty)."""

    target = models.ForeignKey(Target, models.PROTECT, related_name="entries", verbose_name=_("目標"))
    entered_on = models.DateField(_("実施日"))
    value = models.DecimalField(_("実績値"), max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("内容・メモ"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("入力者")
    )
    created_at = models.DateTimeField(_("入力日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("実績の手入力")
        verbose_name_plural = _("実績の手入力")
        ordering = ["entered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="plans_manualentry_value_not_negative",
                violation_error_message=_("実績値は0以上にしてください。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.entered_on} {self.value if self.value is not None else ''}"


class Evaluation(models.Model):
    """The PDCA evaluation of an item for its fiscal year: 評価 A–D, Do, Check, Action."""

    class Grade(models.TextChoices):
        A = "A", _("A（目標を上回った）")
        B = "B", _("B（おおむね目標どおり）")
        C = "C", _("C（目標を下回った）")
        D = "D", _("D（実施できなかった）")

    item = models.OneToOneField(PlanItem, models.CASCADE, related_name="evaluation", verbose_name=_("項目"))
    grade = models.CharField(_("評価"), max_length=1, choices=Grade.choices)
    do_text = models.TextField(_("実施したこと（Do）"), blank=True)
    check_text = models.TextField(_("点検・評価（Check）"), blank=True)
    action_text = models.TextField(_("改善（Action）"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("記入者")
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("PDCA評価")
        verbose_name_plural = _("PDCA評価")

    def __str__(self) -> str:
        return f"{self.item} {self.grade}"
