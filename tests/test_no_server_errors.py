"""Never a 500: every URL of the project, as the public and as each kind of user, with real and absurd
path values, garbage query parameters, empty and malformed POSTs — over the demo data.

The routes come from the URL resolver, so a new page is swept without editing this file. A bad value
must get a clear 4xx (or a page saying what is wrong), never a server error.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLResolver, get_resolver

SKIP = {"logout", "login"}
#: Who also sends garbage POSTs (every user sends plain and garbage GETs): the public, a district
#: administrator, a 双公示 operator and the 大分拨 dispatcher.
POSTERS = {
    "public",
    "admin",
    "fgj_operator",
    "wgb_operator",
}  # logging out would end the sweep's session; login is throttled by axes
#: Values for each path parameter: real ones (filled from the demo data), then absurd ones.
ABSURD = {
    "int": ["2147483648", "99999999999999999999999"],  # beyond PostgreSQL's integer and bigint
    "str": ["不存在", "%00", "x" * 300],
}
GARBAGE_QUERY = {
    "page": "abc", "limit": "-5", "after": "!!not-a-cursor", "from": "2016-02-30", "to": "tomorrow",
    "kind": "zz", "unit": "不存在", "q": "%_\\'\"", "name": "%", "uscc": "123", "decision_no": "x" * 300,
    "year": "99999", "state": "zz", "o": "zz", "p": "-1", "format": "xx", "days": "-1", "phone": "abc",
    "case_no": "LH", "label": "不存在", "street": "zz", "sort": "zz", "all": "yes",
}
GARBAGE_POST = {
    "reason": "",
    "action": "nope",
    "unit": "不存在",
    "days": "-3",
    "rating": "zz",
    "kind": "zz",
    "ids": "abc",
    "phone": "123",
    "title": "",
    "text": "",
    "lat": "999",
    "lng": "abc",
    "year": "x",
}
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
#: run first, so that one test worker takes the sweep together and loads the demo data once (testing.fixtures)
pytestmark = pytest.mark.early


def routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.name

    for route, name in walk(get_resolver().url_patterns):
        if name in SKIP or route.startswith("admin/") or route.startswith("^") or "(?P" in route:
            continue
        yield route, name


def real_values() -> dict[str, list[str]]:
    from zhengwu.credit.models import CatalogSubmission, ConfidentialityReview, ImportBatch, Objection, Record
    from zhengwu.dispatch.models import Event, Extension, Photo
    from zhengwu.inspections.models import Batch, Draw, Task
    from zhengwu.lawyers.models import Contract, Replacement
    from zhengwu.outbox.models import Message

    def ids(qs):
        return [str(i) for i in qs.values_list("pk", flat=True)[:2]]

    events = list(Event.objects.values_list("case_no", flat=True)[:2])
    return {
        "credit/records": ids(Record.objects.all()),
        "credit/public": ids(Record.objects.all()),
        "credit/api/records": ids(Record.objects.all()),
        "credit/api/public": ids(Record.objects.all()),
        "credit/objections": ids(Objection.objects.all()) + ids(Record.objects.all()),
        "credit/reviews": ids(ConfidentialityReview.objects.all()),
        "credit/imports": ids(ImportBatch.objects.all()),
        "credit/api/imports": ids(ImportBatch.objects.all()),
        "credit/catalog": ids(CatalogSubmission.objects.all()),
        "outbox": ids(Message.objects.all()),
        "dispatch/extension": ids(Extension.objects.all()),
        "dispatch/photo": ids(Photo.objects.all()),
        "lawyers/contracts": ids(Contract.objects.all()),
        "lawyers/api/contracts": ids(Contract.objects.all()),
        "lawyers/api/replacements": ids(Replacement.objects.all()),
        "inspections/public/draws": ids(Draw.objects.all()),
        "inspections/api/batches": ids(Batch.objects.all()),
        "inspections/api/draws": ids(Draw.objects.all()),
        "inspections/api/tasks": ids(Task.objects.all()),
        "step": ["consent", "refuse", "withdraw", "complete"],
        "case_no": events,
        "code": ["QFGJ", "GY"],
        "unit_code": ["QFGJ", "GY-LDC"],
        "kind": ["license", "penalty"],
        "action": ["accept", "resolve", "reply", "return"],
    }


def urls_for(route: str, real: dict[str, list[str]]) -> list[str]:
    params = list(PARAM.finditer(route))
    if not params:
        return ["/" + route]
    choices = []
    for m in params:
        conv, name = m.group("conv") or "str", m.group("name")
        if conv == "int":
            known = next((v for k, v in real.items() if k and route.startswith(k)), [])
        else:
            known = real.get(name, [])
        choices.append(known + ABSURD["int" if conv == "int" else "str"])
    # every value of every parameter at least once, without the full product
    width = max(len(c) for c in choices)
    combos = [[c[i % len(c)] for c in choices] for i in range(width)]
    out = []
    for combo in combos:
        values = iter(combo)
        out.append("/" + PARAM.sub(lambda _m, v=values: next(v), route))
    return out


#: Who is swept: the public and each kind of demo user (the sweep is parametrised by person and by the first
#: path segment, so that a failure names who and where, and the cases spread over the test workers).
SWEPT = [
    "public",
    "admin",
    "fgj_operator",
    "fgj_reviewer",
    "gy_operator",
    "wgb_operator",
    "supervisor",
    "auditor",
]


def _segment(route: str) -> str:
    return route.split("/", 1)[0] or "(root)"


def route_groups() -> list[str]:
    return sorted({_segment(route) for route, _name in routes()})


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module (each test still runs in its own rolled-back transaction);
    removed afterwards so that later tests start from an empty database as usual."""
    with django_db_blocker.unblock():
        call_command("demo-data", verbosity=0)
        names = set(get_user_model().objects.filter(username__in=SWEPT).values_list("username", flat=True))
        assert names == set(SWEPT) - {"public"}, "the demo users changed: update this sweep"
        real = real_values()
    yield real
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


class _Failures(list):
    """Collects 5xx answers and exceptions raised while handling a request, naming the request."""

    def __init__(self):
        super().__init__()
        self.current = ""

    def __enter__(self):
        got_request_exception.connect(self._on_exception)
        return self

    def __exit__(self, *exc):
        got_request_exception.disconnect(self._on_exception)

    def _on_exception(self, sender, request=None, **kwargs):
        import sys

        self.append(f"{self.current}: {sys.exc_info()[1]!r}")


@pytest.mark.django_db
@pytest.mark.parametrize("group", route_groups())
@pytest.mark.parametrize("who", SWEPT)
def test_no_url_answers_with_a_server_error(demo_world, who, group):
    client = Client(raise_request_exception=False)
    if who != "public":
        client.force_login(get_user_model().objects.get(username=who))
    swept = 0
    with _Failures() as failures:
        for route, _name in routes():
            if _segment(route) != group:
                continue
            for url in urls_for(route, demo_world):
                attempts = [("GET", url, {}), ("GET", url, GARBAGE_QUERY)]
                if who in POSTERS:
                    attempts += [("POST", url, {}), ("POST", url, GARBAGE_POST)]
                    if "/api/" in url:
                        attempts.append(("JSON", url, "{not json"))
                for method, target, data in attempts:
                    failures.current = f"{who} {method} {target}"
                    if method == "GET":
                        response = client.get(target, data)
                    elif method == "POST":
                        response = client.post(target, data)
                    else:
                        response = client.post(target, data, content_type="application/json")
                    swept += 1
                    if response.status_code >= 500:
                        failures.append(f"{who} {method} {target} → {response.status_code}")
    assert swept, f"no route under {group}/"
    assert not failures, "\n".join(sorted(set(failures))[:40])


@pytest.mark.django_db
def test_no_admin_page_answers_with_a_server_error(demo_world):
    """The admin: every registered model's list (with odd filters and ordering), add page and first object."""
    from django.contrib import admin

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    with _Failures() as failures:
        for model in admin.site._registry:
            base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            targets = [
                (base, {}),
                (base, {"o": "99.-1", "p": "abc", "q": "不存在", "zz__gt": "x"}),
                (base + "add/", {}),
            ]
            if first is not None:
                targets.append((f"{base}{first}/change/", {}))
            for target, query in targets:
                failures.current = f"admin GET {target} {query}"
                response = client.get(target, query)
                if response.status_code >= 500:
                    failures.append(f"admin GET {target} {query} → {response.status_code}")
    assert not failures, "\n".join(sorted(set(failures))[:40])


# --- Hostile keyset cursors (issue 12 §6) -----------------------------------------------------------------


def _public_lists() -> list[str]:
    """Every public list route that takes the `after` cursor (found by the resolver, like the sweep above)."""
    return [
        "/" + route.replace("<str:unit_code>", "QFGJ")
        for route, name in routes()
        if name
        and name.startswith(("public_search", "public_embed", "api_public_search", "api_public_embed"))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"name": "深圳"}, {"uscc": "91440300MA5DC7XR39"}, {"kind": "license"}, {}],
                         ids=["name", "exact", "browse", "none"])
def test_hostile_cursors_never_answer_with_a_server_error(units, query):
    from zhengwu.credit.tests.test_public_cursor import HOSTILE_CURSORS

    lists = _public_lists()
    assert len(lists) >= 6, lists
    client = Client(raise_request_exception=False)
    failures = []
    for url in lists:
        for label, after in HOSTILE_CURSORS:
            response = client.get(url, {**query, "after": after})
            if response.status_code != 400:
                failures.append(f"{url} {query} after={label!r} → {response.status_code}")
    assert not failures, "\n".join(failures[:40])


# --- Hostile bodies to every JSON endpoint (issue 12 item 6) -------------------------------------------
# The APIs read any body as JSON whatever its declared type, so each gets nested JSON, NULs (raw and
# escaped), JSON declared as text/plain or as a form, non-UTF-8 and oversized bodies — as an anonymous
# client and as one allowed in (a logged-in administrator who also holds an intake token).

_VALID = {
    "title": "路灯不亮",
    "text": "鹿丹村路灯坏了",
    "reporter_phone": "13812345678",
    "status": "3",
    "note": "说明",
    "decision": "approve",
    "phone": "0755-00000000",
}
HOSTILE_BODIES = {
    "nested-arrays": ("application/json", b"[" * 100_000 + b"]" * 100_000),
    "nested-objects": ("application/json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
    "unclosed-nesting": ("application/json", b"[" * 100_000),
    "nested-in-a-batch": ("application/json", b'{"events": [' + b"[" * 100_000 + b"]}"),
    "text-plain-json": ("text/plain", json.dumps(_VALID, ensure_ascii=False).encode()),
    "text-plain-escaped-nul": (
        "text/plain",
        json.dumps(_VALID | {"title": "a\x00", "note": "\x00"}).encode(),
    ),
    "form-type-json-escaped-nul": (
        "application/x-www-form-urlencoded",
        json.dumps(_VALID | {"title": "a\x00", "note": "\x00"}).encode(),
    ),
    "form-fields-nul": ("application/x-www-form-urlencoded", b"title=a%00&text=b&status=3&note=%00"),
    "no-type-raw-nul": ("", b'{"title": "a\x00", "text": "b"}'),
    "octet-stream-nuls": ("application/octet-stream", b"\x00" * 64),
    "utf-16-json": ("application/json; charset=utf-16", json.dumps(_VALID).encode("utf-16")),
    "not-utf-8": ("application/json", b'{"title": "\xff\xfe\xfd", "text": "b"}'),
    "oversized": ("application/json", b'{"text": "' + b"x" * (4 * 1024 * 1024 + 10) + b'"}'),
    "empty": ("application/json", b""),
}
NUL_KINDS = {"text-plain-escaped-nul", "form-type-json-escaped-nul", "form-fields-nul", "no-type-raw-nul",
             "octet-stream-nuls", "utf-16-json"}


@pytest.fixture
def api_world(units, make_user, monkeypatch):
    """A little of everything the JSON endpoints look up: a record, an event, an intake token, an admin."""
    from django.utils import timezone

    from zhengwu.credit.tests.workflow_factories import make_record
    from zhengwu.dispatch.models import Event
    from zhengwu.dispatch.tests.conftest import FakeClassifier, issue_key, load_reference, use_classifier
    from zhengwu.org.roles import Role

    load_reference()
    use_classifier(monkeypatch, FakeClassifier())
    make_record(units["QCGJ"], state="published")
    token = issue_key("扫描", "system")
    Event.objects.create(
        case_no="LH20260101000001",
        channel="system",
        source_system="扫描",
        title="t",
        text="x",
        received_at=timezone.now(),
    )
    return {"admin": make_user("LH", Role.ADMIN, "sweep_admin"), "token": token}


def json_endpoints(real) -> list[str]:
    return [url for route, _name in routes() if "api/" in route for url in urls_for(route, real)]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(HOSTILE_BODIES))
def test_no_json_endpoint_answers_a_hostile_body_with_a_server_error(api_world, kind):
    from zhengwu.dispatch.models import Event
    from zhengwu.ledger.models import Entry

    content_type, body = HOSTILE_BODIES[kind]
    endpoints = json_endpoints(real_values())
    assert any("dispatch/api/events" in url for url in endpoints) and any(
        "credit/api" in url for url in endpoints
    )
    failures: list[str] = []
    current: list[str] = [""]

    def on_exception(sender, request=None, **kwargs):
        import sys

        failures.append(f"{current[0]}: {sys.exc_info()[1]!r}")

    got_request_exception.connect(on_exception)
    try:
        for who in ("public", "allowed"):
            client = Client(raise_request_exception=False)
            headers = {}
            if who == "allowed":
                client.force_login(api_world["admin"])
                headers = {"HTTP_AUTHORIZATION": f"Bearer {api_world['token']}"}
            for url in endpoints:
                current[0] = f"{who} POST {url} ({kind})"
                response = client.generic("POST", url, body, content_type=content_type, **headers)
                if response.status_code >= 500:
                    failures.append(f"{current[0]} → {response.status_code}")
                elif kind in NUL_KINDS and response.status_code != 400:
                    failures.append(f"{current[0]} → {response.status_code}, not refused")
    finally:
        got_request_exception.disconnect(on_exception)
    assert not failures, "\n".join(failures[:40])
    stored = [e.title + e.text for e in Event.objects.all()] + [
        str(e.after) + e.note for e in Entry.objects.all()
    ]
    assert not any("\x00" in s for s in stored), "a NUL was stored"
