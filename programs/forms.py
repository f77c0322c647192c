"""Forms check what was submitted (normalised, in range); the services check the world."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms
from config.core.models import WEEKDAYS, Site
from config.core.normalize import normalize_text
from config.core.privacy import ConsentFormMixin
from config.core.public_forms import HoneypotFormMixin
from config.core.uploads import IMAGE_TYPES, check_upload, image_type  # noqa: F401 (image_type: equipment views)

from .models import (
    NTH_CHOICES,
    EquipmentKind,
    EquipmentUnit,
    Event,
    EventSignup,
    Locker,
    NewsArticle,
    NewsletterIssue,
    Pattern,
    Room,
    RoomBooking,
    SchoolRequest,
    SchoolTheme,
)

TIME_CHOICES = [(f"{h:02d}:{m:02d}", f"{h}:{m:02d}") for h in range(7, 23) for m in (0, 30)]


def hour_choices(opens: datetime.time, closes: datetime.time, *, ends: bool) -> list[tuple[str, str]]:
    """Half-hour choices inside opening hours: starts from `opens` to the last half hour, ends up to `closes`."""
    day = datetime.date(2000, 1, 1)
    moment, last = datetime.datetime.combine(day, opens), datetime.datetime.combine(day, closes)
    step = datetime.timedelta(minutes=30)
    if ends:
        moment += step
    else:
        last -= step
    choices = []
    while moment <= last:
        choices.append((f"{moment:%H:%M}", f"{moment.hour}:{moment:%M}"))
        moment += step
    return choices


class DateField(core_forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


IntegerField = forms.IntegerField  # full-width digits are folded by the form before the field sees them


class TimeChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", TIME_CHOICES)
        super().__init__(coerce=lambda v: datetime.time.fromisoformat(v), **kwargs)
        self.error_messages["invalid_choice"] = _("時刻は一覧から選んでください（30分単位）。")

    def to_python(self, value):
        value = normalize_text(value).replace("：", ":")
        if re.fullmatch(r"\d:\d\d", value):
            value = "0" + value
        return super().to_python(value)


class RoomChoiceField(forms.ModelChoiceField):
    """Rooms of one site, named as people read them on the wall: 第1会議室（定員30人）."""

    def label_from_instance(self, obj):
        seats = gettext("定員%(n)s人") % {"n": obj.capacity}
        return f"{obj.name}{pgettext('bracket', '（')}{seats}{pgettext('bracket', '）').rstrip()}"


class _TimeRangeForm(core_forms.NormalizedForm):
    day = DateField(label=_("利用日"))
    start = TimeChoiceField(label=_("開始時刻"))
    end = TimeChoiceField(label=_("終了時刻"))
    purpose = forms.CharField(
        label=_("利用目的"),
        max_length=100,
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
            raise ValidationError(_("日付が正しくありません。"))
        return day

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] >= data["end"]:
            self.add_error("end", _("終了時刻は開始時刻より後にしてください。"))
        return data


class BookingForm(_TimeRangeForm):
    group = forms.ModelChoiceField(label=_("団体"), queryset=None, empty_label=None)
    room = RoomChoiceField(label=_("部屋"), queryset=None)

    field_order = ["group", "room", "day", "start", "end", "purpose"]

    def __init__(self, *args, groups, site: Site, hours: tuple[datetime.time, datetime.time] | None = None, **kwargs):
        """`hours` (opens, closes) limits the time lists to when the room (or the site's rooms) can be booked."""
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["room"].queryset = Room.objects.active().filter(site=site)
        self.fields["room"].empty_label = _("選んでください")
        if hours:
            self.fields["start"].choices = hour_choices(*hours, ends=False)
            self.fields["end"].choices = hour_choices(*hours, ends=True)


class CenterBookingForm(_TimeRangeForm):
    kind = forms.ChoiceField(
        label=_("種類"),
        choices=[
            (RoomBooking.Kind.CENTER, RoomBooking.Kind.CENTER.label),
            (RoomBooking.Kind.BLOCK, RoomBooking.Kind.BLOCK.label),
        ],
    )
    room = forms.ModelChoiceField(label=_("部屋"), queryset=Room.objects.active().select_related("site"))

    field_order = ["kind", "room", "day", "start", "end", "purpose"]


class CancelForm(core_forms.NormalizedForm):
    reason = forms.CharField(
        label=_("取り消しの理由"),
        max_length=200,
    )


class WindowForm(core_forms.NormalizedForm):
    site = forms.ModelChoiceField(label=_("拠点"), queryset=Site.objects.all())
    fiscal_year = IntegerField(
        label=_("利用する年度（西暦）"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("年度は2000〜2100で入力してください。"),
            "max_value": _("年度は2000〜2100で入力してください。"),
        },
    )
    opens_on = DateField(label=_("受付開始日"))
    closes_on = DateField(label=_("受付終了日"))
    max_slots_per_group = IntegerField(
        label=_("1団体あたりの定期枠の上限"),
        min_value=1,
        max_value=20,
        initial=2,
        error_messages={
            "min_value": _("1〜20で入力してください。"),
            "max_value": _("1〜20で入力してください。"),
        },
    )
    max_requests_per_group = IntegerField(
        label=_("1団体あたりの申請件数の上限"),
        min_value=1,
        max_value=20,
        initial=4,
        error_messages={
            "min_value": _("1〜20で入力してください。"),
            "max_value": _("1〜20で入力してください。"),
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["opens_on"] > data["closes_on"]:
            self.add_error("closes_on", _("受付終了日は受付開始日以降にしてください。"))
        return data


class RecurringRequestForm(core_forms.NormalizedForm):
    group = forms.ModelChoiceField(label=_("団体"), queryset=None, empty_label=None)
    pattern = forms.ChoiceField(
        label=_("くり返し"), choices=Pattern.choices, widget=forms.RadioSelect, initial=Pattern.WEEKLY
    )
    weeks = forms.TypedMultipleChoiceField(
        label=_("第何週（「第n週」のとき）"),
        choices=NTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    room = RoomChoiceField(
        label=_("第1希望の部屋"),
        queryset=None,
        required=False,
        empty_label=_("定員が足りればどの部屋でもよい"),
    )
    min_capacity = IntegerField(
        label=_("必要な定員（人）"),
        min_value=1,
        max_value=500,
        initial=1,
        error_messages={
            "min_value": _("1〜500で入力してください。"),
            "max_value": _("1〜500で入力してください。"),
        },
    )
    weekday = forms.TypedChoiceField(label=_("第1希望の曜日"), choices=WEEKDAYS[:6], coerce=int)
    start_time = TimeChoiceField(label=_("第1希望の開始時刻"))
    end_time = TimeChoiceField(label=_("第1希望の終了時刻"))
    second_room = RoomChoiceField(
        label=_("第2希望の部屋"),
        queryset=None,
        required=False,
        empty_label=_("定員が足りればどの部屋でもよい"),
    )
    second_weekday = forms.TypedChoiceField(
        label=_("第2希望の曜日"),
        choices=[("", _("第2希望なし"))] + WEEKDAYS[:6],
        coerce=int,
        required=False,
        empty_value=None,
    )
    second_start_time = TimeChoiceField(
        label=_("第2希望の開始時刻"), required=False, empty_value=None, choices=[("", "—")] + TIME_CHOICES
    )
    second_end_time = TimeChoiceField(
        label=_("第2希望の終了時刻"), required=False, empty_value=None, choices=[("", "—")] + TIME_CHOICES
    )
    purpose = forms.CharField(
        label=_("利用目的"),
        max_length=100,
    )

    def __init__(self, *args, groups, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        rooms = Room.objects.active().filter(site=site)
        self.fields["room"].queryset = rooms
        self.fields["second_room"].queryset = rooms

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["start_time"] >= data["end_time"]:
            self.add_error("end_time", _("終了時刻は開始時刻より後にしてください。"))
        if data.get("pattern") == Pattern.NTH and not data.get("weeks"):
            self.add_error("weeks", _("「第n週」を選んだときは第何週かを選んでください。"))
        if data.get("pattern") == Pattern.WEEKLY:
            data["weeks"] = []
        second = [data.get("second_weekday"), data.get("second_start_time"), data.get("second_end_time")]
        if any(v is not None for v in second):
            if any(v is None for v in second):
                self.add_error(
                    "second_weekday", _("第2希望は曜日・開始時刻・終了時刻をすべて選んでください。")
                )
            elif second[1] >= second[2]:
                self.add_error("second_end_time", _("終了時刻は開始時刻より後にしてください。"))
        elif data.get("second_room"):
            self.add_error("second_weekday", _("第2希望は曜日・開始時刻・終了時刻をすべて選んでください。"))
        return data

    def choice_data(self) -> dict:
        keys = [
            "pattern",
            "weeks",
            "room",
            "min_capacity",
            "weekday",
            "start_time",
            "end_time",
            "second_room",
            "second_weekday",
            "second_start_time",
            "second_end_time",
            "purpose",
        ]
        return {k: self.cleaned_data[k] for k in keys}


class LockerRequestForm(core_forms.NormalizedForm):
    group = forms.ModelChoiceField(label=_("団体"), queryset=None, empty_label=None)
    size = forms.ChoiceField(label=_("希望の大きさ"), required=False)

    def __init__(self, *args, groups, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        sizes = (
            Locker.objects.filter(site=site, is_active=True).exclude(size="").values_list("size", flat=True)
        )
        self.fields["size"].choices = [("", _("どれでもよい"))] + [(s, s) for s in sorted(set(sizes))]


class RunForm(core_forms.NormalizedForm):
    seed = IntegerField(
        label=_("抽選の乱数番号（空欄なら自動で決めて記録します）"),
        required=False,
        min_value=0,
        max_value=2**62,
        error_messages={"min_value": _("0以上の整数で入力してください。"), "max_value": _("大きすぎます。")},
    )


class CloseEarlyForm(core_forms.NormalizedForm):
    reason = forms.CharField(label=_("早く締め切る理由（記録に残ります）"), max_length=200)


class LockerAssignForm(core_forms.NormalizedForm):
    locker = forms.ModelChoiceField(label=_("ロッカー"), queryset=None)
    group = forms.ModelChoiceField(label=_("団体"), queryset=None)

    def __init__(self, *args, lockers, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locker"].queryset = lockers
        self.fields["group"].queryset = groups


class WaitlistForm(core_forms.NormalizedForm):
    group = forms.ModelChoiceField(label=_("順番待ちに加える団体"), queryset=None)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


# --- equipment loans -------------------------------------------------------------------------------

# An equipment photo: JPEG, PNG or WebP, recognised by its first bytes (config/core/uploads.py), at most 2 MB.
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = IMAGE_TYPES


def check_photo(upload) -> None:
    """A photo upload is a JPEG, PNG or WebP of at most 2 MB, by its size, declared type and its own bytes."""
    check_upload(upload, types=PHOTO_TYPES, max_bytes=PHOTO_MAX_BYTES, what=_("写真"))


class EquipmentKindForm(core_forms.NormalizedModelForm):
    class Meta:
        model = EquipmentKind
        fields = [
            "name", "description", "photo", "fee_per_loan", "fee_per_extra_day", "deposit", "lend_to_groups",
            "lend_to_schools", "is_active", "sort_order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the file already stored
            check_photo(photo)
        return photo


class EquipmentUnitForm(core_forms.NormalizedModelForm):
    code = core_forms.FoldedTextField(label=_("管理番号"), max_length=20)

    class Meta:
        model = EquipmentUnit
        fields = ["kind", "site", "code", "condition", "notes"]


class UnitServiceForm(core_forms.NormalizedForm):
    reason = forms.CharField(label=_("貸出を止める理由"), max_length=200)


class _LoanDatesForm(core_forms.NormalizedForm):
    pickup_on = DateField(label=_("受取日"))
    return_on = DateField(label=_("返却日"))
    purpose = forms.CharField(label=_("使う目的（任意）"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("pickup_on") and data.get("return_on") and data["return_on"] < data["pickup_on"]:
            self.add_error("return_on", _("返却日は受取日と同じ日か、それより後にしてください。"))
        return data


class EquipmentReserveForm(_LoanDatesForm):
    group = forms.ModelChoiceField(label=_("団体"), queryset=None, empty_label=None)

    field_order = ["group", "pickup_on", "return_on", "purpose"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class StaffEquipmentReserveForm(_LoanDatesForm):
    group = forms.ModelChoiceField(label=_("団体"), queryset=None)
    kind = forms.ModelChoiceField(label=_("品目"), queryset=EquipmentKind.objects.active())
    site = forms.ModelChoiceField(label=_("受け取る拠点"), queryset=Site.objects.all())

    field_order = ["group", "kind", "site", "pickup_on", "return_on", "purpose"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class CheckOutForm(core_forms.NormalizedForm):
    condition = forms.ChoiceField(label=_("貸出時の状態"), choices=EquipmentUnit.Condition.choices)
    collected_by = forms.CharField(label=_("受け取った人"), max_length=50)
    fee_charged = IntegerField(label=_("受け取った貸出料（円）"), min_value=0, max_value=100000)


class CheckInForm(core_forms.NormalizedForm):
    condition = forms.ChoiceField(label=_("返却時の状態"), choices=EquipmentUnit.Condition.choices)
    damage_note = forms.CharField(label=_("破損・不具合の内容（あれば）"), max_length=300, required=False)
    take_out_of_service = forms.BooleanField(label=_("この機材の貸出を止める（修理・点検のため）"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("take_out_of_service") and not data.get("damage_note"):
            self.add_error("damage_note", _("貸出を止めるときは、破損・不具合の内容を入力してください。"))
        return data


class LoanFilterForm(core_forms.NormalizedForm):
    q = forms.CharField(label=_("団体名・フリガナ・管理番号・領収書番号"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("状態"), required=False, choices=[
        ("", _("すべて")), ("reserved", _("予約")), ("lent", _("貸出中")), ("overdue", _("延滞")),
        ("returned", _("返却済")), ("cancelled", _("取消")),
    ])
    site = forms.ModelChoiceField(label=_("拠点"), queryset=Site.objects.all(), required=False, empty_label=_("すべて"))
    kind = forms.ModelChoiceField(label=_("品目"), queryset=EquipmentKind.objects.all(), required=False, empty_label=_("すべて"))
    fy = IntegerField(label=_("年度（西暦）"), min_value=2000, max_value=2100, required=False)


# --- courses and events, news, ぼらんてぃあ倶楽部 -------------------------------------------------------------

FLYER_MAX_BYTES = 5 * 1024 * 1024
FLYER_TYPES = {**IMAGE_TYPES, "application/pdf": "PDF"}
NEWSLETTER_MAX_BYTES = 10 * 1024 * 1024


class GuestSignupForm(HoneypotFormMixin, ConsentFormMixin, core_forms.NormalizedForm):
    """A guest's short form: name, furigana, a way to reach them (email or phone) and how many people."""

    name = forms.CharField(label=_("氏名"), max_length=50)
    furigana = core_forms.KanaField(label=_("フリガナ"), max_length=100)
    email = core_forms.EmailField(label=_("メールアドレス"), required=False, max_length=254)
    phone = core_forms.PhoneField(label=_("電話番号"), required=False, max_length=20)
    people = forms.IntegerField(label=_("人数"), min_value=1, max_value=20, initial=1)

    # The mixins' fields (consent, the honeypot) after the person's own.
    field_order = ["name", "furigana", "email", "phone", "people", "consent"]

    def clean(self):
        data = super().clean()
        contact_errors = "email" in self.errors or "phone" in self.errors
        if not contact_errors and not data.get("email") and not data.get("phone"):
            self.add_error("email", _("メールアドレスか電話番号のどちらかを入力してください。"))
        return data


class MemberSignupForm(core_forms.NormalizedForm):
    """A logged-in volunteer signs up with one click; the number of people may be changed."""

    people = forms.IntegerField(label=_("人数"), min_value=1, max_value=20, initial=1)


class SessionForm(core_forms.NormalizedForm):
    day = DateField(label=_("開催日"))
    start = TimeChoiceField(label=_("開始時刻"))
    end = TimeChoiceField(label=_("終了時刻"))

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
            raise ValidationError(_("日付が正しくありません。"))
        return day

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] >= data["end"]:
            self.add_error("end", _("終了時刻は開始時刻より後にしてください。"))
        return data


class EventForm(core_forms.NormalizedModelForm):
    capacity = forms.IntegerField(label=_("定員（人）"), min_value=1, max_value=10000)

    class Meta:
        model = Event
        fields = [
            "event_type", "title", "description", "speakers", "participating_groups", "room", "place", "capacity",
            "audience", "fee", "apply_from", "apply_until", "flyer", "walk_ins", "is_published",
            "title_en", "description_en",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "speakers": forms.Textarea(attrs={"rows": 3}),
            "apply_from": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "apply_until": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "flyer": forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
        }

    def clean_flyer(self):
        flyer = self.cleaned_data.get("flyer")
        if flyer and hasattr(flyer, "content_type"):  # a new upload, not the file already stored
            check_upload(flyer, types=FLYER_TYPES, max_bytes=FLYER_MAX_BYTES, what=_("チラシ"))
        return flyer

    def clean(self):
        data = super().clean()
        if "place" not in self.errors and not data.get("room") and not data.get("place"):
            self.add_error("place", _("会場（センターの部屋か、センター以外の場所）を入力してください。"))
        if data.get("room") and data.get("place"):
            self.add_error("place", _("会場はセンターの部屋かセンター以外の場所のどちらか一方を入力してください。"))
        return data


class EventCancelForm(core_forms.NormalizedForm):
    reason = forms.CharField(label=_("中止の理由"), max_length=200)


class NewsArticleForm(core_forms.NormalizedModelForm):
    class Meta:
        model = NewsArticle
        fields = ["title", "body", "published_on", "is_published", "title_en", "body_en"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "body_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
        }


class NewsletterIssueForm(core_forms.NormalizedModelForm):
    class Meta:
        model = NewsletterIssue
        fields = ["number", "title", "issued_on", "pdf", "is_published"]

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        if pdf and hasattr(pdf, "content_type"):
            check_upload(pdf, types={"application/pdf": "PDF"}, max_bytes=NEWSLETTER_MAX_BYTES, what=_("PDF"))
        return pdf


# --- school lessons and outreach courses -------------------------------------------------------------------


def _time_field(label, required=True):
    return forms.TimeField(
        label=label,
        required=required,
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )


def _in_range(day: datetime.date | None) -> bool:
    return day is None or datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31)


class SchoolRequestForm(core_forms.NormalizedModelForm):
    """A school's or organisation's request, online or entered by staff: up to three preferred dates and times."""

    pupils = forms.IntegerField(label=_("人数（児童・生徒・参加者）"), min_value=1, max_value=2000)
    date1 = DateField(label=_("第1希望日"))
    start1 = _time_field(_("第1希望の開始時刻"))
    end1 = _time_field(_("第1希望の終了時刻"))
    date2 = DateField(label=_("第2希望日"), required=False)
    start2 = _time_field(_("第2希望の開始時刻"), required=False)
    end2 = _time_field(_("第2希望の終了時刻"), required=False)
    date3 = DateField(label=_("第3希望日"), required=False)
    start3 = _time_field(_("第3希望の開始時刻"), required=False)
    end3 = _time_field(_("第3希望の終了時刻"), required=False)

    class Meta:
        model = SchoolRequest
        fields = [
            "kind", "organisation", "grade", "pupils", "theme", "wishes", "place",
            "contact_name", "contact_phone", "contact_email",
        ]
        field_classes = {"contact_phone": core_forms.PhoneField, "contact_email": core_forms.EmailField}
        widgets = {"wishes": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = SchoolTheme.objects.filter(is_active=True)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]

    def clean(self):
        data = super().clean()
        for n in (1, 2, 3):
            day, start, end = (data.get(f"{name}{n}") for name in ("date", "start", "end"))
            if any(f"{name}{n}" in self.errors for name in ("date", "start", "end")):
                continue
            if not _in_range(day):
                self.add_error(f"date{n}", _("日付が正しくありません。"))
            elif day and not (start and end):
                self.add_error(f"start{n}" if not start else f"end{n}", _("希望日の開始時刻と終了時刻を入力してください。"))
            elif (start or end) and not day:
                self.add_error(f"date{n}", _("時刻を入れた希望には日付も入力してください。"))
            elif start and end and end <= start:
                self.add_error(f"end{n}", _("終了時刻は開始時刻より後にしてください。"))
        return data

    def preferred_dates(self) -> list[tuple[datetime.date, datetime.time, datetime.time]]:
        data = self.cleaned_data
        return [
            (data[f"date{n}"], data[f"start{n}"], data[f"end{n}"]) for n in (1, 2, 3) if data.get(f"date{n}")
        ]


class PublicSchoolRequestForm(HoneypotFormMixin, ConsentFormMixin, SchoolRequestForm):
    """The online request: the same fields, with the public forms' honeypot (config.core.public_forms) and the
    privacy-policy consent (config.core.privacy)."""


class StaffSchoolRequestForm(SchoolRequestForm):
    """Staff enter a request taken by phone, visit or FAX, with how it came and a note."""

    class Meta(SchoolRequestForm.Meta):
        fields = [*SchoolRequestForm.Meta.fields, "channel", "staff_note"]
        widgets = {**SchoolRequestForm.Meta.widgets, "staff_note": forms.Textarea(attrs={"rows": 3})}


class SchoolConfirmForm(core_forms.NormalizedForm):
    day = DateField(label=_("実施日"))
    start = _time_field(_("開始時刻"))
    end = _time_field(_("終了時刻"))

    def clean(self):
        data = super().clean()
        if "day" not in self.errors and not _in_range(data.get("day")):
            self.add_error("day", _("日付が正しくありません。"))
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("終了時刻は開始時刻より後にしてください。"))
        return data


class SchoolLecturerForm(core_forms.NormalizedForm):
    """Add a candidate as lecturer: the button carries the volunteer's or group's number."""

    volunteer = forms.IntegerField(label=_("ボランティア"), required=False, widget=forms.HiddenInput, min_value=1)
    group = forms.IntegerField(label=_("団体"), required=False, widget=forms.HiddenInput, min_value=1)
    role = forms.CharField(label=_("役割（例：講話、体験の補助）"), max_length=50, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("volunteer")) == bool(data.get("group")):
            raise ValidationError(_("講師にするボランティアか団体を一つ選んでください。"))
        return data


class SchoolHeldForm(core_forms.NormalizedForm):
    pupils_reached = forms.IntegerField(label=_("参加した人数"), min_value=0, max_value=2000)
    report = forms.CharField(label=_("実施の報告（短く）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class SchoolCancelForm(core_forms.NormalizedForm):
    reason = forms.CharField(label=_("中止の理由"), max_length=200)


class SchoolEquipmentForm(core_forms.NormalizedForm):
    kind = forms.ModelChoiceField(label=_("品目"), queryset=EquipmentKind.objects.none())
    site = forms.ModelChoiceField(label=_("受け取る拠点"), queryset=Site.objects.all())
    pickup_on = DateField(label=_("受取日"))
    return_on = DateField(label=_("返却日"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = EquipmentKind.objects.active().filter(lend_to_schools=True)

    def clean(self):
        data = super().clean()
        for name in ("pickup_on", "return_on"):
            if name not in self.errors and not _in_range(data.get(name)):
                self.add_error(name, _("日付が正しくありません。"))
        return data
# --- 夏！体験ボランティア西東京 ------------------------------------------------------------------------


class SummerCampaignForm(core_forms.NormalizedModelForm):
    class Meta:
        from .models import SummerCampaign

        model = SummerCampaign
        fields = [
            "fiscal_year",
            "title",
            "offers_from",
            "offers_until",
            "apply_from",
            "apply_until",
            "activity_from",
            "activity_until",
            "consent_text",
            "consent_version",
        ]
        field_classes = {
            f: core_forms.DateField
            for f in ("offers_from", "offers_until", "apply_from", "apply_until", "activity_from", "activity_until")
        }

    def clean_fiscal_year(self):
        fy = self.cleaned_data["fiscal_year"]
        if not 2000 <= fy <= 2100:
            raise ValidationError(_("年度は2000〜2100で入力してください。"))
        return fy


class SummerProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "".join(
            [
                obj.title_shown(),
                pgettext("bracket", "（"),
                obj.host.name,
                pgettext("list", "・"),
                obj.grades_label(),
                pgettext("bracket", "）").rstrip(),
            ]
        )


class SummerApplicationForm(HoneypotFormMixin, ConsentFormMixin, core_forms.NormalizedForm):
    """A participant's application: who, school and grade, up to three programs in order, the guardian."""

    name = forms.CharField(label=_("氏名"), max_length=50)
    furigana = core_forms.KanaField(label=_("フリガナ"), max_length=100)
    birth_date = core_forms.DateField(label=_("生年月日"), help_text=_("例：2012-05-01"))
    school = forms.CharField(label=_("学校名"), max_length=100, required=False)
    grade = forms.TypedChoiceField(label=_("学年"), coerce=int, choices=[])
    email = core_forms.EmailField(label=_("メールアドレス"), required=False, max_length=254)
    phone = core_forms.PhoneField(label=_("電話番号"), required=False, max_length=20)
    choice_1 = SummerProgramChoiceField(label=_("第1希望"), queryset=None)
    choice_2 = SummerProgramChoiceField(label=_("第2希望"), queryset=None, required=False)
    choice_3 = SummerProgramChoiceField(label=_("第3希望"), queryset=None, required=False)
    guardian_name = forms.CharField(label=_("保護者の氏名"), max_length=50, required=False)
    guardian_phone = core_forms.PhoneField(label=_("保護者の電話番号"), required=False, max_length=20)
    guardian_consent = forms.BooleanField(label=_("保護者として、上の同意文に同意します"), required=False)
    note = forms.CharField(label=_("連絡事項（アレルギー・配慮してほしいことなど）"), max_length=300, required=False)

    # The mixins' fields (consent, the honeypot) after the person's own.
    field_order = [
        "name", "furigana", "birth_date", "school", "grade", "email", "phone", "choice_1", "choice_2", "choice_3",
        "guardian_name", "guardian_phone", "guardian_consent", "note", "consent",
    ]  # fmt: skip

    def __init__(self, *args, programs, **kwargs):
        from .models import Grade

        super().__init__(*args, **kwargs)
        for name in ("choice_1", "choice_2", "choice_3"):
            self.fields[name].queryset = programs
        self.fields["grade"].choices = [("", core_forms.EMPTY_CHOICE_LABEL), *Grade.choices]

    def clean_birth_date(self):
        day = self.cleaned_data["birth_date"]
        if not datetime.date(1920, 1, 1) <= day <= datetime.date.today():
            raise ValidationError(_("生年月日が正しくありません。"))
        return day

    def clean(self):
        data = super().clean()
        picked = [data.get(f"choice_{i}") for i in (1, 2, 3)]
        if picked[1] is None and picked[2] is not None:
            self.add_error("choice_2", _("第3希望を選ぶときは、先に第2希望を選んでください。"))
        chosen = [p for p in picked if p is not None]
        if len({p.pk for p in chosen}) != len(chosen):
            self.add_error("choice_2", _("同じプログラムを二度選んでいます。"))
        contact_errors = "email" in self.errors or "phone" in self.errors or "guardian_phone" in self.errors
        if not contact_errors and not (data.get("email") or data.get("phone") or data.get("guardian_phone")):
            self.add_error("email", _("メールアドレスか電話番号のどちらかを入力してください。"))
        data["programs"] = chosen
        return data


class SummerOfferForm(core_forms.NormalizedForm):
    """A host offers a program (online, or staff for them): the host, the program, up to three dates."""

    ROWS = 3

    host_kind = forms.ChoiceField(label=_("受入先の種類"), choices=[])
    host_name = forms.CharField(label=_("受入先の名称"), max_length=100)
    group = forms.ModelChoiceField(label=_("登録団体"), queryset=None, required=False)
    contact_name = forms.CharField(label=_("担当者名"), max_length=50)
    contact_phone = core_forms.PhoneField(label=_("担当者の電話番号"), required=False, max_length=20)
    contact_email = core_forms.EmailField(label=_("担当者のメールアドレス"), required=False, max_length=254)
    title = forms.CharField(label=_("プログラム名"), max_length=100)
    description = forms.CharField(label=_("活動内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    title_en = forms.CharField(
        label=_("プログラム名（英語・あれば）"), max_length=100, required=False, help_text=_("英語のページに出ます。")
    )
    description_en = forms.CharField(
        label=_("活動内容（英語・あれば）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("英語のページに出ます。空欄なら日本語の文を出します。"),
    )
    place = forms.CharField(label=_("活動場所"), max_length=200)
    grade_min = forms.TypedChoiceField(label=_("対象学年（下限）"), coerce=int, choices=[])
    grade_max = forms.TypedChoiceField(label=_("対象学年（上限）"), coerce=int, choices=[])
    age_min = forms.IntegerField(label=_("年齢の下限（あれば）"), min_value=6, max_value=99, required=False)
    bring = forms.CharField(label=_("持ち物"), max_length=200, required=False)
    contact = forms.CharField(label=_("参加者からの問い合わせ先"), max_length=200)

    def __init__(self, *args, groups, **kwargs):
        from .models import Grade, SummerHost

        super().__init__(*args, **kwargs)
        grades = [("", core_forms.EMPTY_CHOICE_LABEL), *Grade.choices]
        self.fields["grade_min"].choices = grades
        self.fields["grade_max"].choices = grades
        self.fields["host_kind"].choices = [("", core_forms.EMPTY_CHOICE_LABEL), *SummerHost.Kind.choices]
        self.fields["group"].queryset = groups
        for i in range(1, self.ROWS + 1):
            required = i == 1
            times = [("", core_forms.EMPTY_CHOICE_LABEL), *TIME_CHOICES]
            self.fields[f"day_{i}"] = DateField(label=_("活動日%(n)s") % {"n": i}, required=required)
            self.fields[f"start_{i}"] = TimeChoiceField(
                label=_("開始時刻%(n)s") % {"n": i}, required=required, choices=times, empty_value=None
            )
            self.fields[f"end_{i}"] = TimeChoiceField(
                label=_("終了時刻%(n)s") % {"n": i}, required=required, choices=times, empty_value=None
            )
            self.fields[f"slots_{i}"] = forms.IntegerField(
                label=_("受入人数%(n)s") % {"n": i}, min_value=1, max_value=100, required=required
            )

    def clean(self):
        data = super().clean()
        if data.get("host_kind") == "group" and not data.get("group"):
            if self.fields["group"].queryset.exists():
                self.add_error("group", _("団体の受入先は登録団体を選んでください。"))
            else:
                self.add_error(
                    "host_kind", _("団体として申し出るときは、団体の代表者としてログインしてください。")
                )
        if data.get("host_kind") == "facility":
            data["group"] = None
        if "contact_phone" not in self.errors and "contact_email" not in self.errors:
            if not data.get("contact_phone") and not data.get("contact_email"):
                self.add_error("contact_phone", _("担当者の電話番号かメールアドレスを入力してください。"))
        if data.get("grade_min") and data.get("grade_max") and data["grade_min"] > data["grade_max"]:
            self.add_error("grade_max", _("対象学年の上限は下限以上にしてください。"))
        dates = []
        for i in range(1, self.ROWS + 1):
            row = [data.get(f"{k}_{i}") for k in ("day", "start", "end", "slots")]
            if all(v in (None, "") for v in row):
                continue
            if any(v in (None, "") for v in row):
                if not any(f"{k}_{i}" in self.errors for k in ("day", "start", "end", "slots")):
                    self.add_error(f"day_{i}", _("活動日%(n)sは日付・時刻・人数をすべて入力してください。") % {"n": i})
                continue
            day, start, end, slots = row
            if start >= end:
                self.add_error(f"end_{i}", _("終了時刻は開始時刻より後にしてください。"))
                continue
            dates.append({"day": day, "start_time": start, "end_time": end, "slots": slots})
        data["dates"] = dates
        return data


class PublicSummerOfferForm(HoneypotFormMixin, ConsentFormMixin, SummerOfferForm):
    """The online offer: the same fields, with the public forms' honeypot and the privacy-policy consent for the
    contact details sent with it (staff entering an offer for a host use SummerOfferForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The date rows are added in SummerOfferForm.__init__; the consent and the honeypot go after them.
        self.order_fields([name for name in self.fields if name not in ("consent", "website")])


class SummerRunForm(core_forms.NormalizedForm):
    seed = forms.IntegerField(
        label=_("乱数番号（空欄なら自動で決めます）"), min_value=0, max_value=2**32 - 1, required=False
    )


class SummerPlaceForm(core_forms.NormalizedForm):
    program_date = forms.ModelChoiceField(label=_("参加先"), queryset=None, required=False)

    def __init__(self, *args, dates, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program_date"].queryset = dates
        self.fields["program_date"].empty_label = _("（参加先なし）")
        self.fields["program_date"].label_from_instance = self.label
        if choices is not None:  # one list for every row of the page, instead of a query per row
            self.fields["program_date"].widget.choices = choices

    @staticmethod
    def label(d) -> str:
        return _(
            "%(title)s %(m)s/%(d)s %(s)s〜（%(taken)s／%(slots)s人）"
        ) % {
            "title": d.program.title,
            "m": d.day.month,
            "d": d.day.day,
            "s": f"{d.start_time:%H:%M}",
            "taken": getattr(d, "taken", "-"),
            "slots": d.slots,
        }

    @classmethod
    def choices_for(cls, dates) -> list:
        return [("", _("（参加先なし）"))] + [(d.pk, cls.label(d)) for d in dates]


class SummerAttendanceForm(core_forms.NormalizedForm):
    """The attendance sheet: a tick for each participant who came (the rows shown are the choices)."""

    attended = forms.TypedMultipleChoiceField(label=_("参加した人"), coerce=int, required=False, choices=[])

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(p.pk, p.application.name) for p in placements]
# --- the import of existing records (programs/imports.py): one row of a sheet, with the pages' fields ---


class BookingImportForm(_TimeRangeForm):
    """One room booking of a sheet: the booking form's day, times and purpose; the site, room and group by name."""

    site = core_forms.FoldedTextField(label=_("拠点"), max_length=100)
    room = core_forms.FoldedTextField(label=_("部屋"), max_length=50)
    group = core_forms.FoldedTextField(label=_("団体"), max_length=100)
    repeat = forms.ChoiceField(
        label=_("繰り返し"), required=False, choices=[("", _("なし")), ("weekly", _("毎週"))]
    )
    repeat_until = DateField(label=_("繰り返しの最終日"), required=False)


class LockerImportForm(core_forms.NormalizedForm):
    """One locker holder of a sheet: which locker, which group, which fiscal year."""

    site = core_forms.FoldedTextField(label=_("拠点"), max_length=100)
    number = core_forms.FoldedTextField(label=_("ロッカー番号"), max_length=10)
    group = core_forms.FoldedTextField(label=_("団体"), max_length=100)
    fiscal_year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class EquipmentImportForm(EquipmentKindForm):
    """One unit of an equipment sheet: its kind's name and fees as the kind form takes them, and the unit's
    管理番号, 状態 and 備考 as the unit form does. Which kind and unit a row is, is the importer's matching."""

    site = core_forms.FoldedTextField(label=_("拠点"), max_length=100)
    code = core_forms.FoldedTextField(label=_("管理番号"), max_length=20)
    condition = forms.ChoiceField(label=_("状態"), choices=EquipmentUnit.Condition.choices, required=False)
    notes = forms.CharField(label=_("備考"), max_length=200, required=False)

    class Meta(EquipmentKindForm.Meta):
        fields = ["name", "description", "fee_per_loan", "fee_per_extra_day", "deposit"]

    def _post_clean(self):
        """A kind already stored is matched by name, not refused as a duplicate: the importer updates it, and
        kind_save checks the constraints when it writes."""
        from django.forms.models import construct_instance

        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            self.instance.full_clean(
                exclude=self._get_validation_exclusions(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            self._update_errors(exc)


class EventImportForm(SessionForm):
    """One row of an events sheet: the event (its name, type, date, times, venue and capacity, as the event and
    session forms take them) and, when the row has one, a participant — a member by 会員番号, or a person by
    name and furigana (a registered volunteer when name, furigana and birth date match, otherwise a guest with
    a way to reach them, as the guest sign-up form asks). Which event and person a row is, is the importer's
    matching."""

    title = forms.CharField(label=_("講座・イベント名"), max_length=100)
    event_type = core_forms.FoldedTextField(label=_("種類"), max_length=50)
    place = core_forms.FoldedTextField(label=_("会場"), max_length=200)
    capacity = forms.IntegerField(label=_("定員（人）"), min_value=1, max_value=10000)
    member_number = core_forms.FoldedTextField(label=_("会員番号"), max_length=20, required=False)
    name = forms.CharField(label=_("氏名"), max_length=50, required=False)
    furigana = core_forms.KanaField(label=_("フリガナ"), max_length=100, required=False)
    birth_date = DateField(label=_("生年月日"), required=False)
    email = core_forms.EmailField(label=_("メールアドレス"), required=False, max_length=254)
    phone = core_forms.PhoneField(label=_("電話番号"), required=False, max_length=20)
    people = forms.IntegerField(label=_("人数"), min_value=1, max_value=20, required=False)
    status = forms.ChoiceField(
        label=_("参加状況"), required=False, choices=[("", "")] + EventSignup.Status.choices
    )

    def clean_birth_date(self):
        day = self.cleaned_data.get("birth_date")
        if day and not datetime.date(1900, 1, 1) <= day <= datetime.date.today():
            raise ValidationError(_("日付が正しくありません。"))
        return day

    def clean(self):
        data = super().clean()
        person = data.get("name") or data.get("furigana") or data.get("birth_date")
        if person and not data.get("member_number"):
            for name in ("name", "furigana"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data
