"""大督查 figures (plan item 36, issue 15 §8): the pre-aggregation of each unit's counts per month
(`models.UnitMonthFigures`) and of each street's problems per month (`models.StreetMonthProblem`, 每月一题),
refilled by the periodic job `dispatch.figures` (the running month and the
one before, since a past month still changes: late call-backs, ratings, reopenings) and by `zhengwu
dispatch figures --from --to` for a longer span.

The counting itself is the pure `rules.figures.count_period`; this module only reads the facts it needs and
replaces the month's rows in one transaction. The tables are derived (rebuilt from events at any time), not
governed records: a refill writes no ledger entry.
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.dispatch.models import (
    Appeal,
    Assignment,
    Callback,
    Event,
    Extension,
    StreetMonthProblem,
    UnitMonthFigures,
)
from zhengwu.dispatch.rules.figures import (
    COUNT_FIELDS,
    AssignmentFacts,
    CaseFacts,
    count_period,
    last_day,
    month_start,
    next_month,
)
from zhengwu.dispatch.selectors.supervision_orders import counts_by_unit
from zhengwu.dispatch.standard import AppealState, Resolved
from zhengwu.org.models import Unit

#: Facts read in chunks of this many rows.
CHUNK = 5000


def _aware(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def supervision_order_counts(*, start: date, end: date) -> dict[str, dict[str, int]]:
    """{unit code: {"issued", "replied_in_time", "overdue"}}
    of the supervision orders (督办单) of [start, end]."""
    return counts_by_unit(start=start, end=end)


def _callback_axes(event_ids: list[int]) -> dict[int, tuple[bool | None, str | None, bool]]:
    """{event id: (解决?, satisfaction, appealed away)} from the call-back (回访) — the one place
    that reads its two axes (`Callback.resolved`: 解决 / 未解决; `Callback.satisfaction`: 满意 / 基本满意 /
    不满意). A rating the unit appealed with success (申诉成立) does not count: its satisfaction is left
    out. Without a call-back answer, satisfaction falls back to the citizen's own rating of the reply
    (`Event.rating`, read by the caller)."""
    if not event_ids:
        return {}
    out = {}
    for start in range(0, len(event_ids), 900):  # SQLite's limit on query parameters
        chunk = event_ids[start:start + 900]
        upheld = set(Appeal.objects.filter(event_id__in=chunk, state=AppealState.UPHELD)
                     .values_list("event_id", flat=True))
        for event_id, resolved, satisfaction in (Callback.objects.filter(event_id__in=chunk)
                                                 .values_list("event_id", "resolved", "satisfaction")):
            axis = None if not resolved else resolved == Resolved.YES
            out[event_id] = (axis, satisfaction or None, event_id in upheld)
        for event_id in upheld - out.keys():
            out[event_id] = (None, None, True)
    return out


def month_counts(month: date, *, now: datetime | None = None,
                 orders: dict[str, dict[str, int]] | None = None) -> dict[str, dict[str, int]]:
    """{unit code: counts} of one month, as known at `now` (the running month is cut at `now`)."""
    now = now or timezone.now()
    first = _aware(month)
    cut = min(_aware(next_month(month)), now)
    codes = dict(Unit.objects.values_list("id", "code"))
    in_month = Q(dispatched_at__gte=first, dispatched_at__lt=cut) | Q(
        resolved_at__gte=first, resolved_at__lt=cut
    )
    open_overdue = (Q(dispatched_at__lt=cut, resolve_due__lt=cut)
                    & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=cut)))
    rows = list(Event.objects.filter(unit__isnull=False, duplicate_of__isnull=True)
                .filter(in_month | open_overdue)
                .values_list("id", "unit_id", "dispatched_at", "accept_due", "accepted_at", "resolve_due",
                             "resolved_at", "state", "reopen_count", "returns_count", "rating")
                .iterator(chunk_size=CHUNK))
    extended = set(Extension.objects.filter(status=Extension.Status.APPROVED, event__dispatched_at__gte=first,
                                            event__dispatched_at__lt=cut).values_list("event_id", flat=True))
    resolved_ids = [r[0] for r in rows if r[6] is not None and first <= r[6] < cut]
    axes = _callback_axes(resolved_ids)
    cases = []
    for (
        pk,
        unit_id,
        dispatched_at,
        accept_due,
        accepted_at,
        resolve_due,
        resolved_at,
        state,
        reopens,
        returns,
        rating,
    ) in rows:
        resolved_axis, satisfaction, appealed_away = axes.get(pk, (None, None, False))
        cases.append(
            CaseFacts(
                codes[unit_id],
                dispatched_at=dispatched_at,
                accept_due=accept_due,
                accepted_at=accepted_at,
                resolve_due=resolve_due,
                resolved_at=resolved_at,
                state=state,
                reopen_count=reopens,
                returns_count=returns,
                extended=pk in extended,
                callback_resolved=resolved_axis,
                satisfaction=None if appealed_away else (satisfaction or rating or None),
            )
        )
    assignments = [AssignmentFacts(codes[unit_id], dispatched_at, returned_at is not None)
                   for unit_id, dispatched_at, returned_at in
                   Assignment.objects.filter(dispatched_at__gte=first, dispatched_at__lt=cut,
                                             event__duplicate_of__isnull=True)
                   .values_list("unit_id", "dispatched_at", "returned_at").iterator(chunk_size=CHUNK)]
    if orders is None:
        orders = supervision_order_counts(start=month, end=last_day(month))
    return count_period(cases, assignments, orders, start=first, cut=cut)


def problem_label(level2: str | None, level3: str | None, label: str) -> str:
    """The problem a 每月一题 topic names: the category's
    second and third level, else the first-level label."""
    if level3:
        return f"{level2}·{level3}" if level2 else level3
    return label or "未分类"


def month_problems(month: date, *, now: datetime | None = None) -> list[tuple[int, str, int]]:
    """[(street id, problem, events)] of the events received in the month (merged reports not counted)."""
    now = now or timezone.now()
    first, cut = _aware(month), min(_aware(next_month(month)), now)
    rows = (Event.objects.filter(received_at__gte=first, received_at__lt=cut, street__isnull=False,
                                 duplicate_of__isnull=True)
            .values("street_id", "category__level2", "category__level3", "triage_label", "predicted_label")
            .annotate(n=Count("id")).order_by())
    found: dict[tuple[int, str], int] = {}
    for r in rows:
        key = (r["street_id"], problem_label(r["category__level2"], r["category__level3"],
                                             r["triage_label"] or r["predicted_label"]))
        found[key] = found.get(key, 0) + r["n"]
    return [(street, problem, n) for (street, problem), n in sorted(found.items())]


def figures_refresh(months: Iterable[date] | None = None, *, now: datetime | None = None) -> int:
    """Refill the figures of `months` (default: the running month and the one before); returns the rows
    written. Each month is replaced in its own transaction, so a reader sees a month whole, old or new."""
    now = now or timezone.now()
    if months is None:
        this = month_start(timezone.localdate(now))
        months = [month_start(date.fromordinal(this.toordinal() - 1)), this]
    ids = dict(Unit.objects.values_list("code", "id"))
    written = 0
    for month in sorted(set(month_start(m) for m in months)):
        if _aware(month) > now:
            continue
        counts = month_counts(month, now=now)
        problems = month_problems(month, now=now)
        rows = [UnitMonthFigures(unit_id=ids[code], month=month, computed_at=now,
                                 **{k: found[k] for k in COUNT_FIELDS})
                for code, found in sorted(counts.items()) if code in ids and any(found.values())]
        with transaction.atomic():
            UnitMonthFigures.objects.filter(month=month).delete()
            StreetMonthProblem.objects.filter(month=month).delete()
            UnitMonthFigures.objects.bulk_create(rows, batch_size=500)
            StreetMonthProblem.objects.bulk_create(
                [
                    StreetMonthProblem(street_id=s, month=month, problem=p[:120], events=n)
                    for s, p, n in problems
                ],
                batch_size=500,
            )
        written += len(rows)
    return written
