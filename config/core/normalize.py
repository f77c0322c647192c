"""Input normalisers every form uses: what people type on a phone or a counter PC becomes one spelling.

Each function takes what was typed and returns the normal form, or raises ValidationError with a
Japanese message.
"""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_HIRAGANA = re.compile(r"[\u3041-\u3096\u309d\u309e]")
_KATAKANA_NAME = re.compile(r"^[\u30a1-\u30fa\u30fc\u30fd\u30fe\u30fb ]+$")
_DASHES = re.compile(r"[\-\u2010-\u2015\u2212\u30fc\uff0d\u2043\ufe63]")
_SPACES = re.compile(r"\s+")


# Control characters (C0, DEL, C1) and the invisible bidi overrides that can make text read backwards.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def normalize_text(value: str) -> str:
    """NFKC (full-width digits and letters to half-width, half-width kana to full-width), control characters
    dropped (a line break or tab becomes a space first), spaces folded."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFKC", str(value))
    value = _CONTROL.sub("", _SPACES.sub(" ", value))
    return _SPACES.sub(" ", value).strip()


def normalize_multiline(value: str) -> str:
    """normalize_text line by line, keeping the line breaks of a text area."""
    if value is None:
        return ""
    return "\n".join(normalize_text(line) for line in str(value).splitlines()).strip()


def clean_plain_text(value: str, *, multiline: bool = False) -> str:
    """Free text as the person wrote it: control characters removed, nothing else changed.

    No NFKC here: free text keeps the person's punctuation (full-width （） stay full-width), and
    「血圧>140」 is ordinary text — pages escape everything on output, so markup is never a danger.
    A text area keeps its line breaks and tabs; a one-line field turns them into spaces.
    """
    if value is None:
        return ""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    value = _CONTROL.sub("", value)
    if multiline:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
    return value.strip()


def to_katakana(value: str) -> str:
    """Hiragana to katakana after NFKC: 'やまだ　たろう' → 'ヤマダ タロウ'."""
    value = normalize_text(value)
    return _HIRAGANA.sub(lambda m: chr(ord(m.group(0)) + 0x60), value)


def normalize_furigana(value: str) -> str:
    """フリガナ as katakana; anything else (kanji, Latin letters, digits) is refused."""
    value = to_katakana(value)
    if not value:
        raise ValidationError(_("フリガナを入力してください。"), code="required")
    if not _KATAKANA_NAME.match(value):
        raise ValidationError(_("フリガナはカタカナ（またはひらがな）で入力してください。"), code="invalid_kana")
    return value


def normalize_postal_code(value: str) -> str:
    """'１８８００１１' or '188ー0011' → '188-0011'."""
    digits = _DASHES.sub("", normalize_text(value)).replace(" ", "").removeprefix("〒")
    if not re.fullmatch(r"\d{7}", digits):
        raise ValidationError(_("郵便番号は7桁の数字で入力してください（例：188-0011）。"), code="invalid_postal_code")
    return f"{digits[:3]}-{digits[3:]}"


def normalize_phone(value: str) -> str:
    """A Japanese phone number, hyphenated by its area code: '０４２４６６３０７０' → '042-466-3070'."""
    text = _DASHES.sub("-", normalize_text(value))
    text = re.sub(r"[()（）\s]", "", text)
    if not re.fullmatch(r"[0-9-]{6,20}", text):
        raise ValidationError(_("電話番号は数字で入力してください（例：042-466-3070）。"), code="invalid_phone")
    try:
        number = phonenumbers.parse(text, "JP")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, "JP"):
        raise ValidationError(_("日本国内の電話番号を市外局番から入力してください（例：042-466-3070）。"), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def kana_search_key(value: str) -> str:
    """What a furigana search compares: katakana without spaces, so 'やまだ た' finds 'ヤマダ タロウ'."""
    return to_katakana(value).replace(" ", "")
