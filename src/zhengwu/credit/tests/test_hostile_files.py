"""Hostile and broken files (issue 12 §4, §6): every one is refused or reported with a message naming what
and where, before anything expands in memory; nothing is half imported.

- XLSX rows wider than the header (was: polars ShapeError, batch `running` forever)
- a zip bomb (was: 2.68 GB for 51 s), too many rows or bytes
- NUL in a cell after the first 1 MB (was: imported)
- a UTF-8 BOM on GBK bytes (was: "表头中有重复的列名") and other mixed encodings
"""

import codecs
import csv
import io

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.formats.ingest import Unreadable, open_table
from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.services import imports as services
from zhengwu.credit.standard import LICENSE
from zhengwu.credit.tests.factories import license_row, raises_code
from zhengwu.credit.tests.test_ingest import run_validate
from zhengwu.ledger.models import Entry
from zhengwu.testing.spreadsheets import write_bomb


def rows(n: int, start: int = 1, **over) -> list[dict]:
    return [license_row(XK_XH=f"LIC-{i}", **over) for i in range(start, start + n)]


def csv_bytes(
    records: list[dict], *, headers: str = "codes", encoding: str = "utf-8", extra: dict | None = None
) -> bytes:
    """The records as CSV; `extra` = {data row number: cells appended to that line}."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f.code if headers == "codes" else f.name for f in LICENSE.fields])
    for n, r in enumerate(records, start=1):
        w.writerow([r.get(f.code) or "" for f in LICENSE.fields] + (extra or {}).get(n, []))
    return buf.getvalue().encode(encoding)


def import_bytes(unit, content: bytes, name: str):
    batch = services.import_create(unit=unit, kind="license", upload=ContentFile(content, name=name),
                                   check_role=False)
    try:
        return batch, services.import_run(batch)
    except Unreadable:
        return batch, None
    finally:
        batch.refresh_from_db()


def xlsx_bytes(lines: list[list]) -> bytes:
    wb = Workbook()
    for line in lines:
        wb.active.append(line)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- rows that do not line up with the header ------------------------------------------------------

@pytest.mark.django_db
def test_xlsx_rows_wider_than_the_header_are_row_errors_and_the_rest_is_imported(tmp_path, units):
    data = rows(5)
    data[3]["XK_SXQ"] = "2016-02-30"  # row 4: a real error, reported under its own number
    lines = [[f.code for f in LICENSE.fields]] + [[r[f.code] for f in LICENSE.fields] for r in data]
    lines[2] += ["多出的内容", "x"]  # data row 2: two cells right of the last header
    content = xlsx_bytes(lines)
    (tmp_path / "wide.xlsx").write_bytes(content)
    code, report, _err = run_validate(tmp_path / "wide.xlsx", "license", "--json")
    assert code == 1 and report["rows"] == 5 and report["valid_rows"] == 3
    by_row = {e["row"]: e for e in report["errors"]}
    assert (
        by_row[2]["rule"] == "columns"
        and "第 AC 列" in by_row[2]["message"]
        and "没有表头" in by_row[2]["message"]
    )
    assert by_row[4]["field"] == "XK_SXQ"
    batch, rep = import_bytes(units["QFGJ"], content, "wide.xlsx")
    assert batch.status == ImportBatch.Status.DONE and batch.error_count == 2
    assert sorted(Record.objects.values_list("key", flat=True)) == ["LIC-1", "LIC-3", "LIC-5"]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_csv_line_with_more_cells_is_its_rows_error_and_later_rows_keep_their_numbers(
    tmp_path, units, encoding
):
    data = rows(6)
    data[4]["XK_SXQ"] = "bad"  # row 5
    content = csv_bytes(data, encoding=encoding, extra={2: ["多余"]})
    lines = content.split(b"\n")
    lines[3] = lines[3].rsplit(b",", 3)[0]  # data row 3: its three (empty) trailing cells left out
    content = b"\n".join(lines)
    (tmp_path / "r.csv").write_bytes(content)
    code, report, _err = run_validate(tmp_path / "r.csv", "license", "--json")
    assert code == 1 and (report["rows"], report["valid_rows"]) == (6, 4)
    assert {(e["row"], e["rule"]) for e in report["errors"]} == {(2, "columns"), (5, "date_format")}
    assert "29 个单元格，表头只有 28 列" in next(e["message"] for e in report["errors"] if e["row"] == 2)
    batch, _rep = import_bytes(units["QFGJ"], content, "r.csv")
    assert batch.status == ImportBatch.Status.DONE and (batch.rows, batch.valid_rows) == (6, 4)
    assert sorted(Record.objects.values_list("key", flat=True)) == ["LIC-1", "LIC-3", "LIC-4", "LIC-6"]


@pytest.mark.django_db
def test_a_short_line_is_read_with_empty_trailing_cells_by_every_reader(tmp_path, units):
    """polars (validate) pads a short line, Arrow (the import)
    refuses one: both agree through the row reader."""
    content = csv_bytes(rows(3))
    lines = content.split(b"\n")
    lines[2] = lines[2].rsplit(b",", 3)[0]
    (tmp_path / "s.csv").write_bytes(b"\n".join(lines))
    code, report, _err = run_validate(tmp_path / "s.csv", "license", "--json")
    assert (code, report["rows"], report["valid_rows"]) == (0, 3, 3)
    batch, _rep = import_bytes(units["QFGJ"], b"\n".join(lines), "s.csv")
    assert (batch.status, batch.valid_rows, Record.objects.count()) == (ImportBatch.Status.DONE, 3, 3)


@pytest.mark.django_db
def test_duplicate_headers_are_named(tmp_path, units):
    header = [f.code for f in LICENSE.fields] + ["XK_XDR"]
    content = xlsx_bytes([header, [license_row()[c] if c in license_row() else "" for c in header]])
    batch, _rep = import_bytes(units["QFGJ"], content, "dup.xlsx")
    assert batch.status == ImportBatch.Status.FAILED and "重复的列名：XK_XDR" in batch.message


# --- limits before reading -----------------------------------------------------------------------

@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_calamine_opens_it(tmp_path, units, monkeypatch):
    import python_calamine

    def never(*a, **k):
        raise AssertionError("calamine must not open a refused file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", never)
    bomb = write_bomb(tmp_path / "bomb.xlsx")
    code, _out, err = run_validate(bomb, "license", "--json")
    assert code == 2 and "解压后" in err and "超过上限" in err
    batch, _rep = import_bytes(units["QFGJ"], bomb.read_bytes(), "bomb.xlsx")
    assert batch.status == ImportBatch.Status.FAILED and "解压后" in batch.message
    assert Entry.objects.filter(action="credit.import.failed", object_id=str(batch.pk)).exists()


@pytest.mark.django_db
def test_row_and_byte_limits_are_settings_checked_before_parsing(tmp_path, units, settings, monkeypatch):
    import pyarrow.csv as pacsv

    (tmp_path / "a.csv").write_bytes(csv_bytes(rows(12)))
    settings.IMPORT_MAX_ROWS = 10

    def never(*a, **k):
        raise AssertionError("the CSV must not be parsed")

    monkeypatch.setattr(pacsv, "open_csv", never)
    with raises_code("too_many_rows", Unreadable):
        open_table(tmp_path / "a.csv", LICENSE)
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BYTES = 1000, 1000
    with raises_code("limit_exceeded", Unreadable):  # IMPORT_MAX_BYTES
        open_table(tmp_path / "a.csv", LICENSE)
    settings.IMPORT_MAX_BYTES, settings.IMPORT_XLSX_MAX_ROWS = 1 << 30, 3
    (tmp_path / "a.xlsx").write_bytes(xlsx_bytes([[f.code for f in LICENSE.fields]] + [["x"]] * 5))
    with raises_code("limit_exceeded", Unreadable):  # the sheet declares 5 rows, 3 allowed
        open_table(tmp_path / "a.xlsx", LICENSE)


# --- NUL characters ------------------------------------------------------------------------------

def nul_file(rows_before: int) -> bytes:
    """Valid rows for more than 1 MB, then one whose 行政相对人名称 holds a NUL, then one more valid row."""
    data = rows(rows_before + 2)
    data[rows_before]["XK_XDR"] = "深圳市\x00鹏城商贸有限公司"
    return csv_bytes(data)


@pytest.mark.django_db
def test_a_nul_after_the_first_megabyte_is_that_cells_error_and_is_not_imported(tmp_path, units):
    n = 4_500
    content = nul_file(n)
    assert content.index(b"\x00") > 1 << 20
    (tmp_path / "nul.csv").write_bytes(content)
    code, report, _err = run_validate(tmp_path / "nul.csv", "license", "--json")
    assert code == 1 and report["valid_rows"] == n + 1
    [error] = [e for e in report["errors"] if e["rule"] != "duplicate_key"]
    assert (error["row"], error["field"], error["rule"]) == (n + 1, "XK_XDR", "nul_character")
    assert "空字符" in error["message"] and "行政相对人名称" in error["message"]
    batch, _rep = import_bytes(units["QFGJ"], content, "nul.csv")
    assert batch.status == ImportBatch.Status.DONE and batch.valid_rows == n + 1
    assert not Record.objects.filter(key=f"LIC-{n + 1}").exists()
    assert Record.objects.filter(key=f"LIC-{n + 2}").exists()


@pytest.mark.django_db
def test_nul_in_an_xlsx_cell_is_that_cells_error(tmp_path, units):
    import zipfile

    lines = [[f.code for f in LICENSE.fields]] + [[r[f.code] for f in LICENSE.fields] for r in rows(2)]
    lines[2][LICENSE.codes.index("XK_NR")] = "PLACEHOLDER"
    src = xlsx_bytes(lines)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(
                info, zin.read(info).replace(b"PLACEHOLDER", b"a_x0000_b")
            )  # OOXML's escape for NUL
    (tmp_path / "nul.xlsx").write_bytes(out.getvalue())
    code, report, _err = run_validate(tmp_path / "nul.xlsx", "license", "--json")
    assert code == 1 and [(e["row"], e["field"], e["rule"]) for e in report["errors"]] == [
        (2, "XK_NR", "nul_character")]


# --- mixed encodings -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_utf8_bom_on_a_gbk_file_says_the_file_mixes_encodings(tmp_path, units):
    content = codecs.BOM_UTF8 + csv_bytes(rows(3), headers="names", encoding="gbk")
    (tmp_path / "bom-gbk.csv").write_bytes(content)
    code, _out, err = run_validate(tmp_path / "bom-gbk.csv", "license", "--json")
    assert code == 2 and "混用" in err and "GBK" in err and "重复的列名" not in err
    with pytest.raises(ApplicationError) as refused:  # refused at upload (core.uploads), before any batch
        import_bytes(units["QFGJ"], content, "bom-gbk.csv")
    assert "混用" in refused.value.message and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_utf8_headers_over_gbk_rows_name_the_first_gbk_line(tmp_path, units):
    head = csv_bytes([], headers="names")  # the header row in UTF-8
    body = csv_bytes(rows(3), encoding="gbk").split(b"\n", 1)[1]
    (tmp_path / "m.csv").write_bytes(head + body)
    code, _out, err = run_validate(tmp_path / "m.csv", "license", "--json")
    assert code == 2 and "混用" in err and "第 2 行" in err


@pytest.mark.django_db
def test_gbk_rows_after_the_first_megabyte_of_utf8_fail_the_import_naming_the_line(tmp_path, units):
    n = 4_500
    utf8 = csv_bytes(rows(n))
    gbk = csv_bytes(rows(2, start=n + 1, XK_NR="准予食品经营许可（分店）"), encoding="gbk").split(b"\n", 1)[1]
    content = utf8 + gbk
    assert len(utf8) > 1 << 20
    batch, _rep = import_bytes(units["QFGJ"], content, "late.csv")
    assert batch.status == ImportBatch.Status.FAILED
    assert "混用" in batch.message and f"第 {n + 2} 行" in batch.message
    assert Record.objects.count() == 0  # one batch of rows: all or nothing
    assert Entry.objects.filter(action="credit.import.failed", object_id=str(batch.pk)).exists()
