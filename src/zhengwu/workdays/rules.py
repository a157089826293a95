"""The working-day calendar as pure rules — no ORM.

Official holidays and make-up working days (调休) come from the chinese-calendar package for the
years it covers; an override table (edited by administrators) adds later years as the State Council
announces them each November, and local adjustments. A date in a year that neither knows raises
`UnknownYear` — we never silently fall back to "weekends only", which would put deadlines on holidays.

    >>> cal = Calendar(overrides={})
    >>> cal.add_workdays(date(2025, 9, 30), 7)   # 国庆 + 中秋 2025: Oct 1–8 off, Sat Oct 11 worked
    datetime.date(2025, 10, 16)
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar


class UnknownYear(ValueError):
    """The calendar has no official holiday schedule for this year."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"工作日历没有 {year} 年的法定节假日安排（chinese-calendar 只覆盖到 {LIBRARY_LAST_YEAR} 年）。"
            f"请在管理后台「工作日历 › 日期调整」中录入 {year} 年的节假日和调休日，"
            f"或运行 `zhengwu workdays import 文件.csv`（列：date,is_workday,name）。"
        )


def _library_range() -> tuple[int, int]:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return years[0], years[-1]


LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR = _library_range()


@dataclass(frozen=True)
class Calendar:
    """A calendar = the library's official data + overrides {date: is_workday} (overrides win)."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def knows_year(self, year: int) -> bool:
        if LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR:
            return True
        return any(d.year == year for d in self.overrides)

    def is_workday(self, day: date) -> bool:
        """Whether `day` is a working day (make-up Saturdays count; official holidays don't)."""
        if day in self.overrides:
            return self.overrides[day]
        if LIBRARY_FIRST_YEAR <= day.year <= LIBRARY_LAST_YEAR:
            return chinese_calendar.is_workday(day)
        if not self.knows_year(day.year):
            raise UnknownYear(day.year)
        # A year known through its overrides: the overrides list its holidays and make-up days;
        # every other day follows the week.
        return day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (the start day does not count); n may be negative."""
        if n == 0:
            return start
        step = timedelta(days=1 if n > 0 else -1)
        remaining, day = abs(n), start
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: so that workdays_between(a, add_workdays(a, n)) == n; negative if b < a."""
        if b < a:
            return -self.workdays_between(b, a)
        count, day = 0, a
        while day < b:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def next_workday(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day
