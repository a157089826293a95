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
