"""What 律师驻队 offers other systems (declared in apps.py `provides`): the §四 milestones for 改革督查 and
the supervision figures for 大督查."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import setting
from zhengwu.lawyers import rules
from zhengwu.lawyers.models import Assessment, Contract, MilestoneProgress
from zhengwu.lawyers.standard import ASSESSMENT_DUE_MONTH_DAY, MILESTONES
from zhengwu.org.models import Unit


def _streets() -> list[str]:
    return list(Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True).values_list("code", flat=True))


def programme_milestones(*, year: int | None = None) -> list[dict]:
    """One row per (§四 milestone, lead unit): {"code", "title", "due_on", "done_on", "unit"} — 各街道办
    expanded to every street; `done_on` from the unit's own record, None while open."""
    year = year or setting("LAWYERS_PROGRAMME_YEAR")
    done = {(p.code, p.unit.code): p.done_on
            for p in MilestoneProgress.objects.filter(year=year).select_related("unit")}
    streets = _streets()
    rows = []
    for m in MILESTONES:
        due = rules.milestone_due(m, year)
        for code in rules.milestone_units(m.lead_units, streets):
            rows.append(
                {
                    "code": m.code,
                    "title": str(m.task),
                    "due_on": due,
                    "done_on": done.get((m.code, code)),
                    "unit": code,
                }
            )
    return rows


def _years(start: date, end: date) -> range:
    return range(start.year - 1, end.year + 1)


def figures(*, start: date, end: date, on: date) -> list[dict]:
    """大督查's figures, one dict per (unit, measure):

    - `lawyers.milestones`: §四 milestones of each lead unit due in [start, end]; kept = done by the deadline;
    - `lawyers.assessments`: annual assessments due (31 January after each contract year, our choice) in
      [start, end]; kept = made by then.
    """
    counts: dict[tuple[str, str], list[int]] = {}

    def add(unit: str, measure: str, kept: bool) -> None:
        c = counts.setdefault((unit, measure), [0, 0])
        c[0] += 1
        c[1] += int(kept)

    for year in range(start.year, end.year + 1):
        for row in programme_milestones(year=year):
            if start <= row["due_on"] <= end and row["due_on"] <= on:
                add(
                    row["unit"],
                    "lawyers.milestones",
                    row["done_on"] is not None and row["done_on"] <= row["due_on"],
                )
    month, day = ASSESSMENT_DUE_MONTH_DAY
    made = {
        (a.contract_id, a.year): a.assessed_on for a in Assessment.objects.filter(year__in=_years(start, end))
    }
    for c in Contract.objects.select_related("unit"):
        for year in range(c.starts_on.year, c.ends_on.year + 1):
            due = date(year + 1, month, day)
            if start <= due <= end and due <= on:
                done = made.get((c.pk, year))
                add(c.unit.code, "lawyers.assessments", done is not None and done <= due)
    labels = {
        "lawyers.milestones": _("律师驻队工作任务按期完成"),
        "lawyers.assessments": _("驻队律师年度考核按期完成"),
    }
    return [{"unit": unit, "measure": measure, "label": labels[measure], "due": due, "kept": kept}
            for (unit, measure), (due, kept) in sorted(counts.items())]
