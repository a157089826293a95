"""The JSON API for WeChat, mini-programs and other systems (统一数源入口), through core.api.api_view:
`Authorization: Bearer <key>` with a core.ApiKey of scope "dispatch.events" (services.clients); the
key's name is its events' source system, its channel their channel.

    POST /dispatch/api/events/        [Idempotency-Key: <up to 128 characters>]
         {"title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id"}
      → 201 {"case_no", "state", "label", "confidence", "unit", "tier", "reply"}
      → 200 the same, with `Idempotent-Replayed: true`, when this client sent the same Idempotency-Key
        or source_id before (nothing is stored); 422 when the key was used for a different event
    POST /dispatch/api/events/batch/  {"events": [ ... up to 200 ... ]}   [Idempotency-Key]
      → 201 (or 207 when some were refused) {"results": [{"index", "case_no", ...} | {"index", "error"}]};
        an item already stored (same source_id, or the batch's key and the item's position, or an
        earlier item of the batch with its source_id) is {"index", "case_no", ..., "replayed": true}
    GET  /dispatch/api/events/<case_no>/   → the event's state, unit, reply (the client's own events only)
    GET  /dispatch/api/figures/?month=2026-03 | ?start=2026-01-01&end=2026-03-31
      → the 大督查 unit figures (selectors.figures.unit_figures: per unit counts, rates, composite score, the
        ranking of streets and departments, 每月一题) for 改革督查 — a key of scope "dispatch.figures", or a
        staff session (then what that user may see); read at every call from the pre-aggregated table

    POST /dispatch/api/pushes/updates/  {"case_no", "update_id",
    "status", "note", "external_id", "occurred_at"}
      → 201 {"case_no", "update_id", "status"} (200 with
      `Idempotent-Replayed: true` for an update_id sent before):
        a unit's own system sends back an update of a case pushed to it (item 31; services.pushes). The key's
        name is the system's outbox destination name (setting
        DISPATCH_PUSH_UNITS); 404 for a case not pushed to it.

Errors: {"error": {"code", "message", "fields"}}; 401 `unauthenticated` / `invalid_token` /
`token_revoked` / `token_expired` (with WWW-Authenticate), 403 `wrong_scope`. Bodies are read as JSON
whatever their Content-Type, within core.http's size and depth limits.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.api import api_view, json_response
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import error_payload, json_body
from zhengwu.dispatch import rules, selectors, services
from zhengwu.dispatch.rules.figures import period_from
from zhengwu.dispatch.selectors.figures import figures_for_user, unit_figures
from zhengwu.dispatch.standard import API_SCOPE, FIGURES_SCOPE, Channel


def _out(event) -> dict:
    return {
        "case_no": event.case_no,
        "state": event.state,
        "label": event.label,
        "confidence": event.confidence,
        "unit": event.unit.name if event.unit_id else None,
        "tier": event.tier or None,
        "reply": event.reply or None,
    }


def _client(request) -> tuple[str, str]:
    """(source system, channel) of the calling key: its name, and its channel (a key issued without one
    is another business system's)."""
    return request.api_key.name, request.api_key.channel or Channel.SYSTEM


@api_view(methods=["POST"], scope=API_SCOPE, session=False)
def events(request):
    source, channel = _client(request)
    key = rules.check_idempotency_key(request.headers.get("Idempotency-Key", ""))
    args = rules.api_fields(json_body(request, allow_list=True))
    event = services.event_intake(channel=channel, source_system=source, actor=f"api:{source}",
                                  idempotency_key=key, **args)
    if event.replayed:
        response = json_response(_out(event), status=200)
        response["Idempotent-Replayed"] = "true"
        return response
    return _out(event), 201


@api_view(methods=["POST"], scope=API_SCOPE, session=False)
def events_batch(request):
    """POST {"events": [...]} (at most 200) → {"results":
    [{"index", "case_no", ...} or {"index", "error"}]}."""
    source, channel = _client(request)
    key = rules.check_idempotency_key(request.headers.get("Idempotency-Key", ""))
    body = json_body(request, allow_list=True)
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise ApplicationError(_("请求体应为 {\"events\": [...]}。"), code="invalid_json", field="events")
    parsed = []
    for item in body["events"]:
        try:
            parsed.append(rules.api_fields(item))
        except ApplicationError as exc:
            parsed.append(exc)
    valid = [p for p in parsed if isinstance(p, dict)]
    stored = iter(
        services.event_intake_many(
            valid, channel=channel, actor=f"api:{source}", source_system=source, idempotency_key=key
        )
    )
    results = []
    for index, p in enumerate(parsed):
        got = next(stored) if isinstance(p, dict) else p
        if isinstance(got, ApplicationError):
            results.append({"index": index, "error": error_payload(got)[0]["error"]})
        else:
            results.append({"index": index} | _out(got) | ({"replayed": True} if got.replayed else {}))
    return {"results": results}, 201 if all("case_no" in r for r in results) else 207


@api_view(methods=["GET"], scope=API_SCOPE, session=False)
def event_status(request, case_no):
    source, _channel = _client(request)
    return _out(selectors.event_of_source(case_no=case_no, source_system=source))


@api_view(methods=["GET"], scope=FIGURES_SCOPE, session=True)
def figures(request):
    """The unit figures of a period (bad period → 400 `bad_period` naming the parameter)."""
    start, end = period_from(month=request.GET.get("month", ""), start=request.GET.get("start", ""),
                             end=request.GET.get("end", ""), today=timezone.localdate())
    if request.api_key is not None:
        return unit_figures(start=start, end=end)
    return figures_for_user(user=request.user, start=start, end=end)


@api_view(methods=["POST"], scope=API_SCOPE, session=False)
def push_update(request):
    body = json_body(request)
    if not isinstance(body, dict):
        raise ApplicationError(_("请求体应为 JSON 对象。"), code="invalid_json")
    fields = {k: body.get(k) or "" for k in ("case_no", "update_id", "status", "note", "external_id")}
    if any(not isinstance(v, str) for v in fields.values()):
        raise ApplicationError(_("字段应为字符串。"), code="invalid_json")
    update, new = services.push_update_receive(
        system=request.api_key.name, occurred_at=body.get("occurred_at"), **fields
    )
    out = {"case_no": update.event.case_no, "update_id": update.update_id, "status": update.status}
    if not new:
        response = json_response(out, status=200)
        response["Idempotent-Replayed"] = "true"
        return response
    return out, 201
