"""Stage dates configured per year (issue 17 §10): the date by which each stage of a year's round ends.
The stages keep their order within the year; changing one shows what it moves — the projects of that
year whose stage falls under the changed date — before it is saved."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.microprojects.rules.errors import RuleError

#: The yearly round's stages, in order (each: the last day for it in that year).
STAGE_ORDER: tuple[str, ...] = ("collection", "pre_review", "expert_review", "council", "approval", "notice",
                                "implementation", "completion", "audit", "evaluation")
STAGE_LABELS = {
    "collection": gettext_lazy("建议征集截止"), "pre_review": gettext_lazy("两委预审截止"),
    "expert_review": gettext_lazy("专家评审截止"), "council": gettext_lazy("议事会评议截止"),
    "approval": gettext_lazy("审定截止"), "notice": gettext_lazy("公示截止"),
    "implementation": gettext_lazy("开工截止"), "completion": gettext_lazy("完工截止"),
    "audit": gettext_lazy("审计截止"), "evaluation": gettext_lazy("评议截止"),
}
#: Which project steps are due by each stage's date (a project still before them is "moved" by a change).
STAGE_STEPS: Mapping[str, tuple[str, ...]] = {
    "collection": ("suggestion",), "pre_review": ("two_committees",), "expert_review": ("expert_review",),
    "council": ("residents_council",), "approval": ("first_secretary",), "notice": ("public_notice",),
    "implementation": ("budget_review", "implementation"), "completion": ("completion",),
    "audit": ("limited_audit", "settlement_audit", "final_accounts_audit"), "evaluation": ("evaluation",),
}


@dataclass(frozen=True)
class Change:
    stage: str
    old: date | None
    new: date | None
    days: int | None  # new − old, when both are set


@dataclass(frozen=True)
class Preview:
    change: Change
    projects: tuple[int, ...]  # projects of the year for which this stage is still to come


def check(year: int, dates: Mapping[str, date]) -> None:
    """Every date in its year, for a known stage, and the stages in order (a later stage never before an
    earlier one)."""
    for stage, on in dates.items():
        if stage not in STAGE_ORDER:
            raise RuleError("schedule.unknown_stage", _("未知阶段：%(s)s") % {"s": stage})
        if on.year != year and not (stage in ("audit", "evaluation") and on.year == year + 1):
            raise RuleError("schedule.wrong_year", _("%(stage)s须在 %(year)s 年内（%(on)s）") % {
                "stage": STAGE_LABELS[stage], "year": year, "on": on.isoformat()})
    known = [(s, dates[s]) for s in STAGE_ORDER if s in dates]
    for (a, da), (b, db) in zip(known, known[1:], strict=False):
        if db < da:
            raise RuleError("schedule.out_of_order", _("%(b)s（%(db)s）不能早于%(a)s（%(da)s）") % {
                "a": STAGE_LABELS[a], "da": da.isoformat(), "b": STAGE_LABELS[b], "db": db.isoformat()})


def preview(year: int, current: Mapping[str, date], stage: str, new: date | None,
            projects: Iterable[tuple[int, tuple[str, ...], str]]) -> Preview:
    """What setting `stage` of `year` to `new` moves (refused as `check` refuses): the change in days and
    the projects — (id, their path, their current step) — for which that stage is still to come."""
    proposed = dict(current)
    if new is None:
        proposed.pop(stage, None)
    else:
        proposed[stage] = new
    check(year, proposed)
    old = current.get(stage)
    due = set(STAGE_STEPS[stage])
    moved = []
    for pk, path, step in projects:
        ahead = path[path.index(step) + 1:] if step in path else ()
        if due & set(ahead):
            moved.append(pk)
    return Preview(Change(stage, old, new, (new - old).days if old and new else None), tuple(sorted(moved)))
