"""The Open311 GeoReport v2 wire formats (http://wiki.open311.org/GeoReport_v2): one document, as
Python lists and dicts, written as XML (the format the spec requires) or JSON, both UTF-8.

A document is a (root, value) pair: `("services", [{...}, ...])`, `("service_definition", {...})`,
`("service_requests", [...])`, `("errors", [...])`, `("discovery", {...})`. In XML a list becomes its
element with one child per item, named by `ITEM_TAGS` (services → service, errors → error, …); in
JSON the root disappears: a list is an array, an object an object — as the spec's examples show."""

import json
import re
import xml.etree.ElementTree as ET

#: The element of each item of a list element.
ITEM_TAGS = {
    "services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
    "errors": "error", "endpoints": "endpoint", "formats": "format", "notes": "note",
}
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_FORBIDDEN.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, (list, tuple)):
        tag = ITEM_TAGS.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    element = ET.Element(root)
    _fill(element, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def to_json(root: str, value) -> bytes:
    """The document as UTF-8 JSON (characters as they are, not \\u escapes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render(fmt: str, root: str, value) -> bytes:
    return to_xml(root, value) if fmt == "xml" else to_json(root, value)


def errors(items: list[tuple[int, str]]) -> tuple[str, list[dict]]:
    """The spec's error document: [(code, description), ...] → ("errors", [{"code", "description"}, ...])."""
    return "errors", [{"code": code, "description": description} for code, description in items]
