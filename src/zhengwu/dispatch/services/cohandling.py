"""大联动 (item 33) and arbitration (issue 15 §2): co-handling with a lead unit (主办) and assisting units
(协办), each with its own sub-task, deadline and feedback; re-categorising that re-routes the case when the
responsible unit changes; the 分拨中心's binding ruling (裁定) after the second return between units
(the return itself and the ruling's request are `services.lifecycle.event_return`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules
from zhengwu.dispatch.models import Category, Event, Ruling, SubTask
from zhengwu.dispatch.services.lifecycle import guard, reason_text
from zhengwu.dispatch.services.routing import Context, apply_dispatch, decide
from zhengwu.dispatch.services.trail import change, track
from zhengwu.dispatch.standard import OPEN_STATES, SUBTASK_WORKDAYS, Action, State, TaskRole
from zhengwu.ledger.services import Change, record_many
from zhengwu.org.models import Unit
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear

SUBTASK_TYPE = "dispatch.subtask"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _due_on(days: int, now):
    try:
        return workdays.calendar().add_workdays(timezone.localdate(now), days)
    except UnknownYear:
        return None


@transaction.atomic
def cohandle_assign(event: Event, *, actor, assists: list[tuple[Unit, str]], days: int | None = None,
                    lead_task: str = "") -> list[SubTask]:
    """The dispatcher makes a case co-handled: its unit leads (主办, a sub-task that its resolution
    completes), each of `assists` — (unit, task) — assists (协办) with a sub-task due in `days` working days
    (standard.SUBTASK_WORKDAYS by default). Refusals: 403; 409 `forbidden_transition`; `no_assists`;
    `same_unit` (the lead cannot assist itself); `already_assisting`; `required` (field task)."""
    guard(event, "cohandle", actor)
    event = Event.objects.select_for_update(of=("self",)).select_related("unit").get(pk=event.pk)
    rules.transition(state=event.state, action="cohandle")
    if not assists:
        raise ApplicationError(_("请至少选择一个协办单位。"), field="units", code="no_assists")
    days = SUBTASK_WORKDAYS if days is None else int(days)
    if not 1 <= days <= 30:
        raise ApplicationError(_("反馈期限须为 1 至 30 个工作日。"), field="days", code="invalid_days")
    now, user = timezone.now(), _user(actor)
    due_on = _due_on(days, now)
    created = []
    if not SubTask.objects.filter(event=event, role=TaskRole.LEAD).exists():
        created.append(
            SubTask.objects.create(
                event=event,
                unit=event.unit,
                role=TaskRole.LEAD,
                task=(lead_task or _("主办：牵头办理并办结"))[:500],
                due_on=timezone.localdate(event.resolve_due) if event.resolve_due else None,
                assigned_at=now,
                assigned_by=user,
            )
        )
    for unit, task in assists:
        if unit.pk == event.unit_id:
            raise ApplicationError(_("主办单位不能同时作为协办单位。"), field="units", code="same_unit")
        if SubTask.objects.filter(event=event, unit=unit).exists():
            raise ApplicationError(_("%(u)s 已是本事件的联动单位。") % {"u": unit.name}, field="units",
                                   code="already_assisting")
        task = reason_text(task, "task", _("协办任务"))
        created.append(SubTask.objects.create(event=event, unit=unit, role=TaskRole.ASSIST, task=task,
                                              due_on=due_on, assigned_at=now, assigned_by=user))
    after = {
        "subtasks": [
            {"unit": t.unit.code, "role": t.role, "due_on": t.due_on.isoformat() if t.due_on else None}
            for t in created
        ]
    }
    record_many([Change(Action.COHANDLED, "dispatch.event", str(event.pk), None, after, event.unit_id,
                        "、".join(u.name for u, _t in assists))], actor=actor)
    return created


@transaction.atomic
def subtask_feedback(subtask: SubTask, *, actor, feedback: str) -> SubTask:
    """An assisting unit's feedback on its sub-task (once). Refusals: 403 for anyone outside the
    sub-task's unit; `required` (field feedback); 409 `feedback_done`; 409 `case_finished`."""
    permissions.require_for_unit(actor, "subtask_feedback", subtask.unit_id)
    feedback = reason_text(feedback, "feedback", _("反馈内容"))
    subtask = (
        SubTask.objects.select_for_update(of=("self",)).select_related("event", "unit").get(pk=subtask.pk)
    )
    if subtask.done:
        raise ApplicationError(_("该子任务已反馈。"), code="feedback_done", status=rules.STATE_CONFLICT)
    if subtask.event.state in (State.CLOSED, State.RESOLVED, State.REPLIED):
        raise ApplicationError(
            _("事件已办结，不能再反馈。"), code="case_finished", status=rules.STATE_CONFLICT
        )
    now = timezone.now()
    subtask.feedback, subtask.feedback_at, subtask.feedback_by = feedback[:5000], now, _user(actor)
    subtask.save(update_fields=["feedback", "feedback_at", "feedback_by"])
    late = subtask.due_on is not None and timezone.localdate(now) > subtask.due_on
    record_many(
        [
            Change(
                Action.SUBTASK_FEEDBACK,
                SUBTASK_TYPE,
                str(subtask.pk),
                None,
                {"event": subtask.event_id, "unit": subtask.unit.code, "role": subtask.role, "late": late},
                subtask.unit_id,
                feedback[:200],
            )
        ],
        actor=actor,
    )
    return subtask


@transaction.atomic
def subtasks_override(event: Event, *, actor, reason: str) -> list[SubTask]:
    """The lead unit resolves without the feedback still missing, giving its reason: every open assisting
    sub-task is marked waived with it (one ledger entry naming them). Refusals: 403 for anyone but the
    lead unit; `required` (field reason); 409 `nothing_to_override`."""
    reason = reason_text(reason, "reason", _("强制办结理由"))
    guard(event, "override", actor)
    open_tasks = list(SubTask.objects.select_for_update(of=("self",)).select_related("unit").filter(
        event=event, role=TaskRole.ASSIST, feedback_at__isnull=True, waived_reason=""))
    if not open_tasks:
        raise ApplicationError(
            _("没有待反馈的协办子任务。"), code="nothing_to_override", status=rules.STATE_CONFLICT
        )
    for task in open_tasks:
        task.waived_reason = reason
        task.save(update_fields=["waived_reason"])
    record_many([Change(Action.SUBTASKS_OVERRIDDEN, "dispatch.event", str(event.pk),
                        {"open": [t.unit.code for t in open_tasks]}, {"open": []}, event.unit_id, reason)],
                actor=actor)
    return open_tasks


def _location(event: Event) -> rules.Location:
    inputs = event.dispatch_inputs or {}
    street = event.street.code if event.street_id else str(inputs.get("street") or "")
    community = event.community.code if event.community_id else str(inputs.get("community") or "")
    mentioned = tuple(inputs.get("streets_mentioned") or ((street,) if street else ()))
    return rules.Location(street_code=street, community_code=community, matched=event.place_matched,
                          streets_mentioned=mentioned)


@transaction.atomic
def event_recategorise(event: Event, *, actor, category: Category, reason: str) -> Event:
    """改类: the dispatcher gives the case another category, with the reason kept. When the unit
    responsible under the routing rules (services.routing.decide, the administrators' dispatch rules)
    changes for a case a unit holds, the case is re-routed: the earlier assignment closed with the reason,
    a new one, new deadlines, 签收 again. Refusals: 403; 409 `forbidden_transition`; `required` (reason);
    `same_category`."""
    reason = reason_text(reason, "reason", _("改类理由"))
    guard(event, "recategorise", actor)
    event = Event.objects.select_for_update(of=("self",)).select_related(
        "unit", "street", "community", "category").get(pk=event.pk)
    rules.transition(state=event.state, action="recategorise")
    if event.category_id == category.pk:
        raise ApplicationError(_("新分类与原分类相同。"), field="category", code="same_category")
    before = track(event) | {"state": event.state}
    old = str(event.category) if event.category_id else event.label
    event.category, event.triage_label = category, category.level1
    note = _("改类：%(a)s → %(b)s；理由：%(r)s") % {"a": old, "b": category, "r": reason}
    if event.state in OPEN_STATES:
        ctx = Context.load()
        decision = decide(event, _location(event), ctx)
        unit = ctx.units.get(decision.unit_code)
        if not decision.needs_triage and unit is not None and unit.pk != event.unit_id:
            now = timezone.now()
            current = (
                event.assignments.filter(returned_at__isnull=True).order_by("-dispatched_at", "-id").first()
            )
            if current is not None:
                current.returned_at, current.return_reason = now, (_("改类改派：%(r)s") % {"r": reason})[:500]
                current.save(update_fields=["returned_at", "return_reason"])
            previous = event.unit.code if event.unit_id else ""
            rule = (_("改类改派：%(rule)s") % {"rule": decision.rule})[:200]
            inputs = decision.inputs | {
                "recategorised_from": old,
                "reason": reason,
                "previous_unit": previous,
            }
            event.state = State.RETURNED  # the case leaves its unit; apply_dispatch dispatches it anew
            apply_dispatch(
                event,
                unit=unit,
                tier=decision.tier,
                rule=rule,
                inputs=inputs,
                actor=actor,
                now=now,
                automatic=False,
                cal=ctx.calendar,
            )
            note = _("%(note)s；责任单位变更：%(a)s → %(b)s") % {"note": note, "a": previous, "b": unit.code}
            # a co-handled case: the new responsible unit leads (unless it already assists)
            if not SubTask.objects.filter(event=event, unit=unit).exists():
                SubTask.objects.filter(event=event, role=TaskRole.LEAD).update(unit=unit)
    event.save()
    record_many([change(Action.RECATEGORISED, event, before, note=note[:500])], actor=actor)
    return event


@transaction.atomic
def ruling_decide(ruling: Ruling, *, actor, unit: Unit, reason: str) -> Ruling:
    """裁定: the 分拨中心 names the unit that must handle the case (binding: it can no longer return it); the
    case is dispatched to it at once. Refusals: 403 for anyone but the 分拨中心's leaders; `required`
    (reason); 409 `already_ruled`."""
    reason = reason_text(reason, "reason", _("裁定理由"))
    ruling = Ruling.objects.select_for_update(of=("self",)).select_related("event").get(pk=ruling.pk)
    event = ruling.event
    permissions.require(actor, "rule", event)
    if ruling.ruled_at is not None:
        raise ApplicationError(_("该事件已裁定。"), code="already_ruled", status=rules.STATE_CONFLICT)
    rules.transition(state=event.state, action="rule")
    before = track(event) | {"state": event.state}
    now = timezone.now()
    rule = (_("分拨中心裁定：%(r)s") % {"r": reason})[:200]
    apply_dispatch(
        event,
        unit=unit,
        tier=rules.tier_for_unit_kind(unit.kind),
        rule=rule,
        inputs={"ruling": ruling.pk, "units": ruling.units, "reason": reason},
        actor=actor,
        now=now,
        automatic=False,
    )
    event.save()
    ruling.unit, ruling.reason, ruling.ruled_at, ruling.ruled_by = unit, reason, now, _user(actor)
    ruling.save(update_fields=["unit", "reason", "ruled_at", "ruled_by"])
    late = ruling.due_on is not None and timezone.localdate(now) > ruling.due_on
    record_many([change(Action.RULED, event, before, note=rule),
                 Change(Action.RULED, "dispatch.ruling", str(ruling.pk), None,
                        {"unit": unit.code, "late": late}, unit.pk, reason)], actor=actor)
    return ruling

