import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from config.core.search import search

from .fields import ActivityField


class VolunteerGroupQuerySet(models.QuerySet):
    def registered_for(self, fiscal_year: int):
        """Groups whose registration for that fiscal year is approved: only they book rooms, lockers, equipment."""
        return self.filter(
            registrations__fiscal_year=fiscal_year, registrations__status=GroupRegistration.Status.APPROVED
        )

    def listed(self):
        """Groups that agreed to appear in the public directory."""
        return self.filter(listed_publicly=True)

    def search(self, text: str):
        """Group name as typed, or its furigana in hiragana or katakana."""
        return search(self, text, kana_keys=["name_kana_key"], text_fields=["name"])

    def represented_by(self, user):
        return self.filter(representative=user)


class VolunteerGroup(models.Model):
    """A volunteer group or citizen-activity organisation (ボランティアグループ・市民活動団体)."""

    name = models.CharField(_("団体名"), max_length=100)
    name_kana = models.CharField(_("団体名（フリガナ）"), max_length=200)
    name_kana_key = models.CharField(max_length=200, editable=False, default="")
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="represented_groups",
        verbose_name=_("代表者のアカウント"),
    )
    representative_name = models.CharField(_("代表者氏名"), max_length=50)
    contact_name = models.CharField(_("連絡担当者氏名"), max_length=50)
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=20, blank=True)
    contact_email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    contact_postal_code = models.CharField(_("連絡先郵便番号"), max_length=8, blank=True)
    contact_address = models.CharField(_("連絡先住所"), max_length=200, blank=True)
    members_count = models.PositiveIntegerField(_("会員数"))
    activity_fields = models.ManyToManyField(ActivityField, blank=True, related_name="groups", verbose_name=_("活動分野"))
    activity_area = models.CharField(_("活動地域"), max_length=100, blank=True)
    meeting_place = models.CharField(_("活動場所"), max_length=100, blank=True)
    meeting_days = models.CharField(_("活動日"), max_length=100, blank=True)
    description = models.TextField(_("団体の紹介（公開）"), blank=True, max_length=2000)
    listed_publicly = models.BooleanField(_("団体紹介に掲載する"), default=False)
    consent_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"), null=True, blank=True)
    consent_policy_version = models.CharField(_("同意した方針の版"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    staff_note = models.TextField(_("職員メモ"), blank=True)

    objects = VolunteerGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name_kana_key", "pk"]
        verbose_name = _("団体")
        verbose_name_plural = _("団体")
        indexes = [
            GinIndex(fields=["name_kana_key"], opclasses=["gin_trgm_ops"], name="vol_group_kana_trgm"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="vol_group_name_trgm"),
            # The search's icontains compares UPPER(name), which the index above cannot serve.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="vol_group_name_utrgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_count__gte=1) & Q(members_count__lte=100000),
                name="volunteers_volunteergroup_members_count_range",
                violation_error_message=_("会員数は1人以上で入力してください。"),
            )
        ]

    def __str__(self):
        return self.name


class GroupRegistration(models.Model):
    """A group's registration for one fiscal year (団体登録), renewed each year."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("申請中")
        APPROVED = "approved", _("登録済")
        REJECTED = "rejected", _("不承認")

    group = models.ForeignKey(VolunteerGroup, models.CASCADE, related_name="registrations", verbose_name=_("団体"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    members_count = models.PositiveIntegerField(_("申請時の会員数"))
    applied_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("決定した職員")
    )
    note = models.CharField(_("備考"), max_length=200, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "group"]
        verbose_name = _("団体の年度登録")
        verbose_name_plural = _("団体の年度登録")
        indexes = [models.Index(fields=["fiscal_year", "status"], name="vol_groupreg_fy_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "fiscal_year"],
                name="volunteers_groupregistration_one_per_year",
                violation_error_message=_("この団体のこの年度の登録はすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100),
                name="volunteers_groupregistration_fiscal_year_range",
                violation_error_message=_("年度が正しくありません。"),
            ),
        ]

    def __str__(self):
        return _("%(group)s %(year)s年度 %(status)s") % {"group": self.group, "year": self.fiscal_year, "status": self.get_status_display()}


# Renewal for a fiscal year opens on this day of the preceding winter unless staff set another date.
DEFAULT_RENEWAL_OPENS = (2, 1)  # 1 February


class GroupRenewalPeriod(models.Model):
    """When renewal (更新) for a fiscal year opens: staff set the date; without a row it is 1 February."""

    fiscal_year = models.PositiveSmallIntegerField(_("更新する年度"), unique=True)
    opens_on = models.DateField(
        _("更新の受付開始日"), help_text=_("この日から、代表者がマイページで次の年度の登録を更新できます。")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("設定した職員")
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("団体登録更新の受付開始日")
        verbose_name_plural = _("団体登録更新の受付開始日")
        constraints = [
            # Opens within the fiscal year before: on or after 1 April of fiscal_year − 1, before 1 April of fiscal_year.
            models.CheckConstraint(
                condition=(Q(opens_on__year=models.F("fiscal_year")) & Q(opens_on__month__lt=4))
                | (Q(opens_on__year=models.F("fiscal_year") - 1) & Q(opens_on__month__gte=4)),
                name="volunteers_grouprenewalperiod_opens_in_year_before",
                violation_error_message=_("受付開始日は、更新する年度の前の年度の中（4月1日〜3月31日）にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100),
                name="volunteers_grouprenewalperiod_fiscal_year_range",
                violation_error_message=_("年度が正しくありません。"),
            ),
        ]

    def __str__(self):
        return _("%(year)s年度の更新：%(day)sから") % {"year": self.fiscal_year, "day": f"{self.opens_on:%Y-%m-%d}"}

    @staticmethod
    def default_opens_on(fiscal_year: int) -> datetime.date:
        month, day = DEFAULT_RENEWAL_OPENS
        return datetime.date(fiscal_year, month, day)
