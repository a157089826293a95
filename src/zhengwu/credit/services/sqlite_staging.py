"""SQLite: a large batch's new rows reach `credit_record` through a staging file instead of `executemany`.

Inserting 1,000,000 rows with `executemany` cost ~12 µs a row on the one writing thread, most of it Python's
work per value (making the tuples, binding 17 values, waiting for the GIL that the prefetch thread holds)
rather than SQLite's (issue 13 item 18, docs/seed-map/credit.md). Here the writing thread first writes the
batch's Arrow columns into a scratch SQLite file with ADBC's SQLite driver (C++, no Python object per value,
the GIL released: the prefetch thread validates the next batch meanwhile), then copies them into the table
with one `INSERT … SELECT` — SQLite's own loop, inside the batch's transaction as before (with its ledger
entry and totals).

The one rule that keeps this safe: ADBC's driver carries its own copy of the SQLite library, and two copies
in one process must never open the same file at once (each keeps its own POSIX locks, and closing a file in
one drops the other's locks on it). So the driver only ever opens fresh files in a private directory of
its own, and closes each before Django's connection ATTACHes it; nothing else opens them, and they are
deleted after use and with the directory when the import ends, also when it fails.
"""

import importlib.util
import itertools
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import polars as pl
from django.db import connection

#: batches with fewer new rows than this are inserted with `executemany` (a file and an ATTACH would cost
#: more than they save)
STAGE_MIN_ROWS = 5_000
#: the staging file's pages: the largest SQLite allows — a file written once and read once, in fewer calls
#: (1,000,000 rows: writing 1.8 s against 3.5 s with the default 4 KiB, the INSERT … SELECT 2.0 against 2.5 s)
PAGE_SIZE = 65_536
SCHEMA = "credit_stage"  # the ATTACHed file's name on Django's connection
TABLE = "rows"


class StagingFailed(Exception):
    """The staged rows did not all reach the table (never silently fewer)."""


def usable() -> bool:
    """Whether this import may stage: SQLite, not inside a caller's transaction (ATTACH is refused inside
    one), and the driver installed (a declared dependency; without it the import inserts as before)."""
    return (connection.vendor == "sqlite" and not connection.in_atomic_block
            and importlib.util.find_spec("adbc_driver_sqlite") is not None)


class Stage:
    """A private scratch directory whose files hold one batch each; `close` removes it and all in it."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="credit-stage-"))
        self._numbers = itertools.count(1)

    def write(self, frame: pl.DataFrame) -> Path:
        """A new file holding `frame` as table `rows` (its columns as SQLite gets them: text, integers)."""
        import adbc_driver_sqlite.dbapi as adbc  # loaded only by imports that stage

        path = self.directory / f"batch-{next(self._numbers)}.sqlite3"
        # scratch data, rebuilt from the upload if lost: no journal, no fsync
        with closing(adbc.connect(str(path), autocommit=True)) as conn, closing(conn.cursor()) as cursor:
            cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            cursor.execute("PRAGMA journal_mode = OFF")
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.adbc_ingest(TABLE, frame, mode="create")
        return path

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@contextmanager
def staged(stage: Stage | None, frame: pl.DataFrame | None) -> Iterator[str | None]:
    """A batch's new rows (`frame`, as `record_inserts.sqlite_frame` gives them) written to a staging file
    and ATTACHed to Django's connection for the batch's transaction (entered before it: SQLite refuses
    ATTACH inside a transaction); yields the table to select from, or None — insert as usual — without a
    stage or for fewer than STAGE_MIN_ROWS rows. The file is DETACHed and deleted afterwards, also after a
    failure."""
    if stage is None or frame is None or len(frame) < STAGE_MIN_ROWS:
        yield None
        return
    path = stage.write(frame)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"ATTACH DATABASE %s AS {SCHEMA}", [str(path)])
        try:
            yield f"{SCHEMA}.{TABLE}"
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DETACH DATABASE {SCHEMA}")
    finally:
        path.unlink(missing_ok=True)
