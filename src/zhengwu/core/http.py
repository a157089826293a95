"""Reading request bodies for the JSON APIs, one way for every app."""

import json

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError


def json_body(request, *, allow_form: bool = False, allow_list: bool = False):
    """The request's JSON object (or list, with `allow_list`), else ApplicationError("invalid_json").

    A form post is read as a form when `allow_form`; a multipart body is never JSON (and its stream
    may already have been read for its fields), so it is refused with 415 rather than misread."""
    if allow_form and request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return request.POST.dict()
    if request.content_type == "multipart/form-data":
        raise ApplicationError(_("请求体应为 JSON（Content-Type: application/json）。"),
                               code="unsupported_media_type", status=415)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApplicationError(_("请求体不是合法的 JSON：%(reason)s") % {"reason": exc},
                               code="invalid_json") from None
    if not isinstance(data, dict) and not (allow_list and isinstance(data, list)):
        raise ApplicationError(_("请求体应为 JSON 对象。"), code="invalid_json")
    return data


# The one JSON error shape lives with the other HTTP helpers (core.errors stays pure, for rules).
from zhengwu.core.errors import error_payload, json_error  # noqa: E402,F401  — moved here in the skeleton change
