"""Records made directly (no import run) for the workflow, objection and assessment tests."""

import hashlib
import itertools
from datetime import date

from django.utils import timezone

from zhengwu.credit.models import Record
from zhengwu.credit.tests.factories import license_row, penalty_row

_seq = itertools.count(1)


def make_record(unit, *, kind: str = "penalty", decided_on: date = date(2025, 9, 29), state: str = "imported",
                due_on: date | None = None, **fields) -> Record:
    n = next(_seq)
    key = fields.pop("key", f"K-{n}")
    data = (penalty_row(CF_XH=key, CF_SXQ=decided_on.isoformat()) if kind == "penalty"
            else license_row(XK_XH=key, XK_SXQ=decided_on.isoformat()))
    data.update(fields.pop("data", {}))
    now = timezone.now()
    values = dict(
        unit=unit,
        kind=kind,
        key=key,
        decision_no=data.get("CF_WSH") or data.get("XK_WSH"),
        subject_name=data.get("CF_XDR_MC") or data.get("XK_XDR"),
        uscc=data.get("CF_XDR_SHXYM") or "",
        category=data.get("CF_CFLB") or data.get("XK_SPLB"),
        decided_on=decided_on,
        valid_until=date(2099, 12, 31),
        street="桂园街道",
        authority="深圳市罗湖区城市管理局",
        data=data,
        digest=hashlib.sha256(str(data).encode()).hexdigest(),
        state=state,
        due_on=due_on,
        created_at=now,
        updated_at=now,
    )
    values.update(fields)
    return Record.objects.create(**values)
