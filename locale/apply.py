"""Fill locale/en/LC_MESSAGES/django.po from the tables in locale/en_*.py and compile it.

    .venv/bin/python manage.py makemessages -l en --no-obsolete ...   (see the Makefile target `messages`)
    .venv/bin/python locale/apply.py

Entries already translated in the .po are kept; a table entry overwrites them.
"""

import importlib.util
import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
PO = HERE / "en" / "LC_MESSAGES" / "django.po"


def tables() -> dict:
    merged = {}
    for path in sorted(HERE.glob("en_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        merged.update(module.TR)
    return merged


def main() -> int:
    tr = tables()
    po = polib.pofile(str(PO))
    used = set()
    for entry in po:
        key = f"[{entry.msgctxt}] {entry.msgid}" if entry.msgctxt else entry.msgid
        if key not in tr:
            continue
        used.add(key)
        value = tr[key]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value, value]
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "en"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    unused = sorted(set(tr) - used)
    for key in unused:
        print("not in the catalogue:", key, file=sys.stderr)
    print(f"{len(used)} translations applied, {len(po.untranslated_entries())} entries untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
