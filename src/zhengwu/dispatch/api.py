"""The JSON API for WeChat, mini-programs and other systems (统一数源入口): token-authenticated.

    POST /dispatch/api/events/        Authorization: Bearer <token>
         {"title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id"}
      → 201 {"case_no", "state", "label", "confidence", "unit", "tier"}
    GET  /dispatch/api/events/<case_no>/   → the event's state, unit, reply (the client's own events only)
"""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from zhengwu.core.errors import ApplicationError, json_error
from zhengwu.dispatch import services
from zhengwu.dispatch.models import ApiClient, Event

FIELDS = ("title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id")


def _client(request) -> ApiClient:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    client = ApiClient.objects.filter(token=token, is_active=True).first() if token else None
    if client is None:
        raise ApplicationError(_("缺少或无效的接口令牌（Authorization: Bearer …）。"), code="unauthorized", status=401)
    return client


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _out(event: Event) -> dict:
    return {"case_no": event.case_no, "state": event.state, "label": event.label, "confidence": event.confidence,
            "unit": event.unit.name if event.unit_id else None, "tier": event.tier or None,
            "reply": event.reply or None}


@csrf_exempt
def events(request):
    try:
        client = _client(request)
        if request.method != "POST":
            raise ApplicationError(_("只支持 POST。"), code="method_not_allowed", status=405)
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ApplicationError(_("请求体不是合法的 JSON。"), code="bad_json") from None
        if not isinstance(body, dict):
            raise ApplicationError(_("请求体应为 JSON 对象。"), code="bad_json")
        unknown = sorted(set(body) - set(FIELDS))
        if unknown:
            raise ApplicationError(_("未知字段：%(f)s") % {"f": "、".join(unknown)}, field=unknown[0])
        args = {k: body.get(k) for k in FIELDS if k != "source_id"}
        for key in ("title", "text", "address", "reporter_name", "reporter_phone"):
            if args.get(key) is not None and not isinstance(args[key], str):
                raise ApplicationError(_("字段 %(f)s 应为字符串。") % {"f": key}, field=key)
        event = services.event_intake(channel=client.channel, source_system=client.name,
                                      source_id=str(body.get("source_id") or ""), actor=f"api:{client.name}",
                                      **{k: (v if v is not None else "") for k, v in args.items()
                                         if k not in ("lat", "lng")}, lat=args.get("lat"), lng=args.get("lng"))
        return _json(_out(event), status=201)
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
