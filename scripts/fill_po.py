"""Fill empty msgstr entries of the English .po from a JSON dictionary {chinese: english}.

    .venv/bin/python scripts/fill_po.py src/zhengwu/locale/en/LC_MESSAGES/django.po src/zhengwu/locale/en/*.json
Each JSON file holds one area's translations (foundation.json, credit.json, …). Prints the msgids still untranslated, so that nothing is left in Chinese by accident.
"""

import json
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\s*)+))msgstr ""\n(?!")', re.M)


def unquote(block: str) -> str:
    return "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def main(po_path: str, *dict_paths: str) -> None:
    po = Path(po_path).read_text(encoding="utf-8")
    table = {}
    for dict_path in dict_paths:
        table.update(json.loads(Path(dict_path).read_text(encoding="utf-8")))
    missing = []

    def fill(m: re.Match) -> str:
        msgid = unquote(m.group(2))
        if not msgid:
            return m.group(0)
        if msgid not in table:
            missing.append(msgid)
            return m.group(0)
        return f"{m.group(1)}msgstr {json.dumps(table[msgid], ensure_ascii=False)}\n"

    po = ENTRY.sub(fill, po)
    po = po.replace("#, fuzzy\n", "", 1)
    Path(po_path).write_text(po, encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main(sys.argv[1], *sys.argv[2:])
