"""Background work of the platform itself (django.tasks), run on a schedule by every `zhengwu worker`."""

from django.tasks import task

from zhengwu.core.maintenance import analyse_database
from zhengwu.core.throttle import prune


@task
def throttle_prune() -> int:
    """Delete throttle counts older than any window and spent proofs of work; returns rows deleted."""
    return prune()


@task
def database_analyse() -> str:
    """Refresh SQLite's query-planner statistics (core.maintenance); nothing on PostgreSQL."""
    return analyse_database()
