"""What an event must look like to be received (item 31), as pure checks: every refusal is an
ApplicationError with a stable `code` and the `field` at fault, so forms show it beside the field and
the API answers it in the one error shape."""

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.standard import IDEMPOTENCY_KEY_MAX, Channel

#: The fields an API client may send for one event.
API_FIELDS = ("title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id")
_TEXT_FIELDS = ("title", "text", "address", "reporter_name", "reporter_phone")


def clean_text(value, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    """The value as stripped text; `required` when missing and required, `too_long` past max_length."""
    value = (value or "").strip() if isinstance(value, str) else ("" if value is None else str(value).strip())
    if required and not value:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field, code="required")
    if len(value) > max_length:
        raise ApplicationError(
            _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": max_length},
            field=field,
            code="too_long",
        )
    return value


def coordinate(value, *, field: str, low: float, high: float) -> float | None:
    """A latitude or longitude, or None when blank; `not_a_number` / `out_of_range` otherwise."""
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ApplicationError(
            _("坐标 %(field)s 不是数字：%(v)s") % {"field": field, "v": value},
            field=field,
            code="not_a_number",
        ) from None
    if not low <= number <= high:
        raise ApplicationError(
            _("坐标 %(field)s 超出范围：%(v)s") % {"field": field, "v": value},
            field=field,
            code="out_of_range",
        )
    return number


def check_channel(channel: str) -> str:
    """One of `standard.Channel`, else `unknown_channel`."""
    if channel not in {c.value for c in Channel}:
        raise ApplicationError(
            _("未知的来源渠道：%(c)s") % {"c": channel}, field="channel", code="unknown_channel"
        )
    return channel


def check_idempotency_key(value: str) -> str:
    """An Idempotency-Key header: printable ASCII, at most 128 characters (the IETF draft's shape)."""
    key = (value or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX or any(not " " <= ch <= "~" for ch in key):
        raise ApplicationError(
            _("Idempotency-Key 应为不超过 %(n)s 个可打印 ASCII 字符。") % {"n": IDEMPOTENCY_KEY_MAX},
            field="idempotency_key",
            code="invalid_idempotency_key",
        )
    return key


def api_fields(body) -> dict:
    """The intake arguments of one event sent as JSON: an object of `API_FIELDS` only, text fields as
    strings (`invalid_json`, `unknown_field`, `not_a_string`, each naming the field)."""
    if not isinstance(body, dict):
        raise ApplicationError(_("请求体应为 JSON 对象。"), code="invalid_json")
    unknown = sorted(set(body) - set(API_FIELDS))
    if unknown:
        raise ApplicationError(
            _("未知字段：%(f)s") % {"f": "、".join(unknown)}, field=unknown[0], code="unknown_field"
        )
    for key in _TEXT_FIELDS:
        if body.get(key) is not None and not isinstance(body[key], str):
            raise ApplicationError(_("字段 %(f)s 应为字符串。") % {"f": key}, field=key, code="not_a_string")
    args = {
        k: (body.get(k) if body.get(k) is not None else "") for k in API_FIELDS if k not in ("lat", "lng")
    }
    args["source_id"] = str(args["source_id"])
    return args | {"lat": body.get("lat"), "lng": body.get("lng")}
