"""Timeliness of 双公示 as pure rules: every record public within 7 working days of its decision.

罗府办函〔2016〕74号 §二(二): "自做出决定之日起7个工作日内 … 进行公示". `due_date` counts the working days on
the official calendar (workdays app), `due_status` says where a record stands, `WorkdayIndex` makes the
count O(1) for assessments over many records, `parse_period` reads an assessment period.
"""

import calendar as cal
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DUE_WORKDAYS = 7
DUE_SOON_WORKDAYS = 2


class Timeliness(StrEnum):
    ON_TIME = "on_time"  # published by its due date
    LATE = "late"  # published after its due date
    OPEN = "open"  # not yet published, more than DUE_SOON_WORKDAYS left
    DUE_SOON = "due_soon"  # not yet published, ≤ DUE_SOON_WORKDAYS working days left
    OVERDUE = "overdue"  # not yet published, past its due date
    UNKNOWN = "unknown"  # no due date (calendar of that year unknown)


@dataclass(frozen=True)
class DueStatus:
    """A record's standing against its 7-working-day deadline; `days` is working days left (or late)."""

    kind: Timeliness
    days: int | None = None


def due_status(*, due_on: date | None, published_on: date | None, today: date, calendar) -> DueStatus:
    """Where a record stands: published on time / late by n working days, or still open / due soon / overdue.

    >>> # decided 2025-09-29, due 2025-10-15 (国庆 8 days off); on 2025-10-13 two working days are left
    """
    if due_on is None:
        return DueStatus(Timeliness.UNKNOWN)
    try:
        if published_on is not None:
            late = calendar.workdays_between(due_on, published_on)
            return DueStatus(Timeliness.ON_TIME, 0) if late <= 0 else DueStatus(Timeliness.LATE, late)
        left = calendar.workdays_between(today, due_on)
    except ValueError:  # UnknownYear
        return DueStatus(Timeliness.UNKNOWN)
    if left < 0 or (left == 0 and today > due_on):
        return DueStatus(Timeliness.OVERDUE, -left)
    if left <= DUE_SOON_WORKDAYS:
        return DueStatus(Timeliness.DUE_SOON, left)
    return DueStatus(Timeliness.OPEN, left)


def due_date(*, decided_on: date, calendar, workdays: int = DUE_WORKDAYS) -> date | None:
    """The 7th working day after the decision (the decision
    day does not count); None if the year is unknown."""
    try:
        return calendar.add_workdays(decided_on, workdays)
    except ValueError:  # UnknownYear: no official calendar for that year yet
        return None


class WorkdayIndex:
    """Working-day arithmetic over a fixed range in O(1) per call — for assessments over many records.

    `between(a, b)` equals `calendar.workdays_between(a, b)` for dates inside [start, end].
    """

    def __init__(self, calendar, start: date, end: date):
        self.start, self.end = start, end
        self._cum: dict[date, int] = {}
        count, day = 0, start
        while day <= end:
            try:
                if calendar.is_workday(day):
                    count += 1
            except ValueError:  # unknown year: count weekdays
                if day.weekday() < 5:
                    count += 1
            self._cum[day] = count
            day += timedelta(days=1)
        self._calendar = calendar

    def between(self, a: date, b: date) -> int:
        if a in self._cum and b in self._cum:
            return self._cum[b] - self._cum[a]
        return self._calendar.workdays_between(a, b)


def parse_period(text: str) -> tuple[date, date, str]:
    """An assessment period: "2016", "2016-Q2", "2016-03" or "2016-01-01..2016-06-30" → (first, last, label).

    >>> parse_period("2016-Q2")[:2]
    (datetime.date(2016, 4, 1), datetime.date(2016, 6, 30))
    """
    text = (text or "").strip()
    try:
        if ".." in text:
            a, b = text.split("..", 1)
            first, last = date.fromisoformat(a.strip()), date.fromisoformat(b.strip())
            if last < first:
                raise ValueError(text)
            return first, last, f"{first.isoformat()}..{last.isoformat()}"
        m = re.fullmatch(r"(\d{4})(?:-(?:Q([1-4])|(\d{1,2})))?", text, flags=re.IGNORECASE)
        if not m:
            raise ValueError(text)
        year = int(m.group(1))
        if m.group(2):
            q = int(m.group(2))
            first = date(year, 3 * q - 2, 1)
            last = date(year, 3 * q, cal.monthrange(year, 3 * q)[1])
        elif m.group(3):
            month = int(m.group(3))
            first, last = date(year, month, 1), date(year, month, cal.monthrange(year, month)[1])
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
        return first, last, text.upper() if "q" in text.lower() else text
    except ValueError:
        raise ValueError(text) from None


def due_soon_until(today: date, *, calendar) -> date:
    """The last due date that still counts as “due soon” on `today` (≤ 2 working days left; plain days in a
    year without an official calendar)."""
    try:
        return calendar.add_workdays(today, DUE_SOON_WORKDAYS)
    except ValueError:  # UnknownYear
        return today + timedelta(days=DUE_SOON_WORKDAYS)
