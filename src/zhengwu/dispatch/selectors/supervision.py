"""The figures 大分拨 offers 大督查 (plan item 36; declared in apps.py `provides["supervision_figures"]`, read
by reforms through `core.systems.providers`): per handling unit, the cases whose resolution deadline
(办结期限) fell in [start, end] and how many were resolved by it."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengwu.dispatch.models import Event

MEASURE = "dispatch.handled"
LABEL = _("大分拨按时办结")


def figures(*, start: date, end: date, on: date) -> list[dict]:
    """[{"unit", "measure", "label", "due", "kept"}], one per unit with something due, sorted by unit code.

    `due` counts the cases whose 办结期限 (its local date) lies in [start, end] and that were resolved by
    `on` or whose deadline has passed by `on` (a case still open before its deadline is not judged yet);
    `kept` those resolved by the deadline (as known on `on`). A case counts for the unit it is with."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    rows = (Event.objects.filter(resolve_due__gte=first, resolve_due__lt=after, unit__isnull=False)
            .values_list("unit__code", "resolve_due", "resolved_at"))
    for unit, resolve_due, resolved_at in rows.iterator(chunk_size=2000):
        due_day = timezone.localdate(resolve_due)
        if not start <= due_day <= end:
            continue
        done = resolved_at if resolved_at is not None and timezone.localdate(resolved_at) <= on else None
        if done is None and due_day >= on:
            continue  # still open and not yet late: not judged
        row = counts[unit]
        row[0] += 1
        row[1] += int(done is not None and done <= resolve_due)
    return [{"unit": unit, "measure": MEASURE, "label": LABEL, "due": due, "kept": kept}
            for unit, (due, kept) in sorted(counts.items())]
