"""ledger.headcache: answers kept per (namespace, key, ledger head), bounded in age and number."""

import pytest

from zhengwu.ledger import headcache
from zhengwu.ledger.services import record

pytestmark = pytest.mark.django_db


def test_an_answer_is_computed_once_per_key_and_head(units):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert headcache.cached("t", "a", compute) == 1
    assert headcache.cached("t", "a", compute) == 1
    assert headcache.cached("t", "b", compute) == 2  # another key
    assert headcache.cached("u", "a", compute) == 3  # another namespace
    record(action="org.unit.updated", obj=units["QBB"], actor=None, after={"name": units["QBB"].name})
    assert headcache.cached("t", "a", compute) == 4  # the ledger moved


def test_max_age_bounds_a_kept_answer(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(headcache.time, "monotonic", lambda: now[0])
    values = iter(range(10))
    assert headcache.cached("t", "k", lambda: next(values), max_age=60) == 0
    now[0] += 59
    assert headcache.cached("t", "k", lambda: next(values), max_age=60) == 0
    now[0] += 2
    assert headcache.cached("t", "k", lambda: next(values), max_age=60) == 1


def test_the_store_keeps_at_most_max_entries(monkeypatch):
    monkeypatch.setattr(headcache, "MAX_ENTRIES", 3)
    for k in range(5):
        headcache.cached("t", k, lambda k=k: k)
    assert len(headcache._store) == 3
    headcache.clear()
    assert len(headcache._store) == 0
