"""Import: stored rows, versions in the ledger, no duplicates
on re-import, atomic batches, error report, kept file."""

import io

import polars as pl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from zhengwu.credit.models import CatalogItem, ImportBatch, Record
from zhengwu.credit.rules import sample
from zhengwu.credit.services import imports as services
from zhengwu.credit.standard import LICENSE, PENALTY
from zhengwu.credit.tests.factories import license_row, penalty_row
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role


def upload(rows: list[dict], name="f.csv") -> ContentFile:
    return ContentFile(
        pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).write_csv().encode(), name=name
    )


def run(unit, rows, kind="license", user=None):
    batch = services.import_create(unit=unit, kind=kind, upload=upload(rows), actor=user, check_role=False)
    return batch, services.import_run(batch)


@pytest.mark.django_db
def test_valid_rows_are_stored_with_typed_columns_and_the_file_is_kept(units):
    batch, rep = run(units["QFGJ"], [license_row(), license_row(XK_XH="LIC-2", XK_SXQ="bad")])
    batch.refresh_from_db()
    assert (rep.rows, rep.valid_rows, batch.created, batch.status) == (2, 1, 1, ImportBatch.Status.DONE)
    r = Record.objects.get()
    assert (r.unit, r.kind, r.key, r.decided_on.isoformat(), r.street, r.version, r.state) == (
        units["QFGJ"], "license", "LIC-1", "2016-03-01", "桂园街道", 1, "imported")
    assert r.data["XK_XDR"] == "深圳市鹏城商贸有限公司" and r.data["XK_ZT"] == "0"
    assert default_storage.exists(batch.source.name)
    assert (
        Entry.objects.filter(action="credit.records.created", object_id=str(batch.pk)).get().after["count"]
        == 1
    )


@pytest.mark.django_db
def test_reimporting_the_same_file_duplicates_nothing(units):
    rows = [license_row(XK_XH=f"LIC-{i}") for i in range(5)]
    run(units["QFGJ"], rows)
    batch, _ = run(units["QFGJ"], rows)
    batch.refresh_from_db()
    assert Record.objects.count() == 5
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 5)


@pytest.mark.django_db
def test_same_key_is_an_update_to_a_new_version_written_to_the_ledger(units, make_user):
    user = make_user("QFGJ", Role.OPERATOR)
    run(units["QFGJ"], [license_row()])
    batch, _ = run(units["QFGJ"], [license_row(XK_NR="变更")], user=user)
    r = Record.objects.get()
    assert (r.version, r.data["XK_NR"], r.batch_id) == (2, "变更", batch.pk)
    entry = Entry.objects.get(action="credit.record.updated")
    assert entry.object_id == str(r.pk) and entry.actor_id == user.pk
    assert entry.before["version"] == 1 and entry.before["data"]["XK_NR"] == "准予食品经营许可"
    assert entry.after["version"] == 2 and entry.after["data"]["XK_NR"] == "变更"
    # a 当前状态 change in a file is the status service's (issue 13 item 1: test_reimport_published.py)
    run(units["QFGJ"], [license_row(XK_NR="变更", XK_ZT="1")], user=user)
    r.refresh_from_db()
    assert (r.version, r.status, r.data["XK_ZT"]) == (3, "1", "1")
    assert Entry.objects.get(action="credit.record.status_changed").after["status"] == "1"
    _, again = run(units["QFGJ"], [license_row(XK_NR="变更", XK_ZT="1")], user=user)
    assert Record.objects.get().version == 3  # the same file again changes nothing


@pytest.mark.django_db
def test_same_key_in_another_unit_is_another_record(units):
    run(units["QFGJ"], [license_row()])
    run(units["QCGJ"], [license_row(XK_XZJG="深圳市罗湖区城市管理局")])
    assert Record.objects.filter(key="LIC-1").count() == 2


@pytest.mark.django_db
def test_a_crash_leaves_whole_batches_and_a_rerun_completes_without_duplicates(units, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH_ROWS", 10)
    rows = [license_row(XK_XH=f"LIC-{i:03d}") for i in range(25)]
    real_store, calls = services._store, []

    def crash_on_second(*args, **kwargs):
        calls.append(1)
        result = real_store(*args, **kwargs)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return result

    monkeypatch.setattr(services, "_store", crash_on_second)
    batch = services.import_create(unit=units["QFGJ"], kind="license", upload=upload(rows), check_role=False)
    from zhengwu.credit.formats.ingest import Unreadable

    with pytest.raises(Unreadable):  # any failure ends the batch as failed, with a message
        services.import_run(batch)
    assert Record.objects.count() == 10  # the first batch only; the second rolled back entirely
    batch.refresh_from_db()
    assert batch.processed == 10 and batch.status == ImportBatch.Status.FAILED
    assert "第 11–20 行" in batch.message and "已保存的前 10 行不受影响" in batch.message
    monkeypatch.setattr(services, "_store", real_store)
    again, _ = run(units["QFGJ"], rows)
    again.refresh_from_db()
    assert Record.objects.count() == 25 and (again.created, again.unchanged) == (15, 10)


@pytest.mark.django_db
def test_error_report_marks_wrong_cells_with_the_reason_beside_them(units):
    batch, _ = run(
        units["QFGJ"], [license_row(), license_row(XK_XH="LIC-2", XK_WSH="罗" * 13, DFBM="449999")]
    )
    batch.refresh_from_db()
    with default_storage.open(batch.error_report.name) as fh:
        ws = load_workbook(io.BytesIO(fh.read())).active
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    assert header[0] == "行号" and header[-1] == "错误说明" and "XK_WSH" in header
    assert len(rows) == 2  # only the invalid row
    cells = {header[i]: c for i, c in enumerate(rows[1])}
    assert cells["行号"].value == 2 and cells["XK_XH"].value == "LIC-2"
    assert cells["XK_WSH"].fill.fgColor.rgb.endswith("FFC7CE") and "12" in cells["XK_WSH"].comment.text
    assert cells["XK_XDR"].comment is None
    assert "地方编码" in cells["错误说明"].value and "行政许可决定书文号" in cells["错误说明"].value


@pytest.mark.django_db
def test_item_code_checked_against_the_units_catalog(units):
    CatalogItem.objects.create(unit=units["QFGJ"], kind="license", code="SX001", name="食品经营许可")
    _, rep = run(units["QFGJ"], [license_row(SXBM="SX001"), license_row(XK_XH="LIC-2", SXBM="SX999")])
    assert rep.valid_rows == 1 and rep.error_frame()["rule"].to_list() == ["item_catalog"]


@pytest.mark.django_db
def test_penalty_counterparties_linked_by_decision_number(units):
    from zhengwu.credit.selectors import penalty_parties

    run(
        units["QCGJ"],
        [penalty_row(), penalty_row(CF_XH="PEN-2", CF_XDR_MC="深圳市东方物流有限公司")],
        kind="penalty",
    )
    first = Record.objects.get(key="PEN-1")
    assert [r.key for r in penalty_parties(first)] == ["PEN-1", "PEN-2"]


@pytest.mark.django_db
def test_a_binary_upload_is_refused_before_it_is_kept(units):
    from zhengwu.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="x.csv"):
        services.import_create(
            unit=units["QFGJ"],
            kind="license",
            upload=ContentFile(b"\x00\x01", name="x.csv"),
            check_role=False,
        )
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_unreadable_upload_marks_the_batch_failed(units):
    import zipfile

    from zhengwu.credit.formats.ingest import Unreadable

    broken = io.BytesIO()  # a workbook by its zip entries, but no sheet inside
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "not a workbook")
    batch = services.import_create(unit=units["QFGJ"], kind="license",
                                   upload=ContentFile(broken.getvalue(), name="x.xlsx"), check_role=False)
    with pytest.raises(Unreadable):
        services.import_run(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and "Excel" in batch.message
    assert Entry.objects.filter(action="credit.import.failed").exists()


@pytest.mark.django_db
def test_only_operators_of_the_unit_may_upload(units, make_user):
    from django.core.exceptions import PermissionDenied

    outsider = make_user("QCGJ", Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        services.import_create(
            unit=units["QFGJ"], kind="license", upload=upload([license_row()]), actor=outsider
        )


@pytest.mark.django_db
def test_generated_sample_imports_through_the_cli(tmp_path, units):
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    frame, planted = sample.generate(
        PENALTY, rows=400, defect_rate=0.05, seed=5, authority="深圳市罗湖区城市管理局"
    )
    sample.write(frame, tmp_path / "p.csv")
    out = StringIO()
    with pytest.raises(SystemExit) as exc, override_settings(CREDIT_CLI_ACTOR_REQUIRED=False):
        call_command(
            "credit",
            "import",
            str(tmp_path / "p.csv"),
            "--kind",
            "penalty",
            "--unit",
            "QCGJ",
            "--json",
            stdout=out,
        )
    result = json.loads(out.getvalue())
    bad_rows = planted["row"].n_unique()
    assert exc.value.code == 1 and result["rows"] == 400 and result["valid_rows"] == 400 - bad_rows
    assert Record.objects.filter(unit=units["QCGJ"], kind="penalty").count() == 400 - bad_rows
    assert LICENSE.key not in {e["field"] for e in result["errors"]}
