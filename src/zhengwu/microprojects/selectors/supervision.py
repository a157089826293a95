"""The figures 大督查 reads (SKELETON.md "Cross-system contracts"): per unit and measure, the deadlines that
fell in [start, end] and how many were kept."""

from collections import defaultdict
from datetime import date

from zhengwu.microprojects.models import Project
from zhengwu.microprojects.selectors.deadlines import deadlines_of, done_on
from zhengwu.microprojects.standard import MEASURES
from zhengwu.workdays.selectors import calendar

#: Who answers for each measure: determination is the community's (征集、确定); start and completion the
#: street's (§六(一) 街道办事处负责项目的组织实施).
STREET_MEASURES = {"microprojects.service_start", "microprojects.engineering_completion"}


def figures(*, start: date, end: date, on: date) -> list[dict]:
    """[{"unit", "measure", "label", "due", "kept"}]: `due` counts deadlines in [start, end] that have
    passed by `on` or were met; `kept` those met by their deadline (as known on `on`)."""
    add = calendar().add_workdays
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    projects = Project.objects.filter(applied_on__lte=end).select_related("unit", "unit__parent")
    for project in projects:
        dates = deadlines_of(project, add_workdays=add)
        for measure, (kind, _label) in MEASURES.items():
            due = dates[kind]
            if due is None or not start <= due <= end:
                continue
            done = done_on(project, kind)
            done = done if done is not None and done <= on else None
            if done is None and due >= on:
                continue  # still open and not yet late: not judged
            unit = project.unit.parent if measure in STREET_MEASURES and project.unit.parent else project.unit
            row = counts[(unit.code, measure)]
            row[0] += 1
            row[1] += int(done is not None and done <= due)
    return [{"unit": unit, "measure": measure, "label": MEASURES[measure][1], "due": due, "kept": kept}
            for (unit, measure), (due, kept) in sorted(counts.items())]
