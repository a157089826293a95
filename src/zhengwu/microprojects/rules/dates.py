"""Dates (§六(一), §七(三)): calendar months, the scheme's deadlines, no carry-over at year end."""

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.standard import (
    Category,
)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (clamped to the month's end: 1-31 + 1 month = 2-28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))



# --- Dates (§六(一), §七(三)) ----------------------------------------------------------------------

@dataclass(frozen=True)
class Deadlines:
    determine_by: date | None = None  # 项目确定原则上在1个月内完成
    notice_ends: date | None = None  # 公示5个工作日
    start_by: date | None = None  # service: 实施主体确定后1个月内正式开展
    complete_by: date | None = None  # engineering: 实施主体确定后6个月内完工


def deadlines(*, category: Category | str, add_workdays: Callable[[date, int], date],
              applied_on: date | None = None, notice_published_on: date | None = None,
              implementer_chosen_on: date | None = None,
              add_months: Callable[[date, int], date] = add_months) -> Deadlines:
    """The scheme's deadlines from the dates known so far; the calendar functions are injected.

    Reading: "项目确定…在1个月内完成" counts from the application reaching the two committees."""
    category = Category(category)
    chosen = implementer_chosen_on
    return Deadlines(
        determine_by=add_months(applied_on, std.DETERMINATION_MONTHS) if applied_on else None,
        notice_ends=add_workdays(notice_published_on, std.NOTICE_WORKDAYS) if notice_published_on else None,
        start_by=add_months(chosen, std.SERVICE_START_MONTHS)
        if chosen and category == Category.SERVICE
        else None,
        complete_by=(
            add_months(chosen, std.ENGINEERING_COMPLETION_MONTHS)
            if chosen and category == Category.ENGINEERING
            else None
        ),
    )


def year_end_flag(*, determined_on: date, today: date, completed_on: date | None = None,
                  complete_by: date | None = None) -> str | None:
    """§七(三) no carry-over: "year_end.carried_over" when a project is not finished within the year it was
    determined in, "year_end.at_risk" when its deadline falls after that year's end, else None."""
    year_end = date(determined_on.year, 12, 31)
    if completed_on is not None:
        return "year_end.carried_over" if completed_on > year_end else None
    if today > year_end:
        return "year_end.carried_over"
    if complete_by is not None and complete_by > year_end:
        return "year_end.at_risk"
    return None
