"""The one edge for JSON APIs: authentication, CSRF, methods and the one error shape, declared once.

    @api_view(methods=["POST"], scope="dispatch.events", session=False)
    def events(request):
        body = json_body(request)
        event = services.event_intake(..., actor=request.principal)
        return {"case_no": event.case_no}, 201

A view returns a dict or list (200), a `(body, status)` pair, or any HttpResponse. Raised
`ApplicationError`, `ValidationError`, `PermissionDenied` and `Http404` become
`{"error": {"code", "message", "fields"}}` with their status; nothing else is caught (a bug stays a 500
and is logged). Machine clients send `Authorization: Bearer <key>` (RFC 6750; core.ApiKey); browsers
use their session, and then CSRF is enforced on unsafe methods exactly as on pages.
"""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from zhengwu.core import selectors, services
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import error_payload


def json_response(body, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _unauthorized(code: str, message: str) -> ApplicationError:
    return ApplicationError(message, code=code, status=401)


def authenticate_key(header: str, *, scope: str):
    """The active core.ApiKey named by an `Authorization`
    header value, or ApplicationError (401/403) saying why."""
    kind, _sep, key = header.partition(" ")
    if kind.lower() != "bearer" or not key.strip():
        raise _unauthorized("unauthenticated", _("需要接口密钥（Authorization: Bearer …）。"))
    found = selectors.api_key_for(key.strip())
    if found is None:
        raise _unauthorized("invalid_token", _("接口密钥无效。"))
    now = timezone.now()
    if found.revoked_at is not None:
        raise _unauthorized("token_revoked", _("接口密钥已吊销。"))
    if found.expires_at is not None and found.expires_at <= now:
        raise _unauthorized("token_expired", _("接口密钥已过期。"))
    if found.scope != scope:
        raise ApplicationError(_("该接口密钥不能用于此接口。"), code="wrong_scope", status=403)
    services.api_key_used(key=found, now=now)
    return found


def _authenticate(request, *, scope, session, public):
    header = request.headers.get("Authorization", "")
    if header and scope:
        request.api_key = authenticate_key(header, scope=scope)
        request.principal = request.api_key.user or request.api_key
        return
    request.api_key = None
    user = getattr(request, "user", None)
    if session and user is not None and user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if reason is not None:
                raise ApplicationError(_("CSRF 校验失败，请刷新页面后重试。"), code="csrf_failed", status=403)
        request.principal = user
        return
    if public:
        request.principal = None
        return
    if scope:
        raise _unauthorized("unauthenticated", _("需要接口密钥（Authorization: Bearer …）。"))
    raise _unauthorized("unauthenticated", _("请先登录。"))


def api_view(*, methods=("GET",), scope: str | None = None, session: bool = True, public: bool = False):
    """Decorate a JSON API view: which methods, which key scope, whether a session or nobody may call it."""
    allowed = tuple(m.upper() for m in methods)

    def decorate(view):
        @csrf_exempt  # CSRF is enforced in _authenticate for session callers, never for key callers
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                if request.method not in allowed:
                    response = json_response({"error": {"code": "method_not_allowed", "message": _(
                        "只支持 %(methods)s。") % {"methods": "、".join(allowed)}}}, status=405)
                    response["Allow"] = ", ".join(allowed)
                    return response
                _authenticate(request, scope=scope, session=session, public=public)
                result = view(request, *args, **kwargs)
            except (ApplicationError, ValidationError, PermissionDenied, Http404) as exc:
                body, status = error_payload(exc)
                response = json_response(body, status=status)
                if status == 401 and scope:
                    response["WWW-Authenticate"] = f'Bearer realm="zhengwu", error="{body["error"]["code"]}"'
                return response
            if isinstance(result, HttpResponse):
                return result
            if isinstance(result, tuple):
                return json_response(result[0], status=result[1])
            return json_response(result)

        wrapped.api_view = {"methods": allowed, "scope": scope, "session": session, "public": public}
        return wrapped

    return decorate
