"""Issue 12 item 6: JSON bodies are limited in size and nesting depth before they are parsed (100,000
nested brackets were a RecursionError, a 500), and refused with 400 invalid_json naming the problem."""

import json

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from zhengwu.core import http
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.tests.conftest import issue_key


@pytest.mark.parametrize(("text", "depth"), [
    (b"{}", 1), (b"[]" * 1000, 1), (b'{"a": [1, {"b": [[]]}]}', 5), (b'"[[[["', 0),
    (b'{"t": "a \\" [[[ \\\\", "u": [[1]]}', 3),  # an escaped quote does not end the string
    (b"[" * 100_000, 100_000), (b"[[[]]", 3), (b'{"a": "unterminated [[[', 1), (b"]]][[[", 3),
])
def test_the_pre_scan_counts_brackets_outside_strings(text, depth):
    assert http.nesting_depth(text) == depth


def _request(body: bytes, content_type="application/json"):
    return RequestFactory().post("/x/api/", data=body, content_type=content_type)


def _refusal(body: bytes, **kwargs) -> str:
    with pytest.raises(ApplicationError) as exc:
        http.json_body(_request(body), **kwargs)
    assert exc.value.code == "invalid_json" and exc.value.status == 400
    return exc.value.message


def test_depth_32_is_read_and_33_is_refused_naming_the_limit():
    value, depth = http.json_body(_request(b'{"a": ' + b"[" * 31 + b"]" * 31 + b"}"))["a"], 1
    while value:
        value, depth = value[0], depth + 1
    assert depth == 31  # 31 lists inside the object: 32 levels, read
    deep = b'{"a": ' + b"[" * 32 + b"]" * 32 + b"}"
    assert "嵌套层数过多" in _refusal(deep) and "32" in _refusal(deep)


def test_a_hundred_thousand_brackets_are_refused_before_parsing(monkeypatch):
    parsed = []
    monkeypatch.setattr(http.json, "loads", lambda *a, **k: parsed.append(1))
    assert "嵌套层数过多" in _refusal(b"[" * 100_000 + b"]" * 100_000, allow_list=True)
    assert not parsed  # the parser never saw it


def test_a_recursion_error_is_refused_even_if_the_pre_scan_misses_it(monkeypatch):
    monkeypatch.setattr(http, "nesting_depth", lambda raw, stop_at=None: 0)
    assert "嵌套层数过多" in _refusal(b"[" * 100_000 + b"]" * 100_000, allow_list=True)


def test_a_body_over_the_size_limit_is_refused_naming_both_sizes(settings):
    settings.JSON_MAX_BYTES = 1000
    message = _refusal(json.dumps({"text": "x" * 2000}).encode())
    assert "请求体过大" in message and "1000" in message
    request = _request(b"{}")
    request.META["CONTENT_LENGTH"] = "5000000"  # refused on the header, before the body is read
    with pytest.raises(ApplicationError, match="5000000"):
        http.json_body(request)


def test_any_declared_type_is_parsed_with_the_same_limits():
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/octet-stream", ""):
        assert http.json_body(_request(b'{"a": 1}', content_type)) == {"a": 1}
        with pytest.raises(ApplicationError, match="嵌套层数过多"):
            http.json_body(_request(b"[" * 5000, content_type), allow_list=True)


def test_the_parser_refuses_a_nul_in_any_key_or_value():
    for body in (b'{"a": "x\\u0000"}', b'{"a\\u0000": 1}', b'{"a": [{"b": ["\\u0000"]}]}'):
        assert "空字符" in _refusal(body)
    assert http.json_body(_request(b'{"a": "\\\\u0000"}')) == {"a": "\\u0000"}  # the text \u0000 is fine


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/dispatch/api/events/", "/dispatch/api/events/batch/"])
@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"events": ' + b"[" * 100_000, b'{"a": ' * 50_000])
def test_the_intake_api_answers_deep_json_with_400_naming_it(client, db, url, body):
    token = issue_key("攻击测试", "system")
    r = client.post(url, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_json" and "嵌套层数过多" in r.json()["error"]["message"]
    assert Event.objects.count() == 0


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab路,:'),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                         st.text(alphabet='[]{}"\\ab', max_size=4), inner, max_size=4), max_leaves=30)


@hypothesis_settings(max_examples=300, deadline=None)
@given(_JSON, st.booleans())
def test_the_pre_scan_agrees_with_the_parser_on_any_json(value, ascii_only):
    """Whatever brackets, quotes and backslashes the strings hold, the pre-scan's depth is the value's."""
    text = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert http.nesting_depth(text) == _depth(value)
