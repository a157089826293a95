"""Reading departments' files into columns: CSV (UTF-8, UTF-8 BOM, GBK/GB18030), XLSX and JSON.

`open_table(path, std)` recognises the format and encoding, maps the headers (field codes or the
Chinese names) to field codes, and gives the rows in batches of Utf8 polars columns:

    table = open_table(path, LICENSE)
    for offset, frame in table.batches(100_000): ...   # offset = rows before this batch

A file that cannot be read as a table at all raises `Unreadable` with a message naming the problem.

Hostile files are refused before they are read (core.spreadsheets): a file above IMPORT_MAX_BYTES, a CSV
with more line ends than IMPORT_MAX_ROWS, an XLSX that would expand beyond its limits (zip bomb). A file
that mixes encodings (a UTF-8 BOM on GBK bytes, UTF-8 headers over GBK rows, GBK from some line on) is
refused naming the line. A row with cells beyond the header (a CSV line with more cells, an XLSX cell in
a column without header) stays in place and is reported as that row's error (`problems_between`), so the
other rows keep their numbers; a row with fewer cells has its missing trailing cells empty (as in XLSX).
Such a CSV is read row by row (`ragged`); a clean one by polars or Arrow as fast as before.
"""

import bisect
import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from zhengwu.core.spreadsheets import Limits, Refused, check_upload, check_xlsx, mb
from zhengwu.credit.standard import Standard

SNIFF_BYTES = 1 << 20
BLOCK_SIZE = 16 << 20
SCAN_BLOCK = 16 << 20
READ_ERRORS = (pa.ArrowException, pl.exceptions.PolarsError, UnicodeDecodeError, csv.Error)


class Unreadable(Exception):
    """The file is not a table this system can read (binary, broken XLSX, no recognised header…).

    `code` is stable (tests and the API assert on it): e.g. no_header, empty, binary, mixed_encoding,
    too_many_rows, too_large, limit_exceeded (core.spreadsheets refused it before reading)."""

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.message, self.code = message, code


class Ragged(Exception):
    """Raised by `Table.batches` once, when a fast reader met a row of another width: the table is now
    read row by row; the caller starts again from the first batch (see checking.validate_table)."""


def _norm(header: str) -> str:
    h = str(header).replace("\ufeff", "").strip()
    h = h.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")
    return h.upper()


def header_map(std: Standard) -> dict[str, str]:
    """Every accepted spelling of a header (code, 中文名称, the name in parentheses) → field code."""
    out: dict[str, str] = {}
    for f in std.fields:
        for spelling in (
            f.name,
            f.short_name,
            f.name.split("(")[0] if f.short_name != f.name else "",
            f.code,
        ):
            if spelling:
                out.setdefault(_norm(spelling), f.code)
    return out


@dataclass
class Table:
    """A readable tabular file: its format, encoding, recognised and ignored headers, and its rows."""

    path: Path
    std: Standard
    format: str
    encoding: str = "utf-8"
    headers: list[str] = field(default_factory=list)  # as written in the file
    mapping: dict[str, str] = field(default_factory=dict)  # file header → field code
    # rows whose cells do not line up with the header, in file order: data row number (1-based) and why
    problem_rows: list[int] = field(default_factory=list)
    problem_messages: list[str] = field(default_factory=list)
    may_hold_nul: bool = True  # False once a scan of the bytes found no NUL (the NUL rule is then skipped)
    ragged: bool = False  # a CSV with rows of another width: read by Python's csv module, rows kept in place
    shape_checked: bool = False  # a CSV: every row's width checked (`check_shape`)
    _rows: list[list] | None = None
    _columns: dict = field(default_factory=dict)

    @property
    def ignored(self) -> list[str]:
        return [h for h in self.headers if h not in self.mapping]

    def problems_between(self, first: int, last: int) -> list[tuple[int, str]]:
        """(row, message) of the rows first..last (1-based, inclusive) that do not line up with the header."""
        lo = bisect.bisect_left(self.problem_rows, first)
        hi = bisect.bisect_right(self.problem_rows, last)
        return list(zip(self.problem_rows[lo:hi], self.problem_messages[lo:hi], strict=True))

    def _problem(self, row: int, message: str) -> None:
        self.problem_rows.append(row)
        self.problem_messages.append(message)

    def _rename(self, frame: pl.DataFrame) -> pl.DataFrame:
        keep = [h for h in frame.columns if h in self.mapping]
        return frame.select([pl.col(h).cast(pl.Utf8).alias(self.mapping[h]) for h in keep])

    def batches(self, size: int = 100_000, *, bounded: bool = False) -> Iterator[tuple[int, pl.DataFrame]]:
        """Yield (rows before this batch, frame with field-code columns) until the file ends.

        `bounded=True` (imports) reads with Arrow's streaming reader, which holds only one block in memory;
        otherwise UTF-8 CSV goes through polars' faster reader, which may read ahead.

        A blank line, or a line of empty cells (",,,,", what a spreadsheet writes for an empty row), is no
        row: it is skipped and not numbered, by every reader alike (issue 13 item 7).
        """
        offset = 0
        for _o, frame in self._batches(size, bounded=bounded):
            frame = without_blank_rows(frame)
            if len(frame):
                yield offset, frame
                offset += len(frame)

    def _batches(self, size: int, *, bounded: bool) -> Iterator[tuple[int, pl.DataFrame]]:
        if self.format == "csv":
            if bounded:  # the import: Arrow would skip a row of another width, so widths are checked first
                self.check_shape()
            yield from (
                self._ragged_batches(size) if self.ragged else self._csv_batches(size, bounded=bounded)
            )
            return
        rows = self._rows or []
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            frame = pl.DataFrame(chunk, schema={h: pl.Utf8 for h in self.headers}, orient="row")
            yield start, self._rename(frame)

    def read_all(self) -> pl.DataFrame:
        frames = [f for _o, f in self.batches(1 << 40)]
        return (
            pl.concat(frames) if frames else pl.DataFrame(schema={c: pl.Utf8 for c in self.mapping.values()})
        )

    def column(self, code: str) -> pl.Series:
        """One field's values over the whole file (reads only that column for CSV)."""
        header = next((h for h, c in self.mapping.items() if c == code), None)
        if header is None:
            return pl.Series(code, [], dtype=pl.Utf8)
        if code not in self._columns:
            if self.format != "csv" or self.ragged:
                self._columns[code] = self.read_all()[code]
            elif self.encoding == "utf-8":
                try:
                    self._columns[code] = self._scan().select(header).collect()[header].alias(code)
                except READ_ERRORS as exc:
                    if self._turns_ragged():
                        return self.column(code)
                    raise self._read_error(exc) from None
            else:
                self.check_shape()
                return self.column(code) if self.ragged or code in self._columns else self._read_column(code)
        return self._columns[code]

    def _read_column(self, code: str) -> pl.Series:
        header = next(h for h, c in self.mapping.items() if c == code)
        self._columns[code] = self._arrow_column(header).alias(code)
        return self._columns[code]

    def _arrow_column(self, header: str, on_bad_row=None) -> pl.Series:
        try:
            reader = self._csv_reader(include=[header], on_bad_row=on_bad_row)
            parts = [pl.from_arrow(b.column(0)).cast(pl.Utf8) for b in reader]
        except READ_ERRORS as exc:
            raise self._read_error(exc) from None
        return pl.concat(parts) if parts else pl.Series(header, [], dtype=pl.Utf8)

    def _csv_reader(self, include: list[str] | None = None, block_size: int = BLOCK_SIZE, on_bad_row=None):
        def bad_row(row):
            if on_bad_row is None:  # a row of another width where none was expected: the reader fails
                return "error"
            on_bad_row(row)
            return "skip"

        return pacsv.open_csv(
            self.path,
            read_options=pacsv.ReadOptions(encoding=self.encoding, block_size=block_size, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=bad_row),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in self.headers}, include_columns=include,
                strings_can_be_null=True, quoted_strings_can_be_null=True),
        )

    def _read_error(self, exc: Exception, after_rows: int | None = None) -> "Unreadable":
        """What a reader's failure means for the clerk: the first line in another encoding, if that is it."""
        if problem := encoding_problem(self.path, self.encoding):
            return Unreadable(
                problem, code="mixed_encoding" if self.encoding == "utf-8" else "wrong_encoding"
            )
        error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if after_rows:
            return Unreadable(
                _("无法解析 CSV 文件（第 %(row)s 行之后）：%(error)s") % {"row": after_rows, "error": error},
                code="unreadable_csv",
            )
        return Unreadable(_("无法解析 CSV 文件：%(error)s") % {"error": error}, code="unreadable_csv")

    def check_shape(self) -> None:
        """Read the key column with Arrow, which checks every row's width (the column is kept: the import
        needs it first anyway). A row of another width makes the table `ragged`: read row by row, so
        that such rows stay in place, padded, and those with cells beyond the header are reported."""
        if self.format != "csv" or self.ragged or self.shape_checked:
            return
        bad = []
        key = self.std.key
        column = self._arrow_column(
            next(h for h, c in self.mapping.items() if c == key), on_bad_row=bad.append
        )
        self.shape_checked = True
        if bad:
            self.ragged = True
        else:
            self._columns[key] = column.alias(key)

    def _turns_ragged(self) -> bool:
        """After a fast reader failed: was it a row of another width? (then read the table row by row)"""
        if self.format != "csv" or self.shape_checked or self.ragged:
            return False
        self.check_shape()
        return self.ragged

    def _python_rows(self) -> Iterator[list]:
        """Rows of a ragged CSV, each padded or cut to the header's width; wrong rows noted in order."""
        width = len(self.headers)
        self.problem_rows, self.problem_messages = [], []
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        limit = csv.field_size_limit()
        csv.field_size_limit(min(sys.maxsize, 1 << 30))
        n = 0
        try:
            with open(self.path, encoding=encoding, newline="") as fh:
                reader = csv.reader(fh)
                next(reader, None)  # the header
                for cells in reader:
                    if not any(c.strip() for c in cells):  # a blank line or only empty cells: no row
                        continue
                    n += 1
                    if len(cells) > width and any(c.strip() for c in cells[width:]):
                        self._problem(n, _("该行有 %(n)s 个单元格，表头只有 %(m)s 列：多了分隔符（逗号），"
                                           "或引号没有成对") % {"n": len(cells), "m": width})
                    if len(cells) != width:  # missing trailing cells are empty, as in a spreadsheet
                        cells = (cells + [""] * width)[:width]
                    yield [c if c != "" else None for c in cells]
        except (UnicodeDecodeError, csv.Error) as exc:
            raise self._read_error(exc, n) from None
        finally:
            csv.field_size_limit(limit)

    def _ragged_batches(self, size: int) -> Iterator[tuple[int, pl.DataFrame]]:
        schema = {h: pl.Utf8 for h in self.headers}
        offset, chunk = 0, []
        for cells in self._python_rows():
            chunk.append(cells)
            if len(chunk) >= size:
                yield offset, self._rename(pl.DataFrame(chunk, schema=schema, orient="row"))
                offset, chunk = offset + len(chunk), []
        if chunk:
            yield offset, self._rename(pl.DataFrame(chunk, schema=schema, orient="row"))

    def _scan(self) -> pl.LazyFrame:
        return pl.scan_csv(self.path, infer_schema=False, encoding="utf8")

    def _csv_batches(self, size: int, *, bounded: bool = False) -> Iterator[tuple[int, pl.DataFrame]]:
        if self.encoding == "utf-8" and not bounded:  # polars' reader: the fastest here, streamed in batches
            offset = 0
            try:
                for frame in self._scan().select(list(self.mapping)).collect_batches(chunk_size=size):
                    yield offset, self._rename(frame)
                    offset += len(frame)
            except READ_ERRORS as exc:
                if self._turns_ragged():
                    raise Ragged from None
                raise self._read_error(exc, offset) from None
            return
        offset, pending, pending_rows = 0, [], 0
        try:
            for batch in self._csv_reader(include=list(self.mapping)):
                pending.append(pl.from_arrow(batch))
                pending_rows += batch.num_rows
                while pending_rows >= size:
                    frame = pl.concat(pending, rechunk=False)
                    yield offset, self._rename(frame.slice(0, size))
                    offset += size
                    rest = frame.slice(size)
                    pending, pending_rows = ([rest] if len(rest) else []), len(rest)
        except READ_ERRORS as exc:
            if self._turns_ragged():
                raise Ragged from None
            raise self._read_error(exc, offset + pending_rows) from None
        if pending_rows:
            yield offset, self._rename(pl.concat(pending, rechunk=False))


def without_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows that hold something in a recognised column (a row of empty cells is no row)."""
    if not frame.width or not len(frame):
        return frame
    blank = pl.all_horizontal([pl.col(c).str.strip_chars().fill_null("") == "" for c in frame.columns])
    return frame.filter(~blank)


def _decodes(data: bytes, encoding: str, *, cut: bool) -> bool:
    """Whether `data` decodes; `cut`: the data is a file's
    first SNIFF_BYTES and may end inside a character."""
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError as exc:
        return cut and exc.start >= len(data) - 3


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _mixed(line: int) -> str:
    return _(
        "文件混用了两种字符编码：第 %(line)s 行起不是 UTF-8（前面是），可能是把 GBK 的内容粘贴进了 UTF-8 "
        "文件。"
        "请用 Excel 或 WPS 将整个文件另存为“CSV UTF-8”或 GBK 编码的 CSV 后重新上传"
    ) % {"line": line}


def _detect_encoding(head: bytes) -> str:
    cut = len(head) >= SNIFF_BYTES
    if head.startswith(codecs.BOM_UTF8):
        body = head[len(codecs.BOM_UTF8):]
        if _decodes(body, "utf-8", cut=cut):
            return "utf-8"  # Arrow skips the BOM
        if _decodes(body, "gb18030", cut=cut):
            raise Unreadable(
                _(
                    "文件混用了两种字符编码：开头有 UTF-8 的标记（BOM），内容却是 GBK 编码。"
                    "请用 Excel 或 WPS 将文件另存为“CSV UTF-8”或 GBK 编码的 CSV 后重新上传"
                ),
                code="mixed_encoding",
            )
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Unreadable(
                _(
                    "文件开头标明是 UTF-8 编码，但第 %(line)s 行有无法识别的字符：请将文件另存为“CSV UTF-8”"
                    "后重新上传"
                )
                % {"line": _line_of(head, exc.start + 3)},
                code="wrong_encoding",
            ) from None
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and cut:  # a character cut at the sniff boundary
            return "utf-8"
        before = head[:exc.start].decode("utf-8")
        if sum(1 for ch in before if ord(ch) >= 0x800) >= 2:  # Chinese as UTF-8, then bytes that are not
            raise Unreadable(_mixed(_line_of(head, exc.start)), code="mixed_encoding") from None
    try:
        head.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        if best is None:
            raise Unreadable(
                _("无法识别文件的字符编码（支持 UTF-8、GBK/GB18030）"), code="unknown_encoding"
            ) from None
        return best.encoding


def encoding_problem(path: Path, encoding: str) -> str | None:
    """Why the file does not decode as `encoding` after all, naming the first line that does not; else None.

    Streams the file (16 MB at a time): used when a reader fails, to tell the clerk what and where.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig" if encoding == "utf-8" else encoding)()
    lines = 0
    with open(path, "rb") as fh:
        while True:
            block = fh.read(SCAN_BLOCK)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                line = lines + _line_of(block, max(exc.start, 0))
                if encoding == "utf-8":
                    return _mixed(line)
                return _(
                    "文件第 %(line)s 行有不是 %(encoding)s 编码的字符：请将整个文件另存为“CSV "
                    "UTF-8”后重新上传"
                ) % {"line": line, "encoding": "GBK/GB18030" if encoding == "gb18030" else encoding}
            except LookupError:
                return None
            if not block:
                return None
            lines += block.count(b"\n")


def _scan_bytes(table: "Table", limits: Limits) -> None:
    """Before parsing: the number of line ends against IMPORT_MAX_ROWS, and whether any NUL byte occurs."""
    lines, nul = 0, False
    with open(table.path, "rb") as fh:
        while block := fh.read(SCAN_BLOCK):
            lines += block.count(b"\n")
            nul = nul or b"\x00" in block
            if lines - 1 > limits.max_rows:
                raise Unreadable(
                    _("CSV 文件超过 %(max)s 行：请拆分为几个较小的文件") % {"max": f"{limits.max_rows:,}"},
                    code="too_many_rows",
                )
    table.may_hold_nul = nul or table.encoding not in ("utf-8", "gb18030")  # a NUL byte is a NUL character


def _cell(value) -> str:
    """An XLSX/JSON cell as the text a CSV would hold (dates as YYYY-MM-DD, 1.0 as 1)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _map_headers(table: Table) -> Table:
    known = header_map(table.std)
    table.mapping = {}
    for h in table.headers:
        code = known.get(_norm(h))
        if code and code not in table.mapping.values():
            table.mapping[h] = code
    if table.std.key not in table.mapping.values():
        raise Unreadable(
            _(
                "文件第一行没有可识别的表头或缺少主键列“序号”：应为%(title)s的字段代码（如 "
                "%(code)s）或中文名称（如 %(name)s）"
            )
            % {"title": table.std.title, "code": table.std.key, "name": table.std.fields[1].name},
            code="no_header",
        )
    return table


def _rows_table(path: Path, std: Standard, fmt: str, rows: list[list]) -> Table:
    rows = [r for r in rows if any(_cell(v).strip() for v in r)]
    if not rows:
        raise Unreadable(_("文件中没有表格数据"), code="empty")
    all_headers = [_cell(h).strip() for h in rows[0]]
    named = [i for i, h in enumerate(all_headers) if h]
    headers = [all_headers[i] for i in named]
    _refuse_duplicates(headers)
    table = Table(path=path, std=std, format=fmt, headers=headers)
    width = len(all_headers)
    unnamed = {
        i for i, h in enumerate(all_headers) if not h
    }  # calamine pads the header row to the sheet's width
    body = []
    for n, r in enumerate(rows[1:], start=1):
        cells = [_cell(v) for v in r]
        if unnamed or len(cells) > width:
            stray = next((i for i, v in enumerate(cells) if (i >= width or i in unnamed) and v.strip()), None)
            if stray is not None:
                table._problem(n, _("该行第 %(col)s 列有内容，但这一列没有表头：请删除该列的内容或补上表头")
                               % {"col": get_column_letter(stray + 1)})
        body.append([cells[i] if i < len(cells) else "" for i in named])
    table._rows = body
    return _map_headers(table)


def _refuse_duplicates(headers: list[str]) -> None:
    seen, twice = set(), []
    for h in headers:
        if h in seen and h not in twice:
            twice.append(h)
        seen.add(h)
    if twice:
        raise Unreadable(
            _("表头中有重复的列名：%(names)s") % {"names": "、".join(twice)}, code="duplicate_headers"
        )


def _open_xlsx(path: Path, std: Standard, limits: Limits) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        check_xlsx(path, limits)
    except Refused as exc:
        raise Unreadable(str(exc), code="limit_exceeded") from None
    try:
        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except (
        Exception
    ):  # calamine raises its own error types (in English) for broken archives: said in words here
        raise Unreadable(
            _(
                "无法读取 Excel 文件：文件内部结构不完整或已损坏（例如缺少工作表，或不是由 Excel/WPS 保存的 "
                ".xlsx），"
                "请用 Excel 或 WPS 打开后另存为 .xlsx 再上传"
            ),
            code="unreadable_xlsx",
        ) from None
    return _rows_table(path, std, "xlsx", rows)


def _open_json(path: Path, std: Standard, encoding: str, limits: Limits) -> Table:
    size = path.stat().st_size
    if size > limits.max_unpacked_bytes:
        raise Unreadable(_("JSON 文件有 %(size)s，超过上限 %(max)s：请拆分，或改用 CSV 上传") % {
            "size": mb(size), "max": mb(limits.max_unpacked_bytes)}, code="too_large")
    try:
        data = json.loads(path.read_text(encoding=encoding))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unreadable(
            _("无法解析 JSON 文件：%(error)s") % {"error": exc}, code="unreadable_json"
        ) from None
    if isinstance(data, dict):
        data = next(
            (v for k, v in data.items() if k in ("records", "data", "rows") and isinstance(v, list)), None
        )
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise Unreadable(_("JSON 文件应为记录对象的数组，或含 records 数组的对象"), code="not_records")
    headers: list[str] = []
    for r in data:
        headers.extend(k for k in r if k not in headers)
    rows = [headers] + [[r.get(h) for h in headers] for r in data]
    if not data:
        raise Unreadable(_("文件中没有表格数据"), code="empty")
    return _rows_table(path, std, "json", rows)


def _open_csv(path: Path, std: Standard, head: bytes, limits: Limits) -> Table:
    first_line = head.split(b"\n", 1)[0]
    if b"\x00" in first_line or head.count(b"\x00") > len(head) // 100:  # binary, or UTF-16 text
        raise Unreadable(_("文件含有二进制内容，不是 CSV 表格"), code="binary")
    encoding = _detect_encoding(head)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise Unreadable(_("文件为空或第一行没有表头"), code="no_header")
    headers = next(csv.reader(io.StringIO(first)))
    _refuse_duplicates(headers)
    table = _map_headers(Table(path=path, std=std, format="csv", encoding=encoding, headers=headers))
    _scan_bytes(table, limits)
    return table


def open_table(path: str | Path, std: Standard, limits: Limits | None = None) -> Table:
    """Recognise the file's format and encoding and map its headers; raise Unreadable if impossible."""
    path = Path(path)
    limits = limits or Limits.from_settings()
    try:
        check_upload(path, limits)
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except Refused as exc:
        raise Unreadable(str(exc), code="limit_exceeded") from None
    except OSError as exc:
        raise Unreadable(
            _("无法打开文件：%(error)s") % {"error": exc.strerror or exc}, code="cannot_open"
        ) from None
    if not head.strip():
        raise Unreadable(_("文件为空"), code="empty")
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _open_xlsx(path, std, limits)
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"[", b"{") or path.suffix.lower() == ".json":
        return _open_json(path, std, "utf-8-sig" if _detect_encoding(head) == "utf-8" else "gb18030", limits)
    return _open_csv(path, std, head, limits)


_SAFE_NAME = re.compile(r"[^\w.\-]+")


def safe_name(name: str) -> str:
    """A storage-safe file name (keeps CJK letters, drops path separators)."""
    return _SAFE_NAME.sub("_", Path(name).name)[:100] or "upload"


def check_csv_header(head: bytes, std: Standard) -> None:
    """At upload: the first line of a CSV must carry the standard's headers (a script or a letter does
    not); Unreadable names what is missing. The full reading happens in the import."""
    import csv

    encoding = _detect_encoding(head)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise Unreadable(_("文件为空或第一行没有表头"), code="no_header")
    headers = next(csv.reader(io.StringIO(first)))
    _map_headers(Table(path=Path(), std=std, format="csv", encoding=encoding, headers=headers))
