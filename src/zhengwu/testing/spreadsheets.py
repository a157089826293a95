"""Spreadsheets for tests of hostile uploads: minimal workbooks of many rows, and a real zip bomb."""

import struct
import zipfile
import zlib

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationshi'
    'ps+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/packa'
         'ge/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2'
    '006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="s" '
    'sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/pa'
            'ckage/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocume'
            'nt/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadshe'
         'etml/'
         '2006/main">%s<sheetData>')
_ROW = (
    '<row r="%d"><c r="A%d" t="inlineStr"><is><t>LIC-1</t></is></c><c r="B%d" t="inlineStr"><is><t>罗许〔16〕'
    '1号'
    '</t></is></c><c r="C%d" t="inlineStr"><is><t>食品经营许可</t></is></c></row>'
)


def write_xlsx(
    path, rows: int, *, dimension: str = "", target_bytes: int = 0, level: int = 9, zip64: bool = True
):
    """A minimal workbook whose first sheet has `rows` rows (or repeats them up to `target_bytes` of XML)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as sheet:
            sheet.write((_HEAD % (f'<dimension ref="{dimension}"/>' if dimension else "")).encode())
            written, n, chunk = 0, 0, []
            while n < rows or written < target_bytes:
                n += 1
                chunk.append(_ROW % (n, n, n, n))
                if len(chunk) == 5000:
                    data = "".join(chunk).encode()
                    sheet.write(data)
                    written += len(data)
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return path


def write_bomb(path, expanded: int = 400 << 20):
    """The attack of issue 12 §4: an XLSX of about 1.4 MB whose sheet expands to `expanded` bytes of rows.

    Deflating 400 MB takes seconds, so one 1 MB run of rows is deflated once and its blocks repeated
    (after a full flush a deflate block refers to nothing before it): the same bytes a slow zip would hold.
    """
    row = _ROW.replace(' r="%d"', "").replace(' r="A%d"', "").replace(' r="B%d"', "").replace(' r="C%d"', "")
    chunk = (row * ((1 << 20) // len(row.encode()))).encode()
    head, tail = (_HEAD % "").encode(), b"</sheetData></worksheet>"
    repeats = expanded // len(chunk)

    def deflate(data: bytes, final: bool = False) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    sheet = (deflate(head) + deflate(chunk) * repeats + deflate(tail, final=True),
             zlib.crc32(tail, crc), len(head) + len(chunk) * repeats + len(tail))
    members = [
        (name, deflate(text.encode(), final=True), zlib.crc32(text.encode()), len(text.encode()))
        for name, text in (
            ("[Content_Types].xml", _CT),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _WB),
            ("xl/_rels/workbook.xml.rels", _WB_RELS),
        )
    ]
    members.append(("xl/worksheets/sheet1.xml", *sheet))
    out, directory = bytearray(), bytearray()
    for name, data, crc, size in members:
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(name.encode()), 0)
        directory += (
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, len(out)) + name.encode()
        )
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name.encode() + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(out), 0)
    path.write_bytes(bytes(out + directory + end))
    return path
