from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """Every notification the system sends to a person or group.

    Sent by email when there is an address; otherwise it waits on the staff list (電話・郵送で連絡)
    until someone marks it as passed on. Many elderly volunteers have no email.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("メール送信済み")
        MANUAL = "manual", _("電話・郵送で連絡")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("お知らせ")
        # The person has no email: staff print the letter with the login code (ログインのご案内) and post it.
        ACCOUNT_LETTER = "account_letter", _("ログインのご案内（案内状の郵送）")

    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("ボランティア"),
    )
    group = models.ForeignKey(
        "volunteers.VolunteerGroup",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("団体"),
    )
    # Someone with no record of their own (a guest who signed up for an event): name and phone for the call.
    guest_name = models.CharField(_("宛先（登録のない方）"), max_length=50, blank=True)
    guest_phone = models.CharField(_("宛先の電話番号"), max_length=20, blank=True)
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    channel = models.CharField(_("連絡方法"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("種類"), max_length=16, choices=Kind.choices, default=Kind.MESSAGE)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    handled_at = models.DateTimeField(_("連絡済み日時"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("連絡した職員"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        indexes = [
            models.Index(fields=["channel", "handled_at"], name="vol_notice_pending"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False) | Q(group__isnull=False) | ~Q(guest_name=""),
                name="volunteers_notice_has_recipient",
                violation_error_message=_("宛先（ボランティア、団体、または登録のない方の氏名）が必要です。"),
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def recipient(self):
        return self.volunteer or self.group or self.guest_name
