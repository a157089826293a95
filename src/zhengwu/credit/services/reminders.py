"""Reminders of due-soon and overdue records (and objections awaiting an answer), per unit.

    units = reminder_units()                 # units with something due (fills missing due dates first)
    reminder_send(unit, today=...)           # mail to the unit's operators and leaders, ledger entry

Run by the `credit.tasks.send_reminders` task (one per unit) or `zhengwu credit remind`.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.core.mail import send_mail
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.credit import permissions
from zhengwu.credit.models import Objection, Record
from zhengwu.credit.rules.workflow import UNPUBLISHED
from zhengwu.credit.selectors.workflow import due_soon_until
from zhengwu.credit.services.workflow import records_fill_due_dates
from zhengwu.ledger.services import Change, record_many
from zhengwu.org.models import Membership, Unit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    unit: Unit
    due_soon: int
    overdue: int
    objections: int
    recipients: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.due_soon or self.overdue or self.objections)


def reminder_counts(unit_id: int, *, today: date) -> tuple[int, int, int]:
    """(due soon, overdue, objections due within 2 working days or past due) of one unit."""
    soon = due_soon_until(today)
    c = Record.objects.filter(unit=unit_id, state__in=UNPUBLISHED).aggregate(
        due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
        overdue=Count("id", filter=Q(due_on__lt=today)))
    objections = Objection.objects.filter(
        record__unit=unit_id, state__in=Objection.UNANSWERED, due_on__lte=soon
    ).count()
    return c["due_soon"], c["overdue"], objections


def reminder_units(*, today: date | None = None) -> list[int]:
    """Ids of the units that have something due soon or overdue."""
    today = today or timezone.localdate()
    records_fill_due_dates()
    soon = due_soon_until(today)
    ids = set(
        Record.objects.filter(state__in=UNPUBLISHED, due_on__lte=soon)
        .values_list("unit", flat=True)
        .distinct()
    )
    ids |= set(Objection.objects.filter(state__in=Objection.UNANSWERED, due_on__lte=soon)
               .values_list("record__unit", flat=True).distinct())
    return sorted(ids)


def reminder_send(unit: Unit, *, today: date | None = None) -> Reminder:
    """Mail the unit's operators and leaders what is due; one ledger entry per reminder sent."""
    today = today or timezone.localdate()
    due_soon, overdue, objections = reminder_counts(unit.pk, today=today)
    emails = tuple(
        sorted(
            {
                e
                for e in Membership.objects.filter(
                    unit=unit, role__in=permissions.roles_for("reminder.receive"), user__is_active=True
                ).values_list("user__email", flat=True)
                if e
            }
        )
    )
    reminder = Reminder(
        unit=unit, due_soon=due_soon, overdue=overdue, objections=objections, recipients=emails
    )
    if reminder.empty:
        return reminder
    subject = _("【双公示】%(unit)s：%(overdue)s 条已超期，%(soon)s 条即将到期") % {
        "unit": unit.name, "overdue": overdue, "soon": due_soon}
    body = _(
        "%(unit)s：\n已超期未公示 %(overdue)s 条；\n2 个工作日内到期 %(soon)s 条；\n待答复异议 %(obj)s 条。\n"
        "请登录罗湖政务平台“双公示待办”处理。"
    ) % {"unit": unit.name, "overdue": overdue, "soon": due_soon, "obj": objections}
    if emails:
        try:
            send_mail(subject, body, None, list(emails))  # None: Django's DEFAULT_FROM_EMAIL
        except OSError:  # the mail server is down: the ledger and the to-do page still show it
            logger.warning("credit reminder mail to unit %s failed", unit.code, exc_info=True)
    record_many([Change("credit.reminder.sent", "org.unit", str(unit.pk), None, {
        "day": today.isoformat(), "due_soon": due_soon, "overdue": overdue, "objections": objections,
        "recipients": len(emails)}, unit.pk)], actor=None)
    return reminder
