"""The bulk import path: chunk boundaries, the streamed error report, COPY vs executemany, due dates.

These run on SQLite and on PostgreSQL (`scripts/with-postgres.sh .venv/bin/pytest …`): the same
assertions hold for the executemany path and for the COPY path.
"""

import io
from datetime import date

import polars as pl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from openpyxl import load_workbook

from zhengwu.credit import rules
from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.services import imports as services
from zhengwu.credit.services import record_inserts
from zhengwu.credit.standard import LICENSE
from zhengwu.credit.tests.factories import RIC, USCC, license_row


def upload(rows: list[dict], name="f.csv") -> ContentFile:
    return ContentFile(
        pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).write_csv().encode(), name=name
    )


def run(unit, rows):
    batch = services.import_create(unit=unit, kind="license", upload=upload(rows), check_role=False)
    rep = services.import_run(batch)
    batch.refresh_from_db()
    return batch, rep


def stored(unit) -> list[tuple]:
    return list(
        Record.objects.filter(unit=unit)
        .order_by("key")
        .values_list(
            "key",
            "decided_on",
            "due_on",
            "valid_until",
            "street",
            "uscc",
            "is_natural_person",
            "data",
            "digest",
        )
    )


def rows_with_defects(n=23) -> list[dict]:
    rows = [license_row(XK_XH=f"LIC-{i:03d}", XK_SXQ=f"2016-03-{1 + i % 28:02d}") for i in range(n)]
    rows[3]["XK_WSH"] = "罗" * 13  # max_length (row 4)
    rows[11]["DFBM"] = "449999"  # division (row 12)
    rows[17]["XK_XH"] = "LIC-002"  # duplicate of row 3, in another chunk of 5 (row 18)
    rows[21]["XK_SXQ"] = "2016-02-30"  # impossible date (row 22)
    return rows


@pytest.mark.django_db
def test_small_chunks_give_the_same_results_as_one_chunk(units, monkeypatch, settings):
    settings.CREDIT_REPORTS_FOR = {
        "QCGJ": ["QFGJ"]
    }  # the rows name 区发改局 as their authority (谁产生谁负责)
    rows = rows_with_defects()
    whole, rep_whole = run(units["QFGJ"], rows)
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 5)
    chunked, rep_chunked = run(units["QCGJ"], rows)
    assert rep_chunked.error_frame().to_dicts() == rep_whole.error_frame().to_dicts()
    found = rep_chunked.error_frame().select("row", "rule").rows()
    assert found == [(3, "duplicate_key"), (4, "max_length"), (12, "division"), (18, "duplicate_key"),
                     (22, "date_format")]
    assert (chunked.rows, chunked.valid_rows, chunked.created) == (23, 18, 18)
    assert (whole.rows, whole.valid_rows, whole.created) == (23, 18, 18)
    assert [r[1:] for r in stored(units["QCGJ"])] == [r[1:] for r in stored(units["QFGJ"])]
    assert "LIC-002" not in {r[0] for r in stored(units["QCGJ"])}  # both copies of a duplicate key refused


@pytest.mark.django_db
def test_error_report_rows_across_chunks(units, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 5)
    batch, _ = run(units["QFGJ"], rows_with_defects())
    with default_storage.open(batch.error_report.name) as fh:
        ws = load_workbook(io.BytesIO(fh.read())).active
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    lines = [{header[i]: c for i, c in enumerate(r)} for r in ws.iter_rows(min_row=2)]
    assert [r["行号"].value for r in lines] == [3, 4, 12, 18, 22]
    assert [r["XK_XH"].value for r in lines] == ["LIC-002", "LIC-003", "LIC-011", "LIC-002", "LIC-021"]
    bad = lines[2]["DFBM"]
    assert (
        bad.value == "449999" and bad.fill.fgColor.rgb.endswith("FFC7CE") and "行政区划" in bad.comment.text
    )
    assert lines[2]["XK_XDR"].fill.fgColor.rgb in (None, "00000000") and lines[2]["XK_XDR"].comment is None
    assert "序号" in lines[0]["错误说明"].value and "序号" in lines[3]["错误说明"].value
    assert "不是有效日期" in lines[4]["错误说明"].value


@pytest.mark.django_db
def test_awkward_values_are_stored_identically_by_copy_and_executemany(units):
    """Quotes, commas, newlines, backslashes, blanks and natural persons survive both bulk paths."""
    awkward = license_row(XK_XH="LIC-\\.", XK_XMMC='食品"经营",许可\n第二行', XK_NR="\\N", BZ="a\\b",
                          XK_XDR="张三", XK_XDR_SHXYM=None, XK_FR=None, XK_XDR_SFZ=RIC, JD="桂园",
                          XK_JZQ="2099/12/31", XK_GSQX=None, SXBM="无")
    batch, rep = run(units["QFGJ"], [license_row(), awkward])
    assert rep.error_frame().is_empty() and batch.created == 2
    r = Record.objects.get(key="LIC-\\.")
    assert (r.subject_name, r.uscc, r.org_code, r.is_natural_person, r.street, r.item_code) == (
        "张三", "", "", True, "桂园街道", "无")
    assert (r.decided_on, r.valid_until, r.publicity_until) == (date(2016, 3, 1), date(2099, 12, 31), None)
    assert (
        r.data["XK_XMMC"] == '食品"经营",许可\n第二行' and r.data["XK_NR"] == "\\N" and r.data["BZ"] == "a\\b"
    )
    assert r.data["XK_XDR_SHXYM"] is None and r.data["XK_JZQ"] == "2099-12-31"
    assert (r.version, r.state, r.batch_id, r.unit_id, r.kind) == (1, "imported", batch.pk, units["QFGJ"].pk,
                                                                    "license")
    legal = Record.objects.get(key="LIC-1")
    assert (legal.uscc, legal.is_natural_person) == (USCC, False)
    # the stored digest is what a re-import compares: nothing changes, on either backend
    again, _ = run(units["QFGJ"], [license_row(), awkward])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_due_dates_on_insert_and_update_and_unknown_years_counted(units):
    batch, _ = run(
        units["QFGJ"],
        [
            license_row(
                XK_XH="A", XK_SXQ="2025-09-30", XK_JZQ="2099-12-31"
            ),  # across 国庆 (9-28, 10-11 worked): due 10-16
            license_row(XK_XH="B", XK_SXQ="2016-09-30"),
            license_row(
                XK_XH="C", XK_SXQ="2003-03-03", XK_JZQ="2099-12-31"
            ),  # no calendar for 2003 (2031: the future)
        ],
    )
    due = dict(Record.objects.values_list("key", "due_on"))
    assert due == {"A": date(2025, 10, 16), "B": date(2016, 10, 14), "C": None}
    assert batch.status == ImportBatch.Status.DONE and "1 条" in batch.message
    again, _ = run(units["QFGJ"], [license_row(XK_XH="B", XK_SXQ="2016-10-10")])  # an update: new due date
    assert (
        Record.objects.get(key="B").due_on == date(2016, 10, 19)
        and again.updated == 1
        and again.message == ""
    )


def test_trimmed_values_and_length_checks_by_characters():
    frame = pl.DataFrame(
        [
            license_row(XK_XDR=" 深圳市鹏城商贸有限公司\u3000", XK_WSH="罗" * 12, XK_SPLB="核准\t"),
            license_row(XK_XH="LIC-2", XK_WSH="罗" * 13),
        ],
        schema={f.code: pl.Utf8 for f in LICENSE.fields},
    )
    ctx = rules.Context(streets={"桂园街道": "桂园街道"}, divisions=frozenset({"440303"}))
    result = rules.validate(frame, LICENSE, ctx)
    assert result.clean["XK_XDR"][0] == "深圳市鹏城商贸有限公司" and result.clean["XK_SPLB"][0] == "核准"
    assert result.errors.select("row", "field", "rule").rows() == [(2, "XK_WSH", "max_length")]


@pytest.mark.django_db
def test_bulk_insert_uses_copy_on_postgresql(units, monkeypatch):
    calls = []
    real = record_inserts._copy
    monkeypatch.setattr(record_inserts, "_copy", lambda *a, **k: (calls.append(1), real(*a, **k)))
    run(units["QFGJ"], [license_row()])
    assert bool(calls) == (connection.vendor == "postgresql")
    assert Record.objects.count() == 1


def test_prefetch_keeps_order_passes_errors_and_stops_with_the_consumer():
    assert list(services._prefetched(iter(range(5)))) == [0, 1, 2, 3, 4]

    def broken():
        yield 1
        raise ValueError("bad block")

    with pytest.raises(ValueError, match="bad block"):
        list(services._prefetched(broken()))
    produced = []

    def endless():
        for i in range(10_000):
            produced.append(i)
            yield i

    for item in services._prefetched(endless()):
        if item == 3:
            break
    assert len(produced) < 10  # the producer stopped soon after the consumer did

    def fails_later():
        yield 1
        yield 2
        raise ValueError("while the consumer is gone")

    def consume_one():
        for _item in services._prefetched(fails_later()):
            break

    import threading

    consumer = threading.Thread(target=consume_one, daemon=True)
    consumer.start()
    consumer.join(timeout=10)
    assert not consumer.is_alive()  # a producer failing after the consumer left does not block its join


@pytest.mark.django_db
def test_kept_upload_on_disk_is_read_in_place_and_not_deleted(units, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    batch, rep = run(units["QFGJ"], [license_row()])
    assert rep.valid_rows == 1 and (tmp_path / batch.source.name).is_file()


@pytest.mark.parametrize("kind", ["license", "penalty"])
def test_one_pass_validation_agrees_with_the_import_path_across_batches(tmp_path, kind):
    """`credit validate` settles duplicates at the end; the
    import finds them first: same errors, any batch size."""
    from zhengwu.credit.formats.ingest import open_table
    from zhengwu.credit.rules import checking, sample
    from zhengwu.credit.standard import standard_for

    std = standard_for(kind)
    frame, _planted = sample.generate(std, rows=300, defect_rate=0.05, seed=11)
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == 250).then(pl.lit(frame[std.key][7]))
                               .otherwise(pl.col(std.key)).alias(std.key))  # row 251 repeats row 8's key
    if kind == "penalty":  # and row 281 names row 20's party under row 20's decision
        frame = frame.with_columns(
            *[
                pl.when(pl.int_range(pl.len()) == 280)
                .then(pl.lit(frame[c][19]))
                .otherwise(pl.col(c))
                .alias(c)
                for c in (std.decision_no, std.subject)
            ]
        )
    sample.write(frame, tmp_path / "f.csv")
    ctx = rules.Context(
        streets={
            "桂园街道": "桂园街道",
            "桂园": "桂园街道",
            **{
                s: s
                for s in (
                    "黄贝街道",
                    "东门街道",
                    "翠竹街道",
                    "东晓街道",
                    "南湖街道",
                    "笋岗街道",
                    "东湖街道",
                    "莲塘街道",
                    "清水河街道",
                )
            },
        },
        divisions=__import__("zhengwu.credit.rules.divisions", fromlist=["valid_codes"]).valid_codes(),
    )
    table = open_table(tmp_path / "f.csv", std)
    one_pass = checking.validate_table(table, std, ctx, batch_rows=37)
    whole = checking.validate_table(open_table(tmp_path / "f.csv", std), std, ctx)
    via_import = checking.Report(kind=kind)
    for _o, _f, result in checking.check_batches(open_table(tmp_path / "f.csv", std), std, ctx, batch_rows=41,
                                                 bounded=True):
        via_import.rows += result.rows
        via_import.valid_rows += result.valid_rows
        via_import.errors.append(result.errors)
    assert one_pass.as_json() == whole.as_json() == via_import.as_json()
    dup_rows = {
        (e["row"], e["rule"]) for e in one_pass.as_json()["errors"] if e["rule"].startswith("duplicate")
    }
    assert {(8, "duplicate_key"), (251, "duplicate_key")} <= dup_rows
    if kind == "penalty":
        assert {(20, "duplicate_party"), (281, "duplicate_party")} <= dup_rows
