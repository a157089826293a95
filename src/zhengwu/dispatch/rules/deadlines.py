"""Time limits on the working-day calendar (签收/办结 limits in working days or working hours), the
yellow/red warnings, and the bounds of an extension (延期) — pure: the calendar comes in as functions."""

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.standard import EXTENSION_DAYS, LimitUnit


def add_work_hours(start: datetime, hours: float, *, is_workday: Callable[[date], bool],
                   periods: Sequence[tuple[int, int]]) -> datetime:
    """The moment `hours` working hours after `start` (naive local time) counting only working periods.

    >>> from datetime import datetime
    >>> add_work_hours(datetime(2025, 9, 30, 17, 0), 2, is_workday=lambda d: d.month != 10 or d.day > 8,
    ...                periods=((9, 12), (14, 18)))
    datetime.datetime(2025, 10, 9, 10, 0)
    """
    remaining = timedelta(hours=hours)
    day, cursor = start.date(), start
    for _day in range(400):
        if is_workday(day):
            for a, b in periods:
                p_start, p_end = datetime.combine(day, time(a)), datetime.combine(day, time(b))
                begin = max(p_start, cursor)
                if begin >= p_end:
                    continue
                if begin + remaining <= p_end:
                    return begin + remaining
                remaining -= p_end - begin
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0))
    raise ApplicationError(_("时限超出一年，请检查时限设置。"), code="limit_too_long")


def deadline(*, start: datetime, amount: int, unit: str, is_workday: Callable[[date], bool],
             add_workdays: Callable[[date, int], date], periods: Sequence[tuple[int, int]]) -> datetime:
    """A time limit's deadline: n working days → end of the n-th working day after start's day;
    n working hours → `add_work_hours`."""
    if unit == LimitUnit.WORKHOURS:
        return add_work_hours(start, amount, is_workday=is_workday, periods=periods)
    end_day = add_workdays(start.date(), amount)
    return datetime.combine(end_day, time(periods[-1][1]))


def warning_level(*, now: datetime, start: datetime, due: datetime | None, yellow_fraction: float) -> str:
    """"" (in time), "yellow" (less than yellow_fraction of the limit left) or "red" (overdue)."""
    if due is None:
        return ""
    if now > due:
        return "red"
    span = (due - start).total_seconds()
    if span <= 0 or (due - now).total_seconds() <= span * yellow_fraction:
        return "yellow"
    return ""


def extension_days(value) -> int:
    """The working days of an extension request, within `standard.EXTENSION_DAYS` (1–30), else
    ApplicationError `extension_days` on the field `days`."""
    low, high = EXTENSION_DAYS
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not low <= days <= high:
        raise ApplicationError(_("延期天数应为 %(low)s–%(high)s 个工作日。") % {"low": low, "high": high},
                               code="extension_days", field="days")
    return days
