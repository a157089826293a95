"""JSON API of the workflow: a record's workflow state, submit, confidentiality review, status change.

Authentication as the import API: a session (with CSRF) or `Authorization: Token <key>` (the token's
user acts). Errors are `{"error": {"code", "message", "fields"}}`: 404 for a record of another unit
(the same as a missing one), 403 for a missing role, 409 for a forbidden transition.

    GET  /credit/api/records/<id>/workflow/
    POST /credit/api/records/<id>/submit/
    POST /credit/api/records/<id>/review/   {"decision": "approve"|"reject", "checks": {...}, "reasons": "…"}
    POST /credit/api/records/<id>/status/   {"status": "3", "note": "…"}
"""


from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_body, json_error
from zhengwu.credit import selectors
from zhengwu.credit.api import _token
from zhengwu.credit.selectors import workflow as wsel
from zhengwu.credit.services import workflow as services


def _user(request, *, write: bool):
    token = _token(request)
    if token is not None:
        return token.user
    if not request.user.is_authenticated:
        raise ApplicationError("authentication required", code="unauthenticated", status=401)
    if write and CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None:
        raise ApplicationError("CSRF check failed", code="forbidden", status=403)
    return request.user


def _body(request) -> dict:
    return json_body(request, allow_form=True)


def _state(record) -> dict:
    due = wsel.record_due_status(record)
    return {"id": record.pk, "unit": record.unit.code, "key": record.key, "state": record.state,
            "status": record.status, "version": record.version,
            "due_on": record.due_on.isoformat() if record.due_on else None,
            "due_status": due.kind.value, "due_days": due.days,
            "published_at": record.published_at.isoformat() if record.published_at else None,
            "severity": record.severity or None,
            "public_until": record.public_until.isoformat() if record.public_until else None,
            "reviews": [{"id": v.pk, "decision": v.decision, "reasons": v.reasons, "decided_at": v.decided_at.isoformat()}
                        for v in wsel.record_reviews(record)]}


@csrf_exempt
@login_not_required
@require_GET
def record_state(request, pk):
    try:
        record = selectors.record_get(user=_user(request, write=False), pk=pk)
        return JsonResponse(_state(record))
    except Exception as exc:  # json_error re-raises what it does not know
        return json_error(exc)


@csrf_exempt  # token clients; session clients are checked for CSRF in _user
@login_not_required
@require_POST
def record_action(request, pk, action):
    try:
        user = _user(request, write=True)
        record = selectors.record_get(user=user, pk=pk)
        body = _body(request)
        if action == "submit":
            services.record_submit(record, actor=user)
        elif action == "review":
            if body.get("decision") not in ("approve", "reject"):
                raise ApplicationError("decision must be approve or reject", field="decision")
            checks = body.get("checks") or {}
            if not isinstance(checks, dict):
                raise ApplicationError("checks must be an object of booleans", field="checks")
            services.record_review(record, actor=user, approve=body["decision"] == "approve", checks=checks,
                                   reasons=str(body.get("reasons") or ""), severity=body.get("severity") or None)
        elif action == "status":
            services.record_set_status(record, status=str(body.get("status", "")), note=str(body.get("note") or ""),
                                       actor=user)
        record.refresh_from_db()
        return JsonResponse(_state(record))
    except Exception as exc:
        return json_error(exc)
