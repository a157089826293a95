"""逐级处置 (item 34, issue 13 item 12): a community that cannot handle a case passes it to its street, a
street to the district department that answers for the case's class, a department to the district
enforcement coordination centre — with a reason, a new deadline on the working-day calendar (the
receiving tier's time limits, counted from the escalation) and the history kept (the earlier assignment
closed with the reason, a new assignment, an `Escalation` row, a ledger entry). The dispatchers see
every escalation (`selectors.escalations.escalation_list`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Assignment, Escalation, Event
from zhengwu.dispatch.services.deadlines import due
from zhengwu.dispatch.services.lifecycle import guard, reason_text
from zhengwu.dispatch.services.trail import change, track
from zhengwu.dispatch.standard import CENTRE_UNIT_CODE, TIER_LIMITS, Action, Tier
from zhengwu.ledger.services import record_many
from zhengwu.org.models import Unit
from zhengwu.workdays import selectors as workdays


def _department_code(event: Event) -> str:
    """The district department that answers for the case's class (its category), else the one the
    automatic dispatch looked at."""
    if event.category_id and event.category.department_id:
        return event.category.department.code
    return str((event.dispatch_inputs or {}).get("department") or "")


@transaction.atomic
def event_escalate(event: Event, *, actor, reason: str, now=None) -> Escalation:
    """逐级上报 by the handling unit: the case goes one tier up and waits there for 签收.

    Refusals: 403 for anyone but the handling unit; 409 `forbidden_transition` unless the case is
    dispatched, accepted or in progress; `required` (field reason); `cannot_escalate` from the centre;
    `no_street` / `no_department` when the tier above has no unit for this case; `no_target_unit`
    when that unit is not (or no longer) in the register."""
    reason = reason_text(reason, "reason", _("上报理由"))
    state = guard(event, "escalate", actor)
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent", "category__department")
        .get(pk=event.pk)
    )
    state = rules.transition(state=event.state, action="escalate")  # as stored, under the row lock
    before = track(event) | {"state": event.state}
    from_unit = event.unit
    from_tier = event.tier or rules.tier_for_unit_kind(from_unit.kind)
    to_tier, code = rules.escalation_target(
        tier=from_tier,
        unit_code=from_unit.code,
        parent_code=from_unit.parent.code if from_unit.parent_id else "",
        department_code=_department_code(event),
        centre_code=CENTRE_UNIT_CODE,
    )
    to_unit = Unit.objects.filter(code=code, is_active=True).first()
    if to_unit is None:
        raise ApplicationError(_("找不到上级承办单位 %(u)s，不能上报；请退回分拨中心。") % {"u": code},
                               code="no_target_unit")
    now = now or timezone.now()
    limits = TIER_LIMITS[Tier(to_tier)]
    cal = workdays.calendar()
    accept_due, note1 = due(now, limits.accept, limits.accept_unit, cal)
    resolve_due, note2 = due(now, limits.resolve, limits.resolve_unit, cal)
    previous_due = event.resolve_due
    user = actor if getattr(actor, "is_authenticated", False) else None
    current = event.assignments.filter(returned_at__isnull=True).order_by("-dispatched_at", "-id").first()
    if current is not None:
        current.returned_at, current.return_reason = now, (_("逐级上报：%(r)s") % {"r": reason})[:500]
        current.save(update_fields=["returned_at", "return_reason"])
    rule = (_("逐级上报：%(a)s → %(b)s") % {"a": from_unit.name, "b": to_unit.name})[:200]
    inputs = {"escalated_from": from_unit.code, "from_tier": from_tier, "reason": reason,
              "previous_resolve_due": previous_due.isoformat() if previous_due else None}
    Assignment.objects.create(
        event=event,
        unit=to_unit,
        tier=to_tier,
        rule=rule,
        inputs=inputs,
        automatic=False,
        dispatched_by=user,
        dispatched_at=now,
    )
    escalation = Escalation.objects.create(
        event=event,
        from_unit=from_unit,
        from_tier=from_tier,
        to_unit=to_unit,
        to_tier=to_tier,
        reason=reason,
        escalated_by=user,
        escalated_at=now,
        previous_resolve_due=previous_due,
        resolve_due=resolve_due,
    )
    event.state, event.unit, event.tier, event.dispatch_rule = state, to_unit, to_tier, rule
    event.dispatch_inputs = {**(event.dispatch_inputs or {}), **inputs}
    event.dispatched_at, event.accepted_at, event.warning = now, None, ""
    event.accept_due, event.resolve_due = accept_due, resolve_due
    event.save()
    record_many([change(Action.ESCALATED, event, before, note=note1 or note2 or reason)], actor=actor)
    return escalation
