"""The secondary indexes of `credit_record` around a large import: dropped before it, built once after.

Measured (docs/seed-map/credit.md, "Speed"): inserting 1,000,000 rows into the table with its nine
secondary indexes spent ~55 % of the import keeping them in order — random-order B-tree inserts into
决定书文号, 统一社会信用代码, 名称 and the date indexes, whose pages no longer fit the page cache — while
building each index once from the loaded table (one sort) costs a fraction of that. So an import whose
file is large relative to the table (`should_defer`) drops them first and builds them again at its end.

What stays throughout: the primary key and the unique constraint (unit, kind, 序号), so duplicates are
refused and a re-import finds every row, exactly as before; on SQLite also the two indexes whose entries a
load only appends (`kept`: its batch, and 公示人, empty on every new record). While the secondary indexes
are missing, readers get the same answers, more slowly (a scan of the table instead of an index lookup).

The definitions are the model's own (`Record.Meta.indexes` and the `db_index` fields, as the migrations
create them, through Django's schema editor), so nothing here can drift from the migrations. `ensure`
creates whichever is missing; it runs at the end of the import that dropped them (also when it fails)
and, when that process died, in `imports_recover` (the credit.imports job, every minute) once no import
is running; `missing` is what the tests look at.
"""

import logging
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

from django.db import connection, transaction

from zhengwu.core.conf import setting
from zhengwu.credit.models import Record

logger = logging.getLogger(__name__)

#: a load of at least CREDIT_IMPORT_DEFER_INDEXES_ROWS rows (the file's) may drop the indexes (smaller
#: ones insert into them as before) — and only while the table holds at most this many rows per row of
#: the file (a rebuild sorts the whole table: worth it when the load is a large share of it)
DEFER_MAX_TABLE_RATIO = 1.0
#: PostgreSQL: memory for each index build (the session default is 64 MB)
PG_MAINTENANCE_WORK_MEM = "256MB"
#: PostgreSQL: indexes built at once, each on its own connection (the machine measured has 2 cores)
PG_BUILD_CONNECTIONS = 2
#: SQLite: helper threads for each build's sort (`PRAGMA threads`; the builds themselves run one after the
#: other, SQLite having one writer)
SQLITE_SORT_THREADS = 2
#: SQLite: the indexes a large import keeps — its new rows' entries arrive in index order and are appended
#: (one batch for all of them; none of them published yet), while each rebuild would be another scan of the
#: whole table (~0.4 s at 1,000,000 rows). PostgreSQL builds two at a time, where these two cost little.
SQLITE_KEPT_FIELDS = ("batch", "published_by")


def definitions() -> dict[str, str]:
    """{index name: CREATE INDEX statement} of every secondary index of the table, from the model."""
    editor = connection.SchemaEditorClass(connection, collect_sql=True)  # only renders SQL; never entered
    out = {}
    for statement in editor._model_indexes_sql(Record):
        name = str(statement.parts["name"]).strip('"')
        out[name] = str(statement)
    return out


def kept() -> set[str]:
    """Names of the indexes `drop` leaves in place (see SQLITE_KEPT_FIELDS)."""
    if connection.vendor != "sqlite":
        return set()
    editor = connection.SchemaEditorClass(connection, collect_sql=True)  # only names; never entered
    table = Record._meta.db_table
    return {editor._create_index_name(table, [Record._meta.get_field(f).column]) for f in SQLITE_KEPT_FIELDS}


def present() -> set[str]:
    """Names of the indexes the table has now."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Record._meta.db_table)
    return {name for name, info in found.items() if info.get("index")}


def missing() -> list[str]:
    """Secondary indexes the model declares that the table lacks (empty when all is well)."""
    have = present()
    return [name for name in definitions() if name not in have]


def should_defer(rows: int) -> bool:
    """Whether an import that may insert `rows` new rows should drop the secondary indexes and build
    them after (the caller passes the file's rows less the unit's stored records of the kind).

    Never inside a caller's transaction: on PostgreSQL the dropped index's lock would then be held
    (and readers blocked) until that transaction ends.
    """
    least = int(setting("CREDIT_IMPORT_DEFER_INDEXES_ROWS"))
    if least <= 0 or rows < least or connection.in_atomic_block:
        return False
    return Record.objects.count() <= rows * DEFER_MAX_TABLE_RATIO


def drop() -> list[str]:
    """Drop the secondary indexes the table has, except the `kept` ones (one short transaction); returns
    their names."""
    have, keep = present(), kept()
    names = [name for name in definitions() if name in have and name not in keep]
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP INDEX IF EXISTS {q(name)}")
    return names


def ensure() -> list[str]:
    """Create every missing secondary index, each in its own transaction; returns the names created.

    Idempotent and safe to run concurrently (`IF NOT EXISTS`); with nothing missing it is one
    introspection query. PostgreSQL builds them on PG_BUILD_CONNECTIONS connections at once (see
    `_build_in_parallel`); SQLite one after the other (one writer).
    """
    todo = definitions()
    names = missing()
    statements = [todo[name].replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1) for name in names]
    if connection.vendor == "postgresql" and len(statements) > 1 and not connection.in_atomic_block:
        _build_in_parallel(statements)
    else:
        for sql in statements:
            _build(sql)
    if names:
        logger.info("credit_record: built indexes %s", ", ".join(names))
    return names


def _build(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{PG_MAINTENANCE_WORK_MEM}'")
            cursor.execute(sql)
            return
        cursor.execute(f"PRAGMA threads = {int(SQLITE_SORT_THREADS)}")  # this connection's, until reset
        try:
            cursor.execute(sql)
        finally:
            cursor.execute("PRAGMA threads = 0")


def _build_in_parallel(statements: list[str]) -> None:
    """PostgreSQL: the CREATE INDEX statements shared out over PG_BUILD_CONNECTIONS threads, each build on
    the thread's own connection (Django's are per thread), closed after it. Builds of different indexes of
    one table do not block each other (each takes a SHARE lock), and each is one server process: 2 at once
    took 1.45 s against 2.43 s one after the other, and against 1.6–2.0 s for one at a time with
    `max_parallel_maintenance_workers` = 2 (200,000 rows, load ≈ 2.5; docs/seed-map/credit.md). After the
    first failure no further build starts; it is raised once the running ones have finished. Never inside a
    transaction (the caller's locks would make the other connections wait for it)."""

    def build_and_close(sql: str) -> None:
        try:
            _build(sql)
        finally:
            connection.close()

    workers = min(PG_BUILD_CONNECTIONS, len(statements))
    with ThreadPoolExecutor(workers, thread_name_prefix="credit-index-build") as pool:
        futures = [pool.submit(build_and_close, sql) for sql in sorted(statements, key=len, reverse=True)]
        for future in wait(futures, return_when=FIRST_EXCEPTION).not_done:
            future.cancel()
    for future in futures:
        if not future.cancelled() and (error := future.exception()) is not None:
            raise error


def ensure_quietly() -> list[str]:
    """`ensure`, logging instead of raising (a failure path must still end its batch; the job retries)."""
    try:
        return ensure()
    except Exception:
        logger.exception("credit_record: could not build the missing indexes (credit.imports retries)")
        return []
