"""The import's write path, second round of issue 13 item 18: what each speed-up relies on, tested.

- SQLite: the bulk INSERT skips re-evaluating the table's CHECK constraints (JSON_VALID of `data`) for its
  own statements only, and switches them back on, also after a failure;
- PostgreSQL: COPY runs without per-row foreign-key trigger calls only where the role may, with the unit's
  and the batch's rows locked instead; a trigger of credit_record's own keeps the ordinary path;
- PostgreSQL: the deferred indexes are built on two connections at once; a failure is raised;
- the digests and the insert tuples are the same values as the straightforward code gives.

Run on SQLite and on PostgreSQL (`scripts/with-postgres.sh .venv/bin/pytest …`); the tests that only make
sense on one of them skip on the other.
"""

import hashlib
import threading
from datetime import date

import polars as pl
import pytest
from django.db import DatabaseError, connection, transaction

from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.services import imports as services
from zhengwu.credit.services import record_indexes, record_inserts
from zhengwu.credit.tests.factories import license_row
from zhengwu.credit.tests.test_bulk_import import run

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's bulk INSERT path")
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's COPY path")


def rows(n: int) -> list[dict]:
    return [license_row(XK_XH=f"LIC-{i:04d}", XK_SXQ=f"2016-03-{1 + i % 28:02d}") for i in range(n)]


def scalar(sql: str):
    """The one value a statement returns."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def pragma_checks_ignored() -> int:
    return scalar("PRAGMA ignore_check_constraints")


@sqlite_only
@pytest.mark.django_db
def test_bulk_insert_skips_only_its_own_checks(units, monkeypatch):
    seen = []
    real = record_inserts._chunks

    def spy(*args, **kwargs):  # the chunks are drawn while the INSERT runs: look at the pragma then
        for chunk in real(*args, **kwargs):
            seen.append(pragma_checks_ignored())
            yield chunk

    monkeypatch.setattr(record_inserts, "_chunks", spy)
    batch, _ = run(units["QFGJ"], rows(3))
    assert batch.created == 3 and seen == [1]
    assert pragma_checks_ignored() == 0  # back on for everything else
    with connection.cursor() as cursor:  # what the skipped CHECK would have verified holds for every row
        cursor.execute("SELECT COUNT(*) FROM credit_record WHERE NOT JSON_VALID(data) OR version < 1")
        assert cursor.fetchone()[0] == 0
    with pytest.raises(Exception, match="CHECK constraint failed"):  # and it is enforced again
        with transaction.atomic():
            Record.objects.filter(pk=Record.objects.first().pk).update(version=0)


@sqlite_only
@pytest.mark.django_db
def test_checks_are_back_on_after_a_failed_insert(units, monkeypatch):
    def broken(*args, **kwargs):
        yield [("x",)]  # one value for 17 placeholders: the executemany fails

    monkeypatch.setattr(record_inserts, "_chunks", broken)
    with pytest.raises(services.Unreadable):
        run(units["QFGJ"], rows(2))
    assert pragma_checks_ignored() == 0 and Record.objects.count() == 0


def fast_copies(monkeypatch) -> list[int]:
    """The batches whose COPY took the fast path (their referenced rows locked first)."""
    locked = []
    real = record_inserts._lock_referenced
    monkeypatch.setattr(record_inserts, "_lock_referenced", lambda cursor, batch: (locked.append(batch.pk),
                                                                               real(cursor, batch)))
    return locked


def replication_role() -> str:
    return scalar("SELECT current_setting('session_replication_role')")


@postgresql_only
@pytest.mark.django_db
def test_copy_without_per_row_trigger_calls_locks_the_referenced_rows(units, monkeypatch):
    locked = fast_copies(monkeypatch)
    roles = []
    real_store = services._store

    def store(*args, **kwargs):  # the role right after the COPY, inside the batch's transaction
        out = real_store(*args, **kwargs)
        roles.append(replication_role())
        return out

    monkeypatch.setattr(services, "_store", store)
    batch, _ = run(units["QFGJ"], rows(4))
    assert locked == [batch.pk] and roles == ["origin"]  # triggers fire again for the rest of the batch
    assert Record.objects.filter(batch=batch, unit=units["QFGJ"]).count() == 4
    with connection.cursor() as cursor:  # a session set otherwise gets its own setting back
        cursor.execute("SET LOCAL session_replication_role = local")
    run(units["QFGJ"], [license_row(XK_XH="LIC-9999")])
    assert roles[-1] == "local" and replication_role() == "local" and len(locked) == 2


@postgresql_only
@pytest.mark.django_db
def test_a_trigger_of_the_tables_own_keeps_the_ordinary_copy(units, monkeypatch):
    locked = fast_copies(monkeypatch)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_seen (key text)")
        cursor.execute("CREATE FUNCTION test_seen_fn() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN INSERT INTO test_seen VALUES (NEW.key); RETURN NEW; END $$")
        cursor.execute("CREATE TRIGGER test_seen_tr AFTER INSERT ON credit_record FOR EACH ROW "
                       "EXECUTE FUNCTION test_seen_fn()")
    batch, _ = run(units["QFGJ"], rows(3))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM test_seen")
        assert cursor.fetchone()[0] == 3  # the trigger saw every row
    assert locked == [] and batch.created == 3


@postgresql_only
@pytest.mark.django_db
def test_a_role_without_the_privilege_keeps_the_ordinary_copy(units, monkeypatch):
    locked = fast_copies(monkeypatch)
    monkeypatch.setattr(record_inserts, "_copy_skips_fk_triggers", lambda cursor: False)
    batch, _ = run(units["QFGJ"], rows(3))
    assert locked == [] and batch.created == 3 and Record.objects.filter(batch=batch).count() == 3


@postgresql_only
@pytest.mark.django_db
def test_the_privilege_is_what_decides(units):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        superuser = cursor.fetchone()[0]
        assert record_inserts._copy_skips_fk_triggers(cursor) == superuser  # the test database's role
        cursor.execute("CREATE ROLE test_importer NOLOGIN")
        cursor.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO test_importer")
        cursor.execute("SET LOCAL ROLE test_importer")
        assert record_inserts._copy_skips_fk_triggers(cursor) is False
        cursor.execute("RESET ROLE")
        if connection.pg_version >= 150000:
            cursor.execute("GRANT SET ON PARAMETER session_replication_role TO test_importer")
            cursor.execute("SET LOCAL ROLE test_importer")
            assert record_inserts._copy_skips_fk_triggers(cursor) is True
            cursor.execute("RESET ROLE")


@postgresql_only
@pytest.mark.django_db
def test_a_batch_whose_referenced_row_is_gone_is_refused(units):
    batch = ImportBatch.objects.create(unit=units["QFGJ"], kind="license")
    gone = ImportBatch(pk=batch.pk + 1000, unit=units["QFGJ"], kind="license")
    with transaction.atomic(), connection.cursor() as cursor:
        record_inserts._lock_referenced(cursor, batch)  # present: locked, no error
        with pytest.raises(DatabaseError, match="no longer exists"):
            record_inserts._lock_referenced(cursor, gone)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_indexes_are_built_on_two_connections_at_once(monkeypatch):
    record_indexes.drop()
    threads, started, both = set(), [], threading.Barrier(2, timeout=10)
    real = record_indexes._build

    def build(sql):
        threads.add(threading.current_thread().name)
        started.append(sql)
        if len(started) <= 2:
            both.wait()  # the first two builds overlap: it passes only if they run at the same time
        real(sql)

    monkeypatch.setattr(record_indexes, "_build", build)
    built = record_indexes.ensure()
    assert set(built) == set(record_indexes.definitions()) and record_indexes.missing() == []
    assert len(threads) == 2 and threading.current_thread().name not in threads


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_parallel_build_is_raised_and_the_rest_stays_buildable(monkeypatch):
    record_indexes.drop()
    real = record_indexes._build

    def build(sql):
        if "credit_record_subject" in sql:
            raise DatabaseError("boom")
        real(sql)

    monkeypatch.setattr(record_indexes, "_build", build)
    with pytest.raises(DatabaseError, match="boom"):
        record_indexes.ensure()
    monkeypatch.setattr(record_indexes, "_build", real)
    assert record_indexes.ensure() and record_indexes.missing() == []


def test_digests_are_the_sha256_of_the_json_text():
    texts = ['{"XK_XH":"LIC-1","XK_XDR":"深圳市鹏城商贸有限公司"}', '{"BZ":"a\\\\b","x":null}', ""]
    got = services._digests(pl.Series("data", texts)).to_list()
    assert got == [hashlib.sha256(t.encode()).hexdigest() for t in texts]


def test_insert_tuples_are_the_frames_rows():
    text = [c for c in record_inserts.INSERT_COLUMNS if c not in ("is_natural_person", "due_on")]
    frame = pl.DataFrame({
        **{c: ["a", None, "深圳"] for c in text},
        "is_natural_person": [True, False, None],
        "due_on": [date(2016, 3, 9), None, date(2099, 12, 31)],
    })
    chunks = list(record_inserts._chunks(frame, batch=None, now=None, vendor="sqlite"))
    expected = frame.select(record_inserts.INSERT_COLUMNS).with_columns(
        pl.col("due_on").dt.to_string("%Y-%m-%d")).rows()
    # text travels as its UTF-8 bytes (cast back to TEXT by the INSERT), everything else as it is
    got = [tuple(v.decode() if isinstance(v, bytes) else v for v in row) for chunk in chunks for row in chunk]
    assert got == expected
    assert chunks[0][2][0] == "深圳".encode() and chunks[0][2][-1] == b"2099-12-31"
    assert expected[0][-1] == "2016-03-09" and expected[1][5] is False and expected[1][-1] is None
    placeholders = record_inserts._placeholders(frame)
    columns = record_inserts.INSERT_COLUMNS
    assert [p for c, p in zip(columns, placeholders, strict=True) if p == "%s"] == ["%s"]
    assert placeholders[columns.index("is_natural_person")] == "%s"


@sqlite_only
@pytest.mark.django_db
def test_bulk_inserted_text_is_stored_as_text_not_blob(units):
    """The INSERT binds text as bytes: every stored value must still be TEXT (a BLOB would compare unequal
    to the same text in every lookup, and reach Python as bytes)."""
    natural = license_row(XK_XH="LIC-N", XK_XDR="张三", XK_XDR_SHXYM=None, XK_FR=None,
                          XK_XDR_SFZ="110101199003074477", XK_JZQ="2099/12/31")
    batch, _ = run(units["QFGJ"], [*rows(3), natural])
    assert batch.created == 4
    columns = [c for c in record_inserts.INSERT_COLUMNS if c != "is_natural_person"]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"typeof({q(c)})" for c in columns)  # noqa: S608
                       + " FROM credit_record")
        types = {t for row in cursor.fetchall() for t in row}
    assert types <= {"text", "null"} and "text" in types
    assert Record.objects.filter(subject_name="张三", key="LIC-N", decided_on=date(2016, 3, 1)).exists()
    assert Record.objects.get(key="LIC-N").data["XK_XDR"] == "张三"
