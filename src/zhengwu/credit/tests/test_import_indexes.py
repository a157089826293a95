"""A large import drops credit_record's secondary indexes and builds them once after (issue 13 item 18).

`services.record_indexes`: what must hold is that the indexes exist again after the import — also after
one that failed or whose process died — that the lookups use them, and that the stored rows are the
same as with the indexes in place. Run on SQLite and PostgreSQL (`scripts/with-postgres.sh …`).
Transactional tests: an import inside a caller's transaction never drops indexes.
"""

import re
from datetime import timedelta

import polars as pl
import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.services import imports as services
from zhengwu.credit.services import record_indexes
from zhengwu.credit.tests.factories import license_row


def rows(n: int) -> list[dict]:
    return [license_row(XK_XH=f"LIC-{i:04d}", XK_SXQ=f"2016-03-{1 + i % 28:02d}",
                        XK_XDR=f"深圳市第{i}号商贸有限公司") for i in range(n)]


def start(unit, data: list[dict]) -> ImportBatch:
    frame = pl.DataFrame(data, schema={k: pl.Utf8 for k in data[0]})
    upload = ContentFile(frame.write_csv().encode(), name="f.csv")
    return services.import_create(unit=unit, kind="license", upload=upload, check_role=False)


def stored(unit) -> list[tuple]:
    return list(Record.objects.filter(unit=unit).order_by("key").values_list(
        "key", "decision_no", "subject_name", "uscc", "decided_on", "due_on", "state", "version", "data",
        "digest"))


def plan(qs) -> str:
    """The query plan; on PostgreSQL with sequential scans off (a tiny table is otherwise scanned)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        return qs.explain()


@pytest.fixture
def small_batches(monkeypatch, settings):
    settings.CREDIT_IMPORT_DEFER_INDEXES_ROWS = 20
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 10)
    # one writer: these tests look between batches and count what is stored after a failure (two writers
    # on PostgreSQL may store the next batch meanwhile: test_import_parallel_writes.py)
    monkeypatch.setattr(services, "PG_WRITERS", 1)


@pytest.mark.django_db(transaction=True)
def test_a_large_import_drops_the_secondary_indexes_and_builds_them_again(units, small_batches):
    declared = set(record_indexes.definitions())
    assert {"credit_record_subject", "credit_record_unit_kind_dec", "credit_record_state_kind_dec"} <= (
        declared)
    assert record_indexes.missing() == []
    missing_meanwhile, answers = [], []

    def reader(b):  # between batches: what a reader sees while the indexes are missing
        missing_meanwhile.append(set(record_indexes.missing()))
        first = Record.objects.get(key="LIC-0000")
        answers.append((Record.objects.filter(uscc=first.uscc).count(),
                        Record.objects.filter(unit=units["QFGJ"], kind="license").count(),
                        Record.objects.filter(subject_name="深圳市第1号商贸有限公司").count()))

    batch = start(units["QFGJ"], rows(30))
    services.import_run(batch, on_progress=reader)
    batch.refresh_from_db()
    assert (batch.status, batch.created) == (ImportBatch.Status.DONE, 30)
    kept = record_indexes.kept()  # SQLite: the two whose entries a load appends in order stay
    if connection.vendor == "sqlite":
        assert len(kept) == 2 and kept <= declared
        assert all(re.fullmatch(r"credit_record_(batch|published_by)_id_[0-9a-f]+", n) for n in kept)
    else:
        assert kept == set()
    assert missing_meanwhile == [declared - kept] * 3  # dropped for the load …
    assert answers == [(10, 10, 1), (20, 20, 1), (30, 30, 1)]  # … readers get the right answers (by a scan)
    assert record_indexes.missing() == []  # … and every one built again before the batch was done
    assert record_indexes.present() >= declared
    again = start(units["QFGJ"], rows(30))  # the same file again: nothing new, so nothing is dropped
    services.import_run(again, on_progress=reader)
    again.refresh_from_db()
    assert (again.created, again.unchanged) == (0, 30) and missing_meanwhile[3:] == [set()] * 3


@pytest.mark.django_db(transaction=True)
def test_small_loads_and_loads_into_a_larger_table_keep_the_indexes(units, small_batches, settings):
    settings.CREDIT_REPORTS_FOR = {"QCGJ": ["QFGJ"]}  # the rows name 区发改局 as their authority
    missing_meanwhile = []

    def watch(b):
        missing_meanwhile.append(record_indexes.missing())

    services.import_run(start(units["QFGJ"], rows(19)), on_progress=watch)  # fewer rows than the threshold
    settings.CREDIT_IMPORT_DEFER_INDEXES_ROWS = 0  # never
    services.import_run(start(units["QFGJ"], rows(50)), on_progress=watch)
    settings.CREDIT_IMPORT_DEFER_INDEXES_ROWS = 20
    services.import_run(start(units["QCGJ"], rows(30)), on_progress=watch)  # 30 rows into a table of 50
    assert Record.objects.count() == 80 and missing_meanwhile == [[]] * 10
    with transaction.atomic():  # a caller's transaction: never (PostgreSQL would lock out readers)
        assert not record_indexes.should_defer(10**9)
    assert record_indexes.should_defer(80) and not record_indexes.should_defer(79)


@pytest.mark.django_db(transaction=True)
def test_same_stored_rows_with_and_without_dropping_the_indexes_and_no_duplicates_again(units, small_batches,
                                                                                       settings):
    settings.CREDIT_REPORTS_FOR = {"QCGJ": ["QFGJ"]}  # the rows name 区发改局 as their authority
    data = rows(30)
    data[7]["XK_XH"] = "LIC-0003"  # a duplicate key: both copies refused on either path
    deferred = start(units["QFGJ"], data)
    services.import_run(deferred)
    settings.CREDIT_IMPORT_DEFER_INDEXES_ROWS = 0  # row by row into the indexes, as before
    kept = start(units["QCGJ"], data)
    services.import_run(kept)
    deferred.refresh_from_db(), kept.refresh_from_db()
    assert (deferred.created, deferred.error_count) == (kept.created, kept.error_count) == (28, 2)
    assert stored(units["QFGJ"]) == stored(units["QCGJ"]) and len(stored(units["QFGJ"])) == 28
    settings.CREDIT_IMPORT_DEFER_INDEXES_ROWS = 20
    again = start(units["QFGJ"], data)  # 30 rows into a table of 56: indexes kept; nothing new either way
    services.import_run(again)
    again.refresh_from_db()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 28) and Record.objects.count() == 56


@pytest.mark.django_db(transaction=True)
def test_lookups_use_their_indexes_after_a_deferred_import(units, small_batches):
    services.import_run(start(units["QFGJ"], rows(30)))
    one = Record.objects.get(key="LIC-0005")
    assert "credit_record_uscc" in plan(Record.objects.filter(uscc=one.uscc))
    assert "credit_record_decision_no" in plan(Record.objects.filter(decision_no=one.decision_no))
    newest = Record.objects.filter(unit=units["QFGJ"], kind="license").order_by("-decided_on")[:20]
    assert "credit_record_unit_kind_dec" in plan(newest)
    public = Record.objects.filter(state="published", kind="license").order_by("-decided_on")[:20]
    assert "credit_record_state_kind_dec" in plan(public)
    # Record.unit has no index of its own (migration 0013): lookups by unit use one that begins with it
    assert not [name for name in record_indexes.present() if name.startswith("credit_record_unit_id")]
    mine = Record.objects.filter(unit=units["QFGJ"])
    for by_unit in (mine, mine.filter(kind="license")):
        used = plan(by_unit)  # SQLite: "SEARCH credit_record USING INDEX … (unit_id=?)"; PostgreSQL: Index
        assert "index" in used.lower() and not re.search(r"\bSCAN credit_record\s*$", used, re.M), used


@pytest.mark.django_db(transaction=True)
def test_a_failed_import_builds_the_indexes_again(units, small_batches, monkeypatch):
    store, calls = services._store, []

    def fail_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return store(*args, **kwargs)

    monkeypatch.setattr(services, "_store", fail_second)
    with pytest.raises(services.Unreadable):
        services.import_run(start(units["QFGJ"], rows(30)))
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED and Record.objects.count() == 10
    assert record_indexes.missing() == []


@pytest.mark.django_db(transaction=True)
def test_indexes_left_missing_by_a_dead_worker_are_built_by_the_recovery_job(units, small_batches,
                                                                               monkeypatch):
    with monkeypatch.context() as m:  # the process "dies" before it can build them: nothing is built
        m.setattr(record_indexes, "ensure_quietly", lambda: [])
        services.import_run(start(units["QFGJ"], rows(30)))
    assert set(record_indexes.missing()) == set(record_indexes.definitions()) - record_indexes.kept()
    running = ImportBatch.objects.create(unit=units["QFGJ"], kind="license", worker="app1:1:x",
                                         status=ImportBatch.Status.RUNNING, heartbeat_at=timezone.now())
    assert services.imports_recover()["running"] == 1
    assert record_indexes.missing() != []  # not while an import is running (it may have dropped them)
    ImportBatch.objects.filter(pk=running.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert services.imports_recover() == {"finished": [], "failed": [running.pk], "running": 0}
    assert record_indexes.missing() == []
    assert record_indexes.ensure() == []  # idempotent


@pytest.mark.django_db
def test_decision_no_and_uscc_have_one_plain_index_each_and_no_like_twin():
    """Migration 0015: PostgreSQL's `_like` pattern indexes (nothing queries LIKE 'prefix%' on these) are
    gone — two fewer builds after every large import; the plain ones are declared in Meta and present."""
    defined, present = record_indexes.definitions(), record_indexes.present()
    assert {"credit_record_decision_no", "credit_record_uscc"} <= set(defined) <= present
    assert [name for name in present if name.endswith("_like")] == []
    for name, column in (("credit_record_decision_no", "decision_no"), ("credit_record_uscc", "uscc")):
        assert re.search(rf'\("?{column}"?\)', defined[name]), defined[name]


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's sorter threads")
@pytest.mark.django_db(transaction=True)
def test_sqlite_builds_each_index_with_sort_threads_and_resets_them(units, small_batches):
    services.import_run(start(units["QFGJ"], rows(30)))
    record_indexes.drop()
    seen = []

    def watch(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        built = record_indexes.ensure()
    assert len(built) == len(record_indexes.definitions()) - 2
    creates = [i for i, sql in enumerate(seen) if sql.startswith("CREATE INDEX")]
    assert len(creates) == len(built)
    for i in creates:  # each build between switching the helper threads on and back off
        assert seen[i - 1] == "PRAGMA threads = 2" and seen[i + 1] == "PRAGMA threads = 0"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA threads")
        assert cursor.fetchone()[0] == 0
