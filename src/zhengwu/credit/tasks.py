"""Background work: long imports run in the worker, the page polls their progress."""

from django.tasks import task


@task
def run_import(batch_id: int) -> None:
    """Import a kept upload (see services.import_run); an unreadable file marks the batch failed."""
    from zhengwu.credit import services
    from zhengwu.credit.ingest import Unreadable
    from zhengwu.credit.models import ImportBatch

    batch = ImportBatch.objects.select_related("unit", "uploaded_by").get(pk=batch_id)
    try:
        services.import_run(batch)
    except Unreadable:
        pass  # recorded on the batch and in the ledger


@task
def mark_pushed() -> str:
    """Published records whose outbox messages are all delivered → 已推送; again later while deliveries are pending."""
    from datetime import timedelta

    from django.utils import timezone

    from zhengwu.credit.services import publication
    from zhengwu.outbox.services import next_due_at

    marked = publication.mark_pushed()
    if publication.pending_deliveries() and mark_pushed.get_backend().supports_defer:
        due = next_due_at() or timezone.now()
        publication.queue_mark_pushed(run_at=max(due, timezone.now()) + timedelta(seconds=publication.MARK_DELAY_SECONDS))
    return f"{marked} marked pushed"


@task
def send_reminders(unit_id: int) -> str:
    """Remind one unit's operators and leaders of due-soon/overdue records (services.reminders)."""
    from zhengwu.credit.services import reminders
    from zhengwu.org.models import Unit

    r = reminders.reminder_send(Unit.objects.get(pk=unit_id))
    return f"{r.unit.code}: {r.overdue} overdue, {r.due_soon} due soon, {r.objections} objections"


@task
def remind_all() -> int:
    """Queue one `send_reminders` task per unit that has something due (run daily by the scheduler)."""
    from zhengwu.credit.services import reminders

    ids = reminders.reminder_units()
    for unit_id in ids:
        send_reminders.enqueue(unit_id)
    return len(ids)
