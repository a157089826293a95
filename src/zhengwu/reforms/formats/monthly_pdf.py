"""The printable monthly report of 大督查 (督查月报) as PDF bytes, from the figures the dashboard shows.

Pure: `render(figures)` takes the dictionary built by `selectors.monthly.overview` (labels already translated)
and returns the bytes. reportlab's built-in CID font STSong-Light (Adobe-GB1) draws Chinese without shipping a
font file: a reader substitutes its own Song face. Every number is printed as the dashboard prints it (scores
with two decimals, "—" for none), one table row per unit, so the report can be read back and compared.
"""

import io

#: the built-in Adobe CID font used for every string (Chinese, digits and Latin alike)
FONT = "STSong-Light"


def fmt(value) -> str:
    """A figure as printed: None → "—", a float with two decimals, anything else as it is."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def render(figures: dict) -> bytes:
    """The monthly report as PDF bytes (A4, tables repeat their header on each page)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    labels = figures["labels"]
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    style = TableStyle([("FONT", (0, 0), (-1, -1), font, 8.5), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def table(header, rows, widths=None):
        data = [header, *rows] if rows else [header, [labels["none"]] + [""] * (len(header) - 1)]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(style)
        return t

    story = [Paragraph(figures["title"], title), Paragraph(figures["period_line"], body), Spacer(1, 3 * mm)]
    story.append(Paragraph(labels["summary"], heading))
    story += [Paragraph(line, body) for line in figures["summary_lines"]]
    story.append(Paragraph(labels["projects"], heading))
    story.append(
        table(
            labels["project_header"],
            [
                [Paragraph(p["title"], cell), fmt(p["green"]), fmt(p["yellow"]), fmt(p["red"])]
                for p in figures["projects"]
            ],
            widths=[95 * mm, 22 * mm, 22 * mm, 22 * mm],
        )
    )
    story.append(Paragraph(labels["ranking"], heading))
    story.append(table(labels["ranking_header"],
                       [[fmt(u["rank"]), u["unit_name"], fmt(u["score"]), fmt(u["measures"]), fmt(u["due"]),
                         fmt(u["kept"])] for u in figures["units"]]))
    story.append(Paragraph(labels["assessment"], heading))
    story.append(table(labels["assessment_header"],
                       [[fmt(a["rank"]), a["unit_name"], fmt(a["score"])] for a in figures["assessment"]]))
    story.append(Paragraph(labels["systems"], heading))
    story.append(
        table(
            labels["systems_header"],
            [[s["name"], fmt(s["due"]), fmt(s["kept"]), fmt(s["score"])] for s in figures["systems"]],
        )
    )
    story.append(Paragraph(labels["micro"], heading))
    story.append(
        table(
            labels["micro_header"],
            [
                [
                    m["kind_label"],
                    Paragraph(m["title"], cell),
                    m["unit_name"],
                    m["light_label"],
                    fmt(m["next_due"]),
                ]
                for m in figures["micro"]
            ],
            widths=[18 * mm, 70 * mm, 35 * mm, 18 * mm, 25 * mm],
        )
    )
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=figures["title"], author=figures.get("author", ""),
                            leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
                            invariant=1)
    doc.build(story)
    return out.getvalue()
