"""SQLite: large batches reach credit_record through a staging file (`services/sqlite_staging.py`).

What the speed-up must not change, tested: every stored value and its storage class is the same as the
executemany path gives; staging is used only where it can be (SQLite, outside a caller's transaction, large
batches); its files never outlive the import and are never left ATTACHed, also when a batch fails; a
staged batch that would store fewer rows than it holds fails instead.
"""

import importlib.util
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.db import connection

from zhengwu.credit.models import Record
from zhengwu.credit.services import imports as services
from zhengwu.credit.services import record_inserts, sqlite_staging
from zhengwu.credit.tests.factories import RIC, license_row
from zhengwu.credit.tests.test_bulk_import import rows_with_defects, run

pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the SQLite import path")

#: every column an import writes, except what differs by design between two imports (ids, batch, unit,
#: the time of the import)
COMPARED = [c for c in record_inserts.INSERT_COLUMNS] + ["kind", "version", "state"]


def awkward_rows() -> list[dict]:
    """Defects (refused rows), quotes, newlines, backslashes, blanks, Chinese text, a natural person."""
    return rows_with_defects() + [
        license_row(XK_XH="LIC-\\.", XK_XMMC='食品"经营",许可\n第二行', XK_NR="\\N", BZ="a\\b",
                    XK_XDR="张三", XK_XDR_SHXYM=None, XK_FR=None, XK_XDR_SFZ=RIC, JD="桂园",
                    XK_JZQ="2099/12/31", XK_GSQX=None, SXBM="无"),
    ]


def stored_with_types(unit) -> list[tuple]:
    """Each stored row's compared values and their SQLite storage classes, in key order."""
    cols = ", ".join(f'"{c}", typeof("{c}")' for c in COMPARED)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {cols} FROM credit_record WHERE unit_id = %s ORDER BY "key"',  # noqa: S608
                       [unit.pk])  # (the model's own column names)
        return cursor.fetchall()


@pytest.fixture
def writes(monkeypatch):
    """The frames written to staging files, in order."""
    seen = []
    real = sqlite_staging.Stage.write

    def spy(self, frame):
        seen.append(len(frame))
        return real(self, frame)

    monkeypatch.setattr(sqlite_staging.Stage, "write", spy)
    return seen


def attached_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        return [row[1] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_staged_rows_are_stored_exactly_as_executemany_stores_them(units, settings, monkeypatch, writes):
    settings.CREDIT_REPORTS_FOR = {"QCGJ": ["QFGJ"]}  # the rows name 区发改局 as their authority
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 10)  # three batches
    rows = awkward_rows()
    monkeypatch.setattr(sqlite_staging, "STAGE_MIN_ROWS", 10**9)
    plain, plain_report = run(units["QFGJ"], rows)
    assert writes == []
    monkeypatch.setattr(sqlite_staging, "STAGE_MIN_ROWS", 1)
    staged, staged_report = run(units["QCGJ"], rows)
    assert writes == [8, 8, 3]  # the valid rows of each batch of 10 (defects in rows 3, 4, 12, 18, 22)
    assert (staged.created, staged.valid_rows) == (plain.created, plain.valid_rows) == (19, 19)
    assert staged_report.error_frame().to_dicts() == plain_report.error_frame().to_dicts()
    got, expected = stored_with_types(units["QCGJ"]), stored_with_types(units["QFGJ"])
    assert len(got) == 19 and got == expected
    # the storage classes themselves: text stays TEXT (never a BLOB), the flag an INTEGER
    assert {t for row in got for t in row[1::2]} == {"text", "integer", "null"}
    person = dict(zip(COMPARED, next(row for row in got if row[0] == "LIC-\\.")[::2], strict=True))
    assert (person["is_natural_person"], person["subject_name"], person["due_on"]) == (True, "张三",
                                                                                  date(2016, 3, 10))
    assert Record.objects.get(unit=units["QCGJ"], key="LIC-\\.").data["XK_XMMC"] == '食品"经营",许可\n第二行'
    # the same file again finds every staged row unchanged
    again, _ = run(units["QCGJ"], rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 19)


@pytest.mark.django_db(transaction=True)
def test_small_batches_and_imports_in_a_transaction_do_not_stage(units, monkeypatch, writes):
    batch, _ = run(units["QFGJ"], rows_with_defects())  # 18 new rows < STAGE_MIN_ROWS
    assert batch.created == 18 and writes == []
    monkeypatch.setattr(sqlite_staging, "STAGE_MIN_ROWS", 1)
    from django.db import transaction

    with transaction.atomic():  # a caller's transaction: SQLite refuses ATTACH inside one
        inside, _ = run(units["QFGJ"], [license_row(XK_XH="LIC-900")])
    assert inside.created == 1 and writes == []
    real_find_spec = importlib.util.find_spec  # without the driver installed: inserted as before
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "adbc_driver_sqlite" else real_find_spec(name, *a))
    without, _ = run(units["QFGJ"], [license_row(XK_XH="LIC-901")])
    assert without.created == 1 and writes == []


@pytest.mark.django_db(transaction=True)
def test_staging_files_go_with_the_import_also_when_a_batch_fails(units, monkeypatch, tmp_path, writes):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr(sqlite_staging, "STAGE_MIN_ROWS", 1)
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 5)
    batch, _ = run(units["QFGJ"], rows_with_defects())
    assert batch.created == 18 and len(writes) == 5
    assert list(tmp_path.glob("credit-stage-*")) == [] and attached_databases() == ["main"]

    real = record_inserts.insert
    calls = []

    def fails_third(*args, **kwargs):  # the third batch's INSERT fails after its file was ATTACHed
        calls.append(1)
        if len(calls) == 3:
            assert attached_databases() == ["main", sqlite_staging.SCHEMA]
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(record_inserts, "insert", fails_third)
    Record.objects.all().delete()
    with pytest.raises(services.Unreadable, match="第 11–15 行"):
        run(units["QFGJ"], rows_with_defects())
    assert Record.objects.count() == 8  # the two batches before it stay, the failed one is rolled back
    assert list(tmp_path.glob("credit-stage-*")) == [] and attached_databases() == ["main"]


@pytest.mark.django_db(transaction=True)
def test_a_staged_batch_that_would_lose_rows_fails(units, monkeypatch):
    monkeypatch.setattr(sqlite_staging, "STAGE_MIN_ROWS", 1)
    real = sqlite_staging.Stage.write

    def drops_last_row(self, frame):
        return real(self, frame.head(len(frame) - 1))

    monkeypatch.setattr(sqlite_staging.Stage, "write", drops_last_row)
    with pytest.raises(services.Unreadable, match="第 1–23 行"):
        run(units["QFGJ"], rows_with_defects())
    assert Record.objects.count() == 0


def test_a_stage_writes_fresh_files_in_its_own_directory_and_removes_them(tmp_path, monkeypatch):
    """ADBC's own SQLite library only ever opens files that nothing else has open (see the module)."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    frame = pl.DataFrame({"key": ["a", None, "深圳"], "flag": [True, False, None]})
    with sqlite_staging.Stage() as stage:
        first, second = stage.write(frame), stage.write(frame)
        assert first != second and first.parent == second.parent == stage.directory
        assert stage.directory.parent == tmp_path and stage.directory.name.startswith("credit-stage-")
        import sqlite3

        conn = sqlite3.connect(first)
        assert conn.execute("PRAGMA page_size").fetchone()[0] == sqlite_staging.PAGE_SIZE == 65_536
        assert conn.execute("SELECT key, flag, typeof(key) FROM rows ORDER BY rowid").fetchall() == [
            ("a", 1, "text"), (None, 0, "null"), ("深圳", None, "text")]
        conn.close()
    assert not Path(stage.directory).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stage_from", [1, 10**9], ids=["staged", "executemany"])
def test_every_digest_and_the_ledgers_key_digest_are_those_of_the_stored_rows(units, monkeypatch, stage_from):
    """Each stored digest is the SHA-256 of the stored JSON text, and the ledger's digest of the created keys
    (joined by polars) that of the batch's "key digest" lines, on either insert path."""
    import hashlib

    from zhengwu.ledger.models import Entry

    monkeypatch.setattr(sqlite_staging, "STAGE_MIN_ROWS", stage_from)
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 10)
    batch, _ = run(units["QFGJ"], awkward_rows())
    with connection.cursor() as cursor:
        cursor.execute('SELECT "key", data, digest FROM credit_record ORDER BY id')
        stored = cursor.fetchall()
    assert len(stored) == batch.created == 19
    assert all(digest == hashlib.sha256(data.encode()).hexdigest() for _k, data, digest in stored)
    entries = Entry.objects.filter(action="credit.records.created", object_id=str(batch.pk)).order_by("seq")
    by_batch = [stored[:8], stored[8:16], stored[16:]]  # the valid rows of each batch of 10, in order
    lines = ["\n".join(f"{k} {d}" for k, _data, d in rows) for rows in by_batch]
    assert [e.after["sha256"] for e in entries] == [hashlib.sha256(t.encode()).hexdigest() for t in lines]
