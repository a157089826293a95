"""Enqueue: transactional (commits or rolls back with the
caller), idempotent, topic subscriptions, kicks delivery."""

import pytest
from django.db import transaction

from zhengwu.core.errors import ApplicationError
from zhengwu.outbox import services, standard
from zhengwu.outbox.models import Destination, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def dests():
    return {
        "all": Destination.objects.create(name="all", url="http://127.0.0.1:9/a"),
        "credit": Destination.objects.create(name="credit", url="http://127.0.0.1:9/c", topics=["credit."]),
        "off": Destination.objects.create(name="off", url="http://127.0.0.1:9/o", is_active=False),
    }


def test_same_key_twice_is_one_message_per_destination_and_first_payload_wins(dests):
    first = services.enqueue(topic="credit.license", key="k1", payload={"v": 1})
    again = services.enqueue(topic="credit.license", key="k1", payload={"v": 2})
    assert {m.destination.name for m in first} == {"all", "credit"}
    assert {m.pk for m in first} == {m.pk for m in again}
    assert Message.objects.count() == 2
    assert all(m.payload == {"v": 1} for m in Message.objects.all())


def test_topics_select_destinations_and_inactive_ones_are_skipped(dests):
    services.enqueue(topic="dispatch.event", key="e1", payload={})
    assert [m.destination.name for m in Message.objects.all()] == ["all"]


def test_explicit_destinations_by_name(dests):
    [m] = services.enqueue(topic="dispatch.event", key="e1", payload={}, destinations=["credit"])
    assert m.destination == dests["credit"] and m.state == standard.PENDING
    with pytest.raises(ApplicationError) as exc:
        services.enqueue(topic="t", key="e2", payload={}, destinations=["nowhere"])
    assert exc.value.code == "unknown_destination"


def test_message_is_rolled_back_with_the_business_change(dests):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.enqueue(topic="credit.license", key="k1", payload={})
            raise RuntimeError("the business change failed")
    assert Message.objects.count() == 0


def test_delivery_is_kicked_only_after_commit(dests, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    # the real task runs (ImmediateBackend in tests); only the delivery service behind it is replaced
    monkeypatch.setattr(services, "deliver_due", lambda **k: calls.append(1) or services.DeliveryReport())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.enqueue(topic="credit.license", key="k1", payload={})
        assert calls == []
    assert len(callbacks) >= 1 and calls


def test_enqueue_many_in_chunks_is_idempotent(dests):
    items = [services.Outgoing(topic="credit.penalty", key=f"p{n}", payload={"n": n}) for n in range(2500)]
    assert services.enqueue_many(items) == 5000
    assert services.enqueue_many(items[:10] + items[:10]) == 0
    assert Message.objects.count() == 5000


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"topic": "", "key": "k", "payload": {}}, "topic"),
    ({"topic": "t", "key": "", "payload": {}}, "key"),
    ({"topic": "t", "key": "k" * 201, "payload": {}}, "key"),
    ({"topic": "t", "key": "k", "payload": {"x": object()}}, "payload"),
])
def test_bad_input_is_refused_with_the_field_named(dests, kwargs, field):
    with pytest.raises(ApplicationError) as exc:
        services.enqueue(**kwargs)
    assert exc.value.field == field
    assert Message.objects.count() == 0


def test_source_and_unit_are_recorded(dests, units):
    unit = units["QCGJ"]
    [m, _] = services.enqueue(topic="credit.penalty", key="s1", payload={}, source=unit)
    assert (m.source_type, m.source_id) == ("org.unit", str(unit.pk))


def test_payload_with_dates_and_decimals_is_stored_as_json(dests):
    import datetime
    import decimal

    [m, _] = services.enqueue(
        topic="credit.penalty",
        key="d1",
        payload={"CF_JDRQ": datetime.date(2016, 6, 30), "CF_FK": decimal.Decimal("1.50")},
    )
    m.refresh_from_db()
    assert m.payload == {"CF_JDRQ": "2016-06-30", "CF_FK": "1.50"}
