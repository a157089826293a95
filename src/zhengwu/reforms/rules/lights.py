"""Status lights per milestone and per item, on a working-day calendar passed in (`WorkdayCalendar`:
`zhengwu.workdays.rules.Calendar` in production, any object with the method in tests); progress reports
due on a cycle of working days; `next_due`."""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.utils.translation import gettext as _

from zhengwu.reforms.rules.base import RuleError
from zhengwu.reforms.standard import (
    REPORT_CYCLE_WORKDAYS,
    YELLOW_WORKDAYS,
    Light,
    Stage,
)


class WorkdayCalendar(Protocol):
    def add_workdays(self, start: date, n: int) -> date: ...  # the n-th working day after start


@dataclass(frozen=True)
class LightPolicy:
    """Numbers the seed leaves open (ours; settings
    REFORMS_YELLOW_WORKDAYS, REFORMS_REPORT_CYCLE_WORKDAYS)."""

    yellow_workdays: int = YELLOW_WORKDAYS
    report_cycle_workdays: int = REPORT_CYCLE_WORKDAYS


def check_light_policy(policy: LightPolicy) -> None:
    if not isinstance(policy.yellow_workdays, int) or policy.yellow_workdays < 0:
        raise RuleError(
            _("预警工作日数应为不小于 0 的整数。"), code="policy_invalid", field="yellow_workdays"
        )
    if not isinstance(policy.report_cycle_workdays, int) or policy.report_cycle_workdays < 1:
        raise RuleError(
            _("进展报送周期应为正整数（工作日）。"), code="policy_invalid", field="report_cycle_workdays"
        )


@dataclass(frozen=True)
class MilestoneFacts:
    due: date
    done_on: date | None = None


@dataclass(frozen=True)
class ItemFacts:
    """What the lights need of one item with a plan."""

    number: int
    stage: Stage
    milestones: tuple[MilestoneFacts, ...] = ()
    undertaking_since: date | None = None  # start of the current 承办 (again after a refusal)
    last_report_on: date | None = None  # the latest progress report


def yellow_horizon(on: date, *, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy()) -> date:
    """The (N+1)-th working day after `on`: an open milestone due before it is due within N working days."""
    return calendar.add_workdays(on, policy.yellow_workdays + 1)


def milestone_light(m: MilestoneFacts, *, on: date, calendar: WorkdayCalendar,
                    policy: LightPolicy = LightPolicy(), horizon: date | None = None) -> Light:
    """Done → green; past its due date → red; due within `yellow_workdays` working days of `on` → yellow;
    else green. "Within N" = at most N working days lie in (on, due], i.e. due comes before the (N+1)-th
    working day after `on` (due today: 0). Counted forward from `on`, so a milestone due in a year the
    calendar does not know yet is still judged (green) without it. `horizon`: `yellow_horizon(on)`, when
    the caller judges many milestones on the same day."""
    if m.done_on is not None:
        return Light.GREEN
    if on > m.due:
        return Light.RED
    if horizon is None:
        horizon = yellow_horizon(on, calendar=calendar, policy=policy)
    if m.due < horizon:
        return Light.YELLOW
    return Light.GREEN


def _report_since(facts: ItemFacts) -> date | None:
    if facts.stage is not Stage.UNDERTAKING or facts.undertaking_since is None:
        return None
    since = facts.undertaking_since
    if facts.last_report_on is not None and facts.last_report_on > since:
        since = facts.last_report_on
    return since


def report_due(
    facts: ItemFacts, *, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy()
) -> date | None:
    """While an item is 承办, a progress report is due `report_cycle_workdays` working days after the later
    of the start of 承办 and the last report; None in other stages. Raises the calendar's error (UnknownYear,
    a ValueError) when the due date falls in a year the calendar does not know yet."""
    since = _report_since(facts)
    return None if since is None else calendar.add_workdays(since, policy.report_cycle_workdays)


def report_missed(facts: ItemFacts, *, on: date, calendar: WorkdayCalendar,
                  policy: LightPolicy = LightPolicy()) -> bool:
    """Whether `on` is past the report's due date. Walked forward one working day at a time and stopped at
    `on`, so a due date beyond `on` in a year the calendar does not know yet (a December report, due in
    January) is simply not missed, instead of an error."""
    day = _report_since(facts)
    if day is None:
        return False
    for _step in range(policy.report_cycle_workdays):
        if day >= on:
            return False
        try:
            day = calendar.add_workdays(day, 1)
        except (
            ValueError
        ):  # the calendar's UnknownYear: the next working day lies beyond what it knows, after `on`
            return False
    return on > day


_SEVERITY = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


def item_light(facts: ItemFacts, *, on: date, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy(),
               horizon: date | None = None) -> Light:
    """The worst light of the item's milestones; at least yellow when a progress report is missed."""
    light = Light.GREEN
    for m in facts.milestones:
        if m.done_on is None and on <= m.due and horizon is None:
            horizon = yellow_horizon(on, calendar=calendar, policy=policy)
        found = milestone_light(m, on=on, calendar=calendar, policy=policy, horizon=horizon)
        if _SEVERITY[found] > _SEVERITY[light]:
            light = found
    if light is Light.GREEN and report_missed(facts, on=on, calendar=calendar, policy=policy):
        light = Light.YELLOW
    return light


def next_due(
    facts: ItemFacts, *, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy()
) -> date | None:
    """The earliest date the item still owes something: an open milestone's due date (in the past when it
    is overdue) or the next progress report; None when nothing is owed."""
    dates = [m.due for m in facts.milestones if m.done_on is None]
    try:
        report = report_due(facts, calendar=calendar, policy=policy)
    except ValueError:  # the calendar's UnknownYear: the report falls due in a year it does not know yet
        report = None
    if report is not None:
        dates.append(report)
    return min(dates, default=None)
