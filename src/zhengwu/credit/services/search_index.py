"""Keep the public-name search index (`models.PublicName`) in step with what was published.

    index_records(records)     # (re)write the entries of these records — called by every publication path
    index_ids(ids)             # the same from ids (re-imported records whose name or date may have changed)
    rebuild()                  # empty the index and index every published record again (`zhengwu credit
                               # search-index --rebuild`; also what migration 0004 does once)
    optimize()                 # merge the SQLite full-text segments into one (daily: `credit.search_index`)

Which records have an entry: those in state 已公示/已推送 when they were (re)indexed. The entry is written
at publication (`workflow.record_publish`, `workflow.records_approve_many`) — never during the bulk import
of drafts, which stays as fast as before — and rewritten when an import changes a record (name, person
flag or decision date may change). Revocation (当前状态 1), credit repair and the end of the public
period are NOT removed from the index: the public query applies `rules.visibility` to every
match, so an entry that over-includes is harmless, and the record reappears by itself if its status
returns to 0. A deleted record's entry goes with it (CASCADE).

The full-text side is per database (migrations 0004, 0014): on SQLite two contentless FTS5 tables with
rowid = -rank (`name_search.fts_rowid`: newest first in the index's forward order; names:
`tokenize='trigram'`; pairs: unicode61, one token per pair, `detail=none`) that triggers on
`credit_publicname` keep in sync; on PostgreSQL pg_trgm GIN indexes on the table's own columns. A rebuild
ends with FTS5's 'optimize' (one segment per table: a phrase query then reads each doclist once; measured
3× faster than the segments a bulk insert leaves); later writes add small segments that FTS5's automerge
folds in only partly, so `optimize()` runs again every night (periodic job `credit.search_index`).
"""

from collections.abc import Callable, Iterable

from django.db import connection, transaction

from zhengwu.credit.models import PublicName, Record
from zhengwu.credit.rules import name_search
from zhengwu.credit.rules.name_search import FTS_TABLE, PAIRS_TABLE
from zhengwu.credit.rules.workflow import PUBLISHED_STATES

CHUNK = 20_000
FIELDS = ("id", "subject_name", "is_natural_person", "decided_on", "state")
# the same triggers as in migration 0014 (dropped and recreated around a rebuild); FTS5 rowid = -rank
SQLITE_INSERT_TRIGGER = (
    "CREATE TRIGGER credit_publicname_ai AFTER INSERT ON credit_publicname BEGIN "
    "INSERT INTO credit_publicname_fts(rowid, name) VALUES (-new.rank, new.name); "
    "INSERT INTO credit_publicname_pairs(rowid, pairs) VALUES (-new.rank, new.pairs); END")
SQLITE_DELETE_TRIGGER = (
    "CREATE TRIGGER credit_publicname_ad AFTER DELETE ON credit_publicname BEGIN "
    "INSERT INTO credit_publicname_fts(credit_publicname_fts, rowid, name) VALUES ('delete', -old.rank, "
    "old.name); "
    "INSERT INTO credit_publicname_pairs(credit_publicname_pairs, rowid, pairs) "
    "VALUES ('delete', -old.rank, old.pairs); END"
)
SQLITE_REBUILD_CACHE_KIB = 256 * 1024  # FTS5 merges its segments in the page cache, not through a growing WAL
PG_INDEXES = (
    "CREATE INDEX IF NOT EXISTS credit_publicname_name_trgm ON credit_publicname USING gin (name "
    "gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS credit_publicname_pairs_trgm ON credit_publicname USING gin (pairs "
    "gin_trgm_ops)",
)


def entry_row(
    record_id: int, subject_name: str, natural_person: bool, decided_on
) -> tuple[int, int, str, str]:
    """(rank, record id, public name, pairs) of one record."""
    name = name_search.public_name(subject_name, natural_person=natural_person)
    return name_search.rank_of(decided_on, record_id), record_id, name, name_search.pairs_of(name)


def _insert(rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(PublicName._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (rank, record_id, name, pairs) VALUES (%s, %s, %s, %s)",  # noqa: S608
                           rows)


@transaction.atomic
def index_records(records: Iterable[Record]) -> int:
    """(Re)write the search entries of these records; returns
    how many are now indexed (the published ones)."""
    records = list(records)
    # descending rank (ascending FTS5 rowid = -rank): FTS5 flushes its pending data whenever a rowid is
    # lower than the previous one
    rows = sorted((entry_row(r.pk, r.subject_name, r.is_natural_person, r.decided_on)
                   for r in records if r.state in PUBLISHED_STATES), reverse=True)
    ids = [r.pk for r in records]
    for start in range(0, len(ids), CHUNK):
        PublicName.objects.filter(record_id__in=ids[start:start + CHUNK]).delete()
    for start in range(0, len(rows), CHUNK):
        _insert(rows[start:start + CHUNK])
    return len(rows)


def index_ids(ids: Iterable[int]) -> int:
    """`index_records` for records given by id (loads only the columns the index needs)."""
    ids, total = list(ids), 0
    for start in range(0, len(ids), CHUNK):
        total += index_records(Record.objects.filter(pk__in=ids[start:start + CHUNK]).only(*FIELDS))
    return total


def _empty() -> None:
    """Remove every entry (and the full-text index) without one trigger call per row."""
    table = connection.ops.quote_name(PublicName._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS credit_publicname_ad")
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")  # noqa: S608
            cursor.execute(f"INSERT INTO {PAIRS_TABLE}({PAIRS_TABLE}) VALUES ('delete-all')")  # noqa: S608
            cursor.execute(SQLITE_DELETE_TRIGGER)
        else:  # not TRUNCATE: PostgreSQL refuses it while deferred FK checks of this transaction are pending
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608


@transaction.atomic
def rebuild(*, chunk: int = 50_000, progress: Callable[[int], None] | None = None) -> int:
    """Index every published record again from scratch; returns how many entries were written.

    The full-text index is built once at the end rather than row by row: on SQLite the insert trigger is
    off during the load and the FTS5 table is filled in one statement in rank order (rows arriving in
    record-id order have random ranks, and FTS5 flushes its buffer at every lower rowid — measured >10x
    slower) and then optimized (merged into one segment); on PostgreSQL the trigram indexes are dropped and
    created again.
    """
    pg = connection.vendor == "postgresql"
    if pg:
        with connection.cursor() as cursor:
            # CREATE INDEX is refused while deferred FK checks are pending in the transaction: check them now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP INDEX IF EXISTS credit_publicname_name_trgm")
            cursor.execute("DROP INDEX IF EXISTS credit_publicname_pairs_trgm")
    _empty()
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS credit_publicname_ai")
    total, last = 0, 0
    published = Record.objects.filter(state__in=PUBLISHED_STATES).order_by("id")
    while True:
        batch = list(published.filter(id__gt=last).values_list("id", "subject_name", "is_natural_person",
                                                                 "decided_on")[:chunk])
        if not batch:
            break
        _insert([entry_row(*r) for r in batch])
        total, last = total + len(batch), batch[-1][0]
        if progress:
            progress(total)
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            before = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {-SQLITE_REBUILD_CACHE_KIB}")
            for table, column in ((FTS_TABLE, "name"), (PAIRS_TABLE, "pairs")):
                cursor.execute(f"INSERT INTO {table} (rowid, {column}) "  # noqa: S608
                               f"SELECT -rank, {column} FROM credit_publicname ORDER BY rank DESC")
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
            cursor.execute(SQLITE_INSERT_TRIGGER)
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
    if pg:
        with connection.cursor() as cursor:
            for sql in PG_INDEXES:
                cursor.execute(sql)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are INITIALLY DEFERRED
    return total


def optimize() -> str:
    """Merge each SQLite full-text table's segments into one (FTS5 'optimize'), as after a rebuild:
    publications since add small segments, and a phrase query reads every segment's doclists. One write
    transaction of a few seconds at 1,000,000 names (other writers wait: busy_timeout), hence at night.
    Nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        return "nothing to do on " + connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (FTS_TABLE, PAIRS_TABLE):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
    return "search index optimized"
