"""Assertions every app's tests share: the one error shape of the JSON edge, and refusals by code.

Tests assert a refusal's stable code (and the field it names), never its Chinese wording, so that a
message can be reworded or translated without touching a test."""

from contextlib import contextmanager


def assert_error(response, status: int, code: str, *, field: str | None = None) -> dict:
    """The response is the one error shape `{"error": {"code", "message", ...}}` with this status and
    code (and, when given, naming `field`); returns the error body for further checks."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["code"] == code, error
    assert error["message"], "an error must say what is wrong"
    if field is not None:
        assert field in (error.get("fields") or {}) or error.get("field") == field, error
    if status == 401 and "WWW-Authenticate" in response:
        assert f'error="{code}"' in response["WWW-Authenticate"]
    return error


@contextmanager
def refused(code: str, *, field: str | None = None):
    """`with refused("bad_date", field="SJC"): service(...)` — an ApplicationError with this code."""
    from zhengwu.core.errors import ApplicationError  # deferred: importable before Django is set up

    try:
        yield
    except ApplicationError as exc:
        assert exc.code == code, f"refused with {exc.code!r} ({exc.message}), expected {code!r}"
        if field is not None:
            assert exc.field == field, f"refusal names field {exc.field!r}, expected {field!r}"
    else:
        raise AssertionError(f"expected a refusal with code {code!r}, nothing was refused")
