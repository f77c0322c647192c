"""Courses and events (講座・イベント): types that count toward the plan, sessions, sign-ups with a waiting list,
and attendance per session."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core.dates import fiscal_year
from config.core.privacy import ConsentFields
from config.core.uploads import RandomName
from volunteers.models import Volunteer, VolunteerGroup

from .rooms import Room, RoomBooking


class EventType(models.Model):
    """A kind of event as staff name it (講座, 養成講習会, 出張講座 …) and the plan metric it counts toward."""

    key = models.SlugField(_("識別名"), max_length=40, unique=True)
    name = models.CharField(_("種類名"), max_length=50)
    metric_key = models.CharField(
        _("計画の指標キー"), max_length=80, blank=True, help_text=_("例：programs.events:course-beginner")
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("講座・イベントの種類")
        verbose_name_plural = _("講座・イベントの種類")

    def __str__(self):
        return self.name


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Event(models.Model):
    class Audience(models.TextChoices):
        ANYONE = "anyone", _("どなたでも")
        VOLUNTEERS = "volunteers", _("登録ボランティア")
        GROUPS = "groups", _("登録団体")

    event_type = models.ForeignKey(EventType, models.PROTECT, related_name="events", verbose_name=_("種類"))
    title = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("内容（公開）"), max_length=4000, blank=True)
    speakers = models.TextField(_("講師・報告者・コメンテーター"), max_length=1000, blank=True)
    # The English version for the English pages (config/core/templatetags/language_tags.py); optional.
    title_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    description_en = models.TextField(_("内容（英語）"), max_length=4000, blank=True)
    participating_groups = models.ManyToManyField(
        VolunteerGroup, blank=True, related_name="events", verbose_name=_("参加団体")
    )
    room = models.ForeignKey(
        Room,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("会場（センターの部屋）"),
    )
    place = models.CharField(_("会場（センター以外）"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("定員（人）"))
    audience = models.CharField(
        _("申し込める人"), max_length=12, choices=Audience.choices, default=Audience.ANYONE
    )
    fee = models.PositiveIntegerField(_("参加費（円）"), default=0)
    apply_from = models.DateTimeField(_("申込開始"), null=True, blank=True)
    apply_until = models.DateTimeField(_("申込締切"), null=True, blank=True)
    flyer = models.FileField(_("チラシ（PDF・画像）"), upload_to=RandomName("events"), blank=True)
    walk_ins = models.PositiveIntegerField(_("当日参加者数（申込なし）"), default=0)
    is_published = models.BooleanField(_("公開する"), default=False)
    cancelled_at = models.DateTimeField(_("中止日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("講座・イベント")
        verbose_name_plural = _("講座・イベント")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="programs_event_capacity_positive",
                violation_error_message=_("定員は1人以上で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(room__isnull=False) | ~Q(place=""),
                name="programs_event_has_venue",
                violation_error_message=_("会場（センターの部屋か、センター以外の場所）を入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(apply_from__isnull=True)
                | Q(apply_until__isnull=True)
                | Q(apply_until__gt=models.F("apply_from")),
                name="programs_event_apply_period_order",
                violation_error_message=_("申込締切は申込開始より後にしてください。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def venue(self) -> str:
        return str(self.room) if self.room_id else self.place

    def fiscal_year(self) -> int:
        """The fiscal year of the first session (today's while it has none): the year a group must be registered for."""
        first = self.sessions.order_by("starts_at").first()
        return fiscal_year(timezone.localtime(first.starts_at).date() if first else timezone.localdate())


class EventSession(models.Model):
    """One date of an event; in a center room it holds a RoomBooking, so the exclusion constraint covers it."""

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="sessions", verbose_name=_("講座・イベント")
    )
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了"))
    booking = models.OneToOneField(
        RoomBooking,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="event_session",
        verbose_name=_("部屋の予約"),
    )
    cancelled_at = models.DateTimeField(_("中止日時"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        # Upcoming events (ends_at ahead) and a year's events (starts_at in the year), without a scan of ten years.
        indexes = [
            models.Index(fields=["starts_at"], name="programs_session_starts"),
            models.Index(fields=["ends_at"], name="programs_session_ends"),
        ]
        verbose_name = _("開催日")
        verbose_name_plural = _("開催日")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="programs_eventsession_order",
                violation_error_message=_("終了は開始より後にしてください。"),
            ),
        ]

    def __str__(self):
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"


class EventSignup(ConsentFields, models.Model):
    """A sign-up: a registered volunteer, a group, or a guest (name, furigana, email or phone)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("参加")
        WAITING = "waiting", _("キャンセル待ち")
        CANCELLED = "cancelled", _("取消")

    event = models.ForeignKey(Event, models.PROTECT, related_name="signups", verbose_name=_("講座・イベント"))
    volunteer = models.ForeignKey(
        Volunteer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="event_signups",
        verbose_name=_("ボランティア"),
    )
    group = models.ForeignKey(
        VolunteerGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="event_signups",
        verbose_name=_("団体"),
    )
    guest_name = models.CharField(_("氏名"), max_length=50, blank=True)
    guest_furigana = models.CharField(_("フリガナ"), max_length=100, blank=True)
    guest_email = models.EmailField(_("メールアドレス"), blank=True)
    guest_phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    people = models.PositiveSmallIntegerField(_("人数"), default=1)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("繰り上げ日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    # A message to a guest without email waits on the staff phone/post list (volunteers' Notice); the
    # signup keeps which one, so the event page shows 要電話連絡 until staff mark it passed on, anywhere.
    call_notice = models.ForeignKey(
        "volunteers.Notice",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("電話で伝えるお知らせ"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("参加申込")
        verbose_name_plural = _("参加申込")
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="programs_signup_event_status")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"],
                condition=Q(volunteer__isnull=False) & ~Q(status="cancelled"),
                name="programs_eventsignup_one_per_volunteer",
                violation_error_message=_("この講座・イベントにはすでに申し込んでいます。"),
            ),
            models.UniqueConstraint(
                fields=["event", "group"],
                condition=Q(group__isnull=False) & ~Q(status="cancelled"),
                name="programs_eventsignup_one_per_group",
                violation_error_message=_("この団体はすでに申し込んでいます。"),
            ),
            models.UniqueConstraint(
                fields=["event", "guest_email"],
                condition=~Q(guest_email="") & ~Q(status="cancelled"),
                name="programs_eventsignup_one_per_guest_email",
                violation_error_message=_("このメールアドレスですでに申し込まれています。"),
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1, people__lte=20),
                name="programs_eventsignup_people_range",
                violation_error_message=_("人数は1〜20人で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]),
                name="programs_eventsignup_status_valid",
                violation_error_message=_("状態の値が正しくありません。"),
            ),
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False) | Q(group__isnull=False) | ~Q(guest_name=""),
                name="programs_eventsignup_has_person",
                violation_error_message=_("申込者を指定してください。"),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def needs_call(self) -> bool:
        """A message to this guest is still on the staff phone/post list."""
        return self.call_notice_id is not None and self.call_notice.handled_at is None

    @property
    def display_name(self) -> str:
        if self.volunteer_id:
            return self.volunteer.name
        if self.group_id:
            return self.group.name
        return self.guest_name


class EventAttendance(models.Model):
    """Whether a sign-up came to one session, ticked by staff at the door."""

    session = models.ForeignKey(
        EventSession, models.CASCADE, related_name="attendances", verbose_name=_("開催日")
    )
    signup = models.ForeignKey(
        EventSignup, models.PROTECT, related_name="attendances", verbose_name=_("参加申込")
    )
    attended = models.BooleanField(_("出席"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "signup"],
                name="programs_eventattendance_once",
                violation_error_message=_("この開催日の出席はすでに記録されています。"),
            ),
        ]

    def __str__(self):
        return f"{self.session} {self.signup_id}"
