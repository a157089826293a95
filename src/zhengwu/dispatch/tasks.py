"""Background work (django.tasks): deadline warnings and routing. Both also run on a schedule
(`periodic` in apps.py, started by every `zhengwu worker`); `zhengwu dispatch scan` enqueues a scan now."""

from django.tasks import task


@task
def scan_warnings() -> int:
    """Yellow/red warnings for every open event; returns how many changed."""
    from zhengwu.dispatch.lifecycle import warnings_scan

    return warnings_scan()


@task
def dispatch_received() -> int:
    """Classify and dispatch every received event (in batches); returns how many were routed."""
    from zhengwu.dispatch.routing import dispatch_pending

    total = 0
    while routed := dispatch_pending(limit=500):
        total += routed
    return total
