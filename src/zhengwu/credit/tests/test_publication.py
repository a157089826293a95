"""Push to the city platform (issue 5 §6): publication and changes reach the local receiver (HTTP JSON) and a
temporary SQLite 前置库 exactly once, even when the receiver fails, times out and answers twice."""

import json
import sqlite3
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from zhengwu.credit.models import Record
from zhengwu.credit.services import publication
from zhengwu.credit.services import workflow as wf
from zhengwu.credit.tests.factories import RIC
from zhengwu.credit.tests.test_public import PERSON, _person_penalty
from zhengwu.credit.tests.test_services import run
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.outbox import services as outbox
from zhengwu.outbox import standard as ostd
from zhengwu.outbox.connectors import exchange_db
from zhengwu.outbox.models import Destination, Message
from zhengwu.outbox.tests.conftest import receiver  # noqa: F401  (the outbox's local test receiver)

pytestmark = pytest.mark.django_db


def make_due():
    Message.objects.filter(state__in=ostd.CLAIMABLE_STATES).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


@pytest.fixture
def qzk(tmp_path):
    path = tmp_path / "qzk.sqlite3"
    yield path
    exchange_db.dispose_engines()


def qzk_rows(path, table):
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY SJC")]  # noqa: S608


@pytest.fixture
def destinations(receiver, qzk):  # noqa: F811
    http = Destination.objects.create(
        name="市政府门户网站",
        kind="http_json",
        url=receiver.url,
        topics=["credit."],
        timeout_seconds=0.5,
        max_attempts=5,
    )
    db = Destination.objects.create(name="市公共信用信息管理系统", kind="exchange_db", url=f"sqlite:///{qzk}",
                                    topics=["credit.penalty"], timeout_seconds=2, max_attempts=5)
    Destination.objects.create(name="停用", kind="http_json", url=receiver.url, is_active=False)
    Destination.objects.create(name="大分拨", kind="http_json", url=receiver.url, topics=["dispatch."])
    return http, db


@pytest.fixture
def people(make_user):
    return {"operator": make_user("QCGJ", Role.OPERATOR), "reviewer": make_user("QCGJ", Role.REVIEWER)}


def publish_through_workflow(record, people):
    wf.record_submit(record, actor=people["operator"])
    wf.record_review(record, actor=people["reviewer"], approve=True, checks={})
    record.refresh_from_db()
    return record


@pytest.fixture
def person_penalty(units):
    run(units["QCGJ"], [_person_penalty()], kind="penalty")
    return Record.objects.get(key="PEN-P")


def test_publication_reaches_receiver_and_qzk_once_despite_failure_timeout_and_double_answer(
        person_penalty, destinations, people, receiver, qzk):  # noqa: F811
    http, db = destinations
    record = publish_through_workflow(person_penalty, people)
    assert record.state == Record.State.PUBLISHED
    messages = {m.destination.name: m for m in Message.objects.select_related("destination")}
    assert set(messages) == {"市政府门户网站", "市公共信用信息管理系统"}  # active and subscribed only
    key = f"credit.penalty:{record.pk}:v{record.version}:s0"
    assert {m.idempotency_key for m in messages.values()} == {key}

    receiver.fail_next(1)          # 1st try: HTTP 500
    receiver.slow_next(1, 1.0)     # 2nd try: stored, but answered after our 0.5 s timeout
    outbox.deliver_due()
    make_due()
    outbox.deliver_due()
    make_due()
    outbox.deliver_due()           # 3rd try: answered again — the receiver deduplicates
    assert list(receiver.received) == [key] and receiver.count(key) == 3
    body = json.loads(receiver.received[key])
    sent = body["payload"]["record"]
    assert body["payload"]["table"] == "CF_GS"
    assert sent["CF_XDR_MC"] == PERSON and sent["CF_XDR_SFZ"] == RIC  # full record for government systems
    [row] = qzk_rows(qzk, "CF_GS")
    assert (row["MSG_ID"], row["CF_XH"], row["CF_XDR_SFZ"], row["CF_ZT"]) == (key, "PEN-P", RIC, "0")

    assert publication.mark_pushed() == 1
    record.refresh_from_db()
    assert record.state == Record.State.PUSHED and record.pushed_at is not None
    assert Entry.objects.filter(action="credit.record.pushed", object_id=str(record.pk)).count() == 1

    # a worker that crashed after sending re-sends: nothing doubles at either end
    Message.objects.update(state=ostd.PENDING, next_attempt_at=timezone.now())
    outbox.deliver_due()
    assert len(receiver.received) == 1 and receiver.count(key) == 4
    assert len(qzk_rows(qzk, "CF_GS")) == 1


def test_revocation_is_pushed_as_a_new_message_and_withdrawn_from_public_view(
        client, person_penalty, destinations, people, receiver, qzk):  # noqa: F811
    record = publish_through_workflow(person_penalty, people)
    outbox.deliver_due()
    publication.mark_pushed()
    assert client.get(f"/credit/public/records/{record.pk}/").status_code == 200

    wf.record_set_status(record, status="1", actor=people["operator"])
    record.refresh_from_db()
    assert record.state == Record.State.PUBLISHED  # the change is not at the city platform yet
    new_key = f"credit.penalty:{record.pk}:v{record.version}:s1"
    assert Message.objects.filter(idempotency_key=new_key).count() == 2
    outbox.deliver_due()
    assert len(receiver.received) == 2
    assert json.loads(receiver.received[new_key])["payload"]["record"]["CF_ZT"] == "1"
    rows = qzk_rows(qzk, "CF_GS")
    assert [r["CF_ZT"] for r in rows] == ["0", "1"] and rows[1]["MSG_ID"] == new_key
    assert publication.mark_pushed() == 1
    assert client.get(f"/credit/public/records/{record.pk}/").status_code == 404


def test_messages_roll_back_with_the_callers_transaction(person_penalty, destinations):
    Record.objects.filter(pk=person_penalty.pk).update(state=Record.State.PUBLISHED)
    person_penalty.refresh_from_db()
    with pytest.raises(RuntimeError), transaction.atomic():
        publication.on_published(person_penalty)
        assert Message.objects.count() == 2
        raise RuntimeError("publication failed later in the same transaction")
    assert Message.objects.count() == 0


def test_same_change_is_one_message_and_a_return_to_an_earlier_status_is_a_new_one(
    person_penalty, destinations
):
    Record.objects.filter(pk=person_penalty.pk).update(state=Record.State.PUBLISHED)
    r = Record.objects.get(pk=person_penalty.pk)
    assert publication.on_published(r) == 2
    assert publication.on_published(r) == 0  # the hook called twice for one change: still one message each
    keys = [publication.push_key(r)]
    for status in ("2", "0"):  # objection, then resolved — same version
        r.status = status
        Record.objects.filter(pk=r.pk).update(status=status)
        publication.on_changed(r)
        keys.append(publication.push_key(r))
    assert len(set(keys)) == 3 and keys[2].endswith("#2")
    assert Message.objects.values("idempotency_key").distinct().count() == 3


def test_records_without_delivered_messages_stay_published(person_penalty, destinations, receiver):  # noqa: F811
    Record.objects.filter(pk=person_penalty.pk).update(state=Record.State.PUBLISHED)
    r = Record.objects.get(pk=person_penalty.pk)
    publication.on_published(r)
    receiver.reject_next(1, 400)  # permanent: the HTTP message goes dead, the 前置库 one is delivered
    outbox.deliver_due()
    assert set(Message.objects.values_list("state", flat=True)) == {ostd.DEAD, ostd.DELIVERED}
    assert publication.mark_pushed() == 0
    r.refresh_from_db()
    assert r.state == Record.State.PUBLISHED and r.pushed_at is None


def test_unpublished_records_are_not_pushed_on_change(person_penalty, destinations):
    assert publication.on_changed(person_penalty) == 0
    assert Message.objects.count() == 0


def test_push_destinations_are_created_once_inactive_unless_configured(monkeypatch):
    from zhengwu.credit.reference import push_destinations

    monkeypatch.delenv("CREDIT_PUSH_PORTAL_URL", raising=False)
    monkeypatch.setenv("CREDIT_PUSH_QZK_URL", "sqlite:////tmp/credit-qzk-test.sqlite3")
    push_destinations.load()
    push_destinations.load()  # idempotent
    found = {d.name: d for d in Destination.objects.all()}
    assert set(found) == {"市政府门户网站", "市公共信用信息管理系统（前置库）"}
    assert (
        found["市政府门户网站"].is_active is False
        and found["市政府门户网站"].url == "env:CREDIT_PUSH_PORTAL_URL"
    )
    qzk_dest = found["市公共信用信息管理系统（前置库）"]
    assert qzk_dest.is_active is True and qzk_dest.resolved_url() == "sqlite:////tmp/credit-qzk-test.sqlite3"
    assert qzk_dest.options["tables"] == {"credit.license": "XK_GS", "credit.penalty": "CF_GS"}


def test_push_status_command_marks_delivered_records_pushed(person_penalty, destinations, receiver):  # noqa: F811
    from io import StringIO

    from django.core.management import call_command

    Record.objects.filter(pk=person_penalty.pk).update(state=Record.State.PUBLISHED)
    publication.on_published(Record.objects.get(pk=person_penalty.pk))
    outbox.deliver_due()
    out = StringIO()
    call_command("credit", "push-status", stdout=out)
    assert out.getvalue().startswith("1 records marked pushed; deliveries pending: no")
    assert Record.objects.get(pk=person_penalty.pk).state == Record.State.PUSHED
