"""Deadline reminders on the working-day calendar (§五, §六(一), §七(三)): run daily by the periodic job."""

from datetime import date

from django.db import transaction

from zhengwu.core.conf import setting
from zhengwu.ledger.services import record
from zhengwu.microprojects.models import Reminder
from zhengwu.microprojects.selectors.deadlines import open_deadlines
from zhengwu.workdays.selectors import calendar


def reminders_send(*, today: date) -> int:
    """A reminder for every open deadline within MICROPROJECTS_REMIND_WORKDAYS working days, and another once
    it has passed (each once). One ledger entry for the run."""
    cal = calendar()
    horizon = cal.add_workdays(today, int(setting("MICROPROJECTS_REMIND_WORKDAYS")))
    new = []
    for project, kind, due in open_deadlines(today=today):
        if due <= horizon:
            new.append(Reminder(project=project, kind=kind, due_on=due, overdue=due < today))
    with transaction.atomic():
        made = Reminder.objects.bulk_create(new, ignore_conflicts=True)
        record(action="microprojects.reminders.sent", object_type="microprojects.reminder", actor=None,
               after={"on": today.isoformat(), "considered": len(made)})
    return len(new)
