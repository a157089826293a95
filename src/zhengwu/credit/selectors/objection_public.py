"""The objector's own view of an objection's handling (异议处理结果), for the public lookup page.

Reached only with the objection's number and its 查询码 (services.objections.objection_lookup); even so it
is a public page: no name, contact or content of the objection appears, and the unit's answer is scrubbed
of the objector's name and contact and of any ID, phone number or e-mail (core.privacy)."""

from django.utils import timezone

from zhengwu.core.privacy import known_values, scrub_text
from zhengwu.credit.models import Objection
from zhengwu.credit.rules import objections as rules


def objection_public(objection: Objection) -> dict:
    record = objection.record
    known = known_values(names=tuple(n for n in (objection.name,) if n),
                         numbers=tuple(n for n in (objection.contact,) if n))
    answered = objection.state == rules.ObjectionState.ANSWERED
    return {
        "number": objection.pk,
        "record": {
            "kind": record.get_kind_display(),
            "decision_no": scrub_text(record.decision_no),
            "unit": record.unit.name if record.unit_id else "",
        },
        "submitted_on": timezone.localdate(objection.submitted_at),
        "due_on": objection.due_on,
        "state": objection.state,
        "state_label": rules.STATE_LABELS[rules.ObjectionState(objection.state)],
        "answered": answered,
        "answered_on": timezone.localdate(objection.answered_at) if objection.answered_at else None,
        "outcome_label": rules.OUTCOME_LABELS.get(rules.Outcome(objection.outcome), "")
        if objection.outcome
        else "",
        "answer": scrub_text(objection.answer, known) if answered else "",
    }


def objection_for_rating(pk) -> Objection | None:
    """An objection by its number (the caller has checked the visitor proved it in this session)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return Objection.objects.select_related("record", "record__unit").filter(pk=pk).first()
