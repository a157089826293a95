"""Pure delivery rules: the retry schedule and what an HTTP answer means. No ORM, no network."""

import random as _random
from datetime import datetime, timedelta

from zhengwu.outbox import standard


def retry_delay(*, attempt: int, base: float, cap: float, rand: float | None = None) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): exponential, capped, "equal jitter".

    The un-jittered delay is min(cap, base * 2**(attempt-1)); the result lies in [delay/2, delay], so the
    schedule is both spread out (no thundering herd) and bounded below.
    Example: base=30, cap=3600 → attempt 1: 15–30 s, attempt 2: 30–60 s, attempt 8+: 1800–3600 s.
    """
    if attempt < 1:
        raise ValueError("attempt is 1-based")
    delay = min(float(cap), float(base) * (2 ** min(attempt - 1, 40)))
    r = _random.random() if rand is None else rand
    return delay / 2 + (delay / 2) * r


def next_attempt_at(
    *, now: datetime, attempt: int, base: float, cap: float, rand: float | None = None
) -> datetime:
    """When the next attempt is due after failed attempt number `attempt`."""
    return now + timedelta(seconds=retry_delay(attempt=attempt, base=base, cap=cap, rand=rand))


def classify_http_status(status: int) -> str:
    """2xx and 409 (already have it) → delivered; 408/425/429
    and 5xx → retry; other 4xx → permanent; else retry."""
    if 200 <= status < 300 or status == standard.ALREADY_HAVE_IT:
        return standard.OK
    if status in (408, 425, 429) or status >= 500:
        return standard.RETRY
    if 400 <= status < 500:
        return standard.PERMANENT
    return standard.RETRY


def after_failure(*, outcome: str, attempts: int, max_attempts: int) -> str:
    """The message state after a failed attempt: dead when
    permanent or out of attempts, else failed (retry)."""
    if outcome == standard.PERMANENT or attempts >= max_attempts:
        return standard.DEAD
    return standard.FAILED


def topic_matches(topic: str, patterns: list[str] | tuple[str, ...]) -> bool:
    """Whether a destination subscribed to `patterns` takes
    `topic` ("credit." matches "credit.license"; [] = all)."""
    if not patterns:
        return True
    return any(topic == p or (p.endswith(".") and topic.startswith(p)) or p == "*" for p in patterns)
