"""The one thin edge: API authentication and errors (core.api), page + JSON twin (core.render),
declared settings (core.conf) and provided selectors (core.systems)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from zhengwu.core import conf, systems
from zhengwu.core.models import ApiKey
from zhengwu.core.services import api_key_issue, api_key_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zhengwu.core.tests.edge_urls")]


def _post(client, key=None, **data):
    headers = {"Authorization": key} if key is not None else {}
    return client.post("/write/", data, headers=headers)


def test_every_key_failure_has_its_own_code(units):
    client = Client()
    key_obj, key = api_key_issue(name="审批系统", scope="test.scope", unit=units["QFGJ"], actor=None)
    revoked_obj, revoked = api_key_issue(name="旧", scope="test.scope", unit=units["QFGJ"], actor=None)
    api_key_revoke(key=revoked_obj, actor=None)
    expired_obj, expired = api_key_issue(name="过期", scope="test.scope", unit=units["QFGJ"], actor=None,
                                         expires_at=timezone.now() - timedelta(seconds=1))
    _other, other_scope = api_key_issue(name="别的", scope="other.scope", unit=units["QFGJ"], actor=None)
    cases = [(None, 401, "unauthenticated"), ("Bearer wrong", 401, "invalid_token"),
             (f"Token {key}", 401, "unauthenticated"), (f"Bearer {revoked}", 401, "token_revoked"),
             (f"Bearer {expired}", 401, "token_expired"), (f"Bearer {other_scope}", 403, "wrong_scope")]
    for header, status, code in cases:
        response = _post(client, header)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), header
    ok = _post(client, f"Bearer {key}")
    assert ok.status_code == 201 and ok.json() == {"principal": "审批系统"}
    key_obj.refresh_from_db()
    assert key_obj.last_used_at is not None
    assert ApiKey.objects.get(pk=key_obj.pk).key_hash != key  # only the digest is stored


def test_a_session_caller_must_pass_csrf_and_errors_have_the_one_shape(make_user):
    user = make_user("QFGJ", "operator")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    refused = strict.post("/write/", {"x": "1"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    relaxed = Client()
    relaxed.force_login(user)
    assert relaxed.post("/write/").status_code == 201
    failed = relaxed.post("/write/", {"fail": "1"})
    assert failed.status_code == 400
    assert failed.json() == {"error": {"code": "nope", "message": "不行", "fields": {"fail": ["不行"]}}}


def test_methods_are_enforced_and_public_views_need_no_one():
    client = Client()
    assert client.get("/write/").status_code == 405
    assert client.get("/write/")["Allow"] == "POST"
    assert client.get("/read/").json() == [1, 2, 3]


@pytest.fixture
def page_template(settings, tmp_path):
    (tmp_path / "edge_test").mkdir()
    (tmp_path / "edge_test" / "page.html").write_text(
        "{{ message }}|{{ title }}|{{ error }}", encoding="utf-8"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def test_a_page_and_its_json_twin_come_from_the_same_view(page_template):
    client = Client()
    html = client.get("/page/5/")
    assert (
        html.status_code == 200 and "item 5" in html.content.decode() and "page-only" in html.content.decode()
    )
    twin = client.get("/page/5.json")
    assert twin.json() == {"status": 200, "message": "item 5"} and twin["Access-Control-Allow-Origin"] == "*"
    assert client.get("/page/5/?format=json").json() == twin.json()
    assert client.get("/page/0.json").json()["error"]["code"] == "not_found"
    assert client.get("/page/0/").status_code == 404
    bad = client.get("/page/1/")
    assert bad.status_code == 400 and bad.content.decode() == "no data||坏的参数"
    assert client.get("/page/1.json").json()["error"]["code"] == "bad_param"


def test_declared_settings_have_one_default_and_undeclared_ones_are_refused(settings):
    some = next(iter(conf.declared()))
    app, item = conf.declared()[some]
    assert conf.setting(some) == getattr(settings, some, item.default)
    with pytest.raises(ImproperlyConfigured):
        conf.setting("NOT_DECLARED_ANYWHERE")
    assert f"`{some}`" in conf.markdown_table()


def test_a_system_reaches_another_only_through_what_it_provides():
    with pytest.raises(LookupError):
        systems.provided("org", "nothing_of_the_sort")
    with pytest.raises(LookupError):
        systems.provided("no_such_app", "x")
