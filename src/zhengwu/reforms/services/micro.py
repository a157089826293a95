"""The library of each department's and street's 微改革 / 微创新 projects (issue 19 §1), in the shape
of a plan item: the unit registers the project with its responsible person and dated milestones (each with
a deliverable and a unit), marks milestones done, and the reform office closes (销号) the project once
every one is done. Keyword-only, one transaction, one ledger entry each."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.ledger.services import record, snapshot
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import MicroMilestone, MicroReform
from zhengwu.reforms.standard import REFORM_OFFICE

#: the units that keep such projects: the district's departments and the street offices
LIBRARY_UNIT_KINDS = (Unit.Kind.PARTY, Unit.Kind.GOVERNMENT, Unit.Kind.VERTICAL, Unit.Kind.STREET,
                      Unit.Kind.CENTRE)
FIELDS = ["kind", "title", "summary", "unit", "responsible", "registered_on", "closed_on"]


def _check(*, kind: str, title: str, summary: str, responsible: str) -> None:
    if kind not in MicroReform.Kind.values:
        raise rules.RuleError(_("类型应为微改革或微创新。"), code="micro_kind_invalid", field="kind")
    if not (title or "").strip():
        raise rules.RuleError(_("请填写项目名称。"), code="micro_title_required", field="title")
    if not (summary or "").strip():
        raise rules.RuleError(_("请填写主要内容。"), code="micro_summary_required", field="summary")
    if not (responsible or "").strip():
        raise rules.RuleError(_("请填写责任人。"), code="plan_responsible_required", field="responsible")


def micro_register(*, kind: str, unit: Unit, title: str, summary: str, responsible: str, on: date,
                   milestones: list[rules.MilestoneDraft], actor) -> MicroReform:
    """A department or street office registers one of its own 微改革 / 微创新 projects with its milestones."""
    if unit.kind not in LIBRARY_UNIT_KINDS:
        raise rules.RuleError(_("微改革、微创新项目由区直部门或街道办事处登记。"), code="micro_unit_invalid",
                              field="unit")
    require_role(actor, unit, permissions.roles_for("plan.register"))
    _check(kind=kind, title=title, summary=summary, responsible=responsible)
    rules.check_milestones(milestones, registered_on=on)
    with transaction.atomic():
        units = {
            u.code: u for u in Unit.objects.filter(code__in={m.unit for m in milestones}, is_active=True)
        }
        for i, m in enumerate(milestones):
            if m.unit not in units:
                raise rules.RuleError(
                    _("第%(n)s个节点的承办单位代码“%(c)s”不存在。") % {"n": i + 1, "c": m.unit},
                    code="unknown_unit",
                    field=f"milestones[{i}].unit",
                )
        project = MicroReform.objects.create(
            kind=kind,
            unit=unit,
            title=title.strip(),
            summary=summary.strip(),
            responsible=responsible.strip(),
            registered_on=on,
            created_by=actor,
        )
        MicroMilestone.objects.bulk_create(
            MicroMilestone(project=project, title=m.title.strip(), deliverable=m.deliverable.strip(),
                           unit=units[m.unit], due_on=m.due) for m in milestones)
        record(action="reforms.micro.registered", obj=project, actor=actor, unit=unit,
               after={**snapshot(project, FIELDS), "milestones": [
                   {"title": m.title, "unit": m.unit, "due": m.due.isoformat()} for m in milestones]})
    return project


def micro_milestone_complete(*, milestone_id: int, on: date, actor) -> MicroMilestone:
    """The milestone's unit (or the project's unit) marks it done on `on`."""
    with transaction.atomic():
        milestone = (MicroMilestone.objects.select_for_update(of=("self",)).select_related("project__unit")
                     .filter(pk=milestone_id).first())
        if milestone is None:
            raise rules.RuleError(_("节点不存在。"), code="unknown_milestone", field="milestone")
        project = milestone.project
        roles = permissions.roles_for("plan.register")
        try:
            require_role(actor, milestone.unit_id, roles)
        except PermissionDenied:
            require_role(actor, project.unit, roles)
        if project.closed_on is not None:
            raise rules.RuleError(_("该项目已销号。"), code="micro_closed", field="milestone")
        if milestone.done_on is not None:
            raise rules.RuleError(
                _("该节点已于 %(d)s 完成。") % {"d": milestone.done_on},
                code="milestone_done",
                field="milestone",
            )
        if on < project.registered_on:
            raise rules.RuleError(
                _("日期 %(on)s 早于 %(earliest)s。") % {"on": on, "earliest": project.registered_on},
                code="date_before_previous_step",
                field="on",
            )
        milestone.done_on = on
        milestone.save(update_fields=["done_on"])
        record(action="reforms.micro.milestone_completed", obj=milestone, actor=actor, unit=milestone.unit,
               after={"project": project.pk, "title": milestone.title, "due_on": milestone.due_on.isoformat(),
                      "done_on": on.isoformat()})
    return milestone


def micro_close(*, project_id: int, on: date, actor) -> MicroReform:
    """销号 by the reform office once every milestone is done (`milestones_open` otherwise)."""
    with transaction.atomic():
        project = MicroReform.objects.select_for_update().filter(pk=project_id).first()
        if project is None:
            raise rules.RuleError(_("项目不存在。"), code="unknown_micro", field="project")
        require_role(actor, Unit.objects.get(code=REFORM_OFFICE), permissions.roles_for("plan.verify"))
        if project.closed_on is not None:
            raise rules.RuleError(_("该项目已销号。"), code="micro_closed", field="project")
        open_count = project.milestones.filter(done_on=None).count()
        if open_count:
            raise rules.RuleError(_("还有 %(n)s 个节点未完成。") % {"n": open_count}, code="milestones_open",
                                  field="project")
        if on < project.registered_on:
            raise rules.RuleError(
                _("日期 %(on)s 早于 %(earliest)s。") % {"on": on, "earliest": project.registered_on},
                code="date_before_previous_step",
                field="on",
            )
        before = snapshot(project, FIELDS)
        project.closed_on = on
        project.save(update_fields=["closed_on"])
        record(action="reforms.micro.closed", obj=project, actor=actor, unit=project.unit, before=before,
               after=snapshot(project, FIELDS))
    return project
