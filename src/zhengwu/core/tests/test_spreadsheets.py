"""core.spreadsheets: formula neutralisation (OWASP CSV injection) and the XLSX limits checked before
anything is decompressed (zip bombs, archives that lie about their sizes, sheets with too many rows)."""

import io
import struct
import tracemalloc
import zipfile

import pytest

from zhengwu.core.spreadsheets import Limits, Refused, check_upload, check_xlsx, neutralise
from zhengwu.testing.spreadsheets import write_bomb, write_xlsx

LIMITS = Limits(max_bytes=1 << 30, max_rows=5_000_000, max_unpacked_bytes=300 << 20, xlsx_max_rows=200_000,
                xlsx_max_ratio=100)

@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """About 1.4 MB on disk, a 400 MB sheet once expanded."""
    return write_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


def test_the_bomb_is_a_real_one(bomb):
    """The test's bomb expands as claimed: 400 MB of rows, CRC right (read through in bounded chunks)."""
    assert 1 << 20 < bomb.stat().st_size < 2 << 20
    with zipfile.ZipFile(bomb) as z, z.open("xl/worksheets/sheet1.xml") as fh:
        size = 0
        while chunk := fh.read(16 << 20):
            size += len(chunk)
    assert size > 400_000_000


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil.example","点我")', '\'=HYPERLINK("http://evil.example","点我")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),  # after leading blanks
        ("\u3000=1+1", "'\u3000=1+1"),  # 全角空格
        ("-5", "-5"),
        ("+86", "+86"),
        ("-12.50", "-12.50"),
        ("-1e3", "-1e3"),  # numbers stay numbers
        ("深圳市鹏城商贸有限公司", "深圳市鹏城商贸有限公司"),
        ("a=b", "a=b"),
        ("", ""),
        ("'=already", "'=already"),
        (-5, -5),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_a_zip_bomb_is_refused_from_its_directory_in_bounded_memory(bomb):
    assert sum(i.file_size for i in zipfile.ZipFile(bomb).infolist()) > 400_000_000
    tracemalloc.start()
    try:
        with pytest.raises(Refused) as exc:
            check_xlsx(bomb, LIMITS)
        assert exc.value.code == "unpacked_too_large"
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 << 20, peak


def test_the_compression_ratio_is_checked_even_below_the_size_limit(bomb):
    with pytest.raises(Refused) as exc:
        check_xlsx(bomb, Limits(**{**LIMITS.__dict__, "max_unpacked_bytes": 1 << 40}))
    assert exc.value.code == "ratio"


def test_an_archive_that_lies_about_its_sizes_is_refused_as_broken(tmp_path):
    """Small sizes in the directory over a large stream: zipfile stops at the declared size, the CRC fails."""
    path = write_xlsx(tmp_path / "lie.xlsx", 20_000, level=1, zip64=False)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # (signature, offset of the uncompressed size, of the name's length, of the name) in each header
    for sig, size_at, length_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            n = struct.unpack_from("<H", data, pos + length_at)[0]
            if data[pos + name_at: pos + name_at + n] == name:
                struct.pack_into("<I", data, pos + size_at, 1000)
            pos += 4
    path.write_bytes(bytes(data))
    assert next(i for i in zipfile.ZipFile(path).infolist() if i.filename == name.decode()).file_size == 1000
    with pytest.raises(Refused) as exc:
        check_xlsx(path, LIMITS)
    assert exc.value.code == "not_xlsx"


def test_rows_are_limited_by_the_declared_dimension_and_by_counting(tmp_path):
    small = Limits(**{**LIMITS.__dict__, "xlsx_max_rows": 100})
    declared = write_xlsx(tmp_path / "declared.xlsx", 10, dimension="A1:C5000")
    with pytest.raises(Refused) as exc:
        check_xlsx(declared, small)
    assert exc.value.code == "declared_too_many_rows"
    assert "4,999" in str(exc.value)  # the message names the declared count
    counted = write_xlsx(tmp_path / "counted.xlsx", 102)  # header + 101 data rows, no dimension
    with pytest.raises(Refused) as exc:
        check_xlsx(counted, small)
    assert exc.value.code == "too_many_rows"
    assert check_xlsx(write_xlsx(tmp_path / "ok.xlsx", 101), small) == 101


def test_rows_split_across_read_chunks_are_counted_once(monkeypatch, tmp_path):
    from zhengwu.core import spreadsheets

    monkeypatch.setattr(spreadsheets, "STREAM_CHUNK", 7)  # every row mark crosses a boundary somewhere
    assert check_xlsx(write_xlsx(tmp_path / "x.xlsx", 333), LIMITS) == 333


def test_not_a_zip_and_too_large_files_are_refused(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(Refused) as exc:
        check_xlsx(junk, LIMITS)
    assert exc.value.code == "not_xlsx"
    with pytest.raises(Refused) as exc:
        check_upload(junk, Limits(**{**LIMITS.__dict__, "max_bytes": 10}))
    assert exc.value.code == "too_large"


def test_openpyxl_workbooks_pass(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["XK_XH", "XK_WSH"])
    for i in range(50):
        wb.active.append([f"LIC-{i}", "罗许〔16〕1号"])
    wb.create_sheet("选项").append(["桂园街道"])
    buf = io.BytesIO()
    wb.save(buf)
    (tmp_path / "w.xlsx").write_bytes(buf.getvalue())
    assert check_xlsx(tmp_path / "w.xlsx", LIMITS) == 51
