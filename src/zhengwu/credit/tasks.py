"""Background work: long imports run in the worker, the page polls their progress."""

from django.tasks import task


@task
def run_import(batch_id: int) -> None:
    """Import a kept upload (see services.import_run); any failure marks the batch failed, with its reason."""
    from zhengwu.credit import services
    from zhengwu.credit.ingest import Unreadable
    from zhengwu.credit.models import ImportBatch

    batch = ImportBatch.objects.select_related("unit", "uploaded_by").get(pk=batch_id)
    try:
        services.import_run(batch)
    except Unreadable:
        pass  # recorded on the batch and in the ledger


#: Besides its run every minute, `recover_imports` looks again this many times within the minute while
#: imports are running, so that a dead worker's batch is closed within a minute of its last heartbeat.
RECOVER_FOLLOW_UPS = 3


@task
def recover_imports(follow_ups: int = RECOVER_FOLLOW_UPS) -> str:
    """Close the batches whose worker died (services.imports_recover); run every minute (credit.imports)."""
    from datetime import timedelta

    from django.utils import timezone

    from zhengwu.credit import services

    found = services.imports_recover()
    if follow_ups and found["running"] and recover_imports.get_backend().supports_defer:
        now = timezone.now()
        for i in range(1, follow_ups + 1):
            recover_imports.using(run_after=now + timedelta(seconds=60 * i / (follow_ups + 1))).enqueue(0)
    return f"{len(found['finished'])} finished, {len(found['failed'])} failed, {found['running']} running"


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
