"""HTTP delivery against a local receiver that fails, times
out and answers twice: nothing lost, nothing doubled."""

import json
import random
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.ledger.models import Entry
from zhengwu.outbox import services, standard
from zhengwu.outbox.models import Attempt, Destination, Message

pytestmark = pytest.mark.django_db


def make_due():
    """Time travel: every waiting message becomes due now (instead of sleeping through the back-off)."""
    Message.objects.filter(state__in=standard.CLAIMABLE_STATES).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


def enqueue(key="credit.license:QFGJ-1:v1", topic="credit.license", **payload):
    payload = payload or {"table": "XK_GS", "records": [{"XK_XH": key, "XK_XDR": "深圳市某某科技有限公司"}]}
    return services.enqueue(topic=topic, key=key, payload=payload)


def test_first_attempt_delivers_with_idempotency_key_and_json_body(receiver, make_destination):
    dest = make_destination(receiver.url, auth_token="Bearer s3cret", headers={"X-Sender": "440303"})
    [message] = enqueue()
    report = services.deliver_due()
    assert (report.claimed, report.delivered) == (1, 1)
    message.refresh_from_db()
    assert message.state == standard.DELIVERED and message.delivered_at is not None and message.attempts == 1
    assert list(receiver.received) == ["credit.license:QFGJ-1:v1"]
    headers = receiver.headers["credit.license:QFGJ-1:v1"]
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Authorization"] == "Bearer s3cret" and headers["X-Sender"] == "440303"
    body = json.loads(receiver.received["credit.license:QFGJ-1:v1"])
    assert body["id"] == "credit.license:QFGJ-1:v1" and body["topic"] == "credit.license"
    assert body["payload"]["records"][0]["XK_XDR"] == "深圳市某某科技有限公司"
    [attempt] = Attempt.objects.filter(message=message)
    assert (attempt.number, attempt.outcome, attempt.http_status) == (1, standard.OK, 200)
    assert dest.messages.count() == 1


def test_token_can_come_from_the_environment(receiver, make_destination, monkeypatch):
    monkeypatch.setenv("OUTBOX_TEST_TOKEN", "Bearer from-env")
    make_destination(receiver.url, auth_token="env:OUTBOX_TEST_TOKEN")
    enqueue()
    services.deliver_due()
    assert receiver.headers["credit.license:QFGJ-1:v1"]["Authorization"] == "Bearer from-env"


def test_server_errors_are_retried_on_the_back_off_schedule_then_delivered(receiver, make_destination):
    make_destination(receiver.url, retry_base_seconds=30, retry_cap_seconds=3600, max_attempts=5)
    [message] = enqueue()
    receiver.fail_next(2)
    for attempt, (low, high) in enumerate([(15, 30), (30, 60)], start=1):
        before = timezone.now()
        assert services.deliver_due().retrying == 1
        message.refresh_from_db()
        assert message.state == standard.FAILED and message.attempts == attempt
        assert "HTTP 500" in message.last_error
        wait = (message.next_attempt_at - before).total_seconds()
        assert low - 1 <= wait <= high + 1, (attempt, wait)
        assert services.deliver_due().claimed == 0  # not due yet: the back-off is honoured
        make_due()
    assert services.deliver_due().delivered == 1
    message.refresh_from_db()
    assert message.state == standard.DELIVERED and message.last_error == ""
    assert [a.outcome for a in Attempt.objects.filter(message=message)] == [
        standard.RETRY, standard.RETRY, standard.OK]
    assert len(receiver.received) == 1 and receiver.count(message.idempotency_key) == 3


def test_timeout_after_the_receiver_stored_it_is_retried_and_not_doubled(receiver, make_destination):
    make_destination(receiver.url, timeout_seconds=0.3)
    [message] = enqueue()
    receiver.slow_next(1, 1.0)  # stores the message, answers too late
    assert services.deliver_due().retrying == 1
    message.refresh_from_db()
    assert message.state == standard.FAILED and "timeout" in message.last_error
    make_due()
    assert services.deliver_due().delivered == 1
    assert receiver.count(message.idempotency_key) == 2  # at least once on the wire …
    assert len(receiver.received) == 1  # … exactly once at the platform (deduplicated by key)


def test_worker_crash_after_sending_redelivers_after_the_lease_and_receiver_answers_twice(
    receiver, make_destination
):
    make_destination(receiver.url)
    [message] = enqueue()
    [claimed] = services.claim()
    assert services.send(claimed).delivered  # sent, but the worker "dies" before settling
    assert Message.objects.get(pk=message.pk).state == standard.DELIVERING
    assert services.deliver_due().claimed == 0  # the lease protects it from a second worker meanwhile
    make_due()  # the lease expires
    assert services.deliver_due().delivered == 1
    assert receiver.hits == [(message.idempotency_key, 200), (message.idempotency_key, 200)]
    assert len(receiver.received) == 1
    assert Message.objects.get(pk=message.pk).state == standard.DELIVERED


def test_409_already_have_it_counts_as_delivered(receiver, make_destination):
    dest = make_destination(receiver.url)
    receiver.conflict_on_duplicate = True
    enqueue()
    services.deliver_due()
    other = Destination.objects.create(name="second", url=receiver.url, timeout_seconds=0.5)
    services.enqueue(
        topic="credit.license", key="credit.license:QFGJ-1:v1", payload={"x": 1}, destinations=[other]
    )
    services.deliver_due()
    assert receiver.hits[-1][1] == 409
    assert set(Message.objects.values_list("state", flat=True)) == {standard.DELIVERED}
    assert dest.messages.get().state == standard.DELIVERED


def test_client_error_is_permanent_dead_at_once_and_ledger_recorded(receiver, make_destination, units):
    make_destination(receiver.url, max_attempts=10)
    [message] = services.enqueue(topic="credit.penalty", key="credit.penalty:QCGJ-9:v1", payload={"a": 1},
                                 unit=units["QCGJ"])
    receiver.reject_next(1, 422)
    assert services.deliver_due().dead == 1
    message.refresh_from_db()
    assert message.state == standard.DEAD and message.attempts == 1
    assert "HTTP 422" in message.last_error and "scripted failure" in message.last_error
    entry = Entry.objects.get(action=standard.LEDGER_MESSAGE_DEAD)
    assert (
        entry.object_id == str(message.pk)
        and entry.unit_id == units["QCGJ"].pk
        and entry.actor_label == "system"
    )
    assert receiver.received == {}


def test_dead_after_max_attempts_then_retry_now_delivers(receiver, make_destination, make_user, units):
    make_destination(receiver.url, max_attempts=3)
    [message] = services.enqueue(topic="credit.license", key="k-1", payload={"a": 1}, unit=units["QFGJ"])
    receiver.fail_next(3, 503)
    for _ in range(3):
        services.deliver_due()
        make_due()
    message.refresh_from_db()
    assert message.state == standard.DEAD and message.attempts == 3
    assert Attempt.objects.filter(message=message).count() == 3
    assert services.deliver_due().claimed == 0  # dead messages are not retried by themselves
    assert Entry.objects.filter(action=standard.LEDGER_MESSAGE_DEAD, object_id=str(message.pk)).count() == 1

    from zhengwu.org.roles import Role

    operator = make_user("QFGJ", Role.OPERATOR)
    services.message_retry(message, actor=operator)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (standard.PENDING, 0)
    entry = Entry.objects.get(action=standard.LEDGER_MESSAGE_RETRIED)
    assert entry.actor_id == operator.pk and entry.before["state"] == standard.DEAD
    assert services.deliver_due().delivered == 1
    assert list(receiver.received) == ["k-1"]
    assert [a.number for a in Attempt.objects.filter(message=message)] == [1, 2, 3, 4]


def test_retry_is_refused_for_other_units_and_for_messages_that_are_not_failed(receiver, make_destination,
                                                                               make_user, units):
    from django.core.exceptions import PermissionDenied

    from zhengwu.core.errors import ApplicationError
    from zhengwu.org.roles import Role

    make_destination(receiver.url)
    [message] = services.enqueue(topic="t", key="k-2", payload={}, unit=units["QFGJ"])
    Message.objects.filter(pk=message.pk).update(state=standard.DEAD)
    message.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.message_retry(message, actor=make_user("QCGJ", Role.OPERATOR))
    with pytest.raises(PermissionDenied):
        services.message_retry(message, actor=make_user("QFGJ", Role.REVIEWER))
    assert Message.objects.get(pk=message.pk).state == standard.DEAD
    services.deliver_due()
    Message.objects.filter(pk=message.pk).update(state=standard.DELIVERED)
    with pytest.raises(ApplicationError) as exc:
        services.message_retry(message, actor=make_user("QFGJ", Role.ADMIN))
    assert exc.value.code == "not_retryable"
    assert not Entry.objects.filter(action=standard.LEDGER_MESSAGE_RETRIED).exists()


def test_connection_refused_is_retried(make_destination):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    make_destination(f"http://127.0.0.1:{port}/push")
    [message] = enqueue()
    assert services.deliver_due().retrying == 1
    message.refresh_from_db()
    assert message.state == standard.FAILED and "Connect" in message.last_error


def test_invalid_url_is_permanent(make_destination):
    make_destination("ftp://example.invalid/push")
    [message] = enqueue()
    services.deliver_due()
    message.refresh_from_db()
    assert message.state == standard.DEAD and "unsupported URL" in message.last_error


def test_claims_are_exclusive(receiver, make_destination):
    make_destination(receiver.url)
    for n in range(7):
        enqueue(key=f"k{n}")
    first, second, third = services.claim(batch=4), services.claim(batch=4), services.claim(batch=4)
    assert len(first) == 4 and len(second) == 3 and third == []
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert set(Message.objects.values_list("state", flat=True)) == {standard.DELIVERING}


def test_chaos_nothing_lost_nothing_doubled(receiver, make_destination):
    """60 messages through a receiver that fails a third of the time and sometimes answers late."""
    make_destination(receiver.url, timeout_seconds=0.25, max_attempts=50)
    keys = [f"credit.penalty:QCGJ-{n}:v1" for n in range(60)]
    for key in keys:
        services.enqueue(topic="credit.penalty", key=key, payload={"record": {"CF_XH": key}})
    rng = random.Random(20160630)
    for _round in range(30):
        if not Message.objects.exclude(state=standard.DELIVERED).exists():
            break
        for _ in range(rng.randint(5, 25)):
            roll = rng.random()
            if roll < 0.3:
                receiver.fail_next(1, rng.choice([500, 502, 503]))
            elif roll < 0.35:
                receiver.slow_next(1, 0.4)
            else:
                receiver.ok_next(1)
        services.deliver_due(limit=1000)
        make_due()
        receiver._plan.clear()
    assert set(Message.objects.values_list("state", flat=True)) == {standard.DELIVERED}
    assert sorted(receiver.received) == sorted(keys)  # nothing lost, nothing extra
    assert Message.objects.count() == 60  # nothing doubled on our side
    assert len(receiver.hits) > 60  # and there really were failures and redeliveries
    assert {json.loads(receiver.received[k])["payload"]["record"]["CF_XH"] for k in keys} == set(keys)


def test_xml_envelope(receiver, make_destination):
    make_destination(
        receiver.url,
        kind=Destination.Kind.HTTP_XML,
        options={"sender": "440303", "receiver": "SZCREDIT", "tables": {"credit.penalty": "CF_GS"}},
    )
    services.enqueue(topic="credit.penalty", key="credit.penalty:QCGJ-7:v1", payload={"records": [
        {"CF_XH": "QCGJ-7", "CF_XDR_MC": "张*明 <&> \"公司\"", "CF_JE": 15000},
        {"CF_XH": "QCGJ-8", "CF_XDR_MC": "李*\x01", "CF_JE": None},
    ]})
    assert services.deliver_due().delivered == 1
    raw = receiver.received["credit.penalty:QCGJ-7:v1"]
    assert receiver.headers["credit.penalty:QCGJ-7:v1"]["Content-Type"].startswith("application/xml")
    root = ET.fromstring(raw)  # noqa: S314 — our own output
    assert root.tag == "Package"
    header = {child.tag: child.text for child in root.find("Header")}
    assert header["MessageId"] == "credit.penalty:QCGJ-7:v1" and header["Topic"] == "credit.penalty"
    assert (header["Sender"], header["Receiver"], header["Table"], header["RecordCount"]) == (
        "440303", "SZCREDIT", "CF_GS", "2")
    assert header["Timestamp"].endswith("+08:00")
    records = [{f.get("name"): f.text or "" for f in rec.findall("Field")} for rec in root.find("Body")]
    assert records == [{"CF_XH": "QCGJ-7", "CF_XDR_MC": "张*明 <&> \"公司\"", "CF_JE": "15000"},
                       {"CF_XH": "QCGJ-8", "CF_XDR_MC": "李*", "CF_JE": ""}]
