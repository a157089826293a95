"""Running the periodic jobs (core.periodic): the service that claims due slots and enqueues tasks.

No separate scheduler process: every `zhengwu worker` runs `loop()` in a thread, and
`zhengwu schedule tick` does one pass for deployments that prefer cron. A slot is claimed with one
conditional UPDATE (`WHERE next_run_at = <what this worker read>`), atomic on SQLite and PostgreSQL,
and the task is enqueued in the same transaction — so with any number of workers each slot runs
once, and a crash between the two leaves neither. Slots missed while no worker ran are coalesced
into one run, not replayed.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from zhengwu.core.models import PeriodicRun
from zhengwu.core.periodic import Periodic, declared_jobs, next_run
from zhengwu.workdays.rules import UnknownYear
from zhengwu.workdays.selectors import is_workday

logger = logging.getLogger(__name__)

#: Seconds between two passes of a worker's scheduler thread.
TICK_SECONDS = 30


@dataclass(frozen=True)
class Started:
    name: str
    task_id: str  # "" when skipped
    note: str = ""


def _is_workday(moment: datetime) -> tuple[bool, str]:
    day = timezone.localtime(moment).date()
    try:
        return is_workday(day), ""
    except UnknownYear as exc:
        # better one reminder too many than none: run, and say why
        return True, f"no calendar for {day.year}, ran anyway ({exc})"


def _row(job: Periodic, now: datetime) -> PeriodicRun:
    row, created = PeriodicRun.objects.get_or_create(
        name=job.name, defaults={"cron": job.cron, "next_run_at": next_run(job.cron, timezone.localtime(now))}
    )
    if not created and row.cron != job.cron:  # the declaration changed: re-plan from now
        row.cron, row.next_run_at = job.cron, next_run(job.cron, timezone.localtime(now))
        PeriodicRun.objects.filter(pk=row.pk).update(cron=row.cron, next_run_at=row.next_run_at)
    return row


def _claim_and_start(
    job: Periodic, row: PeriodicRun, now: datetime, *, force: bool = False
) -> Started | None:
    following = next_run(job.cron, timezone.localtime(now))
    with transaction.atomic():
        claim = PeriodicRun.objects.filter(pk=row.pk)
        if not force:
            claim = claim.filter(next_run_at=row.next_run_at)
        if not claim.update(next_run_at=following, last_run_at=now):
            return None  # another worker took this slot
        note = ""
        if job.workdays_only and not force:
            workday, note = _is_workday(now)
            if not workday:
                note = "not a working day: skipped"
                PeriodicRun.objects.filter(pk=row.pk).update(last_task_id="", last_note=note)
                return Started(job.name, "", note)
        result = import_string(job.task).enqueue()
        PeriodicRun.objects.filter(pk=row.pk).update(last_task_id=str(result.id), last_note=note[:200])
    return Started(job.name, str(result.id), note)


def tick(now: datetime | None = None) -> list[Started]:
    """Enqueue every declared job whose slot is due (at most once per slot across all workers)."""
    now = now or timezone.now()
    started = []
    for job in declared_jobs():
        row = _row(job, now)
        if row.next_run_at <= now and (s := _claim_and_start(job, row, now)):
            logger.info("periodic job %s started (%s) %s", s.name, s.task_id or "skipped", s.note)
            started.append(s)
    return started


def run_now(name: str, now: datetime | None = None) -> Started:
    """Enqueue one job now, whatever its schedule (`zhengwu schedule run NAME`); ValueError if unknown."""
    now = now or timezone.now()
    jobs = {j.name: j for j in declared_jobs()}
    if name not in jobs:
        raise ValueError(f"no periodic job {name!r}; known: {', '.join(sorted(jobs)) or 'none'}")
    job = jobs[name]
    return _claim_and_start(job, _row(job, now), now, force=True)


def loop(stop: threading.Event, interval: float = TICK_SECONDS) -> None:
    """Tick until `stop` is set (a worker's daemon thread). A failing pass is logged, never fatal."""
    while not stop.is_set():
        close_old_connections()
        try:
            tick()
        except Exception:  # a locked database or a broken job must not stop the worker
            logger.exception("periodic jobs: this pass failed; the next one retries")
        finally:
            close_old_connections()
        stop.wait(interval)


def start_thread(interval: float = TICK_SECONDS) -> threading.Event:
    """Start `loop` in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=loop, args=(stop, interval), name="zhengwu-scheduler", daemon=True).start()
    return stop


def status() -> list[dict]:
    """Each declared job with its plan and its last and next run (for `zhengwu schedule` and the admin)."""
    rows = {r.name: r for r in PeriodicRun.objects.all()}
    now = timezone.localtime()
    out = []
    for job in declared_jobs():
        row = rows.get(job.name)
        out.append(
            {
                "name": job.name,
                "cron": job.cron,
                "workdays_only": job.workdays_only,
                "task": job.task,
                "description": job.description,
                "next_run_at": row.next_run_at if row else next_run(job.cron, now),
                "last_run_at": row.last_run_at if row else None,
                "last_task_id": row.last_task_id if row else "",
                "last_note": row.last_note if row else "",
            }
        )
    return out
