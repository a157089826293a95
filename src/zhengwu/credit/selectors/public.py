"""Reads for the public disclosure pages and API (no login): search, one record, a unit's embeddable list.

What is public is `rules.visibility` — one definition, applied here as a queryset
(`public_records`) and as the SQL conditions of every search statement (`selectors.visibility.public_sql`):
published, inside its publicity, not revoked, credit not repaired (a repair takes effect no earlier than
the penalty's minimum period).

Every record leaves here through `present()` / `present_row()` — the one public representation used
by the HTML pages, the JSON twins and the embedded lists. What may be shown is decided in
`credit.disclosure` (which the push to the city platform uses too): a natural person's name masked, ID,
codes and addresses removed, and every text value scrubbed of the record's own personal values and of
phone/ID numbers. List rows of natural persons fetch their record data (one query per page, only when such
a row is on it) so that their summary values are scrubbed by value as well.

Speed (1,000,000 records, benchmarks/credit_public_search.py): keyset pagination, no counts, and each page is
one hand-written portable SQL statement (`_sql`; compiling the equivalent ORM query cost more than running
it) that walks an existing index in its own order — a short index range scan, never a sort of all matches:

* 统一社会信用代码 / 决定书文号: equality on `uscc` / `decision_no` (indexed), newest decision first;
* name: a *substring* search (`鹏城商贸`, `餐饮`, `有限公司` all find 深圳市鹏城商贸有限公司), at least 2
  characters (1 character is refused with a message: it would match nearly everything), case-insensitive,
  `%`/`_`/`*` literal, newest decision first. It matches the name *as shown publicly* — a natural
  person's masked name (张*明), never the real one — through the full-text index of `models.PublicName`
  (`rules.name_search`, `services.search_index`): SQLite FTS5 trigram (`_name_sql_sqlite`; the index
  returns matches already in page order, rowid = -rank), PostgreSQL pg_trgm GIN (`_name_sql_other`).
  2-character queries use the `pairs` (SQLite: a second FTS5 table, one token per pair). The entry's rank
  (decision day << 32 | id) is the keyset cursor and a date range is a rank range; every public condition
  is applied to each match, so the index may over-include (revoked, repaired, expired records). A name
  given beside a code or decision number filters those exact matches by the same substring rule;
* browsing (unit, kind, dates only): one query per (state, kind) walking (state, kind, -decided_on) or
  (unit, kind, -decided_on), merged in Python — `state IN
  (…) ORDER BY decided_on` would sort every public record.
"""

import base64
import heapq
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import CatalogItem, PublicName, Record
from zhengwu.credit.rules import disclosure, name_search, visibility
from zhengwu.credit.rules.workflow import PUBLISHED_STATES, STATUSES
from zhengwu.credit.selectors.visibility import catalog_fields, public_records, public_sql
from zhengwu.credit.standard import KIND_CHOICES, Kind
from zhengwu.org.models import Unit

__all__ = ["Page", "Search", "bad_cursor", "decode_cursor", "parse_search", "present", "present_row",
           "public_record", "public_records", "public_search", "public_unit", "public_unit_or_none",
           "public_units", "statement"]

#: the states a browse walks one by one (each along its own index), in a fixed order
PUBLIC_STATES = tuple(sorted(PUBLISHED_STATES))
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_TEXT = 128

LIST_COLUMNS = ("id", "kind", "decision_no", "subject_name", "is_natural_person", "uscc", "category",
                "decided_on", "valid_until", "public_until", "status", "street", "authority",
                "unit__code", "unit__name")


@dataclass(frozen=True)
class Search:
    """A public search: any combination of the filters; `after` is the keyset cursor of the next page."""

    name: str = ""
    uscc: str = ""
    decision_no: str = ""
    unit: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    after: str = ""
    limit: int = PAGE_SIZE

    @property
    def mode(self) -> str:
        if self.uscc or self.decision_no:
            return "exact"
        return "name" if self.name else "browse"

    def params(self, **over) -> dict:
        """The query parameters describing this search (for links to the next page and the JSON twin)."""
        s = replace(self, **over)
        out = {
            "name": s.name,
            "uscc": s.uscc,
            "decision_no": s.decision_no,
            "unit": s.unit,
            "kind": s.kind,
            "from": s.date_from.isoformat() if s.date_from else "",
            "to": s.date_to.isoformat() if s.date_to else "",
            "after": s.after,
            "limit": "" if s.limit == PAGE_SIZE else str(s.limit),
        }
        return {k: v for k, v in out.items() if v}


@dataclass
class Page:
    records: list[dict] = field(default_factory=list)
    next_after: str = ""
    search: Search = field(default_factory=Search)


#: the parameters' names in messages, translated only when a message names one (not on every request)
_LABELS = {
    "name": gettext_lazy("名称"),
    "uscc": gettext_lazy("统一社会信用代码"),
    "q": gettext_lazy("关键词"),
    "kind": gettext_lazy("类型"),
    "from": gettext_lazy("决定日期起"),
    "to": gettext_lazy("决定日期止"),
    "decision_no": gettext_lazy("决定书文号"),
    "unit": gettext_lazy("单位"),
}


def _label(key: str):
    return _LABELS[key]


def _text(params, key: str, label) -> str:
    value = (params.get(key) or "").strip()
    if len(value) > MAX_TEXT:
        raise ApplicationError(
            _("查询条件“%(label)s”过长（最多 %(n)s 个字符）。") % {"label": label, "n": MAX_TEXT},
            code="invalid_parameter",
            field=key,
        )
    return value


def _date(params, key: str, label) -> date | None:
    value = (params.get(key) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApplicationError(
            _("“%(label)s”应为 YYYY-MM-DD 格式的日期，收到“%(value)s”。")
            % {"label": label, "value": value[:20]},
            code="invalid_parameter",
            field=key,
        ) from None


def parse_search(params) -> Search:
    """A Search from query parameters (name, q, uscc, decision_no, unit, kind, from, to, after, limit).

    `q` is the portal's single search box: a valid-looking 18-character code is a 统一社会信用代码, anything
    else a name (substring, ≥ 2 characters). Bad input raises ApplicationError naming the parameter.
    """
    name = name_search.clean_query(_text(params, "name", _label("name")))
    name_field = "name"
    uscc = _text(params, "uscc", _label("uscc")).upper()
    q = _text(params, "q", _label("q"))
    if q:
        if len(q) == 18 and q.isalnum() and q.isascii():
            uscc = uscc or q.upper()
        elif not name:
            name, name_field = name_search.clean_query(q), "q"
    if 0 < len(name) < name_search.MIN_CHARS:
        raise ApplicationError(_("名称请至少输入 %(n)s 个字（名称中任意连续的字都可以，例如 鹏城）。")
                               % {"n": name_search.MIN_CHARS}, code="invalid_parameter", field=name_field)
    kind = _text(params, "kind", _label("kind"))
    if kind and kind not in {k.value for k in Kind}:
        raise ApplicationError(
            _("“类型”应为 license（行政许可）或 penalty（行政处罚）。"),
            code="invalid_parameter",
            field="kind",
        )
    date_from, date_to = _date(params, "from", _label("from")), _date(params, "to", _label("to"))
    if date_from and date_to and date_from > date_to:
        raise ApplicationError(_("决定日期起不能晚于决定日期止。"), code="invalid_parameter", field="from")
    raw_limit = (params.get("limit") or "").strip()
    try:
        limit = int(raw_limit) if raw_limit else PAGE_SIZE
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ApplicationError(
            _("“每页条数”应为 1–%(n)s 的整数。") % {"n": MAX_PAGE_SIZE},
            code="invalid_parameter",
            field="limit",
        )
    search = Search(name=name, uscc=uscc, decision_no=_text(params, "decision_no", _label("decision_no")),
                    unit=_text(params, "unit", _label("unit")), kind=kind,
                    date_from=date_from, date_to=date_to,
                    after=(params.get("after") or "").strip(), limit=limit)
    _decode_after(search)  # validate the cursor early
    return search


# --- Keyset cursors --------------------------------------------------------------------------------


#: the longest cursor accepted (ours are under 60 characters); longer ones are refused before decoding
MAX_CURSOR = 120
_CURSOR_CHARS = re.compile(r"[A-Za-z0-9_-]+\Z")
_CURSOR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_CURSOR_RANK = re.compile(r"[0-9]{1,19}\Z")
#: the largest name rank (`name_search.rank_of` of the last representable day) and record id
MAX_RANK = (date.max.toordinal() + 1) << name_search.ID_BITS
MAX_ID = 2 ** 63 - 1


def _encode_after(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(after: str, mode: str) -> tuple[date | int, int]:
    """The keyset position in a cursor made by `_cursor_of`: (decision day or name rank, record id).

    Hostile input: the cursor is untrusted text. Its length and alphabet are checked
    before decoding, then it must be base64url of a JSON list of exactly [mode, key, id] — mode that of the
    search, key an ISO date (YYYY-MM-DD) or a decimal rank within range, id a positive integer within
    bigint. Anything else raises ValueError.
    """
    if len(after) > MAX_CURSOR or not _CURSOR_CHARS.match(after):
        raise ValueError("cursor alphabet or length")
    try:
        raw = base64.urlsafe_b64decode(after + "=" * (-len(after) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ValueError("cursor encoding") from None
    if not isinstance(value, list) or len(value) != 3:
        raise ValueError("cursor shape")
    cursor_mode, key, pk = value
    if cursor_mode != mode or not isinstance(key, str) or type(pk) is not int or not 0 < pk <= MAX_ID:
        raise ValueError("cursor types")
    if mode == "name":
        if not _CURSOR_RANK.match(key) or not 0 <= int(key) <= MAX_RANK:
            raise ValueError("cursor rank")
        return int(key), pk
    if not _CURSOR_DATE.match(key):
        raise ValueError("cursor date")
    return date.fromisoformat(key), pk


def _decode_after(search: Search):
    if not search.after:
        return None
    try:
        return decode_cursor(search.after, search.mode)
    except ValueError:
        raise ApplicationError(_("翻页参数“after”无效，请从第一页重新查询。"), code="invalid_parameter",
                               field="after") from None


def _cursor_of(search: Search, row: dict) -> str:
    if search.mode == "name":
        return _encode_after(["name", str(row["rank"]), row["id"]])
    return _encode_after([search.mode, row["decided_on"].isoformat(), row["id"]])


# --- Search ----------------------------------------------------------------------------------------


def _conditions(search: Search, *, today: date, state: str = "", kind: str = "") -> tuple[list[str], list]:
    """The WHERE conditions (on `r` = credit_record, `u` = org_unit) of the
    public set (`rules.visibility`, through `selectors.visibility.public_sql`) and the search's filters;
    `state` narrows a browse to one state's index."""
    qn, ops = connection.ops.quote_name, connection.ops
    day = ops.adapt_datefield_value

    def col(name):
        return "r." + qn(name)

    where, params = [], []
    if state:
        where.append(f"{col('state')} = %s")
        params.append(state)
    public, public_params = public_sql(col, today)
    where += public
    params += public_params
    for value, column in (
        (search.uscc, "uscc"),
        (search.decision_no, "decision_no"),
        (kind or search.kind, "kind"),
    ):
        if value:
            where.append(f"{col(column)} = %s")
            params.append(value)
    if search.unit:
        where.append("u." + qn("code") + " = %s")
        params.append(search.unit)
    if search.date_from:
        where.append(f"{col('decided_on')} >= %s")
        params.append(day(search.date_from))
    if search.date_to:
        where.append(f"{col('decided_on')} <= %s")
        params.append(day(search.date_to))
    return where, params


def _columns() -> str:
    """The list columns, then the 可公示的信息项 of the record's
    catalog item (NULL without one: `_catalog_join`)."""
    return _columns_of(connection.vendor)


@lru_cache(maxsize=4)
def _columns_of(vendor: str) -> str:  # the same text for every request: built once per database vendor
    qn = connection.ops.quote_name
    return (", ".join("r." + qn(c) for c in SQL_COLUMNS) + ", u." + qn("code") + ", u." + qn("name")
            + ", c." + qn("publishable_fields"))


def _catalog_join() -> str:
    """The record's catalog item (unique on unit, kind,
    code), for the field projection of `rules.visibility`."""
    return _catalog_join_of(connection.vendor)


@lru_cache(maxsize=4)
def _catalog_join_of(vendor: str) -> str:
    qn = connection.ops.quote_name
    return (f" LEFT JOIN {qn(CatalogItem._meta.db_table)} c ON c.{qn('unit_id')} = r.{qn('unit_id')} "
            f"AND c.{qn('kind')} = r.{qn('kind')} AND c.{qn('code')} = r.{qn('item_code')} ")


def _sql(search: Search, *, today: date, n: int, state: str = "", kind: str = "") -> tuple[str, list]:
    """The search as one portable SQL statement (%s parameters) over the indexed columns.

    Hand-written rather than ORM-built: compiling the equivalent queryset costs more than running it
    (~0.7 ms vs ~0.2 ms per request, benchmarks/credit_public_search.py); the public conditions are
    `selectors.visibility.public_sql`, read off the same definition as `public_records`. Name searches:
    `_name_statement`.
    """
    qn, day = connection.ops.quote_name, connection.ops.adapt_datefield_value
    where, params = _conditions(search, today=today, state=state, kind=kind)
    if search.name:  # a name beside a code or decision number: check the few exact matches' public names
        where.append(
            f"EXISTS (SELECT 1 FROM {qn(PublicName._meta.db_table)} p WHERE p.{qn('record_id')} = r.id "  # noqa: S608
            f"AND p.{qn('name')} {_like()})"
        )
        params.append("%" + connection.ops.prep_for_like_query(search.name) + "%")
    cursor = _decode_after(search)
    if cursor:
        d = day(cursor[0])
        where.append("r.decided_on <= %s AND (r.decided_on < %s OR (r.decided_on = %s AND r.id < %s))")
        params += [d, d, d, cursor[1]]
    sql = (f"SELECT {_columns()} FROM {qn(Record._meta.db_table)} r INNER JOIN {qn(Unit._meta.db_table)} u "  # noqa: S608
           f"ON u.{qn('id')} = r.{qn('unit_id')}{_catalog_join()}WHERE {' AND '.join(where)} "
           f"ORDER BY r.decided_on DESC, r.id DESC LIMIT %s")
    return sql, params + [n]


def _like() -> str:
    """A case-insensitive LIKE whose pattern is escaped by `prep_for_like_query` (backslash escapes)."""
    return "ILIKE %s" if connection.vendor == "postgresql" else "LIKE %s ESCAPE '\\'"


def _name_statement(search: Search, *, today: date, n: int) -> tuple[str, list]:
    """A substring name search as one statement: matches newest first (by rank), each checked to be public;
    rows carry the rank.

    SQLite: the FTS5 index yields matches in rank order. PostgreSQL: one statement; its planner chooses
    between walking the rank in order (filtering each entry) and the trigram index (then sorting the
    matches). Fixing that choice in code (walk the newest 10,000 entries, then the trigram index) was
    measured and was slower (median 25–36 ms vs 1.3–2.2 ms at 1M records), so the planner decides.
    """
    where, params = _conditions(search, today=today)
    cursor = _decode_after(search)
    # the rank starts with the decision day: a date range is a range of the index, not a filter on each match
    upper = [cursor[0]] if cursor else []
    if search.date_to:
        upper.append(name_search.rank_of(search.date_to + timedelta(days=1), 0))
    bounds = (
        name_search.rank_of(search.date_from, 0) if search.date_from else None,
        min(upper) if upper else None,
    )
    if connection.vendor == "sqlite":
        return _name_sql_sqlite(search, where, params, bounds, n)
    return _name_sql_other(search, where, params, bounds, n)


def _rank_bounds(column: str, bounds: tuple) -> tuple[list[str], list]:
    """`column >= low AND column < high` for the bounds that are set."""
    low, high = bounds
    sql, params = [], []
    if low is not None:
        sql.append(f"{column} >= %s")
        params.append(low)
    if high is not None:
        sql.append(f"{column} < %s")
        params.append(high)
    return sql, params


def _name_sql_sqlite(search: Search, where: list, params: list, bounds: tuple, n: int) -> tuple[str, list]:
    """SQLite: walk the FTS5 trigram index in rowid (= -rank, `name_search.fts_rowid`) order, i.e. newest
    first with the doclists read forwards; join each hit to its record."""
    fts = name_search.FTS_TABLE if len(search.name) > 2 else name_search.PAIRS_TABLE
    low, high = bounds  # rank >= low AND rank < high  <=>  rowid <= -low AND rowid > -high
    range_sql, range_params = [], []
    if low is not None:
        range_sql.append("f.rowid <= %s")
        range_params.append(name_search.fts_rowid(low))
    if high is not None:
        range_sql.append("f.rowid > %s")
        range_params.append(name_search.fts_rowid(high))
    head = [f"f.{fts} MATCH %s", *range_sql]
    head_params = [name_search.fts_query(search.name), *range_params]
    sql = (f"SELECT {_columns()}, -f.rowid FROM {fts} f "  # noqa: S608
           f"INNER JOIN {Record._meta.db_table} r ON r.id = ((-f.rowid) & {name_search.ID_MASK}) "
           f"INNER JOIN {Unit._meta.db_table} u ON u.id = r.unit_id{_catalog_join()}"
           f"WHERE {' AND '.join(head + where)} ORDER BY f.rowid LIMIT %s")
    return sql, head_params + params + [n]


def _name_sql_other(search: Search, where: list, params: list, bounds: tuple, n: int) -> tuple[str, list]:
    """PostgreSQL (pg_trgm GIN indexes serve ILIKE '%…%') and any other database (plain LIKE)."""
    qn = connection.ops.quote_name
    column, needle = name_search.column_and_needle(search.name)
    range_sql, range_params = _rank_bounds("p.rank", bounds)
    head = [f"p.{qn(column)} {_like()}", *range_sql]
    head_params = ["%" + connection.ops.prep_for_like_query(needle) + "%", *range_params]
    sql = (f"SELECT {_columns()}, p.rank FROM {qn(PublicName._meta.db_table)} p "  # noqa: S608
           f"INNER JOIN {qn(Record._meta.db_table)} r ON r.{qn('id')} = p.{qn('record_id')} "
           f"INNER JOIN {qn(Unit._meta.db_table)} u ON u.{qn('id')} = r.{qn('unit_id')}{_catalog_join()}"
           f"WHERE {' AND '.join(head + where)} ORDER BY p.rank DESC LIMIT %s")
    return sql, head_params + params + [n]


SQL_COLUMNS = tuple(c for c in LIST_COLUMNS if "__" not in c)
_DATE_COLUMNS = ("decided_on", "valid_until", "public_until")


def _fetch(sql: str, params: list, *, ranked: bool = False) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out, n = [], len(LIST_COLUMNS)
    for row in rows:
        r = dict(zip(LIST_COLUMNS, row[:n], strict=True))
        fields = row[n]
        r["catalog_fields"] = tuple((json.loads(fields) if isinstance(fields, str) else fields) or ())
        if ranked:
            r["rank"] = int(row[n + 1])
        for c in _DATE_COLUMNS:
            if isinstance(r[c], str):
                r[c] = date.fromisoformat(r[c][:10])
        r["is_natural_person"] = bool(r["is_natural_person"])
        out.append(r)
    return out


def statement(search: Search, *, today: date) -> tuple[str, list]:
    """The one SQL statement (%s parameters) of a code / decision-number lookup or a name search: what
    `public_search` runs for its page (`limit + 1` rows). Browsing runs one statement per (state, kind).

    Also what benchmarks/credit_public_search.py gives Datasette as canned queries (the same SQL text).
    """
    n = search.limit + 1
    if search.mode == "name":
        return _name_statement(search, today=today, n=n)
    if search.mode == "exact":
        return _sql(search, today=today, n=n)
    raise ValueError("a browse is several statements")


def public_search(search: Search, *, today: date | None = None) -> Page:
    """One page of public records matching the search, presented for the public (masked)."""
    today = today or timezone.localdate()
    n = search.limit + 1
    if search.mode in ("name", "exact"):
        rows = _fetch(*statement(search, today=today), ranked=search.mode == "name")
    else:
        kinds = [search.kind] if search.kind else [k.value for k in Kind]
        parts = [_fetch(*_sql(search, today=today, n=n, state=state, kind=kind))
                 for state in PUBLIC_STATES for kind in kinds]
        rows = list(heapq.merge(*parts, key=lambda r: (r["decided_on"], r["id"]), reverse=True))[:n]
    more = len(rows) > search.limit
    rows = rows[:search.limit]
    cursor = _cursor_of(search, rows[-1]) if more and rows else ""
    rows = [r for r in rows if _found_through_shown_fields(search, r)]
    known = _known_of_people(rows)
    return Page(
        records=[present_row(r, known=known.get(r["id"])) for r in rows], next_after=cursor, search=search
    )


#: the search filters and the summary column each one matches
_SEARCHED_COLUMNS = (("name", "subject_name"), ("uscc", "uscc"), ("decision_no", "decision_no"),
                     ("date_from", "decided_on"), ("date_to", "decided_on"))


def _found_through_shown_fields(search: Search, row: dict) -> bool:
    """A record matched through a field its catalog item does not let the public see is not found (the match
    itself would tell the value); the page may then hold
    fewer rows than its limit, its cursor is unchanged."""
    hidden = visibility.hidden_columns(row["kind"], row.get("catalog_fields"))
    return not any(getattr(search, f) and column in hidden for f, column in _SEARCHED_COLUMNS)


def _known_of_people(rows: list[dict]) -> dict:
    """{record id: its personal values} for the natural persons among the rows (their data: one SQL statement,
    written by hand like the search itself — compiling the ORM query cost more than running it)."""
    ids = [r["id"] for r in rows if r["is_natural_person"]]
    if not ids:
        return {}
    qn = connection.ops.quote_name
    sql = (f"SELECT {qn('id')}, {qn('kind')}, {qn('data')} FROM {qn(Record._meta.db_table)} "  # noqa: S608
           f"WHERE {qn('id')} IN ({', '.join(['%s'] * len(ids))})")
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        found = cursor.fetchall()
    return {pk: disclosure.known_values(kind, (json.loads(data) if isinstance(data, str) else data) or {},
                                        natural_person=True) for pk, kind, data in found}


def _iso(value) -> str:
    return value.isoformat() if value else ""


@lru_cache(maxsize=16)
def _labels(language: str) -> dict:
    """Kind and status labels in one language (looked up once, not per row)."""
    return {"kind": {k: str(label) for k, label in KIND_CHOICES},
            "status": {s: disclosure.status_label(s) for s in STATUSES}}


@lru_cache(maxsize=4)
def _detail_url_parts(prefix: str) -> tuple[str, str]:
    url = reverse("credit:public_detail", args=[987654321])
    head, _, tail = url.partition("987654321")
    return head, tail


def present_row(row: dict, *, known=None) -> dict:
    """A record's public summary (list pages, JSON and embeds): personal data masked, free text scrubbed.

    `known`: the record's own personal values (`disclosure.known_values`), removed from every text. A column
    whose field the record's catalog item (`row["catalog_fields"]`) does not let the public see is empty
    (`rules.visibility.hidden_columns`).
    """
    person = row["is_natural_person"]
    labels = _labels(get_language() or "")
    head, tail = _detail_url_parts(get_script_prefix())
    hidden = visibility.hidden_columns(row["kind"], row.get("catalog_fields"))
    if hidden:
        row = row | dict.fromkeys(hidden)
    return {
        "id": row["id"],
        "url": f"{head}{row['id']}{tail}",
        "kind": row["kind"],
        "kind_label": labels["kind"].get(row["kind"], row["kind"]),
        "decision_no": disclosure.public_text(row["decision_no"], known=known),
        "subject_name": disclosure.public_name(row["subject_name"] or "", natural_person=person),
        "natural_person": person,
        "uscc": "" if person else row["uscc"] or "",
        "category": disclosure.public_text(row["category"], known=known),
        "decided_on": _iso(row["decided_on"]),
        "valid_until": _iso(row["valid_until"]),
        "public_until": _iso(row["public_until"]),
        "status": row["status"] or "",
        "status_label": "" if "status" in hidden else (
            labels["status"].get(row["status"]) or disclosure.status_label(row["status"])),
        "street": disclosure.public_text(row["street"], known=known),
        "authority": disclosure.public_text(row["authority"], known=known),
        "unit": {"code": row["unit__code"], "name": row["unit__name"]},
    }


def present(record: Record) -> dict:
    """One record's full public view: the summary plus every standard field that may be shown."""
    catalog = catalog_fields([record]).get(record.pk, ())
    row = {c: getattr(record, c) for c in SQL_COLUMNS}
    row.update({"unit__code": record.unit.code, "unit__name": record.unit.name, "catalog_fields": catalog})
    out = present_row(row, known=disclosure.known_values(record.kind, record.data or {},
                                                         natural_person=record.is_natural_person))
    out["fields"] = [
        {"code": f.code, "name": f.name, "value": f.value}
        for f in disclosure.public_fields(
            kind=record.kind, data=record.data or {}, natural_person=record.is_natural_person, catalog=catalog
        )
    ]
    out["published_at"] = record.published_at.isoformat(timespec="seconds") if record.published_at else ""
    return out


def public_record(pk: int, *, today: date | None = None) -> dict:
    """One public record's full public view, or 404 (the
    same for missing, unpublished, expired and revoked)."""
    record = public_records(today=today).select_related("unit").filter(pk=pk).first()
    if record is None:
        raise Http404(_("该记录不存在或不在公示期内。"))
    return present(record)


def public_unit(code: str) -> Unit:
    """The unit whose own list is embedded (active units only), or 404."""
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise Http404(_("单位不存在。"))
    return unit


def public_unit_or_none(code: str) -> Unit | None:
    return Unit.objects.filter(code=code, is_active=True).first()


def bad_cursor(params) -> bool:
    """Whether the query's `after` cursor is what makes it invalid (the page then links to the first page)."""
    try:
        parse_search(params)
    except ApplicationError as exc:
        return exc.field == "after"
    return False


def public_units() -> list[dict]:
    """Units that have published records, for the search form's unit filter (one index probe per unit)."""
    published = Record.objects.filter(
        unit=OuterRef("pk"), state__in=PUBLIC_STATES
    )  # published, public or not
    return [{"code": u.code, "name": u.name}
            for u in Unit.objects.filter(Exists(published)).order_by("code").only("code", "name")]
