"""docs/outbox.md documents every connector, state, ledger action, option and subcommand."""

from pathlib import Path

import pytest

from zhengwu.outbox import standard
from zhengwu.outbox.models import Destination, Message

DOC = Path(__file__).resolve().parents[4] / "docs" / "outbox.md"


@pytest.mark.parametrize("term", [
    *(c.code for c in standard.CONNECTORS),
    *Message.State.values,
    standard.LEDGER_MESSAGE_DEAD, standard.LEDGER_MESSAGE_RETRIED,
    *standard.XML_HEADER_FIELDS, standard.DEFAULT_KEY_COLUMN, standard.DEFAULT_TIMESTAMP_COLUMN,
    standard.DEFAULT_TOPIC_COLUMN, standard.IDEMPOTENCY_HEADER,
    "sender", "receiver", "tables", "key_column", "timestamp_column", "topic_column", "create_tables",
    "deliver --loop", "retry --dead", "destination add", "env:",
    *(f.name for f in Destination._meta.fields if f.name != "id"),
])
def test_docs_mention(term):
    assert term in DOC.read_text(encoding="utf-8"), term
