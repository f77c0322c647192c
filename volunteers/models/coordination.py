"""Coordination (コーディネート): requests for volunteers (依頼) and the introductions (紹介) made for them."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from config.core.search import search

from .fields import ActivityField


class HelpRequestQuerySet(models.QuerySet):
    def search(self, text: str):
        """The requester by name or furigana (hiragana or katakana), the contact person, or the title."""
        return search(
            self,
            text,
            name_keys=["requester_name_key"],
            kana_keys=["requester_furigana_key"],
            text_fields=["title", "public_title", "requester_name", "requester_contact_name"],
        )


class HelpRequest(models.Model):
    """A request (依頼) from a person, facility, school, group or company that needs volunteers."""

    class RequesterType(models.TextChoices):
        INDIVIDUAL = "individual", _("個人")
        FACILITY = "facility", _("施設")
        SCHOOL = "school", _("学校")
        GROUP = "group", _("団体")
        COMPANY = "company", _("企業")

    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        COORDINATING = "coordinating", _("調整中")
        CLOSED = "closed", _("終了")

    class ClosingReason(models.TextChoices):
        MATCHED = "matched", _("成立")
        WITHDRAWN = "withdrawn", _("依頼者取下げ")
        NO_CANDIDATE = "no_candidate", _("該当者なし")
        DUPLICATE = "duplicate", _("重複")
        OTHER = "other", _("その他")

    class Via(models.TextChoices):
        STAFF = "staff", _("職員が受付")
        ONLINE = "online", _("オンライン申込")

    requester_type = models.CharField(_("依頼者の種別"), max_length=12, choices=RequesterType.choices)
    requester_name = models.CharField(_("依頼者名"), max_length=100)
    requester_furigana = models.CharField(_("依頼者のフリガナ"), max_length=200, blank=True)
    # Search keys kept in step with requester_name/requester_furigana by the services (config.core.search).
    requester_name_key = models.CharField(max_length=100, editable=False, default="", blank=True)
    requester_furigana_key = models.CharField(max_length=200, editable=False, default="", blank=True)
    requester_contact_name = models.CharField(_("担当者名"), max_length=50, blank=True)
    requester_phone = models.CharField(_("依頼者の電話番号"), max_length=20, blank=True)
    requester_email = models.EmailField(_("依頼者のメールアドレス"), blank=True)
    requester_address = models.CharField(_("依頼者の住所"), max_length=200, blank=True)
    title = models.CharField(_("依頼の件名"), max_length=100)
    description = models.TextField(_("依頼内容"), max_length=4000)
    activity_field = models.ForeignKey(
        ActivityField, models.PROTECT, null=True, blank=True, related_name="requests", verbose_name=_("活動分野")
    )
    place = models.CharField(
        _("活動場所"), max_length=200, blank=True, help_text=_("住所など。職員と紹介先だけが見ます（公開ページには出ません）。")
    )
    starts_on = models.DateField(_("活動開始日"), null=True, blank=True)
    ends_on = models.DateField(_("活動終了日"), null=True, blank=True)
    schedule = models.CharField(_("日時・頻度"), max_length=200, blank=True, help_text=_("例：毎週水曜日 14時〜15時"))
    volunteers_needed = models.PositiveSmallIntegerField(_("必要な人数"), default=1)
    conditions = models.TextField(_("条件・備考"), blank=True, max_length=2000)
    received_on = models.DateField(_("受付日"))
    received_via = models.CharField(_("受付方法"), max_length=8, choices=Via.choices, default=Via.STAFF)
    status = models.CharField(_("状態"), max_length=14, choices=Status.choices, default=Status.RECEIVED)
    closing_reason = models.CharField(_("終了理由"), max_length=14, choices=ClosingReason.choices, blank=True)
    closed_on = models.DateField(_("終了日"), null=True, blank=True)
    # 募集 (public call): what the public sees; never the requester's personal data.
    is_published = models.BooleanField(_("募集として公開"), default=False)
    public_title = models.CharField(_("募集の見出し"), max_length=100, blank=True)
    public_description = models.TextField(_("募集の内容（公開）"), blank=True, max_length=4000)
    # The place as the public may read it (an area such as 「田無町周辺」), written by staff: `place` is often
    # the requester's home address and is never shown on a public page.
    public_place = models.CharField(
        _("活動場所（公開）"), max_length=100, blank=True, help_text=_("例：田無町周辺。番地や建物名は書かないでください。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("受付職員")
    )
    # An online requester agrees to the privacy policy; when and to which version is kept as evidence.
    consent_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"), null=True, blank=True)
    consent_policy_version = models.CharField(_("同意した方針の版"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("依頼")
        verbose_name_plural = _("依頼")
        indexes = [
            models.Index(fields=["status", "received_on"], name="vol_request_status_recv"),
            models.Index(fields=["received_on"], name="vol_request_received"),
            models.Index(fields=["is_published", "status"], name="vol_request_published"),
            # The name/furigana search (config.core.search) matches these keys by substring.
            GinIndex(fields=["requester_name_key"], opclasses=["gin_trgm_ops"], name="vol_request_name_trgm"),
            GinIndex(fields=["requester_furigana_key"], opclasses=["gin_trgm_ops"], name="vol_request_kana_trgm"),
            # icontains compares UPPER(column): these let every branch of the staff search use an index (issue 16).
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="vol_request_title_utrgm"),
            GinIndex(OpClass(Upper("public_title"), name="gin_trgm_ops"), name="vol_request_ptitle_utrgm"),
            GinIndex(OpClass(Upper("requester_name"), name="gin_trgm_ops"), name="vol_request_name_utrgm"),
            GinIndex(OpClass(Upper("requester_contact_name"), name="gin_trgm_ops"), name="vol_request_contact_utrgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteers_needed__gte=1) & Q(volunteers_needed__lte=500),
                name="volunteers_helprequest_needed_range",
                violation_error_message=_("必要な人数は1〜500人で入力してください。"),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="volunteers_helprequest_dates_in_order",
                violation_error_message=_("活動終了日は開始日以降にしてください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closing_reason=""),
                name="volunteers_helprequest_closed_has_reason",
                violation_error_message=_("終了するときは終了理由を選んでください。"),
            ),
            models.CheckConstraint(
                condition=~Q(is_published=True) | ~Q(public_title=""),
                name="volunteers_helprequest_published_has_title",
                violation_error_message=_("公開する募集には見出しが必要です。"),
            ),
            models.CheckConstraint(
                condition=~Q(is_published=True) | ~Q(public_place=""),
                name="volunteers_helprequest_published_has_place",
                violation_error_message=_("公開する募集には、公開用の活動場所（例：田無町周辺）が必要です。"),
            ),
        ]

    def __str__(self):
        return self.title


class RequestComment(models.Model):
    """The running log of a request: notes staff add as coordination goes on."""

    request = models.ForeignKey(HelpRequest, models.CASCADE, related_name="comments", verbose_name=_("依頼"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("記入者"))
    body = models.TextField(_("内容"), max_length=4000)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("依頼の記録")
        verbose_name_plural = _("依頼の記録")

    def __str__(self):
        return f"{self.request}（{self.created_at:%Y-%m-%d}）" if self.created_at else str(self.request)


class Introduction(models.Model):
    """An introduction (紹介) of a volunteer or a group to a request. Counted once, in the fiscal year of introduced_on."""

    class Initiator(models.TextChoices):
        STAFF = "staff", _("職員から依頼")
        APPLIED = "applied", _("本人が応募")

    class Status(models.TextChoices):
        APPLIED = "applied", _("応募受付")
        PROPOSED = "proposed", _("紹介中")
        ACTIVE = "active", _("活動開始")
        FAILED = "failed", _("不成立")
        ENDED = "ended", _("終了")

    class Response(models.TextChoices):
        PENDING = "pending", _("未回答")
        ACCEPTED = "accepted", _("承諾")
        DECLINED = "declined", _("辞退")

    request = models.ForeignKey(HelpRequest, models.CASCADE, related_name="introductions", verbose_name=_("依頼"))
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", models.PROTECT, null=True, blank=True, related_name="introductions", verbose_name=_("ボランティア")
    )
    group = models.ForeignKey(
        "volunteers.VolunteerGroup", models.PROTECT, null=True, blank=True, related_name="introductions", verbose_name=_("団体")
    )
    initiated_by = models.CharField(_("きっかけ"), max_length=8, choices=Initiator.choices, default=Initiator.STAFF)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    response = models.CharField(_("本人の回答"), max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    introduced_on = models.DateField(_("紹介日"), null=True, blank=True, help_text=_("年度の紹介件数はこの日で数えます。"))
    started_on = models.DateField(_("活動開始日"), null=True, blank=True)
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    failure_reason = models.CharField(_("不成立の理由"), max_length=200, blank=True)
    note = models.CharField(_("備考"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("記録した人")
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("紹介")
        verbose_name_plural = _("紹介")
        indexes = [
            models.Index(fields=["introduced_on", "status"], name="vol_intro_introduced"),
            models.Index(fields=["volunteer", "status"], name="vol_intro_volunteer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(volunteer__isnull=False) & Q(group__isnull=True)) | (Q(volunteer__isnull=True) & Q(group__isnull=False)),
                name="volunteers_introduction_volunteer_xor_group",
                violation_error_message=_("紹介先はボランティアか団体のどちらか一つを選んでください。"),
            ),
            models.CheckConstraint(
                condition=Q(status="applied") | Q(introduced_on__isnull=False),
                name="volunteers_introduction_introduced_has_date",
                violation_error_message=_("紹介日を入力してください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure_reason=""),
                name="volunteers_introduction_failed_has_reason",
                violation_error_message=_("不成立の理由を入力してください。"),
            ),
            models.UniqueConstraint(
                fields=["request", "volunteer"],
                condition=Q(volunteer__isnull=False),
                name="volunteers_introduction_once_per_volunteer",
                violation_error_message=_("このボランティアはこの依頼にすでに紹介・応募されています。"),
            ),
            models.UniqueConstraint(
                fields=["request", "group"],
                condition=Q(group__isnull=False),
                name="volunteers_introduction_once_per_group",
                violation_error_message=_("この団体はこの依頼にすでに紹介されています。"),
            ),
        ]

    def __str__(self):
        return f"{self.request} → {self.volunteer or self.group}"

    @property
    def introducee(self):
        return self.volunteer or self.group
