"""回访 (issue 13 item 14): the dispatching body records the call-back of a case marked for one."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Callback, Event
from zhengwu.dispatch.rules.callbacks import callback_due
from zhengwu.dispatch.rules.lifecycle import STATE_CONFLICT
from zhengwu.dispatch.services.lifecycle import reason_text
from zhengwu.dispatch.services.trail import EVENT_TYPE
from zhengwu.dispatch.standard import Action
from zhengwu.ledger.services import Change, record_many
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear


@transaction.atomic
def callback_record(event: Event, *, actor, note: str, reached: bool = True) -> Callback:
    """The call-back made: who, when, whether the citizen was reached, what was said.

    Refusals: 403 unless the actor does call-backs; `callback_not_requested` (the case is not marked for
    one); 409 `not_resolved` (no result to call back about yet); 409 `callback_done` (already recorded);
    `required` (field note)."""
    permissions.require(actor, "callback", event)
    note = reason_text(note, "note", _("回访记录"))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.callback_requested:
        raise ApplicationError(_("该事件未标记需要回访。"), code="callback_not_requested")
    if event.resolved_at is None:
        raise ApplicationError(_("事件尚未办结，还不能回访。"), code="not_resolved", status=STATE_CONFLICT)
    if Callback.objects.filter(event=event).exists():
        raise ApplicationError(_("该事件已回访。"), code="callback_done", status=STATE_CONFLICT)
    try:
        due_on = callback_due(timezone.localdate(event.resolved_at), workdays.calendar().add_workdays)
    except UnknownYear:
        due_on = None
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    done = Callback.objects.create(event=event, due_on=due_on, done_at=now, done_by=user, reached=bool(reached),
                                   note=note)
    late = due_on is not None and timezone.localdate(now) > due_on
    record_many([Change(Action.CALLED_BACK, EVENT_TYPE, str(event.pk), None,
                        {"callback": done.pk, "reached": done.reached, "due_on": due_on.isoformat() if due_on else None,
                         "late": late}, event.unit_id, note)], actor=actor)
    return done
