"""Draws: commit (publish the commitment), run (publish the seed, create the tasks), redraw (with a reason
and an approver, the earlier draw kept and visible as superseded)."""

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.inspections import permissions, rules
from zhengwu.inspections.models import Batch, Draw, Entity, Task
from zhengwu.inspections.selectors.inputs import batch_items, draw_inputs, item_facts
from zhengwu.ledger.services import record
from zhengwu.org.scoping import has_role, require_role

#: 256 bits from the operating system's generator.
SEED_BYTES = 32


def _check_batch(batch: Batch, on: date) -> None:
    """Draws happen only for batches of the annual plan, with items on the list in force that day."""
    if batch.plan.year != on.year:
        raise rules.RuleError(_("抽取日期 %(day)s 不在年度计划（%(year)s 年）内") % {
            "day": on.isoformat(), "year": batch.plan.year}, code="batch_outside_plan", field="on")
    items = batch_items(batch)
    if not items:
        raise rules.RuleError(_("批次没有抽查事项"), code="batch_without_items", field="items")
    for item in items:
        facts = item_facts(item)
        rules.refuse(rules.item_problems(facts), field="items")
        problem = rules.task_item_problem(item.code, [facts], on)
        if problem:
            rules.refuse([problem], field="items")


def draw_commit(*, batch: Batch, actor, on: date | None = None) -> Draw:
    """Fix the inputs and a fresh secret seed, and publish the commitment (SHA-256 of the published inputs,
    which carry the seed's SHA-256). Nothing about the inputs or the seed can change after this."""
    require_role(actor, batch.plan.unit, permissions.roles_for("draw.commit"))
    with transaction.atomic():
        draw = _commit(batch=batch, actor=actor, on=on or timezone.localdate())
        record(action="inspections.draw.committed", obj=draw, actor=actor,
               after={"batch": batch.pk, "commitment": draw.commitment, "seed_sha256": draw.seed_sha256})
    return draw


def _commit(*, batch: Batch, actor, on: date, redraw_of: Draw | None = None, redraw_reason: str = "",
            redraw_approver=None) -> Draw:
    _check_batch(batch, on)
    objects, inspectors, spec, excluded = draw_inputs(batch, on=on)
    try:
        rules.check_inputs(objects, inspectors, spec)
    except rules.DrawError as exc:
        raise rules.RuleError(rules.message(exc), code=exc.code) from None
    seed = secrets.token_hex(SEED_BYTES)
    inputs = rules.payload(objects, inspectors, spec, rules.seed_sha256(seed))
    return Draw.objects.create(batch=batch, unit=batch.plan.unit, drawn_on=on, seed=seed,
                               seed_sha256=rules.seed_sha256(seed), commitment=rules.commitment_of(inputs),
                               inputs=inputs, excluded=[list(x) for x in excluded], redraw_of=redraw_of,
                               redraw_reason=redraw_reason, redraw_approver=redraw_approver, created_by=actor)


def draw_run(*, draw: Draw, actor, beacon: str = "") -> Draw:
    """Run a committed draw from its published inputs and seed; create one task per drawn entity carrying
    every item of the batch (a joint visit when several departments' items meet: 原则上一次性完成)."""
    require_role(actor, draw.unit, permissions.roles_for("draw.commit"))
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if draw.state != Draw.State.COMMITTED:
            raise rules.RuleError(_("该抽取已经进行过"), code="draw_not_committed", field="state")
        objects, inspectors, spec = rules.from_payload(draw.inputs)
        try:
            result = rules.draw(objects, inspectors, spec, draw.seed, beacon=beacon)
        except rules.DrawError as exc:
            raise rules.RuleError(rules.message(exc), code=exc.code) from None
        if result.commitment != draw.commitment:  # the stored inputs were altered after the commitment
            raise rules.RuleError(_("输入与公布的承诺值不一致"), code="commitment_mismatch")
        draw.result = result.as_json()
        draw.warnings = [list(w) for w in result.warnings]
        draw.beacon = beacon
        draw.state = Draw.State.DRAWN
        draw.drawn_at = timezone.now()
        draw.save()
        items = [[i.department.code, i.code] for i in batch_items(draw.batch)]
        entities = {f"E{e.pk}": e for e in Entity.objects.filter(pk__in=[int(a.object_id[1:])
                                                                         for a in result.assignments])}
        Task.objects.bulk_create(
            [
                Task(
                    kind=Task.Kind.RANDOM,
                    draw=draw,
                    unit=draw.unit,
                    entity=entities[a.object_id],
                    items=items,
                    inspectors=list(a.inspectors),
                    original_inspectors=list(a.inspectors),
                    assigned_on=draw.drawn_on,
                )
                for a in result.assignments
            ]
        )
        record(action="inspections.draw.run", obj=draw, actor=actor,
               after={"seed": draw.seed, "beacon": beacon, "objects": len(result.assignments)})
    return draw


def draw_redo(*, draw: Draw, reason: str, approver, actor, on: date | None = None) -> Draw:
    """No silent redraw: a recorded reason and an approver (the unit's leader); the earlier draw stays visible
    as superseded (its tasks cancelled, none of them
    checked yet), and the new one is published as a redraw."""
    require_role(actor, draw.unit, permissions.roles_for("draw.commit"))
    reason = (reason or "").strip()
    if not reason:
        raise rules.RuleError(_("重新抽取须写明理由"), code="redraw_reason_required", field="reason")
    if approver is None or not has_role(approver, draw.unit, permissions.roles_for("draw.approve_redraw")):
        raise rules.RuleError(
            _("重新抽取须经牵头单位负责人批准"), code="redraw_approver_required", field="approver"
        )
    with transaction.atomic():
        old = Draw.objects.select_for_update().get(pk=draw.pk)
        if old.state != Draw.State.DRAWN:
            raise rules.RuleError(_("只能对已抽取的结果重新抽取"), code="draw_not_drawn", field="state")
        if old.tasks.exclude(state=Task.State.ASSIGNED).exists():
            raise rules.RuleError(_("已有检查完成，不能重新抽取"), code="draw_in_use")
        old.tasks.update(state=Task.State.CANCELLED)
        old.state = Draw.State.SUPERSEDED
        old.save(update_fields=["state"])
        new = _commit(batch=old.batch, actor=actor, on=on or timezone.localdate(), redraw_of=old,
                      redraw_reason=reason, redraw_approver=approver)
        record(action="inspections.draw.redrawn", obj=old, actor=actor,
               after={"new": new.pk, "commitment": new.commitment, "seed_sha256": new.seed_sha256,
                      "reason": reason, "approver": approver.pk})
    return new
