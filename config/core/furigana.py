"""ふりがな: readings over the kanji of a page, as `<ruby>` markup rendered on the server.

The switch beside 文字サイズ sets a cookie; `FuriganaMiddleware` then annotates the text of every HTML page
outside the staff area and the admin. Readings come from SudachiPy with its maintained core dictionary;
the staff-edited correction dictionary (`FuriganaWord`: 西東京, 田無, 保谷, 気球くん, group names …) wins
over it. What is never annotated:

- what people type or pick: the text of `<textarea>`, `<option>`, `<input>` values and every attribute;
- `<script>`, `<style>`, `<title>`, text already inside `<ruby>`, and any element marked `data-no-ruby`
  (templates mark people's names with it);
- words the analyser tags as people's names (人名): a guessed reading of a name is often wrong, and a
  person's own フリガナ is the only right one.

The reading is marked `aria-hidden` so screen readers read each word once, and `<rp>` brackets keep it
readable where ruby is not supported. Annotated text nodes are memoised per dictionary version, so a
page costs the analyser only for texts it has not seen since the last dictionary edit.
"""

import functools
import html
import re

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy as _

FURIGANA_COOKIE = "furigana"
WORDS_CACHE_KEY = "core:furigana-words"
WORDS_CACHE_SECONDS = 60
SKIPPED_PREFIXES = ("/admin/", "/staff/")
PERSON_NAME = "人名"  # the analyser's part-of-speech tag for people's names

KANJI = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u30f5\u30f6"  # with 々 〆 ヵ ヶ
HAS_KANJI = re.compile(f"[{KANJI}]")
KANJI_RUNS = re.compile(f"([{KANJI}]+)")
KATAKANA = re.compile(r"[\u30a1-\u30f6]")

# Elements whose whole content stays as it is; the pattern takes them in one match.
_WHOLE = re.compile(
    r"<!--.*?-->|<(script|style|textarea|title|option|ruby|rt)\b[^>]*>.*?</\1\s*>",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

SWITCH_LABELS = {"on": _("ふりがな あり"), "off": _("ふりがな なし")}


def hiragana(text: str) -> str:
    return KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)


@functools.cache
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def align(surface: str, reading: str) -> list[tuple[str, str | None]]:
    """Split a word into (text, reading-or-None) parts so the reading sits over the kanji only.

    書き/かき → [(書, か), (き, None)]; when the kana of the word cannot be found in its reading, the
    whole word carries the whole reading.
    """
    reading = hiragana(reading)
    parts = [p for p in KANJI_RUNS.split(surface) if p]
    pattern = "".join("(.+?)" if HAS_KANJI.match(p) else f"({re.escape(hiragana(p))})" for p in parts)
    match = re.fullmatch(pattern, reading)
    if not match:
        return [(surface, reading)]
    return [(p, match.group(i + 1) if HAS_KANJI.match(p) else None) for i, p in enumerate(parts)]


def _ruby(text: str, reading: str | None) -> str:
    if not reading:
        return text
    return f'<ruby>{text}<rp>(</rp><rt aria-hidden="true">{html.escape(reading)}</rt><rp>)</rp></ruby>'


def _analyse(text: str) -> str:
    out = []
    tokens = _tokenizer().tokenize(text)
    if "".join(m.surface() for m in tokens) != text:
        return text
    for m in tokens:
        surface = m.surface()
        reading = m.reading_form()
        if not HAS_KANJI.search(surface) or m.part_of_speech()[2] == PERSON_NAME or reading == surface:
            out.append(surface)
            continue
        out.extend(_ruby(part, part_reading) for part, part_reading in align(surface, reading))
    return "".join(out)


@functools.lru_cache(maxsize=64)
def _words_pattern(words: tuple[tuple[str, str], ...]) -> re.Pattern | None:
    if not words:
        return None
    surfaces = sorted((w for w, _r in words), key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in surfaces))


@functools.lru_cache(maxsize=20_000)
def annotate_text(text: str, words: tuple[tuple[str, str], ...] = ()) -> str:
    """Ruby markup for one text node (HTML-escaped text in, HTML out); dictionary words first."""
    if not HAS_KANJI.search(text):
        return text
    pattern = _words_pattern(words)
    if pattern is None:
        return _analyse(text)
    readings = dict(words)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(_analyse(text[last : match.start()]) if match.start() > last else "")
        out.append(_ruby(match.group(), readings[match.group()]))
        last = match.end()
    out.append(_analyse(text[last:]) if last < len(text) else "")
    return "".join(out)


def annotate_html(page: str, words: tuple[tuple[str, str], ...] = ()) -> str:
    """Annotate the text nodes of an HTML page, leaving tags, attributes and the skipped elements alone."""
    out: list[str] = []
    skip: list[str] = []  # names of open elements marked data-no-ruby (and nested ones of the same name)
    position = 0
    while position < len(page):
        lt = page.find("<", position)
        text = page[position:] if lt < 0 else page[position:lt]
        if text:
            out.append(text if skip else annotate_text(text, words))
        if lt < 0:
            break
        whole = _WHOLE.match(page, lt)
        if whole:
            out.append(whole.group())
            position = whole.end()
            continue
        tag = _TAG.match(page, lt)
        if not tag:
            out.append("<")
            position = lt + 1
            continue
        closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
        if skip and name == skip[-1] and name not in _VOID:
            if closing:
                skip.pop()
            elif not rest.rstrip().endswith("/"):
                skip.append(name)
        elif not closing and "data-no-ruby" in rest and name not in _VOID:
            skip.append(name)
        out.append(tag.group())
        position = tag.end()
    return "".join(out)


def dictionary_words() -> tuple[tuple[str, str], ...]:
    """The correction dictionary, shared through the cache and reloaded at most a minute after an edit."""
    words = cache.get(WORDS_CACHE_KEY)
    if words is None:
        from .models import FuriganaWord

        words = tuple(FuriganaWord.objects.order_by("surface").values_list("surface", "reading"))
        cache.set(WORDS_CACHE_KEY, words, WORDS_CACHE_SECONDS)
    return words


def forget_words() -> None:
    cache.delete(WORDS_CACHE_KEY)


def offered(request) -> bool:
    """On Japanese pages outside the staff area and the admin."""
    return translation.get_language() == "ja" and not request.path.startswith(SKIPPED_PREFIXES)


def wanted(request) -> bool:
    return request.COOKIES.get(FURIGANA_COOKIE) == "on" and offered(request)


class FuriganaMiddleware:
    """Adds ふりがな to HTML pages when the visitor has switched it on (a cookie; no JavaScript needed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            wanted(request)
            and not response.streaming
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
        ):
            annotate_response(response)
        return response


def annotate_response(response) -> None:
    """Annotate an HTML response once (the page cache stores pages with their ruby; see config/core/pagecache.py)."""
    if getattr(response, "furigana_done", False):
        return
    charset = response.charset or "utf-8"
    page = response.content.decode(charset)
    response.content = annotate_html(page, dictionary_words()).encode(charset)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    response.furigana_done = True
