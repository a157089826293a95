"""Reading the calendar: the official data plus this database's overrides.

Each call reads the (small) override table, so every process sees an administrator's change at
once — no per-process cache to invalidate. Bulk work takes one `calendar()` and reuses it.
"""

from datetime import date

from zhengwu.workdays.models import Override
from zhengwu.workdays.rules import Calendar, UnknownYear

__all__ = ["UnknownYear", "add_workdays", "calendar", "is_workday", "workdays_between"]


def calendar() -> Calendar:
    """The calendar in force: official data and every override."""
    return Calendar(overrides=dict(Override.objects.values_list("date", "is_workday")))


def is_workday(day: date) -> bool:
    return calendar().is_workday(day)


def add_workdays(start: date, n: int) -> date:
    return calendar().add_workdays(start, n)


def workdays_between(a: date, b: date) -> int:
    return calendar().workdays_between(a, b)
