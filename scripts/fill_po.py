"""Fill the English .po from JSON dictionaries {chinese: english}, one per area.

    .venv/bin/python scripts/fill_po.py
    src/zhengwu/locale/en/LC_MESSAGES/django.po src/zhengwu/locale/en/*.json

Every entry whose msgid is in a dictionary gets that translation, and msgmerge's "fuzzy" guesses are
replaced (a fuzzy entry is not compiled, so the page would stay in Chinese). Prints the msgids that
no dictionary translates, so that nothing is left in Chinese by accident.
"""

import json
import re
import sys
from pathlib import Path

QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def unquote(block: str) -> str:
    return "".join(json.loads(part) for part in QUOTED.findall(block))


def fill_block(block: str, table: dict, missing: list) -> str:
    m = re.search(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)', block, re.M)
    s = re.search(r'^msgstr ((?:"(?:[^"\\]|\\.)*"\n?)+)', block, re.M)
    if not m or not s or "msgid_plural" in block:
        return block
    msgid = unquote(m.group(1))
    if not msgid:
        return block  # the header
    if msgid not in table:
        if not unquote(s.group(1)) or "#, fuzzy" in block or ", fuzzy" in block:
            missing.append(msgid)
        return block
    block = (
        block[: s.start()]
        + f"msgstr {json.dumps(table[msgid], ensure_ascii=False)}"
        + block[s.end() :].lstrip("\n")
    )
    block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
    block = re.sub(r"^#, fuzzy, ", "#, ", block, flags=re.M)
    block = re.sub(r"^(#,.*?), fuzzy", r"\1", block, flags=re.M)
    block = re.sub(r"^#\| .*\n", "", block, flags=re.M)  # msgmerge's previous-msgid comments
    return block


def main(po_path: str, *dict_paths: str) -> None:
    table: dict[str, str] = {}
    for dict_path in dict_paths:
        table.update(json.loads(Path(dict_path).read_text(encoding="utf-8")))
    text = Path(po_path).read_text(encoding="utf-8")
    missing: list[str] = []
    blocks = [fill_block(b, table, missing) for b in text.split("\n\n")]
    blocks[0] = blocks[0].replace("#, fuzzy\n", "", 1)
    Path(po_path).write_text("\n\n".join(b.rstrip("\n") for b in blocks) + "\n", encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main(sys.argv[1], *sys.argv[2:])
