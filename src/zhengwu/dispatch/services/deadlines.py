"""Deadlines: an event's time limits on the working-day calendar, and the yellow/red warnings of open
events (a periodic task, `tasks.scan_warnings`)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.services.trail import EVENT_TYPE
from zhengwu.dispatch.standard import OPEN_STATES, TIER_LIMITS, Action, State, Tier
from zhengwu.ledger.services import Change, record_many
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear


def due(start: datetime, amount: int, unit: str, cal=None) -> tuple[datetime | None, str]:
    """(aware deadline, "") or (None, the calendar's message when the year has no holiday data)."""
    cal = cal or workdays.calendar()
    local = timezone.localtime(start).replace(tzinfo=None)
    try:
        naive = rules.deadline(start=local, amount=amount, unit=unit, is_workday=cal.is_workday,
                               add_workdays=cal.add_workdays, periods=setting("DISPATCH_WORKING_HOURS"))
    except UnknownYear as exc:
        return None, str(exc)
    return timezone.make_aware(naive), ""


def limits_of(event: Event):
    """The category's time limits, else the tier's default: (accept, accept unit, resolve, resolve unit)."""
    if event.category_id:
        c = event.category
        return c.accept_limit, c.accept_unit, c.resolve_limit, c.resolve_unit
    d = TIER_LIMITS[Tier(event.tier or Tier.STREET)]
    return d.accept, d.accept_unit, d.resolve, d.resolve_unit


@transaction.atomic
def warnings_scan(now=None) -> int:
    """Yellow/red warnings for open events (before and after the deadline); returns how many changed."""
    now = now or timezone.now()
    fraction, changes = float(setting("DISPATCH_YELLOW_FRACTION")), []
    qs = Event.objects.filter(state__in=[s.value for s in OPEN_STATES]).only(
        "id", "state", "unit_id", "warning", "dispatched_at", "accept_due", "accepted_at", "resolve_due")
    for event in qs.iterator(chunk_size=500):
        waiting = event.state == State.DISPATCHED
        deadline_at = event.accept_due if waiting else event.resolve_due
        start = event.dispatched_at or now
        level = rules.warning_level(now=now, start=start, due=deadline_at, yellow_fraction=fraction)
        if level != event.warning:
            old = event.warning
            event.warning = level
            Event.objects.filter(pk=event.pk).update(warning=level)
            changes.append(
                Change(
                    Action.WARNED,
                    EVENT_TYPE,
                    str(event.pk),
                    {"warning": old},
                    {"warning": level},
                    event.unit_id,
                    _("签收时限") if waiting else _("办结时限"),
                )
            )
    record_many(changes, actor=None)
    return len(changes)
