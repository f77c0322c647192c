"""News articles (お知らせ) and the newsletter ぼらんてぃあ倶楽部; the body is plain text, never HTML."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.core.uploads import RandomName


class NewsArticle(models.Model):
    title = models.CharField(_("見出し"), max_length=100)
    body = models.TextField(
        _("本文"), max_length=8000, help_text=_("空行で段落を分けます。URLはリンクになります。")
    )
    # The English version for the English pages (config/core/templatetags/language_tags.py); optional.
    title_en = models.CharField(_("見出し（英語）"), max_length=100, blank=True)
    body_en = models.TextField(_("本文（英語）"), max_length=8000, blank=True)
    published_on = models.DateField(_("掲載日"))
    is_published = models.BooleanField(_("公開する"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")

    def __str__(self):
        return self.title


class NewsletterIssue(models.Model):
    number = models.PositiveIntegerField(_("号"), unique=True)
    title = models.CharField(_("タイトル"), max_length=100)
    issued_on = models.DateField(_("発行日"))
    pdf = models.FileField(_("PDF"), upload_to=RandomName("newsletter"), blank=True)
    is_published = models.BooleanField(_("公開する"), default=True)

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("ぼらんてぃあ倶楽部")
        verbose_name_plural = _("ぼらんてぃあ倶楽部")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="programs_newsletterissue_number_positive",
                violation_error_message=_("号は1以上で入力してください。"),
            ),
        ]

    def __str__(self):
        return _("ぼらんてぃあ倶楽部 第%(n)s号") % {"n": self.number}
