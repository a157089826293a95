"""Substring search by the public name — pure rules over plain values, no ORM.

The public may search a record by the name it is *shown* under, never by more: the searchable text is
`disclosure.public_name` (a natural person's name masked, 张三明 → 张*明; a company's name scrubbed). So
searching 小明 or 张三明 cannot reveal that a record of 张三明 exists; 张*明 (what the page shows) finds it.

Each published record gets one row in the search table (`models.PublicName`):

* `name`  — the public name, matched by trigram full-text indexes (SQLite FTS5 `tokenize='trigram'`,
  PostgreSQL `pg_trgm` GIN) for queries of ≥ 3 characters;
* `pairs` — every two-character window of that name, each followed by `SEP` (深圳市 → 深圳␟圳市␟), for
  2-character queries, which trigram indexes cannot answer (a trigram needs 3 characters): on SQLite a second
  FTS5 table holds each pair as one token (query: the token `ab`); on PostgreSQL `ILIKE '%ab␟%'` on this
  column gives pg_trgm the trigram `ab ` to look up;
* `rank`  — the sort key, newest decision first: `decided_on` as a day number in the high bits, the record
  id in the low 32 bits (`rank_of`). One integer is both the order and the keyset cursor; on SQLite the
  FTS5 rowid is its negation (`fts_rowid`), so the full-text index returns matches already in page order
  walking its doclists *forwards* — FTS5 reads a doclist backwards (ORDER BY rowid DESC) 2–6× slower
  (measured at 1,000,000 names: a 7-character phrase 1.4 → 0.23 ms median with an optimized index).

    >>> pairs_of("深圳市")
    '深圳\\x1f圳市\\x1f'
    >>> fts_query('a"b c')
    '"a""b c"'
"""

import unicodedata
from datetime import date

from zhengwu.credit.rules import disclosure

#: SQLite's full-text tables over `credit_publicname` (migration 0004): names as trigrams (queries of >= 3
#: characters) and character pairs, one token each (2-character queries)
FTS_TABLE = "credit_publicname_fts"
PAIRS_TABLE = "credit_publicname_pairs"
#: the separator after each character pair (ASCII unit separator: never part of a name)
SEP = "\x1f"
MIN_CHARS = 2
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1


def public_name(name: str, *, natural_person: bool) -> str:
    """The text the search matches: exactly the name shown publicly (masked / scrubbed), without SEP."""
    return _without_controls(disclosure.public_name(name or "", natural_person=natural_person))


def _without_controls(text: str) -> str:
    """Control characters (SEP, tabs, line breaks from spreadsheets) are neither searched nor searchable."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def pairs_of(text: str) -> str:
    """Every 2-character window of `text`, each followed by SEP (the 2-character query index)."""
    return "".join(text[i:i + 2] + SEP for i in range(len(text) - 1))


def rank_of(decided_on: date, record_id: int) -> int:
    """The sort key: newer decision first, then higher id (same order as the other public lists)."""
    return (decided_on.toordinal() << ID_BITS) | (record_id & ID_MASK)


def fts_rowid(rank: int) -> int:
    """The SQLite FTS5 rowid of an entry: -rank, so that ascending rowid order is newest first.

    >>> fts_rowid(rank_of(date(2026, 1, 2), 1)) < fts_rowid(rank_of(date(2026, 1, 1), 9))
    True
    """
    return -rank


def clean_query(text: str) -> str:
    """The query as matched: control characters and surrounding spaces removed."""
    return _without_controls(text or "").strip()


def column_and_needle(query: str) -> tuple[str, str]:
    """Which column to match and the literal substring to look for in it (queries of ≥ MIN_CHARS)."""
    if len(query) == 2:
        return "pairs", query + SEP
    return "name", query


def fts_query(query: str) -> str:
    """The SQLite FTS5 MATCH expression: the query as one quoted phrase (`%`, `_`, `*` stay literal).

    Queries of >= 3 characters go to the trigram table of names, 2-character ones to the table of pairs
    (where the query is one token); see `selectors.public._name_sql_sqlite`.
    """
    return '"' + query.replace('"', '""') + '"'
