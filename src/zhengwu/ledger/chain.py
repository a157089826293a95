"""Pure hashing rules of the ledger — no ORM, testable alone.

An entry's hash covers who, when, what, which record, the digests of the content before and after,
and the previous entry's hash. Changing any of these, deleting an entry or reordering entries
breaks the chain at the first place it happened.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """Deterministic JSON (sorted keys, no spaces, UTF-8 kept) used for every digest."""
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def normalise(value: Any) -> Any:
    """Turn dates, decimals, UUIDs… into their JSON form, so what is stored is what was digested."""
    if value is None:
        return None
    return json.loads(canonical(value))


def digest(content: Any) -> str:
    """SHA-256 of a record's content, or '' when there is none (a create has no 'before')."""
    if content is None:
        return ""
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def entry_hash(
    *,
    prev_hash: str,
    created_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    unit_id: int | None,
    before_digest: str,
    after_digest: str,
    note: str,
) -> str:
    """The chained hash of one entry."""
    material = canonical(
        [prev_hash, created_at.isoformat(timespec="microseconds"), actor_id, actor_label, action,
         object_type, object_id, unit_id, before_digest, after_digest, note]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
