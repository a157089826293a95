"""`zhengwu outbox …` subcommands: destination add/list, deliver, status, retry."""

import io

import pytest
from django.core.management import CommandError, call_command

from zhengwu.ledger.models import Entry
from zhengwu.outbox import services, standard
from zhengwu.outbox.models import Destination, Message

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("outbox", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_destination_add_deliver_status_retry(receiver):
    assert "added" in run(
        "destination",
        "add",
        "--name",
        "city",
        "--kind",
        "http_json",
        "--url",
        receiver.url,
        "--topic",
        "credit.",
        "--option",
        "sender=440303",
        "--option",
        'tables={"a": "XK_GS"}',
        "--timeout",
        "0.5",
        "--max-attempts",
        "1",
    )
    dest = Destination.objects.get(name="city")
    assert dest.topics == ["credit."] and dest.options == {"sender": "440303", "tables": {"a": "XK_GS"}}
    assert "city\thttp_json\tactive\tcredit." in run("destination", "list")
    services.enqueue(topic="credit.license", key="k1", payload={})
    services.enqueue(topic="credit.license", key="k2", payload={})
    receiver.fail_next(1)
    out = run("deliver")
    assert "claimed 2, delivered 1" in out and "dead 1" in out
    assert "city\tdead\t1" in run("status")
    assert "requeued 1" in run("retry", "--dead")
    assert Entry.objects.filter(action=standard.LEDGER_MESSAGE_RETRIED, actor_label="cli").count() == 1
    run("deliver", "--loop", "--max-runs", "1", "--interval", "0.1")
    assert set(Message.objects.values_list("state", flat=True)) == {standard.DELIVERED}
    assert sorted(receiver.received) == ["k1", "k2"]


def test_retry_needs_a_selection_and_bad_options_are_named():
    with pytest.raises(CommandError, match="--dead"):
        run("retry")
    with pytest.raises(CommandError, match="key=value"):
        run(
            "destination",
            "add",
            "--name",
            "x",
            "--kind",
            "http_json",
            "--url",
            "http://x",
            "--option",
            "novalue",
        )
