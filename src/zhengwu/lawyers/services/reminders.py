"""Reminders to the lead units of §四 milestones due soon or overdue (working days, zhengwu.workdays)."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.lawyers.selectors.supervision import programme_milestones
from zhengwu.ledger.services import record
from zhengwu.org.models import Membership, Unit
from zhengwu.org.roles import Role
from zhengwu.workdays.selectors import add_workdays


def milestone_reminders_send(*, today: date) -> dict[str, list[str]]:
    """Mail each lead unit's operators and leaders about its open milestones due within
    LAWYERS_REMIND_WORKDAYS working days or overdue; one ledger entry for the run. Returns {unit: [codes]}."""
    horizon = add_workdays(today, setting("LAWYERS_REMIND_WORKDAYS"))
    due: dict[str, list[dict]] = {}
    for row in programme_milestones():
        if row["done_on"] is None and row["due_on"] <= horizon:
            due.setdefault(row["unit"], []).append(row)
    sent = {}
    with transaction.atomic():
        for unit in Unit.objects.filter(code__in=due):
            lines = [
                _("%(title)s：%(due)s 前完成%(late)s")
                % {
                    "title": r["title"],
                    "due": r["due_on"].isoformat(),
                    "late": _("（已逾期）") if r["due_on"] < today else "",
                }
                for r in due[unit.code]
            ]
            emails = sorted({m.user.email for m in Membership.objects.filter(
                unit=unit, role__in=(Role.OPERATOR, Role.LEADER)).select_related("user") if m.user.email})
            if emails:
                send_mail(_("律师驻队工作任务提醒"), "\n".join(lines), settings.DEFAULT_FROM_EMAIL, emails,
                          fail_silently=True)
            sent[unit.code] = [r["code"] for r in due[unit.code]]
        if sent:
            record(action="lawyers.milestone.reminded", actor=None, object_type="lawyers.milestones",
                   object_id=today.isoformat(), after=sent)
    return sent
