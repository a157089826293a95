"""Formats and encodings: the same records as GBK CSV, UTF-8-BOM CSV with Chinese headers, XLSX and JSON
give identical results; unreadable files are refused with a clear message (CLI exit 2)."""

import json
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command

from zhengwu.credit.rules import sample
from zhengwu.credit.standard import LICENSE, PENALTY


def run_validate(path, kind="license", *extra) -> tuple[int, dict | str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("credit", "validate", str(path), "--kind", kind, *extra, stdout=out, stderr=err)
    text = out.getvalue()
    return exc.value.code, (json.loads(text) if "--json" in extra and text else text), err.getvalue()


@pytest.fixture
def records():
    frame, planted = sample.generate(LICENSE, rows=300, defect_rate=0.2, seed=11)
    return frame, planted


@pytest.mark.django_db
def test_gbk_bom_chinese_headers_xlsx_and_json_give_identical_results(tmp_path, records, units):
    frame, planted = records
    named = frame.rename({f.code: f.name for f in LICENSE.fields})
    files = {
        "gbk": tmp_path / "a.csv",
        "bom": tmp_path / "b.csv",
        "xlsx": tmp_path / "c.xlsx",
        "json": tmp_path / "d.json",
    }
    sample.write(frame, files["gbk"], encoding="gbk")
    sample.write(named, files["bom"], encoding="utf-8-sig")
    sample.write(named, files["xlsx"])
    sample.write(frame, files["json"])
    assert files["gbk"].read_bytes()[:2] != b"\xef\xbb"  # really GBK, no BOM
    results = {k: run_validate(p, "license", "--json") for k, p in files.items()}
    first = results["gbk"]
    assert first[0] == 1 and first[1]["rows"] == 300
    found = {(e["row"], e["field"], e["rule"]) for e in first[1]["errors"]}
    assert found == set(planted.select("row", "field", "rule").iter_rows())
    for name, result in results.items():
        assert result[:2] == first[:2], name


@pytest.mark.django_db
def test_xlsx_dates_and_numbers_are_read_as_the_standard_writes_them(tmp_path, units):
    from datetime import date

    from openpyxl import Workbook

    from zhengwu.credit.tests.factories import license_row

    row = license_row(XK_XH=None)
    wb = Workbook()
    ws = wb.active
    ws.append(list(row))
    values = list(row.values())
    values[0] = 17  # 序号 typed as a number
    values[12] = date(2016, 3, 1)  # 许可生效期 typed as an Excel date
    ws.append(values)
    wb.save(tmp_path / "x.xlsx")
    code, report, _ = run_validate(tmp_path / "x.xlsx", "license", "--json")
    assert code == 0 and report["valid_rows"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02 not a table", b"", b"PK\x03\x04broken zip", b"hello,world\n1,2\n", b"[1, 2, 3]"],
)
def test_unreadable_files_exit_2_with_a_clear_message(tmp_path, content, units):
    path = tmp_path / "junk.csv"
    path.write_bytes(content)
    code, out, err = run_validate(path, "license", "--json")
    assert code == 2 and out == ""
    assert "无法读取文件" in err and len(err) > 15


@pytest.mark.django_db
def test_missing_file_exits_2(tmp_path, units):
    code, _, err = run_validate(tmp_path / "nope.csv", "license", "--json")
    assert code == 2 and "nope.csv" in err


@pytest.mark.django_db
def test_valid_file_exits_0_and_human_report_is_chinese(tmp_path, units):
    frame, _ = sample.generate(PENALTY, rows=50, seed=2)
    sample.write(frame, tmp_path / "p.csv")
    code, report, _ = run_validate(tmp_path / "p.csv", "penalty", "--json")
    assert (code, report["rows"], report["valid_rows"], report["errors"]) == (0, 50, 50, [])
    code, text, _ = run_validate(tmp_path / "p.csv", "penalty")
    assert code == 0 and "共 50 行，有效 50 行" in text


@pytest.mark.django_db
def test_wrong_kind_has_no_recognised_header(tmp_path, units):
    frame, _ = sample.generate(PENALTY, rows=5, seed=2)
    sample.write(frame, tmp_path / "p.csv")
    code, _, err = run_validate(tmp_path / "p.csv", "license", "--json")
    # DFBM/SJC/BZ/SXBM are shared codes, but without the licence key XK_XH this is not a licence file
    assert code == 2 and "序号" in err


@pytest.mark.django_db
def test_contract_shape_for_empty_required_fields(tmp_path, units):
    path = tmp_path / "lic.csv"
    header = (
        "XK_XH,XK_WSH,XK_XMMC,XK_SPLB,XK_NR,XK_XDR,XK_XDR_SHXYM,XK_XDR_ZDM,XK_XDR_GSDJ,"
        "XK_XDR_SWDJ,XK_XDR_SFZ,XK_FR,XK_SXQ,XK_JZQ,XK_XZJG,XK_ZT,XK_GSQX"
    )
    path.write_text(header + "\n1" + "," * 16 + "\n")
    code, report, _ = run_validate(path, "license", "--json")
    assert code == 1 and set(report) == {"kind", "rows", "valid_rows", "errors"}
    assert (report["kind"], report["rows"], report["valid_rows"]) == ("license", 1, 0)
    assert {e["row"] for e in report["errors"]} == {1}
    assert {"XK_WSH", "DFBM", "JD", "SJC", "BZ"} <= {
        e["field"] for e in report["errors"] if e["rule"] == "required"
    }


def test_header_map_accepts_codes_names_and_short_names():
    from zhengwu.credit.formats.ingest import _norm, header_map

    m = header_map(LICENSE)
    for spelling in ("XK_XDR_SHXYM", "xk_xdr_shxym", "行政相对人代码_1(统一社会信用代码)", "统一社会信用代码",
                     "行政相对人代码_1（统一社会信用代码）", " 行政相对人代码_1 "):
        assert m[_norm(spelling)] == "XK_XDR_SHXYM", spelling
    assert m[_norm("XK_XH")] == m[_norm("序号")] == "XK_XH"
    assert pl.Series(list(m.values())).n_unique() == len(LICENSE.fields)
