"""大督查 figures of 大分拨 (plan item 36, issue 15 §8) as pure functions: per handling unit and period, the
counts (`count_period`), the rates (`rates`), the composite score (`composite`), the ranking (`rank`), and
每月一题 (`monthly_topics`). No ORM: the service feeds plain facts in, the pre-aggregated table stores the
counts, the selectors compute rates from the stored counts. docs/dispatch-figures.md writes every formula out.

A period is [start, cut): `cut` is the period's end, or now for the running month. A case counts for the unit
it is with (`Event.unit`); a merged report (`duplicate_of`) is not a case of its own and is never fed in.

    >>> from datetime import date, datetime
    >>> c = CaseFacts("GY", dispatched_at=datetime(2026, 3, 2), resolve_due=datetime(2026, 3, 9),
    ...               resolved_at=datetime(2026, 3, 5))
    >>> counts = count_period([c], [], {}, start=datetime(2026, 3, 1), cut=datetime(2026, 4, 1))["GY"]
    >>> (counts["resolved"], counts["resolved_on_time"], counts["open_overdue"])
    (1, 1, 0)
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.core.errors import ApplicationError

#: The stored counts of one unit and month, in the table's (and the export's) order. All are flows (summed
#: over months) except STOCKS, which are "as at the end of
#: the period" (a longer period takes its last month's).
COUNT_FIELDS = (
    "received",  # cases dispatched to the unit in the period (dispatched_at)
    "accept_judged",  # of those: accepted, or not accepted by the period's end and past the acceptance limit
    "accepted_on_time",  # of those: accepted by the acceptance limit (accept_due)
    "assigned",  # dispatches to the unit in the period (Assignment rows: re-dispatches count again)
    "returned",  # of those: returned by the unit (退回)
    "extended",  # received cases with an approved extension (延期)
    "resolved",  # cases the unit resolved in the period (resolved_at)
    "resolved_on_time",  # of those: by the resolution limit (resolve_due)
    "open_overdue",  # STOCK: cases open at the period's end whose resolution limit had passed
    "first_time",  # resolved cases never reopened nor returned (一次办结)
    "reopened",  # resolved cases reopened at least once (重办)
    "callback_answered",  # resolved cases whose call-back answered 解决 / 未解决
    "callback_resolved",  # of those: 解决
    "rated",  # resolved cases with a satisfaction answer (满意 / 基本满意 / 不满意)
    "satisfied",  # of those: 满意 or 基本满意
    "orders_issued",  # supervision orders (督办单) issued to the unit in the period
    "orders_replied_in_time",  # of those: replied by their deadline
    "orders_overdue",  # of those: past their deadline without a reply
)
STOCKS = frozenset({"open_overdue"})

#: Satisfaction answers that count as satisfied (满意, 基本满意); 不满意 does not.
SATISFIED_ANSWERS = frozenset({"satisfied", "basically"})

#: rate → (numerator, denominator, label). The denominator's parts are summed: "resolved + open_overdue".
RATES: dict[str, tuple[str, tuple[str, ...], object]] = {
    "accepted_on_time": ("accepted_on_time", ("accept_judged",), gettext_lazy("按时签收率")),
    "return_rate": ("returned", ("assigned",), gettext_lazy("退回率")),
    "extension_rate": ("extended", ("received",), gettext_lazy("延期率")),
    "resolved_on_time": ("resolved_on_time", ("resolved", "open_overdue"), gettext_lazy("按时办结率")),
    "first_time": ("first_time", ("resolved",), gettext_lazy("一次办结率")),
    "reopen_rate": ("reopened", ("resolved",), gettext_lazy("重办率")),
    "resolution": ("callback_resolved", ("callback_answered",), gettext_lazy("解决率")),
    "satisfaction": ("satisfied", ("rated",), gettext_lazy("满意率")),
    "orders_in_time": ("orders_replied_in_time", ("orders_issued",), gettext_lazy("督办按时回复率")),
}

#: Components of the composite score → the rate each reads; "lower is better" rates enter as 1 − rate.
COMPONENTS: dict[str, tuple[str, bool]] = {
    "response": ("accepted_on_time", False),  # 响应率 (12345 接诉即办): accepted within the limit
    "resolution": ("resolution", False),  # 解决率: the call-back's 解决
    "satisfaction": ("satisfaction", False),  # 满意率: 满意 + 基本满意
    "timeliness": ("resolved_on_time", False),  # 按时办结率, overdue open cases counted against
    "first_time": ("first_time", False),
    "returns": ("return_rate", True),
    "reopens": ("reopen_rate", True),
    "orders": ("orders_in_time", False),
}

#: Default weights (setting DISPATCH_FIGURE_WEIGHTS): the three rates of Beijing's 12345 接诉即办 assessment —
#: response, resolution, satisfaction — plus timeliness. Starting values the district edits.
DEFAULT_WEIGHTS = {"response": 20, "resolution": 35, "satisfaction": 35, "timeliness": 10}

#: 每月一题: the problems listed per street and month (setting DISPATCH_TOPICS_PER_STREET).
TOPICS_PER_STREET = 3


@dataclass(frozen=True)
class CaseFacts:
    """What the figures need of one case (its current unit's view); naive or aware datetimes, not mixed."""

    unit: str
    dispatched_at: datetime | None = None
    accept_due: datetime | None = None
    accepted_at: datetime | None = None
    resolve_due: datetime | None = None
    resolved_at: datetime | None = None
    state: str = ""
    reopen_count: int = 0
    returns_count: int = 0
    extended: bool = False  # an approved extension
    callback_resolved: bool | None = None  # the call-back's first axis: 解决 (True) / 未解决 (False) / none
    satisfaction: str | None = None  # the second axis: satisfied / basically / unsatisfied / none


@dataclass(frozen=True)
class AssignmentFacts:
    """One dispatch of a case to a unit, and whether that unit returned it."""

    unit: str
    dispatched_at: datetime
    returned: bool = False


def _in(when: datetime | None, start: datetime, cut: datetime) -> bool:
    return when is not None and start <= when < cut


def _by(done: datetime | None, due: datetime | None) -> bool:
    return due is None or (done is not None and done <= due)


def empty() -> dict[str, int]:
    return dict.fromkeys(COUNT_FIELDS, 0)


def count_period(
    cases: Iterable[CaseFacts],
    assignments: Iterable[AssignmentFacts],
    orders: Mapping[str, Mapping[str, int]],
    *,
    start: datetime,
    cut: datetime,
) -> dict[str, dict]:
    """{unit: counts} for the period [start, cut). `orders` is the supervision orders' counts per unit code,
    {"issued", "replied_in_time", "overdue"} (dispatch.selectors.supervision_orders.counts_by_unit's shape);
    a missing key counts 0. A case waiting at the dispatcher after its unit returned it (state `returned`)
    is not judged against that unit for acceptance or resolution (the return has its own rate)."""
    out: dict[str, dict[str, int]] = {}

    def row(unit: str) -> dict[str, int]:
        return out.setdefault(unit, empty())

    for c in cases:
        waiting_elsewhere = c.state == "returned"
        if _in(c.dispatched_at, start, cut):
            r = row(c.unit)
            r["received"] += 1
            r["extended"] += int(c.extended)
            accepted = c.accepted_at is not None and c.accepted_at < cut
            late_unaccepted = not accepted and c.accept_due is not None and c.accept_due < cut
            if not waiting_elsewhere and (accepted or late_unaccepted):
                r["accept_judged"] += 1
                r["accepted_on_time"] += int(accepted and _by(c.accepted_at, c.accept_due))
        if _in(c.resolved_at, start, cut):
            r = row(c.unit)
            r["resolved"] += 1
            r["resolved_on_time"] += int(_by(c.resolved_at, c.resolve_due))
            r["first_time"] += int(c.reopen_count == 0 and c.returns_count == 0)
            r["reopened"] += int(c.reopen_count > 0)
            if c.callback_resolved is not None:
                r["callback_answered"] += 1
                r["callback_resolved"] += int(c.callback_resolved)
            if c.satisfaction:
                r["rated"] += 1
                r["satisfied"] += int(c.satisfaction in SATISFIED_ANSWERS)
        open_at_cut = c.resolved_at is None or c.resolved_at >= cut
        if (open_at_cut and not waiting_elsewhere and c.dispatched_at is not None and c.dispatched_at < cut
                and c.resolve_due is not None and c.resolve_due < cut):
            row(c.unit)["open_overdue"] += 1
    for a in assignments:
        if _in(a.dispatched_at, start, cut):
            r = row(a.unit)
            r["assigned"] += 1
            r["returned"] += int(a.returned)
    for unit, found in orders.items():
        r = row(unit)
        r["orders_issued"] += _count(found, "issued", unit)
        r["orders_replied_in_time"] += _count(found, "replied_in_time", unit)
        r["orders_overdue"] += _count(found, "overdue", unit)
    return out


def _count(found: Mapping, key: str, unit: str) -> int:
    value = found.get(key, 0) if isinstance(found, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApplicationError(_("督办单统计中单位 %(u)s 的 %(k)s 应为非负整数。") % {"u": unit, "k": key},
                               code="orders_malformed", field=f"{unit}.{key}")
    return value


def combine(months: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """One unit's counts over several months, in date order: flows summed, stocks from the last month."""
    total = empty()
    for m in months:
        for key in COUNT_FIELDS:
            total[key] = m.get(key, 0) if key in STOCKS else total[key] + m.get(key, 0)
    return total


def rate(counts: Mapping[str, int], name: str) -> Fraction | None:
    """One rate of RATES as an exact fraction, None when its denominator is 0 (nothing to judge)."""
    numerator, denominator, _label = RATES[name]
    below = sum(counts.get(k, 0) for k in denominator)
    return Fraction(counts.get(numerator, 0), below) if below else None


def rates(counts: Mapping[str, int]) -> dict[str, Fraction | None]:
    """Every rate of RATES for one unit's counts."""
    return {name: rate(counts, name) for name in RATES}


def check_weights(weights: Mapping[str, object]) -> dict[str, Fraction]:
    """The composite's weights checked: known components, non-negative numbers, not all zero; an
    ApplicationError `bad_weights` naming the component otherwise."""
    if not isinstance(weights, Mapping) or not weights:
        raise ApplicationError(
            _('综合评分权重应为非空的对照表，例如 {"response": 20}。'),
            code="bad_weights",
            field="DISPATCH_FIGURE_WEIGHTS",
        )
    out = {}
    for key, value in weights.items():
        if key not in COMPONENTS:
            raise ApplicationError(
                _("综合评分权重中的指标“%(k)s”不存在（可用：%(all)s）。")
                % {"k": key, "all": "、".join(COMPONENTS)},
                code="bad_weights",
                field=f"DISPATCH_FIGURE_WEIGHTS.{key}",
            )
        if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)) or value < 0:
            raise ApplicationError(_("综合评分权重“%(k)s”应为非负数。") % {"k": key}, code="bad_weights",
                                   field=f"DISPATCH_FIGURE_WEIGHTS.{key}")
        out[key] = Fraction(value)
    if not any(out.values()):
        raise ApplicationError(
            _("综合评分权重不能全为 0。"), code="bad_weights", field="DISPATCH_FIGURE_WEIGHTS"
        )
    return out


def composite(found: Mapping[str, Fraction | None], weights: Mapping[str, Fraction]) -> Fraction | None:
    """The composite score (0–100) from a unit's rates: Σ wᵢ·rᵢ ÷ Σ wᵢ × 100 over the weighted components that
    apply (a rate with nothing to judge is left out and the others re-weighted); None when none applies."""
    top = below = Fraction(0)
    for component, weight in weights.items():
        name, inverted = COMPONENTS[component]
        value = found.get(name)
        if value is None or not weight:
            continue
        top += weight * (1 - value if inverted else value)
        below += weight
    return top / below * 100 if below else None


def rank(scores: Mapping[str, Fraction | None]) -> dict[str, int | None]:
    """Competition ranking (1, 2, 2, 4) by score, highest first; a unit without a score has no rank."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first = {}
    for i, s in enumerate(ordered, start=1):
        first.setdefault(s, i)
    return {unit: (None if s is None else first[s]) for unit, s in scores.items()}


def monthly_topics(
    volumes: Iterable[tuple[str, str, int]], *, top: int = TOPICS_PER_STREET
) -> dict[str, list]:
    """每月一题: {street: [(problem, events), …]} — each street's `top` highest-volume problems of the month
    (ties by name), from (street, problem, events) rows; a problem with no events is never a topic."""
    by_street: dict[str, list[tuple[str, int]]] = {}
    for street, problem, events in volumes:
        if events > 0:
            by_street.setdefault(street, []).append((problem, events))
    return {
        street: sorted(found, key=lambda p: (-p[1], p[0]))[:top]
        for street, found in sorted(by_street.items())
    }


def month_start(d: date) -> date:
    return d.replace(day=1)


def next_month(d: date) -> date:
    """The first day of the month after `d`'s."""
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def last_day(d: date) -> date:
    """The last day of `d`'s month."""
    return date.fromordinal(next_month(d).toordinal() - 1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of every month from `first`'s to `last`'s, inclusive."""
    out, m = [], month_start(first)
    while m <= last:
        out.append(m)
        m = next_month(m)
    return out


def period_from(*, month: str = "", start: str = "", end: str = "", today: date) -> tuple[date, date]:
    """The period a page or API call asks for: `month` (YYYY-MM), or `start`
    and `end` (YYYY-MM-DD, whole months from start's to end's), or by default the month of `today`. A
    malformed value: `bad_period` naming it."""
    if month:
        try:
            first = datetime.strptime(month.strip(), "%Y-%m").date()
        except ValueError:
            raise ApplicationError(
                _("月份“%(v)s”应为 YYYY-MM，例如 2026-03。") % {"v": month[:20]},
                code="bad_period",
                field="month",
            ) from None
        return _within(first, "month"), last_day(first)
    if not start and not end:
        return month_start(today), last_day(today)
    found = []
    for name, value in (("start", start), ("end", end)):
        try:
            found.append(datetime.strptime((value or "").strip(), "%Y-%m-%d").date())
        except ValueError:
            raise ApplicationError(
                _("日期“%(v)s”应为 YYYY-MM-DD，例如 2026-03-01。") % {"v": (value or "")[:20]},
                code="bad_period",
                field=name,
            ) from None
    return _within(found[0], "start"), _within(found[1], "end")


#: Years a period may name (a year 9999 has no next month to end at).
YEARS = (1900, 2999)


def _within(day: date, field: str) -> date:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ApplicationError(
            _("年份应在 %(a)s 至 %(b)s 之间。") % {"a": YEARS[0], "b": YEARS[1]},
            code="bad_period",
            field=field,
        )
    return day


def add_units(rows: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Several units' counts of one period as one (a street with its communities): every count summed."""
    total = empty()
    for r in rows:
        for key in COUNT_FIELDS:
            total[key] += r.get(key, 0)
    return total


def percent(value: Fraction | None) -> float | None:
    """A rate as a percentage with two decimals (as the page, the API and the reports print it)."""
    return None if value is None else round(float(value) * 100, 2)


def score(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)
