"""What the dispatcher sees of a case pushed on to a unit's own system (item 31): the sending state
from the outbox (attempts, last error, next retry, delivered) and the updates that came back."""

from zhengwu.dispatch.models import Event, PushUpdate
from zhengwu.outbox.selectors import delivery_status

EVENT_TYPE = f"{Event._meta.app_label}.{Event._meta.model_name}"  # the outbox's source_type of an event


def push_status(event: Event) -> dict:
    """{"messages": [outbox delivery status, oldest first], "updates": [PushUpdate, oldest first]}."""
    return {"messages": delivery_status(source_type=EVENT_TYPE, source_id=event.pk),
            "updates": list(PushUpdate.objects.filter(event=event).order_by("occurred_at", "id"))}
