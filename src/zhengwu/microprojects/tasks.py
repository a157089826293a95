"""Background work of 民生微实事 (django.tasks, run by `zhengwu worker`): take ids, call one service."""

from django.tasks import task
from django.utils import timezone

from zhengwu.microprojects import services


@task()
def remind_deadlines() -> int:
    """Daily on working days (apps.py `periodic`): reminders of deadlines near or past."""
    return services.reminders_send(today=timezone.localdate())
