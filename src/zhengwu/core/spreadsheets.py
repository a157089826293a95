"""Spreadsheets in and out, safely — shared by every app that reads or writes CSV/XLSX.

Out: `neutralise(value)` makes a cell safe to open in Excel, WPS or LibreOffice (OWASP "CSV injection"):
a text starting with = + - @ (also after leading blanks), a tab or a carriage return is prefixed with a
single quote, so it is shown as text and never evaluated (=HYPERLINK(…), +cmd|' /C calc'!A0). Numbers
are left alone, and so is a text that is only a number ("-12.5" stays a number when the file is opened).
Every file written for people goes through it (error reports, exports, the assessment); machine
contracts (`credit validate --json`, `dispatch classify --out`) are not neutralised.

In: `check_upload(path)` and `check_xlsx(path)` refuse, before anything is decompressed or parsed, a file
larger than the declared limits — an XLSX is a zip, so the sum of its members' uncompressed sizes (from
the central directory), each large member's compression ratio and the first sheet's declared dimension
are checked first, then every member is streamed once through a small buffer (the real sizes, the CRC,
the rows of the first sheet). A 1.4 MB zip bomb that expands to 400 MB is refused from its directory.

Limits (settings declared with their defaults in core's AppConfig, see docs/deployment.md):
IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES, IMPORT_XLSX_MAX_ROWS, IMPORT_XLSX_MAX_RATIO.
"""

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from zhengwu.core.conf import setting

FORMULA_TRIGGERS = ("=", "+", "-", "@")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """`value` as a cell people can open safely: formula-like text gets a leading single quote.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise(" @SUM(A1)"), neutralise("-5"), neutralise(-5)
    ('\\'=HYPERLINK("http://x")', "' @SUM(A1)", '-5', -5)
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "\t\r":
        return "'" + value
    start = value.lstrip()
    if start.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(value.strip()):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    return [neutralise(v) for v in values]


class Refused(Exception):
    """The file exceeds a limit or is not the archive it claims to be; the message says which and why,
    `code` is stable (too_large, unpacked_too_large, ratio, too_many_rows, declared_too_many_rows,
    too_many_parts, encrypted, not_xlsx)."""

    def __init__(self, message, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_unpacked_bytes: int
    xlsx_max_rows: int
    xlsx_max_ratio: float

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(max_bytes=int(setting("IMPORT_MAX_BYTES")), max_rows=int(setting("IMPORT_MAX_ROWS")),
                   max_unpacked_bytes=int(setting("IMPORT_MAX_UNPACKED_BYTES")),
                   xlsx_max_rows=int(setting("IMPORT_XLSX_MAX_ROWS")),
                   xlsx_max_ratio=float(setting("IMPORT_XLSX_MAX_RATIO")))


def mb(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MB"


def check_upload(path: Path, limits: Limits | None = None) -> int:
    """The file's size in bytes, or Refused if it exceeds IMPORT_MAX_BYTES (checked with stat, not read)."""
    limits = limits or Limits.from_settings()
    size = Path(path).stat().st_size
    if size > limits.max_bytes:
        raise Refused(_("文件有 %(size)s，超过上限 %(max)s：请拆分为几个较小的文件") % {
            "size": mb(size), "max": mb(limits.max_bytes)}, "too_large")
    return size


RATIO_MIN_MEMBER = 1 << 20  # small members may compress very well (styles, empty templates): not a risk
MAX_MEMBERS = 10_000
STREAM_CHUNK = 1 << 20
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="[A-Z]*(\d*)(?::[A-Z]*(\d+))?"')
_ROW_MARKS = (b"<row ", b"<row>", b":row ", b":row>")  # <row …> with or without a namespace prefix


def _broken() -> Refused:
    return Refused(
        _("不是有效的 Excel（xlsx）文件：压缩包已损坏或不完整，请用 Excel 重新保存后上传"), "not_xlsx"
    )


def _small_member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """A small XML part (workbook, relationships), or None if absent or implausibly large."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > RATIO_MIN_MEMBER:
        return None
    with zf.open(info) as fh:
        return fh.read(RATIO_MIN_MEMBER + 1)[:RATIO_MIN_MEMBER]


def first_sheet(zf: zipfile.ZipFile) -> str | None:
    """The part name of the workbook's first sheet (what calamine's `get_sheet_by_index(0)` reads)."""
    # two parts of at most 1 MB; the bundled expat (>= 2.4) refuses entity-expansion attacks
    try:
        workbook = ElementTree.fromstring(_small_member(zf, "xl/workbook.xml") or b"")  # noqa: S314
        rels = ElementTree.fromstring(_small_member(zf, "xl/_rels/workbook.xml.rels") or b"")  # noqa: S314
    except ElementTree.ParseError:
        workbook = rels = None
    if workbook is not None and rels is not None:
        sheet = workbook.find(f"{_MAIN_NS}sheets/{_MAIN_NS}sheet")
        rel_id = sheet.get(_DOC_REL) if sheet is not None else None
        for rel in rels.iter(f"{_PKG_REL}Relationship"):
            if rel.get("Id") == rel_id and rel.get("Target"):
                target = rel.get("Target")
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                if name in zf.NameToInfo:
                    return name
    sheets = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return sheets[0] if sheets else None


class _RowCounter:
    """Counts row elements across chunk boundaries (each mark's last len-1 bytes carried over)."""

    def __init__(self):
        self.rows = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        # marks wholly inside the carried tail were counted with the previous chunk
        self.rows += sum(data.count(m) - self._tail.count(m) for m in _ROW_MARKS)
        self._tail = data[-(max(len(m) for m in _ROW_MARKS) - 1):]


def check_xlsx(path: Path, limits: Limits | None = None) -> int:
    """Refuse an XLSX that would expand beyond the limits; return the first sheet's number of rows.

    Reads only the central directory, then streams each member through a 1 MB buffer: memory stays
    bounded whatever the archive claims, and Python's zipfile stops at the declared size and checks
    the CRC, so a member that lies about its size is refused as broken rather than expanded.
    """
    limits = limits or Limits.from_settings()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _broken() from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused(
                _("Excel 文件内部有 %(n)s 个部件，不是正常的工作簿") % {"n": len(infos)}, "too_many_parts"
            )
        total = sum(i.file_size for i in infos)
        if total > limits.max_unpacked_bytes:
            raise Refused(
                _("Excel 文件解压后有 %(size)s，超过上限 %(max)s：请拆分文件，或另存为 CSV 后上传")
                % {"size": mb(total), "max": mb(limits.max_unpacked_bytes)},
                "unpacked_too_large",
            )
        for i in infos:
            ratio = i.file_size / max(i.compress_size, 1)
            if i.file_size >= RATIO_MIN_MEMBER and ratio > limits.xlsx_max_ratio:
                raise Refused(
                    _(
                        "Excel 文件的压缩比异常（%(part)s 压缩了 %(ratio)s 倍，上限 %(max)s 倍），"
                        "疑似“压缩炸弹”，已拒绝"
                    )
                    % {"part": i.filename, "ratio": f"{ratio:,.0f}", "max": f"{limits.xlsx_max_ratio:,.0f}"},
                    "ratio",
                )
        sheet = first_sheet(zf)
        counter = _RowCounter()
        try:
            for i in infos:
                if i.is_dir():
                    continue
                with zf.open(i) as fh:
                    first = True
                    while chunk := fh.read(STREAM_CHUNK):
                        if i.filename != sheet:
                            continue
                        if first and (m := _DIMENSION.search(chunk)):
                            declared = int(m.group(2) or m.group(1) or 0)
                            _check_rows(declared - 1, limits, declared=True)
                        first = False
                        counter.feed(chunk)
                        _check_rows(counter.rows - 1, limits)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError):
            raise _broken() from None
        except RuntimeError:  # an encrypted member
            raise Refused(_("Excel 文件有密码保护，请取消密码后重新上传"), "encrypted") from None
    return max(counter.rows, 0)


def _check_rows(rows: int, limits: Limits, *, declared: bool = False) -> None:
    if rows > limits.xlsx_max_rows:
        text = (
            _("Excel 工作表声明有 %(n)s 行，超过上限 %(max)s 行：请拆分文件，或另存为 CSV 后上传")
            if declared
            else _("Excel 工作表超过 %(max)s 行：请拆分文件，或另存为 CSV 后上传")
        )
        raise Refused(text % {"n": f"{rows:,}", "max": f"{limits.xlsx_max_rows:,}"},
                      "declared_too_many_rows" if declared else "too_many_rows")
