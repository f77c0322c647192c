"""The annual bulk application (年間一括申請): windows, recurring requests, and the auditable allocation runs."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from config.core.models import WEEKDAYS, Site

from .rooms import Room


class WindowQuerySet(models.QuerySet):
    def accepting(self, day: datetime.date):
        """Windows taking applications on that day: within the dates, not closed early, not yet run."""
        return self.filter(
            opens_on__lte=day, closes_on__gte=day, closed_early_at__isnull=True, runs__isnull=True
        )


class ApplicationWindow(models.Model):
    """A period in which groups apply for next fiscal year's recurring room slots and lockers at one site.

    Its phase (see `phase`) moves one way: before opening → open → closed → under review (run) → published.
    """

    class Phase(models.TextChoices):
        BEFORE = "before", _("受付開始前")
        OPEN = "open", _("受付中")
        CLOSED = "closed", _("受付終了（割当は未実行）")
        REVIEW = "review", _("割当の確認中（未公開）")
        PUBLISHED = "published", _("結果を公開済み")

    site = models.ForeignKey(Site, models.PROTECT, related_name="application_windows", verbose_name=_("拠点"))
    fiscal_year = models.PositiveSmallIntegerField(_("利用する年度"))
    opens_on = models.DateField(_("受付開始日"))
    closes_on = models.DateField(_("受付終了日"))
    max_slots_per_group = models.PositiveSmallIntegerField(_("1団体あたりの定期枠の上限"), default=2)
    max_requests_per_group = models.PositiveSmallIntegerField(_("1団体あたりの申請件数の上限"), default=4)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成した職員"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    closed_early_at = models.DateTimeField(_("受付を早く締め切った日時"), null=True, blank=True)
    closed_early_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("早く締め切った職員"),
    )
    closed_early_reason = models.CharField(_("早く締め切った理由"), max_length=200, blank=True)

    objects = WindowQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "site__sort_order"]
        verbose_name = _("年間一括申請の受付")
        verbose_name_plural = _("年間一括申請の受付")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "fiscal_year"],
                name="programs_applicationwindow_one_per_year",
                violation_error_message=_("この拠点のこの年度の受付はすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")),
                name="programs_applicationwindow_dates_in_order",
                violation_error_message=_("受付終了日は受付開始日以降にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(
                    max_slots_per_group__gte=1,
                    max_slots_per_group__lte=20,
                    max_requests_per_group__gte=1,
                    max_requests_per_group__lte=20,
                ),
                name="programs_applicationwindow_caps_range",
                violation_error_message=_("上限は1〜20で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(closed_early_at__isnull=True, closed_early_reason="")
                | (Q(closed_early_at__isnull=False) & ~Q(closed_early_reason="")),
                name="programs_applicationwindow_early_close_has_reason",
                violation_error_message=_("受付を早く締め切るときは理由を入力してください。"),
            ),
        ]

    def __str__(self):
        return _("%(site)s %(year)s年度 年間一括申請") % {"site": self.site, "year": self.fiscal_year}

    def is_open_on(self, day: datetime.date) -> bool:
        """Groups may apply, change and withdraw: within the dates, not closed early, no run yet."""
        return self.phase(day) == self.Phase.OPEN

    def is_closed_on(self, day: datetime.date) -> bool:
        """The allocation may run: the last day has passed, or staff closed the window early."""
        return self.closed_early_at is not None or day > self.closes_on

    def phase(self, day: datetime.date) -> "ApplicationWindow.Phase":
        """Where the window stands on a day; runs win over dates, so a run window never reopens."""
        runs = list(self.runs.all())
        if any(r.published_at for r in runs):
            return self.Phase.PUBLISHED
        if runs:
            return self.Phase.REVIEW
        if self.is_closed_on(day):
            return self.Phase.CLOSED
        if day < self.opens_on:
            return self.Phase.BEFORE
        return self.Phase.OPEN

    def published_run(self) -> "AllocationRun | None":
        return next((r for r in self.runs.all() if r.published_at), None)


class Pattern(models.TextChoices):
    WEEKLY = "weekly", _("毎週")
    NTH = "nth", _("第n週（毎月）")


NTH_CHOICES = [(1, _("第1")), (2, _("第2")), (3, _("第3")), (4, _("第4")), (5, _("第5"))]


class RecurringRequest(models.Model):
    """One recurring slot a group asks for, with a first choice and an optional second choice.

    A choice names a room, or leaves it empty to take any room of the site seating at least `min_capacity`.
    """

    window = models.ForeignKey(
        ApplicationWindow, models.CASCADE, related_name="requests", verbose_name=_("受付")
    )
    group = models.ForeignKey(
        "volunteers.VolunteerGroup",
        models.PROTECT,
        related_name="recurring_requests",
        verbose_name=_("団体"),
    )
    pattern = models.CharField(_("くり返し"), max_length=10, choices=Pattern.choices, default=Pattern.WEEKLY)
    weeks = ArrayField(
        models.PositiveSmallIntegerField(choices=NTH_CHOICES),
        verbose_name=_("第何週"),
        default=list,
        blank=True,
    )
    room = models.ForeignKey(
        Room, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("第1希望の部屋")
    )
    min_capacity = models.PositiveSmallIntegerField(_("必要な定員（部屋を指定しないとき）"), default=1)
    weekday = models.PositiveSmallIntegerField(_("第1希望の曜日"), choices=WEEKDAYS)
    start_time = models.TimeField(_("第1希望の開始時刻"))
    end_time = models.TimeField(_("第1希望の終了時刻"))
    second_room = models.ForeignKey(
        Room,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("第2希望の部屋"),
    )
    second_weekday = models.PositiveSmallIntegerField(
        _("第2希望の曜日"), choices=WEEKDAYS, null=True, blank=True
    )
    second_start_time = models.TimeField(_("第2希望の開始時刻"), null=True, blank=True)
    second_end_time = models.TimeField(_("第2希望の終了時刻"), null=True, blank=True)
    purpose = models.CharField(_("利用目的"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申請した人"),
    )
    created_at = models.DateTimeField(_("申請日時"), auto_now_add=True)

    class Meta:
        ordering = ["window", "pk"]
        verbose_name = _("定期利用の申請")
        verbose_name_plural = _("定期利用の申請")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")),
                name="programs_recurringrequest_times_in_order",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(
                    second_weekday__isnull=True, second_start_time__isnull=True, second_end_time__isnull=True
                )
                | Q(second_weekday__isnull=False, second_start_time__lt=models.F("second_end_time")),
                name="programs_recurringrequest_second_choice_complete",
                violation_error_message=_(
                    "第2希望は曜日・開始時刻・終了時刻をすべて入力してください（終了は開始より後）。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(pattern="weekly", weeks=[]) | (Q(pattern="nth") & ~Q(weeks=[])),
                name="programs_recurringrequest_weeks_match_pattern",
                violation_error_message=_("「第n週」を選んだときは第何週かを選んでください。"),
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.describe(1)}"

    def has_second_choice(self) -> bool:
        return self.second_weekday is not None

    def choice(self, rank: int) -> tuple[Room | None, int, datetime.time, datetime.time]:
        if rank == 1:
            return self.room, self.weekday, self.start_time, self.end_time
        return self.second_room, self.second_weekday, self.second_start_time, self.second_end_time

    def describe_first(self) -> str:
        return self.describe(1)

    def describe_second(self) -> str:
        return self.describe(2) if self.has_second_choice() else ""

    def describe(self, rank: int) -> str:
        """'毎週 火曜 10:00〜12:00 第1会議室' or '第1・第3 火曜 … 定員10人以上の部屋'."""
        from config.core.models import WEEKDAY_SHORT

        room, weekday, start, end = self.choice(rank)
        if weekday is None:
            return ""
        when = (
            str(_("毎週"))
            if self.pattern == Pattern.WEEKLY
            else pgettext("list", "・").join(_("第%(n)s") % {"n": w} for w in self.weeks)
        )
        if room:
            where = room.name
        elif self.min_capacity > 1:
            where = _("定員%(n)s人以上の部屋") % {"n": self.min_capacity}
        else:
            where = _("部屋の指定なし")  # not 「定員1人以上の部屋」: every room holds one person
        return _("%(when)s %(day)s曜 %(start)s〜%(end)s %(where)s") % {
            "when": when,
            "day": WEEKDAY_SHORT[weekday],
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
            "where": where,
        }


class LockerRequest(models.Model):
    """A group asks for a locker for the window's fiscal year."""

    window = models.ForeignKey(
        ApplicationWindow, models.CASCADE, related_name="locker_requests", verbose_name=_("受付")
    )
    group = models.ForeignKey(
        "volunteers.VolunteerGroup",
        models.PROTECT,
        related_name="locker_requests",
        verbose_name=_("団体"),
    )
    size = models.CharField(_("希望の大きさ"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("申請日時"), auto_now_add=True)

    class Meta:
        ordering = ["window", "pk"]
        verbose_name = _("ロッカーの申請")
        verbose_name_plural = _("ロッカーの申請")
        constraints = [
            models.UniqueConstraint(
                fields=["window", "group"],
                name="programs_lockerrequest_one_per_group",
                violation_error_message=_("この団体はすでにロッカーを申請しています。"),
            )
        ]

    def __str__(self):
        return _("%(group)s ロッカー申請") % {"group": self.group}


class AllocationRun(models.Model):
    """One run of the allocation: who ran it, when, the inputs, the seed and the outcome; published at most once."""

    window = models.ForeignKey(ApplicationWindow, models.PROTECT, related_name="runs", verbose_name=_("受付"))
    seed = models.BigIntegerField(_("抽選のシード"))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("実行した職員"),
    )
    run_at = models.DateTimeField(_("実行日時"), auto_now_add=True)
    # Everything the run read (requests, rooms and their hours, closed days, bookings, lockers), so that
    # `allocation_replay` can recompute it from this record alone; the digest covers inputs and seed.
    inputs = models.JSONField(_("入力（申請・部屋・利用時間・休所日・予約・ロッカー）"), default=dict)
    inputs_digest = models.CharField(_("入力のダイジェスト（SHA-256）"), max_length=64, blank=True)
    outcome = models.JSONField(_("結果"), default=dict)
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公開した職員"),
    )

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = _("年間割当の実行記録")
        verbose_name_plural = _("年間割当の実行記録")
        constraints = [
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(published_at__isnull=False),
                name="programs_allocationrun_one_published",
                violation_error_message=_("この受付の割当はすでに公開されています。"),
            )
        ]

    def __str__(self):
        return _("%(window)s 割当 %(at)s（抽選の乱数番号 %(seed)s）") % {
            "window": self.window,
            "at": f"{self.run_at:%Y-%m-%d %H:%M}",
            "seed": self.seed,
        }


class AllocationResult(models.Model):
    """What one request got in a run, and why: granted (first or second choice) or lost to the lottery or the cap."""

    class Outcome(models.TextChoices):
        FIRST = "first", _("第1希望で決定")
        SECOND = "second", _("第2希望で決定")
        LOTTERY = "lottery", _("抽選で落選")
        CAP = "cap", _("団体の上限に達したため対象外")
        UNAVAILABLE = "unavailable", _("希望の部屋・時間が利用できない")

    run = models.ForeignKey(AllocationRun, models.CASCADE, related_name="results", verbose_name=_("実行記録"))
    request = models.ForeignKey(
        RecurringRequest, models.CASCADE, related_name="results", verbose_name=_("申請")
    )
    lottery_number = models.PositiveIntegerField(_("抽選順位"))
    outcome = models.CharField(_("結果"), max_length=12, choices=Outcome.choices)
    room = models.ForeignKey(
        Room, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("決定した部屋")
    )
    dates = ArrayField(models.DateField(), verbose_name=_("利用日"), default=list, blank=True)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    runner_up_rank = models.PositiveSmallIntegerField(_("次点の順位"), null=True, blank=True)

    class Meta:
        ordering = ["run", "lottery_number"]
        verbose_name = _("年間割当の結果")
        verbose_name_plural = _("年間割当の結果")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "request"],
                name="programs_allocationresult_one_per_request",
                violation_error_message=_("この申請の結果はすでにあります。"),
            )
        ]

    def __str__(self):
        return f"{self.request.group} {self.get_outcome_display()}"

    @property
    def granted(self) -> bool:
        return self.outcome in (self.Outcome.FIRST, self.Outcome.SECOND)
