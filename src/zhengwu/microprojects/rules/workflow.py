"""The project's path as a state machine: steps in order, refusals with a reason, the public notice."""

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.errors import RuleError, StepOutOfOrder, _label
from zhengwu.microprojects.rules.thresholds import audits_for, review_path
from zhengwu.microprojects.standard import (
    Category,
    Step,
)

# --- Workflow -----------------------------------------------------------------------------------

def project_steps(category: Category | str, amount: Decimal) -> tuple[Step, ...]:
    """A project's whole path: suggestion, the review path, the budget review (before work), implementation,
    completion, the audits after completion, evaluation."""
    audits = audits_for(category, amount)
    before = tuple(Step(a) for a in audits if a in std.AUDITS_BEFORE_WORK)
    after = tuple(Step(a) for a in audits if a not in std.AUDITS_BEFORE_WORK)
    return ((Step.SUGGESTION, *review_path(category, amount), *before, Step.IMPLEMENTATION, Step.COMPLETION,
             *after, Step.EVALUATION))


def next_step(steps: Sequence[Step], current: Step | None) -> Step | None:
    """The step after `current` (the first when nothing is done; None after the last or a refusal)."""
    if current is None:
        return steps[0]
    if current == Step.REJECTED:
        return None
    if current not in steps:
        raise ValueError(f"{current} is not a step of this project's path {tuple(steps)}")
    i = list(steps).index(current)
    return steps[i + 1] if i + 1 < len(steps) else None


def advance(steps: Sequence[Step], current: Step | None, attempted: Step | str) -> Step:
    """Complete `attempted` after `current`, or raise `StepOutOfOrder` naming both (and the expected step)."""
    attempted = Step(attempted)
    expected = next_step(steps, current)
    if expected is None:
        raise StepOutOfOrder("workflow.finished", current=current, attempted=attempted, expected=None)
    if attempted not in steps:
        raise StepOutOfOrder("workflow.not_in_path", current=current, attempted=attempted, expected=expected)
    if attempted != expected:
        raise StepOutOfOrder("workflow.out_of_order", current=current, attempted=attempted, expected=expected)
    return attempted


def reject(steps: Sequence[Step], current: Step | None, *, reason: str) -> Step:
    """The body of the next review step refuses the project (an upheld objection at the notice, too);
    the reason is required because the proposer is told it."""
    expected = next_step(steps, current)
    if expected not in std.REVIEWING_STEPS:
        raise RuleError(
            "workflow.cannot_reject",
            _("当前为“%(current)s”，此时不能否决项目") % {"current": _label(current)},
        )
    if not (reason or "").strip():
        raise RuleError("workflow.reason_required", _("未通过“%(step)s”须写明理由，理由将告知申报人") % {
            "step": _label(expected)})
    return Step.REJECTED


def notice_ends(published_on: date, *, add_workdays: Callable[[date, int], date]) -> date:
    """§五: the last day of the 5-working-day notice (the day of publication does not count)."""
    return add_workdays(published_on, std.NOTICE_WORKDAYS)


def check_notice_close(*, ends_on: date, today: date, open_objections: int) -> None:
    """§五: 公示无异议后实施 — the notice closes after its last day, with every objection answered."""
    if today <= ends_on:
        raise RuleError(
            "notice.running", _("公示期到 %(date)s 结束，之后才能进入实施") % {"date": ends_on.isoformat()}
        )
    if open_objections:
        raise RuleError("notice.objections_open", _("公示期有 %(n)s 条异议尚未答复") % {"n": open_objections})
