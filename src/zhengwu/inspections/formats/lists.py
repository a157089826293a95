"""Exported directories (CSV) read into the draw's inputs, for `zhengwu inspections draw` and `verify-export`.

OBJECTS.csv    id,name,uscc,street,industry,risk   (risk: high, medium, low — 高/中/低 accepted)
               optional: last_inspected (YYYY-MM-DD), last_inspectors (ids separated by ;),
               inspections_this_year, credit_class (A–D), departments (unit codes separated by ;)
INSPECTORS.csv id,name,unit,street,fields,conflicts (fields and conflicts separated by ;)
               optional: certificate_until (YYYY-MM-DD; when the column exists, empty = no valid 执法证),
               support_only (1 = testing body or contractor)

UTF-8 (with or without BOM) or GB18030. Every problem raises `ListError` with one line naming the file,
the row and the column.
"""

import csv
import io
import re
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from zhengwu.inspections.rules.drawing import InspectionObject, Inspector
from zhengwu.inspections.standard import RISK_ALIASES

OBJECT_COLUMNS = ("id", "name", "uscc", "street", "industry", "risk")
INSPECTOR_COLUMNS = ("id", "name", "unit", "street", "fields", "conflicts")
MAX_BYTES = 200 * 1024 * 1024
_SEPARATORS = re.compile(r"[;；]")


class ListError(ValueError):
    """One clear line about an unreadable list."""


def _split(value: str) -> frozenset[str]:
    return frozenset(v.strip() for v in _SEPARATORS.split(value or "") if v.strip())


def read_rows(path: str | Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV file with at least the `required` columns."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ListError(_("文件 %(file)s 超过 200 MB") % {"file": path})
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ListError(_("无法读取文件 %(file)s：文件不存在") % {"file": path}) from None
    except OSError as exc:
        raise ListError(
            _("无法读取文件 %(file)s：%(error)s") % {"file": path, "error": exc.strerror or exc}
        ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ListError(_("无法识别文件 %(file)s 的编码（请使用 UTF-8）") % {"file": path})
    if "\x00" in text:
        raise ListError(_("文件 %(file)s 不是文本表格") % {"file": path})
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [c for c in required if c not in header]
        if missing:
            raise ListError(_("文件 %(file)s 缺少列：%(cols)s（需要 %(need)s）") % {
                "file": path, "cols": ",".join(missing), "need": ",".join(required)})
        rows = []
        for row in reader:
            if None in row:
                raise ListError(_("文件 %(file)s 第 %(line)s 行的单元格多于表头") % {
                    "file": path, "line": reader.line_num})
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:
        raise ListError(_("文件 %(file)s 不是有效的 CSV：%(error)s") % {"file": path, "error": exc}) from None
    return rows


def _date(path, line: int, column: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ListError(
            _("文件 %(file)s 第 %(line)s 行 %(col)s：日期格式应为 YYYY-MM-DD，收到“%(value)s”")
            % {"file": path, "line": line, "col": column, "value": value}
        ) from None


def _int(path, line: int, column: str, value: str) -> int:
    if not value:
        return 0
    if not value.isdigit():
        raise ListError(_("文件 %(file)s 第 %(line)s 行 %(col)s：应为不小于 0 的整数，收到“%(value)s”") % {
            "file": path, "line": line, "col": column, "value": value})
    return int(value)


def read_objects(path: str | Path) -> list[InspectionObject]:
    objects = []
    for line, row in read_rows(path, OBJECT_COLUMNS):
        risk = row["risk"].lower()
        risk = str(RISK_ALIASES.get(row["risk"], risk))
        if not row["id"]:
            raise ListError(_("文件 %(file)s 第 %(line)s 行：id 为空") % {"file": path, "line": line})
        if risk not in ("high", "medium", "low"):
            raise ListError(
                _("文件 %(file)s 第 %(line)s 行 risk：应为 high、medium 或 low，收到“%(value)s”")
                % {"file": path, "line": line, "value": row["risk"]}
            )
        if not row["street"]:
            raise ListError(_("文件 %(file)s 第 %(line)s 行 street：检查对象所在街道为空") % {
                "file": path, "line": line})
        objects.append(
            InspectionObject(
                id=row["id"],
                name=row["name"],
                uscc=row["uscc"].upper(),
                street=row["street"],
                industry=row["industry"],
                risk=risk,
                credit_class=row.get("credit_class", "").upper(),
                last_inspected=_date(path, line, "last_inspected", row.get("last_inspected", "")),
                last_inspectors=_split(row.get("last_inspectors", "")),
                inspections_this_year=_int(
                    path, line, "inspections_this_year", row.get("inspections_this_year", "")
                ),
                departments=tuple(sorted(_split(row.get("departments", "")))),
            )
        )
    return objects


def read_inspectors(path: str | Path) -> list[Inspector]:
    inspectors = []
    for line, row in read_rows(path, INSPECTOR_COLUMNS):
        if not row["id"]:
            raise ListError(_("文件 %(file)s 第 %(line)s 行：id 为空") % {"file": path, "line": line})
        has_certificate_column = "certificate_until" in row
        until = _date(path, line, "certificate_until", row.get("certificate_until", ""))
        inspectors.append(Inspector(
            id=row["id"], unit=row["unit"], street=row["street"],
            fields=frozenset(v.strip() for v in re.split(r"[;；、]", row["fields"]) if v.strip()),
            conflicts=_split(row["conflicts"]),
            certified=until is not None or not has_certificate_column, certificate_until=until,
            support_only=row.get("support_only", "").lower() in ("1", "true", "yes", "是")))
    return inspectors
