"""The import API (core.api: `Authorization: Bearer <key>`
for a unit's machine client, or the session with CSRF).

    POST /credit/api/imports/       file=…, kind=license|penalty (+ unit=CODE for a session user) → 202
    the batch GET  /credit/api/imports/<id>/  → the batch: status, progress, counts, error report link

A key (core.ApiKey with scope `credit.import`, a unit and a user; issued with `core.services.api_key_issue`)
acts as its user for its unit. Errors are `{"error": {"code", "message", "fields"}}`: 401 unauthenticated /
invalid_token / token_revoked / token_expired, 403 wrong_scope or a missing role, 400 naming the field.
"""

from django.utils.translation import gettext as _

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.credit import forms, permissions, selectors, services, tasks
from zhengwu.org.selectors import unit_by_code


def _batch_json(b) -> dict:
    return {
        "id": b.pk,
        "unit": b.unit.code,
        "kind": b.kind,
        "status": b.status,
        "message": b.message,
        "rows": b.rows,
        "processed": b.processed,
        "valid_rows": b.valid_rows,
        "created": b.created,
        "updated": b.updated,
        "unchanged": b.unchanged,
        "errors": b.error_count,
        "error_report": f"/credit/imports/{b.pk}/errors.xlsx" if b.error_report else None,
    }


def key_user(request):
    """The user who acts: the session's, or the key's — a
    credit key names its unit and user (403 otherwise)."""
    key = request.api_key
    if key is not None and (key.unit_id is None or key.user_id is None):
        raise ApplicationError(
            _("该接口密钥未指定单位和代表用户，不能用于双公示接口。"), code="key_incomplete", status=403
        )
    return request.principal


@api_view(methods=["POST"], scope=permissions.API_SCOPE)
def import_upload(request):
    """POST file=…, kind=license|penalty (+ unit=CODE for session users) → the queued import."""
    user = key_user(request)
    data = forms.cleaned(forms.ImportApiForm(request.POST, request.FILES))
    if request.api_key is not None:
        unit = request.api_key.unit
    else:
        unit = unit_by_code(data["unit"])
        if unit is None:
            raise ApplicationError(_("未知单位代码。"), code="unknown_unit", field="unit")
    batch = services.import_create(unit=unit, kind=data["kind"], upload=data["file"], actor=user)
    tasks.run_import.enqueue(batch.pk)
    batch.refresh_from_db()
    return _batch_json(batch), 202


@api_view(methods=["GET"], scope=permissions.API_SCOPE)
def import_status(request, pk):
    return _batch_json(selectors.import_get(user=key_user(request), pk=pk))
