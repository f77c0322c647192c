from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginCodeQuerySet(models.QuerySet):
    def live(self):
        """Codes that may still be used: not used, not revoked, not expired."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class LoginCode(models.Model):
    """A one-time code printed on a letter (ログインのご案内) for a person without email.

    With it the person logs in for the first time, or after forgetting their password, and sets a
    password of their own. Only a hash is stored: the code exists on the printed letter and nowhere
    else, so no staff member can read it back from the system.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="login_codes", verbose_name=_("アカウント")
    )
    code_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("印刷した職員"),
    )
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("無効にした日時"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("誤入力の回数"), default=0)

    objects = LoginCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ログイン用コード")
        verbose_name_plural = _("ログイン用コード")
        constraints = [
            # Printing a new letter revokes the old code: one letter in force per person.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="volunteers_logincode_one_live_per_user",
                violation_error_message=_("このアカウントには有効なコードがすでにあります。"),
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"
