"""Changing the calendar: overrides, one by one or from a CSV, each written to the ledger."""

import csv
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.ledger.services import record, snapshot
from zhengwu.workdays.models import Override

_TRUE = {"1", "true", "yes", "y", "上班", "工作日", "是"}
_FALSE = {"0", "false", "no", "n", "放假", "休息日", "否"}


def override_set(*, day: date, is_workday: bool, name: str = "", note: str = "", actor=None) -> Override:
    """Create or change the override for one date."""
    existing = Override.objects.filter(date=day).first()
    before = snapshot(existing) if existing else None
    obj, _created = Override.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "name": name, "note": note}
    )
    record(action="workdays.override.set", obj=obj, actor=actor, before=before, after=snapshot(obj))
    return obj


def overrides_import(text: str, *, actor=None) -> int:
    """Import `date,is_workday,name[,note]` rows; all or nothing, errors name the line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"date", "is_workday"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            _("缺少列：%(cols)s（需要 date,is_workday,name）") % {"cols": ", ".join(sorted(missing))}
        )
    rows = []
    for line, row in enumerate(reader, start=2):
        try:
            day = date.fromisoformat((row["date"] or "").strip())
        except ValueError:
            raise ValidationError(
                _("第 %(line)d 行：日期“%(v)s”不是 YYYY-MM-DD。") % {"line": line, "v": row["date"]}
            )
        flag = (row["is_workday"] or "").strip().lower()
        if flag not in _TRUE | _FALSE:
            raise ValidationError(
                _("第 %(line)d 行：is_workday“%(v)s”应为 1（上班）或 0（放假）。")
                % {"line": line, "v": row["is_workday"]}
            )
        rows.append((day, flag in _TRUE, (row.get("name") or "").strip(), (row.get("note") or "").strip()))
    with transaction.atomic():
        for day, is_workday, name, note in rows:
            override_set(day=day, is_workday=is_workday, name=name, note=note, actor=actor)
    return len(rows)
