"""The item's life after 立项 (§三(二)): 分解 → 承办 (progress reports, milestones done) → 办结 → 验收
(or 验收退回 with reasons) → 销号, and the reform office's decision to publish an item's progress.

Each function: keyword-only, one transaction with the plan row locked, one ledger entry. The order of the
steps is `rules.TRANSITIONS`; a step out of order is `step_out_of_order` naming where the item is.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.ledger.services import record, snapshot
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Milestone, Plan, ProgressReport
from zhengwu.reforms.services.attachments import attachments_store, clean_attachments
from zhengwu.reforms.standard import REFORM_OFFICE, Stage, Step

PLAN_FIELDS = ["item_number", "stage", "undertaking_since", "completed_on", "evidence", "refusal_reasons",
               "verified_on", "closed_on", "published"]


def _locked(number) -> Plan:
    """The plan of item `number`, locked for the transaction; `no_plan` when the item has none yet."""
    plan = (
        Plan.objects.select_for_update(of=("self",)).select_related("unit").filter(item_number=number).first()
    )
    if plan is None:
        raise rules.RuleError(
            _("第%(n)s项尚未立项（没有实施方案）。") % {"n": number}, code="no_plan", field="number"
        )
    return plan


def _reform_office() -> Unit:
    return Unit.objects.get(code=REFORM_OFFICE)


def _not_before(on: date, earliest: date | None, field: str = "on") -> None:
    if earliest is not None and on < earliest:
        raise rules.RuleError(_("日期 %(on)s 早于 %(earliest)s。") % {"on": on, "earliest": earliest},
                              code="date_before_previous_step", field=field)


def _move(
    plan: Plan, step: Step, *, actor, unit, action: str, note: str = "", reasons: str = "", **changes
) -> Plan:
    before = snapshot(plan, PLAN_FIELDS)
    plan.stage = rules.advance(plan.stage, step, reasons=reasons)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.save(update_fields=["stage", *changes])
    record(action=action, obj=plan, actor=actor, unit=unit, before=before, after=snapshot(plan, PLAN_FIELDS),
           note=note)
    return plan


def plan_decompose(*, number: int, milestones: list[rules.MilestoneDraft], actor) -> Plan:
    """分解: the lead unit breaks its plan into dated milestones,
    each with a deliverable and a unit (org code)."""
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, plan.unit, permissions.roles_for("plan.register"))
        rules.advance(
            plan.stage, Step.DECOMPOSE
        )  # the order first: a closed item is refused before its input
        rules.check_milestones(milestones, registered_on=plan.registered_on)
        codes = {m.unit for m in milestones}
        units = {u.code: u for u in Unit.objects.filter(code__in=codes, is_active=True)}
        for i, m in enumerate(milestones):
            if m.unit not in units:
                raise rules.RuleError(
                    _("第%(n)s个节点的承办单位代码“%(c)s”不存在。") % {"n": i + 1, "c": m.unit},
                    code="unknown_unit",
                    field=f"milestones[{i}].unit",
                )
        Milestone.objects.bulk_create(
            Milestone(
                plan=plan,
                title=m.title.strip(),
                deliverable=m.deliverable.strip(),
                unit=units[m.unit],
                due_on=m.due,
            )
            for m in milestones
        )
        return _move(plan, Step.DECOMPOSE, actor=actor, unit=plan.unit, action="reforms.plan.decomposed",
                     note=_("%(n)s 个节点") % {"n": len(milestones)})


def plan_undertake(*, number: int, on: date, actor) -> Plan:
    """承办: work starts; the progress-report cycle runs from `on`."""
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, plan.unit, permissions.roles_for("plan.register"))
        _not_before(on, plan.registered_on)
        return _move(plan, Step.UNDERTAKE, actor=actor, unit=plan.unit, action="reforms.plan.undertaken",
                     undertaking_since=on)


def report_submit(*, number: int, on: date, text: str, actor, attachments=()) -> ProgressReport:
    """A periodic progress report while the item is 承办 (`not_undertaking` in any other stage), with its
    attachments (services.attachments: checked by their bytes before anything is stored)."""
    if not (text or "").strip():
        raise rules.RuleError(_("请填写进展情况。"), code="report_text_required", field="text")
    files = clean_attachments(attachments)
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, plan.unit, permissions.roles_for("plan.register"))
        if plan.stage != Stage.UNDERTAKING:
            raise rules.RuleError(_("只有“承办”阶段的事项报送进展。"), code="not_undertaking", field="number")
        _not_before(on, plan.undertaking_since)
        report = ProgressReport.objects.create(plan=plan, reported_on=on, text=text.strip(), created_by=actor)
        stored = attachments_store(report, files)
        record(action="reforms.report.submitted", obj=report, actor=actor, unit=plan.unit,
               after={**snapshot(report, ["plan", "reported_on", "text"]),
                      "attachments": [{"file": a.file.name, "type": a.content_type, "size": a.size,
                                       "name": a.original_name} for a in stored]})
    return report


def milestone_complete(*, milestone_id: int, on: date, actor) -> Milestone:
    """A milestone's unit (or the lead unit) marks it done on `on`, while the item is 承办."""
    with transaction.atomic():
        milestone = Milestone.objects.select_related("plan").filter(pk=milestone_id).first()
        if milestone is None:
            raise rules.RuleError(_("节点不存在。"), code="unknown_milestone", field="milestone")
        plan = _locked(milestone.plan.item_number)
        milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
        roles = permissions.roles_for("plan.register")
        try:
            require_role(actor, milestone.unit, roles)
        except PermissionDenied:  # the lead unit may record it for a participating unit
            require_role(actor, plan.unit, roles)
        if plan.stage != Stage.UNDERTAKING:
            raise rules.RuleError(
                _("只有“承办”阶段的事项可以完成节点。"), code="not_undertaking", field="milestone"
            )
        if milestone.done_on is not None:
            raise rules.RuleError(
                _("该节点已于 %(d)s 完成。") % {"d": milestone.done_on},
                code="milestone_done",
                field="milestone",
            )
        _not_before(on, plan.registered_on)
        milestone.done_on = on
        milestone.save(update_fields=["done_on"])
        record(
            action="reforms.milestone.completed",
            obj=milestone,
            actor=actor,
            unit=milestone.unit,
            after={
                "plan": plan.item_number,
                "title": milestone.title,
                "due_on": milestone.due_on.isoformat(),
                "done_on": on.isoformat(),
            },
        )
    return milestone


def plan_complete(*, number: int, on: date, evidence: list[str], actor) -> Plan:
    """办结: the lead unit requests closure with evidence, once every milestone is done."""
    evidence = [e.strip() for e in evidence if e and e.strip()]
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, plan.unit, permissions.roles_for("plan.register"))
        rules.advance(plan.stage, Step.COMPLETE)
        rules.check_completion(
            evidence=len(evidence), open_milestones=plan.milestones.filter(done_on=None).count()
        )
        _not_before(on, plan.undertaking_since)
        return _move(plan, Step.COMPLETE, actor=actor, unit=plan.unit, action="reforms.plan.completed",
                     completed_on=on, evidence=evidence)


def plan_verify(*, number: int, on: date, actor) -> Plan:
    """验收: the reform office (区委改革办) verifies the closure."""
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, _reform_office(), permissions.roles_for("plan.verify"))
        _not_before(on, plan.completed_on)
        return _move(
            plan, Step.VERIFY, actor=actor, unit=plan.unit, action="reforms.plan.verified", verified_on=on
        )


def plan_refuse(*, number: int, on: date, reasons: str, actor) -> Plan:
    """验收退回: the reform office refuses the closure with reasons; the item is 承办 again from `on`."""
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, _reform_office(), permissions.roles_for("plan.verify"))
        _not_before(on, plan.completed_on)
        return _move(plan, Step.REFUSE, actor=actor, unit=plan.unit, action="reforms.plan.refused",
                     reasons=reasons, note=(reasons or "").strip(), refusal_reasons=(reasons or "").strip(),
                     undertaking_since=on, completed_on=None)


def plan_close(*, number: int, on: date, actor) -> Plan:
    """销号: the reform office strikes the verified item off the register."""
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, _reform_office(), permissions.roles_for("plan.verify"))
        _not_before(on, plan.verified_on)
        return _move(
            plan, Step.CLOSE, actor=actor, unit=plan.unit, action="reforms.plan.closed", closed_on=on
        )


def plan_publish(*, number: int, published: bool, actor) -> Plan:
    """§三(四) 舆论引导: the reform office decides whether an item's progress shows on the public page."""
    with transaction.atomic():
        plan = _locked(number)
        require_role(actor, _reform_office(), permissions.roles_for("plan.verify"))
        before = snapshot(plan, PLAN_FIELDS)
        plan.published = bool(published)
        plan.save(update_fields=["published"])
        record(action="reforms.plan.published", obj=plan, actor=actor, unit=plan.unit, before=before,
               after=snapshot(plan, PLAN_FIELDS))
    return plan
