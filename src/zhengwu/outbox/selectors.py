"""Reads for the outbox pages and for other systems (push
status of a record). Every list starts from scope."""

from django.db.models import Count, QuerySet

from zhengwu.org.scoping import get_for_user, scoped
from zhengwu.outbox import standard
from zhengwu.outbox.models import Attempt, Destination, Message

FAILURE_STATES = (standard.FAILED, standard.DEAD)


def message_list(*, user, state: str = "", topic: str = "", destination: str = "", q: str = "",
                 states: tuple[str, ...] = ()) -> QuerySet:
    """Messages the user may see (district roles: all; unit staff: their units'), newest first, filtered."""
    qs = scoped(Message.objects.select_related("destination", "unit"), user, unit_field="unit")
    if state:
        qs = qs.filter(state=state)
    if states:
        qs = qs.filter(state__in=states)
    if topic:
        qs = qs.filter(topic__startswith=topic)
    if destination:
        qs = (
            qs.filter(destination_id=destination)
            if destination.isdigit()
            else qs.filter(destination__name=destination)
        )
    if q:
        qs = qs.filter(idempotency_key__icontains=q)
    return qs.order_by("-created_at", "-id")


def message_states() -> list[tuple[str, str]]:
    """(value, label) of every message state, for the lists' filter."""
    return Message.State.choices


def message_data(m: Message) -> dict:
    """A message as JSON (the lists' and the message page's twins)."""
    return {"id": m.pk, "destination": m.destination.name, "topic": m.topic, "key": m.idempotency_key,
            "state": m.state, "attempts": m.attempts, "created_at": m.created_at.isoformat(),
            "next_attempt_at": m.next_attempt_at.isoformat(),
            "delivered_at": m.delivered_at.isoformat() if m.delivered_at else None,
            "last_error": m.last_error, "unit": m.unit.code if m.unit_id else None,
            "source": {"type": m.source_type, "id": m.source_id} if m.source_type else None}


def failure_list(*, user, **filters) -> QuerySet:
    """The failures screen: failed (waiting to retry) and dead messages, the oldest problem first."""
    filters.pop("states", None)
    return message_list(user=user, states=FAILURE_STATES, **filters).order_by(
        "state", "next_attempt_at", "id"
    )


def message_get_for_user(*, user, pk) -> Message:
    """One message the user may see, or 404 (same for missing and not-yours)."""
    return get_for_user(Message.objects.select_related("destination", "unit"), user, pk, unit_field="unit")


def attempts_of(message: Message) -> QuerySet:
    """The delivery log of one message, first attempt first."""
    return Attempt.objects.filter(message=message).order_by("number", "id")


def state_counts(*, user) -> dict[str, int]:
    """How many visible messages are in each state."""
    rows = scoped(Message.objects.all(), user, unit_field="unit").values("state").annotate(n=Count("id"))
    counts = {s: 0 for s in Message.State.values}
    counts.update({r["state"]: r["n"] for r in rows})
    return counts


def destination_list() -> QuerySet:
    return Destination.objects.order_by("name")


def delivery_status(*, source_type: str, source_id) -> list[dict]:
    """Push status of one business record (e.g. "credit.licenserecord", 42), for other systems' pages."""
    rows = (Message.objects.filter(source_type=source_type, source_id=str(source_id))
            .select_related("destination").order_by("created_at", "id"))
    return [
        {
            "destination": m.destination.name,
            "topic": m.topic,
            "key": m.idempotency_key,
            "state": m.state,
            "state_label": str(m.get_state_display()),
            "attempts": m.attempts,
            "delivered_at": m.delivered_at,
            "last_error": m.last_error,
            "next_attempt_at": m.next_attempt_at if m.state in standard.CLAIMABLE_STATES else None,
        }
        for m in rows
    ]
