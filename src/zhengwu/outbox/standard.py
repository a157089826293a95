"""The outbox's fixed vocabulary: connector kinds, message states, attempt outcomes, envelope names.

Source: issue 5 §6 (push every 双公示 publication and change to the city's portal and public credit
information platform through the 政务信息资源共享平台), generalised for any system. Data only — no Django.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ConnectorKind:
    code: str
    label: str
    note: str


CONNECTORS = (
    ConnectorKind("http_json", "HTTP JSON", "POST the message as JSON with an Idempotency-Key header"),
    ConnectorKind(
        "http_xml", "HTTP XML 报文", "POST a <Package><Header/><Body/></Package> envelope (provincial style)"
    ),
    ConnectorKind(
        "exchange_db",
        "前置库",
        "upsert rows into standard-named tables (XK_GS, CF_GS …) of a separate database",
    ),
)

# Message states (see docs/outbox.md for the state diagram).
PENDING, DELIVERING, DELIVERED, FAILED, DEAD = "pending", "delivering", "delivered", "failed", "dead"
CLAIMABLE_STATES = (PENDING, FAILED, DELIVERING)  # DELIVERING only once its lease has expired

# Attempt outcomes returned by every connector.
OK, RETRY, PERMANENT = "delivered", "retry", "permanent"

# Retry schedule defaults (per destination, editable).
DEFAULT_MAX_ATTEMPTS = 10
DEFAULT_RETRY_BASE_SECONDS = 30
DEFAULT_RETRY_CAP_SECONDS = 3600
DEFAULT_TIMEOUT_SECONDS = 10
LEASE_GRACE_SECONDS = 60  # a claimed message is reclaimable this long after its connector timeout

# HTTP JSON / XML
IDEMPOTENCY_HEADER = "Idempotency-Key"
ALREADY_HAVE_IT = 409  # the receiver already has this key: counts as delivered

# XML envelope element names (docs/outbox.md shows a full example).
XML_ROOT, XML_HEADER, XML_BODY, XML_RECORD, XML_FIELD = "Package", "Header", "Body", "Record", "Field"
XML_HEADER_FIELDS = (
    "Version",
    "MessageId",
    "Sender",
    "Receiver",
    "Topic",
    "Table",
    "Timestamp",
    "RecordCount",
)
XML_VERSION = "1.0"

# 前置库 (exchange database) bookkeeping columns added to every standard table.
DEFAULT_KEY_COLUMN = "MSG_ID"  # the idempotency key; rows are upserted by it
DEFAULT_TIMESTAMP_COLUMN = "SJC"  # 时间戳: when the row was last written
DEFAULT_TOPIC_COLUMN = "MSG_TOPIC"

# Ledger actions written by the outbox (payload keys: before/after = {"state", "attempts", "last_error"}).
LEDGER_MESSAGE_DEAD = (
    "outbox.message.dead"  # a message gave up (permanent error or out of attempts); actor: system
)
LEDGER_MESSAGE_RETRIED = (
    "outbox.message.retried"  # a person (or the CLI) asked to retry a failed/dead message
)
