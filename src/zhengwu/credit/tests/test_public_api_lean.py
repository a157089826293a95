"""The public JSON API through the lean middleware chain (core.lean, issue 13 item 17): anonymous, GET-only,
the same privacy rules and answers as through the full chain, and no work the JSON does not need.

The visibility table (test_visibility_surfaces) asks the lean API too; here: what the chain keeps and drops,
what it refuses, the masking, and the number of queries per request.
"""

import json
import re
from datetime import timedelta

import pytest
from django.urls import get_resolver
from django.utils import timezone

from zhengwu.core import lean
from zhengwu.credit.models import Record
from zhengwu.credit.tests.factories import RIC
from zhengwu.credit.tests.test_public import PERSON, PHONE, publish, records  # noqa: F401  (fixture)
from zhengwu.org.roles import Role
from zhengwu.testing.lean import LeanClient

pytestmark = pytest.mark.django_db

API = "/credit/api/public/records/"


@pytest.fixture
def lean_client():
    return LeanClient()


@pytest.fixture
def public(records):  # noqa: F811
    publish(*records.values())
    return records


def test_the_credit_api_is_under_a_lean_prefix_and_the_wsgi_entry_point_routes_it():
    from zhengwu import wsgi

    assert "/credit/api/public/" in lean.prefixes()
    assert wsgi.application.prefixes == lean.prefixes()
    assert isinstance(wsgi.application.lean, lean.LeanHandler)
    seen = []
    route = lean.application(lambda environ, start: seen.append("full"),
                             lean=lambda environ, start: seen.append("lean"))
    for path in ("/credit/api/public/records/", "/credit/public/", "/credit/api/imports/", "/",
                 "//credit/api/public/"):
        route({"PATH_INFO": path}, None)
    assert seen == ["lean", "full", "full", "full", "full"]


def test_the_lean_chain_drops_only_session_user_form_and_page_middleware():
    from django.conf import settings

    chain = lean.lean_middleware()
    assert chain[0] == "zhengwu.core.lean.AnonymousMiddleware"
    assert set(chain[1:]) == set(settings.MIDDLEWARE) - lean.DROPPED
    for kept in ("django.middleware.security.SecurityMiddleware",
                 "zhengwu.core.middleware.UploadsHostMiddleware",
                 "zhengwu.core.middleware.RejectNulMiddleware",
                 "zhengwu.core.middleware.LanguageMiddleware",
                 "zhengwu.core.middleware.ContentSecurityPolicyMiddleware"):
        assert kept in chain
    for dropped in ("django.contrib.sessions.middleware.SessionMiddleware",
                    "django.contrib.auth.middleware.AuthenticationMiddleware"):
        assert dropped not in chain


def _paths(patterns=None, prefix="/"):
    """Every URL of the site, each parameter filled with 1."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + re.sub(r"<(?:\w+:)?\w+>", "1", str(pattern.pattern))
        if hasattr(pattern, "url_patterns"):
            yield from _paths(pattern.url_patterns, route)
        else:
            yield route


def test_every_view_under_a_lean_prefix_refuses_writes():
    """Only GET-only public views may be under a lean prefix: each answers POST with 405 on the lean chain."""
    client = LeanClient()
    found = [path for path in _paths() if lean.is_lean(path, lean.prefixes())]
    assert {"/credit/api/public/records/", "/credit/api/public/records/1/"} <= set(found)
    for path in found:
        assert client.post(path).status_code == 405, path
    assert client.handler.served_lean == len(found)


def test_same_answers_as_the_full_chain_and_masked(client, lean_client, public):
    person = public["PEN-P"]
    for params in ({"name": "鹏城商贸"}, {"uscc": public["LIC-A"].uscc}, {"name": "张*明"},
                   {"kind": "penalty"}, {"decision_no": person.decision_no}):
        full, short = client.get(API, params), lean_client.get(API, params)
        assert short.status_code == 200
        assert short.json() == full.json(), params
    body = lean_client.get(API, {"name": "张*明"}).content.decode()
    row = json.loads(body)["records"][0]
    assert row["id"] == person.pk and row["subject_name"] == "张*明" and row["uscc"] == ""
    for secret in (PERSON, RIC, PHONE):
        assert secret not in body
    assert lean_client.get(API, {"name": "张三"}).json()["records"] == []  # real names are not searchable
    assert lean_client.handler.served_lean == 7


def test_not_public_records_stay_hidden_on_the_lean_chain(lean_client, public):
    gone = public["LIC-A"]
    Record.objects.filter(pk=gone.pk).update(public_until=timezone.localdate() - timedelta(days=1))
    assert lean_client.get(f"{API}{gone.pk}/").status_code == 404
    assert gone.pk not in {r["id"] for r in lean_client.get(API, {"name": "鹏城商贸"}).json()["records"]}
    assert lean_client.get(f"{API}{public['PEN-C'].pk}/").status_code == 200


def test_a_staff_session_changes_nothing_and_no_cookie_is_set(lean_client, public, make_user):
    user = make_user("QFGJ", Role.OPERATOR)
    lean_client.force_login(user)
    anonymous = LeanClient().get(API, {"kind": "license"})
    response = lean_client.get(API, {"kind": "license"})
    assert response.json() == anonymous.json()
    assert not response.cookies  # no session, CSRF or language cookie from the lean chain
    assert response.wsgi_request.user.is_anonymous
    assert not hasattr(response.wsgi_request, "session")


def test_refusals_and_headers_on_the_lean_chain(lean_client, public):
    bad = lean_client.get(API, {"name": "鹏"})  # one character: refused with a message naming the parameter
    assert bad.status_code == 400 and bad.json()["error"]["fields"]
    assert lean_client.get(API, {"name": "a\x00b"}).status_code == 400  # NUL refused before the view
    missing = lean_client.get("/credit/api/public/nothing-here/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "404"
    assert lean_client.delete(API).status_code == 405
    ok = lean_client.get(API, {"kind": "penalty"})
    assert ok["Access-Control-Allow-Origin"] == "*"
    assert ok["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in ok
    assert ok["Content-Language"] == "zh-hans"
    english = LeanClient()
    english.cookies["django_language"] = "en"
    assert english.get(API, {"kind": "penalty"})["Content-Language"] == "en"


@pytest.mark.parametrize("chain", ["full", "lean"])
def test_one_query_per_lookup_and_none_for_the_page_form(client, public, django_assert_num_queries, chain):
    """A code or name lookup of legal persons is one SQL statement; a natural person's row adds one (their own
    values, to scrub them from the summary); the search page's unit list is never computed for JSON."""
    http = client if chain == "full" else LeanClient()
    with django_assert_num_queries(1):
        assert http.get(API, {"uscc": public["LIC-A"].uscc}).json()["records"]
    with django_assert_num_queries(1):
        assert http.get(API, {"name": "鹏城商贸"}).json()["records"]
    with django_assert_num_queries(2):
        assert http.get(API, {"name": "张*明"}).json()["records"]
    with django_assert_num_queries(1):
        assert http.get("/credit/public.json", {"name": "鹏城商贸"}).json()["records"]
