"""The binary COPY encoder (`services/pg_copy`): byte for byte what PostgreSQL itself writes, every value
back as it went in, and a clear refusal where the format cannot carry a column."""

import json
from datetime import UTC, date, datetime, timedelta, timezone

import polars as pl
import pytest
from django.db import connection

from zhengwu.credit.models import Kind
from zhengwu.credit.services import pg_copy

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's binary COPY")

COLUMNS = {  # column: (SQL type, polars dtype)
    "t": ("text", pl.String),
    "v": ("varchar(40)", pl.String),
    "j": ("jsonb", pl.String),
    "js": ("json", pl.String),
    "b": ("boolean", pl.Boolean),
    "d": ("date", pl.Date),
    "ts": ("timestamp", pl.Datetime("us")),
    "tz": ("timestamptz", pl.Datetime("us", "Asia/Shanghai")),
    "i2": ("smallint", pl.Int16),
    "i4": ("integer", pl.Int64),  # polars' integers into a narrower column: range-checked
    "i8": ("bigint", pl.Int64),
}
SHANGHAI = timezone(timedelta(hours=8))
ROWS = [  # jsonb as PostgreSQL prints it (keys by length, then bytes; ", " and ": "), so that its own
    # binary output can be compared byte for byte
    ("深圳市\n罗湖区", 'say "hi", \\N', '{"a": "罗湖", "bb": [1, 2.5, null]}', '{ "z" : 1 }', True,
     date(2016, 3, 1), datetime(2016, 3, 1, 8, 30), datetime(2016, 3, 1, 8, 30, tzinfo=SHANGHAI), -32768,
     2**31 - 1, 2**63 - 1),
    ("", "", '{"": ""}', "[]", False, date(1999, 12, 31), datetime(1970, 1, 1), datetime(1999, 12, 31,
     23, 59, 59, 999_999, tzinfo=UTC), 32767, -(2**31), -(2**63)),
    (None, None, None, None, None, None, None, None, None, None, None),
    ("😀\t,", "a" * 40, '"text"', "null", True, date(9999, 12, 31), datetime(2099, 12, 31, 23, 59),
     datetime(2000, 1, 1, tzinfo=UTC), 0, 0, 0),
]


def frame(rows=ROWS) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={c: dtype for c, (_, dtype) in COLUMNS.items()}, orient="row")


def stream(df: pl.DataFrame, types, **kw) -> bytes:
    return b"".join(bytes(part) for part in pg_copy.encoded(df, types, **kw))


@pytest.fixture
def table(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE pgc (id serial, "
                       + ", ".join(f"{c} {t}" for c, (t, _) in COLUMNS.items()) + ")")
        yield cursor
        cursor.execute("DROP TABLE pgc")


def copy_in(cursor, data: bytes, columns) -> None:
    with cursor.cursor.copy(f"COPY pgc ({', '.join(columns)}) FROM STDIN (FORMAT binary)") as copy:
        copy.write(data)


@postgresql_only
def test_the_stream_is_byte_for_byte_what_postgresql_writes_and_reads_back_the_same(table):
    types = pg_copy.column_types(table, "pgc", list(COLUMNS))
    assert types == {"t": "text", "v": "varchar", "j": "jsonb", "js": "json", "b": "bool", "d": "date",
                     "ts": "timestamp", "tz": "timestamptz", "i2": "int2", "i4": "int4", "i8": "int8"}
    ours = stream(frame(), types, chunk_rows=3)  # two chunks
    copy_in(table, ours, COLUMNS)
    names = ", ".join(COLUMNS)  # the module's own constants
    with table.cursor.copy(f"COPY (SELECT {names} FROM pgc ORDER BY id) TO STDOUT (FORMAT binary)") as copy:  # noqa: S608
        theirs = b"".join(bytes(block) for block in copy)
    assert ours == theirs
    table.execute(f"SELECT {names} FROM pgc ORDER BY id")  # noqa: S608
    back = table.fetchall()
    for got, sent in zip(back, ROWS, strict=True):
        got = list(got)
        for i in (2, 3):  # Django's connection hands out jsonb as text (json parsed)
            got[i] = json.loads(got[i]) if isinstance(got[i], str) else got[i]
        expected = list(sent)
        expected[2] = None if sent[2] is None else json.loads(sent[2])
        expected[3] = None if sent[3] is None else json.loads(sent[3])
        assert got[:7] + got[8:] == expected[:7] + expected[8:]
        assert got[7] == sent[7]  # the same instant (read back in the connection's zone)


@postgresql_only
def test_constants_are_the_same_fields_in_every_row(table):
    types = pg_copy.column_types(table, "pgc", list(COLUMNS))
    df = frame().select("t", "d")
    instant = datetime(2026, 12, 6, 22, 41, 35, 123456, tzinfo=UTC)
    data = stream(df, types, constants={"i8": 2**40, "v": Kind.LICENSE, "tz": instant, "b": None})
    copy_in(table, data, ["t", "d", "i8", "v", "tz", "b"])
    table.execute("SELECT t, d, i8, v, tz, b FROM pgc ORDER BY id")
    assert table.fetchall() == [(row[0], row[5], 2**40, "license", instant, None) for row in ROWS]


def test_chunking_does_not_change_the_stream():
    types = {c: {"text": "text", "varchar(40)": "varchar", "boolean": "bool", "smallint": "int2", "integer":
                 "int4", "bigint": "int8"}.get(t, t) for c, (t, _) in COLUMNS.items()}
    whole = stream(frame(), types)
    assert whole.startswith(pg_copy.SIGNATURE) and whole.endswith(pg_copy.TRAILER)
    assert stream(frame(), types, chunk_rows=1) == stream(frame(), types, chunk_rows=2) == whole
    assert stream(frame([]), types) == pg_copy.SIGNATURE + pg_copy.TRAILER  # no rows: a valid empty COPY


def test_dates_may_come_as_iso_text():
    as_text = pl.DataFrame({"d": ["2016-03-01", None, "1999-12-31"]})
    as_dates = pl.DataFrame({"d": [date(2016, 3, 1), None, date(1999, 12, 31)]})
    assert stream(as_text, {"d": "date"}) == stream(as_dates, {"d": "date"})


def test_a_null_only_column_is_nulls_whatever_its_type():
    nothing = pl.DataFrame({"x": [None, None]})
    assert nothing["x"].dtype == pl.Null
    data = stream(nothing, {"x": "date"})
    row = b"\x00\x01" + b"\xff\xff\xff\xff"  # one field, NULL
    assert data == pg_copy.SIGNATURE + row * 2 + pg_copy.TRAILER


@pytest.mark.parametrize(
    ("df", "types", "message"),
    [
        (pl.DataFrame({"x": [1.5]}), {"x": "float8"}, r"no binary COPY encoder for x \(float8\)"),
        (pl.DataFrame({"x": ["a"]}), {}, r"no binary COPY encoder for x \(None\)"),
        (pl.DataFrame({"x": [1]}), {"x": "text"}, "x: text from Int64"),
        (pl.DataFrame({"x": ["2016-03-01", "2016-02-30"]}), {"x": "date"}, r"x: '2016-02-30' is not a date"),
        (pl.DataFrame({"x": [True]}), {"x": "date"}, "x: date from Boolean"),
        (pl.DataFrame({"x": [datetime(2016, 3, 1)]}), {"x": "timestamptz"}, "x: timestamptz from Datetime"),
        (pl.DataFrame({"x": [40_000]}), {"x": "int2"}, "x: a value outside int2's range"),
        (pl.DataFrame({"x": [2**31]}), {"x": "int4"}, "x: a value outside int4's range"),
    ],
)
def test_what_the_format_cannot_carry_is_refused_by_name_before_anything_is_sent(df, types, message):
    with pytest.raises(pg_copy.Unencodable, match=message):
        next(iter(pg_copy.encoded(df, types)))


@postgresql_only
def test_a_missing_column_is_named(table):
    with pytest.raises(pg_copy.Unencodable, match="pgc has no column nope"):
        pg_copy.column_types(table, "pgc", ["t", "nope"])
