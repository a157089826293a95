"""Writing to the ledger. Every service that changes a governed record calls `record` once.

Each action code is declared by the app that writes it (`AppConfig.ledger_actions`, core.systems); with
`LEDGER_REQUIRE_DECLARED_ACTIONS` on, an undeclared code is refused before anything is written, so the
list that the docs are generated from cannot miss an action the code writes.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from zhengwu.core.conf import setting
from zhengwu.core.systems import ledger_actions
from zhengwu.ledger import chain
from zhengwu.ledger.models import Entry, Head

SYSTEM = "system"
PUBLIC = "public"


@dataclass(frozen=True)
class Change:
    """One ledger line to write; see `record` for the meaning of each field."""

    action: str
    object_type: str
    object_id: str = ""
    before: Any = None
    after: Any = None
    unit_id: int | None = None
    note: str = ""


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The content of a record as plain JSON values (for `before`/`after`)."""
    data = model_to_dict(obj, fields=fields)
    data["id"] = obj.pk
    return chain.normalise(data)


def object_type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _actor(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, SYSTEM
    if isinstance(actor, str):
        return None, actor
    if not getattr(actor, "is_authenticated", False):
        return None, PUBLIC
    return actor.pk, actor.get_username()


def _head_table() -> str:
    return connection.ops.quote_name(Head._meta.db_table)


def _lock_head() -> tuple[int, str]:
    """(seq, hash) of the last entry, with the head row locked until the transaction ends.

    Raw SQL on purpose: appending is on the hot path of every governed change (event intake
    measured ~1 ms per ORM round trip here), and these two statements are portable.
    """
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {_head_table()} WHERE id = 1{lock}")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        Head.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": chain.GENESIS})
        return _lock_head()
    return row[0], row[1]


_ENTRY_FIELDS = [f for f in Entry._meta.concrete_fields if not f.primary_key]


def _insert_one(entry: Entry) -> None:
    """INSERT … RETURNING id for a single entry (a fraction of Model.save's cost)."""
    table = connection.ops.quote_name(Entry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _ENTRY_FIELDS)
    values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in _ENTRY_FIELDS]
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING id", values)  # noqa: S608
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False
    entry._state.db = connection.alias


class UndeclaredAction(ImproperlyConfigured):
    """A ledger action that no app declares: a programming error, refused in strict mode."""


def check_declared(actions) -> None:
    """Refuse (UndeclaredAction) any action code that no AppConfig.ledger_actions declares, in strict mode."""
    if not setting("LEDGER_REQUIRE_DECLARED_ACTIONS"):
        return
    unknown = sorted(set(actions) - set(ledger_actions()))
    if unknown:
        raise UndeclaredAction(f"ledger action {', '.join(unknown)} is not declared by any app "
                               "(add it to that app's AppConfig.ledger_actions)")


def record_many(changes: list[Change], *, actor=None) -> list[Entry]:
    """Append several entries in one go (one lock, one bulk insert) — for batch imports."""
    if not changes:
        return []
    check_declared({change.action for change in changes})
    actor_id, actor_label = _actor(actor)
    with transaction.atomic():
        seq, prev = _lock_head()
        now = timezone.now()
        entries = []
        for change in changes:
            before, after = chain.normalise(change.before), chain.normalise(change.after)
            before_digest, after_digest = chain.digest(before), chain.digest(after)
            seq += 1
            entry_hash = chain.entry_hash(
                prev_hash=prev,
                created_at=now,
                actor_id=actor_id,
                actor_label=actor_label,
                action=change.action,
                object_type=change.object_type,
                object_id=str(change.object_id),
                unit_id=change.unit_id,
                before_digest=before_digest,
                after_digest=after_digest,
                note=change.note,
            )
            entries.append(Entry(
                seq=seq, created_at=now, actor_id=actor_id, actor_label=actor_label, action=change.action,
                object_type=change.object_type, object_id=str(change.object_id), unit_id=change.unit_id,
                before=before, after=after, before_digest=before_digest, after_digest=after_digest,
                note=change.note, prev_hash=prev, hash=entry_hash,
            ))
            prev = entry_hash
        if len(entries) == 1:
            _insert_one(entries[0])
        else:
            Entry.objects.bulk_create(entries, batch_size=500)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {_head_table()} SET seq = %s, hash = %s WHERE id = 1", [seq, prev])  # noqa: S608
    return entries


def record(
    *,
    action: str,
    obj: models.Model | None = None,
    actor=None,
    before: Any = None,
    after: Any = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    unit=None,
    note: str = "",
) -> Entry:
    """Append one entry: `actor` is a user (None = system task, "public" = anonymous), `obj` the record.

    `before`/`after` are the record's content as dicts (None on create/delete); `unit` defaults to
    `obj.unit` so that unit staff can read their own unit's trail.
    """
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = obj.pk if object_id is None else object_id
        if unit is None:
            unit = getattr(obj, "unit_id", None)
    unit_id = getattr(unit, "pk", unit)
    change = Change(action=action, object_type=object_type or "", object_id=str(object_id or ""),
                    before=before, after=after, unit_id=unit_id, note=note)
    return record_many([change], actor=actor)[0]
