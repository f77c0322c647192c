"""Lockers (ロッカー): one holder per locker per fiscal year, a cap per group, a waiting list in order, keys."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.core.models import Site

# A group's holdings at a site in a year are numbered 1, 2, …; the cap is at most this many.
MAX_SLOTS = 10


class LockerRules(models.Model):
    """How many lockers one group may hold at a site in a fiscal year; staff edit it in the admin (data, not code)."""

    site = models.OneToOneField(Site, models.CASCADE, related_name="locker_rules", verbose_name=_("拠点"))
    max_per_group = models.PositiveSmallIntegerField(_("1団体が同じ年度に借りられるロッカーの数"), default=1)

    class Meta:
        verbose_name = _("ロッカーのきまり")
        verbose_name_plural = _("ロッカーのきまり")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_group__gte=1, max_per_group__lte=MAX_SLOTS),
                name="programs_lockerrules_max_per_group_range",
                violation_error_message=_("1団体が借りられる数は1〜10で入力してください。"),
            )
        ]

    def __str__(self):
        return _("%(site)s のロッカーのきまり") % {"site": self.site}

    @classmethod
    def cap_for(cls, site: Site) -> int:
        """The cap at a site; 1 when staff have not set one."""
        return cls.objects.filter(site=site).values_list("max_per_group", flat=True).first() or 1


class Locker(models.Model):
    site = models.ForeignKey(Site, models.PROTECT, related_name="lockers", verbose_name=_("拠点"))
    number = models.CharField(_("番号"), max_length=10)
    size = models.CharField(_("大きさ"), max_length=20, blank=True)
    fee = models.PositiveIntegerField(_("年度あたりの使用料（円）"), default=0)
    is_active = models.BooleanField(_("貸出中"), default=True)

    class Meta:
        ordering = ["site__sort_order", "number"]
        verbose_name = _("ロッカー")
        verbose_name_plural = _("ロッカー")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "number"],
                name="programs_locker_unique_number",
                violation_error_message=_("この拠点に同じ番号のロッカーがすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(fee__lte=100000),
                name="programs_locker_fee_range",
                violation_error_message=_("使用料は0〜100,000円で入力してください。"),
            ),
        ]

    def __str__(self):
        return _("%(site)s ロッカー%(number)s") % {"site": self.site, "number": self.number}


class LockerAssignmentQuerySet(models.QuerySet):
    def held(self):
        return self.filter(released_at__isnull=True)


class LockerAssignment(models.Model):
    """A group holds a locker for a fiscal year. Released assignments stay as history.

    `site` repeats the locker's site so the database can hold the per-group rule: a group's active holdings
    at a site in a year carry distinct `slot` numbers, so with the default cap of 1 (every holding in slot 1)
    a second holding is refused by the unique constraint itself; the service keeps slots within the cap.
    """

    locker = models.ForeignKey(Locker, models.PROTECT, related_name="assignments", verbose_name=_("ロッカー"))
    site = models.ForeignKey(Site, models.PROTECT, related_name="+", verbose_name=_("拠点"))
    slot = models.PositiveSmallIntegerField(_("団体の何個目のロッカーか"), default=1)
    group = models.ForeignKey(
        "volunteers.VolunteerGroup",
        models.PROTECT,
        related_name="locker_assignments",
        verbose_name=_("団体"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    allocation_run = models.ForeignKey(
        "programs.AllocationRun",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="locker_assignments",
        verbose_name=_("年間割当"),
    )
    assigned_at = models.DateTimeField(_("割当日時"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("割り当てた人"),
    )
    key_handed_over_at = models.DateTimeField(_("鍵の受け渡し日時"), null=True, blank=True)
    key_returned_at = models.DateTimeField(_("鍵の返却日時"), null=True, blank=True)
    released_at = models.DateTimeField(_("返却（終了）日時"), null=True, blank=True)

    objects = LockerAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "locker"]
        verbose_name = _("ロッカーの割当")
        verbose_name_plural = _("ロッカーの割当")
        constraints = [
            models.UniqueConstraint(
                fields=["locker", "fiscal_year"],
                condition=Q(released_at__isnull=True),
                name="programs_lockerassignment_one_holder_per_year",
                violation_error_message=_("このロッカーはこの年度すでに貸し出されています。"),
            ),
            models.UniqueConstraint(
                fields=["group", "site", "fiscal_year", "slot"],
                condition=Q(released_at__isnull=True),
                name="programs_lockerassignment_group_cap",
                violation_error_message=_("この団体はこの拠点でこの年度すでにロッカーを借りています。"),
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=MAX_SLOTS),
                name="programs_lockerassignment_slot_range",
                violation_error_message=_("ロッカーの数が上限を超えています。"),
            ),
            models.CheckConstraint(
                condition=Q(key_returned_at__isnull=True) | Q(key_handed_over_at__isnull=False),
                name="programs_lockerassignment_return_after_handover",
                violation_error_message=_("鍵を渡す前に返却を記録することはできません。"),
            ),
        ]

    def __str__(self):
        return _("%(locker)s %(year)s年度 %(group)s") % {
            "locker": self.locker,
            "year": self.fiscal_year,
            "group": self.group,
        }


class LockerWaitlistEntryQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(fulfilled_at__isnull=True, withdrawn_at__isnull=True)


class LockerWaitlistEntry(models.Model):
    """A group waiting for a locker at a site in a fiscal year; served in order of `position`."""

    site = models.ForeignKey(Site, models.PROTECT, related_name="locker_waitlist", verbose_name=_("拠点"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    group = models.ForeignKey(
        "volunteers.VolunteerGroup",
        models.PROTECT,
        related_name="locker_waitlist",
        verbose_name=_("団体"),
    )
    position = models.PositiveIntegerField(_("順番"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    fulfilled_at = models.DateTimeField(_("割当日時"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("取下げ日時"), null=True, blank=True)
    # When a released locker passed this group over (not registered for the year, or already at the cap);
    # the entry keeps its place, so it is served once the reason is gone.
    skipped_at = models.DateTimeField(_("順番を飛ばした日時"), null=True, blank=True)
    skip_reason = models.CharField(_("順番を飛ばした理由"), max_length=100, blank=True)

    objects = LockerWaitlistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["site", "fiscal_year", "position"]
        verbose_name = _("ロッカーの順番待ち")
        verbose_name_plural = _("ロッカーの順番待ち")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "fiscal_year", "group"],
                condition=Q(fulfilled_at__isnull=True, withdrawn_at__isnull=True),
                name="programs_lockerwaitlistentry_once_per_group",
                violation_error_message=_("この団体はすでに順番待ちに登録されています。"),
            ),
            models.UniqueConstraint(
                fields=["site", "fiscal_year", "position"],
                name="programs_lockerwaitlistentry_unique_position",
                violation_error_message=_("同じ順番の登録がすでにあります。"),
            ),
        ]

    def __str__(self):
        return _("%(site)s %(year)s年度 %(position)s番 %(group)s") % {
            "site": self.site,
            "year": self.fiscal_year,
            "position": self.position,
            "group": self.group,
        }
