"""PostgreSQL: a batch's new rows reach `credit_record` by binary COPY, encoded column-wise from Arrow.

Why not CSV any more: with CSV, polars wrote every value as text (quoting the JSON's many quotes) and the
server parsed it all back (the quoting, the dates, the booleans, the timestamps). For 1,000,000 licence
rows that was 2.8 s of our CPU to write and ~2.5 s more of the server's to read than the binary format
(1.1–1.4 s to encode here): on two cores, both inside the import's 30 s (issue 13 item 18, measured in
docs/seed-map/credit.md).

The binary format (PostgreSQL's documentation, COPY, "Binary Format"): a signature and two 32-bit zeros;
per row a 16-bit field count and per field a 32-bit length (-1: NULL) followed by the value in the
type's binary form; a 16-bit -1 at the end. All integers big-endian. The values here:

    text, varchar, bpchar   the UTF-8 bytes           json    the JSON text
    jsonb                   byte 1 (the version), then the JSON text: the server still parses it
    boolean                 one byte, 0 or 1          date    int32 days since 2000-01-01 (from a
                                                              date, or a text YYYY-MM-DD)
    smallint/integer/bigint int16/int32/int64         timestamp(tz)  int64 µs since 2000-01-01 (UTC)

The column types are read from the table's catalog, not from the model: what is encoded is what the
server will decode (a type without an encoder here is refused by name, before anything is sent).
Each row is joined from its fields by Arrow's `binary_join_element_wise`, in C++, with the GIL released:
no Python object per value.
"""

import enum
import struct
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
TRAILER = struct.pack(">h", -1)
_BIN = pa.large_binary()
_EMPTY = pa.scalar(b"", _BIN)
_JSONB_VERSION = pa.scalar(b"\x01", _BIN)
_PG_EPOCH = 946_684_800  # 2000-01-01 in seconds since 1970-01-01: PostgreSQL's epoch for dates and times
_INTEGERS = {"int2": ">i2", "int4": ">i4", "int8": ">i8"}
TEXT_TYPES = frozenset({"text", "varchar", "bpchar", "json", "jsonb"})
TYPES = TEXT_TYPES | {"bool", "date", "timestamp", "timestamptz"} | set(_INTEGERS)


class Unencodable(ValueError):
    """A column or value the binary format cannot carry as given (a programming error, not the user's)."""


def column_types(cursor, table: str, columns: Sequence[str]) -> dict[str, str]:
    """{column: its type's name in pg_type (varchar, int8, jsonb, …)} for `table`, as the server has it."""
    cursor.execute(
        "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY(%s)",
        [table, list(columns)],
    )
    found = dict(cursor.fetchall())
    missing = [c for c in columns if c not in found]
    if missing:
        raise Unencodable(f"{table} has no column {', '.join(missing)}")
    return {c: found[c] for c in columns}


def encoded(frame: pl.DataFrame, types: Mapping[str, str], constants: Mapping[str, object] | None = None,
            *, chunk_rows: int = 10_000) -> Iterator[bytes | memoryview]:
    """The COPY … (FORMAT binary) stream of `frame`'s rows, chunk by chunk (memory stays bounded).

    Fields are `frame`'s columns in order, then the `constants` (the same value in every row, encoded
    once), in the order of their mapping: the COPY statement must name the columns in that order.
    `types`: every column's and constant's type name, as `column_types` returns them."""
    constants = dict(constants or {})
    names = [*frame.columns, *constants]
    unknown = [f"{c} ({types.get(c)})" for c in names if types.get(c) not in TYPES]
    if unknown:
        raise Unencodable(f"no binary COPY encoder for {', '.join(unknown)}")
    frame = frame.with_columns(_iso_dates(frame[c]) for c in frame.columns
                               if types[c] == "date" and frame[c].dtype == pl.String)
    # (an enum member, e.g. a Django choice, goes as its value: polars would make it a categorical)
    one = pl.DataFrame([pl.Series(c, [v.value if isinstance(v, enum.Enum) else v])
                        for c, v in constants.items()])
    for series in (*frame.get_columns(), *one.get_columns()):
        _check(series, types[series.name])
    tail = b""
    if constants:
        tail = bytes(_join([p for c in constants for p in _field(one[c], types[c])], 1))
    head = struct.pack(">h", len(names))
    yield SIGNATURE
    for start in range(0, len(frame), chunk_rows):
        part = frame.slice(start, chunk_rows)
        fields = [p for c in frame.columns for p in _field(part[c], types[c])]
        yield _join([pa.scalar(head, _BIN), *fields, pa.scalar(tail, _BIN)], len(part))
    yield TRAILER


def _join(parts: list, rows: int) -> memoryview:
    """The rows' fields end to end: one buffer, which is the COPY data of these rows (no per-row copy)."""
    joined = pc.binary_join_element_wise(*parts, _EMPTY)
    if isinstance(joined, pa.Scalar):  # every part a scalar: one row
        joined = pa.array([joined.as_py()] * rows, _BIN)
    offsets = np.frombuffer(joined.buffers()[1], np.int64, len(joined) + 1, joined.offset * 8)
    return memoryview(joined.buffers()[2])[offsets[0]:offsets[-1]]


def _iso_dates(series: pl.Series) -> pl.Series:
    """A text column of ISO dates (YYYY-MM-DD) as dates; a text that is none is refused by name."""
    dates = series.str.to_date("%Y-%m-%d", strict=False)
    if dates.null_count() != series.null_count():
        bad = series.filter(dates.is_null() & series.is_not_null())[0]
        raise Unencodable(f"{series.name}: {bad!r} is not a date (YYYY-MM-DD)")
    return dates


def _check(series: pl.Series, typname: str) -> None:
    """Refuse, by the column's name, a dtype or value that `typname` cannot take — before anything is sent."""
    dtype = series.dtype
    if dtype == pl.Null:
        return
    if typname in TEXT_TYPES:
        ok = dtype == pl.String
    elif typname == "bool":
        ok = dtype == pl.Boolean
    elif typname == "date":
        ok = dtype == pl.Date
    elif typname in ("timestamp", "timestamptz"):  # an instant needs its zone, a wall-clock time none
        ok = isinstance(dtype, pl.Datetime) and (dtype.time_zone is not None) == (typname == "timestamptz")
    else:
        ok = dtype.is_integer()
        if ok and series.null_count() < len(series):
            info = np.iinfo(np.dtype(_INTEGERS[typname]))
            if series.min() < info.min or series.max() > info.max:
                raise Unencodable(f"{series.name}: a value outside {typname}'s range")
    if not ok:
        raise Unencodable(f"{series.name}: {typname} from {dtype}")


def _field(series: pl.Series, typname: str) -> list:
    """One column's fields (length and value) as Arrow binary arrays, to be joined row by row."""
    if series.dtype == pl.Null:  # a column with no value at all in this chunk
        return [pa.scalar(struct.pack(">i", -1), _BIN)]
    if typname in TEXT_TYPES:
        payload = series.to_arrow().cast(_BIN)
        if typname == "jsonb":
            payload = pc.binary_join_element_wise(_JSONB_VERSION, payload, _EMPTY)  # NULL stays NULL
        lengths = pc.fill_null(pc.binary_length(payload), -1).to_numpy()
        return [_lengths(lengths), pc.fill_null(payload, _EMPTY)]
    nulls = series.is_null().to_numpy() if series.null_count() else None
    if typname == "bool":
        return [_fixed(series.fill_null(False).cast(pl.UInt8).to_numpy(), nulls, "u1")]
    if typname == "date":
        days = series.to_physical().fill_null(0).to_numpy().astype(np.int64) - _PG_EPOCH // 86_400
        return [_fixed(days, nulls, ">i4")]
    if typname in ("timestamp", "timestamptz"):
        if typname == "timestamptz":
            series = series.dt.convert_time_zone("UTC")
        micros = series.dt.cast_time_unit("us").to_physical().fill_null(0).to_numpy()
        return [_fixed(micros - _PG_EPOCH * 1_000_000, nulls, ">i8")]
    return [_fixed(series.fill_null(0).to_numpy(), nulls, _INTEGERS[typname])]


def _lengths(lengths: np.ndarray) -> pa.Array:
    """Each row's 32-bit length field, as 4-byte binary values."""
    n = len(lengths)
    offsets = np.arange(0, 4 * n + 1, 4, dtype=np.int64)
    return pa.Array.from_buffers(_BIN, n, [None, pa.py_buffer(offsets), pa.py_buffer(lengths.astype(">i4"))])


def _fixed(values: np.ndarray, nulls: np.ndarray | None, dtype: str) -> pa.Array:
    """Fixed-width values with their length fields; a NULL is its length -1 alone."""
    width, n = np.dtype(dtype).itemsize, len(values)
    record = np.empty(n, dtype=[("length", ">i4"), ("value", dtype)])
    record["length"], record["value"] = width, values
    sizes = np.full(n, 4 + width, np.int64)
    data = record.view(np.uint8).reshape(n, 4 + width)
    if nulls is not None:
        record["length"][nulls] = -1
        sizes[nulls] = 4
        keep = np.ones(data.shape, bool)
        keep[nulls, 4:] = False
        data = data[keep]
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(sizes, out=offsets[1:])
    data = np.ascontiguousarray(data)
    return pa.Array.from_buffers(_BIN, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
