"""What every connector shares: the `Result` it returns and the helpers that read a message's payload."""

from dataclasses import dataclass
from datetime import datetime

from zhengwu.outbox import standard


@dataclass(frozen=True)
class Result:
    outcome: str  # standard.OK / RETRY / PERMANENT
    http_status: int | None = None
    error: str = ""

    @property
    def delivered(self) -> bool:
        return self.outcome == standard.OK


def records_of(payload) -> list[dict]:
    """The rows a payload carries: payload["records"], or [payload["record"]], or [] (free-form payload)."""
    if isinstance(payload, dict):
        if isinstance(payload.get("records"), list):
            return [r for r in payload["records"] if isinstance(r, dict)]
        if isinstance(payload.get("record"), dict):
            return [payload["record"]]
    return []


def table_of(payload, topic: str, options: dict) -> str:
    """The standard table a payload goes to: payload["table"], else options["tables"][topic], else ""."""
    if isinstance(payload, dict) and payload.get("table"):
        return str(payload["table"])
    return str((options or {}).get("tables", {}).get(topic, ""))


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")
