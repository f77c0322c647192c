"""The two sites of the center and their calendars: opening hours and closed days are data, per site."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
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
            days = str(WEEKDAY_SHORT[run[0].weekday])
            if len(run) > 1:
                days += pgettext("range of days", "〜") + str(WEEKDAY_SHORT[run[-1].weekday])
            parts.append(gettext("%(days)s曜日 %(opens)s〜%(closes)s") % {"days": days, "opens": f"{run[0].opens:%-H:%M}", "closes": f"{run[0].closes:%-H:%M}"})
        open_days = {h.weekday for h in hours}
        closed = [gettext("%(day)s曜") % {"day": WEEKDAY_SHORT[d]} for d in range(7) if d not in open_days]
        if self.closed_on_national_holidays:
            closed.append(gettext("祝日"))
        closed += [c.name for c in self.annual_closures.all()]
        text = pgettext("list of hours", "、").join(parts)
        closed_text = pgettext("list of closed days", "・").join(str(c) for c in closed)
        return gettext("%(hours)s（%(closed)sを除く）") % {"hours": text, "closed": closed_text} if closed else text


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


class FuriganaWord(models.Model):
    """A reading the ふりがな switch uses instead of the analyser's: proper nouns such as 西東京, 田無, group names."""

    surface = models.CharField(_("表記"), max_length=60, unique=True, help_text=_("漢字を含む語（例：西東京）"))
    reading = models.CharField(_("読み"), max_length=120, help_text=_("ひらがなで入力します（例：にしとうきょう）"))

    class Meta:
        ordering = ["surface"]
        verbose_name = _("ふりがなの読み")
        verbose_name_plural = _("ふりがなの読み（補正辞書）")
        constraints = [
            models.CheckConstraint(
                condition=Q(reading__regex=r"^[\u3041-\u3096\u30fc\u30fb ]+$"),  # hiragana, ー, ・ and spaces (PostgreSQL reads the \u escapes)
                name="core_furiganaword_reading_hiragana",
                violation_error_message=_("読みはひらがなで入力してください。"),
            )
        ]

    def __str__(self):
        return f"{self.surface}（{self.reading}）"
class PublicFormSubmission(models.Model):
    """One submission to a public form, kept for its rate limit: which form, a keyed digest of the sender's
    address (never the address itself) and when. Rows older than a day are pruned as new ones come."""

    form = models.CharField(max_length=40)
    address_digest = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["form", "address_digest", "at"], name="core_publicform_rate")]

    def __str__(self):
        return f"{self.form} {self.at:%Y-%m-%d %H:%M}"


class PrivacySettings(models.Model):
    """What staff decide about personal data: how long a withdrawn person's record is kept before it is
    anonymised (`manage.py anonymise_withdrawn`). One row."""

    withdrawn_retention_days = models.PositiveIntegerField(
        _("退会後に個人情報を保存する日数"),
        default=365 * 3,
        help_text=_("退会日からこの日数が過ぎた方の氏名・連絡先などを匿名化します。年度の集計に使う数は残ります。"),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("個人情報の保存期間")
        verbose_name_plural = _("個人情報の保存期間")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1), name="core_privacysettings_one_row", violation_error_message=_("設定は1件だけです。")
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_retention_days__gte=30),
                name="core_privacysettings_retention_min",
                violation_error_message=_("保存期間は30日以上にしてください。"),
            ),
        ]

    def __str__(self):
        return str(_("個人情報の保存期間"))

    @classmethod
    def current(cls) -> "PrivacySettings":
        return cls.objects.get_or_create(pk=1)[0]


class ImportLog(models.Model):
    """One uploaded file for the import (取り込み): who, which file (name, size, hash), when, and what it wrote.

    The rows as the forms cleaned them are kept only between the preview and the confirmation (or
    cancellation); the file itself is never stored: afterwards the records hold the data and the hash identifies the file. `records` lists [model label, pk, create|update].
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("確認待ち")
        DONE = "done", _("取り込み済み")
        CANCELLED = "cancelled", _("取り消し")

    kind = models.CharField(_("種類"), max_length=30)
    file_name = models.CharField(_("ファイル名"), max_length=200)
    file_size = models.PositiveIntegerField(_("ファイルの大きさ（バイト）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    preview = models.JSONField(_("確認の結果"), default=dict, blank=True)
    # Each row as the form cleaned it, kept until confirmation, which matches them again with the records.
    checked = models.JSONField(_("確認した行"), default=list, blank=True)
    created_at = models.DateTimeField(_("アップロード日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("アップロードした人")
    )
    imported_at = models.DateTimeField(_("取り込み日時"), null=True, blank=True)
    imported_by = models.ForeignKey(
        "auth.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("取り込んだ人")
    )
    created_count = models.PositiveIntegerField(_("新規"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    skipped_count = models.PositiveIntegerField(_("変更なし"), default=0)
    error_count = models.PositiveIntegerField(_("取り込まなかった行"), default=0)
    records = models.JSONField(_("作成・更新した記録"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("取り込みの記録")
        verbose_name_plural = _("取り込みの記録")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["previewed", "done", "cancelled"]),
                name="core_importlog_status_valid",
                violation_error_message=_("状態の値が正しくありません。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(imported_at__isnull=False),
                name="core_importlog_done_has_time",
                violation_error_message=_("取り込み済みの記録には取り込み日時が必要です。"),
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.file_name}"


class ImportProgress(models.Model):
    """How far a running import has got, for the 「取り込み中」 line on the confirmation page.

    The import writes its records in one transaction, which nobody else sees until it commits; this row is
    written on the separate ``progress`` connection (autocommit), so the page polling it sees it at once.
    It holds the log's id, not a foreign key: a key would make each write wait for the import's lock on
    the log row. The row is removed when the import ends, however it ends.
    """

    class Phase(models.TextChoices):
        CHECKING = "checking", _("確かめ直しています")
        WRITING = "writing", _("書き込んでいます")

    log_id = models.BigIntegerField(_("取り込みの記録"), primary_key=True)
    phase = models.CharField(_("段階"), max_length=10, choices=Phase.choices)
    done = models.PositiveIntegerField(_("書き込んだ行"), default=0)
    total = models.PositiveIntegerField(_("書き込む行"), default=0)
    started_at = models.DateTimeField(_("開始日時"))
    updated_at = models.DateTimeField(_("更新日時"))

    class Meta:
        verbose_name = _("取り込みの進み具合")
        verbose_name_plural = _("取り込みの進み具合")
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")),
                name="core_importprogress_done_within_total",
                violation_error_message=_("書き込んだ行が書き込む行より多くなっています。"),
            ),
        ]

    def __str__(self):
        return f"{self.log_id} {self.done}/{self.total}"


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
