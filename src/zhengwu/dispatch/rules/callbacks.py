"""回访 (issue 13 item 14): a case marked for a call-back (需要回电) is called back once its result is
known, within CALLBACK_WORKDAYS working days of its resolution (on the working-day calendar).

    >>> from datetime import date, timedelta
    >>> callback_due(date(2026, 11, 27), lambda d, n: d + timedelta(days=n + 2))  # a Friday, weekends skipped
    datetime.date(2026, 12, 1)
"""

from collections.abc import Callable
from datetime import date

#: Working days after the resolution within which the dispatching body calls the citizen back.
CALLBACK_WORKDAYS = 2


def callback_due(resolved_on: date, add_workdays: Callable[[date, int], date]) -> date:
    """The day by which the call-back is due: `CALLBACK_WORKDAYS` working days after `resolved_on`."""
    return add_workdays(resolved_on, CALLBACK_WORKDAYS)
