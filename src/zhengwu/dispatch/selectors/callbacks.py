"""回访 list (issue 13 item 14): the cases marked for a call-back whose result is known and that nobody
has called back yet, for the dispatching body that makes the calls, soonest due first, each with its due
date on the working-day calendar (`rules.callbacks.callback_due`)."""

from datetime import date

from django.utils import timezone

from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.rules.callbacks import callback_due
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear


def callback_list(*, user, on: date | None = None) -> list[dict]:
    """[{"event", "due_on", "overdue"}] for the user who does the call-backs (`callback` in the table of
    permissions; anyone else: []). `due_on` is None when the calendar has no data for that year."""
    if not permissions.can(user, "callback"):
        return []
    on = on or timezone.localdate()
    cal = workdays.calendar()
    rows = []
    qs = (Event.objects.filter(callback_requested=True, resolved_at__isnull=False, callback__isnull=True)
          .select_related("unit", "street", "community", "category"))
    for event in qs:
        try:
            due_on = callback_due(timezone.localdate(event.resolved_at), cal.add_workdays)
        except UnknownYear:
            due_on = None
        rows.append({"event": event, "due_on": due_on, "overdue": due_on is not None and due_on < on})
    return sorted(rows, key=lambda r: (r["due_on"] is None, r["due_on"] or on, r["event"].pk))
