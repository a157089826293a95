"""Background work of 双随机 (django.tasks, run by `zhengwu worker`): take ids, call one service."""

import logging

from django.tasks import task

from zhengwu.core.errors import ApplicationError
from zhengwu.inspections.models import Task
from zhengwu.inspections.selectors.staff import pending_penalties
from zhengwu.inspections.services.visits import task_penalty_draft

logger = logging.getLogger(__name__)


@task
def send_pending_penalties() -> int:
    """Periodic: send penalty findings that 双公示 could not take yet; returns how many were sent."""
    sent = 0
    for pk in pending_penalties():
        try:
            task_penalty_draft(task=Task.objects.get(pk=pk))
        except ApplicationError as exc:
            if exc.code == "credit_penalty_draft_unavailable":
                return sent  # credit still offers no service: try again next time
            # credit refused this one (e.g. its unit is unknown there): the others still go; it waits, logged
            logger.warning("penalty draft of task %s refused by credit: %s (%s)", pk, exc.code, exc)
            continue
        sent += 1
    return sent
