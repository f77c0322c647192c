from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from config.core.search import name_search_q

from .groups import VolunteerGroup
from .people import Volunteer


class ConsultationQuerySet(models.QuerySet):
    def search(self, text: str):
        """The person by name or furigana (hiragana or katakana), whether registered or not; or words of the record.

        The registered volunteer and the group are matched in subqueries over their own trigram indexes rather than
        through joins, which made PostgreSQL join every consultation with its volunteer and group before filtering
        (issue 16)."""
        own = name_search_q(
            text,
            name_keys=["person_name_key"],
            kana_keys=["person_furigana_key"],
            text_fields=["person_name", "content", "response"],
        )
        if own is None:
            return self
        # A UNION of three index scans: an OR across them would make PostgreSQL read every row instead.
        everyone = Consultation.objects.order_by()
        ids = (
            everyone.filter(own)
            .values("pk")
            .union(
                everyone.filter(volunteer__in=Volunteer.objects.search(text).values("pk")).values("pk"),
                everyone.filter(group__in=VolunteerGroup.objects.search(text).values("pk")).values("pk"),
            )
        )
        return self.filter(pk__in=ids)


class Consultation(models.Model):
    """A consultation (相談受付) logged by staff."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("来所")
        PHONE = "phone", _("電話")
        EMAIL = "email", _("メール")
        OUTREACH = "outreach", _("出張")

    class Category(models.TextChoices):
        WANT_TO_HELP = "want_to_help", _("活動したい")
        NEED_HELP = "need_help", _("ボランティアに来てほしい")
        GROUP_RUNNING = "group_running", _("団体の運営")
        INSURANCE = "insurance", _("保険")
        FACILITIES = "facilities", _("部屋・機材の利用")
        DISASTER = "disaster", _("災害")
        OTHER = "other", _("その他")

    class Status(models.TextChoices):
        OPEN = "open", _("対応中")
        DONE = "done", _("完了")

    received_on = models.DateField(_("受付日"))
    channel = models.CharField(_("受付方法"), max_length=10, choices=Channel.choices)
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", models.SET_NULL, null=True, blank=True, related_name="consultations", verbose_name=_("登録ボランティア")
    )
    group = models.ForeignKey(
        "volunteers.VolunteerGroup", models.SET_NULL, null=True, blank=True, related_name="consultations", verbose_name=_("団体")
    )
    person_name = models.CharField(_("相談者氏名（未登録の方）"), max_length=50, blank=True)
    person_furigana = models.CharField(_("相談者のフリガナ（未登録の方）"), max_length=100, blank=True)
    # Search keys kept in step with person_name/person_furigana by the services (config.core.search).
    person_name_key = models.CharField(max_length=50, editable=False, default="", blank=True)
    person_furigana_key = models.CharField(max_length=100, editable=False, default="", blank=True)
    person_contact = models.CharField(_("相談者の連絡先"), max_length=100, blank=True)
    category = models.CharField(_("相談分類"), max_length=16, choices=Category.choices)
    content = models.TextField(_("相談内容"), max_length=4000)
    response = models.TextField(_("対応"), blank=True, max_length=4000)
    follow_up_on = models.DateField(_("次の対応日"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=8, choices=Status.choices, default=Status.OPEN)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="consultations", verbose_name=_("担当職員"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("相談")
        verbose_name_plural = _("相談")
        indexes = [
            models.Index(fields=["received_on"], name="vol_consult_received"),
            models.Index(fields=["-received_on", "-id"], name="vol_consult_order"),
            models.Index(fields=["staff", "status", "follow_up_on"], name="vol_consult_followup"),
            # The name/furigana search (config.core.search) matches these keys by substring.
            GinIndex(fields=["person_name_key"], opclasses=["gin_trgm_ops"], name="vol_consult_name_trgm"),
            GinIndex(fields=["person_furigana_key"], opclasses=["gin_trgm_ops"], name="vol_consult_kana_trgm"),
            # icontains compares UPPER(column): these let every branch of the staff search use an index (issue 16).
            GinIndex(OpClass(Upper("person_name"), name="gin_trgm_ops"), name="vol_consult_name_utrgm"),
            GinIndex(OpClass(Upper("content"), name="gin_trgm_ops"), name="vol_consult_content_utrgm"),
            GinIndex(OpClass(Upper("response"), name="gin_trgm_ops"), name="vol_consult_response_utrgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False) | Q(group__isnull=False) | ~Q(person_name=""),
                name="volunteers_consultation_has_someone",
                violation_error_message=_("相談者（登録ボランティア、団体、または氏名）を入力してください。"),
            )
        ]

    def __str__(self):
        return f"{self.received_on} {self.get_category_display()}"

    @property
    def who(self) -> str:
        return str(self.volunteer or self.group or self.person_name)
