"""Background work (django.tasks): deadline warnings. Run `zhengwu dispatch scan` from cron every
15 minutes (it enqueues this task; `zhengwu worker` runs it)."""

from django.tasks import task


@task
def scan_warnings() -> int:
    """Yellow/red warnings for every open event; returns how many changed."""
    from zhengwu.dispatch.lifecycle import warnings_scan

    return warnings_scan()
