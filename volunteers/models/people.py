import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.core import postal
from config.core.search import search

from .fields import AVAILABILITY_CHOICES, AVAILABILITY_LABELS, ActivityField


class Gender(models.TextChoices):
    FEMALE = "female", _("女性")
    MALE = "male", _("男性")
    OTHER = "other", _("その他")
    UNSPECIFIED = "unspecified", _("回答しない")


class HeardFrom(models.TextChoices):
    NEWSLETTER = "newsletter", _("ぼらんてぃあ倶楽部（情報誌）")
    WEBSITE = "website", _("ホームページ")
    CITY_BULLETIN = "city", _("市報・社協だより")
    FRIEND = "friend", _("知人・家族から")
    COURSE = "course", _("講座・イベント")
    SCHOOL = "school", _("学校・職場")
    OTHER = "other", _("その他")


class VolunteerStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("仮登録")
    REGISTERED = "registered", _("登録済")
    SUSPENDED = "suspended", _("休止")
    WITHDRAWN = "withdrawn", _("退会")


class RegisteredVia(models.TextChoices):
    ONLINE = "online", _("オンライン")
    COUNTER = "counter", _("窓口（代理入力）")


class VolunteerQuerySet(models.QuerySet):
    def search(self, text: str):
        """Name or furigana, partial, in hiragana or katakana: 'やま' finds 山田 (ヤマダ)."""
        return search(self, text, name_keys=["name_key"], kana_keys=["furigana_key"])

    def active(self):
        return self.filter(status=VolunteerStatus.REGISTERED)

    def possible_duplicates_of(self, volunteer: "Volunteer"):
        """Same name and birth date, or same email, or same phone."""
        q = Q()
        if volunteer.birth_date:
            q |= Q(name_key=volunteer.name_key, birth_date=volunteer.birth_date)
        if volunteer.email:
            q |= Q(email__iexact=volunteer.email)
        if volunteer.phone:
            q |= Q(phone=volunteer.phone)
        if not q:
            return self.none()
        return self.filter(q).exclude(pk=volunteer.pk)


class Volunteer(models.Model):
    """A person registered (or applying to register) as a volunteer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="volunteer",
        verbose_name=_("アカウント"),
    )
    name = models.CharField(_("氏名"), max_length=50)
    furigana = models.CharField(_("フリガナ"), max_length=100)
    # Search keys without spaces, kept in step with name/furigana by the services.
    name_key = models.CharField(max_length=50, editable=False, default="")
    furigana_key = models.CharField(max_length=100, editable=False, default="")
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    gender = models.CharField(_("性別"), max_length=12, choices=Gender.choices, default=Gender.UNSPECIFIED)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    lives_in_city = models.BooleanField(_("市内在住"), default=False, help_text=_("住所から自動で判定します。"))
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    activity_fields = models.ManyToManyField(ActivityField, blank=True, related_name="volunteers", verbose_name=_("関心のある活動分野"))
    skills = models.TextField(_("特技・資格"), blank=True, max_length=1000)
    availability = ArrayField(
        models.CharField(max_length=8, choices=AVAILABILITY_CHOICES), default=list, blank=True,
        verbose_name=_("活動できる曜日・時間帯"),
    )
    availability_note = models.CharField(_("活動できる日時の補足"), max_length=200, blank=True)
    heard_from = models.CharField(_("センターを知ったきっかけ"), max_length=12, choices=HeardFrom.choices, blank=True)
    consent_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"), null=True, blank=True)
    consent_policy_version = models.CharField(_("同意した方針の版"), max_length=20, blank=True)
    status = models.CharField(_("状態"), max_length=12, choices=VolunteerStatus.choices, default=VolunteerStatus.PROVISIONAL)
    registered_via = models.CharField(_("登録経路"), max_length=8, choices=RegisteredVia.choices, default=RegisteredVia.ONLINE)
    applied_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    registered_on = models.DateField(_("登録日"), null=True, blank=True, help_text=_("職員が承認した日。年度の新規登録数はこの日で数えます。"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("承認した職員")
    )
    withdrawn_on = models.DateField(_("退会日"), null=True, blank=True)
    anonymised_on = models.DateField(
        _("匿名化した日"), null=True, blank=True, help_text=_("退会後の保存期間が過ぎ、氏名・連絡先などを消した日。")
    )
    staff_note = models.TextField(_("職員メモ"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["furigana_key", "pk"]
        verbose_name = _("ボランティア")
        verbose_name_plural = _("ボランティア")
        indexes = [
            models.Index(fields=["status", "registered_on"], name="vol_volunteer_status_reg"),
            # The staff list's order (Meta.ordering): a page is read off the index instead of sorting everyone.
            models.Index(fields=["furigana_key", "id"], name="vol_volunteer_order"),
            GinIndex(fields=["furigana_key"], opclasses=["gin_trgm_ops"], name="vol_volunteer_kana_trgm"),
            GinIndex(fields=["name_key"], opclasses=["gin_trgm_ops"], name="vol_volunteer_name_trgm"),
            GinIndex(fields=["availability"], name="vol_volunteer_availability"),
            models.Index(fields=["email"], name="vol_volunteer_email"),
            models.Index(fields=["phone"], name="vol_volunteer_phone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["registered", "suspended"]) | Q(registered_on__isnull=False),
                name="volunteers_volunteer_registered_has_date",
                violation_error_message=_("登録済・休止のボランティアには登録日が必要です。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=VolunteerStatus.values),
                name="volunteers_volunteer_status_valid",
                violation_error_message=_("状態の値が正しくありません。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
                name="volunteers_volunteer_withdrawn_has_date",
                violation_error_message=_("退会したボランティアには退会日が必要です。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = datetime.date.today()
        return today.year - self.birth_date.year - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))

    def availability_labels(self) -> list[str]:
        return [str(AVAILABILITY_LABELS[c]) for c in self.availability if c in AVAILABILITY_LABELS]

    @staticmethod
    def address_is_in_city(address: str, postal_code: str = "") -> bool:
        """市内/市外 by the postal code's municipality (田無町5-5-12 with 188-0011 is 市内); the address text without one."""
        return postal.is_in_city(postal_code=postal_code, address=address)
