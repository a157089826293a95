"""XLSX files built from the standard: the department's template, the error report, exports."""

import io
import re
import zipfile
from xml.sax.saxutils import escape

import polars as pl
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zhengwu.core.spreadsheets import neutralise, neutralise_row
from zhengwu.credit.standard import OTHER, Check, Field, Standard, Type

BAD = PatternFill("solid", fgColor="FFC7CE")
REQUIRED_FONT = Font(bold=True, color="C00000")
MAX_COMMENTS = 1_000  # beyond this, reasons are still in the 错误说明 column (comments are slow to write)


def field_comment(f: Field) -> str:
    """The standard's description of a field, as shown in the template's header comments."""
    parts = [f"{f.code} {f.name}", _("必填") if f.required else _("选填")]
    if f.max_length:
        parts.append(_("最多 %(n)s 个字符") % {"n": f.max_length})
    if f.type in (Type.DATE, Type.TIMESTAMP):
        parts.append(_("日期格式 YYYY-MM-DD"))
    if f.long_term:
        parts.append(_("长期填 2099/12/31"))
    if f.enum:
        parts.append(_("可选：%(v)s") % {"v": "、".join(f.enum)})
    if f.note:
        parts.append(f.note)
    return "\n".join(parts)


def template(std: Standard, *, streets: list[str]) -> bytes:
    """The department's XLSX template: headers, notes as comments, dropdowns, date formats."""
    wb = Workbook()
    ws = wb.active
    ws.title = std.title[:31]
    lists = wb.create_sheet(_("选项"))
    enum_columns = []
    for col, f in enumerate(std.fields, start=1):
        cell = ws.cell(row=1, column=col, value=f.name)
        cell.comment = Comment(field_comment(f), "zhengwu", width=320, height=200)
        if f.required:
            cell.font = REQUIRED_FONT
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(12, min(40, len(f.name) * 2 + 2))
        values = list(f.enum)
        if f.check is Check.STATUS:
            values = list(f.enum)
        elif f.check is Check.STREET:
            values = streets
        if values:
            enum_columns.append((letter, values, f))
        # a column style, not 500 styled empty cells: every cell typed into the column takes it (Excel, WPS,
        # LibreOffice), however long the sheet grows, and the file is built in a tenth of the time
        ws.column_dimensions[letter].number_format = (
            "yyyy-mm-dd" if f.type in (Type.DATE, Type.TIMESTAMP) else "@"
        )
    for i, (letter, values, f) in enumerate(enum_columns, start=1):
        for r, v in enumerate(values, start=1):  # street names come from the database
            lists.cell(row=r, column=i, value=neutralise(v))
        ref = f"'{lists.title}'!${get_column_letter(i)}$1:${get_column_letter(i)}${len(values)}"
        dv = DataValidation(type="list", formula1=ref, allow_blank=not f.required,
                            showErrorMessage=f.check is not Check.CATEGORY)
        dv.prompt = field_comment(f) if OTHER not in values else _("“其他”须注明，例如 其他（备案）")
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}5000")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class ErrorReport:
    """The error report, streamed: the unit's own invalid rows, wrong cells marked red with the reason as a
    comment (the first MAX_COMMENTS) and all reasons beside the row in 错误说明.

        with ErrorReport(table, path) as rep:
            rep.add(invalid_rows, errors)     # per batch: raw rows with "__row", their errors
        # path now holds the XLSX

    openpyxl spends ~25 µs per cell even in write-only mode (a 1M-row file with 5 % bad rows took longer
    to report than to store), so the sheet XML is written here directly into the zip, one row at a time:
    memory stays constant whatever the number of invalid rows. The file is a plain SpreadsheetML package
    (inline strings, one fill style, legacy comments). Checked: openpyxl and calamine read it (tests);
    LibreOffice Calc 7.4 opens it, and re-saving it from Calc keeps every value (quotes, <, &, line
    breaks), the red fills and the comments (2026-11-25, by hand). Not opened in Excel or WPS here.
    """

    def __init__(self, table, target):
        self.headers = [h for h in table.headers if h in table.mapping]
        self.codes = [table.mapping[h] for h in self.headers]
        self.letters = [get_column_letter(i) for i in range(1, len(self.headers) + 3)]
        self.comments: list[tuple[str, str]] = []
        self.rows = 0
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheet = io.TextIOWrapper(self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True),
                                       encoding="utf-8", newline="")
        self._sheet.write(_SHEET_HEAD)
        self._row([_("行号"), *self.headers, _("错误说明")], {})

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _row(self, values, bad: dict[int, str]) -> None:
        self.rows += 1
        r = str(self.rows)
        out = [f'<row r="{r}">']
        for i, v in enumerate(values):
            ref = self.letters[i] + r
            style = ' s="1"' if i in bad else ""
            if v is None or v == "":
                if style:  # an empty cell that is wrong (a required field left blank): red like any other
                    out.append(f'<c r="{ref}"{style}/>')
                continue
            if isinstance(v, int):
                out.append(f'<c r="{ref}"{style}><v>{v}</v></c>')
            else:  # always text, never a formula; formula-like text quoted (core.spreadsheets.neutralise)
                out.append(
                    f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_xml(neutralise(v))}'
                    "</t></is></c>"
                )
        out.append("</row>")
        self._sheet.write("".join(out))
        for i, text in bad.items():
            if len(self.comments) < MAX_COMMENTS:
                self.comments.append((self.letters[i] + r, text))

    def add(self, invalid: pl.DataFrame, errors: pl.DataFrame) -> None:
        """Append a batch's invalid rows (raw cells and a "__row" column) with their errors.

        The rows' XML is built column-wise by polars — what `_row` writes for one row, for all of them at
        once (row by row it took 1.9–2.4 s of Python for a 1,000,000-row file with 5 % bad rows, on the
        thread that reads the next batch during an import); only the first MAX_COMMENTS red cells are
        walked one by one, for their comments.
        """
        if not len(invalid):
            return
        per_row = errors.group_by("row", maintain_order=True).agg("field", "message")
        rows = invalid.select(["__row", *[c for c in self.codes if c in invalid.columns]])
        joined = rows.join(per_row, left_on="__row", right_on="row", how="left", maintain_order="left")
        first = self.rows + 1
        joined = joined.with_columns(
            pl.int_range(first, first + len(joined), eager=True).cast(pl.Utf8).alias("__r"),
            pl.col("message").list.join("；").fill_null("").alias("__reasons"),
        )
        fields = pl.col("field")
        cells = [pl.format('<c r="A{}"><v>{}</v></c>', pl.col("__r"), pl.col("__row"))]
        for i, code in enumerate(self.codes, start=1):
            if code in rows.columns:
                bad = fields.list.contains(code).fill_null(False)
                cells.append(_cell_xml(self.letters[i], joined[code], bad))
            else:  # not in the file: red when an error names it, else nothing
                cells.append(pl.when(fields.list.contains(code).fill_null(False))
                             .then(pl.format('<c r="{}{}" s="1"/>', pl.lit(self.letters[i]), pl.col("__r")))
                             .otherwise(pl.lit("")))
        cells.append(_cell_xml(self.letters[len(self.codes) + 1], joined["__reasons"], pl.lit(False)))
        row = pl.concat_str([pl.format('<row r="{}">', pl.col("__r")), *cells, pl.lit("</row>")])
        self._sheet.write("".join(joined.select(row).to_series().to_list()))
        if len(self.comments) < MAX_COMMENTS:  # the red cells' reasons as comments, in reading order
            position = {code: i + 1 for i, code in enumerate(self.codes)}
            for n, (row_fields, messages) in enumerate(joined.select("field", "message").iter_rows()):
                bad = {position[f]: m for f, m in zip(row_fields or [], messages or [], strict=True)
                       if f in position}
                for i, text in bad.items():
                    if len(self.comments) < MAX_COMMENTS:
                        self.comments.append((self.letters[i] + str(first + n), text))
                if len(self.comments) >= MAX_COMMENTS:
                    break
        self.rows += len(joined)

    def close(self) -> None:
        if self._zip.fp is None:
            return
        legacy = '<legacyDrawing r:id="rId1"/>' if self.comments else ""
        self._sheet.write(f"</sheetData>{legacy}</worksheet>")
        self._sheet.close()
        z = self._zip
        z.writestr("[Content_Types].xml", _CONTENT_TYPES % (_COMMENT_TYPES if self.comments else ""))
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK % _xml(_("错误报告")))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        if self.comments:
            z.writestr("xl/worksheets/_rels/sheet1.xml.rels", _SHEET_RELS)
            z.writestr(
                "xl/comments1.xml",
                _COMMENTS_HEAD
                + "".join(
                    f'<comment ref="{ref}" authorId="0"><text><t '
                    f'xml:space="preserve">{_xml(text)}</t></text></comment>'
                    for ref, text in self.comments
                )
                + "</commentList></comments>",
            )
            z.writestr(
                "xl/drawings/vmlDrawing1.vml",
                _VML_HEAD
                + "".join(
                    _VML_SHAPE % {"id": 1025 + n, "row": row - 1, "col": col - 1}
                    for n, (row, col) in enumerate(coordinate_to_tuple(ref) for ref, _t in self.comments)
                )
                + "</xml>",
            )
        z.close()


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: a superset of the texts `neutralise` changes (it strips Python's whitespace, which adds \x1c-\x1f to
#: the Unicode White_Space of `\s`): only these few cells go through it, one by one
_MAYBE_FORMULA = r"^(?:[\t\r]|[\s\x1c-\x1f]*[=+\-@])"


def _cell_xml(letter: str, values: pl.Series, bad: pl.Expr) -> pl.Expr:
    """`_row`'s cell in one column of every row: empty and not red -> nothing; empty and red -> a red empty
    cell; else an inline string, neutralised and escaped as `_row` does."""
    values = values.cast(pl.Utf8)  # raw cells are text; a column of only blanks may come typed as Null
    maybe = values.str.contains(_MAYBE_FORMULA).fill_null(False)
    if maybe.any():  # the rare formula-like texts, through `neutralise` itself
        where = maybe.arg_true()
        values = values.scatter(where, [neutralise(v) for v in values.gather(where).to_list()])
    cell = pl.lit(values)
    text = cell
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):  # xml.sax.saxutils.escape's three
        text = text.str.replace_all(char, entity, literal=True)
    text = text.str.replace_all(_ILLEGAL.pattern, "")
    ref = pl.format("{}{}", pl.lit(letter), pl.col("__r"))
    empty = cell.is_null() | (cell == "")  # neutralise keeps "" and None as they are
    style = pl.when(bad).then(pl.lit(' s="1"')).otherwise(pl.lit(""))
    return (pl.when(empty & bad).then(pl.format('<c r="{}" s="1"/>', ref))
            .when(empty).then(pl.lit(""))
            .otherwise(pl.format('<c r="{}"{} t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>',
                                 ref, style, text)))


def _xml(value) -> str:
    text = escape(str(value))
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_HEAD = (
    _XML_DECL + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><shee'
    'tData>'
)
_CT = "application/vnd.openxmlformats-officedocument"
_CONTENT_TYPES = _XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>%s</Types>')
_COMMENT_TYPES = (f'<Default Extension="vml" ContentType="{_CT}.vmlDrawing"/>'
                  f'<Override PartName="/xl/comments1.xml" ContentType="{_CT}.spreadsheetml.comments+xml"/>')
_ROOT_RELS = _XML_DECL + (f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                          f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = _XML_DECL + (f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
                         '<sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = _XML_DECL + (
    f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
)
_SHEET_RELS = _XML_DECL + (
    f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/vmlDrawing" '
    'Target="../drawings/vmlDrawing1.vml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/comments" Target="../comments1.xml"/></Relationships>')
_STYLES = _XML_DECL + (
    f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill>'
    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{BAD.fgColor.rgb[-6:]}"/><bgColor indexed="64"/>'
    '</patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></borde'
    'r>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_COMMENTS_HEAD = (
    _XML_DECL + f'<comments xmlns="{_MAIN}"><authors><author>zhengwu</author></authors><commentList>'
)
_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" '
    'data="1"/>'
    '</o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" '
    'o:connecttype="rect"/>'
    "</v:shapetype>"
)
_VML_SHAPE = (
    '<v:shape id="_x0000_s%(id)s" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
    'margin-top:1.5pt;width:144pt;height:60pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
    'o:insetmode="auto">'
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
    '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill>'
    "<x:Row>%(row)s</x:Row><x:Column>%(col)s</x:Column></x:ClientData></v:shape>"
)


def export_xlsx(std: Standard, rows: list[dict]) -> bytes:
    """Records as an XLSX with the standard's Chinese headers (the template's shape)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(std.title[:31])
    ws.append([f.name for f in std.fields])
    for data in rows:  # openpyxl stores a text starting with "=" as a formula: neutralised first
        ws.append(neutralise_row(data.get(f.code) for f in std.fields))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
