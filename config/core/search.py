"""One way to find people by name or furigana, for every list: volunteers, groups, consultations, requests.

Names and furigana are compared through search keys stored beside them (no spaces; furigana in
katakana), so 「やまだ」, 「ヤマダ」 and 「ﾔﾏﾀﾞ」 all find 山田 太郎 (ヤマダ タロウ). The models keep the keys in
step through their services (`name_key`, `kana_key` below); the lists build their filter with `name_search_q`.
"""

from collections.abc import Iterable

from django.db.models import Q

from .normalize import clean_plain_text, kana_search_key, normalize_text

QUERY_MAX_LENGTH = 50


def clean_query(value, *, max_length: int = QUERY_MAX_LENGTH) -> str:
    """What every search box searches for: control characters and NUL dropped (PostgreSQL refuses NUL
    in text), NFKC, spaces folded, at most `max_length` characters. Views read `?q=` through this."""
    return normalize_text(clean_plain_text(value or ""))[:max_length]


def name_key(value: str) -> str:
    """What a name search compares: NFKC, without spaces, so '山田　太郎' and '山田太郎' are one name."""
    return normalize_text(value).replace(" ", "")


def kana_key(value: str) -> str:
    """What a furigana search compares: katakana without spaces ('やまだ たろう' → 'ヤマダタロウ')."""
    return kana_search_key(value)


def name_search_q(
    text: str,
    *,
    name_keys: Iterable[str] = (),
    kana_keys: Iterable[str] = (),
    text_fields: Iterable[str] = (),
) -> Q | None:
    """The filter for a name/furigana search box, or None when nothing was typed.

    name_keys: fields holding `name_key` values (matched without spaces); kana_keys: fields holding
    `kana_key` values (the typed text turned into katakana first); text_fields: other text matched as
    typed, case-insensitively (titles, notes, group names).
    """
    text = clean_query(text, max_length=200)
    if not text:
        return None
    compact, kana = text.replace(" ", ""), kana_key(text)
    q = Q()
    for field in name_keys:
        q |= Q(**{f"{field}__contains": compact})
    for field in kana_keys:
        q |= Q(**{f"{field}__contains": kana})
    for field in text_fields:
        q |= Q(**{f"{field}__icontains": text})
    return q


def search(queryset, text: str, **fields):
    """queryset filtered by name_search_q (unchanged when nothing was typed)."""
    q = name_search_q(text, **fields)
    return queryset if q is None else queryset.filter(q)
