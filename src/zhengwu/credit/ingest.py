"""Reading departments' files into columns: CSV (UTF-8, UTF-8 BOM, GBK/GB18030), XLSX and JSON.

`open_table(path, std)` recognises the format and encoding, maps the headers (field codes or the
Chinese names) to field codes, and gives the rows in batches of Utf8 polars columns:

    table = open_table(path, LICENSE)
    for offset, frame in table.batches(100_000): ...   # offset = rows before this batch

A file that cannot be read as a table at all raises `Unreadable` with a message naming the problem.
"""

import codecs
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext as _

from zhengwu.credit.standard import Standard

SNIFF_BYTES = 1 << 20
BLOCK_SIZE = 16 << 20


class Unreadable(Exception):
    """The file is not a table this system can read (binary, broken XLSX, no recognised header…)."""


def _norm(header: str) -> str:
    h = str(header).replace("\ufeff", "").strip()
    h = h.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")
    return h.upper()


def header_map(std: Standard) -> dict[str, str]:
    """Every accepted spelling of a header (code, 中文名称, the name in parentheses) → field code."""
    out: dict[str, str] = {}
    for f in std.fields:
        for spelling in (f.name, f.short_name, f.name.split("(")[0] if f.short_name != f.name else "", f.code):
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
    malformed_rows: list[int] = field(default_factory=list)  # CSV lines with a wrong number of cells
    _rows: list[list] | None = None
    _columns: dict = field(default_factory=dict)

    @property
    def ignored(self) -> list[str]:
        return [h for h in self.headers if h not in self.mapping]

    def _rename(self, frame: pl.DataFrame) -> pl.DataFrame:
        keep = [h for h in frame.columns if h in self.mapping]
        return frame.select([pl.col(h).cast(pl.Utf8).alias(self.mapping[h]) for h in keep])

    def batches(self, size: int = 100_000, *, bounded: bool = False) -> Iterator[tuple[int, pl.DataFrame]]:
        """Yield (rows before this batch, frame with field-code columns) until the file ends.

        `bounded=True` (imports) reads with Arrow's streaming reader, which holds only one block in memory;
        otherwise UTF-8 CSV goes through polars' faster reader, which may read ahead.
        """
        if self.format == "csv":
            yield from self._csv_batches(size, bounded=bounded)
            return
        rows = self._rows or []
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            frame = pl.DataFrame(chunk, schema={h: pl.Utf8 for h in self.headers}, orient="row")
            yield start, self._rename(frame)

    def read_all(self) -> pl.DataFrame:
        frames = [f for _o, f in self.batches(1 << 40)]
        return pl.concat(frames) if frames else pl.DataFrame(schema={c: pl.Utf8 for c in self.mapping.values()})

    def column(self, code: str) -> pl.Series:
        """One field's values over the whole file (reads only that column for CSV)."""
        header = next((h for h, c in self.mapping.items() if c == code), None)
        if header is None:
            return pl.Series(code, [], dtype=pl.Utf8)
        if code not in self._columns:
            if self.format != "csv":
                self._columns[code] = self.read_all()[code]
            elif self.encoding == "utf-8":
                try:
                    self._columns[code] = self._scan().select(header).collect()[header].alias(code)
                except pl.exceptions.PolarsError as exc:
                    raise Unreadable(_("无法解析 CSV 文件：%(error)s") % {"error": str(exc).splitlines()[0]}) from None
            else:
                reader = self._csv_reader(include=[header])
                parts = [pl.from_arrow(b.column(0)).cast(pl.Utf8) for b in reader]
                self._columns[code] = pl.concat(parts).alias(code) if parts else pl.Series(code, [], dtype=pl.Utf8)
        return self._columns[code]

    def _csv_reader(self, include: list[str] | None = None, block_size: int = BLOCK_SIZE):
        self.malformed_rows = []

        def bad_row(row):
            self.malformed_rows.append(row.number - 1 if row.number and row.number > 0 else None)
            return "skip"

        return pacsv.open_csv(
            self.path,
            read_options=pacsv.ReadOptions(encoding=self.encoding, block_size=block_size, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=bad_row),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in self.headers}, include_columns=include,
                strings_can_be_null=True, quoted_strings_can_be_null=True),
        )

    def _scan(self) -> pl.LazyFrame:
        return pl.scan_csv(self.path, infer_schema=False, encoding="utf8")

    def _csv_batches(self, size: int, *, bounded: bool = False) -> Iterator[tuple[int, pl.DataFrame]]:
        if self.encoding == "utf-8" and not bounded:  # polars' reader: the fastest here, streamed in batches
            offset = 0
            try:
                for frame in self._scan().select(list(self.mapping)).collect_batches(chunk_size=size):
                    yield offset, self._rename(frame)
                    offset += len(frame)
            except pl.exceptions.PolarsError as exc:
                raise Unreadable(_("无法解析 CSV 文件（第 %(row)s 行之后）：%(error)s") % {
                    "row": offset, "error": str(exc).splitlines()[0]}) from None
            return
        reader = self._csv_reader(include=list(self.mapping))
        offset, pending, pending_rows = 0, [], 0
        for batch in reader:
            pending.append(pl.from_arrow(batch))
            pending_rows += batch.num_rows
            while pending_rows >= size:
                frame = pl.concat(pending, rechunk=False)
                yield offset, self._rename(frame.slice(0, size))
                offset += size
                rest = frame.slice(size)
                pending, pending_rows = ([rest] if len(rest) else []), len(rest)
        if pending_rows:
            yield offset, self._rename(pl.concat(pending, rechunk=False))


def _detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"  # Arrow skips the BOM
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and len(head) >= SNIFF_BYTES:  # a character cut at the sniff boundary
            return "utf-8"
    try:
        head.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        if best is None:
            raise Unreadable(_("无法识别文件的字符编码（支持 UTF-8、GBK/GB18030）")) from None
        return best.encoding


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
        raise Unreadable(_("文件第一行没有可识别的表头或缺少主键列“序号”：应为%(title)s的字段代码（如 %(code)s）或中文名称（如 %(name)s）")
                         % {"title": table.std.title, "code": table.std.key, "name": table.std.fields[1].name})
    return table


def _rows_table(path: Path, std: Standard, fmt: str, rows: list[list]) -> Table:
    rows = [r for r in rows if any(_cell(v).strip() for v in r)]
    if not rows:
        raise Unreadable(_("文件中没有表格数据"))
    headers = [_cell(h).strip() for h in rows[0]]
    width = len(headers)
    body = [[_cell(v) for v in (list(r) + [None] * width)[:width]] for r in rows[1:]]
    return _map_headers(Table(path=path, std=std, format=fmt, headers=headers, _rows=body))


def _open_xlsx(path: Path, std: Standard) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except Exception as exc:  # calamine raises its own error types for broken archives
        raise Unreadable(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from None
    return _rows_table(path, std, "xlsx", rows)


def _open_json(path: Path, std: Standard, encoding: str) -> Table:
    try:
        data = json.loads(path.read_text(encoding=encoding))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unreadable(_("无法解析 JSON 文件：%(error)s") % {"error": exc}) from None
    if isinstance(data, dict):
        data = next((v for k, v in data.items() if k in ("records", "data", "rows") and isinstance(v, list)), None)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise Unreadable(_("JSON 文件应为记录对象的数组，或含 records 数组的对象"))
    headers: list[str] = []
    for r in data:
        headers.extend(k for k in r if k not in headers)
    rows = [headers] + [[r.get(h) for h in headers] for r in data]
    if not data:
        raise Unreadable(_("文件中没有表格数据"))
    return _rows_table(path, std, "json", rows)


def _open_csv(path: Path, std: Standard, head: bytes) -> Table:
    if b"\x00" in head:
        raise Unreadable(_("文件含有二进制内容，不是 CSV 表格"))
    encoding = _detect_encoding(head)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise Unreadable(_("文件为空或第一行没有表头"))
    import csv

    headers = next(csv.reader(io.StringIO(first)))
    if len(set(headers)) != len(headers):
        raise Unreadable(_("表头中有重复的列名"))
    table = _map_headers(Table(path=path, std=std, format="csv", encoding=encoding, headers=headers))
    try:
        next(iter(table._csv_reader(include=list(table.mapping), block_size=1 << 16)), None)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise Unreadable(_("无法解析 CSV 文件：%(error)s") % {"error": exc}) from None
    return table


def open_table(path: str | Path, std: Standard) -> Table:
    """Recognise the file's format and encoding and map its headers; raise Unreadable if impossible."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise Unreadable(_("无法打开文件：%(error)s") % {"error": exc.strerror or exc}) from None
    if not head.strip():
        raise Unreadable(_("文件为空"))
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _open_xlsx(path, std)
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"[", b"{") or path.suffix.lower() == ".json":
        return _open_json(path, std, "utf-8-sig" if _detect_encoding(head) == "utf-8" else "gb18030")
    return _open_csv(path, std, head)


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
        raise Unreadable(_("文件为空或第一行没有表头"))
    headers = next(csv.reader(io.StringIO(first)))
    _map_headers(Table(path=Path(), std=std, format="csv", encoding=encoding, headers=headers))
