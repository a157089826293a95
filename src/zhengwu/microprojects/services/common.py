"""What every service of 民生微实事 shares: turning a rule's refusal into an ApplicationError, role checks
through the permissions table, and the one way a project moves to its next step."""

from datetime import date

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.microprojects import permissions, rules
from zhengwu.microprojects.models import Project, StepRecord
from zhengwu.microprojects.standard import Step
from zhengwu.org.scoping import require_role


def refuse(exc: rules.RuleError, field: str | None = None) -> ApplicationError:
    return ApplicationError(exc.message, code=exc.code, field=field)


def allow(actor, action: str, unit) -> None:
    """PermissionDenied unless `actor` holds a role that `permissions.TABLE[action]` names, for `unit`."""
    require_role(actor, unit, permissions.roles_for(action))


def street_of(project: Project):
    return project.unit.parent or project.unit


def steps_of(project: Project) -> tuple[Step, ...]:
    return rules.project_steps(project.category, project.amount)


def move(project: Project, step: Step, *, actor, on: date, passed: bool = True, note: str = "",
         data: dict | None = None) -> StepRecord:
    """Record `step` (refused out of order, naming the current and the attempted step) and move the project.
    A refusal (passed=False) needs a reason, which the
    proposer is told. Call inside the service's transaction."""
    steps, current = steps_of(project), Step(project.step)
    try:
        if passed:
            project.step = rules.advance(steps, current, step)
        else:
            rules.advance(steps, current, step)  # the step must be the one due before it may refuse
            project.step = rules.reject(steps, current, reason=note)
            project.reason = note.strip()
    except rules.RuleError as exc:
        raise refuse(exc, "step") from None
    project.save()
    return StepRecord.objects.create(project=project, step=step, passed=passed, on=on, note=note,
                                     data=data or {}, actor=actor if getattr(actor, "pk", None) else None)


def text(value, field: str, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise ApplicationError(_("请填写此项。"), code="required", field=field)
    if len(value) > limit:
        raise ApplicationError(_("最多 %(n)s 个字。") % {"n": limit}, code="too_long", field=field)
    return value
