"""A NUL character anywhere in a request is refused once, centrally, naming where (PostgreSQL cannot
store one: it was a server error at the first query on that database)."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "where"), [
    ("get", "/org/units/%00/", {}, "网址"),
    ("get", "/dispatch/lookup/", {"case_no": "LH\x00"}, "参数“case_no”"),
    ("post", "/dispatch/report/", {"title": "路灯\x00坏了"}, "参数“title”"),
])
def test_a_nul_in_the_address_parameters_or_form_is_a_400_naming_where(client, method, url, data, where):
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert where in response.content.decode() and "空字符" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_in_a_json_body_gets_the_json_error_shape(client):
    response = client.post("/dispatch/api/events/", '{"title": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_ordinary_requests_pass(client):
    assert client.get("/dispatch/lookup/", {"case_no": "LH20261125000001"}).status_code == 200


@pytest.mark.django_db
def test_a_malformed_multipart_body_is_not_a_server_error(client):
    response = client.generic("POST", "/dispatch/report/", b"--x\r\nbroken",
                              content_type="multipart/form-data; boundary=x")
    assert response.status_code < 500


@pytest.mark.django_db
def test_a_json_api_given_a_multipart_body_says_it_wants_json(client, make_user):
    client.force_login(make_user("QFGJ", "admin"))
    response = client.post("/org/api/units/QFGJ", {"phone": "123"})  # the test client's default: multipart
    assert response.status_code == 415 and "application/json" in response.json()["error"]["message"]
    bad = client.post("/org/api/units/QFGJ", "{oops", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_json"


# --- Issue 12 item 6: the APIs parse a body as JSON whatever its declared type, so the bytes are checked
# whatever the header (a text/plain body put a NUL into a case title and into a record's public 备注).

NUL_BODIES = [
    ("text/plain", b'{"title": "\\u8def\\u706f\\u0000", "text": "t", "reporter_phone": "13812345678"}'),
    ("application/x-www-form-urlencoded", b'{"title": "a\\u0000", "text": "t"}'),
    ("application/octet-stream", b'{"title": "a\\u0000", "text": "t"}'),
    ("", b'{"title": "a\\u0000", "text": "t"}'),
    ("text/plain", b'{"title": "a\x00", "text": "t"}'),  # a raw NUL too
    ("text/plain; charset=utf-16", '{"title": "a", "text": "t"}'.encode("utf-16")),  # NUL bytes of UTF-16
]


@pytest.mark.django_db
@pytest.mark.parametrize(("content_type", "body"), NUL_BODIES)
def test_a_nul_in_a_body_of_any_declared_type_is_refused_before_the_api(client, content_type, body):
    from zhengwu.dispatch.models import Event
    from zhengwu.dispatch.tests.conftest import issue_key

    token = issue_key("微信", "wechat")
    response = client.generic("POST", "/dispatch/api/events/", body, content_type=content_type,
                              HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and response.json()["error"]["code"] == "nul_character"
    assert "空字符" in response.json()["error"]["message"] and not Event.objects.exists()


@pytest.mark.django_db
def test_a_text_plain_body_cannot_put_a_nul_into_a_public_note(client, units, make_user):
    from zhengwu.credit.tests.workflow_factories import make_record
    from zhengwu.org.roles import Role

    record = make_record(units["QCGJ"], state="published")
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    response = client.generic("POST", f"/credit/api/records/{record.pk}/status/",
                              b'{"status": "3", "note": "\\u5907\\u6ce8\\u0000"}', content_type="text/plain")
    assert response.status_code == 400 and "空字符" in response.json()["error"]["message"]
    record.refresh_from_db()
    assert record.status == "0" and "\x00" not in str(record.data)


@pytest.mark.django_db
def test_the_text_backslash_u0000_is_not_a_nul(client, classify_as_any):
    from zhengwu.dispatch.models import Event
    from zhengwu.dispatch.tests.conftest import issue_key

    token = issue_key("微信", "wechat")
    body = b'{"title": "\\\\u0000 is how JSON writes NUL", "text": "t"}'  # an escaped backslash, then u0000
    response = client.generic("POST", "/dispatch/api/events/", body, content_type="text/plain",
                              HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201 and Event.objects.get().title == "\\u0000 is how JSON writes NUL"


@pytest.fixture
def classify_as_any(units, monkeypatch):
    from zhengwu.dispatch.tests.conftest import FakeClassifier, load_reference, use_classifier

    load_reference()
    use_classifier(monkeypatch, FakeClassifier())
