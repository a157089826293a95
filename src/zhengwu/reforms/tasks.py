"""Background work of 改革督查 (django.tasks, run by `zhengwu worker`): take ids, call one service."""

from django.tasks import task
from django.utils import timezone

from zhengwu.reforms.services.monthly import monthly_report_build
from zhengwu.reforms.services.notices import notices_escalate
from zhengwu.reforms.services.reminders import reminders_send


@task
def send_reminders() -> int:
    """催办: queue today's reminders and escalate unanswered notices (periodic job `reforms.reminders`,
    working days); returns how many."""
    today = timezone.localdate()
    return len(reminders_send(on=today)) + len(notices_escalate(on=today))


@task
def build_monthly_report(report_id: int) -> str:
    """督查月报: build the PDF of a queued monthly report (services.monthly_report_request enqueues it)."""
    return monthly_report_build(report_id=report_id).status
