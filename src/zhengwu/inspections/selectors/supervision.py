"""The figures 双随机 offers 大督查 (declared in apps.py `provides`)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from zhengwu.inspections.models import Task


def figures(*, start: date, end: date, on: date) -> list[dict]:
    """One dict per (unit, measure):

    - `inspections.publication`: results whose 20-working-day publication deadline fell in [start, end]
      (and is past on `on`); kept = published by the deadline.
    """
    counts: dict[str, list[int]] = {}
    for t in Task.objects.filter(due_on__gte=start, due_on__lte=min(end, on)).select_related("unit"):
        c = counts.setdefault(t.unit.code, [0, 0])
        c[0] += 1
        c[1] += int(t.published_on is not None and t.published_on <= t.due_on)
    return [{"unit": unit, "measure": "inspections.publication", "label": _("抽查结果按期公示"), "due": due,
             "kept": kept} for unit, (due, kept) in sorted(counts.items())]
