"""XLSX files built from the standard: the department's template, the error report, exports."""

import io

import polars as pl
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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
        if f.type in (Type.DATE, Type.TIMESTAMP):
            for row in range(2, 502):
                ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"
        else:
            for row in range(2, 502):
                ws.cell(row=row, column=col).number_format = "@"
    for i, (letter, values, f) in enumerate(enum_columns, start=1):
        for r, v in enumerate(values, start=1):
            lists.cell(row=r, column=i, value=v)
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


def error_report(table, std: Standard, invalid: pl.DataFrame | None, errors: pl.DataFrame) -> bytes:
    """The unit's own invalid rows, wrong cells marked red with the reason as a comment and beside the row."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("错误报告"))
    headers = [h for h in table.headers if h in table.mapping]
    codes = [table.mapping[h] for h in headers]
    ws.append([_("行号")] + headers + [_("错误说明")])
    by_row: dict[int, list[dict]] = {}
    for e in errors.iter_rows(named=True):
        by_row.setdefault(e["row"], []).append(e)
    comments = 0
    if invalid is not None:
        for values in invalid.select(["__row", *[c for c in codes if c in invalid.columns]]).iter_rows():
            row_no, cells = values[0], values[1:]
            row_errors = by_row.pop(row_no, [])
            bad = {e["field"]: e["message"] for e in row_errors}
            out = [row_no]
            for code, value in zip(codes, cells, strict=False):
                if code not in bad:
                    out.append(value)  # plain values are much cheaper to write than styled cells
                    continue
                cell = WriteOnlyCell(ws, value=value)
                cell.fill = BAD
                if comments < MAX_COMMENTS:
                    cell.comment = Comment(bad[code], "zhengwu")
                    comments += 1
                out.append(cell)
            out.append("；".join(e["message"] for e in row_errors))
            ws.append(out)
    for row_no, row_errors in sorted(by_row.items(), key=lambda kv: kv[0] or 0):  # rows the reader skipped
        ws.append([row_no] + [None] * len(headers) + ["；".join(e["message"] for e in row_errors)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_xlsx(std: Standard, rows: list[dict]) -> bytes:
    """Records as an XLSX with the standard's Chinese headers (the template's shape)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(std.title[:31])
    ws.append([f.name for f in std.fields])
    for data in rows:
        ws.append([data.get(f.code) for f in std.fields])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
