"""The JSON API of 改革督查 (core.api: one authentication, one error shape)."""

from django.utils.translation import gettext as _

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_body
from zhengwu.org.selectors import unit_by_code
from zhengwu.reforms import services


@api_view(methods=["POST"])
def items(request):
    """POST {"unit": CODE, "title": "…"} → 201 {"id", "title", "state"}."""
    body = json_body(request)
    unit = unit_by_code(str(body.get("unit", "")))
    if unit is None:
        raise ApplicationError(_("未知单位代码。"), code="unknown_unit", field="unit")
    item = services.item_create(unit=unit, title=str(body.get("title", "")), actor=request.principal)
    return {"id": item.pk, "title": item.title, "state": item.state}, 201
