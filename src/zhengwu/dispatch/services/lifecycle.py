"""The case lifecycle after intake: dispatch by hand, accept (签收), return (退回), start, resolve,
reply (统一回复), close, reopen and supervision (督办). Rating is `services.ratings`, extensions
`services.extensions`, deadline warnings `services.deadlines`.

Each function: guard (permission, then the state machine `rules.transition`), change, one ledger entry,
in one transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules
from zhengwu.dispatch.models import Category, Event, Photo
from zhengwu.dispatch.selectors.taxonomy import reply_text
from zhengwu.dispatch.services.matters import matter_reply_reporters
from zhengwu.dispatch.services.photos import clean_photos, photos_store
from zhengwu.dispatch.services.routing import apply_dispatch
from zhengwu.dispatch.services.trail import change, track
from zhengwu.dispatch.standard import Action
from zhengwu.ledger.services import record_many
from zhengwu.org.models import Unit


def guard(event: Event, action: str, actor, **kw) -> str:
    """The next state; PermissionDenied when the actor may not (checked first), else
    `rules.TransitionError` (409 `forbidden_transition`) naming the current state."""
    if actor != "public":
        permissions.require(actor, action, event)
    return rules.transition(state=event.state, action=action, **kw)


def _write(event: Event, action: str, before: dict, actor, note: str = "", fields=None) -> Event:
    event.save(update_fields=fields) if fields else event.save()
    record_many([change(action, event, before, note=note)], actor=actor)
    return event


def reason_text(value: str, field: str, label: str) -> str:
    """A required reason or note, at most 500 characters (ApplicationError `required` naming the field)."""
    value = (value or "").strip()
    if not value:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field, code="required")
    return value[:500]


@transaction.atomic
def event_dispatch(event: Event, *, unit: Unit, actor, tier: str = "", label: str = "",
                   category: Category | None = None, note: str = "") -> Event:
    """A dispatcher dispatches by hand (manual triage, after a return, after a reopen).

    A triage decision (label/category) is kept on the event as training data."""
    guard(event, "dispatch", actor)
    before = track(event)
    if category is not None:
        event.category = category
        event.triage_label = category.level1
    elif label:
        event.triage_label = label
    tier = tier or rules.tier_for_unit_kind(unit.kind)
    rule = _("人工分拨：%(name)s") % {"name": getattr(actor, "username", "")}
    inputs = {"label": event.label, "note": note, "previous_unit": before.get("unit")}
    cal_note = apply_dispatch(event, unit=unit, tier=tier, rule=rule, inputs=inputs, actor=actor, automatic=False)
    return _write(event, Action.DISPATCHED, before, actor, note=cal_note or note or rule)


@transaction.atomic
def event_accept(event: Event, *, actor) -> Event:
    """签收: the handling unit takes the event (within its acceptance limit; late acceptance is noted)."""
    event.state, before = guard(event, "accept", actor), track(event) | {"state": event.state}
    now = timezone.now()
    event.accepted_at = now
    late = event.accept_due is not None and now > event.accept_due
    return _write(event, Action.ACCEPTED, before, actor, note=_("超时签收") if late else "")


@transaction.atomic
def event_return(event: Event, *, actor, reason: str) -> Event:
    """退回 with a reason: back to the dispatcher, the return counted against the event."""
    reason = reason_text(reason, "reason", _("退回理由"))
    event.state, before = guard(event, "return", actor), track(event) | {"state": event.state}
    last = event.assignments.filter(returned_at__isnull=True).order_by("-dispatched_at", "-id").first()
    if last:
        last.returned_at, last.return_reason = timezone.now(), reason
        last.save(update_fields=["returned_at", "return_reason"])
    event.returns_count += 1
    event.warning = ""
    return _write(event, Action.RETURNED, before, actor, note=reason)


@transaction.atomic
def event_start(event: Event, *, actor) -> Event:
    event.state, before = guard(event, "start", actor), track(event) | {"state": event.state}
    return _write(event, Action.STARTED, before, actor)


def event_resolve(event: Event, *, actor, result: str, photos=()) -> Event:
    """办结: the result (and photos) of the handling unit."""
    result = reason_text(result, "result", _("处置结果"))
    guard(event, "resolve", actor)  # who may, before any photo is decoded
    # every photo decoded and re-encoded before anything changes, outside the transaction (CPU work
    # must not hold the database's write lock)
    return _resolve(event, actor=actor, result=result, images=clean_photos(photos))


@transaction.atomic
def _resolve(event: Event, *, actor, result: str, images: list) -> Event:
    event.state, before = guard(event, "resolve", actor), track(event) | {"state": event.state}
    event.result, event.resolved_at, event.warning = result[:5000], timezone.now(), ""
    photos_store(event, Photo.Kind.RESULT, images)
    return _write(event, Action.RESOLVED, before, actor, note=result[:200])


@transaction.atomic
def event_reply(event: Event, *, actor, text: str = "") -> Event:
    """统一回复: one reply to the citizen from one exit (the dispatch centre); blank → the class's template."""
    event.state, before = guard(event, "reply", actor), track(event) | {"state": event.state}
    event.reply = (text or "").strip() or reply_text(event)
    event.replied_at = timezone.now()
    _write(event, Action.REPLIED, before, actor, note=event.reply[:200])
    matter_reply_reporters(event, actor=actor)  # 同一事项: every reporter of the matter gets the reply
    return event


@transaction.atomic
def event_close(event: Event, *, actor, note: str = "") -> Event:
    """The dispatcher closes a replied event the citizen did not rate."""
    event.state, before = guard(event, "close", actor), track(event) | {"state": event.state}
    event.closed_at = timezone.now()
    return _write(event, Action.CLOSED, before, actor, note=note)


@transaction.atomic
def event_reopen(event: Event, *, actor, reason: str) -> Event:
    reason = reason_text(reason, "reason", _("重启理由"))
    event.state, before = guard(event, "reopen", actor), track(event) | {"state": event.state}
    event.reopen_count += 1
    event.closed_at = None
    return _write(event, Action.REOPENED, before, actor, note=reason)


@transaction.atomic
def event_supervise(event: Event, *, actor, note: str) -> Event:
    """督办: a supervisor flags the event; it shows on every list until closed."""
    guard(event, "supervise", actor)
    before = track(event)
    event.supervised, event.supervise_note = True, reason_text(note, "note", _("督办意见"))
    return _write(event, Action.SUPERVISED, before, actor, note=event.supervise_note,
                  fields=["supervised", "supervise_note"])
