"""The working-day calendar as pure rules — no ORM.

Official holidays and make-up working days (调休) come from the chinese-calendar package for the
years it covers; an override table (edited by administrators) adds later years as the State Council
announces them each November, and local adjustments. A date in a year that neither knows raises
`UnknownYear` — we never silently fall back to "weekends only", which would put deadlines on holidays.

    >>> cal = Calendar(overrides={})
    >>> cal.add_workdays(date(2025, 9, 30), 7)   # 国庆 + 中秋 2025: Oct 1–8 off, Sat Oct 11 worked
    datetime.date(2025, 10, 16)
"""

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

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
# The library's own data, read directly: `chinese_calendar.is_workday` recomputes min() and max() over
# all its holiday dates on every call (~25 µs; a 3-year due-date count took 80 ms per record). Same data,
# same rule (a make-up day works, a holiday rests, otherwise the week decides) — tests compare every day.
_LIB_WORKDAYS = frozenset(chinese_calendar.workdays)
_LIB_HOLIDAYS = frozenset(chinese_calendar.holidays)


def _weekdays_through(ordinal: int) -> int:
    """Mondays–Fridays among the days with ordinals 1..ordinal (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


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
            return day in _LIB_WORKDAYS or (day.weekday() < 5 and day not in _LIB_HOLIDAYS)
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

    @cached_property
    def _exceptions(self) -> list[date]:
        """Every date that may differ from the plain week (official data and overrides), sorted."""
        return sorted(_LIB_WORKDAYS | _LIB_HOLIDAYS | set(self.overrides))

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: so that workdays_between(a, add_workdays(a, n)) == n; negative if b < a.

        Counted, not walked: the Mondays–Fridays in the span, corrected by the few dates that differ from
        the week (holidays, make-up days, overrides) — constant time in the span's length."""
        if b < a:
            return -self.workdays_between(b, a)
        if b == a:
            return 0
        for year in range((a + timedelta(days=1)).year, b.year + 1):
            if not self.knows_year(year):
                raise UnknownYear(year)
        count = _weekdays_through(b.toordinal()) - _weekdays_through(a.toordinal())
        dates = self._exceptions
        for day in dates[bisect.bisect_right(dates, a):bisect.bisect_right(dates, b)]:
            count += self.is_workday(day) - (day.weekday() < 5)
        return count

    def next_workday(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day
