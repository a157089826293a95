"""JSON API: session (with CSRF) for the browser, `Authorization: Token <key>` for a unit's machine clients."""


from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_error
from zhengwu.core.tokens import new_token, token_hash
from zhengwu.credit import selectors, services, tasks
from zhengwu.credit.models import ApiToken


def token_create(*, unit, user, name: str) -> str:
    """Create a unit's API token; returns the key once (only its SHA-256 is stored)."""
    key = new_token()
    ApiToken.objects.create(unit=unit, user=user, name=name, key_hash=token_hash(key))
    return key


def _token(request) -> ApiToken | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Token "):
        return None
    digest = token_hash(header[6:].strip())
    token = ApiToken.objects.select_related("unit", "user").filter(key_hash=digest, is_active=True).first()
    if token:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def _batch_json(b) -> dict:
    return {"id": b.pk, "unit": b.unit.code, "kind": b.kind, "status": b.status, "message": b.message, "rows": b.rows,
            "processed": b.processed, "valid_rows": b.valid_rows, "created": b.created, "updated": b.updated,
            "unchanged": b.unchanged, "errors": b.error_count,
            "error_report": f"/credit/imports/{b.pk}/errors.xlsx" if b.error_report else None}


@csrf_exempt  # token clients; session clients are checked for CSRF below
@login_not_required
@require_http_methods(["POST"])
def import_upload(request):
    """POST file=…, kind=license|penalty (+ unit=CODE for session users) → the queued import."""
    token = _token(request)
    try:
        if token is None:
            if not request.user.is_authenticated:
                raise ApplicationError("authentication required", code="unauthenticated", status=401)
            from django.middleware.csrf import CsrfViewMiddleware

            reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if reason is not None:
                raise ApplicationError("CSRF check failed", code="forbidden", status=403)
            from zhengwu.org.models import Unit

            unit = Unit.objects.filter(code=request.POST.get("unit", "")).first()
            if unit is None:
                raise ApplicationError("unknown unit", field="unit")
            user = request.user
        else:
            unit, user = token.unit, token.user
        file = request.FILES.get("file")
        if file is None:
            raise ApplicationError("file is required", field="file")
        batch = services.import_create(unit=unit, kind=request.POST.get("kind", ""), upload=file, actor=user)
    except Exception as exc:  # json_error re-raises what it does not know
        return json_error(exc)
    tasks.run_import.enqueue(batch.pk)
    batch.refresh_from_db()
    return JsonResponse(_batch_json(batch), status=202)


@csrf_exempt
@login_not_required
@require_http_methods(["GET"])
def import_status(request, pk):
    token = _token(request)
    user = token.user if token else request.user
    try:
        batch = selectors.import_get(user=user, pk=pk)
    except Exception as exc:
        return json_error(exc)
    return JsonResponse(_batch_json(batch))
