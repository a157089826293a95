"""System check: warn from November on when next year's holidays are not yet in the calendar."""

from django.core import checks
from django.db import DatabaseError
from django.utils import timezone

from zhengwu.workdays.selectors import calendar


@checks.register(checks.Tags.database)
def next_year_known(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    today = timezone.localdate()
    if today.month < 11:
        return []
    try:
        known = calendar().knows_year(today.year + 1)
    except DatabaseError:
        return []
    if known:
        return []
    return [checks.Warning(
        f"The working-day calendar has no holiday schedule for {today.year + 1}.",
        hint="Add next year's holidays and make-up days (zhengwu workdays import FILE, or the admin).",
        id="workdays.W001",
    )]
