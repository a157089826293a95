"""Imports that never end (issue 12 §4): every failure ends the batch as failed with a message and a ledger
entry; a batch whose worker died is closed by the `credit.imports` periodic job — finished if the database
holds all its rows, failed otherwise — including after a real `kill -9` of `zhengwu worker`."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from zhengwu.credit import tasks
from zhengwu.credit.formats.ingest import Unreadable
from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.rules import validation as rules
from zhengwu.credit.services import imports as services
from zhengwu.credit.services import record_indexes
from zhengwu.credit.tests.factories import license_row, raises_code
from zhengwu.ledger.models import Entry

ZHENGWU = Path(sys.executable).with_name("zhengwu")


def upload(rows: list[dict]) -> ContentFile:
    return ContentFile(
        pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).write_csv().encode(), name="f.csv"
    )


def new_batch(unit, n=25):
    rows = [license_row(XK_XH=f"LIC-{i:03d}") for i in range(n)]
    return services.import_create(unit=unit, kind="license", upload=upload(rows), check_role=False)


def entries(batch, action):
    return list(Entry.objects.filter(action=action, object_id=str(batch.pk)))


# --- any failure ends the batch --------------------------------------------------------------------

@pytest.mark.django_db
def test_an_unexpected_error_fails_the_batch_with_a_message_and_a_ledger_entry(units, monkeypatch):
    """Was: a polars ShapeError (or anything but "unreadable") left the batch `running`, without message."""
    def shape_error(*a, **k):
        raise pl.exceptions.ShapeError("data does not match the number of columns")

    monkeypatch.setattr(rules, "validate", shape_error)
    batch = new_batch(units["QFGJ"])
    with pytest.raises(Unreadable):
        services.import_run(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.finished_at
    assert "第 1–25 行" in batch.message and "意外错误（ShapeError）" in batch.message
    [entry] = entries(batch, "credit.import.failed")
    assert entry.after["message"] == batch.message
    assert Record.objects.count() == 0


@pytest.mark.django_db
def test_the_background_task_ends_failed_too(units, monkeypatch):
    monkeypatch.setattr(rules, "validate", lambda *a, **k: 1 / 0)
    batch = new_batch(units["QFGJ"])
    tasks.run_import.enqueue(batch.pk)  # immediate backend in tests: runs here, raises nothing
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and "ZeroDivisionError" in batch.message


@pytest.mark.django_db
def test_memory_and_database_errors_are_explained(units, monkeypatch):
    from django.db import OperationalError

    def no_memory(*a, **k):
        raise MemoryError

    monkeypatch.setattr(services, "open_table", no_memory)
    batch = new_batch(units["QFGJ"])
    with raises_code("out_of_memory", Unreadable):
        services.import_run(batch)
    monkeypatch.undo()
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 10)
    real_store, calls = services._store, []

    def locked_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OperationalError("database is locked")
        return real_store(*args, **kwargs)

    monkeypatch.setattr(services, "_store", locked_on_second)
    batch = new_batch(units["QFGJ"])
    with pytest.raises(Unreadable):
        services.import_run(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message.startswith("第 11–20 行：保存时数据库出错（database is locked）")
    assert "已保存的前 10 行不受影响" in batch.message and Record.objects.count() == 10


# --- a dead worker: closed by what the database holds ------------------------------------------------

def running(unit, *, rows=100, processed=50, beat_ago=120, stored=False, **extra) -> ImportBatch:
    now = timezone.now()
    batch = new_batch(unit, n=2)
    fields = {"status": ImportBatch.Status.RUNNING, "rows": rows, "processed": processed,
              "worker": "app1:4242:0badf00d", "stored_at": now if stored else None,
              "heartbeat_at": now - timedelta(seconds=beat_ago) if beat_ago is not None else None}
    ImportBatch.objects.filter(pk=batch.pk).update(**(fields | extra))
    batch.refresh_from_db()
    return batch


@pytest.mark.django_db
def test_a_lapsed_batch_with_rows_missing_is_failed_with_its_ledger_entry(units):
    batch = running(units["QFGJ"], rows=5000, processed=2000)
    assert services.imports_recover() == {"finished": [], "failed": [batch.pk], "running": 0}
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.finished_at
    assert "后台进程（app1:4242）已停止" in batch.message and "已处理 2000 / 5000 行" in batch.message
    [entry] = entries(batch, "credit.import.failed")
    assert entry.after["reason"] == "worker died" and entry.after["processed"] == 2000 and entry.actor is None
    assert services.imports_recover() == {"finished": [], "failed": [], "running": 0}  # once only
    assert len(entries(batch, "credit.import.failed")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["stored_at", "processed_all"])
def test_a_lapsed_batch_whose_rows_are_all_stored_is_finished(units, how):
    """Issue 12: batch 42 had all 5,000 records committed but was never marked done."""
    batch = running(units["QFGJ"], rows=5000, processed=5000 if how == "processed_all" else 4999,
                    stored=how == "stored_at", created=4990, error_count=10)
    assert services.imports_recover()["finished"] == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert "确认导入完成" in batch.message and "错误报告未能生成" in batch.message
    [entry] = entries(batch, "credit.import.finished")
    assert entry.after["created"] == 4990 and "worker died" in entry.after["recovered"]


@pytest.mark.django_db
def test_a_live_batch_and_finished_ones_are_left_alone(units):
    live = running(units["QFGJ"], beat_ago=5)
    done = running(units["QFGJ"], status=ImportBatch.Status.DONE)
    old = running(units["QFGJ"], beat_ago=None)  # from before heartbeats: judged by its upload time
    assert services.imports_recover()["failed"] == []
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert services.imports_recover() == {"finished": [], "failed": [old.pk], "running": 1}
    live.refresh_from_db()
    done.refresh_from_db()
    assert (live.status, done.status) == (ImportBatch.Status.RUNNING, ImportBatch.Status.DONE)


@pytest.mark.django_db
def test_an_import_whose_batch_was_closed_meanwhile_stops_without_a_second_entry(units, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 10)
    batch = new_batch(units["QFGJ"], n=35)

    def stalled(b):  # after the first batch of rows: the heartbeat lapses and the job closes the batch
        if b.processed == 10:
            ImportBatch.objects.filter(pk=b.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
            assert services.imports_recover()["failed"] == [b.pk]

    with raises_code("worker_died", Unreadable):
        services.import_run(batch, on_progress=stalled)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.processed == 10
    assert Record.objects.count() == 10  # the batch being stored when the lease was lost rolled back
    assert len(entries(batch, "credit.import.failed")) == 1
    assert not entries(batch, "credit.import.finished")


@pytest.mark.django_db
def test_the_recovery_job_is_declared_every_minute_and_runs(units):
    from zhengwu.core.periodic import declared_jobs, problems

    job = next(j for j in declared_jobs() if j.name == "credit.imports")
    assert job.cron == "* * * * *" and job.task == "zhengwu.credit.tasks.recover_imports"
    assert problems([job]) == []
    batch = running(units["QFGJ"])
    result = tasks.recover_imports.enqueue()
    assert result.return_value == "0 finished, 1 failed, 0 running"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_renews_the_lease_while_the_import_runs(units):
    batch = running(units["QFGJ"], beat_ago=600)
    before = batch.heartbeat_at
    with services.Heartbeat(batch, interval=0.05):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.heartbeat_at > before:
                break
            time.sleep(0.05)
    assert batch.heartbeat_at > before
    assert services.imports_recover()["failed"] == []


# --- kill -9 of a real worker ----------------------------------------------------------------------

def _env(tmp_path: Path, database_url: str) -> dict:
    """The real settings (database-backed tasks), with a short lease so that the test need not wait 30 s."""
    (tmp_path / "kill_settings.py").write_text(
        "from zhengwu.settings import *  # noqa\nCREDIT_IMPORT_HEARTBEAT_SECONDS = 1\n"
        "CREDIT_IMPORT_LEASE_SECONDS = 3\n"
        "CREDIT_IMPORT_DEFER_INDEXES_ROWS = 1000\n")  # the import drops the secondary indexes
    env = {k: v for k, v in os.environ.items() if k not in ("ZHENGWU_TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=database_url,
        ZHENGWU_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="kill_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(Path(services.__file__).resolve().parents[3])]),
    )
    return env


AFTER_THE_KILL = """
import json
from django.core.management import call_command
from zhengwu.credit.models import ImportBatch
from zhengwu.credit.tasks import recover_imports
print(recover_imports.call(0))  # what the every-minute credit.imports job runs
call_command("ledger", "verify")  # exits non-zero if the chain is broken
b = ImportBatch.objects.get(pk=%d)
print(json.dumps([b.status, b.message]))
"""


@pytest.mark.django_db(transaction=True)
def test_kill_9_of_a_worker_mid_import_is_closed_by_the_recovery_job(units, tmp_path, settings):
    from django.db import connection

    n = 120_000  # three batches of rows (50,000 per transaction): killed after the first is stored
    base = pl.DataFrame(
        [license_row(XK_XH=f"LIC-{i}") for i in range(1000)], schema={k: pl.Utf8 for k in license_row()}
    )
    big = pl.concat([base] * (n // 1000)).with_columns(
        pl.format("LIC-{}", pl.int_range(pl.len())).alias("XK_XH")
    )
    (tmp_path / "media" / "credit" / "uploads").mkdir(parents=True)
    big.write_csv(tmp_path / "media" / "credit" / "uploads" / "big.csv")
    batch = ImportBatch.objects.create(unit=units["QFGJ"], kind="license", source="credit/uploads/big.csv",
                                       original_name="big.csv")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, for the worker
    tasks.run_import.enqueue(batch.pk)
    if connection.vendor == "sqlite":  # the test database is in memory: the processes share a copy of it
        db = tmp_path / "db.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(db)])
        url = f"sqlite:///{db}"

        def query(sql, *params):
            with sqlite3.connect(db, timeout=30) as c:
                return c.execute(sql.replace("%s", "?"), params).fetchone()
    else:
        s = connection.settings_dict
        url = (f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
               f"/{s['NAME']}")

        def query(sql, *params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()

    env = _env(tmp_path, url)
    worker = subprocess.Popen(
        [str(ZHENGWU), "worker", "--batch", "--no-startup-delay", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    state = "SELECT status, processed, rows FROM credit_importbatch WHERE id = %s"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and worker.poll() is None:
            status, processed, _rows = query(state, batch.pk)
            if status == "running" and processed >= 50_000:
                break
            time.sleep(0.05)
        else:
            pytest.fail(
                f"the worker never stored a batch of rows: {query(state, batch.pk)} "
                f"{worker.stderr.read()[-2000:]}"
            )
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert query(state, batch.pk)[0] == "running"  # nobody closed it: the worker is gone
    declared = set(record_indexes.definitions())
    indexes = ("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND name IN ({})"
               if connection.vendor == "sqlite" else
               "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexname IN ({})"
               ).format(", ".join(["%s"] * len(declared)))
    # dropped for the load (SQLite keeps two that a load appends to), and the worker died
    assert query(indexes, "credit_record", *declared)[0] == len(record_indexes.kept())
    time.sleep(4)  # its lease (3 s in this test, 30 s by default) lapses
    done = subprocess.run(
        [str(ZHENGWU), "shell", "-c", AFTER_THE_KILL % batch.pk],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    status, message = json.loads(done.stdout.splitlines()[-1])
    _status, processed, rows = query(state, batch.pk)
    stored = query("SELECT count(*) FROM credit_record WHERE batch_id = %s", batch.pk)[0]
    action = "credit.import.failed" if status == "failed" else "credit.import.finished"
    ledger = query(
        "SELECT count(*) FROM ledger_entry WHERE object_id = %s AND action = %s", str(batch.pk), action
    )[0]
    assert (
        ledger == 1 and stored == processed and (processed % 50_000 == 0 or processed == n)
    )  # whole batches
    assert status == ("done" if processed == rows == n else "failed"), (status, processed, rows)
    assert "后台进程" in message or "确认导入完成" in message
    assert query(indexes, "credit_record", *declared)[0] == len(declared)  # built again by the recovery job
