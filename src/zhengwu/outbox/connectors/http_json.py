"""HTTP JSON connector: POST {"id", "topic", "created_at", "payload"} with an Idempotency-Key header."""

import json

from zhengwu.outbox.connectors import http
from zhengwu.outbox.connectors.base import Result, iso


def body_of(message) -> bytes:
    """The JSON document sent for a message (UTF-8, Chinese kept as is)."""
    document = {"id": message.idempotency_key, "topic": message.topic, "created_at": iso(message.created_at),
                "payload": message.payload}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def send(destination, message, *, client=None) -> Result:
    return http.post(
        destination,
        message,
        body=body_of(message),
        content_type="application/json; charset=utf-8",
        client=client,
    )
