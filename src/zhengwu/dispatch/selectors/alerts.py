"""Reads of the public forms' alerts, for the dispatcher's triage page."""

from zhengwu.core import throttle
from zhengwu.dispatch.rules.limits import ALERT_NAMES


def recent_alerts() -> list:
    """The last day's alerts of the public forms, newest first, each with `name` for the dispatcher."""
    rows = list(throttle.alerts(scope_prefix="dispatch.")[:20])
    for row in rows:
        row.name = ALERT_NAMES.get(row.scope, row.scope)
    return rows
