"""The case lifecycle after intake: dispatch by hand, accept (签收), return (退回), start, resolve,
reply (统一回复), close, reopen and supervision (督办). Rating is `services.ratings`, extensions
`services.extensions`, deadline warnings `services.deadlines`.

Each function: guard (permission, then the state machine `rules.transition`), change, one ledger entry,
in one transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules
from zhengwu.dispatch.models import Assignment, Category, Event, Photo, Ruling, SubTask
from zhengwu.dispatch.rules.cohandling import check_return_code, close_blockers, needs_ruling
from zhengwu.dispatch.selectors.taxonomy import reply_text
from zhengwu.dispatch.services.matters import matter_reply_reporters
from zhengwu.dispatch.services.photos import clean_photos, photos_store
from zhengwu.dispatch.services.routing import apply_dispatch
from zhengwu.dispatch.services.trail import change, track
from zhengwu.dispatch.standard import Action, TaskRole
from zhengwu.ledger.services import Change, record_many
from zhengwu.org.models import Unit
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear


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
    if Ruling.objects.filter(event=event, ruled_at__isnull=True).exists():
        raise ApplicationError(
            _("该事件已两次在单位之间退回，等待分拨中心裁定，不能再分拨。"),
            code="ruling_pending",
            status=rules.STATE_CONFLICT,
        )
    before = track(event)
    if category is not None:
        event.category = category
        event.triage_label = category.level1
    elif label:
        event.triage_label = label
    tier = tier or rules.tier_for_unit_kind(unit.kind)
    rule = _("人工分拨：%(name)s") % {"name": getattr(actor, "username", "")}
    inputs = {"label": event.label, "note": note, "previous_unit": before.get("unit")}
    cal_note = apply_dispatch(
        event, unit=unit, tier=tier, rule=rule, inputs=inputs, actor=actor, automatic=False
    )
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
def event_return(event: Event, *, actor, return_code: str, reason: str = "") -> Event:
    """退回 with a coded reason (standard.ReturnReason; "other" needs words): back to the dispatcher, the
    return counted against the event. The second return between units since the last ruling sends the case
    to the 分拨中心 for a binding ruling (裁定, `Ruling`, with a deadline on the working-day calendar); a
    unit bound by a ruling cannot return the case (409 `bound_by_ruling`)."""
    code, reason = check_return_code(return_code, reason)
    event.state, before = guard(event, "return", actor), track(event) | {"state": event.state}
    rulings = Ruling.objects.filter(event=event, ruled_at__isnull=False).order_by("-ruled_at")
    last_ruling = rulings.first()
    if last_ruling is not None and last_ruling.unit_id == event.unit_id:
        raise ApplicationError(_("分拨中心已裁定由本单位承办，不能再退回。"), code="bound_by_ruling",
                               status=rules.STATE_CONFLICT)
    now = timezone.now()
    last = event.assignments.filter(returned_at__isnull=True).order_by("-dispatched_at", "-id").first()
    if last:
        last.returned_at, last.return_reason, last.return_code = now, reason, code
        last.save(update_fields=["returned_at", "return_reason", "return_code"])
    event.returns_count += 1
    event.warning = ""
    _write(event, Action.RETURNED, before, actor, note=reason)
    returns = Assignment.objects.filter(event=event, returned_at__isnull=False).exclude(return_code="")
    if last_ruling is not None:
        returns = returns.filter(returned_at__gt=last_ruling.ruled_at)
    if needs_ruling(returns.count()):
        _ruling_request(event, returns, now=now, actor=actor)
    return event


def _ruling_request(event: Event, returns, *, now, actor) -> Ruling:
    """The case goes to the 分拨中心 for a binding ruling, due in DISPATCH_RULING_WORKDAYS working days."""
    try:
        due_on = workdays.calendar().add_workdays(
            timezone.localdate(now), int(setting("DISPATCH_RULING_WORKDAYS"))
        )
    except UnknownYear:
        due_on = None
    codes = sorted(set(returns.values_list("unit__code", flat=True)))
    ruling = Ruling.objects.create(event=event, requested_at=now, due_on=due_on, units=codes)
    record_many([Change(Action.RULING_REQUESTED, "dispatch.ruling", str(ruling.pk), None,
                        {"event": event.pk, "units": codes, "due_on": due_on.isoformat() if due_on else None},
                        event.unit_id, _("两次退回，提请分拨中心裁定"))], actor=actor)
    return ruling


def cohandling_blockers(event: Event) -> list[str]:
    """大联动: the assisting units whose sub-task has neither feedback nor the lead's override."""
    tasks = SubTask.objects.filter(event=event).values_list(
        "unit__code", "role", "feedback_at", "waived_reason"
    )
    return close_blockers((code, role, at is not None or bool(waived)) for code, role, at, waived in tasks)


def _require_subtasks_done(event: Event) -> None:
    blockers = cohandling_blockers(event)
    if blockers:
        raise ApplicationError(
            _("协办单位尚未反馈：%(u)s；全部协办单位反馈后（或主办单位说明理由强制办结）才能办结。") % {
                "u": "、".join(blockers)}, code="subtasks_open", status=rules.STATE_CONFLICT)


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
    _require_subtasks_done(event)
    event.result, event.resolved_at, event.warning = result[:5000], timezone.now(), ""
    # the lead unit's own sub-task (大联动) is the resolution itself
    user = actor if getattr(actor, "is_authenticated", False) else None
    SubTask.objects.filter(event=event, role=TaskRole.LEAD, feedback_at__isnull=True).update(
        feedback=event.result, feedback_at=event.resolved_at, feedback_by=user)
    photos_store(event, Photo.Kind.RESULT, images)
    return _write(event, Action.RESOLVED, before, actor, note=result[:200])


@transaction.atomic
def event_reply(event: Event, *, actor, text: str = "") -> Event:
    """统一回复: one reply to the citizen from one exit
    (the dispatch centre); blank → the class's template."""
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
    _require_subtasks_done(event)
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
