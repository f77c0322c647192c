from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Days and times a volunteer can help: 7 days × 午前・午後・夜間, stored as codes in an array so the
# candidate search can ask "any of these" with one indexed overlap query.
DAYS = [
    ("mon", pgettext_lazy("weekday", "月")),
    ("tue", pgettext_lazy("weekday", "火")),
    ("wed", pgettext_lazy("weekday", "水")),
    ("thu", pgettext_lazy("weekday", "木")),
    ("fri", pgettext_lazy("weekday", "金")),
    ("sat", pgettext_lazy("weekday", "土")),
    ("sun", pgettext_lazy("weekday", "日")),
]
PERIODS = [("am", _("午前")), ("pm", _("午後")), ("eve", _("夜間"))]
AVAILABILITY_CHOICES = [(f"{d}_{p}", format_lazy(_("{day}曜{period}"), day=dl, period=pl)) for d, dl in DAYS for p, pl in PERIODS]
AVAILABILITY_LABELS = dict(AVAILABILITY_CHOICES)


class ActivityField(models.Model):
    """An activity field (活動分野) such as 高齢者 or 手話; data staff edit in the admin."""

    name = models.CharField(_("分野名"), max_length=50, unique=True)
    slug = models.SlugField(_("識別子"), unique=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("選択肢に表示"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("活動分野")
        verbose_name_plural = _("活動分野")

    def __str__(self):
        return self.name
