"""Supervision notices for their page: the offices and district supervisors see all, a unit its own."""

from datetime import date

from zhengwu.org.scoping import scoped
from zhengwu.reforms.models import Notice
from zhengwu.reforms.standard import NOTICE_KIND_LABELS, NOTICE_LEVEL_LABELS, NoticeKind, NoticeLevel


def notice_list(*, user, on: date, issuer_sees_all: bool, unit: str = "") -> list[dict]:
    """`unit`: only the notices addressed to that unit code (the assessment's drill-down to its records)."""
    qs = Notice.objects.select_related("unit", "issuer")
    if unit:
        qs = qs.filter(unit__code=unit)
    if not issuer_sees_all:
        qs = scoped(qs, user)
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "kind_label": str(NOTICE_KIND_LABELS[NoticeKind(n.kind)]),
            "level": n.level,
            "level_label": str(NOTICE_LEVEL_LABELS[NoticeLevel(n.level)]),
            "item_number": n.item_number,
            "unit": n.unit.code,
            "unit_name": n.unit.name,
            "issuer": n.issuer.name,
            "demand": n.demand,
            "signed_by": n.signed_by,
            "issued_on": n.issued_on.isoformat(),
            "deadline": n.deadline.isoformat(),
            "answer": n.answer,
            "answered_on": n.answered_on.isoformat() if n.answered_on else None,
            "verified_on": n.verified_on.isoformat() if n.verified_on else None,
            "escalated_on": n.escalated_on.isoformat() if n.escalated_on else None,
            "overdue": n.answered_on is None and on > n.deadline,
        }
        for n in qs.order_by("-issued_on", "-id")[:500]
    ]
