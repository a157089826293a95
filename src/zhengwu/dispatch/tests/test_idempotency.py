"""Issue 12 item 5: the same Idempotency-Key (per API client: per key name, its events' source system) or
the same source_id returns the first case and stores nothing — sequentially, inside one batch, and when
requests race (unique constraints in the database and a savepoint, not a check before the insert). The race
tests use threads against the real database (SQLite or PostgreSQL, whichever the suite runs on)."""

import json
import threading

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

from zhengwu.dispatch import services
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.services import intake as intake_module
from zhengwu.dispatch.tests.conftest import issue_key
from zhengwu.ledger.models import Entry

EVENT = {
    "title": "路灯不亮",
    "text": "鹿丹村小区门口路灯坏了",
    "address": "鹿丹村",
    "reporter_phone": "13812345678",
}


def post(client, body, token, key=None, url="dispatch:api_events"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(reverse(url), data=json.dumps(body), content_type="application/json", **headers)


def intake_entries() -> int:
    return Entry.objects.filter(object_type="dispatch.event", action="dispatch.event.received").count()


@pytest.mark.django_db
def test_a_repeated_idempotency_key_returns_the_first_case_and_stores_nothing(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    token = issue_key("罗湖微信", "wechat")
    first = post(client, EVENT, token, key="req-1")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    again = post(client, EVENT, token, key="req-1")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["case_no"] == first.json()["case_no"]
    assert Event.objects.count() == 1 and intake_entries() == 1
    other = post(client, EVENT, token, key="req-2")  # a new key is a new event
    assert other.status_code == 201 and Event.objects.count() == 2


@pytest.mark.django_db
def test_a_repeated_source_id_returns_the_first_case_whatever_the_key(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    token = issue_key("数字城管", "system")
    first = post(client, EVENT | {"source_id": "SZCG-1"}, token).json()["case_no"]
    assert post(client, EVENT | {"source_id": "SZCG-1"}, token, key="other").json()["case_no"] == first
    assert (
        post(client, EVENT | {"source_id": "SZCG-1", "text": "更新后的描述"}, token).json()["case_no"]
        == first
    )
    assert Event.objects.count() == 1 and intake_entries() == 1


@pytest.mark.django_db
def test_a_key_reused_for_a_different_event_is_refused_with_422(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    token = issue_key("小程序", "miniprogram")
    case_no = post(client, EVENT, token, key="k").json()["case_no"]
    r = post(client, EVENT | {"title": "井盖丢了"}, token, key="k")
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_reused"
    assert case_no in r.json()["error"]["message"] and Event.objects.count() == 1


@pytest.mark.django_db
def test_keys_and_source_ids_belong_to_one_client(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    token_a = issue_key("系统甲", "system")
    token_b = issue_key("系统乙", "system")
    a = post(client, EVENT | {"source_id": "1"}, token_a, key="k").json()["case_no"]
    b = post(client, EVENT | {"source_id": "1"}, token_b, key="k").json()["case_no"]
    assert a != b and Event.objects.count() == 2  # another system's ids are its own


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["x" * 129, "tab\there", "中文键"])
def test_a_malformed_idempotency_key_is_named(client, cast, key):
    token = issue_key("微信", "wechat")
    r = client.post(reverse("dispatch:api_events"), data=json.dumps(EVENT), content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=key)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_idempotency_key"
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_a_batch_holding_the_same_event_twice_makes_one_case(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    token = issue_key("数字城管", "system")
    body = {"events": [EVENT | {"source_id": "A"}, EVENT | {"source_id": "A"}, EVENT | {"source_id": "B"}]}
    r = post(client, body, token, url="dispatch:api_events_batch")
    assert r.status_code == 201
    results = r.json()["results"]
    assert results[0]["case_no"] == results[1]["case_no"] != results[2]["case_no"]
    assert [x.get("replayed", False) for x in results] == [False, True, False]
    assert Event.objects.count() == 2 and intake_entries() == 2
    # the same batch again: every item is a replay, nothing is stored
    again = post(client, body, token, url="dispatch:api_events_batch").json()["results"]
    assert [x["case_no"] for x in again] == [x["case_no"] for x in results]
    assert all(x["replayed"] for x in again) and Event.objects.count() == 2 and intake_entries() == 2


@pytest.mark.django_db
def test_a_resent_batch_with_its_key_stores_nothing_even_without_source_ids(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    token = issue_key("网格系统", "system")
    body = {"events": [EVENT, EVENT | {"title": "井盖丢了"}]}
    first = post(client, body, token, key="batch-7", url="dispatch:api_events_batch").json()["results"]
    again = post(client, body, token, key="batch-7", url="dispatch:api_events_batch").json()["results"]
    assert [x["case_no"] for x in again] == [x["case_no"] for x in first] and all(
        x["replayed"] for x in again
    )
    assert Event.objects.count() == 2


@pytest.mark.django_db
def test_the_constraint_decides_when_the_look_up_misses_a_concurrent_insert(cast, classify_as, monkeypatch):
    """The race, made deterministic: the look-up before the insert sees nothing (the other request has
    not committed yet); the insert then fails on the unique constraint inside a savepoint and the
    stored case is returned — in the same transaction, which stays usable."""
    classify_as("城乡建设", 0.9)
    first = services.event_intake(channel="system", source_system="数字城管", source_id="S-1", **_fields())
    real = intake_module._earlier
    calls = []

    def blind_once(events, source_system):
        calls.append(1)
        return {} if len(calls) == 1 else real(events, source_system)

    monkeypatch.setattr(intake_module, "_earlier", blind_once)
    again = services.event_intake(channel="system", source_system="数字城管", source_id="S-1", **_fields())
    assert again.pk == first.pk and again.replayed and len(calls) == 2
    assert Event.objects.count() == 1
    with pytest.raises(IntegrityError):  # and the constraint is in the database itself
        Event.objects.create(case_no="LH20260101000001", channel="system", source_system="数字城管",
                             source_id="S-1", title="x", text="y", received_at=first.received_at)


def _fields():
    return {"title": EVENT["title"], "text": EVENT["text"], "address": EVENT["address"],
            "reporter_phone": EVENT["reporter_phone"]}


# --- Races between threads: each has its own database connection ---------------------------------------


def _race(n: int, target) -> list:
    """Run target() in n threads released together; returns their results (or exceptions)."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = target()
        except Exception as exc:  # reported by the test, not lost in the thread
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_with_the_same_key_and_source_id_make_one_case(cast, classify_as):
    from django.test import Client

    classify_as("城乡建设", 0.9)
    token = issue_key("罗湖微信", "wechat")

    def send():
        r = post(Client(), EVENT | {"source_id": "wx-42"}, token, key="same-key")
        return r.status_code, r.json().get("case_no")

    results = _race(4, send)
    assert all(isinstance(r, tuple) for r in results), results
    assert sorted(status for status, _case in results) == [200, 200, 200, 201]
    assert len({case for _status, case in results}) == 1
    assert Event.objects.count() == 1 and intake_entries() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_sharing_events_make_one_case_per_source_id(cast, classify_as):
    from django.test import Client

    classify_as("城乡建设", 0.9)
    token = issue_key("数字城管", "system")
    body = {"events": [EVENT | {"source_id": s} for s in ("A", "B", "A", "C")]}

    def send():
        r = post(Client(), body, token, url="dispatch:api_events_batch")
        return r.status_code, [x.get("case_no") for x in r.json()["results"]]

    results = _race(3, send)
    assert all(isinstance(r, tuple) and r[0] == 201 for r in results), results
    assert len({tuple(cases) for _status, cases in results}) == 1  # every batch got the same cases
    assert sorted(Event.objects.values_list("source_id", flat=True)) == ["A", "B", "C"]
    assert intake_entries() == 3
