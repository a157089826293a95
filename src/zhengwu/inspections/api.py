"""The JSON API of 双随机 (core.api: one authentication, one error shape).

POST /inspections/api/batches/<id>/draws/    {"on"?}        → 201 {"id", "commitment", "seed_sha256"}
POST /inspections/api/draws/<id>/run/        {"beacon"?}    → {"id", "seed", "result"}
POST /inspections/api/draws/<id>/redraw/     {"reason", "approver": username} → 201 the new draw
POST /inspections/api/tasks/<id>/result/     {"completed_on", "results": [...], "penalty", "penalty_facts"}
POST /inspections/api/tasks/<id>/publish/    {}             → {"published_on", "due_on"}
GET  /inspections/public/draws/<id>/verify.json             → {"ok", "problems"} (anyone)
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_body
from zhengwu.inspections import selectors, services


def _day(body: dict, key: str, *, required: bool = True) -> date | None:
    value = body.get(key)
    if value in (None, "") and not required:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ApplicationError(_("%(key)s 应为日期 YYYY-MM-DD，收到 %(v)r") % {"key": key, "v": value},
                               code="invalid_date", field=key) from None


def _body(request) -> dict:
    # An empty body is no fields; anything else goes through json_body, which refuses a multipart form
    # before touching the stream (reading request.body after Django has parsed a multipart body raises).
    if request.META.get("CONTENT_LENGTH", "") in ("", "0"):
        return {}
    body = json_body(request)
    if not isinstance(body, dict):
        raise ApplicationError(_("内容必须是一个 JSON 对象"), code="invalid_body")
    return body


@api_view(methods=["POST"])
def draws(request, pk: int):
    d = services.draw_commit(
        batch=selectors.batch_get(pk), actor=request.principal, on=_day(_body(request), "on", required=False)
    )
    return {"id": d.pk, "commitment": d.commitment, "seed_sha256": d.seed_sha256}, 201


@api_view(methods=["POST"])
def run(request, pk: int):
    body = _body(request)
    beacon = body.get("beacon", "")
    if not isinstance(beacon, str) or len(beacon) > 200:
        raise ApplicationError(_("公共随机数应为不超过 200 字的文本"), code="invalid_beacon", field="beacon")
    d = services.draw_run(draw=selectors.draw_get(user=request.principal, pk=pk), actor=request.principal,
                          beacon=beacon)
    return {"id": d.pk, "seed": d.seed, "result": d.result}


@api_view(methods=["POST"])
def redraw(request, pk: int):
    body = _body(request)
    approver = get_user_model().objects.filter(username=str(body.get("approver", ""))).first()
    d = services.draw_redo(
        draw=selectors.draw_get(user=request.principal, pk=pk),
        reason=str(body.get("reason", "")),
        approver=approver,
        actor=request.principal,
    )
    return {"id": d.pk, "commitment": d.commitment, "redraw_of": d.redraw_of_id}, 201


@api_view(methods=["POST"])
def result(request, pk: int):
    body = _body(request)
    results = body.get("results")
    if not isinstance(results, list) or not all(isinstance(r, str) for r in results):
        raise ApplicationError(_("results 应为结果类别的列表"), code="result_missing", field="results")
    t = services.task_complete(
        task=selectors.task_get(user=request.principal, pk=pk),
        completed_on=_day(body, "completed_on"),
        results=results,
        penalty=body.get("penalty") is True,
        penalty_facts=str(body.get("penalty_facts", "")),
        actor=request.principal,
    )
    return {"id": t.pk, "state": t.state, "due_on": t.due_on.isoformat(), "penalty_draft": t.penalty_draft}


@api_view(methods=["POST"])
def publish(request, pk: int):
    t = services.task_publish(task=selectors.task_get(user=request.principal, pk=pk), actor=request.principal)
    return {"id": t.pk, "published_on": t.published_on.isoformat(), "due_on": t.due_on.isoformat(),
            "overdue": t.published_on > t.due_on}
