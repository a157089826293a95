"""Connectors: one small module per way of delivering a
message; each exposes `send(destination, message, ...)`.

Every connector returns a `Result` and never raises for delivery problems: the outcome says whether the
message arrived (`delivered`), may arrive on a later try (`retry`) or never will without
a human (`permanent`). The connectors import what they share from `connectors.base`, never from this
package, so that the package may import them without a cycle.
"""

from zhengwu.outbox.connectors import http_json, http_xml
from zhengwu.outbox.connectors.base import Result, iso, records_of, table_of

__all__ = ["Result", "get", "iso", "records_of", "table_of"]


def get(kind: str):
    """The connector module for a destination kind."""
    if kind == "exchange_db":
        # deferred: exchange_db loads SQLAlchemy (about 0.4 s), needed only by a worker delivering to a 前置库
        from zhengwu.outbox.connectors import exchange_db

        return exchange_db
    return {"http_json": http_json, "http_xml": http_xml}[kind]
