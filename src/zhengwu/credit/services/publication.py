"""Push every publication and change of a record to the city's platforms through the outbox (issue 5 §6).

The workflow calls the two hooks inside its own transaction (transactional outbox: the messages commit or
roll back with the change):

    record_publish(record, actor=…)     →  on_published(record)
    record_set_status(record, …)        →  on_changed(record)      (撤销 / 异议 / 其他)

Each hook enqueues ONE message per active outbox destination subscribed to the record's topic
(`credit.license` / `credit.penalty`). The payload is the standard record as `credit.disclosure.push_values`
decides it: the counterparty's identity (名称 and 身份代码, ID numbers included — the receivers, 市政府门户网站
and 市公共信用信息管理系统 via the 前置库, link records by them), every other field exactly as the district's
public pages show it (free text scrubbed of the person's own name, ID, address and of phone numbers), and a
natural person's addresses left out — the receivers publish what they get (集中公示).

    {"table": "XK_GS" | "CF_GS", "record": {<every standard field code>: value, …}}

The 前置库 connector writes the record as one row of table XK_GS / CF_GS whose columns are the standard's
field codes (plus MSG_ID = idempotency key, SJC = time written, MSG_TOPIC).

Idempotency key: `credit.<kind>:<record id>:v<version>:s<status>` — the same change enqueued twice is one
message; a status change or a new version is a new message. A change that returns to an earlier
(version, status) pair (异议 resolved → 0 again) gets a `#<n>` suffix so it is not swallowed as a duplicate.

`mark_pushed()` turns 已公示 records whose every message is delivered into 已推送 (ledger-recorded); it runs as
the task `credit.tasks.mark_pushed` (scheduled after each publication, re-scheduling itself while deliveries
are pending) and as `zhengwu credit push-status`.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from zhengwu.credit import disclosure
from zhengwu.credit.models import Record
from zhengwu.credit.standard import standard_for
from zhengwu.ledger.services import Change, object_type_of, record_many
from zhengwu.outbox import services as outbox
from zhengwu.outbox import standard as outbox_standard
from zhengwu.outbox.models import Message

logger = logging.getLogger(__name__)

TOPICS = {"license": "credit.license", "penalty": "credit.penalty"}
TABLES = {"license": "XK_GS", "penalty": "CF_GS"}
PUSHED_ACTION = "credit.record.pushed"
REPUSH_ACTION = "credit.record.push_queued"
SOURCE_TYPE = object_type_of(Record())
MARK_DELAY_SECONDS = 15
CHUNK = 1000


def push_row(record: Record) -> dict:
    """The standard record for the city's platforms (every field code): identity as recorded, the rest as published."""
    std = standard_for(record.kind)
    row = disclosure.push_values(kind=record.kind, data=record.data or {}, natural_person=record.is_natural_person)
    row[std.status] = record.status  # the workflow's current 当前状态 wins over the imported value
    return row


def push_key(record: Record) -> str:
    """The idempotency key of the record's current (version, status); see the module docstring."""
    base = f"{TOPICS[record.kind]}:{record.pk}:v{record.version}:s{record.status}"
    sent = (Message.objects.filter(source_type=SOURCE_TYPE, source_id=str(record.pk))
            .order_by("-id").values_list("idempotency_key", flat=True)[:500])
    keys = list(dict.fromkeys(sent))  # newest first, one per key (a key has one message per destination)
    if not keys or keys[0] == base or keys[0].startswith(base + "#"):
        return keys[0] if keys else base  # nothing sent yet, or this very change was already queued
    earlier = [k for k in keys if k == base or k.startswith(base + "#")]
    return f"{base}#{len(earlier) + 1}" if earlier else base


def _enqueue(record: Record) -> int:
    return outbox.enqueue_many([outbox.Outgoing(
        topic=TOPICS[record.kind], key=push_key(record),
        payload={"table": TABLES[record.kind], "record": push_row(record)},
        source=record, unit=record.unit_id)])


def on_published(record: Record) -> int:
    """Hook of `record_publish`: queue the published record for every subscribed destination (caller's transaction)."""
    created = _enqueue(record)
    if created:
        _schedule_mark()
    return created


def on_changed(record: Record) -> int:
    """Hook of `record_set_status` (撤销/异议/其他) and other changes of a published record: queue it again.

    A record that was 已推送 goes back to 已公示 until the change is delivered (ledger-recorded).
    Unpublished records are not pushed (nothing was sent about them yet).
    """
    if record.state not in (Record.State.PUBLISHED, Record.State.PUSHED):
        return 0
    created = _enqueue(record)
    if created and record.state == Record.State.PUSHED:
        Record.objects.filter(pk=record.pk).update(state=Record.State.PUBLISHED)
        record.state = Record.State.PUBLISHED
        record_many([Change(REPUSH_ACTION, SOURCE_TYPE, str(record.pk), {"state": Record.State.PUSHED},
                            {"state": Record.State.PUBLISHED, "status": record.status}, record.unit_id,
                            "status change queued for the city platform")], actor=None)
    if created:
        _schedule_mark()
    return created


def _schedule_mark() -> None:
    """Once per transaction: after commit, queue `mark_pushed` shortly after the deliveries should be done."""
    pending = getattr(connection, "run_on_commit", [])
    if any(getattr(item[1], "__name__", "") == "queue_mark_pushed" for item in pending):
        return
    transaction.on_commit(queue_mark_pushed)


def queue_mark_pushed(run_at=None) -> None:
    """Queue the `mark_pushed` task (deferred when the backend can; at once otherwise)."""
    from zhengwu.credit import tasks

    try:
        backend = tasks.mark_pushed.get_backend()
        if backend.supports_defer:
            tasks.mark_pushed.using(run_after=run_at or timezone.now() + timedelta(seconds=MARK_DELAY_SECONDS)).enqueue()
        else:
            tasks.mark_pushed.enqueue()
    except Exception:  # a queue outage must not undo a publication; `zhengwu credit push-status` catches up
        logger.exception("credit: could not queue mark_pushed")


@transaction.atomic
def mark_pushed(*, limit: int | None = None) -> int:
    """已公示 records whose outbox messages are all delivered → 已推送 with pushed_at (ledger-recorded); returns how many."""
    ids = Record.objects.filter(state=Record.State.PUBLISHED).order_by("id").values_list("id", flat=True)
    ids = list(ids[:limit] if limit else ids)
    done: dict[int, object] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = [str(i) for i in ids[start:start + CHUNK]]
        rows = (Message.objects.filter(source_type=SOURCE_TYPE, source_id__in=chunk).values("source_id")
                .annotate(total=Count("id"), delivered=Count("id", filter=Q(state=outbox_standard.DELIVERED)),
                          last=Max("delivered_at")))
        done.update({int(r["source_id"]): r["last"] for r in rows if r["total"] == r["delivered"]})
    if not done:
        return 0
    changes = []
    for record_id, unit_id in Record.objects.filter(pk__in=done).values_list("id", "unit_id"):
        Record.objects.filter(pk=record_id, state=Record.State.PUBLISHED).update(
            state=Record.State.PUSHED, pushed_at=done[record_id])
        changes.append(Change(PUSHED_ACTION, SOURCE_TYPE, str(record_id), {"state": Record.State.PUBLISHED},
                              {"state": Record.State.PUSHED, "pushed_at": done[record_id].isoformat()}, unit_id,
                              "all outbox messages delivered"))
    record_many(changes, actor=None)
    return len(changes)


def pending_deliveries() -> bool:
    """Whether some published record still has a message waiting to be delivered (not dead)."""
    waiting = (outbox_standard.PENDING, outbox_standard.DELIVERING, outbox_standard.FAILED)
    return Message.objects.filter(source_type=SOURCE_TYPE, state__in=waiting).exists()
