"""The JSON API for WeChat, mini-programs and other systems (统一数源入口): token-authenticated.

    POST /dispatch/api/events/        Authorization: Bearer <token>   [Idempotency-Key: <up to 128 characters>]
         {"title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id"}
      → 201 {"case_no", "state", "label", "confidence", "unit", "tier"}
      → 200 the same, with `Idempotent-Replayed: true`, when this client sent the same Idempotency-Key
        or source_id before (nothing is stored); 422 when the key was used for a different event
    POST /dispatch/api/events/batch/  {"events": [ ... up to 200 ... ]}   [Idempotency-Key]
      → 201 (or 207 when some were refused) {"results": [{"index", "case_no", ...} | {"index", "error"}]};
        an item already stored (same source_id, or the batch's key and the item's position, or an
        earlier item of the batch with its source_id) is {"index", "case_no", ..., "replayed": true}
    GET  /dispatch/api/events/<case_no>/   → the event's state, unit, reply (the client's own events only)

Bodies are read as JSON whatever their Content-Type, within core.http's size and depth limits.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import error_payload, json_body, json_error
from zhengwu.dispatch import services
from zhengwu.dispatch.models import ApiClient, Event

FIELDS = ("title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id")


def _client(request) -> ApiClient:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    found = list(ApiClient.objects.filter(token_hash=ApiClient.hash_token(token), is_active=True)[:1]) if token else []
    client = found[0] if found else None
    if client is None:
        raise ApplicationError(_("缺少或无效的接口令牌（Authorization: Bearer …）。"), code="unauthorized", status=401)
    return client


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _out(event: Event) -> dict:
    return {"case_no": event.case_no, "state": event.state, "label": event.label, "confidence": event.confidence,
            "unit": event.unit.name if event.unit_id else None, "tier": event.tier or None,
            "reply": event.reply or None}


def _body(request):
    if request.method != "POST":
        raise ApplicationError(_("只支持 POST。"), code="method_not_allowed", status=405)
    return json_body(request, allow_list=True)


def _idempotency_key(request) -> str:
    """The Idempotency-Key header: printable ASCII, at most 128 characters (the IETF draft's shape)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 128 or any(not " " <= ch <= "~" for ch in key):
        raise ApplicationError(_("Idempotency-Key 应为不超过 128 个可打印 ASCII 字符。"), field="idempotency_key",
                               code="invalid_idempotency_key")
    return key


def _fields(body) -> dict:
    """The intake arguments of one JSON event, or ApplicationError naming the field at fault."""
    if not isinstance(body, dict):
        raise ApplicationError(_("请求体应为 JSON 对象。"), code="invalid_json")
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise ApplicationError(_("未知字段：%(f)s") % {"f": "、".join(unknown)}, field=unknown[0])
    for key in ("title", "text", "address", "reporter_name", "reporter_phone"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise ApplicationError(_("字段 %(f)s 应为字符串。") % {"f": key}, field=key)
    args = {k: (body.get(k) if body.get(k) is not None else "") for k in FIELDS if k not in ("lat", "lng")}
    args["source_id"] = str(args["source_id"])
    return args | {"lat": body.get("lat"), "lng": body.get("lng")}


@csrf_exempt
def events(request):
    try:
        client = _client(request)
        key = _idempotency_key(request)
        args = _fields(_body(request))
        event = services.event_intake(channel=client.channel, source_system=client.name,
                                      actor=f"api:{client.name}", idempotency_key=key, **args)
        if event.replayed:
            response = _json(_out(event), status=200)
            response["Idempotent-Replayed"] = "true"
            return response
        return _json(_out(event), status=201)
    except ApplicationError as exc:
        return json_error(exc)


@csrf_exempt
def events_batch(request):
    """POST {"events": [...]} (at most 200) → {"results": [{"index", "case_no", ...} or {"index", "error"}]}."""
    try:
        client = _client(request)
        key = _idempotency_key(request)
        body = _body(request)
        if not isinstance(body, dict) or not isinstance(body.get("events"), list):
            raise ApplicationError(_("请求体应为 {\"events\": [...]}。"), code="invalid_json", field="events")
        parsed = []
        for item in body["events"]:
            try:
                parsed.append(_fields(item))
            except ApplicationError as exc:
                parsed.append(exc)
        valid = [p for p in parsed if isinstance(p, dict)]
        stored = iter(services.event_intake_many(valid, channel=client.channel, actor=f"api:{client.name}",
                                                 source_system=client.name, idempotency_key=key))
        results = []
        for index, p in enumerate(parsed):
            got = next(stored) if isinstance(p, dict) else p
            if isinstance(got, ApplicationError):
                results.append({"index": index, "error": error_payload(got)[0]["error"]})
            else:
                results.append({"index": index} | _out(got) | ({"replayed": True} if got.replayed else {}))
        return _json({"results": results}, status=201 if all("case_no" in r for r in results) else 207)
    except ApplicationError as exc:
        return json_error(exc)


def event_status(request, case_no):
    try:
        client = _client(request)
        event = Event.objects.select_related("unit", "category").filter(case_no=case_no,
                                                                        source_system=client.name).first()
        if event is None:
            raise ApplicationError(_("找不到该受理编号。"), code="not_found", status=404)
        return _json(_out(event))
    except ApplicationError as exc:
        return json_error(exc)
