"""The dispatchers' view of 逐级处置: every escalation, newest first (who passed which case to whom, why,
and the new deadline), optionally only those not yet accepted by the receiving unit."""

from django.db.models import F, QuerySet

from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Escalation
from zhengwu.dispatch.standard import State


def escalation_list(*, user, waiting: bool = False) -> QuerySet:
    """Escalations the user may see (the dispatching body and district supervisors; nobody else: none).
    `waiting`: only cases still waiting for the receiving unit to accept them."""
    if not permissions.can(user, "view_escalations"):
        return Escalation.objects.none()
    qs = Escalation.objects.select_related("event", "from_unit", "to_unit", "escalated_by")
    if waiting:
        qs = qs.filter(event__state=State.DISPATCHED, event__unit=F("to_unit"))
    return qs.order_by("-escalated_at", "-id")

