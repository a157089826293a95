"""Background work of 律师驻队 (django.tasks, run by `zhengwu worker`): take ids, call one service."""

from django.tasks import task
from django.utils import timezone

from zhengwu.lawyers.services.reminders import milestone_reminders_send


@task
def remind_milestones() -> int:
    """Periodic (working days, 08:00): remind lead units of §四 milestones due soon or overdue."""
    return len(milestone_reminders_send(today=timezone.localdate()))
