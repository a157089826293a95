"""The figures 改革督查 offers to supervision (大督查), in the shape every system gives
(SKELETON.md "Cross-system contracts"), declared in apps.py `provides` as `supervision_figures`."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from zhengwu.reforms import rules
from zhengwu.reforms.models import Milestone, Notice

MEASURES = {
    "reforms.milestones": _("改革事项节点按期完成"),
    "reforms.notices": _("督办按时办复"),
}


def figures(*, start: date, end: date, on: date) -> list[dict]:
    """Rows in the contract's shape, by unit then measure:

    - `reforms.milestones`: plan milestones assigned to the unit, due in [start, end], judged
      on `on` (done, or past due); kept = done by their due date (rules.kept_deadlines);
    - `reforms.notices`: notices, instructions and problems addressed to the unit with their deadline in
      [start, end], judged the same way; kept = answered by the deadline.

    A unit whose deadlines are all still open and not late has due 0 (listed; nothing counts against it)."""
    by_unit: dict[str, list[tuple[date, date | None]]] = {}
    rows = Milestone.objects.filter(due_on__gte=start, due_on__lte=end).values_list(
        "unit__code", "due_on", "done_on"
    )
    for code, due_on, done_on in rows:
        by_unit.setdefault(code, []).append((due_on, done_on))
    notices: dict[str, list[tuple[date, date | None]]] = {}
    rows = Notice.objects.filter(deadline__gte=start, deadline__lte=end).values_list("unit__code", "deadline",
                                                                                     "answered_on")
    for code, deadline, answered_on in rows:
        notices.setdefault(code, []).append((deadline, answered_on))
    out = []
    for measure, source in (("reforms.milestones", by_unit), ("reforms.notices", notices)):
        for code in sorted(source):
            ratio = rules.kept_deadlines(source[code], start=start, end=end, on=on)
            out.append({"unit": code, "measure": measure, "label": MEASURES[measure], "due": ratio.due,
                        "kept": ratio.kept})
    return sorted(out, key=lambda r: (r["unit"], r["measure"]))
