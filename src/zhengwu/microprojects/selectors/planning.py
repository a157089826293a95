"""Reads for the yearly round: budgets and their use per street and community (§七(三)), progress rolled up
per community and street, the excellence candidates (§六(四)), the stage dates of a year and what a change
moves. Services call `committed_of` and `stage_dates_of` to check a write; pages call the rest."""

from datetime import date
from decimal import Decimal

from zhengwu.microprojects import rules
from zhengwu.microprojects.models import Budget, Evaluation, Project, StageDate
from zhengwu.microprojects.rules import budgets, progress, schedule
from zhengwu.microprojects.standard import Step
from zhengwu.org.models import Unit
from zhengwu.org.scoping import scoped

#: Steps at which a project counts against its year's budget: approved by the first secretary and on.
COUNTED_FROM = rules.Step.FIRST_SECRETARY


#: Every path has its steps in the order of `Step`, so "from the first secretary on" is one set of steps.
COUNTED_STEPS = frozenset(s for s in Step if s != Step.REJECTED
                          and list(Step).index(s) >= list(Step).index(COUNTED_FROM))


def _counted(project: Project) -> bool:
    return project.step in COUNTED_STEPS


def _decided(project: Project) -> Decimal:
    return project.expert_amount or project.amount


def committed_of(*, year: int, units, exclude: int | None = None) -> list[budgets.Committed]:
    """The approved (counted) projects of `year` in these communities."""
    qs = Project.objects.filter(year=year, unit__in=units, step__in=COUNTED_STEPS)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return [budgets.Committed(p.pk, _decided(p), p.year, p.completed_on) for p in qs if _counted(p)]


def budget_of(unit, year: int) -> Decimal | None:
    row = Budget.objects.filter(unit=unit, year=year).first()
    return row.amount if row else None


def usage_of(unit, year: int, *, exclude: int | None = None) -> budgets.Usage:
    """A community's (or, for a street, all its communities') use of the year's budget."""
    communities = [unit] if unit.kind == Unit.Kind.COMMUNITY else list(Unit.objects.filter(parent=unit))
    committed = committed_of(year=year, units=communities, exclude=exclude)
    spent = dict(Project.objects.filter(pk__in=[c.project for c in committed], funds_used__isnull=False)
                 .values_list("pk", "funds_used"))
    return budgets.usage(budget_of(unit, year), committed, year=year, spent=spent)


def budget_overview(*, user, year: int, today: date) -> dict:
    """Per street, then per community: budget, committed, spent, remaining, and the `budget.*` findings
    (missing budgets, communities over their street, projects unfinished at year end)."""
    communities = scoped(Unit.objects.filter(kind=Unit.Kind.COMMUNITY, is_active=True), user, unit_field="pk")
    communities = list(communities.select_related("parent").order_by("parent__code", "code"))
    budgets_by_unit = {b.unit_id: b.amount for b in Budget.objects.filter(year=year)}
    counted = list(Project.objects.filter(year=year, unit__in=communities, step__in=COUNTED_STEPS)
                   .select_related("unit").only("pk", "unit__code", "unit__name", "amount", "expert_amount",
                                                "funds_used", "completed_on", "step", "title"))
    by_unit: dict[int, list[Project]] = {}
    for p in counted:
        by_unit.setdefault(p.unit_id, []).append(p)
    rows, streets = [], {}
    for c in communities:
        mine = by_unit.get(c.pk, [])
        use = budgets.usage(
            budgets_by_unit.get(c.pk),
            [budgets.Committed(p.pk, _decided(p), year, p.completed_on) for p in mine],
            year=year,
            spent={p.pk: p.funds_used for p in mine if p.funds_used is not None},
        )
        row = {"code": c.code, "name": c.name, "street": c.parent.code if c.parent else "", "usage": use,
               "findings": []}
        if use.budget is None:
            row["findings"].append("budget.missing")
        elif use.remaining is not None and use.remaining < 0:
            row["findings"].append("budget.exceeded")
        rows.append(row)
        if c.parent:
            streets.setdefault(c.parent, []).append(row)
    street_rows = []
    for street, members in sorted(streets.items(), key=lambda kv: kv[0].code):
        budget = budgets_by_unit.get(street.pk)
        committed = sum((r["usage"].committed for r in members), Decimal(0))
        findings = []
        over = budgets.communities_over_street(budget, [r["usage"].budget or 0 for r in members])
        if budget is None:
            findings.append("budget.missing")
        if over:
            findings.append(over.rule)
        if budget is not None and committed > budget:
            findings.append("budget.street_exceeded")
        street_rows.append(
            {
                "code": street.code,
                "name": street.name,
                "budget": budget,
                "committed": committed,
                "remaining": None if budget is None else budget - committed,
                "findings": findings,
            }
        )
    unfinished = budgets.unfinished_at_year_end(
        [budgets.Committed(p.pk, _decided(p), year, p.completed_on) for p in counted], today=today)
    late = {u.project for u in unfinished}
    return {"year": year, "streets": street_rows, "communities": rows,
            "unfinished": [p for p in counted if p.pk in late]}


def progress_items(projects) -> list[progress.Item]:
    return [
        progress.Item(p.pk, p.unit.code, p.unit.parent.code if p.unit.parent else "", _decided(p), p.progress)
        for p in projects
        if p.step != Step.REJECTED
    ]


def progress_rollup(projects) -> dict:
    """{"community": {code: Rollup}, "street": {code: Rollup}} over projects under way or done."""
    items = progress_items([p for p in projects if _counted(p)])
    return {
        "community": progress.rollup(items, by="community"),
        "street": progress.rollup(items, by="street"),
    }


def excellence_candidates(*, year: int, user=None):
    """Evaluations of the year's projects, with the three scores (residents, council, experts)."""
    qs = Evaluation.objects.filter(project__year=year).select_related("project", "project__unit")
    return scoped(qs, user, unit_field="project__unit") if user is not None else qs


def stage_dates_of(year: int) -> dict[str, date]:
    return {s.stage: s.on for s in StageDate.objects.filter(year=year)}


def stage_projects(year: int) -> list[tuple[int, tuple[str, ...], str]]:
    """(id, path, current step) of the year's projects still under way, for `schedule.preview`."""
    out = []
    for p in (
        Project.objects.filter(year=year).exclude(step=Step.REJECTED).only("pk", "category", "amount", "step")
    ):
        out.append((p.pk, tuple(str(s) for s in rules.project_steps(p.category, p.amount)), p.step))
    return out


def stage_preview(*, year: int, stage: str, new: date | None) -> schedule.Preview:
    return schedule.preview(year, stage_dates_of(year), stage, new, stage_projects(year))
