"""Push every publication and change of a record to the city's platforms through the outbox (issue 5 §6).

The workflow calls these inside its own transaction (transactional outbox: the messages commit or roll back
with the change):

    record_publish / record_review / records_approve_many  →  on_published_many(records)   (one set, bulk)
    record_set_status(record, …)                            →  on_changed(record)  (撤销 / 异议 / 其他)

Each enqueues ONE message per record and active outbox destination subscribed to the record's topic
(`credit.license` / `credit.penalty`). The payload is the standard record as `credit.disclosure.push_values`
decides it — only the fields its catalog item's 可公示的信息项 allow (`rules.visibility.catalog_allows`; the
row key, 当前状态 and SJC always) —: the counterparty's identity (名称 and 身份代码, ID numbers included —
the receivers, 市政府门户网站 and 市公共信用信息管理系统 via the 前置库, link records by them), every other
field exactly as the district's public pages show it (free text scrubbed of the person's own name, ID,
address and of phone numbers), and a natural person's addresses left out — the receivers publish what they
get (集中公示).

    {"table": "XK_GS" | "CF_GS", "record": {<every standard field code>: value, …},
     "public": true | false, "public_until": "YYYY-MM-DD" | null}

`public` and `public_until` are `rules.visibility` on the day of the change:
whether the district shows the record and the last day it will (a revoked record is `false`; a receiver
that publishes centrally withdraws it then).

The 前置库 connector writes the record as one row of table XK_GS / CF_GS whose columns are the standard's
field codes (plus MSG_ID = idempotency key, SJC = time written, MSG_TOPIC).

Idempotency key: `credit.<kind>:<record id>:v<version>:s<status>` — the same change enqueued twice is one
message; a status change or a new version is a new message. A change that returns to an earlier
(version, status) pair (异议 resolved → 0 again) gets a `#<n>` suffix so it is not swallowed as a duplicate.

`mark_pushed()` turns 已公示 records whose every message is delivered into 已推送
(ledger-recorded); it runs as the task `credit.tasks.mark_pushed` (queued by its dotted path after each
publishing transaction — services never import tasks — and re-scheduling itself while deliveries are
pending) and as `zhengwu credit push-status`.
"""

import logging
from collections.abc import Iterable
from datetime import date

import polars as pl
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from zhengwu.core.background import enqueue
from zhengwu.core.conf import setting
from zhengwu.credit.formats import convert, national
from zhengwu.credit.models import Record
from zhengwu.credit.rules import disclosure, publicity, visibility
from zhengwu.credit.rules.workflow import PUBLISHED_STATES
from zhengwu.credit.selectors.visibility import catalog_fields
from zhengwu.credit.standard import standard_for
from zhengwu.ledger.services import Change, object_type_of, record_many
from zhengwu.outbox import rules as outbox_rules
from zhengwu.outbox import services as outbox
from zhengwu.outbox import standard as outbox_standard
from zhengwu.outbox.models import Destination, Message

logger = logging.getLogger(__name__)

TOPICS = {"license": "credit.license", "penalty": "credit.penalty"}
TABLES = {"license": "XK_GS", "penalty": "CF_GS"}
SOURCE_TYPE = object_type_of(Record())
MARK_DELAY_SECONDS = 15
CHUNK = 1000


def push_row(record: Record, *, catalog=None) -> dict:
    """The standard record for the city's platforms (every field code):
    identity as recorded, the rest as published, a field its catalog item's 可公示的信息项 leave out empty
    (`catalog`: looked up when not given)."""
    std = standard_for(record.kind)
    catalog = catalog_fields([record]).get(record.pk, ()) if catalog is None else catalog
    row = disclosure.push_values(
        kind=record.kind, data=record.data or {}, natural_person=record.is_natural_person, catalog=catalog
    )
    row[std.status] = record.status  # the workflow's current 当前状态 wins over the imported value
    return row


def push_keys(records: Iterable[Record]) -> dict[int, str]:
    """The idempotency key of each record's current (version,
    status), from one read of what was sent before."""
    records = list(records)
    sent: dict[str, list[str]] = {}
    ids = [str(r.pk) for r in records]
    for start in range(0, len(ids), CHUNK):
        rows = (Message.objects.filter(source_type=SOURCE_TYPE, source_id__in=ids[start:start + CHUNK])
                .order_by("-id").values_list("source_id", "idempotency_key"))
        for source_id, key in rows:
            sent.setdefault(source_id, []).append(key)
    return {r.pk: _key(r, sent.get(str(r.pk), [])) for r in records}


def push_key(record: Record) -> str:
    """The idempotency key of the record's current (version, status); see the module docstring."""
    return push_keys([record])[record.pk]


def _key(record: Record, sent: list[str]) -> str:
    base = f"{TOPICS[record.kind]}:{record.pk}:v{record.version}:s{record.status}"
    keys = list(dict.fromkeys(sent))  # newest first, one per key (a key has one message per destination)
    if not keys or keys[0] == base or keys[0].startswith(base + "#"):
        return keys[0] if keys else base  # nothing sent yet, or this very change was already queued
    earlier = [k for k in keys if k == base or k.startswith(base + "#")]
    return f"{base}#{len(earlier) + 1}" if earlier else base


def push_payload(record: Record, *, today: date | None = None, catalog=None) -> dict:
    """The message for the city's platforms: the standard row,
    and whether (and until when) the district shows it."""
    ends = visibility.last_public_day(record)
    return {"table": TABLES[record.kind], "record": push_row(record, catalog=catalog),
            "public": visibility.is_public(record, today=today or timezone.localdate()),
            "public_until": ends.isoformat() if ends else None}


def destination_format(destination: Destination) -> str:
    """The record format a destination gets: its `options["format"]` ("national" | "luohu2016"), else
    `CREDIT_PUSH_FORMAT` (the city platform's destinations are
    created with "national": reference.push_destinations)."""
    options = destination.options if isinstance(destination.options, dict) else {}
    fmt = options.get("format")
    return fmt if fmt in convert.TARGETS else setting("CREDIT_PUSH_FORMAT")


def _text(value) -> str:
    return "" if value is None else str(value)


def national_rows(records: list[Record], rows: dict[int, dict]) -> dict[int, dict]:
    """The records' push rows (2016 codes, `push_row`) in the national format (`formats.convert.to_national`,
    column-wise per kind; 数据来源单位 and the authorities' codes from
    `CREDIT_NATIONAL_ORG`); 公示截止期 is the district's own last public day
    (`rules.visibility.last_public_day`), so both formats say the same."""
    org = convert.OrgConfig.from_settings(setting("CREDIT_NATIONAL_ORG"))
    policy = publicity.policy_from_settings(setting("CREDIT_PUBLICITY_POLICY"))
    out: dict[int, dict] = {}
    for kind in sorted({r.kind for r in records}):
        group = [r for r in records if r.kind == kind]
        codes = [f.code for f in standard_for(kind).fields]
        frame = pl.DataFrame([{c: _text(rows[r.pk].get(c)) for c in codes} for r in group],
                             schema=dict.fromkeys(codes, pl.Utf8), orient="row")
        done = convert.to_national(frame, kind, org=org, policy=policy, parts=1)
        end_code = national.format_for(kind).publicity_end
        for r, row in zip(group, done.frame.to_dicts(), strict=True):
            if end_code:
                ends = visibility.last_public_day(r)
                row[end_code] = ends.strftime("%Y/%m/%d") if ends else ""
            out[r.pk] = {k: ("" if v is None else v) for k, v in row.items()}
    return out


def _enqueue(records: list[Record], *, withdrawn: dict[int, dict] | None = None) -> int:
    """One message per record (and destination) in the format each destination takes (`destination_format`);
    `withdrawn`: {record id: why it left the public view} for withdrawals
    (their own key, so that they are never swallowed as a duplicate)."""
    if not records:
        return 0
    keys, today, catalogs = push_keys(records), timezone.localdate(), catalog_fields(records)
    payloads, item_keys = {}, {}
    for r in records:
        payload = push_payload(r, today=today, catalog=catalogs.get(r.pk, ()))
        key = keys[r.pk]
        if withdrawn and r.pk in withdrawn:
            payload["withdrawn"] = withdrawn[r.pk]
            key = f"{TOPICS[r.kind]}:{r.pk}:withdrawn:{withdrawn[r.pk]['reason']}"
        payloads[r.pk], item_keys[r.pk] = payload, key
    targets: dict[tuple[str, str], list[Destination]] = {}
    for dest in Destination.objects.filter(is_active=True).order_by("id"):
        for topic in set(TOPICS.values()):
            if outbox_rules.topic_matches(topic, dest.topics or []):
                targets.setdefault((destination_format(dest), topic), []).append(dest)
    converted = None
    created = 0
    for (fmt, topic), dests in sorted(targets.items(), key=lambda kv: kv[0]):
        chosen = [r for r in records if TOPICS[r.kind] == topic]
        if not chosen:
            continue
        if fmt == convert.NATIONAL and converted is None:
            converted = national_rows(records, {pk: p["record"] for pk, p in payloads.items()})
        items = []
        for r in chosen:
            payload = payloads[r.pk]
            if fmt == convert.NATIONAL:
                payload = payload | {"record": converted[r.pk], "format": convert.NATIONAL}
            items.append(
                outbox.Outgoing(topic=topic, key=item_keys[r.pk], payload=payload, source=r, unit=r.unit_id)
            )
        created += outbox.enqueue_many(items, destinations=dests)
    return created


def on_published_many(records: Iterable[Record]) -> int:
    """Queue newly published records for every subscribed
    destination, as one set (the caller's transaction)."""
    created = _enqueue(list(records))
    if created:
        _schedule_mark()
    return created


def on_published(record: Record) -> int:
    """`on_published_many` for one record."""
    return on_published_many([record])


def on_changed(record: Record) -> int:
    """`record_set_status` (撤销/异议/其他) and other changes of a published record: queue it again.

    A record that was 已推送 goes back to 已公示 until the change is delivered (ledger-recorded).
    Unpublished records are not pushed (nothing was sent about them yet).
    """
    if record.state not in PUBLISHED_STATES:
        return 0
    created = _enqueue([record])
    if created and record.state == Record.State.PUSHED:
        Record.objects.filter(pk=record.pk).update(state=Record.State.PUBLISHED)
        record.state = Record.State.PUBLISHED
        record_many(
            [
                Change(
                    "credit.record.push_queued",
                    SOURCE_TYPE,
                    str(record.pk),
                    {"state": Record.State.PUSHED},
                    {"state": Record.State.PUBLISHED, "status": record.status},
                    record.unit_id,
                    "status change queued for the city platform",
                )
            ],
            actor=None,
        )
    if created:
        _schedule_mark()
    return created


def on_withdrawn(records: Iterable[Record], *, reasons: dict[int, dict]) -> int:
    """Records that left the public view (credit repair approved, maximum period reached): push a withdrawal.

    The payload is the usual one (`public` is then false) plus `"withdrawn": {"reason":
    "repaired" | "expired", "on": "YYYY-MM-DD", …}`; the key is `<topic>:<id>:withdrawn:<reason>` (one
    withdrawal per reason). A 已推送 record goes back to 已公示 until the withdrawal is delivered
    (ledger-recorded, as for `on_changed`)."""
    records = [r for r in records if r.state in PUBLISHED_STATES]
    created = _enqueue(records, withdrawn=reasons)
    pushed = [r for r in records if r.state == Record.State.PUSHED]
    if created and pushed:
        Record.objects.filter(pk__in=[r.pk for r in pushed]).update(state=Record.State.PUBLISHED)
        for r in pushed:
            r.state = Record.State.PUBLISHED
        record_many(
            [
                Change(
                    "credit.record.push_queued",
                    SOURCE_TYPE,
                    str(r.pk),
                    {"state": Record.State.PUSHED},
                    {"state": Record.State.PUBLISHED, "status": r.status},
                    r.unit_id,
                    "withdrawal queued for the city platform",
                )
                for r in pushed
            ],
            actor=None,
        )
    if created:
        _schedule_mark()
    return created


def _schedule_mark() -> None:
    """Once per transaction: after commit, queue `mark_pushed` shortly after the deliveries should be done."""
    pending = getattr(connection, "run_on_commit", [])
    if any(getattr(item[1], "__name__", "") == "queue_mark_pushed" for item in pending):
        return
    transaction.on_commit(queue_mark_pushed)


def queue_mark_pushed() -> None:
    """Queue the `mark_pushed` task by its dotted path (services never import tasks); it re-schedules itself,
    deferred, while deliveries are pending."""
    try:
        enqueue("zhengwu.credit.tasks.mark_pushed", on_commit=False)
    except Exception:  # a queue outage must not undo a publication; `zhengwu credit push-status` catches up
        logger.exception("credit: could not queue mark_pushed")


@transaction.atomic
def mark_pushed(*, limit: int | None = None) -> int:
    """已公示 records whose outbox messages are all delivered →
    已推送 with pushed_at (ledger-recorded); returns how many."""
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
        changes.append(
            Change(
                "credit.record.pushed",
                SOURCE_TYPE,
                str(record_id),
                {"state": Record.State.PUBLISHED},
                {"state": Record.State.PUSHED, "pushed_at": done[record_id].isoformat()},
                unit_id,
                "all outbox messages delivered",
            )
        )
    record_many(changes, actor=None)
    return len(changes)


def pending_deliveries() -> bool:
    """Whether some published record still has a message waiting to be delivered (not dead)."""
    waiting = (outbox_standard.PENDING, outbox_standard.DELIVERING, outbox_standard.FAILED)
    return Message.objects.filter(source_type=SOURCE_TYPE, state__in=waiting).exists()
