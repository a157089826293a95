"""Background work of 改革督查 (django.tasks, run by `zhengwu worker`): take ids, call one service."""

from django.tasks import task
from django.utils import timezone

from zhengwu.reforms.services.monthly import monthly_report_build, monthly_report_last_month
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


@task
def queue_monthly_report() -> int | None:
    """督查月报 of the month just ended (periodic job `reforms.monthly_report`,
    the 1st at 06:00); the build runs as its own task (build_monthly_report). Returns the report's id, or
    None when that month has one already."""
    report = monthly_report_last_month(today=timezone.localdate())
    return report.pk if report else None
