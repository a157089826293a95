"""The figures 大督查 reads of 双公示 (issue 19 §4; declared in apps.py `provides["supervision_figures"]`).

    figures(start=date(2025, 10, 1), end=date(2025, 10, 31), on=date(2025, 11, 10))
    → [{"unit": "QCGJ", "measure": "credit.timely", "label": "双公示按时公示", "due": 3, "kept": 1}, …]

One measure, `credit.timely` (罗府办函〔2016〕74号 §二(二): public within 7 working
days of the decision), per unit (the unit that holds the record: 谁产生谁负责), the same shape as every
other system's figures (reforms `rules.read_figures` checks it):

* `due` — the decisions whose deadline (the 7th working day after the decision, `CREDIT_DUE_WORKDAYS`, on the
  official calendar: the record's `due_on`, or computed when not yet stored) falls in [start, end] and that
  are judged on `on`: published by `on`, or still unpublished with the deadline passed (`deadline < on`; on
  the deadline itself the unit still has the day). Decisions whose catalog item is 不予公示 never had to be
  published and are not counted; nor are decisions whose year has no official calendar (no deadline);
* `kept` — those among them published (as known on `on`) within the deadline, judged as the assessment
  judges it (`rules.timeliness.due_status` → on time).

Units with nothing due are left out (as the other systems do). Two queries, whatever the number of records.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.credit.models import CatalogItem, Record
from zhengwu.credit.rules import timeliness
from zhengwu.workdays.selectors import calendar as workday_calendar

MEASURE = "credit.timely"
#: calendar days a 7-working-day deadline can reach past
#: the decision (the Spring Festival's week off included)
_REACH_DAYS = 40


def _unpublishable(unit_ids) -> set[tuple[int, str, str]]:
    rows = CatalogItem.objects.filter(unit__in=set(unit_ids), publishable=False).values_list(
        "unit", "kind", "code"
    )
    return set(rows)


def figures(*, start: date, end: date, on: date) -> list[dict]:
    """[{"unit": unit code, "measure": "credit.timely", "label", "due", "kept"}]
    for deadlines in [start, end], judged on `on` (see the module docstring)."""
    cal = workday_calendar()
    workdays = int(setting("CREDIT_DUE_WORKDAYS"))
    rows = list(
        Record.objects.filter(
            Q(due_on__gte=start, due_on__lte=end)
            | Q(due_on__isnull=True, decided_on__gte=start - timedelta(days=_REACH_DAYS), decided_on__lte=end)
        ).values_list("unit_id", "unit__code", "kind", "item_code", "decided_on", "due_on", "published_at")
    )
    skip = _unpublishable({r[0] for r in rows})
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for unit_id, code, kind, item, decided, due, published_at in rows:
        if (unit_id, kind, item) in skip:
            continue
        due = due or timeliness.due_date(decided_on=decided, calendar=cal, workdays=workdays)
        if due is None or not start <= due <= end:
            continue
        published = timezone.localdate(published_at) if published_at is not None else None
        if published is not None and published > on:
            published = None  # not yet known on `on`
        if published is None and due >= on:
            continue  # still open and not yet late: not judged
        status = timeliness.due_status(due_on=due, published_on=published, today=on, calendar=cal)
        row = counts[code]
        row[0] += 1
        row[1] += status.kind == timeliness.Timeliness.ON_TIME
    label = _("双公示按时公示")
    return [{"unit": code, "measure": MEASURE, "label": label, "due": due, "kept": kept}
            for code, (due, kept) in sorted(counts.items())]
