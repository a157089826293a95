"""The monthly report of the 大分拨 unit figures (大督查 月报, issue 15 §8) as XLSX and PDF bytes, from the
dictionary `selectors.figures.unit_figures` answers — the numbers exactly as the page shows them (percentages
with two decimals, "—" for nothing to judge). Pure: no ORM, no request.

The PDF follows reforms.formats.monthly_pdf: reportlab's built-in CID font STSong-Light draws Chinese without
shipping a font file. Every XLSX cell goes through core.spreadsheets.neutralise (a unit or problem name that
starts with = is text, never a formula).
"""

import io

from django.utils.translation import gettext as _

from zhengwu.core.spreadsheets import neutralise_row
from zhengwu.dispatch.rules.figures import RATES

FONT = "STSong-Light"

#: The rates printed per unit, in order.
UNIT_RATES = (
    "accepted_on_time",
    "return_rate",
    "extension_rate",
    "resolved_on_time",
    "first_time",
    "reopen_rate",
    "resolution",
    "satisfaction",
    "orders_in_time",
)


def fmt(value) -> str:
    """None → "—", a float with two decimals, anything else as it is."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def unit_header() -> list[str]:
    return [
        _("单位"),
        _("受理量"),
        *(str(RATES[r][2]) + "%" for r in UNIT_RATES),
        _("超期未办结"),
        _("督办单"),
        _("综合得分"),
    ]


def unit_cells(row: dict) -> list:
    c = row["counts"]
    return [row["unit_name"], c["received"], *(row["rates"][r] for r in UNIT_RATES), c["open_overdue"],
            c["orders_issued"], row["score"]]


def ranking_header() -> list[str]:
    return [_("名次"), _("单位"), _("综合得分"), _("受理量"), _("按时办结率") + "%", _("满意率") + "%"]


def ranking_cells(row: dict) -> list:
    return [row["rank"], row["unit_name"], row["score"], row["counts"]["received"],
            row["rates"]["resolved_on_time"], row["rates"]["satisfaction"]]


def title(figures: dict) -> str:
    months = figures["months"]
    span = months[0] if len(months) == 1 else f"{months[0]} — {months[-1]}"
    return _("大分拨单位指标月报（%(m)s）") % {"m": span}


def _weights_line(figures: dict) -> str:
    return _("综合得分权重：%(w)s；统计时间 %(t)s") % {
        "w": "，".join(f"{k} {v:g}" for k, v in figures["weights"].items()),
        "t": figures["computed_at"] or "—",
    }


def xlsx(figures: dict) -> bytes:
    """The report as an XLSX workbook: 单位指标, 街道排名, 部门排名, 每月一题, 计算公式."""
    from openpyxl import Workbook  # deferred: only the export needs openpyxl (heavy to import)

    wb = Workbook()
    ws = wb.active
    ws.title = _("单位指标")
    ws.append(neutralise_row([title(figures)]))
    ws.append(neutralise_row([_weights_line(figures)]))
    ws.append(neutralise_row(unit_header()))
    for row in figures["units"]:
        ws.append(neutralise_row(unit_cells(row)))
    ranking = figures.get("ranking") or {}
    for name, key in ((_("街道排名"), "streets"), (_("部门排名"), "departments")):
        sheet = wb.create_sheet(name)
        sheet.append(neutralise_row(ranking_header()))
        for row in ranking.get(key, ()):
            sheet.append(neutralise_row(ranking_cells(row)))
    sheet = wb.create_sheet(_("每月一题"))
    sheet.append(neutralise_row([_("街道"), _("问题"), _("事件数")]))
    for topic in figures["topics"]:
        for p in topic["problems"]:
            sheet.append(neutralise_row([topic["street_name"], p["problem"], p["events"]]))
    sheet = wb.create_sheet(_("计算公式"))
    sheet.append(neutralise_row([_("指标"), _("分子"), _("分母")]))
    for f in figures["formulas"]:
        sheet.append(neutralise_row([f["label"], f["numerator"], f["denominator"]]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def pdf(figures: dict) -> bytes:
    """The report as PDF bytes (A4 landscape, tables repeat their header on each page)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    heading_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9.5, wordWrap="CJK")
    style = TableStyle([("FONT", (0, 0), (-1, -1), font, 7.5), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def table(header, rows):
        head = [Paragraph(h, cell) for h in header]
        data = [head, *rows] if rows else [head, [_("无")] + [""] * (len(header) - 1)]
        t = Table(data, repeatRows=1)
        t.setStyle(style)
        return t

    def cells(values):
        return [Paragraph(v, cell) if isinstance(v, str) else fmt(v) for v in values]

    ranking = figures.get("ranking") or {}
    story = [
        Paragraph(title(figures), heading_style),
        Paragraph(_weights_line(figures), body),
        Spacer(1, 3 * mm),
    ]
    story += [Paragraph(_("单位指标"), heading),
              table(unit_header(), [cells(unit_cells(r)) for r in figures["units"]])]
    for name, key in ((_("街道排名"), "streets"), (_("部门排名"), "departments")):
        story += [Paragraph(name, heading),
                  table(ranking_header(), [cells(ranking_cells(r)) for r in ranking.get(key, ())])]
    story += [Paragraph(_("每月一题（主动治理）"), heading),
              table([_("街道"), _("问题"), _("事件数")],
                    [cells([t["street_name"], p["problem"], p["events"]]) for t in figures["topics"]
                     for p in t["problems"]])]
    story += [Paragraph(_("计算公式"), heading),
              table([_("指标"), _("分子"), _("分母")],
                    [cells([f["label"], f["numerator"], f["denominator"]]) for f in figures["formulas"]])]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title=title(figures), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm, invariant=1)
    doc.build(story)
    return out.getvalue()
