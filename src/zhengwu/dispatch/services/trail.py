"""The event's trail in the ledger: which fields are governed, and one ledger line per change."""

from zhengwu.dispatch.models import Event
from zhengwu.ledger.services import Change, snapshot

EVENT_TYPE = "dispatch.event"
#: The governed fields of an event: every ledger entry's before/after holds them.
TRACKED = [
    "state",
    "unit",
    "tier",
    "category",
    "street",
    "community",
    "dispatch_rule",
    "accept_due",
    "resolve_due",
    "returns_count",
    "reopen_count",
    "rating",
    "supervised",
    "warning",
]


def track(event: Event) -> dict:
    """The governed fields of an event as JSON (ledger before/after)."""
    return snapshot(event, TRACKED)


def change(action: str, event: Event, before: dict | None, note: str = "") -> Change:
    """The ledger line for `action` on `event`: `before` as given, `after` as the event is now."""
    return Change(action=action, object_type=EVENT_TYPE, object_id=str(event.pk), before=before,
                  after=track(event), unit_id=event.unit_id, note=note)


def state_change(action: str, event: Event, before_state: str, after_state: str, note: str) -> Change:
    """A ledger line that records only a change of state (the
    second line of a two-step act, e.g. rated → closed)."""
    return Change(action, EVENT_TYPE, str(event.pk), {"state": before_state}, {"state": after_state},
                  event.unit_id, note)
