"""Implementation and money (§六, §七): implementer,
milestones, completion, audits, evaluation, contributions."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.microprojects.models import AuditRecord, Contribution, Evaluation, Milestone, Project
from zhengwu.microprojects.services.common import allow, move, street_of, text
from zhengwu.microprojects.services.milestone_files import clean_files, files_store
from zhengwu.microprojects.services.workflow import _amount, _log
from zhengwu.microprojects.standard import EVALUATION_GROUPS, Audit, Step


def implementer_choose(*, project: Project, actor, on: date, implementer: str) -> Project:
    """§六(一): the street chooses the implementer; a service project must start within 1 month, an
    engineering project finish within 6 months of this date (selectors.deadlines)."""
    allow(actor, "project.implement", street_of(project))
    with transaction.atomic():
        project.implementer = text(implementer, "implementer", limit=100)
        project.implementer_chosen_on = on
        move(project, Step.IMPLEMENTATION, actor=actor, on=on, note=project.implementer)
        _log("implementer_chosen", project, actor, implementer=project.implementer)
    return project


def milestone_record(*, project: Project, actor, on: date, title: str, progress: int, note: str = "",
                     files=()) -> Milestone:
    """A milestone with its progress figure (0–100, never going back) and its photos and documents (checked
    by core.uploads before anything is stored: services.milestone_files)."""
    allow(actor, "project.implement", street_of(project))
    clean = clean_files(files)
    if project.step != Step.IMPLEMENTATION:
        raise ApplicationError(_("项目不在实施阶段。"), code="workflow.out_of_order")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ApplicationError(_("进度须为 0–100 的整数。"), code="invalid", field="progress")
    if progress < project.progress:
        raise ApplicationError(
            _("进度不能低于上次的 %(p)s%%。") % {"p": project.progress},
            code="progress.backwards",
            field="progress",
        )
    with transaction.atomic():
        m = Milestone.objects.create(
            project=project,
            on=on,
            title=text(title, "title", limit=200),
            progress=progress,
            note=text(note, "note", limit=5000, required=False),
        )
        stored = files_store(m, clean)
        project.progress = progress
        if project.started_on is None:
            project.started_on = on
        project.save(update_fields=["progress", "started_on"])
        _log("milestone", project, actor, milestone=m.pk, files=[f.pk for f in stored])
    return m


def project_complete(*, project: Project, actor, on: date, maintenance_unit: str, funds_used,
                     results: str) -> Project:
    """§六(一)(二): completion names the maintenance unit;
    funds use and results are published in the community."""
    allow(actor, "project.implement", street_of(project))
    with transaction.atomic():
        project.maintenance_unit = text(maintenance_unit, "maintenance_unit", limit=100)
        project.funds_used = _amount(funds_used, "funds_used")
        project.results = text(results, "results", limit=5000)
        project.completed_on = on
        project.progress = 100
        move(project, Step.COMPLETION, actor=actor, on=on, note=project.results)
        _log("completed", project, actor, maintenance_unit=project.maintenance_unit)
    return project


def audit_record(
    *, project: Project, actor, on: date, audit: str, result: str, approved_amount=None
) -> AuditRecord:
    """§六(三): the audits the amount calls for, in order (budget review before work; the others after
    completion); a project without that audit is refused (workflow.not_in_path)."""
    allow(actor, "project.audit", project.unit)
    try:
        audit = Audit(audit)
    except ValueError:
        raise ApplicationError(_("未知审计类型。"), code="invalid", field="audit") from None
    with transaction.atomic():
        move(project, Step(audit), actor=actor, on=on, note=result)
        row = AuditRecord.objects.create(
            project=project,
            audit=audit,
            on=on,
            result=text(result, "result", limit=5000),
            approved_amount=None
            if approved_amount in (None, "")
            else _amount(approved_amount, "approved_amount"),
        )
        _log("audited", project, actor, audit=str(audit))
    return row


def _score(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    score = _amount(value, field) if Decimal(str(value)) > 0 else Decimal(0)
    if score > 100:
        raise ApplicationError(_("分数须在 0–100 之间。"), code="invalid", field=field)
    return score


def evaluation_record(*, project: Project, actor, on: date, evaluator: str, satisfaction, respondents: dict,
                      resident_score=None, council_score=None, expert_score=None) -> Evaluation:
    """§六(四): the third party's satisfaction survey over the five groups (published), and the scores of
    the yearly selection of excellent projects."""
    allow(actor, "project.evaluate", street_of(project))
    unknown = set(respondents) - set(EVALUATION_GROUPS)
    if unknown or any(not isinstance(n, int) or n < 0 for n in respondents.values()):
        raise ApplicationError(
            _("测评对象只能是：%(g)s（人数为非负整数）。") % {"g": "、".join(EVALUATION_GROUPS)},
            code="invalid",
            field="respondents",
        )
    with transaction.atomic():
        move(project, Step.EVALUATION, actor=actor, on=on)
        ev = Evaluation.objects.create(
            project=project,
            on=on,
            evaluator=text(evaluator, "evaluator", limit=100),
            satisfaction=_score(satisfaction, "satisfaction") or Decimal(0),
            respondents=respondents,
            resident_score=_score(resident_score, "resident_score"),
            council_score=_score(council_score, "council_score"),
            expert_score=_score(expert_score, "expert_score"),
        )
        _log("evaluated", project, actor, satisfaction=str(ev.satisfaction))
    return ev


def contribution_record(*, project: Project, actor, on: date, kind: str, party: str, amount) -> Contribution:
    """§七(五): a donation, sponsorship or naming of a project."""
    allow(actor, "project.implement", street_of(project))
    if kind not in Contribution.Kind.values:
        raise ApplicationError(_("未知方式。"), code="invalid", field="kind")
    with transaction.atomic():
        c = Contribution.objects.create(
            project=project,
            on=on,
            kind=kind,
            party=text(party, "party", limit=100),
            amount=_amount(amount, "amount"),
        )
        _log("contribution", project, actor, kind=kind, party=c.party, amount=str(c.amount))
    return c


