"""The figures 改革督查 offers to supervision (大督查), in the shape every system gives
(SKELETON.md "Cross-system contracts"), declared in apps.py `provides` as `supervision_figures`."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from zhengwu.reforms import rules
from zhengwu.reforms.models import Milestone

MEASURES = {
    "reforms.milestones": _("改革事项节点按期完成"),
}


def figures(*, start: date, end: date, on: date) -> list[dict]:
    """One row per unit: plan milestones assigned to it and due in [start, end], judged on `on` (done, or past
    due), and how many were done by their due date (rules.kept_deadlines). A unit whose milestones are
    still open and not late has due 0 (it is listed, nothing counts against it)."""
    by_unit: dict[str, list[tuple[date, date | None]]] = {}
    rows = Milestone.objects.filter(due_on__gte=start, due_on__lte=end).values_list("unit__code", "due_on", "done_on")
    for code, due_on, done_on in rows:
        by_unit.setdefault(code, []).append((due_on, done_on))
    out = []
    for code in sorted(by_unit):
        ratio = rules.kept_deadlines(by_unit[code], start=start, end=end, on=on)
        out.append({"unit": code, "measure": "reforms.milestones", "label": MEASURES["reforms.milestones"],
                    "due": ratio.due, "kept": ratio.kept})
    return out
