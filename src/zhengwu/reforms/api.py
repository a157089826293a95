"""The JSON API of 改革督查 (core.api: one authentication, one error shape).

    GET  /reforms/api/register/            → {"items": [...]}   (the shape of `zhengwu reforms items --json`)
    GET  /reforms/api/lights/?on=YYYY-MM-DD → {"on", "items": [...]} (the shape of `zhengwu reforms lights`)
    POST /reforms/api/plans/  {"number", "unit", "targets", "content", "responsible", "on"?} → 201 (立项)
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_body
from zhengwu.org.selectors import unit_by_code
from zhengwu.reforms import rules, selectors, services
from zhengwu.workdays.rules import UnknownYear


@api_view(methods=["GET"], scope="reforms.read")
def register(request):
    return {"items": selectors.register_items()}


@api_view(methods=["GET"], scope="reforms.read")
def lights(request):
    on = rules.parse_day(request.GET.get("on") or timezone.localdate().isoformat(), "on")
    try:
        return {"on": on.isoformat(), "items": selectors.lights(on=on)}
    except UnknownYear as exc:
        raise ApplicationError(str(exc), code="unknown_year", field="on") from None


@api_view(methods=["POST"], scope="reforms.plans")
def plans(request):
    body = json_body(request)
    unit = unit_by_code(str(body.get("unit", "")))
    if unit is None:
        raise ApplicationError(_("未知单位代码。"), code="unknown_unit", field="unit")
    on = rules.parse_day(body["on"], "on") if body.get("on") else timezone.localdate()
    plan = services.plan_register(
        number=body.get("number"),
        unit=unit,
        targets=str(body.get("targets", "")),
        content=str(body.get("content", "")),
        responsible=str(body.get("responsible", "")),
        on=on,
        actor=request.principal,
    )
    return {
        "number": plan.item_number,
        "stage": plan.stage,
        "registered_on": plan.registered_on.isoformat(),
    }, 201
