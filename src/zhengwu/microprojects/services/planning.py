"""The yearly round: the budget check at approval (§七(三)), the yearly selection of excellent projects
(§六(四)), stage dates per year (issue 17 §10). One transaction and one ledger entry per change."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.services import record
from zhengwu.microprojects import rules, selectors
from zhengwu.microprojects.models import Evaluation, Project, StageDate
from zhengwu.microprojects.rules import budgets, excellence, schedule
from zhengwu.microprojects.services.common import allow, refuse
from zhengwu.org.models import Unit
from zhengwu.org.selectors import district


def check_budget(project: Project) -> None:
    """§七(三): approving the project may not take its community or street past the year's budget."""
    street = project.unit.parent
    found = budgets.check_approval(
        amount=project.expert_amount or project.amount, year=project.year,
        community=selectors.planning.usage_of(project.unit, project.year, exclude=project.pk),
        street=selectors.planning.usage_of(street, project.year, exclude=project.pk) if street else None,
        community_name=project.unit.name, street_name=street.name if street else "")
    if found:
        raise ApplicationError("；".join(v.message for v in found), code=found[0].rule)


def excellence_select(*, actor, year: int, count: int, weights: dict | None = None,
                      street: Unit | None = None) -> list[excellence.Ranked]:
    """§六(四): rank the year's evaluated projects (of a street, or the district) by the weighted residents',
    council's and experts' scores and mark the best `count` excellent; a project without all three scores
    is not ranked. Done again, it replaces the earlier selection of the same scope."""
    scope = street or district()
    allow(actor, "project.evaluate", scope)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ApplicationError(_("评选数量须为正整数。"), code="invalid", field="count")
    qs = Evaluation.objects.filter(project__year=int(year)).select_related("project")
    if street is not None:
        qs = qs.filter(project__unit__parent=street)
    rows = list(qs)
    try:
        ranked = excellence.select([excellence.Scores(e.project_id, e.resident_score, e.council_score,
                                                      e.expert_score) for e in rows],
                                   count=count, weights=weights or excellence.DEFAULT_WEIGHTS)
    except rules.RuleError as exc:
        raise refuse(exc, "weights") from None
    by_project = {r.project: r for r in ranked}
    with transaction.atomic():
        for e in rows:
            r = by_project.get(e.project_id)
            e.excellent, e.excellence_total, e.excellence_rank = (r.selected, r.total, r.rank) if r else (
                False, None, None)
            e.save(update_fields=["excellent", "excellence_total", "excellence_rank"])
        record(
            action="microprojects.excellence.selected",
            object_type="microprojects.evaluation",
            actor=actor,
            after={
                "year": int(year),
                "street": street.code if street else None,
                "count": count,
                "weights": {k: str(v) for k, v in (weights or excellence.DEFAULT_WEIGHTS).items()},
                "selected": [r.project for r in ranked if r.selected],
            },
        )
    return ranked


def stage_date_set(*, actor, year: int, stage: str, on: date | None) -> schedule.Preview:
    """Set (or clear, `on=None`) the date of a stage of `year`; refused when it breaks the stages' order or
    leaves the year. Returns what it moved (the same as `selectors.planning.stage_preview` showed)."""
    allow(actor, "config.stage_dates", district())
    try:
        preview = selectors.planning.stage_preview(year=int(year), stage=stage, new=on)
    except rules.RuleError as exc:
        raise refuse(exc, "on") from None
    with transaction.atomic():
        if on is None:
            StageDate.objects.filter(year=year, stage=stage).delete()
        else:
            StageDate.objects.update_or_create(year=year, stage=stage, defaults={"on": on})
        record(action="microprojects.stage_date.set", object_type="microprojects.stagedate", actor=actor,
               before={"year": year, "stage": stage, "on": preview.change.old.isoformat()
                       if preview.change.old else None},
               after={"year": year, "stage": stage, "on": on.isoformat() if on else None,
                      "days": preview.change.days, "moved": list(preview.projects)})
    return preview

