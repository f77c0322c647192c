"""Rooms (活動室), the per-site booking rules, and bookings that can never overlap."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core.models import WEEKDAYS, Site

OVERLAP_MESSAGE = _("その時間帯はすでに予約されています。別の時間か部屋を選んでください。")


class BookingRules(models.Model):
    """The rules of ad-hoc booking at one site, which staff edit in the admin (data, not code)."""

    site = models.OneToOneField(Site, models.CASCADE, related_name="booking_rules", verbose_name=_("拠点"))
    max_days_ahead = models.PositiveSmallIntegerField(_("何日先まで予約できるか"), default=60)
    max_hours_per_booking = models.PositiveSmallIntegerField(_("1回の最長利用時間（時間）"), default=4)
    max_bookings_per_month = models.PositiveSmallIntegerField(_("1団体の月あたり最多予約件数"), default=8)
    max_hours_per_month = models.PositiveSmallIntegerField(_("1団体の月あたり最多利用時間（時間）"), default=24)
    cancel_deadline_hours = models.PositiveSmallIntegerField(
        _("取消期限（利用開始の何時間前まで）"), default=24,
    )

    class Meta:
        verbose_name = _("部屋予約のきまり")
        verbose_name_plural = _("部屋予約のきまり")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_days_ahead__gte=1, max_days_ahead__lte=730),
                name="programs_bookingrules_days_ahead_range",
                violation_error_message=_("予約できる日数は1〜730日で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(max_hours_per_booking__gte=1, max_hours_per_booking__lte=24),
                name="programs_bookingrules_hours_range",
                violation_error_message=_("1回の最長利用時間は1〜24時間で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(max_bookings_per_month__gte=1, max_hours_per_month__gte=1),
                name="programs_bookingrules_monthly_positive",
                violation_error_message=_("月あたりの上限は1以上で入力してください。"),
            ),
        ]

    def __str__(self):
        return _("%(site)s の部屋予約のきまり") % {"site": self.site}

    @classmethod
    def for_site(cls, site: Site) -> "BookingRules":
        rules = getattr(site, "_booking_rules_cache", None)
        if rules is None:
            rules, _created = cls.objects.get_or_create(site=site)
            site._booking_rules_cache = rules
        return rules


class RoomQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Room(models.Model):
    site = models.ForeignKey(Site, models.PROTECT, related_name="rooms", verbose_name=_("拠点"))
    name = models.CharField(_("部屋名"), max_length=50)
    capacity = models.PositiveSmallIntegerField(_("定員（人）"))
    floor = models.CharField(_("階"), max_length=20, blank=True)
    equipment = models.CharField(_("設備"), max_length=200, blank=True)
    notes = models.TextField(_("備考"), blank=True, max_length=1000)
    is_active = models.BooleanField(_("貸出中"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = RoomQuerySet.as_manager()

    class Meta:
        ordering = ["site__sort_order", "sort_order", "pk"]
        verbose_name = _("活動室")
        verbose_name_plural = _("活動室")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="programs_room_unique_name",
                violation_error_message=_("この拠点に同じ名前の部屋がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=500), name="programs_room_capacity_range",
                violation_error_message=_("定員は1〜500人で入力してください。"),
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.name}"

    def hours_on(self, weekday: int) -> "RoomHours | None":
        """The bookable hours on a weekday, read from prefetched rows when there are any."""
        return next((h for h in self.hours.all() if h.weekday == weekday), None)


class RoomHours(models.Model):
    """When a room can be booked on one weekday; may run into the evening, unlike the office hours."""

    room = models.ForeignKey(Room, models.CASCADE, related_name="hours", verbose_name=_("部屋"))
    weekday = models.PositiveSmallIntegerField(_("曜日"), choices=WEEKDAYS)
    opens = models.TimeField(_("利用開始"))
    closes = models.TimeField(_("利用終了"))

    class Meta:
        ordering = ["room", "weekday"]
        verbose_name = _("部屋の利用時間")
        verbose_name_plural = _("部屋の利用時間")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "weekday"], name="programs_roomhours_one_per_weekday",
                violation_error_message=_("同じ曜日の利用時間はすでに登録されています。"),
            ),
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="programs_roomhours_opens_before_closes",
                violation_error_message=_("利用開始は利用終了より前にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="programs_roomhours_weekday_range",
                violation_error_message=_("曜日が正しくありません。"),
            ),
        ]

    def __str__(self):
        return f"{self.room} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class RoomBookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)

    def group_uses(self):
        """Bookings that count as a group's use of a room (not the center's own use or blocks)."""
        return self.filter(kind__in=[RoomBooking.Kind.GROUP, RoomBooking.Kind.ANNUAL])

    def between(self, start: datetime.datetime, end: datetime.datetime):
        return self.filter(during__overlap=(start, end))


class RoomBooking(models.Model):
    class Kind(models.TextChoices):
        GROUP = "group", _("団体の予約")
        ANNUAL = "annual", _("年間一括申請")
        CENTER = "center", _("センター使用")
        BLOCK = "block", _("利用停止（保守など）")

    room = models.ForeignKey(Room, models.PROTECT, related_name="bookings", verbose_name=_("部屋"))
    during = DateTimeRangeField(_("利用時間"))  # half-open [start, end)
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, default=Kind.GROUP)
    group = models.ForeignKey(
        "volunteers.VolunteerGroup", models.PROTECT, null=True, blank=True, related_name="room_bookings",
        verbose_name=_("団体"),
    )
    purpose = models.CharField(_("利用目的"), max_length=100, blank=True)
    allocation_run = models.ForeignKey(
        "programs.AllocationRun", models.PROTECT, null=True, blank=True, related_name="bookings",
        verbose_name=_("年間割当"),
    )
    created_at = models.DateTimeField(_("予約日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("予約した人"),
    )
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("取り消した人"),
    )
    cancel_reason = models.CharField(_("取消の理由"), max_length=200, blank=True)

    objects = RoomBookingQuerySet.as_manager()

    class Meta:
        ordering = ["during"]
        verbose_name = _("部屋の予約")
        verbose_name_plural = _("部屋の予約")
        indexes = [
            models.Index(fields=["group", "cancelled_at"], name="programs_booking_group"),
            # The staff list, newest first (issue 16: 70,000 rows sorted without it).
            models.Index(fields=["-created_at", "-id"], name="programs_booking_created"),
            # Yearly counts filter on the start of the range (during__startswith), e.g. programs.selectors.numbers.
            models.Index(Func(F("during"), function="lower"), name="programs_booking_starts"),
        ]
        constraints = [
            ExclusionConstraint(
                name="programs_roombooking_no_overlap",
                expressions=[("room", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(cancelled_at__isnull=True),
                violation_error_message=OVERLAP_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(during__isempty=False) & Q(during__lower_inf=False) & Q(during__upper_inf=False),
                name="programs_roombooking_bounded",
                violation_error_message=_("利用の開始と終了を正しく入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["group", "annual"], group__isnull=False)
                | Q(kind__in=["center", "block"], group__isnull=True),
                name="programs_roombooking_group_matches_kind",
                violation_error_message=_("団体の予約には団体が必要です（センター使用・利用停止には団体を指定しません）。"),
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="programs_roombooking_cancel_has_reason",
                violation_error_message=_("取り消しの理由を入力してください。"),
            ),
        ]

    def __str__(self):
        return f"{self.room} {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"

    @property
    def start(self) -> datetime.datetime:
        return timezone.localtime(self.during.lower)

    @property
    def end(self) -> datetime.datetime:
        return timezone.localtime(self.during.upper)

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None

    def hours(self) -> float:
        return (self.during.upper - self.during.lower).total_seconds() / 3600

    def cancel_deadline(self) -> datetime.datetime:
        rules = BookingRules.for_site(self.room.site)
        return self.start - datetime.timedelta(hours=rules.cancel_deadline_hours)


def calendar_token_digest(token: str) -> str:
    """The stored form of a calendar token: only its SHA-256, so nobody who reads the table can use the feed."""
    return hashlib.sha256(token.encode()).hexdigest()


class GroupCalendar(models.Model):
    """A group's private iCal feed. Only a digest of the token is stored: the representative sees the URL once, when
    they issue it, and a new URL makes the old one stop working."""

    group = models.OneToOneField(
        "volunteers.VolunteerGroup", models.CASCADE, related_name="room_calendar", verbose_name=_("団体"),
    )
    token_digest = models.CharField(_("トークンのハッシュ"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("発行日時"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("発行した人"),
    )

    class Meta:
        verbose_name = _("団体の予約カレンダー")
        verbose_name_plural = _("団体の予約カレンダー")

    def __str__(self):
        return _("%(group)s のカレンダー") % {"group": self.group}
