"""The item life cycle 立项 → 分解 → 承办 → 办结 → 验收 (or refused back to 承办 with reasons) → 销号, and
what each step needs (§三(二) 实施方案: targets, content, schedule; §一(五) 督查落实)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from zhengwu.reforms.rules.base import RuleError
from zhengwu.reforms.standard import (
    STAGE_LABELS,
    STEP_LABELS,
    Item,
    Register,
    Stage,
    Step,
)

TRANSITIONS: Mapping[Stage, Mapping[Step, Stage]] = {
    Stage.PLANNED: {Step.REGISTER: Stage.REGISTERED},
    Stage.REGISTERED: {Step.DECOMPOSE: Stage.DECOMPOSED},
    Stage.DECOMPOSED: {Step.UNDERTAKE: Stage.UNDERTAKING},
    Stage.UNDERTAKING: {Step.COMPLETE: Stage.COMPLETED},
    Stage.COMPLETED: {Step.VERIFY: Stage.VERIFIED, Step.REFUSE: Stage.UNDERTAKING},
    Stage.VERIFIED: {Step.CLOSE: Stage.CLOSED},
    Stage.CLOSED: {},
}


class StepError(RuleError):
    """A step out of order: `current` is where the item is, `step` what was asked."""

    def __init__(self, current: Stage, step: Step):
        allowed = "、".join(str(STEP_LABELS[s]) for s in TRANSITIONS[current]) or _("无（已销号）")
        super().__init__(
            _("事项当前处于“%(current)s”阶段，不能“%(step)s”；此时可以：%(allowed)s。") % {
                "current": STAGE_LABELS[current], "step": STEP_LABELS[step], "allowed": allowed},
            code="step_out_of_order", field="step")
        self.current, self.step = current, step


def _stage(value) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise RuleError(
            _("未知的事项阶段“%(v)s”。") % {"v": value}, code="unknown_stage", field="stage"
        ) from None


def _step(value) -> Step:
    try:
        return Step(value)
    except ValueError:
        raise RuleError(_("未知的操作“%(v)s”。") % {"v": value}, code="unknown_step", field="step") from None


def allowed_steps(current: Stage | str) -> tuple[Step, ...]:
    """The steps that may follow `current`, in the order of the life cycle."""
    return tuple(TRANSITIONS[_stage(current)])


def advance(current: Stage | str, step: Step | str, *, reasons: str = "") -> Stage:
    """The stage after `step` from `current`; StepError (`step_out_of_order`) for a step out of order.

    A refusal at verification (验收退回) sends the item back
    to 承办 and needs its reasons (`reasons_required`).
    """
    current, step = _stage(current), _step(step)
    if step not in TRANSITIONS[current]:
        raise StepError(current, step)
    if step is Step.REFUSE and not (reasons or "").strip():
        raise RuleError(_("验收退回须写明理由。"), code="reasons_required", field="reasons")
    return TRANSITIONS[current][step]


# --- what each step needs (§三(二)) -------------------------------------------------------------------------


def lead_unit_codes(register: Register, item: Item) -> frozenset[str]:
    """The org codes of the item's lead units (only they file its implementation plan)."""
    return frozenset(code for name in item.lead_units for code in register.codes_for(name))


def check_filing_unit(register: Register, item: Item, unit_code: str) -> None:
    """§三(二) 各改革项目牵头单位…制定实施方案: a plan is filed by one of the item's lead units."""
    if unit_code not in lead_unit_codes(register, item):
        raise RuleError(_("第%(n)s项的实施方案由牵头单位（%(lead)s）制定。") % {
            "n": item.number, "lead": "、".join(item.lead_units)}, code="not_a_lead_unit", field="unit")


def check_plan(*, targets: str, content: str, responsible: str) -> None:
    """§三(二) 明确各项改革的目标任务、具体内容和完成进度 (the schedule is the milestones, step 分解),
    and 定责任: the person responsible."""
    for name, value, message in (("targets", targets, _("请填写实施方案的目标任务。")),
                                 ("content", content, _("请填写实施方案的具体内容。")),
                                 ("responsible", responsible, _("请填写实施方案的责任人。"))):
        if not (value or "").strip():
            raise RuleError(message, code=f"plan_{name}_required", field=name)


@dataclass(frozen=True)
class MilestoneDraft:
    """One dated milestone of a plan's schedule (分解), assigned to a unit, with its deliverable."""

    title: str
    deliverable: str
    unit: str  # org code
    due: date


def check_milestones(milestones: Sequence[MilestoneDraft], *, registered_on: date) -> None:
    """分解: at least one milestone; each has a title, a deliverable, a unit and a due date not before
    the plan was filed. The error's `field` names the milestone (milestones[2].due)."""
    if not milestones:
        raise RuleError(_("请至少列出一个带日期的节点。"), code="milestones_required", field="milestones")
    for i, m in enumerate(milestones):
        where = {"n": i + 1}
        if not (m.title or "").strip():
            raise RuleError(_("第%(n)s个节点缺少名称。") % where, code="milestone_title_required",
                            field=f"milestones[{i}].title")
        if not (m.deliverable or "").strip():
            raise RuleError(
                _("第%(n)s个节点缺少成果（交付物）。") % where,
                code="milestone_deliverable_required",
                field=f"milestones[{i}].deliverable",
            )
        if not (m.unit or "").strip():
            raise RuleError(_("第%(n)s个节点缺少承办单位。") % where, code="milestone_unit_required",
                            field=f"milestones[{i}].unit")
        if m.due < registered_on:
            raise RuleError(_("第%(n)s个节点的期限 %(due)s 早于立项日期 %(on)s。") % {
                **where, "due": m.due.isoformat(), "on": registered_on.isoformat()},
                code="milestone_due_before_plan", field=f"milestones[{i}].due")


def check_completion(*, evidence: int, open_milestones: int) -> None:
    """办结: closure is requested with evidence, once every milestone is done."""
    if open_milestones:
        raise RuleError(_("还有 %(n)s 个节点未完成，不能申请办结。") % {"n": open_milestones},
                        code="milestones_open", field="milestones")
    if evidence < 1:
        raise RuleError(_("申请办结须附佐证材料。"), code="evidence_required", field="evidence")
