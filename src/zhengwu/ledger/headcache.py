"""Results kept until the ledger moves: a per-process cache keyed on the ledger head.

Every change to a governed record appends a ledger entry (ledger.services.record), so the head — the last
entry's number and chain hash — names the state of every governed table at once. A read that only depends
on governed records (and on its arguments) can be kept under (namespace, key, head): any change anywhere
moves the head and the next call computes again. The hash is part of the key, so a number reused after a
rolled-back append never finds the old answer.

    data = headcache.cached("reforms.overview", (start, end, on, language), lambda: overview(...))

The head is read BEFORE computing: a write committed while computing only makes the kept answer newer than
its key, and the next call (seeing the new head) computes again. Answers are shared between callers: treat
them as read-only. `max_age` (seconds) bounds how long an answer is kept even when the ledger stands still
(a change made without the ledger — a data migration, a shell — is seen after that long). Tests clear it
between tests (`clear`, called by zhengwu.testing.fixtures): a rolled-back test leaves the head where the
next test starts.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection

from zhengwu.ledger.models import Head

MAX_ENTRIES = 64

_store: OrderedDict = OrderedDict()
_lock = threading.Lock()
stats = {"hits": 0, "misses": 0}


def head() -> tuple[int, str]:
    """(seq, hash) of the ledger's last entry; (0, "") before the first."""
    table = connection.ops.quote_name(Head._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} WHERE id = 1")  # noqa: S608 — table name from the model
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, "")


def cached(namespace: str, key: Hashable, compute: Callable[[], Any], *, max_age: float | None = None) -> Any:
    """compute() once per (namespace, key, ledger head); kept at most `max_age` seconds when given."""
    full = (namespace, key, head())
    now = time.monotonic()
    with _lock:
        found = _store.get(full)
        if found is not None and (max_age is None or now - found[0] <= max_age):
            _store.move_to_end(full)
            stats["hits"] += 1
            return found[1]
    value = compute()
    with _lock:
        stats["misses"] += 1
        _store[full] = (now, value)
        _store.move_to_end(full)
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def clear() -> None:
    """Forget every kept answer (tests call this between tests)."""
    with _lock:
        _store.clear()
        stats.update(hits=0, misses=0)
