"""One exception for business-rule refusals, and one JSON shape for every API error.

Services raise `ApplicationError(message, field=..., code=...)`; views turn it (and Django's
ValidationError / PermissionDenied / Http404) into a page message or into
`{"error": {"code": ..., "message": ..., "fields": {...}}}` with the right status.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse


class ApplicationError(Exception):
    """A refusal the user can act on: a forbidden transition, a rule broken, a missing precondition."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status


def error_payload(exc: Exception) -> tuple[dict, int]:
    """(JSON body, HTTP status) for an exception raised while serving an API request."""
    if isinstance(exc, ApplicationError):
        body = {"code": exc.code, "message": exc.message}
        if exc.field:
            body["fields"] = {exc.field: [exc.message]}
        return {"error": body}, exc.status
    if isinstance(exc, ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        return {"error": {"code": "invalid", "message": "; ".join(exc.messages), "fields": fields}}, 400
    if isinstance(exc, PermissionDenied):
        return {"error": {"code": "forbidden", "message": str(exc) or "forbidden"}}, 403
    if isinstance(exc, Http404):
        return {"error": {"code": "not_found", "message": str(exc) or "not found"}}, 404
    raise exc


def json_error(exc: Exception) -> JsonResponse:
    body, status = error_payload(exc)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
