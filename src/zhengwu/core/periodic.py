"""Periodic jobs: what runs on a schedule, declared by each app, with no ORM here.

Each app lists its jobs in its AppConfig as `periodic = (Periodic(...), ...)` — the same registry
pattern as `system` (core.systems): the scheduler never hard-codes which jobs exist. A job is a
`django.tasks` task (dotted path) and a cron expression, read in settings.TIME_ZONE (Asia/Shanghai);
`workdays_only` jobs fire only on official working days (chinese-calendar plus overrides, so a 调休
Saturday counts and a 国庆 weekday does not — plain cron cannot say that).

`core.scheduling` runs them: each `zhengwu worker` ticks every 30 seconds and claims a due slot with
one conditional UPDATE, so several workers start each slot's run exactly once.
"""

from dataclasses import dataclass
from datetime import datetime

from cronsim import CronSim, CronSimError
from django.apps import apps
from django.utils.module_loading import import_string

from zhengwu.core.conf import setting


@dataclass(frozen=True)
class Periodic:
    name: str  # "app.job", unique
    task: str  # dotted path of a django.tasks task taking no arguments
    cron: str  # five-field cron expression, local time
    description: str = ""
    workdays_only: bool = False


def next_run(cron: str, after: datetime) -> datetime:
    """The first time strictly after `after` that the cron expression names (aware in, aware out).

    Raises ValueError naming the expression when it is malformed."""
    try:
        return next(CronSim(cron, after))
    except CronSimError as exc:
        raise ValueError(f"bad cron expression {cron!r}: {exc}") from exc


def declared_jobs() -> list[Periodic]:
    """Every app's jobs, without those named in settings.PERIODIC_JOBS_DISABLED, by name."""
    disabled = set(setting("PERIODIC_JOBS_DISABLED"))
    jobs = [job for cfg in apps.get_app_configs() for job in getattr(cfg, "periodic", ())]
    return sorted((j for j in jobs if j.name not in disabled), key=lambda j: j.name)


def problems(jobs: list[Periodic]) -> list[str]:
    """What is wrong with the declarations: duplicate names,
    bad cron expressions, tasks that do not import."""
    out, seen = [], set()
    for job in jobs:
        if job.name in seen:
            out.append(f"{job.name}: declared twice")
        seen.add(job.name)
        try:
            next_run(job.cron, datetime(2026, 1, 1).astimezone())
        except ValueError as exc:
            out.append(f"{job.name}: {exc}")
        try:
            target = import_string(job.task)
        except ImportError as exc:
            out.append(f"{job.name}: task {job.task} cannot be imported ({exc})")
            continue
        if not hasattr(target, "enqueue"):
            out.append(f"{job.name}: {job.task} is not a django.tasks task")
    return out
