"""JSON API of the workflow: a record's workflow state, submit, confidentiality review, status change.

Authentication as the import API (core.api): a session (with CSRF) or `Authorization: Bearer <key>` (a key of
scope `credit.import`; its user acts). Errors are `{"error": {"code", "message", "fields"}}`: 404 for a
record of another unit (the same as a missing one), 403 for a missing role, 409 for a forbidden transition.

    GET  /credit/api/records/<id>/workflow/
    POST /credit/api/records/<id>/submit/
    POST /credit/api/records/<id>/review/   {"decision": "approve"|"reject", "checks": {...}, "reasons": "…"}
    POST /credit/api/records/<id>/status/   {"status": "3", "note": "…"}
"""

from django.utils.translation import gettext as _

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_body
from zhengwu.credit import permissions, selectors
from zhengwu.credit.api import key_user
from zhengwu.credit.selectors import workflow as wsel
from zhengwu.credit.services import workflow as services


def _state(record) -> dict:
    due = wsel.record_due_status(record)
    return {
        "id": record.pk,
        "unit": record.unit.code,
        "key": record.key,
        "state": record.state,
        "status": record.status,
        "version": record.version,
        "due_on": record.due_on.isoformat() if record.due_on else None,
        "due_status": due.kind.value,
        "due_days": due.days,
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "severity": record.severity or None,
        "public_until": record.public_until.isoformat() if record.public_until else None,
        "reviews": [
            {"id": v.pk, "decision": v.decision, "reasons": v.reasons, "decided_at": v.decided_at.isoformat()}
            for v in wsel.record_reviews(record)
        ],
    }


@api_view(methods=["GET"], scope=permissions.API_SCOPE)
def record_state(request, pk):
    return _state(selectors.record_get(user=key_user(request), pk=pk))


def _review(record, body: dict, user) -> None:
    if body.get("decision") not in ("approve", "reject"):
        raise ApplicationError(
            _("decision 应为 approve 或 reject。"), code="invalid_decision", field="decision"
        )
    checks = body.get("checks") or {}
    if not isinstance(checks, dict):
        raise ApplicationError(_("checks 应为由布尔值组成的对象。"), code="invalid_checks", field="checks")
    services.record_review(record, actor=user, approve=body["decision"] == "approve", checks=checks,
                           reasons=str(body.get("reasons") or ""), severity=body.get("severity") or None,
                           severity_reason=str(body.get("severity_reason") or ""))


@api_view(methods=["POST"], scope=permissions.API_SCOPE)
def record_action(request, pk, action):
    user = key_user(request)
    record = selectors.record_get(user=user, pk=pk)
    body = json_body(request, allow_form=True)
    if action == "submit":
        services.record_submit(record, actor=user)
    elif action == "review":
        _review(record, body, user)
    elif action == "status":
        services.record_set_status(
            record, status=str(body.get("status", "")), note=str(body.get("note") or ""), actor=user
        )
    record.refresh_from_db()
    return _state(record)
