"""Background work (django.tasks): deadline warnings and routing. Each takes what it needs and calls
one service; services enqueue these by their dotted path (core.background.enqueue), so services never
import this module. Both also run on a schedule (`periodic` in apps.py, started by every
`zhengwu worker`); `zhengwu dispatch scan` enqueues a scan now."""

from django.tasks import task

from zhengwu.dispatch.services.deadlines import warnings_scan
from zhengwu.dispatch.services.figures import figures_refresh
from zhengwu.dispatch.services.hotspots import hotspots_refresh_month, hotspots_refresh_recent
from zhengwu.dispatch.services.routing import dispatch_pending
from zhengwu.dispatch.services.supervision import orders_from_rules


@task
def scan_warnings() -> int:
    """Yellow/red warnings for every open event; returns how many changed."""
    return warnings_scan()


@task
def dispatch_received() -> int:
    """Classify and dispatch every received event (in batches); returns how many were routed."""
    total = 0
    while routed := dispatch_pending(limit=500):
        total += routed
    return total


@task
def refresh_figures() -> int:
    """大督查 figures of this month and the last, pre-aggregated; returns the unit rows written."""
    return figures_refresh()


@task
def refresh_hotspots() -> int:
    """The hotspot daily counts of today and yesterday; returns how many rows."""
    return hotspots_refresh_recent()["rows"]


@task
def refresh_hotspots_month() -> int:
    """The hotspot daily counts of the last 35 days; returns how many rows."""
    return hotspots_refresh_month()["rows"]


@task
def raise_supervision_orders() -> int:
    """督办单 by the administrators' rules; returns how many were raised (never the same one twice)."""
    return orders_from_rules()
