"""One way every form — public, staff and admin — takes what people type and answers them.

Every form class of the project derives from ``NormalizedForm`` or ``NormalizedModelForm`` (the admin
gets them through ``form =``). They do three things, in one place:

1. **What was typed is normalised before any field sees it** (``NormalizedBoundField.data``), so the
   required check, the length limit, ``clean_<field>`` and the re-rendered form all see the same text:
   - free text (a plain ``CharField``: notes, purposes, descriptions) keeps the person's own writing —
     only control characters go, and a one-line field folds line breaks into spaces;
   - names, addresses, numbers, dates, codes and choices get NFKC (full-width digits and letters to
     half-width) with spaces folded (``FoldedTextField`` and every non-text field);
   - passwords and files are left exactly as given.
2. **Fields with a shape use a field class from here**: ``KanaField`` (furigana → katakana),
   ``PostalCodeField`` (→ 188-0011), ``PhoneField`` (→ 042-466-3070), ``EmailField`` (lower case),
   ``DateField`` (also 昭和30年6月1日). ModelForms name them in ``Meta.field_classes``, which the admin
   keeps when it builds its form.
3. **Messages in one voice**, worded once: 「氏名を入力してください。」, 「利用目的は100文字以内で
   入力してください（いま120文字です）。」, 「部屋を選んでください。」, and selects offer
   「選んでください」 instead of 「---------」. A message a form words itself is kept.
4. **A service's refusal lands at the top of the form** (``save_valid``): the POST path every form page
   shares — a valid form's data goes to the service; its ``ValidationError`` is shown with the form;
   a success is reported as a message and the view redirects.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.utils import pretty_name
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import postal
from .dates import ERAS
from .models import Site
from .normalize import (
    clean_plain_text,
    normalize_phone,
    normalize_postal_code,
    normalize_text,
    to_katakana,
)

EMPTY_CHOICE_LABEL = _("選んでください")
DJANGO_EMPTY_LABEL = "---------"

# Messages with %(label)s, filled in per field when the form is made (so the active language is used).
REQUIRED_TEXT = _("%(label)sを入力してください。")
REQUIRED_CHOICE = _("%(label)sを選んでください。")
REQUIRED_CHECK = _("「%(label)s」にチェックを入れてください。")
MAX_LENGTH = _("%(label)sは%(limit_value)d文字以内で入力してください（いま%(show_value)d文字です）。")
MIN_LENGTH = _("%(label)sは%(limit_value)d文字以上で入力してください（いま%(show_value)d文字です）。")
MIN_VALUE = _("%(label)sは%(limit_value)s以上で入力してください。")
MAX_VALUE = _("%(label)sは%(limit_value)s以下で入力してください。")
INVALID_CHOICE = _("%(label)sは一覧から選んでください。")
INVALID_NUMBER = _("%(label)sは数字で入力してください。")
INVALID_DATE = _("%(label)sは 2026-05-12 の形で入力してください。")
INVALID_TIME = _("%(label)sは 10:30 の形で入力してください。")
INVALID_DATETIME = _("%(label)sは 2026-05-12 10:30 の形で入力してください。")
INVALID_EMAIL = _("メールアドレスの形で入力してください（例：hanako@example.jp）。")
INVALID_KANA = _("%(label)sはカタカナ（またはひらがな）で入力してください。")
INVALID_KANA_DIGITS = _("%(label)sはカタカナ（またはひらがな）で入力してください。数字も使えます。")

# Codes whose ValidationError carries params, so a literal % in a label must be doubled there.
_PARAM_CODES = {"max_length", "min_length", "min_value", "max_value", "invalid_choice", "invalid_pk_value"}


# --- 1. normalising what was typed -------------------------------------------------------------------


def _is_free_text(field: forms.Field) -> bool:
    """A plain CharField is free text; CharFields with a format of their own are not."""
    formatted = (forms.EmailField, forms.URLField, forms.RegexField, forms.SlugField, forms.UUIDField)
    return isinstance(field, forms.CharField) and not isinstance(field, formatted)


def normalize_input(field: forms.Field, value):
    """The normal form of one submitted value (a string or, for multi-value widgets, a list of them)."""
    if isinstance(value, (list, tuple)):
        return [normalize_input(field, v) for v in value]
    if not isinstance(value, str):
        return value  # files, or nothing submitted
    own = getattr(field, "normalize_input", None)
    if own is not None:
        return own(value)
    if isinstance(field.widget, forms.PasswordInput) or isinstance(field, (forms.FileField, forms.JSONField)):
        return value
    if _is_free_text(field):
        return clean_plain_text(value, multiline=isinstance(field.widget, forms.Textarea))
    return normalize_text(value)


class NormalizedBoundField(BoundField):
    @property
    def data(self):
        return normalize_input(self.field, super().data)


# --- 2. fields with a shape --------------------------------------------------------------------------


class FreeTextField(forms.CharField):
    """Free text, kept as written (control characters removed). A plain CharField behaves the same."""

    def normalize_input(self, value: str) -> str:
        return clean_plain_text(value, multiline=isinstance(self.widget, forms.Textarea))


class FoldedTextField(forms.CharField):
    """Names, addresses and codes: NFKC and spaces folded, so ＡＢＣ１２３ and ABC123 are one spelling."""

    def normalize_input(self, value: str) -> str:
        return normalize_text(value)


_KANA = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe\u30fb ]+")
_KANA_DIGITS = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe\u30fb 0-9]+")


class KanaField(FoldedTextField):
    """フリガナ: hiragana and half-width kana become katakana; kanji and Latin letters are refused."""

    allow_digits = False

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = to_katakana(value)
        pattern, message = (_KANA_DIGITS, INVALID_KANA_DIGITS) if self.allow_digits else (_KANA, INVALID_KANA)
        if not pattern.fullmatch(value):
            raise ValidationError(message % {"label": self.label or gettext("フリガナ")}, code="invalid_kana")
        return value


class KanaWithDigitsField(KanaField):
    """A group's フリガナ: group names carry numbers (ひまわり21), so their フリガナ may too."""

    allow_digits = True


class PostalCodeInput(forms.TextInput):
    """The postal code box with its 「住所検索」 button beside it (see AddressLookupMixin)."""

    template_name = "core/widgets/postal_code_input.html"  # in config/core/templates: the form renderer reads app templates

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["lookup_name"] = getattr(self, "lookup_name", "")
        return context


class PostalCodeField(FoldedTextField):
    """〒: '１８８００１１' or '1880011' → '188-0011'."""

    widget = PostalCodeInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "postal-code")

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_postal_code(value) if value else value


class PhoneField(FoldedTextField):
    """A Japanese phone number, hyphenated by its area code."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value else value


class EmailField(forms.EmailField):
    """An email address, NFKC and lower case, so the same address is always spelt the same."""

    def to_python(self, value):
        return super().to_python(value).lower()


_WAREKI = re.compile(r"^(明治|大正|昭和|平成|令和)(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日?$")
# How staff abbreviate an era on paper and in Excel: S25.5.10, 昭25.5.10, H2/4/1, R元.5.1.
_WAREKI_SHORT = re.compile(r"^(M|T|S|H|R|明|大|昭|平|令)(\d{1,2}|元)[./\-年](\d{1,2})[./\-月](\d{1,2})日?$", re.IGNORECASE)
_ERA_LETTERS = {**{e.letter: e.name for e in ERAS}, **{e.name[0]: e.name for e in ERAS}}


class DateField(forms.DateField):
    """Accepts 1955-06-01, 1955/6/1, 1955年6月1日, 昭和30年6月1日, S30.6.1 and full-width digits, as people write dates."""

    input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_text(value).replace(" ", "")
            match = _WAREKI.match(value)
            short = None if match else _WAREKI_SHORT.match(value)
            if short:
                letter, year, month, day = short.groups()
                match = short
                era = _ERA_LETTERS[letter.upper() if letter.isascii() else letter]
            elif match:
                era, year, month, day = match.groups()
            if match:
                start = next(e.start for e in ERAS if e.name == era)
                western = start.year + (1 if year == "元" else int(year)) - 1
                value = f"{western}-{int(month):02d}-{int(day):02d}"
        return super().to_python(value)


# --- 3. one voice ------------------------------------------------------------------------------------


def _django_defaults(field: forms.Field, code: str) -> set[str]:
    """Django's own wording for a code, from every class the field inherits from."""
    found = set()
    for cls in type(field).__mro__:
        message = getattr(cls, "default_error_messages", {}).get(code)
        if message is not None:
            found.add(str(message))
    return found


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) or isinstance(
        field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)
    )


def _voice_for(field: forms.Field) -> dict[str, str]:
    if isinstance(field, forms.BooleanField):
        return {"required": REQUIRED_CHECK}
    voice = {
        "required": REQUIRED_CHOICE if _is_choice(field) else REQUIRED_TEXT,
        "max_length": MAX_LENGTH,
        "min_length": MIN_LENGTH,
        "min_value": MIN_VALUE,
        "max_value": MAX_VALUE,
        "invalid_choice": INVALID_CHOICE,
        "invalid_list": INVALID_CHOICE,
        "invalid_pk_value": INVALID_CHOICE,
    }
    if isinstance(field, forms.EmailField):
        voice["invalid"] = INVALID_EMAIL
    elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        voice["invalid"] = INVALID_NUMBER
    elif isinstance(field, (forms.DateTimeField, forms.SplitDateTimeField)):
        voice["invalid"] = INVALID_DATETIME
        voice["invalid_date"] = INVALID_DATE
        voice["invalid_time"] = INVALID_TIME
    elif isinstance(field, forms.DateField):
        voice["invalid"] = INVALID_DATE
    elif isinstance(field, forms.TimeField):
        voice["invalid"] = INVALID_TIME
    return voice


def _worded_by_validator(field: forms.Field, code: str) -> bool:
    """A validator given its own message (MinValueValidator(1, message=...)) keeps it."""
    return any(
        getattr(v, "code", None) == code and str(v.message) != str(getattr(type(v), "message", v.message))
        for v in field.validators
    )


def apply_voice(name: str, field: forms.Field) -> None:
    """Word a field's messages the one way, unless the form (or a validator) worded them itself."""
    label = str(field.label) if field.label else pretty_name(name)
    for code, template in _voice_for(field).items():
        current = field.error_messages.get(code)
        if current is not None and str(current) not in _django_defaults(field, code):
            continue  # the form's own wording wins
        if current is None and _worded_by_validator(field, code):
            continue
        safe = label.replace("%", "%%") if code in _PARAM_CODES else label
        field.error_messages[code] = str(template).replace("%(label)s", safe)


def apply_empty_label(field: forms.Field) -> None:
    """Selects offer 「選んでください」, not Django's 「---------」."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = EMPTY_CHOICE_LABEL
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(value == "" and str(text) == DJANGO_EMPTY_LABEL for value, text in choices):
            field.choices = [
                (value, EMPTY_CHOICE_LABEL if value == "" and str(text) == DJANGO_EMPTY_LABEL else text)
                for value, text in choices
            ]


class NormalizedFormMixin:
    """See the module docstring: normalised input and one voice, for a Form or a ModelForm."""

    bound_field_class = NormalizedBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            apply_empty_label(field)

    def full_clean(self):
        # Worded here rather than in __init__, so labels and limits a subclass sets after it count.
        for name, field in self.fields.items():
            apply_voice(name, field)
        super().full_clean()


class AddressLookupMixin:
    """A 「住所検索」 button beside the postal code fills the address from it, without JavaScript.

    The button submits the form with ``address_lookup``; the form then fills the address from the
    postal code (config.core.postal), checks nothing and is not valid, so the view — whatever it does
    with a valid form — renders the form again and saves nothing. The person goes on typing the 番地.
    """

    postal_code_field = "postal_code"
    address_field = "address"
    LOOKUP = "address_lookup"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.address_lookup_requested = self.is_bound and self.add_prefix(self.LOOKUP) in self.data
        widget = self.fields[self.postal_code_field].widget
        if isinstance(widget, PostalCodeInput):
            widget.lookup_name = self.add_prefix(self.LOOKUP)
        if self.address_lookup_requested:
            self._fill_address()

    def _fill_address(self) -> None:
        postal_key, address_key = self.add_prefix(self.postal_code_field), self.add_prefix(self.address_field)
        code = normalize_text(self.data.get(postal_key, ""))
        found = postal.lookup(code)
        postal_field, address_field = self.fields[self.postal_code_field], self.fields[self.address_field]
        if found is None:
            postal_field.help_text = gettext(
                "この郵便番号の住所が見つかりませんでした。番号を確かめるか、住所をそのまま入力してください。"
            )
            return
        data = self.data.copy()
        data[postal_key] = normalize_postal_code(code)
        data[address_key] = fill_address(found, data.get(address_key, ""))
        self.data = data
        address_field.help_text = gettext(
            "郵便番号から住所を入れました。続けて番地・建物名を入力してください。"
        )
        address_field.widget.attrs["autofocus"] = True

    def full_clean(self):
        if self.address_lookup_requested:
            # Nothing was submitted yet: no messages, nothing cleaned, and the view saves nothing.
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.address_lookup_requested and super().is_valid()


_BANCHI = re.compile(r"^[0-9０-９\-－ー−丁番]")


def fill_address(found: "postal.PostalAddress", typed: str) -> str:
    """The looked-up town, followed by the 番地 already typed ('5-5-12' or '田無町5-5-12' keep their 5-5-12)."""
    rest = normalize_text(typed or "")
    for prefix in sorted(
        {str(found), found.prefecture + found.city, found.city + found.town, found.city, found.town} - {""},
        key=len,
        reverse=True,
    ):
        if rest.startswith(prefix):
            rest = rest[len(prefix) :]
            break
    rest = rest.strip()
    return str(found) + (rest if _BANCHI.match(rest) else "")


@dataclass(frozen=True)
class Saved:
    """What ``save_valid`` answers when the service saved: the service's return value (a record, or None)."""

    value: Any = None


def save_valid(request, form, save: Callable[[dict], Any], *, success: str | None = None) -> Saved | None:
    """The POST path of a form page: when the request is a POST and ``form`` is valid, ``save`` (a
    service call) gets the cleaned data. A ``ValidationError`` it raises lands at the top of the form and
    None comes back, so the view shows the form again; when it saved, ``success`` is queued as a message
    and a ``Saved`` with the service's return value comes back, so the view redirects::

        if saved := save_valid(request, form, lambda data: request_create(by=request.user, data=data),
                               success=_("依頼を登録しました。")):
            return redirect("volunteers:request_detail", pk=saved.value.pk)
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        value = save(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    if success:
        messages.success(request, success)
    return Saved(value)


class NormalizedForm(NormalizedFormMixin, forms.Form):
    pass


class NormalizedModelForm(NormalizedFormMixin, forms.ModelForm):
    pass


# --- core's own forms ---------------------------------------------------------------------------------


class ClosureForm(NormalizedForm):
    """The staff form for a one-off closure (臨時休所); the service checks and saves it."""

    site = forms.ModelChoiceField(
        label=_("拠点"), queryset=Site.objects.all(), required=False, empty_label=_("全拠点")
    )
    start_date = DateField(label=_("開始日"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = DateField(
        label=_("終了日"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("1日だけのときは開始日と同じ日にしてください。"),
    )
    reason = forms.CharField(label=_("理由"), max_length=100, help_text=_("例：設備点検、停電"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        for name in ("start_date", "end_date"):
            day = data.get(name)
            if day and not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
                self.add_error(name, _("日付が正しくありません。"))
        if start and end and start > end:
            self.add_error("end_date", _("終了日は開始日以降にしてください。"))
        return data


class ImportUploadForm(NormalizedForm):
    """The file staff bring in (取り込み): which kind of record, and the xlsx or CSV file."""

    kind = forms.ChoiceField(label=_("取り込む記録の種類"))
    file = forms.FileField(
        label=_("ファイル（Excel の xlsx か CSV）"),
        help_text=_("CSV は UTF-8 でも Shift_JIS でも読めます。見出しの順番は自由です。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", EMPTY_CHOICE_LABEL), *kinds]


class ImportConfirmForm(NormalizedForm):
    """Confirming a previewed file; with problem rows, staff must choose to leave them out."""

    allow_partial = forms.BooleanField(
        label=_("問題のある行を除いて、問題のない行だけを取り込みます"), required=False
    )
