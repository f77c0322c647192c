"""The two sites of the center and their calendars: opening hours and closed days are data, per site."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    (0, _("月曜日")),
    (1, _("火曜日")),
    (2, _("水曜日")),
    (3, _("木曜日")),
    (4, _("金曜日")),
    (5, _("土曜日")),
    (6, _("日曜日")),
]
WEEKDAY_SHORT = [
    pgettext_lazy("weekday", "月"),
    pgettext_lazy("weekday", "火"),
    pgettext_lazy("weekday", "水"),
    pgettext_lazy("weekday", "木"),
    pgettext_lazy("weekday", "金"),
    pgettext_lazy("weekday", "土"),
    pgettext_lazy("weekday", "日"),
]


class Site(models.Model):
    slug = models.SlugField(_("識別子"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("略称"), max_length=20)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    fax = models.CharField(_("ファックス"), max_length=20, blank=True)
    closed_on_national_holidays = models.BooleanField(_("国民の祝日は休み"), default=True)
    is_main = models.BooleanField(_("本所"), default=False, help_text=_("フッターと問合せ先に表示する拠点"))
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("拠点")
        verbose_name_plural = _("拠点")
        constraints = [
            models.UniqueConstraint(
                fields=["is_main"],
                condition=Q(is_main=True),
                name="core_site_one_main",
                violation_error_message=_("本所に指定できる拠点は一つだけです。"),
            )
        ]

    def __str__(self):
        return self.short_name

    def hours_summary(self) -> str:
        """'月〜土曜日 8:30〜17:00（日曜・祝日・年末年始を除く）', built from the rows (prefetch them)."""
        hours = sorted(self.opening_hours.all(), key=lambda h: h.weekday)
        runs: list[list[OpeningHours]] = []
        for h in hours:
            if runs and runs[-1][-1].weekday == h.weekday - 1 and (runs[-1][-1].opens, runs[-1][-1].closes) == (h.opens, h.closes):
                runs[-1].append(h)
            else:
                runs.append([h])
        parts = []
        for run in runs:
            days = WEEKDAY_SHORT[run[0].weekday] + (f"〜{WEEKDAY_SHORT[run[-1].weekday]}" if len(run) > 1 else "")
            parts.append(gettext("%(days)s曜日 %(opens)s〜%(closes)s") % {"days": days, "opens": f"{run[0].opens:%-H:%M}", "closes": f"{run[0].closes:%-H:%M}"})
        open_days = {h.weekday for h in hours}
        closed = [gettext("%(day)s曜") % {"day": WEEKDAY_SHORT[d]} for d in range(7) if d not in open_days]
        if self.closed_on_national_holidays:
            closed.append(gettext("祝日"))
        closed += [c.name for c in self.annual_closures.all()]
        text = "、".join(parts)
        return gettext("%(hours)s（%(closed)sを除く）") % {"hours": text, "closed": "・".join(closed)} if closed else text


class OpeningHours(models.Model):
    """Office hours for one weekday. A weekday with no row is a closed day (e.g. Sunday)."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="opening_hours", verbose_name=_("拠点"))
    weekday = models.PositiveSmallIntegerField(_("曜日"), choices=WEEKDAYS)
    opens = models.TimeField(_("開所"))
    closes = models.TimeField(_("閉所"))

    class Meta:
        ordering = ["site", "weekday"]
        verbose_name = _("開所時間")
        verbose_name_plural = _("開所時間")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "weekday"],
                name="core_openinghours_one_per_weekday",
                violation_error_message=_("同じ曜日の開所時間はすでに登録されています。"),
            ),
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")),
                name="core_openinghours_opens_before_closes",
                violation_error_message=_("開所時刻は閉所時刻より前にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="core_openinghours_weekday_range",
                violation_error_message=_("曜日が正しくありません。"),
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class AnnualClosure(models.Model):
    """A closure that comes back every year, such as 年末年始 (29 Dec – 3 Jan); may span New Year."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="annual_closures", verbose_name=_("拠点"))
    name = models.CharField(_("名称"), max_length=50)
    start_month = models.PositiveSmallIntegerField(_("開始月"))
    start_day = models.PositiveSmallIntegerField(_("開始日"))
    end_month = models.PositiveSmallIntegerField(_("終了月"))
    end_day = models.PositiveSmallIntegerField(_("終了日"))

    class Meta:
        ordering = ["site", "start_month", "start_day"]
        verbose_name = _("毎年の休所期間")
        verbose_name_plural = _("毎年の休所期間")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__range=(1, 12), end_month__range=(1, 12), start_day__range=(1, 31), end_day__range=(1, 31)),
                name="core_annualclosure_valid_dates",
                violation_error_message=_("月は1〜12、日は1〜31で入力してください。"),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.start_month}/{self.start_day}〜{self.end_month}/{self.end_day}）"

    def covers(self, day: datetime.date) -> bool:
        start, end, here = (self.start_month, self.start_day), (self.end_month, self.end_day), (day.month, day.day)
        if start <= end:
            return start <= here <= end
        return here >= start or here <= end  # spans New Year


class ClosureQuerySet(models.QuerySet):
    def for_site(self, site: Site):
        return self.filter(Q(site=site) | Q(site__isnull=True))

    def overlapping(self, start: datetime.date, end: datetime.date):
        return self.filter(start_date__lte=end, end_date__gte=start)


class Closure(models.Model):
    """A one-off closure staff enter (building inspection, disaster). No site means both sites."""

    site = models.ForeignKey(
        Site, models.CASCADE, null=True, blank=True, related_name="closures", verbose_name=_("拠点"),
        help_text=_("空欄にすると全拠点が休所になります。"),
    )
    start_date = models.DateField(_("開始日"))
    end_date = models.DateField(_("終了日"))
    reason = models.CharField(_("理由"), max_length=100)

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("臨時休所")
        verbose_name_plural = _("臨時休所")
        indexes = [models.Index(fields=["start_date", "end_date"], name="core_closure_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("end_date")),
                name="core_closure_start_before_end",
                violation_error_message=_("終了日は開始日以降にしてください。"),
            )
        ]

    def __str__(self):
        return f"{self.reason}（{self.start_date}〜{self.end_date}）"


class AuditEntry(models.Model):
    """Who changed which personal data, when, and what: every service that writes such data records one."""

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "auth.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("操作した人")
    )
    action = models.CharField(_("操作"), max_length=50)
    target_type = models.CharField(_("対象の種類"), max_length=50)
    target_id = models.BigIntegerField(_("対象ID"))
    changes = models.JSONField(_("変更内容"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("変更履歴")
        verbose_name_plural = _("変更履歴")
        indexes = [models.Index(fields=["target_type", "target_id", "-at"], name="core_audit_target")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class ExportLog(models.Model):
    """One download of personal data (a roster to CSV or Excel): who, what, when and how many rows."""

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "auth.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("出力した人")
    )
    what = models.CharField(_("出力したもの"), max_length=100)
    fmt = models.CharField(_("形式"), max_length=10)
    rows = models.PositiveIntegerField(_("件数"))
    columns = models.JSONField(_("列"), default=list, blank=True)
    path = models.CharField(_("ページ"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("個人情報の出力記録")
        verbose_name_plural = _("個人情報の出力記録")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.what} {self.rows}"
