"""The English catalogue is complete: every Chinese UI string in the code has a compiled translation.

After adding or changing user-facing text, run `make messages` (and add the English to
src/zhengwu/locale/en/<area>.json).
"""

import gettext
import json
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "zhengwu"
PO = SRC / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")
PY_LITERAL = re.compile(r"""\b(?:_|_lazy|gettext|gettext_lazy|pgettext)\(\s*"((?:[^"\\\n]|\\.)*)"\s*[,)]""")
TPL_LITERAL = re.compile(r"""\{%\s*translate\s+"([^"]*)"|\{%\s*translate\s+'([^']*)'""")


def po_entries() -> dict[str, str]:
    entries = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        s = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if m and s:
            unq = lambda x: "".join(json.loads(p) for p in re.findall(r'"(?:[^"\\]|\\.)*"', x))  # noqa: E731
            entries[unq(m.group(1))] = (unq(s.group(1)), "fuzzy" in block.split("msgid")[0])
    return entries


def code_strings() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for literal in PY_LITERAL.findall(path.read_text(encoding="utf-8")):
            text = json.loads(f'"{literal}"')
            if CJK.search(text):
                found.add(text)
    for path in SRC.rglob("*.html"):
        for a, b in TPL_LITERAL.findall(path.read_text(encoding="utf-8")):
            if CJK.search(a or b):
                found.add(a or b)
    return found


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    untranslated = [k for k, (v, fuzzy) in entries.items() if k and (not v or fuzzy)]
    assert not untranslated, untranslated[:20]


def test_the_catalogue_covers_the_code():
    missing = sorted(code_strings() - set(po_entries()))
    assert not missing, f"run `make messages` and translate: {missing[:20]}"


def test_the_compiled_catalogue_matches_the_source():
    with MO.open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog
    for msgid, (msgstr, _fuzzy) in po_entries().items():
        if msgid:
            assert catalog.get(msgid) == msgstr, f"{msgid!r}: recompile with `make messages`"
