"""前置库 connector: standard-named tables in a separate database (a temporary SQLite file), upsert by key."""

import sqlite3
from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.outbox import services, standard
from zhengwu.outbox.connectors import exchange_db
from zhengwu.outbox.models import Destination, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def qzk(tmp_path):
    """A temporary 前置库 file; engines are disposed afterwards so the file can go."""
    path = tmp_path / "qzk.sqlite3"
    yield path
    exchange_db.dispose_engines()


def rows(path, table):
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY MSG_ID")]  # noqa: S608


def destination(path, **options):
    return Destination.objects.create(name="前置库", kind=Destination.Kind.EXCHANGE_DB, url=f"sqlite:///{path}",
                                      timeout_seconds=2, options=options, max_attempts=3)


def licence(n, name="深圳市某某科技有限公司", version=1):
    return {"table": "XK_GS", "record": {"XK_XH": f"QFGJ-{n}", "XK_XDR": name, "XK_JDRQ": "2016-06-30"}}


def test_rows_land_in_standard_tables_with_key_timestamp_and_topic(qzk):
    destination(qzk)
    services.enqueue(topic="credit.license", key="credit.license:QFGJ-1:v1", payload=licence(1))
    services.enqueue(topic="credit.penalty", key="credit.penalty:QCGJ-1:v1", payload={
        "table": "CF_GS", "records": [{"CF_XH": "QCGJ-1", "CF_XDR_MC": "甲", "CF_JE": 200},
                                      {"CF_XH": "QCGJ-2", "CF_XDR_MC": "乙", "CF_JE": None}]})
    assert services.deliver_due().delivered == 2
    [xk] = rows(qzk, "XK_GS")
    assert (
        xk["XK_XH"] == "QFGJ-1" and xk["XK_XDR"] == "深圳市某某科技有限公司" and xk["XK_JDRQ"] == "2016-06-30"
    )
    assert xk["MSG_ID"] == "credit.license:QFGJ-1:v1" and xk["MSG_TOPIC"] == "credit.license" and xk["SJC"]
    cf = rows(qzk, "CF_GS")
    assert [(r["MSG_ID"], r["CF_XH"], r["CF_JE"]) for r in cf] == [
        ("credit.penalty:QCGJ-1:v1#1", "QCGJ-1", "200"), ("credit.penalty:QCGJ-1:v1#2", "QCGJ-2", None)]


def test_redelivery_upserts_and_never_doubles_a_row(qzk):
    destination(qzk)
    [message] = services.enqueue(topic="credit.license", key="credit.license:QFGJ-1:v1", payload=licence(1))
    services.deliver_due()
    first = rows(qzk, "XK_GS")
    # deliver the very same message again (as after a lost acknowledgement) and once more by hand
    Message.objects.filter(pk=message.pk).update(state=standard.DEAD)
    services.message_retry(Message.objects.get(pk=message.pk), actor="cli")
    services.deliver_due()
    message.refresh_from_db()
    message.payload["record"]["XK_XDR"] = "更正后的名称"
    assert exchange_db.send(message.destination, message, now=timezone.now() + timedelta(minutes=5)).delivered
    after = rows(qzk, "XK_GS")
    assert len(first) == len(after) == 1
    assert after[0]["XK_XDR"] == "更正后的名称" and after[0]["SJC"] > first[0]["SJC"]


def test_table_from_destination_options_and_custom_bookkeeping_columns(qzk):
    destination(qzk, tables={"credit.license": "XK_GS"}, key_column="YWID", timestamp_column="GXSJ",
                topic_column="")
    services.enqueue(topic="credit.license", key="k1", payload={"record": {"XK_XH": "A"}})
    services.deliver_due()
    with sqlite3.connect(qzk) as conn:
        assert conn.execute("SELECT YWID, XK_XH FROM XK_GS").fetchall() == [("k1", "A")]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(XK_GS)")]
    assert "GXSJ" in columns and "MSG_TOPIC" not in columns


def test_missing_column_or_bad_name_is_permanent_and_named(qzk):
    destination(qzk)
    services.enqueue(topic="credit.license", key="k1", payload=licence(1))
    services.deliver_due()
    [new_field] = services.enqueue(topic="credit.license", key="k2",
                                   payload={"table": "XK_GS", "record": {"XK_XH": "B", "XK_NEW": "x"}})
    [bad] = services.enqueue(topic="credit.license", key="k3",
                             payload={"table": "XK_GS; DROP TABLE XK_GS", "record": {"XK_XH": "C"}})
    services.deliver_due()
    new_field.refresh_from_db()
    bad.refresh_from_db()
    assert new_field.state == standard.DEAD and "XK_NEW" in new_field.last_error
    assert bad.state == standard.DEAD and "invalid table name" in bad.last_error
    assert len(rows(qzk, "XK_GS")) == 1


def test_missing_table_without_create_is_permanent(qzk):
    destination(qzk, create_tables=False)
    [message] = services.enqueue(topic="credit.license", key="k1", payload=licence(1))
    services.deliver_due()
    message.refresh_from_db()
    assert message.state == standard.DEAD and "XK_GS does not exist" in message.last_error


def test_unreachable_database_is_retried(tmp_path):
    Destination.objects.create(name="down", kind=Destination.Kind.EXCHANGE_DB, timeout_seconds=0.2,
                               url=f"sqlite:///{tmp_path}/no/such/dir/qzk.sqlite3")
    [message] = services.enqueue(topic="credit.license", key="k1", payload=licence(1))
    services.deliver_due()
    message.refresh_from_db()
    exchange_db.dispose_engines()
    assert message.state == standard.FAILED and "OperationalError" in message.last_error


def test_database_url_from_environment(qzk, monkeypatch):
    monkeypatch.setenv("OUTBOX_QZK_URL", f"sqlite:///{qzk}")
    Destination.objects.create(name="env", kind=Destination.Kind.EXCHANGE_DB, url="env:OUTBOX_QZK_URL")
    services.enqueue(topic="credit.license", key="k1", payload=licence(1))
    assert services.deliver_due().delivered == 1
    assert len(rows(qzk, "XK_GS")) == 1
