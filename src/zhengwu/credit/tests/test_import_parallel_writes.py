"""Batches written on two connections at once (PostgreSQL), issue 13 item 18: `services.batch_writers`.

What must hold: two batches' transactions really overlap; every row, count and ledger entry is what the
serial path gives; a failing batch fails the import naming its own rows, with nothing left running;
SQLite and an import inside a caller's transaction keep the serial path. Run on both databases
(`scripts/with-postgres.sh .venv/bin/pytest …`).
"""

import threading
import time

import pytest
from django.db import DatabaseError, connection

from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.services import batch_writers, record_inserts
from zhengwu.credit.services import imports as services
from zhengwu.credit.tests.factories import license_row
from zhengwu.credit.tests.test_bulk_import import run, upload
from zhengwu.ledger.models import Entry

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                     reason="PostgreSQL's parallel writers")


def rows(n: int) -> list[dict]:
    return [license_row(XK_XH=f"LIC-{i:04d}", XK_SXQ=f"2016-03-{1 + i % 28:02d}") for i in range(n)]


def writer_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "credit-import-writer"]


# --- the helper on its own (no database) --------------------------------------------------------------


def test_one_writer_runs_each_job_inline_and_raises_its_own_exception():
    seen = []
    writers = batch_writers.Writers(1)
    writers.submit(lambda: seen.append(threading.current_thread()), stage=(1, 5))
    assert seen == [threading.current_thread()]
    with pytest.raises(ZeroDivisionError):
        writers.submit(lambda: 1 / 0, stage=(6, 10))


def test_two_writers_overlap_never_more_and_the_first_failure_waits_for_the_rest():
    both = threading.Barrier(2, timeout=10)
    lock, running, peak, finished = threading.Lock(), [0], [0], []

    def job(i: int, fail: bool = False):
        def body():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            if i < 2:
                both.wait()  # the first two jobs pass only if they run at the same time
            time.sleep(0.05 if i == 3 else 0)
            with lock:
                running[0] -= 1
            finished.append(i)
            if fail:
                raise ValueError(f"job {i}")
        return body

    with pytest.raises(batch_writers.Failed) as raised, batch_writers.Writers(2) as writers:
        for i in range(5):
            writers.submit(job(i, fail=i == 2), stage=(i * 10 + 1, i * 10 + 10))
        writers.drain()
    assert peak[0] == 2
    assert isinstance(raised.value.error, ValueError) and raised.value.stage == (21, 30)
    assert 3 in finished and writer_threads() == []  # the slower job in flight ended before the raise


# --- the import ---------------------------------------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_batches_are_written_on_two_connections_at_once_with_the_serial_results(units, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 4)
    both, threads, real = threading.Barrier(2, timeout=10), set(), record_inserts.insert
    calls = []

    def insert(new, **kwargs):
        threads.add(threading.get_ident())
        calls.append(new["key"][0])
        if len(calls) <= 2:
            both.wait()  # two batches' COPYs at once, or the test fails here
        real(new, **kwargs)

    monkeypatch.setattr(record_inserts, "insert", insert)
    data = rows(18)
    data[5]["XK_XDR"] = None  # one invalid row (required 相对人名称): counted as an error, not stored
    progress = []
    batch = services.import_create(unit=units["QFGJ"], kind="license", upload=upload(data), check_role=False)
    rep = services.import_run(batch, on_progress=lambda b: progress.append(b.processed))
    batch.refresh_from_db()
    assert len(progress) == 5 and progress == sorted(progress) and progress[-1] == 18  # once per stored batch
    # a new thread per batch (its idents may or may not be reused); never the caller's own
    assert len(calls) == 5 and len(threads) >= 2 and threading.get_ident() not in threads
    assert batch.status == ImportBatch.Status.DONE
    counts = (batch.rows, batch.processed, batch.valid_rows, batch.error_count, batch.created)
    assert counts == (18, 18, 17, 1, 17)
    assert (rep.rows, rep.valid_rows) == (18, 17)
    keys = sorted(Record.objects.filter(unit=units["QFGJ"]).values_list("key", flat=True))
    assert keys == sorted(r["XK_XH"] for i, r in enumerate(data) if i != 5)
    created = Entry.objects.filter(action="credit.records.created").values_list("after", flat=True)
    assert sorted(e["count"] for e in created) == [2, 3, 4, 4, 4]  # one entry per batch, row 6 not stored
    assert writer_threads() == []
    again, _ = run(units["QFGJ"], data)  # the same file again: nothing new, on the parallel path too
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, 17, 1)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_failing_parallel_batch_fails_the_import_naming_its_rows(units, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 4)
    real = record_inserts.insert

    def insert(new, **kwargs):
        if "LIC-0009" in new["key"].to_list():  # rows 9–12 of the file (its 3rd batch)
            raise DatabaseError("disk full")
        real(new, **kwargs)

    monkeypatch.setattr(record_inserts, "insert", insert)
    with pytest.raises(services.Unreadable, match="第 9–12 行"):
        run(units["QFGJ"], rows(20))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and "disk full" in batch.message
    # what the message promises is stored: the rows before the failed batch (a later one may be stored too)
    assert "已保存的前 8 行" in batch.message and batch.processed == 8
    assert Record.objects.filter(key__in=[f"LIC-{i:04d}" for i in range(8)]).count() == 8
    assert not Record.objects.filter(key__in=["LIC-0008", "LIC-0009", "LIC-0010", "LIC-0011"]).exists()
    assert writer_threads() == []
    monkeypatch.setattr(record_inserts, "insert", real)
    again, _ = run(units["QFGJ"], rows(20))  # importing the file again completes it, without duplicates
    assert again.status == ImportBatch.Status.DONE and Record.objects.filter(unit=units["QFGJ"]).count() == 20


@pytest.mark.django_db
def test_sqlite_and_an_import_inside_a_transaction_write_serially(units, monkeypatch):
    """Inside the test's transaction (and on SQLite always) there is one writer: the caller's connection."""
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 4)
    threads, real = set(), record_inserts.insert
    monkeypatch.setattr(record_inserts, "insert", lambda new, **kw: (threads.add(threading.get_ident()),
                                                                real(new, **kw)))
    assert services._writers() == 1
    batch, _ = run(units["QFGJ"], rows(10))
    assert batch.created == 10 and threads == {threading.get_ident()}
    if connection.vendor == "postgresql":
        assert services.PG_WRITERS == 2  # what the transactional tests above use
