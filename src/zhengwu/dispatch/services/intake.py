"""Intake (item 31): one case number per event from every channel, stored in one fast transaction with
its ledger entry; classification and dispatch follow in `services.routing`, run by the background task
that intake enqueues in the same transaction (`tasks.dispatch_received`, by its dotted path: services
never import tasks).

Idempotency: one case per event of a source system (see `_earlier`).
"""

import copy
import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.background import enqueue
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Event, Photo
from zhengwu.dispatch.services.matters import matter_apply, matter_suggest
from zhengwu.dispatch.services.photos import clean_photos, photos_store
from zhengwu.dispatch.services.trail import change
from zhengwu.dispatch.standard import MAX_BATCH, Action, State
from zhengwu.ledger.services import record_many

#: The task that classifies and dispatches received events (enqueued by path: tasks import services).
ROUTE_TASK = "zhengwu.dispatch.tasks.dispatch_received"


def _case_no(now: datetime) -> str:
    """LH + the local date + 6 random digits (the unique constraint decides; see `_save_new`)."""
    return f"LH{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**6):06d}"


# --- Idempotency: one case per event of a source system ---------------------------------------------
# A source system (an API client's name, a migrated system) may send the same event again: a retry
# after a timeout, a resent batch, two workers racing. The same `source_id`, or the same
# `idempotency_key` (the API's Idempotency-Key header), from the same source system returns the case
# stored first and stores nothing. Two unique constraints decide (Event.Meta); the look-up before the
# insert only saves the sequential repeat a failed insert — a race is settled by the insert itself.

_SAME_REQUEST = ("title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id")


def _earlier(events: list[Event], source_system: str) -> dict[tuple[str, str], Event]:
    """{("key", k) / ("source", s): the stored event} for the keys and source ids of `events`.

    One narrow query (three columns: it runs before every keyed insert) — a UNION of one look-up per
    constraint, each stating its partial index's condition so that SQLite searches the index (an OR of
    both, or a bare equality, scans the table there); the events themselves only when found."""
    keys = {e.idempotency_key for e in events if e.idempotency_key}
    sources = {e.source_id for e in events if e.source_id}
    base = Event.objects.filter(source_system=source_system).order_by().values_list("id", "idempotency_key",
                                                                                   "source_id")
    parts = ([base.filter(idempotency_key__in=keys).exclude(idempotency_key="")] if keys else []) + (
        [base.filter(source_id__in=sources).exclude(source_id="")] if sources else [])
    rows = (
        sorted(parts[0].union(*parts[1:]).order_by(), reverse=True) if parts else []
    )  # newest first: first wins
    if not rows:
        return {}
    stored = Event.objects.select_related("unit", "category").in_bulk([pk for pk, _k, _s in rows])
    found = {}
    for pk, key, source in rows:
        if key in keys:
            found[("key", key)] = stored[pk]
        if source in sources:
            found[("source", source)] = stored[pk]
    return found


def _replay(new: Event, earlier: dict) -> Event | None:
    """The stored event that `new` repeats (marked `replayed`), or None. An Idempotency-Key reused
    for a different event is refused (422), as the IETF Idempotency-Key draft asks."""
    by_key = earlier.get(("key", new.idempotency_key)) if new.idempotency_key else None
    if by_key is not None and any(getattr(by_key, f) != getattr(new, f) for f in _SAME_REQUEST):
        raise ApplicationError(
            _("Idempotency-Key“%(key)s”已用于另一条内容不同的事件（%(case)s）；新的事件请使用新的键。")
            % {"key": new.idempotency_key.split("#")[0], "case": by_key.case_no},
            code="idempotency_key_reused", field="idempotency_key", status=422)
    found = by_key or (earlier.get(("source", new.source_id)) if new.source_id else None)
    if found is not None:
        found.replayed = True
    return found


def _save_new(event: Event, now: datetime) -> Event | None:
    """Insert the event, inside a savepoint: None once stored, or the event another request stored
    meanwhile under the same source id or key (that insert won the race). A case number already
    taken (rare) is drawn again."""
    for _attempt in range(20):
        try:
            with transaction.atomic():
                event.save(force_insert=True)
            return None
        except IntegrityError:
            # on PostgreSQL the losing insert waited for the winner's commit, so its row is visible now
            found = _replay(event, _earlier([event], event.source_system))
            if found is not None:
                return found
            if not Event.objects.filter(case_no=event.case_no).exists():
                raise  # another constraint: not ours to retry
            event.case_no = _case_no(now)
    raise ApplicationError(_("受理编号生成失败，请重试。"), code="case_no")


def _build(
    *,
    channel: str,
    title: str,
    text: str,
    address: str = "",
    lat=None,
    lng=None,
    reporter_name: str = "",
    reporter_phone: str = "",
    callback_requested: bool = False,
    actor=None,
    source_system: str = "",
    source_id: str = "",
    idempotency_key: str = "",
    received_at: datetime | None = None,
    require_phone: bool = False,
    now: datetime,
) -> Event:
    """A validated, unsaved event with a case number (ApplicationError names the field at fault)."""
    rules.check_channel(channel)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Event(
        case_no=_case_no(now),
        channel=channel,
        source_system=rules.clean_text(
            source_system, field="source_system", label=_("来源系统"), max_length=64
        ),
        source_id=rules.clean_text(source_id, field="source_id", label=_("原系统编号"), max_length=64),
        idempotency_key=rules.clean_text(
            idempotency_key, field="idempotency_key", label="Idempotency-Key", max_length=140
        ),
        title=rules.clean_text(title, field="title", label=_("标题"), max_length=200, required=True),
        text=rules.clean_text(text, field="text", label=_("内容"), max_length=20000, required=True),
        address=rules.clean_text(address, field="address", label=_("地址"), max_length=200),
        lat=rules.coordinate(lat, field="lat", low=-90, high=90),
        lng=rules.coordinate(lng, field="lng", low=-180, high=180),
        reporter_name=rules.clean_text(reporter_name, field="reporter_name", label=_("姓名"), max_length=64),
        reporter_phone=rules.check_phone(reporter_phone, required=require_phone),
        callback_requested=bool(callback_requested),
        received_at=received_at or now,
        received_by=user,
        state=State.RECEIVED,
    )


def _route_later() -> bool:
    """Enqueue the routing task in the caller's transaction (the database backend stores it with the
    event; the worker sees both or neither); True when it has already run (the immediate backend)."""
    result = enqueue(ROUTE_TASK, on_commit=False)
    return bool(result is not None and result.is_finished)


def event_intake(*, channel: str, title: str, text: str, photos=(), action: str = Action.RECEIVED,
                 **fields) -> Event:
    """Receive an event from any channel: one case number, then classification and dispatch (or triage).

    `fields`: address, lat, lng, reporter_name, reporter_phone, callback_requested, actor, source_system,
    source_id, idempotency_key, received_at, require_phone.

    An event of the same source system with the same `source_id` or `idempotency_key` as one already
    stored is not stored again: that event is returned with `replayed = True` (see `_save_new`)."""
    # photos are decoded and re-encoded first, outside the transaction: seconds of CPU work must not
    # hold the database's write lock (SQLite takes it at BEGIN IMMEDIATE)
    images = clean_photos(photos)
    return _intake(channel=channel, title=title, text=text, images=images, action=action, **fields)


def _intake(*, channel: str, title: str, text: str, images: list, action: str, **fields) -> Event:
    now = timezone.now()
    event = _build(channel=channel, title=title, text=text, now=now, **fields)
    # 同一事项: the earlier cases it may repeat are read and scored before the write transaction (SQLite's
    # one writer must not wait on the scoring: services.matters.matter_suggest)
    suggested = matter_suggest(event)
    return _intake_store(event, suggested, now=now, channel=channel, images=images, action=action,
                         actor=fields.get("actor"))


@transaction.atomic
def _intake_store(event: Event, suggested: tuple, *, now, channel: str, images: list, action: str,
                  actor) -> Event:
    earlier = _replay(event, _earlier([event], event.source_system)) or _save_new(event, now)
    if earlier is not None:
        return earlier
    photos_store(event, Photo.Kind.REPORT, images)
    record_many([change(action, event, None, note=channel)], actor=actor)
    # an earlier case scoring above the auto-merge threshold takes it in before routing
    event.matter_candidates = matter_apply(event, *suggested)
    # classification and dispatch are the system's acts: a background task, enqueued in this transaction
    # (so it sees the event); with the immediate backend it has run when enqueue returns
    if _route_later():
        event.refresh_from_db()
    return event




@transaction.atomic
def event_intake_many(items: list[dict], *, channel: str, actor=None, source_system: str = "",
                      idempotency_key: str = "") -> list:
    """Receive a batch from another system: for each item, in order, an Event or its ApplicationError.

    Valid new items are stored together (one insert, one ledger batch, one routing task); invalid ones
    are reported and not stored. An item that repeats an event already stored (same `source_id`, or
    the batch's `idempotency_key` and the item's position) or an earlier item of this batch (same
    `source_id`) stores nothing and returns that event with `replayed = True`."""
    if len(items) > MAX_BATCH:
        raise ApplicationError(
            _("一批最多 %(n)s 条事件。") % {"n": MAX_BATCH}, field="events", code="batch_too_large"
        )
    now, results = timezone.now(), []
    for index, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise ApplicationError(_("每条事件应为 JSON 对象。"), code="invalid_json")
            key = f"{idempotency_key}#{index}" if idempotency_key else ""
            results.append(_build(channel=channel, actor=actor, source_system=source_system, now=now,
                                  idempotency_key=key, **item))
        except TypeError as exc:
            results.append(ApplicationError(_("未知字段：%(f)s") % {"f": str(exc).rsplit(" ", 1)[-1]},
                                            code="unknown_field"))
        except ApplicationError as exc:
            results.append(exc)
    earlier = _earlier([r for r in results if isinstance(r, Event)], source_system)
    pending, copies, first_with = [], {}, {}  # (index, event) to insert; index → index it repeats
    for index, r in enumerate(results):
        if not isinstance(r, Event):
            continue
        try:
            found = _replay(r, earlier)
        except ApplicationError as exc:
            results[index] = exc
            continue
        if found is not None:
            results[index] = found
        elif r.source_id and r.source_id in first_with:
            copies[index] = first_with[r.source_id]
        else:
            first_with[r.source_id or f"#{index}"] = index
            pending.append((index, r))
    created = _insert_many(pending, results, now)
    for index, original in copies.items():
        twin = results[original]
        if isinstance(twin, Event):
            twin = copy.copy(twin)
            twin.replayed = True
        results[index] = twin
    if created:
        record_many([change(Action.RECEIVED, e, None, note=channel) for e in created], actor=actor)
        if _route_later():
            for e in created:
                e.refresh_from_db()
    return results


def _insert_many(pending: list[tuple[int, Event]], results: list, now: datetime) -> list[Event]:
    """Insert the events in one statement (in a savepoint); returns those stored. When another request
    stored some of them meanwhile (a unique constraint fails), those become replays in `results` and
    the rest is inserted again; case numbers taken meanwhile are drawn again."""
    for _attempt in range(5):
        if not pending:
            return []
        events = [e for _i, e in pending]
        taken = set(
            Event.objects.filter(case_no__in=[e.case_no for e in events]).values_list("case_no", flat=True)
        )
        for e in events:
            while e.case_no in taken:
                e.case_no = _case_no(now)
            taken.add(e.case_no)
        try:
            with transaction.atomic():
                Event.objects.bulk_create(events)
            return events
        except IntegrityError:
            earlier = _earlier(events, events[0].source_system)
            still = []
            for index, e in pending:
                e.pk = None
                try:
                    found = _replay(e, earlier)
                except ApplicationError as exc:
                    results[index] = exc
                    continue
                if found is not None:
                    results[index] = found
                else:
                    e.case_no = _case_no(now)
                    still.append((index, e))
            pending = still
    if not pending:
        return []
    raise ApplicationError(_("受理编号生成失败，请重试。"), code="case_no")
