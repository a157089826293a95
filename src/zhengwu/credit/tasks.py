"""Background work of 双公示 (django.tasks, run by `zhengwu
worker`): each task takes ids and calls one service.

Services never import this module: they enqueue a task by its dotted path (`core.background.enqueue`).
"""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from zhengwu.credit import selectors, services
from zhengwu.credit.formats.ingest import Unreadable
from zhengwu.credit.services import publication, reminders, repairs, search_index
from zhengwu.outbox.services import next_due_at


@task
def run_import(batch_id: int) -> None:
    """Import a kept upload (see services.import_run); any failure marks the batch failed, with its reason."""
    batch = selectors.import_for_run(batch_id)
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
    found = services.imports_recover()
    if follow_ups and found["running"] and recover_imports.get_backend().supports_defer:
        now = timezone.now()
        for i in range(1, follow_ups + 1):
            recover_imports.using(run_after=now + timedelta(seconds=60 * i / (follow_ups + 1))).enqueue(0)
    return f"{len(found['finished'])} finished, {len(found['failed'])} failed, {found['running']} running"


@task
def mark_pushed() -> str:
    """Published records whose outbox messages are all delivered
    → 已推送; again later while deliveries are pending."""
    marked = publication.mark_pushed()
    if publication.pending_deliveries() and mark_pushed.get_backend().supports_defer:
        due = max(next_due_at() or timezone.now(), timezone.now())
        mark_pushed.using(run_after=due + timedelta(seconds=publication.MARK_DELAY_SECONDS)).enqueue()
    return f"{marked} marked pushed"


@task
def send_reminders(unit_id: int) -> str:
    """Remind one unit's operators and leaders of due-soon/overdue records (services.reminders)."""
    r = reminders.reminder_send(selectors.unit_for_reminder(unit_id))
    return f"{r.unit.code}: {r.overdue} overdue, {r.due_soon} due soon, {r.objections} objections"


@task
def remind_all() -> int:
    """Queue one `send_reminders` task per unit that has something due (run daily by the scheduler)."""
    ids = reminders.reminder_units()
    for unit_id in ids:
        send_reminders.enqueue(unit_id)
    return len(ids)


@task
def publicity_end() -> str:
    """Records past their maximum publicity period leave the public view by themselves: ledger + withdrawal
    (services.repairs.publicity_end_due; run daily by the scheduler)."""
    return f"{repairs.publicity_end_due()} records reached the end of their publicity"


@task
def search_index_optimize() -> str:
    """Merge the public-name search index's SQLite segments into one (services.search_index.optimize)."""
    return search_index.optimize()
