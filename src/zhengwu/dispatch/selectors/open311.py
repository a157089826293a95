"""Open311 GeoReport v2 reads (issue 15 §5): services (the taxonomy's leaves, grouped by level 1),
service definitions (a category's extra questions), requests and tokens — as the plain dicts that
formats.open311 writes. Public: no reporter's name, phone or anything else personal, and free text
passes core.privacy.scrub_text with the reporter's own values."""

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from zhengwu.core.privacy import known_values, scrub_text
from zhengwu.dispatch.models import Category, Event, Open311Request, Place
from zhengwu.dispatch.rules import open311 as o311
from zhengwu.dispatch.selectors.events import public_timeline
from zhengwu.dispatch.standard import OPEN311_SPEC

_RELATED = ("category", "unit", "open311")


def service_code(category: Category) -> str:
    return str(category.pk)


def category_for_code(code: str) -> Category | None:
    code = (code or "").strip()
    if not code.isdigit() or len(code) > 18:
        return None
    return Category.objects.filter(pk=int(code), is_active=True).first()


def place_for_id(address_id: str) -> Place | None:
    address_id = (address_id or "").strip()
    if not address_id.isdigit() or len(address_id) > 18:
        return None
    return Place.objects.filter(pk=int(address_id)).first()


def services() -> list[dict]:
    """Every active leaf of the taxonomy, grouped (and ordered) by its first level."""
    out = []
    for c in Category.objects.filter(is_active=True).order_by("level1", "level2", "level3", "id"):
        out.append(
            {
                "service_code": service_code(c),
                "service_name": c.level3,
                "description": f"{c.level1} / {c.level2} / {c.level3}",
                "metadata": bool(c.questions),
                "type": "realtime",
                "keywords": ",".join(k for k in c.keywords.split("|") if k),
                "group": c.level1,
            }
        )
    return out


def service_definition(code: str) -> dict | None:
    category = category_for_code(code)
    if category is None:
        return None
    attributes = []
    for order, q in enumerate(category.questions or [], start=1):
        if not isinstance(q, dict):
            continue
        datatype = q.get("datatype", "string")
        attributes.append(
            {
                "variable": True,
                "code": q.get("code", ""),
                "datatype": datatype,
                "required": bool(q.get("required")),
                "datatype_description": q.get("datatype_description", ""),
                "order": order,
                "description": q.get("description", ""),
                "values": [
                    {"key": v.get("key"), "name": v.get("name")}
                    for v in q.get("values", [])
                    if isinstance(v, dict)
                ]
                if datatype.endswith("valuelist")
                else [],
            }
        )
    return {"service_code": service_code(category), "attributes": attributes}


def _updated(e: Event):
    moments = [
        m
        for m in (
            e.received_at,
            e.dispatched_at,
            e.accepted_at,
            e.resolved_at,
            e.replied_at,
            e.closed_at,
            e.merged_at,
        )
        if m is not None
    ]
    return max(moments)


def _request(e: Event, *, notes: bool = False) -> dict:
    try:
        submitted = e.open311
    except Open311Request.DoesNotExist:
        submitted = None
    known = known_values(names=(e.reporter_name,) if e.reporter_name else (),
                         numbers=(e.reporter_phone,) if e.reporter_phone else ())
    if e.category_id:
        code, name = service_code(e.category), e.category.level3
    else:
        code, name = (submitted.service_code if submitted else ""), ""
    row = {
        "service_request_id": e.case_no, "status": o311.status_of(e.state),
        "status_notes": scrub_text(e.reply, known) if e.reply else None,
        "service_name": name, "service_code": code,
        "description": scrub_text(e.text, known),
        "agency_responsible": e.unit.name if e.unit_id else None, "service_notice": None,
        "requested_datetime": o311.local_iso(e.received_at), "updated_datetime": o311.local_iso(_updated(e)),
        "expected_datetime": o311.local_iso(e.resolve_due),
        "address": scrub_text(e.address, known) or None,
        "address_id": (submitted.address_id or None) if submitted else None,
        "zipcode": None, "lat": e.lat, "long": e.lng, "media_url": None,
        "extended_attributes": {
            "channel": e.channel, "channel_name": str(e.get_channel_display()),
            "case_state": e.state, "duplicate_of": e.duplicate_of.case_no if e.duplicate_of_id else None,
        },
    }
    if notes:
        row["notes"] = [{"datetime": o311.local_iso(n["at"]), "description": n["label"], "type": "update",
                         "agency": n["who"]} for n in public_timeline(e)]
    return row


def request_list(query: o311.RequestQuery) -> list[dict]:
    """GET requests: by ids (overriding every other filter) or by date range, services and status; newest
    first, one page of at most `page_size` (≤ 1,000)."""
    qs = Event.objects.select_related(*_RELATED, "duplicate_of").order_by("-received_at", "-id")
    if query.ids:
        qs = qs.filter(case_no__in=[i.upper() for i in query.ids])
    else:
        qs = qs.filter(received_at__gte=query.start, received_at__lte=query.end)
        if query.service_codes:
            codes = [int(c) for c in query.service_codes if c.isdigit() and len(c) <= 18]
            qs = qs.filter(
                Q(category_id__in=codes) | Q(category__isnull=True, open311__service_code__in=codes)
            )
        if query.statuses and len(set(query.statuses)) == 1:
            closed = Q(state__in=o311.OPEN311_CLOSED_STATES)
            qs = qs.filter(closed if query.statuses[0] == "closed" else ~closed)
    start = (query.page - 1) * query.page_size
    return [_request(e) for e in qs[start:start + query.page_size]]


def request_one(case_no: str) -> dict | None:
    e = (
        Event.objects.select_related(*_RELATED, "duplicate_of")
        .filter(case_no=(case_no or "").strip().upper())
        .first()
    )
    return None if e is None else _request(e, notes=True)


def token_lookup(token: str) -> dict | None:
    found = Open311Request.objects.select_related("event").filter(token=(token or "").strip()[:40]).first()
    if found is None:
        return None
    return {"service_request_id": found.event.case_no, "token": found.token}


#: When this endpoint's description last changed (discovery's changeset).
CHANGESET = datetime(2026, 12, 5, tzinfo=o311.LOCAL)


def discovery(*, base_url: str, changeset: datetime = CHANGESET) -> dict:
    return {
        "changeset": o311.local_iso(changeset),
        "contact": _("罗湖区网格办（区大分拨中心）"),
        "key_service": "",
        "endpoints": [
            {
                "specification": OPEN311_SPEC,
                "url": base_url,
                "changeset": o311.local_iso(changeset),
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
