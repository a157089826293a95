"""One exception for business-rule refusals — pure: rules, services and views may all raise it.

Services raise `ApplicationError(message, field=..., code=...)`; the edge (core.api, core.render,
core.http.error_payload) turns it — and Django's ValidationError / PermissionDenied / Http404 — into a
page message or into `{"error": {"code": ..., "message": ..., "fields": {...}}}` with the right status.
"""


class ApplicationError(Exception):
    """A refusal the user can act on: a forbidden transition, a rule broken, a missing precondition."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status
