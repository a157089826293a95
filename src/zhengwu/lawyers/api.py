"""The JSON API of 律师驻队 (core.api: one authentication, one error shape).

    POST /lawyers/api/firm-eligibility/   firm facts (+ "on") → {"eligible", "problems"} (stores nothing;
                                          what `zhengwu lawyers firm` prints). Key scope "lawyers.check".
    POST /lawyers/api/firms/              firm facts + "on" → 201 the stored check (区司法局's list)
    POST /lawyers/api/contracts/<id>/records/       {"person", "day", "kind", "hours", "cases", "disputes",
                                                     "documents", "present", "actions", "note"} → 201
    POST /lawyers/api/contracts/<id>/assessments/   {"year", "unit_evaluation"} → 201 score + recommendation
    POST /lawyers/api/contracts/<id>/replacements/  {"outgoing", "incoming", "reason"} → 201
    POST /lawyers/api/replacements/<id>/<step>/     step: consent | refuse | withdraw | complete; {"note"}
    GET  /lawyers/api/milestones/                   the §四 milestones with their lead units and completion
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_body
from zhengwu.lawyers import rules, selectors, services


def _day(body: dict, key: str, *, default: date | None = None) -> date:
    value = body.get(key)
    if value in (None, "") and default is not None:
        return default
    try:
        return rules.parse_day(value, key)
    except rules.InvalidFacts as exc:
        raise ApplicationError(str(exc), code="invalid_date", field=key) from None


def _int(body: dict, key: str, *, default: int | None = None) -> int:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(_("%(key)s 应为整数") % {"key": key}, code="invalid_integer", field=key)
    return value


def _str(value) -> str:
    return value if isinstance(value, str) else ""


@api_view(methods=["POST"], scope="lawyers.check")
def firm_eligibility(request):
    try:
        return rules.firm_check(json_body(request), today=timezone.localdate())
    except rules.InvalidFacts as exc:
        raise ApplicationError(str(exc), code=exc.code, field=exc.field) from None


@api_view(methods=["POST"])
def firms(request):
    body = json_body(request)
    if not isinstance(body, dict):
        raise ApplicationError(_("内容必须是一个 JSON 对象"), code="invalid_facts")
    on = _day(body, "on", default=timezone.localdate())
    firm = services.firm_register(facts={k: v for k, v in body.items() if k != "on"}, on=on,
                                  actor=request.principal)
    return {"id": firm.pk, "name": firm.name, "listed": firm.listed, "problems": firm.problems}, 201


@api_view(methods=["POST"])
def records(request, pk: int):
    contract = selectors.contract_get(user=request.principal, pk=pk)
    body = json_body(request)
    person = selectors.person_get(_int(body, "person"))
    row = services.work_record_add(
        contract=contract, person=person, day=_day(body, "day"), kind=_str(body.get("kind")),
        hours=str(body.get("hours", 0)), cases=_int(body, "cases", default=0),
        disputes=_int(body, "disputes", default=0), documents=_int(body, "documents", default=0),
        present=bool(body.get("present", True)), actions=_int(body, "actions", default=0),
        note=_str(body.get("note")), actor=request.principal)
    return {"id": row.pk, "day": row.day.isoformat(), "kind": row.kind}, 201


@api_view(methods=["POST"])
def assessments(request, pk: int):
    contract = selectors.contract_get(user=request.principal, pk=pk)
    body = json_body(request)
    evaluation = body.get("unit_evaluation")
    if isinstance(evaluation, bool) or not isinstance(evaluation, int | float | str):
        evaluation = "-"  # refused by the service with `evaluation_range`, naming the field
    a = services.assessment_make(contract=contract, year=_int(body, "year"), unit_evaluation=evaluation,
                                 actor=request.principal)
    return {"id": a.pk, "year": a.year, "score": str(a.score), "parts": a.parts,
            "recommendation": a.recommendation, "reasons": a.reasons}, 201


@api_view(methods=["POST"])
def replacements(request, pk: int):
    contract = selectors.contract_get(user=request.principal, pk=pk)
    body = json_body(request)
    r = services.replacement_request(contract=contract, outgoing=selectors.person_get(_int(body, "outgoing")),
                                     incoming=selectors.person_get(_int(body, "incoming")),
                                     reason=_str(body.get("reason")), actor=request.principal)
    return {"id": r.pk, "state": r.state}, 201


@api_view(methods=["POST"])
def replacement_step(request, pk: int, step: str):
    r = selectors.replacement_get(user=request.principal, pk=pk)
    # An empty body is no note; never `request.body` first: after Django parsed a multipart form (the CSRF
    # middleware reads request.POST) reading the raw body raises — json_body takes the form's fields instead.
    empty = request.META.get("CONTENT_LENGTH", "") in ("", "0")
    note = "" if empty else _str(json_body(request, allow_form=True).get("note"))
    if step in ("consent", "refuse"):
        r = services.replacement_decide(
            replacement=r, consent=step == "consent", note=note, actor=request.principal
        )
    elif step == "withdraw":
        r = services.replacement_withdraw(replacement=r, actor=request.principal)
    elif step == "complete":
        r = services.replacement_complete(replacement=r, actor=request.principal)
    else:
        raise ApplicationError(_("未知的操作：%(step)s") % {"step": step}, code="unknown_action", status=404)
    return {"id": r.pk, "state": r.state}


@api_view(methods=["GET"])
def milestones(request):
    rows = selectors.programme_milestones()
    return {"milestones": [r | {"due_on": r["due_on"].isoformat(),
                                "done_on": r["done_on"].isoformat() if r["done_on"] else None} for r in rows]}
