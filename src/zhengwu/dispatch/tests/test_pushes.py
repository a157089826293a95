"""Pushing on to units that keep their own systems (issue 15 §6, item 31): a case routed to such a unit is
queued in the outbox with an idempotency key, retried with back-off against a failing receiver and
delivered once; the sending state shows on the case page; the unit's updates come back into the trail."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.dispatch import services
from zhengwu.dispatch.models import Assignment, PushUpdate
from zhengwu.dispatch.standard import Action
from zhengwu.dispatch.tests.conftest import issue_key
from zhengwu.ledger.models import Entry
from zhengwu.outbox import services as outbox
from zhengwu.outbox import standard as outbox_standard
from zhengwu.outbox.models import Destination, Message
from zhengwu.outbox.tests.receiver import Receiver

pytestmark = pytest.mark.django_db
SYSTEM = "区环保业务系统"


@pytest.fixture
def receiver():
    with Receiver() as rx:
        yield rx


@pytest.fixture
def pushed(cast, classify_as, receiver, settings):
    """A case dispatched by hand to 区环保局, a unit that keeps its own system (a local receiver)."""
    settings.DISPATCH_PUSH_UNITS = {"QHBSWJ": SYSTEM}
    Destination.objects.create(
        name=SYSTEM,
        kind="http_json",
        url=receiver.url,
        timeout_seconds=0.5,
        retry_base_seconds=30,
        retry_cap_seconds=3600,
        max_attempts=5,
        topics=["dispatch."],
    )
    classify_as("环境保护", 0.2)  # low confidence: to triage, then dispatched by the dispatcher
    event = services.event_intake(
        channel="hotline",
        title="工地夜间施工噪音",
        text="桂园路工地半夜施工，噪音很大",
        address="桂园路",
        reporter_phone="13812345678",
        actor="public",
    )
    unit = cast["qhbswj"].memberships.first().unit
    services.event_dispatch(event, unit=unit, actor=cast["dispatcher"])
    return event


def make_due():
    Message.objects.filter(state__in=outbox_standard.CLAIMABLE_STATES).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_push_to_a_failing_receiver_is_retried_with_back_off_and_delivered_once(
    pushed, receiver, client, cast
):
    [message] = Message.objects.filter(source_id=str(pushed.pk))
    assignment = Assignment.objects.get(event=pushed)
    assert message.idempotency_key == f"dispatch.case:{pushed.case_no}:{assignment.pk}"
    assert Entry.objects.filter(action=Action.PUSHED, object_id=str(pushed.pk)).count() == 1
    receiver.fail_next(2)
    for attempt in (1, 2):
        before = timezone.now()
        assert outbox.deliver_due().retrying == 1
        message.refresh_from_db()
        assert message.state == outbox_standard.FAILED and message.attempts == attempt
        assert (message.next_attempt_at - before).total_seconds() >= 14  # back-off: at least half of 30 s
        assert outbox.deliver_due().claimed == 0  # not due yet
        if attempt == 1:  # the dispatcher sees the sending state on the case page
            client.force_login(cast["dispatcher"])
            page = client.get(pushed.get_absolute_url()).content.decode()
            assert 'id="pushes"' in page and "HTTP 500" in page and SYSTEM in page
            assert '<td class="attempts">1</td>' in page
        make_due()
    assert outbox.deliver_due().delivered == 1
    # the same dispatch pushed again (a second routing run, a retry) stores nothing new
    services.push_dispatched(pushed, assignment)
    make_due()
    outbox.deliver_due()
    assert Message.objects.filter(source_id=str(pushed.pk)).count() == 1
    assert (
        list(receiver.received) == [message.idempotency_key] and receiver.count(message.idempotency_key) == 3
    )
    body = json.loads(receiver.received[message.idempotency_key])
    assert body["payload"]["case_no"] == pushed.case_no and body["payload"]["unit"] == "QHBSWJ"
    page = client.get(pushed.get_absolute_url()).content.decode()
    assert 'data-state="delivered"' in page


def test_a_unit_without_its_own_system_is_not_pushed(cast, classify_as, settings):
    settings.DISPATCH_PUSH_UNITS = {}
    classify_as("环境保护", 0.2)
    event = services.event_intake(channel="web", title="噪音", text="夜间噪音", actor="public")
    services.event_dispatch(event, unit=cast["qhbswj"].memberships.first().unit, actor=cast["dispatcher"])
    assert not Message.objects.exists()


def _update(client, key, **body):
    return client.post("/dispatch/api/pushes/updates/", json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


def test_updates_are_pulled_back_into_the_trail_once(pushed, client, cast):
    key = issue_key(SYSTEM)
    update = {"case_no": pushed.case_no, "update_id": "HB-1", "status": "accepted", "note": "已派执法队",
              "occurred_at": "2026-12-05T10:00:00+08:00"}
    response = _update(client, key, **update)
    assert response.status_code == 201, response.content
    again = _update(client, key, **update)
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert PushUpdate.objects.filter(event=pushed).count() == 1
    [entry] = Entry.objects.filter(action=Action.PUSH_UPDATE, object_id=str(pushed.pk))
    assert "已派执法队" in entry.note
    client.force_login(cast["dispatcher"])
    assert "已派执法队" in client.get(pushed.get_absolute_url()).content.decode()
    client.logout()
    bad = _update(client, key, **(update | {"update_id": "HB-2", "status": "done"}))
    assert bad.status_code == 400 and bad.json()["error"]["fields"].keys() == {"status"}
    other = issue_key("别的系统")
    assert _update(client, other, **(update | {"update_id": "X-1"})).status_code == 404


def test_a_misconfigured_push_unit_is_a_system_check_warning(cast, settings):
    from zhengwu.dispatch.checks import push_units_configured

    settings.DISPATCH_PUSH_UNITS = {"QHBSWJ": "不存在的系统", "NOPE": "x"}
    found = push_units_configured(databases=["default"])
    assert [w.id for w in found] == ["dispatch.W005", "dispatch.W005"]
    assert any("NOPE" in w.msg for w in found) and any("不存在的系统" in w.msg for w in found)
