"""The error report's rows are built column-wise by polars (`ErrorReport.add`); what it writes must be, byte
for byte, what `_row` writes row by row: the same cells, red where an error names the field (also an
empty or absent one), formula-like text neutralised, XML escaped, illegal characters dropped, and the
same first MAX_COMMENTS comments. Property-tested against that row-by-row reference with hostile text.
"""

import io
import zipfile
from types import SimpleNamespace

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengwu.credit.formats import report

CODES = ["A1", "B2", "C3", "D4"]
HEADERS = ["甲", "乙", "丙", "丁"]
# what makes a cell awkward: formula triggers, every kind of leading blank Python strips (also \x1c-\x1f,
# which Unicode's White_Space lacks), characters XML forbids, entities, numbers (left alone), CJK
AWKWARD = ("=+-@ \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u3000\u2028\x00\x01\x08\ufffe\uffff&<>\"'.eE"
           "0123456789١٢深圳aZ")
BLANKS = " \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u3000\u2028\u200b"
formula_like = st.builds(lambda blanks, trigger, rest: blanks + trigger + rest, st.text(BLANKS, max_size=3),
                         st.sampled_from("=+-@"), st.text(AWKWARD, max_size=5))
cell = st.one_of(st.none(), st.just(""), st.text(alphabet=AWKWARD, max_size=8), formula_like,
                 st.text(max_size=6).filter(lambda t: all(not 0xD800 <= ord(c) <= 0xDFFF for c in t)))


def reference_add(rep: report.ErrorReport, invalid: pl.DataFrame, errors: pl.DataFrame) -> None:
    """The row-by-row version `add` replaced (as it was before issue 13 item 18's last round)."""
    position = {code: i + 1 for i, code in enumerate(rep.codes)}
    per_row = errors.group_by("row", maintain_order=True).agg("field", "message")
    rows = invalid.select(["__row", *[c for c in rep.codes if c in invalid.columns]])
    cols = rows.columns[1:]
    joined = rows.join(per_row, left_on="__row", right_on="row", how="left", maintain_order="left")
    for values in joined.iter_rows():
        row_no, cells = values[0], values[1:len(cols) + 1]
        fields, messages = values[-2] or [], values[-1] or []
        line = [row_no] + [None] * len(rep.codes) + ["；".join(messages)]
        for code, v in zip(cols, cells, strict=True):
            line[position[code]] = v
        bad = {position[f]: m for f, m in zip(fields, messages, strict=True) if f in position}
        rep._row(line, bad)


def written(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@st.composite
def batches(draw):
    """Up to three batches of invalid rows (one column of the standard absent from the file) and errors
    naming present, absent and unknown fields, some more than once."""
    present = CODES[:3]
    out, row = [], 1
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 6))
        data = {code: draw(st.lists(cell, min_size=n, max_size=n)) for code in present}
        invalid = pl.DataFrame({"__row": list(range(row, row + n)), **data},
                               schema={"__row": pl.Int64, **{c: pl.Utf8 for c in present}})
        errors = []
        for r in range(row, row + n):
            for field in draw(st.lists(st.sampled_from([*CODES, "ZZ"]), max_size=4)):
                errors.append({"row": r, "field": field, "message": draw(st.text(AWKWARD, max_size=5))})
        errors = pl.DataFrame(errors, schema={"row": pl.Int64, "field": pl.Utf8, "message": pl.Utf8})
        out.append((invalid, errors))
        row += n
    return out


@settings(max_examples=200, deadline=None)
@given(batches(), st.integers(0, 12))
def test_add_writes_what_row_by_row_writes(tmp_path_factory, batch_list, limit):
    table = SimpleNamespace(headers=HEADERS, mapping=dict(zip(HEADERS, CODES, strict=True)))
    folder = tmp_path_factory.mktemp("rep")
    saved, report.MAX_COMMENTS = report.MAX_COMMENTS, limit  # small, so that it is reached mid-batch
    try:
        with (report.ErrorReport(table, folder / "new.xlsx") as new,
              report.ErrorReport(table, folder / "old.xlsx") as old):
            for invalid, errors in batch_list:
                new.add(invalid, errors)
                reference_add(old, invalid, errors)
            assert new.comments == old.comments and new.rows == old.rows
    finally:
        report.MAX_COMMENTS = saved
    assert written(folder / "new.xlsx") == written(folder / "old.xlsx")


def test_a_formula_an_entity_a_blank_required_cell_and_a_number():
    """The cases by name, readable without the property test's machinery."""
    table = SimpleNamespace(headers=HEADERS, mapping=dict(zip(HEADERS, CODES, strict=True)))
    invalid = pl.DataFrame({"__row": [7], "A1": ["=HYPERLINK(1)"], "B2": [None], "C3": ["-5"]})
    errors = pl.DataFrame({"row": [7, 7], "field": ["B2", "D4"], "message": ["必填 <空>", "缺列"]})
    buf = io.BytesIO()
    with report.ErrorReport(table, buf) as rep:
        rep.add(invalid, errors)
    sheet = zipfile.ZipFile(buf).read("xl/worksheets/sheet1.xml").decode()
    row = sheet[sheet.index('<row r="2">'):sheet.index("</row>", sheet.index('<row r="2">')) + 6]
    assert row == (
        '<row r="2"><c r="A2"><v>7</v></c>'
        '<c r="B2" t="inlineStr"><is><t xml:space="preserve">\'=HYPERLINK(1)</t></is></c>'
        '<c r="C2" s="1"/>'
        '<c r="D2" t="inlineStr"><is><t xml:space="preserve">-5</t></is></c>'
        '<c r="E2" s="1"/>'
        '<c r="F2" t="inlineStr"><is><t xml:space="preserve">必填 &lt;空&gt;；缺列</t></is></c></row>')
    assert rep.comments == [("C2", "必填 <空>"), ("E2", "缺列")]
