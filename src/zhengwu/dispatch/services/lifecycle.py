"""The case lifecycle after intake: dispatch by hand, accept (签收), return (退回), start, resolve, reply
(统一回复), rate, close, reopen, extensions (延期), supervision (督办) and deadline warnings.

Each function: guard (permission, state machine in `rules.transition`), change, one ledger entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules
from zhengwu.dispatch.models import Category, Event, Extension, Photo, ReplyTemplate
from zhengwu.dispatch.services import (
    apply_dispatch,
    change,
    clean_photos,
    due,
    photos_store,
    track,
    yellow_fraction,
)
from zhengwu.dispatch.standard import OPEN_STATES, RATING_LABELS, Action, State, Tier
from zhengwu.ledger.services import Change, record_many
from zhengwu.org.models import Unit

STATE_CONFLICT = 409


def _guard(event: Event, action: str, actor, **kw) -> str:
    """The next state, or ApplicationError naming the current state; PermissionDenied when not allowed."""
    if actor != "public":
        permissions.require(actor, action, event)
    try:
        return rules.transition(state=event.state, action=action, **kw)
    except rules.TransitionError as exc:
        raise ApplicationError(str(exc), code="forbidden_transition", status=STATE_CONFLICT) from None
    except ValueError as exc:
        raise ApplicationError(str(exc), code="invalid", field="rating") from None


def _write(event: Event, action: str, before: dict, actor, note: str = "", fields=None) -> Event:
    event.save(update_fields=fields) if fields else event.save()
    record_many([change(action, event, before, note=note)], actor=actor)
    return event


def _reason(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field, code="required")
    return value[:500]


@transaction.atomic
def event_dispatch(event: Event, *, unit: Unit, actor, tier: str = "", label: str = "",
                   category: Category | None = None, note: str = "") -> Event:
    """A dispatcher dispatches by hand (manual triage, after a return, after a reopen).

    A triage decision (label/category) is kept on the event as training data."""
    _guard(event, "dispatch", actor)
    before = track(event)
    if category is not None:
        event.category = category
        event.triage_label = category.level1
    elif label:
        event.triage_label = label
    tier = tier or (Tier.COMMUNITY if unit.kind == Unit.Kind.COMMUNITY else Tier.STREET if unit.kind ==
                    Unit.Kind.STREET else Tier.CENTRE if unit.kind == Unit.Kind.CENTRE else Tier.DEPARTMENT)
    rule = _("人工分拨：%(name)s") % {"name": getattr(actor, "username", "")}
    inputs = {"label": event.label, "note": note, "previous_unit": before.get("unit")}
    cal_note = apply_dispatch(event, unit=unit, tier=tier, rule=rule, inputs=inputs, actor=actor, automatic=False)
    return _write(event, Action.DISPATCHED, before, actor, note=cal_note or note or rule)


@transaction.atomic
def event_accept(event: Event, *, actor) -> Event:
    """签收: the handling unit takes the event (within its acceptance limit; late acceptance is noted)."""
    event.state, before = _guard(event, "accept", actor), track(event) | {"state": event.state}
    now = timezone.now()
    event.accepted_at = now
    late = event.accept_due is not None and now > event.accept_due
    return _write(event, Action.ACCEPTED, before, actor, note=_("超时签收") if late else "")


@transaction.atomic
def event_return(event: Event, *, actor, reason: str) -> Event:
    """退回 with a reason: back to the dispatcher, the return counted against the event."""
    reason = _reason(reason, "reason", _("退回理由"))
    event.state, before = _guard(event, "return", actor), track(event) | {"state": event.state}
    last = event.assignments.filter(returned_at__isnull=True).order_by("-dispatched_at", "-id").first()
    if last:
        last.returned_at, last.return_reason = timezone.now(), reason
        last.save(update_fields=["returned_at", "return_reason"])
    event.returns_count += 1
    event.warning = ""
    return _write(event, Action.RETURNED, before, actor, note=reason)


@transaction.atomic
def event_start(event: Event, *, actor) -> Event:
    event.state, before = _guard(event, "start", actor), track(event) | {"state": event.state}
    return _write(event, Action.STARTED, before, actor)


def event_resolve(event: Event, *, actor, result: str, photos=()) -> Event:
    """办结: the result (and photos) of the handling unit."""
    result = _reason(result, "result", _("处置结果"))
    _guard(event, "resolve", actor)  # who may, before any photo is decoded
    # every photo decoded and re-encoded before anything changes, outside the transaction (CPU work
    # must not hold the database's write lock)
    return _resolve(event, actor=actor, result=result, images=clean_photos(photos))


@transaction.atomic
def _resolve(event: Event, *, actor, result: str, images: list) -> Event:
    event.state, before = _guard(event, "resolve", actor), track(event) | {"state": event.state}
    event.result, event.resolved_at, event.warning = result[:5000], timezone.now(), ""
    photos_store(event, Photo.Kind.RESULT, images)
    return _write(event, Action.RESOLVED, before, actor, note=result[:200])


def reply_text(event: Event, template: ReplyTemplate | None = None) -> str:
    """The reply drafted from the category's template (统一回复), or the generic one."""
    template = template or (ReplyTemplate.objects.filter(level1=event.label).first()
                            or ReplyTemplate.objects.filter(level1="").first())
    body = template.body if template else _("您好！您反映的“{title}”已由{unit}办理：{result}感谢您的监督与支持。")
    values = {"title": event.title, "result": event.result, "unit": str(event.unit or ""), "case_no": event.case_no}
    for key, value in values.items():
        body = body.replace("{" + key + "}", value)
    return body


@transaction.atomic
def event_reply(event: Event, *, actor, text: str = "") -> Event:
    """统一回复: one reply to the citizen from one exit (the dispatch centre)."""
    event.state, before = _guard(event, "reply", actor), track(event) | {"state": event.state}
    event.reply = (text or "").strip() or reply_text(event)
    event.replied_at = timezone.now()
    return _write(event, Action.REPLIED, before, actor, note=event.reply[:200])


def check_phone(event: Event, phone: str) -> bool:
    """Whether `phone` is the reporter's number (the citizen's proof for lookup and rating)."""
    given = rules.normalise_phone(phone)
    return bool(given) and bool(event.reporter_phone) and given == rules.normalise_phone(event.reporter_phone)


@transaction.atomic
def event_rate(event: Event, *, rating: str, phone: str, comment: str = "") -> Event:
    """The citizen rates the reply: satisfied → closed; unsatisfied → reopened for the dispatcher."""
    if not check_phone(event, phone):
        raise ApplicationError(_("受理编号与联系电话不匹配。"), code="phone_mismatch", field="phone", status=403)
    new_state = _guard(event, "rate", "public", rating=rating)
    before = track(event) | {"state": event.state}
    event.state, event.rating, event.rating_comment = new_state, rating, (comment or "").strip()[:500]
    now = timezone.now()
    changes = [change(Action.RATED, event, before, note=str(RATING_LABELS.get(rating, rating)))]
    if new_state == State.CLOSED:
        event.closed_at = now
        changes.append(Change(Action.CLOSED, "dispatch.event", str(event.pk), {"state": State.REPLIED.value},
                              {"state": State.CLOSED.value}, event.unit_id, _("群众评价后结案")))
    else:
        event.reopen_count += 1
        changes.append(Change(Action.REOPENED, "dispatch.event", str(event.pk), {"state": State.REPLIED.value},
                              {"state": State.REOPENED.value}, event.unit_id, _("群众不满意，重新办理")))
    event.save()
    record_many(changes, actor="public")
    return event


@transaction.atomic
def event_close(event: Event, *, actor, note: str = "") -> Event:
    """The dispatcher closes a replied event the citizen did not rate."""
    event.state, before = _guard(event, "close", actor), track(event) | {"state": event.state}
    event.closed_at = timezone.now()
    return _write(event, Action.CLOSED, before, actor, note=note)


@transaction.atomic
def event_reopen(event: Event, *, actor, reason: str) -> Event:
    reason = _reason(reason, "reason", _("重启理由"))
    event.state, before = _guard(event, "reopen", actor), track(event) | {"state": event.state}
    event.reopen_count += 1
    event.closed_at = None
    return _write(event, Action.REOPENED, before, actor, note=reason)


@transaction.atomic
def extension_request(event: Event, *, actor, days: int, reason: str) -> Extension:
    """延期 requested by the handling unit (1–30 working days)."""
    _guard(event, "request_extension", actor)
    reason = _reason(reason, "reason", _("延期理由"))
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 30:
        raise ApplicationError(_("延期天数应为 1–30 个工作日。"), field="days")
    if event.extensions.filter(status=Extension.Status.PENDING).exists():
        raise ApplicationError(_("已有待审批的延期申请。"), code="pending_extension", status=STATE_CONFLICT)
    ext = Extension.objects.create(event=event, days=days, reason=reason, requested_by=actor)
    record_many([Change(Action.EXTENSION_REQUESTED, "dispatch.event", str(event.pk), None,
                        {"days": days, "reason": reason, "extension": ext.pk}, event.unit_id, reason)], actor=actor)
    return ext


@transaction.atomic
def extension_decide(ext: Extension, *, actor, approve: bool) -> Extension:
    """A dispatcher approves (the resolution deadline moves by n working days) or refuses."""
    event = ext.event
    permissions.require(actor, "decide_extension", event)
    if ext.status != Extension.Status.PENDING:
        raise ApplicationError(_("该延期申请已审批。"), code="decided", status=STATE_CONFLICT)
    before = track(event)
    ext.status = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
    ext.decided_by, ext.decided_at = actor, timezone.now()
    ext.save(update_fields=["status", "decided_by", "decided_at"])
    note = ext.get_status_display()
    if approve and event.resolve_due:
        new_due, cal_note = due(event.resolve_due, ext.days, "workdays")
        if new_due is None:
            raise ApplicationError(cal_note, code="calendar")
        event.resolve_due, event.warning = new_due, ""
        event.save(update_fields=["resolve_due", "warning"])
    record_many([change(Action.EXTENSION_DECIDED, event, before, note=f"{note} {ext.days}")], actor=actor)
    return ext


@transaction.atomic
def event_supervise(event: Event, *, actor, note: str) -> Event:
    """督办: a supervisor flags the event; it shows on every list until closed."""
    _guard(event, "supervise", actor)
    before = track(event)
    event.supervised, event.supervise_note = True, _reason(note, "note", _("督办意见"))
    return _write(event, Action.SUPERVISED, before, actor, note=event.supervise_note,
                  fields=["supervised", "supervise_note"])


@transaction.atomic
def warnings_scan(now=None) -> int:
    """Yellow/red warnings for open events (before and after the deadline); returns how many changed."""
    now = now or timezone.now()
    fraction, changes = yellow_fraction(), []
    qs = Event.objects.filter(state__in=[s.value for s in OPEN_STATES]).only(
        "id", "state", "unit_id", "warning", "dispatched_at", "accept_due", "accepted_at", "resolve_due")
    for event in qs.iterator(chunk_size=500):
        waiting = event.state == State.DISPATCHED
        deadline_at = event.accept_due if waiting else event.resolve_due
        start = event.dispatched_at or now
        level = rules.warning_level(now=now, start=start, due=deadline_at, yellow_fraction=fraction)
        if level != event.warning:
            old = event.warning
            event.warning = level
            Event.objects.filter(pk=event.pk).update(warning=level)
            changes.append(Change(Action.WARNED, "dispatch.event", str(event.pk), {"warning": old},
                                  {"warning": level}, event.unit_id, _("签收时限") if waiting else _("办结时限")))
    record_many(changes, actor=None)
    return len(changes)
