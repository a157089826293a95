"""Extensions (延期): the handling unit asks for n more working days (1–30), a dispatcher approves (the
resolution deadline moves by n working days on the calendar) or refuses."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules
from zhengwu.dispatch.models import Event, Extension
from zhengwu.dispatch.services.deadlines import due
from zhengwu.dispatch.services.lifecycle import guard, reason_text
from zhengwu.dispatch.services.trail import EVENT_TYPE, change, track
from zhengwu.dispatch.standard import Action, LimitUnit
from zhengwu.ledger.services import Change, record_many


@transaction.atomic
def extension_request(event: Event, *, actor, days, reason: str) -> Extension:
    """延期 requested by the handling unit; one pending request at a time (409 `pending_extension`)."""
    guard(event, "request_extension", actor)
    reason = reason_text(reason, "reason", _("延期理由"))
    days = rules.extension_days(days)
    if event.extensions.filter(status=Extension.Status.PENDING).exists():
        raise ApplicationError(
            _("已有待审批的延期申请。"), code="pending_extension", status=rules.STATE_CONFLICT
        )
    ext = Extension.objects.create(event=event, days=days, reason=reason, requested_by=actor)
    record_many(
        [
            Change(
                Action.EXTENSION_REQUESTED,
                EVENT_TYPE,
                str(event.pk),
                None,
                {"days": days, "reason": reason, "extension": ext.pk},
                event.unit_id,
                reason,
            )
        ],
        actor=actor,
    )
    return ext


@transaction.atomic
def extension_decide(ext: Extension, *, actor, approve: bool) -> Extension:
    """A dispatcher approves (the resolution deadline moves by n working days) or refuses, once."""
    event = ext.event
    permissions.require(actor, "decide_extension", event)
    if ext.status != Extension.Status.PENDING:
        raise ApplicationError(_("该延期申请已审批。"), code="decided", status=rules.STATE_CONFLICT)
    before = track(event)
    ext.status = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
    ext.decided_by, ext.decided_at = actor, timezone.now()
    ext.save(update_fields=["status", "decided_by", "decided_at"])
    note = ext.get_status_display()
    if approve and event.resolve_due:
        new_due, cal_note = due(event.resolve_due, ext.days, LimitUnit.WORKDAYS)
        if new_due is None:
            raise ApplicationError(cal_note, code="calendar")
        event.resolve_due, event.warning = new_due, ""
        event.save(update_fields=["resolve_due", "warning"])
    record_many([change(Action.EXTENSION_DECIDED, event, before, note=f"{note} {ext.days}")], actor=actor)
    return ext
