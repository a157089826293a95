"""Everything that changes outbox state: enqueue (in the caller's transaction), claim, deliver, settle, retry.

Delivery is at-least-once: a message is claimed (state → delivering, with a lease), sent outside any
database transaction, then settled (delivered / failed with a back-off / dead). A worker that dies mid-send
leaves the message claimable again when its lease expires, so nothing is lost; receivers deduplicate by the
Idempotency-Key (the 前置库 connector upserts by it), so nothing is doubled.
"""

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.background import enqueue as enqueue_task
from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.services import object_type_of, record
from zhengwu.outbox import connectors, permissions, rules, standard
from zhengwu.outbox.connectors import Result
from zhengwu.outbox.models import Attempt, Destination, Message, Schedule

logger = logging.getLogger(__name__)

ENQUEUE_CHUNK = 1000


@dataclass(frozen=True)
class Outgoing:
    """One message to enqueue with `enqueue_many` (same meaning as `enqueue`'s arguments)."""

    topic: str
    key: str
    payload: dict
    source: models.Model | None = None
    unit: object = None


@dataclass
class DeliveryReport:
    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self):
        return (f"claimed {self.claimed}, delivered {self.delivered}, retrying {self.retrying}, "
                f"dead {self.dead}")


# --- Enqueue -----------------------------------------------------------------------------------------


def _resolve_destinations(destinations) -> list[Destination]:
    if destinations is None:
        return list(Destination.objects.filter(is_active=True))
    found = []
    for d in destinations:
        if isinstance(d, Destination):
            found.append(d)
        else:
            dest = Destination.objects.filter(name=str(d)).first()
            if dest is None:
                raise ApplicationError(
                    _("推送目的地“%(name)s”不存在。") % {"name": d}, code="unknown_destination"
                )
            found.append(dest)
    return found


def _check(item: Outgoing) -> None:
    if not item.topic or len(item.topic) > 100:
        raise ApplicationError(
            _("推送主题不能为空且不超过 100 个字符。"), code="invalid_topic", field="topic"
        )
    if not item.key or len(item.key) > 200:
        raise ApplicationError(
            _("幂等键不能为空且不超过 200 个字符（主题 %(topic)s）。") % {"topic": item.topic},
            code="invalid_key",
            field="key",
        )
    try:
        json.dumps(item.payload, cls=DjangoJSONEncoder)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(
            _("推送内容无法转为 JSON（幂等键 %(key)s）：%(error)s") % {"key": item.key, "error": exc},
            code="invalid_payload",
            field="payload",
        )


def _kick() -> None:
    """Run after commit: queue a delivery run now (the task
    imports this module, so it is named, not imported)."""
    try:
        enqueue_task("zhengwu.outbox.tasks.deliver_due", on_commit=False)
    except Exception:  # the queue being down must never undo a committed business change
        logger.exception("outbox: could not queue a delivery run; the periodic trigger will pick it up")


def enqueue_many(items: list[Outgoing], *, destinations=None) -> int:
    """Store messages for every matching destination inside
    the caller's transaction; returns how many are new.

    The same (destination, key) twice is one message: the first payload wins (idempotent enqueue).
    """
    targets = _resolve_destinations(destinations)
    now = timezone.now()
    rows = []
    for item in items:
        _check(item)
        payload = json.loads(json.dumps(item.payload, cls=DjangoJSONEncoder))
        source_type = object_type_of(item.source) if item.source is not None else ""
        source_id = str(item.source.pk) if item.source is not None else ""
        unit = item.unit if item.unit is not None else getattr(item.source, "unit_id", None)
        unit_id = getattr(unit, "pk", unit)
        for dest in targets:
            if destinations is None and not rules.topic_matches(item.topic, dest.topics or []):
                continue
            rows.append(
                Message(
                    destination=dest,
                    topic=item.topic,
                    idempotency_key=item.key,
                    payload=payload,
                    next_attempt_at=now,
                    source_type=source_type,
                    source_id=source_id,
                    unit_id=unit_id,
                )
            )
    if not rows:
        return 0
    with transaction.atomic():
        created = 0
        for start in range(0, len(rows), ENQUEUE_CHUNK):
            chunk = rows[start:start + ENQUEUE_CHUNK]
            keys = {m.idempotency_key for m in chunk}
            existing = set(Message.objects.filter(idempotency_key__in=keys, destination__in=targets)
                           .values_list("destination_id", "idempotency_key"))
            fresh, seen = [], set()
            for m in chunk:
                ident = (m.destination_id, m.idempotency_key)
                if ident in existing or ident in seen:
                    continue
                seen.add(ident)
                fresh.append(m)
            Message.objects.bulk_create(fresh, ignore_conflicts=True)
            created += len(fresh)
        transaction.on_commit(_kick)
    return created


def enqueue(*, topic: str, key: str, payload: dict, source: models.Model | None = None, unit=None,
            destinations=None) -> list[Message]:
    """Queue one message per matching destination, committed with the caller's business change.

    `key` is the idempotency key (e.g. "credit.license:QFGJ-0001:v2"); enqueueing it again is a no-op.
    `destinations` = None → every active destination subscribed to `topic`; else a list of Destination/names.
    Returns the stored messages (new or already there).
    """
    enqueue_many([Outgoing(topic=topic, key=key, payload=payload, source=source, unit=unit)],
                 destinations=destinations)
    targets = _resolve_destinations(destinations)
    return list(
        Message.objects.filter(idempotency_key=key, destination__in=targets).select_related("destination")
    )


# --- Claim, deliver, settle -------------------------------------------------------------------------


def claim(
    *, batch: int = 20, now: datetime | None = None, destination: Destination | None = None
) -> list[Message]:
    """Atomically take up to `batch` due messages (state →
    delivering, attempts + 1, lease until timeout + grace).

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED lets several workers claim side by side. SQLite: writers are
    serialised (IMMEDIATE transactions). Either way the compare-and-set UPDATE below is the real guard: a
    message is only claimed by the worker whose UPDATE matched its previous state and attempt count.
    """
    now = now or timezone.now()
    won = []
    with transaction.atomic():
        qs = (Message.objects.filter(state__in=standard.CLAIMABLE_STATES, next_attempt_at__lte=now,
                                     destination__is_active=True)
              .select_related("destination").order_by("next_attempt_at", "id"))
        if destination is not None:
            qs = qs.filter(destination=destination)
        features = connection.features
        if features.has_select_for_update and features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(
                skip_locked=True, **({"of": ("self",)} if features.has_select_for_update_of else {})
            )
        for message in qs[:batch]:
            lease = now + timedelta(
                seconds=message.destination.timeout_seconds + standard.LEASE_GRACE_SECONDS
            )
            updated = (Message.objects.filter(pk=message.pk, state=message.state, attempts=message.attempts)
                       .update(state=standard.DELIVERING, attempts=F("attempts") + 1, next_attempt_at=lease))
            if updated:
                message.state, message.attempts, message.next_attempt_at = (
                    standard.DELIVERING,
                    message.attempts + 1,
                    lease,
                )
                won.append(message)
    return won


def send(message: Message, *, client: httpx.Client | None = None) -> Result:
    """Hand one claimed message to its destination's connector; unexpected errors become a retry."""
    try:
        return connectors.get(message.destination.kind).send(message.destination, message, client=client)
    except Exception as exc:
        logger.exception("outbox: connector crashed on message %s", message.pk)
        return Result(standard.RETRY, error=f"internal error: {type(exc).__name__}: {exc}")


@transaction.atomic
def settle(message: Message, result: Result, *, started_at: datetime, duration_ms: int,
           now: datetime | None = None, rand: float | None = None) -> str:
    """Log the attempt and move the message on: delivered, failed (next try after back-off) or dead."""
    now = now or timezone.now()
    number = Attempt.objects.filter(message=message).count() + 1
    Attempt.objects.create(message=message, number=number, started_at=started_at, duration_ms=duration_ms,
                           outcome=result.outcome, http_status=result.http_status, error=result.error[:4000])
    if result.delivered:
        # A delivery always wins, even if the lease expired and someone else has the message meanwhile.
        Message.objects.filter(pk=message.pk).exclude(state=standard.DELIVERED).update(
            state=standard.DELIVERED, delivered_at=now, last_error="")
        message.state, message.delivered_at, message.last_error = standard.DELIVERED, now, ""
        return standard.DELIVERED
    dest = message.destination
    state = rules.after_failure(
        outcome=result.outcome, attempts=message.attempts, max_attempts=dest.max_attempts
    )
    next_at = (
        rules.next_attempt_at(
            now=now,
            attempt=message.attempts,
            base=dest.retry_base_seconds,
            cap=dest.retry_cap_seconds,
            rand=rand,
        )
        if state == standard.FAILED
        else now
    )
    updated = Message.objects.filter(
        pk=message.pk, state=standard.DELIVERING, attempts=message.attempts
    ).update(state=state, next_attempt_at=next_at, last_error=result.error[:4000])
    if not updated:
        return Message.objects.values_list("state", flat=True).get(pk=message.pk)  # someone else moved it on
    before = {"state": standard.DELIVERING, "attempts": message.attempts}
    message.state, message.next_attempt_at, message.last_error = state, next_at, result.error[:4000]
    if state == standard.DEAD:
        record(action=standard.LEDGER_MESSAGE_DEAD, obj=message, actor=None, before=before,
               after={"state": state, "attempts": message.attempts, "last_error": message.last_error[:500]},
               note=f"{message.topic} {message.idempotency_key} → {dest.name}")
    return state


def deliver(message: Message, *, client: httpx.Client | None = None) -> str:
    """Send one claimed message and settle it; returns the new state."""
    started_at, t0 = timezone.now(), time.monotonic()
    result = send(message, client=client)
    return settle(message, result, started_at=started_at, duration_ms=int((time.monotonic() - t0) * 1000))


def deliver_due(
    *, limit: int = 500, batch: int = 20, destination: Destination | None = None
) -> DeliveryReport:
    """Claim and deliver due messages until none are due or `limit` have been tried."""
    report = DeliveryReport()
    with httpx.Client() as client:
        while report.claimed < limit:
            claimed = claim(batch=min(batch, limit - report.claimed), destination=destination)
            if not claimed:
                break
            report.claimed += len(claimed)
            for message in claimed:
                state = deliver(message, client=client)
                if state == standard.DELIVERED:
                    report.delivered += 1
                elif state == standard.DEAD:
                    report.dead += 1
                    report.errors.append(f"{message.idempotency_key}: {message.last_error[:200]}")
                else:
                    report.retrying += 1
    return report


def next_due_at() -> datetime | None:
    """When the earliest waiting (pending, failed or leased) message becomes due, if any."""
    return (Message.objects.filter(state__in=standard.CLAIMABLE_STATES, destination__is_active=True)
            .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())


def reserve_schedule(*, run_at: datetime, now: datetime | None = None) -> bool:
    """Whether the caller should queue a deferred run at
    `run_at` (False when an earlier one is already queued)."""
    now = now or timezone.now()
    with transaction.atomic():
        Schedule.objects.get_or_create(pk=1)
        schedule = Schedule.objects.select_for_update().get(pk=1)
        current = schedule.scheduled_for
        if current is not None and now < current <= run_at + timedelta(seconds=1):
            return False
        schedule.scheduled_for = run_at
        schedule.save(update_fields=["scheduled_for"])
    return True


# --- Retry by hand ----------------------------------------------------------------------------------


@transaction.atomic
def message_retry(message: Message, *, actor) -> Message:
    """Put a failed or dead message back in the queue now, with a fresh attempt budget (ledger-recorded).

    `actor` is the user (permission checked here) or a label such as "cli" for the command line.
    """
    if not isinstance(actor, str) and not permissions.can_retry(actor, message):
        raise PermissionDenied(_("您没有重新推送该消息的权限。"))
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state not in (standard.FAILED, standard.DEAD):
        raise ApplicationError(_("只有失败或死信状态的消息可以重新推送（当前：%(state)s）。")
                               % {"state": message.get_state_display()}, code="not_retryable")
    before = {"state": message.state, "attempts": message.attempts, "last_error": message.last_error[:500]}
    message.state, message.attempts, message.next_attempt_at = standard.PENDING, 0, timezone.now()
    message.save(update_fields=["state", "attempts", "next_attempt_at"])
    record(action=standard.LEDGER_MESSAGE_RETRIED, obj=message, actor=actor, before=before,
           after={"state": message.state, "attempts": 0},
           note=f"{message.topic} {message.idempotency_key} → {message.destination.name}")
    transaction.on_commit(_kick)
    return message
