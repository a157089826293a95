"""Reading request bodies for the JSON APIs, and the one JSON error shape, one way for every app.

A body is JSON whatever its declared Content-Type (clients send text/plain, form types or none), so
every check is made on the bytes the parser reads: its size (`JSON_MAX_BYTES`, default 4 MiB) and its
nesting depth (`JSON_MAX_DEPTH`, default 32) before parsing — 100,000 nested brackets would otherwise
exhaust the parser's recursion — and no NUL character in any key or value after it (PostgreSQL cannot
store one; RejectNulMiddleware refuses raw and escaped NULs earlier, this is the parser's own guard).
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError

_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def max_bytes() -> int:
    return int(setting("JSON_MAX_BYTES"))


def max_depth() -> int:
    return int(setting("JSON_MAX_DEPTH"))


def _outside_strings(raw: bytes) -> bytes:
    """The JSON text without the contents of its strings, at C speed: escaped backslashes and escaped
    quotes are dropped (left to right, as the parser pairs them), then the strings are every other
    piece between the remaining quotes (an unterminated one runs to the end)."""
    return b"".join(raw.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[::2])


def nesting_depth(raw: bytes, *, stop_at: int | None = None) -> int:
    """How deep the parser would recurse on this JSON text: its deepest bracket nesting, brackets inside
    strings not counted. A pre-scan at C speed (it does not validate): each pass removes every innermost
    "[]" pair, which lowers the deepest nesting by exactly one; what is left unclosed counts in full.
    Stops once `stop_at` is exceeded (the answer is then only known to be more than it)."""
    rest = _outside_strings(raw).translate(_BRACKETS, _NOT_BRACKETS)
    if stop_at is not None and b"[" * (stop_at + 1) in rest:  # a run of openings: too deep, at once
        return stop_at + 1
    depth = 0
    while rest and (stop_at is None or depth <= stop_at):
        shorter = rest.replace(b"[]", b"")
        if len(shorter) == len(rest):
            break
        depth, rest = depth + 1, shorter
    return depth + rest.count(b"[")  # no "[]" left: "]]][[[" — the opening ones are never closed


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_json")


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in k or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def parse_json(raw: bytes):
    """The value of a JSON text within the size and depth limits, else ApplicationError("invalid_json")
    naming the problem."""
    limit = max_bytes()
    if len(raw) > limit:
        raise _invalid(
            _("请求体过大：%(size)s 字节，上限 %(limit)s 字节。") % {"size": len(raw), "limit": limit}
        )
    deepest = nesting_depth(raw, stop_at=max_depth())
    if deepest > max_depth():
        raise _invalid(_("JSON 嵌套层数过多：超过 %(limit)s 层。") % {"limit": max_depth()})
    try:
        data = json.loads(raw or b"{}")
    except RecursionError:  # the pre-scan should have caught it; never a server error
        raise _invalid(_("JSON 嵌套层数过多：超过 %(limit)s 层。") % {"limit": max_depth()}) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise _invalid(_("请求体不是合法的 JSON：%(reason)s") % {"reason": exc}) from None
    if _has_nul(data):
        raise _invalid(_("JSON 内容含有空字符（NUL），已拒绝。"))
    return data


def json_body(request, *, allow_form: bool = False, allow_list: bool = False):
    """The request's JSON object (or list, with `allow_list`), else ApplicationError("invalid_json").

    A form post is read as a form when `allow_form`; a multipart body is never JSON (and its stream
    may already have been read for its fields), so it is refused with 415 rather than misread. Any
    other body is parsed as JSON whatever its declared type, within `parse_json`'s limits."""
    if allow_form and request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return request.POST.dict()
    if request.content_type == "multipart/form-data":
        raise ApplicationError(_("请求体应为 JSON（Content-Type: application/json）。"),
                               code="unsupported_media_type", status=415)
    declared = request.META.get("CONTENT_LENGTH") or ""
    if declared.isdigit() and int(declared) > max_bytes():  # refused before the body is read
        raise _invalid(_("请求体过大：%(size)s 字节，上限 %(limit)s 字节。") % {"size": int(declared),
                                                                        "limit": max_bytes()})
    data = parse_json(request.body)
    if not isinstance(data, dict) and not (allow_list and isinstance(data, list)):
        raise ApplicationError(_("请求体应为 JSON 对象。"), code="invalid_json")
    return data


# --- the one JSON error shape --------------------------------------------------------------------------


def error_payload(exc: Exception) -> tuple[dict, int]:
    """(JSON body, HTTP status) for an exception raised while serving an API request (others re-raised)."""
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
    """`error_payload` as a response."""
    body, status = error_payload(exc)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
