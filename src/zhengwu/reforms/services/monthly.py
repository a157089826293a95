"""The monthly report (督查月报, PDF): asked for by 大督查's readers, built by a background task
(`tasks.build_monthly_report`, run by `zhengwu worker` through the database-backed queue) from the same
selectors as the dashboard (selectors.monthly.report_figures), stored with the figures it printed."""

import logging
import time
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.background import enqueue
from zhengwu.ledger.services import record
from zhengwu.reforms import rules
from zhengwu.reforms.formats import monthly_pdf
from zhengwu.reforms.models import MonthlyReport
from zhengwu.reforms.selectors.monthly import month_period, report_figures
from zhengwu.reforms.selectors.oversight import may_view

log = logging.getLogger(__name__)
TASK = "zhengwu.reforms.tasks.build_monthly_report"


def monthly_report_request(*, month: date, actor, today: date | None = None) -> MonthlyReport:
    """Queue the report of `month` (any day in it); built once the transaction commits."""
    if actor is not None and not may_view(actor):
        raise PermissionDenied(_("督查月报仅对督查、审计和改革办人员开放。"))
    today = today or timezone.localdate()
    if month.replace(day=1) > today:
        raise rules.RuleError(
            _("%(m)s 还没有开始。") % {"m": month.strftime("%Y-%m")}, code="month_in_future", field="month"
        )
    period = month_period(month, today=today)
    with transaction.atomic():
        report = MonthlyReport.objects.create(month=period["start"], on=period["on"],
                                              requested_by=actor if actor is not None else None)
        record(action="reforms.monthly.requested", obj=report, actor=actor,
               after={"month": report.month.isoformat(), "on": report.on.isoformat()})
        enqueue(TASK, report.pk)
    return report


def monthly_report_last_month(*, today: date) -> MonthlyReport | None:
    """The periodic job `reforms.monthly_report` (the 1st of each month): queue the report of the month just
    ended, by the system, unless one is already built or queued for it (running twice makes one report)."""
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if MonthlyReport.objects.filter(month=month).exclude(status=MonthlyReport.Status.FAILED).exists():
        return None
    return monthly_report_request(month=month, actor=None, today=today)


def monthly_report_build(*, report_id: int) -> MonthlyReport:
    """Build the PDF of a queued report; a failure ends the report as failed with its message (never queued
    for ever). Running it again on a built report changes nothing."""
    report = MonthlyReport.objects.get(pk=report_id)
    if report.status == MonthlyReport.Status.DONE:
        return report
    started = time.monotonic()
    period = month_period(report.month, today=report.on)
    try:
        figures = report_figures(**period)
        data = monthly_pdf.render(figures)
    except Exception as exc:  # one broken report is recorded as failed, the worker goes on
        log.exception("monthly report %s failed", report.pk)
        with transaction.atomic():
            report.status, report.error = MonthlyReport.Status.FAILED, str(exc)[:2000]
            report.finished_at = timezone.now()
            report.save(update_fields=["status", "error", "finished_at"])
            record(action="reforms.monthly.built", obj=report, actor=None,
                   after={"status": report.status, "error": report.error})
        return report
    with transaction.atomic():
        report.file.save(uploads.generated_name("pdf"), ContentFile(data), save=False)
        report.figures = {k: v for k, v in figures.items() if k != "labels"}
        report.status, report.error = MonthlyReport.Status.DONE, ""
        report.seconds = round(time.monotonic() - started, 3)
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "figures", "status", "error", "seconds", "finished_at"])
        record(action="reforms.monthly.built", obj=report, actor=None,
               after={"status": report.status, "file": report.file.name, "bytes": len(data),
                      "seconds": report.seconds})
    return report
