"""The bundled county-level administrative division code table (GB/T 2260) used for 地方编码 (DFBM).

`credit/data/divisions.csv` is derived from python-stdnum's `stdnum/cn/loc.dat` (itself from the
GB/T 2260 lists) by `zhengwu credit build-divisions`, not typed by hand. Columns: code, name,
valid_to (the last year a retired code was in use; empty while current).
"""

import csv
import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "data" / "divisions.csv"
# Records reach back to 2011 (the plan's backlog): codes retired before then are not accepted.
OLDEST_YEAR = 2011
_NAME = re.compile(r"(?:\[(\d*)-(\d*)\])?([^,]+)")


def build_rows(loc_dat: str) -> list[tuple[str, str, str]]:
    """Parse loc.dat text into (code, latest name, valid_to) rows, one per 6-digit code."""
    rows, province = [], None
    for line in loc_dat.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        suffix, _, attrs = line.strip().partition(" ")
        match = re.search(r'county="([^"]*)"', attrs)
        if province is None or not match:
            continue
        names = [m.groups() for m in _NAME.finditer(match.group(1))]
        _start, end, name = names[-1]
        rows.append((province + suffix, name.strip(), end or ""))
    return rows


def write_table(path: Path = TABLE) -> int:
    """Regenerate the CSV from the installed python-stdnum; returns the number of codes."""
    from importlib.resources import files

    rows = build_rows(files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8"))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "name", "valid_to"])
        writer.writerows(rows)
    return len(rows)


@cache
def valid_codes() -> frozenset[str]:
    """Codes accepted as 地方编码: current ones and those retired in or after OLDEST_YEAR."""
    with TABLE.open(encoding="utf-8") as fh:
        return frozenset(r["code"] for r in csv.DictReader(fh)
                         if not r["valid_to"] or int(r["valid_to"]) >= OLDEST_YEAR)
