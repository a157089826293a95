"""数据自动迁移 (item 31, issue 13 item 13): the events of the units' own systems brought in as they are.

- `event_migrate`: one row of a unit's system. A row that tells the case's past (state, unit, dates,
  result, rating: `rules.migration.HISTORY_COLUMNS`) is stored with that past — its state, handling unit
  and tier, its dates, result, reply and rating — and is never classified or dispatched again (it is not
  in the received state, which is all that routing reads); its original dispatch is kept as an
  assignment. A row without a past is a new event and goes through intake and dispatch like any other.
  A row already stored (same source system and id) stores nothing: the unique constraint decides.
- `connector_sync`: an ongoing sync from a system that keeps its own records (a connector: `fetch(cursor,
  limit) -> (rows, next cursor)`). Each batch and the cursor after it are stored in one transaction, so
  a run stopped half-way starts again after the last stored batch; a row read again creates nothing, and
  a row whose case changed in its own system (state, result, rating, …) updates the stored case, with a
  ledger entry (`dispatch.event.synced`). A refused row is reported (its id, the column, why) and the
  cursor moves past it: it is read again when its system changes it (a later change time).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Assignment, Event, SyncCursor
from zhengwu.dispatch.rules import migration as past
from zhengwu.dispatch.services.intake import _build, _save_new, event_intake
from zhengwu.dispatch.services.trail import change, track
from zhengwu.dispatch.standard import Action, Channel, State
from zhengwu.ledger.services import record_many
from zhengwu.org.models import Unit

#: A row without a title is titled with the first characters of its text.
TITLE_CHARS = 30


def _unit(value) -> Unit | None:
    """The handling unit named by its code (GY-LDC) or name (鹿丹村社区); blank is None;
    ApplicationError `unknown_unit` (field unit)."""
    text = str(value or "").strip()
    if not text:
        return None
    unit = Unit.objects.filter(code=text).first() or Unit.objects.filter(name=text).first()
    if unit is None:
        raise ApplicationError(
            _("承办单位“%(u)s”不在单位库中。") % {"u": text}, code="unknown_unit", field="unit"
        )
    return unit


def _aware(moment):
    return timezone.make_aware(moment) if moment is not None and timezone.is_naive(moment) else moment


def _past(row: Mapping) -> dict:
    """The case's past from the row, checked (ApplicationError naming the column at fault)."""
    state = past.migrated_state(row.get("state")) if str(row.get("state") or "").strip() else ""
    unit = _unit(row.get("unit"))
    times = {c: _aware(past.migrated_time(row.get(c), field=c)) for c in past.DATE_COLUMNS}
    if not state:  # a past without a state: the furthest step its dates tell
        state = (State.CLOSED if times["closed_at"] else State.REPLIED if times["replied_at"]
                 else State.RESOLVED if times["resolved_at"] else State.ACCEPTED if times["accepted_at"]
                 else State.DISPATCHED if unit else State.TRIAGE).value
    received = _aware(past.migrated_time(row.get("received_at"), field="received_at"))
    past.check_history(state=state, unit_code=unit.code if unit else "", received_at=received, times=times)
    return {
        "state": state,
        "unit": unit,
        "times": times,
        "received_at": received,
        "result": str(row.get("result") or "").strip()[:5000],
        "reply": str(row.get("reply") or "").strip(),
        "rating": past.migrated_rating(row.get("rating")),
        "rating_comment": str(row.get("rating_comment") or "").strip()[:500],
    }


def _apply_past(event: Event, p: dict) -> None:
    unit = p["unit"]
    event.state = p["state"]
    event.unit = unit
    event.tier = rules.tier_for_unit_kind(unit.kind) if unit else ""
    if unit is not None and unit.kind == Unit.Kind.COMMUNITY:
        event.community, event.street = unit, unit.parent
    elif unit is not None and unit.kind == Unit.Kind.STREET:
        event.street = unit
    for name, moment in p["times"].items():
        setattr(event, name, moment)
    event.result, event.reply = p["result"], p["reply"]
    event.rating, event.rating_comment = p["rating"], p["rating_comment"]
    event.dispatch_rule = (_("迁移：原系统处置记录（%(s)s）") % {"s": event.source_system})[:200]


def _row_text(row: Mapping) -> tuple[str, str]:
    text = str(row.get("text") or "")
    return (str(row.get("title") or "").strip() or text.strip()[:TITLE_CHARS]), text


def _channel(row: Mapping) -> str:
    channel = str(row.get("channel") or Channel.MIGRATION).strip()
    return channel if channel in {c.value for c in Channel} else Channel.MIGRATION.value


@transaction.atomic
def event_migrate(row: Mapping, *, actor, source_system: str, action: str = Action.IMPORTED) -> Event:
    """One row of a unit's system (see the module): the stored event, `replayed` when it was stored before."""
    source_id = str(row.get("source_id") or row.get("id") or "").strip()
    title, text = _row_text(row)
    if not past.has_history(row):
        received = _aware(past.migrated_time(row.get("received_at"), field="received_at"))
        return event_intake(
            channel=_channel(row),
            title=title,
            text=text,
            address=row.get("address") or "",
            reporter_phone=row.get("reporter_phone") or "",
            reporter_name=row.get("reporter_name") or "",
            source_system=source_system,
            source_id=source_id,
            received_at=received,
            actor=actor,
            action=action,
        )
    p = _past(row)
    now = timezone.now()
    event = _build(
        channel=_channel(row),
        title=title,
        text=text,
        address=row.get("address") or "",
        reporter_phone=row.get("reporter_phone") or "",
        reporter_name=row.get("reporter_name") or "",
        source_system=source_system,
        source_id=source_id,
        received_at=p["received_at"],
        actor=actor,
        now=now,
    )
    _apply_past(event, p)
    earlier = Event.objects.filter(source_system=event.source_system, source_id=source_id).exclude(
        source_id="").first() or _save_new(event, now)
    if earlier is not None:
        earlier.replayed = True
        return earlier
    if event.unit is not None:
        Assignment.objects.create(event=event, unit=event.unit, tier=event.tier or rules.tier_for_unit_kind(
            event.unit.kind), rule=event.dispatch_rule, inputs={"migrated": True}, automatic=False,
            dispatched_at=event.dispatched_at or event.received_at)
    record_many([change(action, event, None, note=event.source_system)], actor=actor)
    return event


def event_migrate_rows(
    rows: list[dict], *, actor=None, source_system: str = ""
) -> tuple[int, int, list[str]]:
    """Rows of a unit's system, each in its own transaction: (created, skipped, errors naming the row)."""
    created, skipped, errors = 0, 0, []
    for n, row in enumerate(rows, start=1):
        system = (str(row.get("source_system") or "").strip() or source_system or _("历史系统"))
        try:
            event = event_migrate(row, actor=actor, source_system=system)
        except ApplicationError as exc:
            where = f"{exc.field}：" if exc.field else ""
            errors.append(_("第 %(n)s 行：%(w)s%(m)s") % {"n": n, "w": where, "m": exc.message})
            continue
        if event.replayed:
            skipped += 1
        else:
            created += 1
    return created, skipped, errors


# --- Connectors: an ongoing sync with a cursor ------------------------------------------------------------


class Connector(Protocol):
    """A system that keeps its own records: its name (the
    events' source system) and its rows after a cursor."""

    source_system: str

    def fetch(self, cursor: str, limit: int) -> tuple[list[dict], str]: ...


@dataclass
class RowsConnector:
    """A connector over rows a system exported (a file, a view of its database): read in the order of
    `order_by` (its change time), then the id."""

    source_system: str
    rows: list[dict]
    order_by: str = "updated_at"

    def fetch(self, cursor: str, limit: int) -> tuple[list[dict], str]:
        return past.rows_after(self.rows, cursor=cursor, limit=limit, order_by=self.order_by)


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    cursor: str = ""


#: The fields a synced row may change on the stored case (its own system keeps handling it).
SYNCED_FIELDS = ("state", "unit_id", "tier", "dispatched_at", "accepted_at", "accept_due", "resolve_due",
                 "resolved_at", "replied_at", "closed_at", "result", "reply", "rating", "rating_comment")


def _update(event: Event, row: Mapping, *, actor) -> bool:
    """The stored case brought up to the row (True when something changed: one ledger entry)."""
    if not past.has_history(row):
        return False
    p = _past(row)
    before, old = track(event), {f: getattr(event, f) for f in SYNCED_FIELDS}
    _apply_past(event, p)
    if all(getattr(event, f) == old[f] for f in SYNCED_FIELDS):
        return False
    event.save()
    record_many([change(Action.SYNCED, event, before, note=event.source_system)], actor=actor)
    return True


def connector_sync(
    connector: Connector, *, actor=None, batch: int = 200, max_batches: int = 10_000
) -> SyncResult:
    """Read the connector from its stored cursor to its end, batch by batch (see the module)."""
    result = SyncResult()
    for _n in range(max_batches):
        with transaction.atomic():
            state, _created = SyncCursor.objects.select_for_update().get_or_create(
                source_system=connector.source_system)
            rows, after = connector.fetch(state.cursor, batch)
            if not rows or after == state.cursor:
                result.cursor = state.cursor
                return result
            for row in rows:
                source_id = str(row.get("source_id") or row.get("id") or "").strip()
                stored = (
                    Event.objects.filter(source_system=connector.source_system, source_id=source_id)
                    .exclude(source_id="")
                    .first()
                )
                try:
                    with transaction.atomic():
                        if stored is not None:
                            changed = _update(stored, row, actor=actor)
                            result.updated += int(changed)
                            result.unchanged += int(not changed)
                        else:
                            event_migrate(row, actor=actor, source_system=connector.source_system)
                            result.created += 1
                except ApplicationError as exc:
                    where = f"{exc.field}：" if exc.field else ""
                    result.errors.append(_("原编号 %(id)s：%(w)s%(m)s") % {"id": source_id or "—", "w": where,
                                                                        "m": exc.message})
            state.cursor, state.synced_at, state.rows = after[:200], timezone.now(), state.rows + len(rows)
            state.save()
            result.cursor = state.cursor
    return result
