"""回访 (issue 13 item 14, issue 15 §4): the dispatching body records the call-back of a case marked for one,
with two separate answers — resolved or not (解决/未解决) and satisfaction (满意/基本满意/不满意). An
unsatisfied citizen sends the case back (重办) or raises
a 督办单, as setting DISPATCH_UNSATISFIED_ACTION says."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules
from zhengwu.dispatch.models import Callback, Event
from zhengwu.dispatch.rules.callbacks import callback_due
from zhengwu.dispatch.rules.lifecycle import STATE_CONFLICT
from zhengwu.dispatch.rules.supervision import check_answers, follow_up
from zhengwu.dispatch.services.lifecycle import reason_text
from zhengwu.dispatch.services.supervision import order_for_callback
from zhengwu.dispatch.services.trail import EVENT_TYPE, change, track
from zhengwu.dispatch.standard import Action, Unsatisfied
from zhengwu.ledger.services import Change, record_many
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear


@transaction.atomic
def callback_record(event: Event, *, actor, note: str, reached: bool = True, resolved: str = "",
                    satisfaction: str = "") -> Callback:
    """The call-back made: who, when, whether the citizen was reached, what was said, and — when reached —
    the two answers (`resolved`: standard.Resolved; `satisfaction`: standard.Rating), both required
    (`required` naming the field). 不满意 → 重办 (the case reopened, `redo`) or a 督办单, per setting
    DISPATCH_UNSATISFIED_ACTION.

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
    resolved, satisfaction = check_answers(
        reached=bool(reached), resolved=resolved, satisfaction=satisfaction
    )
    try:
        due_on = callback_due(timezone.localdate(event.resolved_at), workdays.calendar().add_workdays)
    except UnknownYear:
        due_on = None
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    then = follow_up(satisfaction=satisfaction, action=str(setting("DISPATCH_UNSATISFIED_ACTION")))
    done = Callback.objects.create(
        event=event,
        due_on=due_on,
        done_at=now,
        done_by=user,
        reached=bool(reached),
        note=note,
        resolved=resolved,
        satisfaction=satisfaction,
        follow_up=then,
    )
    late = due_on is not None and timezone.localdate(now) > due_on
    record_many(
        [
            Change(
                Action.CALLED_BACK,
                EVENT_TYPE,
                str(event.pk),
                None,
                {
                    "callback": done.pk,
                    "reached": done.reached,
                    "due_on": due_on.isoformat() if due_on else None,
                    "late": late,
                    "resolved": resolved,
                    "satisfaction": satisfaction,
                    "follow_up": then,
                },
                event.unit_id,
                note,
            )
        ],
        actor=actor,
    )
    if then == Unsatisfied.REOPEN:
        _redo(event, actor=actor, note=note)
    elif then == Unsatisfied.SUPERVISE:
        order_for_callback(event, actor=actor, note=note)
    return done


def _redo(event: Event, *, actor, note: str) -> None:
    """重办: the case goes back to the dispatcher (reopened), its result to be redone."""
    state = rules.transition(state=event.state, action="redo")
    before = track(event) | {"state": event.state}
    event.state, event.closed_at = state, None
    event.reopen_count += 1
    event.save(update_fields=["state", "closed_at", "reopen_count"])
    record_many([change(Action.REOPENED, event, before, note=_("回访不满意，重办：%(n)s") % {"n": note})],
                actor=actor)
