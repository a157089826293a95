"""HTTP XML connector: the <Package><Header/><Body><Record><Field name=…/></Record></Body></Package> envelope.

Built with xml.etree (no parsing of untrusted input happens here); text is escaped by the serializer, and
characters XML 1.0 forbids (control characters) are dropped so a stray byte cannot break the envelope.
"""

import re
import xml.etree.ElementTree as ET

from django.utils import timezone

from zhengwu.outbox import standard
from zhengwu.outbox.connectors import http
from zhengwu.outbox.connectors.base import Result, iso, records_of, table_of

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "1" if value else "0"
    return _XML_ILLEGAL.sub("", str(value))


def envelope(message, *, sender: str = "", receiver: str = "", table: str = "", now=None) -> bytes:
    """The XML envelope for a message: header (who, what, when, how many) and one <Record> per row."""
    records = records_of(message.payload)
    if not records and isinstance(message.payload, dict):
        records = [message.payload]  # a flat payload is one record
    root = ET.Element(standard.XML_ROOT)
    header = ET.SubElement(root, standard.XML_HEADER)
    values = {
        "Version": standard.XML_VERSION, "MessageId": message.idempotency_key, "Sender": sender,
        "Receiver": receiver, "Topic": message.topic, "Table": table,
        "Timestamp": iso(timezone.localtime(now or timezone.now())), "RecordCount": str(len(records)),
    }
    for name in standard.XML_HEADER_FIELDS:
        ET.SubElement(header, name).text = _text(values[name])
    body = ET.SubElement(root, standard.XML_BODY)
    for record in records:
        rec = ET.SubElement(body, standard.XML_RECORD)
        for code, value in record.items():
            if isinstance(value, (dict, list)):
                continue  # nested values have no place in a flat standard record
            field = ET.SubElement(rec, standard.XML_FIELD, {"name": _text(code)})
            field.text = _text(value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def send(destination, message, *, client=None) -> Result:
    options = destination.options or {}
    body = envelope(message, sender=str(options.get("sender", "")), receiver=str(options.get("receiver", "")),
                    table=table_of(message.payload, message.topic, options))
    return http.post(
        destination, message, body=body, content_type="application/xml; charset=utf-8", client=client
    )
