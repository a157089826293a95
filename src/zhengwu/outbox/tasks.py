"""Background delivery (thin): run `services.deliver_due`, then queue one deferred run for the next retry."""

import logging

from django.tasks import task
from django.utils import timezone

from zhengwu.outbox import services

logger = logging.getLogger(__name__)


@task
def deliver_due() -> str:
    """Deliver what is due now; if the backend can defer tasks, queue a run for the earliest future retry."""
    report = services.deliver_due()
    due = services.next_due_at()
    backend = deliver_due.get_backend()
    if due is not None and backend.supports_defer:
        run_at = max(due, timezone.now())
        if services.reserve_schedule(run_at=run_at):
            deliver_due.using(run_after=run_at).enqueue()
    return str(report)
