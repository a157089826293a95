"""The new records of an import batch, written in bulk: binary COPY on PostgreSQL (`pg_copy`), on SQLite one
INSERT … SELECT from the batch's staged file (`sqlite_staging`) or, for small batches and inside a caller's
transaction, executemany of one prepared statement. Called by `imports._store` inside the batch's
transaction, which also holds its ledger entry and totals.

The values every row of a batch shares (unit, kind, version, state, batch, timestamps) are not sent per row:
SQL literals on SQLite, encoded once on PostgreSQL.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import polars as pl
from django.db import DatabaseError, connection

from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.services import pg_copy, sqlite_staging

INSERT_CHUNK = 5_000
COPY_CHUNK = 10_000

INSERT_COLUMNS = (
    "key",
    "decision_no",
    "subject_name",
    "uscc",
    "org_code",
    "is_natural_person",
    "category",
    "decided_on",
    "valid_until",
    "publicity_until",
    "status",
    "street",
    "item_code",
    "authority",
    "data",
    "digest",
    "due_on",
)
CONSTANT_COLUMNS = ("unit_id", "kind", "version", "state", "batch_id", "created_at", "updated_at")
_SAFE_LITERAL = re.compile(r"[0-9A-Za-z_:. +\-]*")


def _constant_values(batch: ImportBatch, now) -> dict:
    """{column: value} of CONSTANT_COLUMNS: what every inserted row of the batch shares."""
    values = (batch.unit_id, batch.kind, 1, Record.State.IMPORTED.value, batch.pk, now, now)
    return dict(zip(CONSTANT_COLUMNS, values, strict=True))


def _constants(batch: ImportBatch, now) -> list[str]:
    """The shared values as SQL literals (SQLite: fewer parameters to bind per row)."""
    adapt = connection.ops.adapt_datetimefield_value
    out = []
    for v in _constant_values(batch, now).values():
        v = adapt(v) if isinstance(v, datetime) else v
        if isinstance(v, int):
            out.append(str(int(v)))
        else:
            text = v.isoformat(sep=" ") if hasattr(v, "isoformat") else str(v)
            if not _SAFE_LITERAL.fullmatch(text):  # only ids, choice values and timestamps reach here
                raise ValueError(f"unsafe literal {text!r}")
            out.append(f"'{text}'")
    return out


def _chunks(rows: pl.DataFrame, *, batch: ImportBatch, now, vendor: str) -> Iterator:
    """What `insert` sends, one chunk at a time (memory stays bounded): the binary COPY stream per
    COPY_CHUNK rows on PostgreSQL (`pg_copy`: encoded column-wise, the batch's constants once; the column
    types are read here, before the COPY occupies the connection), tuples per INSERT_CHUNK rows elsewhere."""
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            types = pg_copy.column_types(cursor, Record._meta.db_table, INSERT_COLUMNS + CONSTANT_COLUMNS)
        return pg_copy.encoded(rows.select(INSERT_COLUMNS), types, _constant_values(batch, now),
                               chunk_rows=COPY_CHUNK)
    # text as UTF-8 bytes, bound as BLOBs that the INSERT casts back to TEXT (`_placeholders`): polars hands
    # out its own UTF-8 and sqlite3 binds it as it is, where a str is decoded into a Python object and
    # encoded again — half the GIL-holding time of this loop (measured, docs/seed-map/credit.md)
    frame = sqlite_frame(rows).with_columns(pl.col(pl.String).cast(pl.Binary))
    # the tuples zipped from whole columns: the same values as `DataFrame.rows()`, ~20 % less time
    return (list(zip(*(col.to_list() for col in frame.slice(start, INSERT_CHUNK).get_columns()), strict=True))
            for start in range(0, len(frame), INSERT_CHUNK))


def sqlite_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """The inserted columns as SQLite gets them: dates as ISO text."""
    return rows.select(INSERT_COLUMNS).with_columns(pl.col("due_on").dt.to_string("%Y-%m-%d"))


def _placeholders(rows: pl.DataFrame) -> list[str]:
    """The INSERT's placeholder per column of `_chunks`' tuples: text columns arrive as UTF-8 bytes and are
    cast to TEXT (SQLite stores a BLOB bound to a text column as a BLOB: without the cast the stored
    values would differ)."""
    schema = sqlite_frame(rows.head(0)).schema
    return ["CAST(%s AS TEXT)" if schema[col] == pl.String else "%s" for col in INSERT_COLUMNS]


def insert(rows: pl.DataFrame, *, batch: ImportBatch, now, source: str | None = None) -> None:
    """Bulk insert new records: COPY on PostgreSQL; on SQLite one INSERT … SELECT from the batch's staged
    rows (`source`, the ATTACHed table of `sqlite_staging`), else executemany of one prepared statement."""
    q = connection.ops.quote_name
    table = q(Record._meta.db_table)
    names = ", ".join(q(col) for col in INSERT_COLUMNS + CONSTANT_COLUMNS)
    if source is not None:
        columns = ", ".join(q(col) for col in INSERT_COLUMNS)
        sql = (f"INSERT INTO {table} ({names}) SELECT {columns}, {', '.join(_constants(batch, now))} "  # noqa: S608
               f"FROM {source} ORDER BY rowid")
        with connection.cursor() as cursor, _sqlite_checks_skipped(cursor):
            cursor.execute(sql)
            if cursor.rowcount != len(rows):
                raise sqlite_staging.StagingFailed(f"staged {len(rows)} rows, inserted {cursor.rowcount}")
        return
    chunks = _chunks(rows, batch=batch, now=now, vendor=connection.vendor)
    if connection.vendor == "postgresql":
        _copy(chunks, table, names, batch=batch)
        return
    constants = _constants(batch, now)
    placeholders = ", ".join(_placeholders(rows) + constants)
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (names and literals checked)
    with connection.cursor() as cursor, _sqlite_checks_skipped(cursor):
        for chunk in chunks:
            cursor.executemany(sql, chunk)


@contextmanager
def _sqlite_checks_skipped(cursor):
    """SQLite: the table's CHECK constraints are not evaluated for the bulk insert's own statements.

    They are `JSON_VALID(data)` (Django's JSONField) and `version >= 1`/`>= 0`: `data` is written by
    polars' JSON encoder (`imports._stored_columns`, always valid JSON) and `version` is the literal 1, so
    they cannot fail here — and parsing every record's JSON again was ~8 % of the insert (measured). The
    pragma recompiles the statements; it is switched back on right after, also when the insert fails
    (`test_bulk_insert_skips_only_its_own_checks`)."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        cursor.execute("PRAGMA ignore_check_constraints = OFF")


def _copy(chunks: Iterator, table: str, names: str, *, batch: ImportBatch | None = None) -> None:
    """PostgreSQL: COPY … FROM STDIN (FORMAT binary) of the stream made by `_chunks`.

    With `batch`, and where the database role may (`_copy_skips_fk_triggers`), the rows' foreign keys
    are made safe once per batch instead of once per row: the unit's and the batch's rows are locked
    `FOR KEY SHARE` until the transaction ends — the very lock PostgreSQL's own foreign-key check takes
    for each row (at commit: Django's constraints are deferred) — and the COPY alone runs with
    `session_replication_role = replica`, which skips those per-row checks (~27 % of the COPY's
    server time, measured). Every copied row has that one unit and that one batch (`_chunks`' literal
    columns) and no `published_by`, so nothing is left unchecked. Triggers fire again right after.
    """
    sql = f"COPY {table} ({names}) FROM STDIN (FORMAT binary)"
    with connection.cursor() as cursor:
        fast = batch is not None and _copy_skips_fk_triggers(cursor)
        if fast:
            _lock_referenced(cursor, batch)
            cursor.execute("SELECT current_setting('session_replication_role')")
            before = cursor.fetchone()[0]
            cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.cursor.copy(sql) as copy:
            for data in chunks:
                copy.write(data)
        if fast:  # (a failed COPY rolls the transaction back, the LOCAL setting with it)
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [before])


def _copy_skips_fk_triggers(cursor) -> bool:
    """Whether the COPY may run without per-row trigger calls: the role is allowed to set
    `session_replication_role` (a superuser, or on PostgreSQL 15+ `GRANT SET ON PARAMETER
    session_replication_role TO <role>`), the import is inside a transaction (the setting is LOCAL), and
    credit_record has no trigger of its own (only the internal foreign-key ones, which the batch's locks
    replace: a trigger someone adds later keeps firing, on the ordinary path)."""
    if not connection.in_atomic_block:
        return False
    cursor.execute(
        "SELECT current_setting('is_superuser') = 'on', EXISTS (SELECT 1 FROM pg_trigger "
        "WHERE tgrelid = %s::regclass AND NOT tgisinternal)",
        [Record._meta.db_table],
    )
    superuser, own_triggers = cursor.fetchone()
    if own_triggers:
        return False
    if superuser:
        return True
    if connection.pg_version < 150000:
        return False
    cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    return bool(cursor.fetchone()[0])


def _lock_referenced(cursor, batch: ImportBatch) -> None:
    """Lock the rows that the copied rows' foreign keys point to, as each row's own check would."""
    q = connection.ops.quote_name
    unit_model = ImportBatch._meta.get_field("unit").related_model
    for model, pk in ((unit_model, batch.unit_id), (ImportBatch, batch.pk)):
        table, column = q(model._meta.db_table), q(model._meta.pk.column)
        cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR KEY SHARE", [pk])  # noqa: S608
        if cursor.fetchone() is None:  # what the foreign-key check at commit would have refused
            raise DatabaseError(f"{model._meta.db_table} {pk} no longer exists")
