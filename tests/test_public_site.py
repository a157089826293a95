"""The public side across systems (issue 14): the site search through each system's
provided selector, the crawl from `/` as an anonymous visitor, and 好差评 on the case lookup. Browser and
accessibility checks: tests/test_browser_public_site.py."""

import html as htmlmod
import json
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve

from zhengwu.core.models import ServiceRating
from zhengwu.core.privacy import contains_personal_data
from zhengwu.core.ratings import services as rating_services
from zhengwu.core.ratings.standard import State
from zhengwu.credit.tests.factories import RIC
from zhengwu.credit.tests.test_public import ADDRESS, PERSON, PHONE
from zhengwu.org.roles import Role

pytestmark = pytest.mark.django_db


# --- The site search -------------------------------------------------------------------------------------

def _groups(client, q):
    response = client.get("/search.json", {"q": q})
    assert response.status_code == 200, response.content
    return {g["system"]: g for g in response.json()["groups"]}


def _providers_in_registry_order() -> list[str]:
    from django.apps import apps

    from zhengwu.core.systems import providers

    order = {label: apps.get_app_config(label).system.order for label in providers("public_search")}
    return sorted(order, key=order.get)


def test_the_search_finds_public_records_by_name_and_by_code_grouped_by_system(client, public_data):
    lic = public_data["records"]["LIC-A"]
    for q in ("鹏城商贸", public_data["uscc"]):
        groups = _groups(client, q)
        assert list(groups) == _providers_in_registry_order()  # every provider, in the registry's order
        assert {"credit", "dispatch"} <= set(groups)
        assert [i["url"] for i in groups["credit"]["items"]] == [f"/credit/public/records/{lic.pk}/"]
        assert groups["credit"]["more_url"].startswith("/credit/public/?q=")
        assert groups["dispatch"]["items"] == []
    html = client.get("/search/", {"q": "鹏城商贸"}).content.decode()
    assert html.index("信用信息公示") < html.index("群众诉求")  # one heading per system
    assert f'href="/credit/public/records/{lic.pk}/"' in html and 'href="/search.json?q=' in html


def test_the_search_finds_only_what_is_public(client, public_data):
    assert _groups(client, PERSON)["credit"]["items"] == []  # a person is found only by the masked name
    masked = _groups(client, "张*明")["credit"]["items"]
    assert [i["url"] for i in masked] == [f"/credit/public/records/{public_data['records']['PEN-P'].pk}/"]
    assert PERSON not in json.dumps(masked, ensure_ascii=False)


def test_a_case_number_leads_to_the_lookup_without_telling_whether_it_exists(client, public_data):
    known, unknown = _groups(client, public_data["case_no"]), _groups(client, "LH20260105999999")
    for groups, case_no in ((known, public_data["case_no"]), (unknown, "LH20260105999999")):
        (item,) = groups["dispatch"]["items"]
        assert item["url"] == f"/dispatch/lookup/?case_no={case_no}"
    text = client.get("/search/", {"q": public_data["case_no"]}).content.decode()
    assert public_data["event"].title not in text and public_data["phone"] not in text
    assert known["dispatch"]["items"][0]["summary"] == unknown["dispatch"]["items"][0]["summary"]


def test_bad_queries_get_a_clear_answer_never_a_server_error(client, public_data):
    response = client.get("/search.json", {"q": "好" * 65})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_parameter"
    assert response.json()["error"]["fields"] == {"q": [response.json()["error"]["message"]]}
    page = client.get("/search/", {"q": "好" * 65})
    assert page.status_code == 400 and 'role="alert"' in page.content.decode()
    one = _groups(client, "鹏")  # too short for a name: said in 双公示's group, the others still answer
    assert one["credit"]["error"] and one["credit"]["items"] == [] and one["dispatch"]["error"] == ""
    assert client.get("/search/", {"q": ""}).status_code == 200


def test_the_search_costs_a_bounded_number_of_queries(client, public_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # one per provider that reads, at most (no N+1)
        client.get("/search/", {"q": "有限公司"})


# --- The crawl ---------------------------------------------------------------------------------------------

SKIP_PREFIXES = ("/static/", "/admin/", "/i18n/", "/logout/", "/uploads/")
PER_ROUTE = 4  # pages of one route followed (pagination, one record per kind …)
HREF = re.compile(r'href="([^"]*)"')


def _route_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client, start="/", limit=300) -> dict[str, object]:
    """Every page reachable from `start` by following links, as an anonymous visitor: {url: response}."""
    seen, queue, per_route = {}, [start], Counter()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urljoin(url, htmlmod.unescape(href)).split("#")[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(SKIP_PREFIXES):
                continue
            name = _route_name(target)
            if name and target not in seen and target not in queue and per_route[name] < PER_ROUTE:
                per_route[name] += 1
                queue.append(target)
    return seen


def _routes():
    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif p.name:
                yield prefix + str(p.pattern), f"{namespace}{p.name}"

    yield from walk(get_resolver().url_patterns)


def anonymous_pages(client, values: dict[str, str]) -> set[str]:
    """The route names that answer an anonymous GET with a page (200), path values from `values`:
    what a crawl must reach. The JSON APIs (/api/, documented
    for machines) and the health check are not pages."""
    found = set()
    for route, name in _routes():
        if route.startswith(("admin/", "^")) or "api/" in route or name == "health" or "(?P" in route:
            continue
        path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: values.get(m.group(2), "1"), route)
        if client.get(path).status_code == 200:
            found.add(name)
    return found


def test_a_crawl_from_the_home_page_reaches_every_public_page_and_shows_no_personal_data(public_data):
    client = Client()
    person = public_data["records"]["PEN-P"]
    pages = crawl(client)
    reached = {_route_name(u) for u, r in pages.items() if r.status_code == 200}
    values = {
        "pk": str(person.pk),
        "record_id": str(person.pk),
        "unit_code": "QCGJ",
        "case_no": public_data["case_no"],
        "kind": "license",
        "code": "QCGJ",
    }
    expected = anonymous_pages(Client(), values)
    assert {
        "home",
        "credit:public_search",
        "credit:public_detail",
        "credit:objection_new",
        "credit:public_embed",
        "dispatch:report",
        "dispatch:lookup",
        "site_search",
        "sitemap",
        "privacy",
    } <= expected
    assert expected <= reached, f"not reached from /: {sorted(expected - reached)}"
    assert not [u for u, r in pages.items() if r.status_code >= 500]
    for url, response in pages.items():
        text = response.content.decode()
        if "json" in response.get("Content-Type", ""):
            text = json.dumps(response.json(), ensure_ascii=False)
        assert contains_personal_data(text) == [], url
        for private in (PERSON, RIC, PHONE, ADDRESS, public_data["phone"]):
            assert private not in text, (url, private)


def test_every_public_page_says_where_the_visitor_is_and_links_its_json_twin(public_data):
    pages = crawl(Client())
    names = {name for _route, name in _routes()}
    checked = 0
    for url, response in pages.items():
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        name = _route_name(url)
        html = response.content.decode()
        title = re.search(r"<title>([^<]+)</title>", html).group(1).strip()
        assert title and re.search(r"<h1[^>]*>", html), url
        if name not in (
            "home",
            "credit:public_embed",
        ):  # the home is the root; the embed is framed by other sites
            crumbs = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
            assert crumbs and 'href="/"' in crumbs.group(1) and 'aria-current="page"' in crumbs.group(1), url
            here = re.sub(
                r"<[^>]+>", "", re.search(r'aria-current="page">(.*?)</li>', crumbs.group(1), re.S).group(1)
            )
            assert here.strip() and here.strip() in title, (url, here, title)
        if f"{name}_json" in names:
            assert 'rel="alternate" type="application/json"' in html and "（JSON）" in html, url
        checked += 1
    assert checked >= 10


# --- 好差评 on the case lookup ---------------------------------------------------------------------------

def _prove(client, data):
    response = client.post("/dispatch/lookup/", {"case_no": data["case_no"], "phone": data["phone"]})
    assert response.status_code == 200
    return response.content.decode()


def test_the_resident_rates_the_case_once_and_a_poor_rating_goes_to_the_unit(client, public_data, make_user):
    case_no = public_data["case_no"]
    assert (
        client.post(f"/dispatch/lookup/{case_no}/evaluate/", {"level": "5"}).status_code == 404
    )  # not proved
    html = _prove(client, public_data)
    assert 'id="service-rating-form"' in html and "非常不满意" in html and "办理拖延" in html
    response = client.post(f"/dispatch/lookup/{case_no}/evaluate/", {"level": "1"})  # no reason given
    page = client.get(response["Location"]).content.decode()
    assert 'role="alert"' in page and not ServiceRating.objects.exists()
    client.post(f"/dispatch/lookup/{case_no}/evaluate/", {"level": "1", "tags": ["slow", "unsolved"],
                                                            "comment": "路灯修了又坏"})
    rating = ServiceRating.objects.get()
    assert (rating.system, rating.subject, rating.unit.code, rating.state) == ("dispatch", case_no, "GY",
                                                                                State.TO_RECTIFY)
    page = client.get(f"/dispatch/lookup/?case_no={case_no}").content.decode()
    assert (
        "待整改" in page and rating.rectify_due.isoformat() in page and 'id="service-rating-form"' not in page
    )
    client.post(
        f"/dispatch/lookup/{case_no}/evaluate/", {"level": "5"}
    )  # the form is gone; a replay is refused
    assert ServiceRating.objects.get().level == 1
    rating_services.rating_rectify(rating, actor=make_user("GY", Role.OPERATOR), note="已更换灯具并复查")
    page = client.get(f"/dispatch/lookup/?case_no={case_no}").content.decode()
    assert "已更换灯具并复查" in page and 'id="follow-up-form"' in page
    client.post(f"/dispatch/lookup/{case_no}/evaluate/", {"level": "4", "tags": ["solved"]})
    rating.refresh_from_db()
    assert (rating.state, rating.follow_up_level, rating.level) == (State.FOLLOWED_UP, 4, 1)


def test_staff_cannot_rate_a_case_even_in_a_session_that_proved_it(client, public_data, make_user):
    _prove(client, public_data)
    client.force_login(make_user("GY", Role.OPERATOR))
    page = client.get(f"/dispatch/lookup/?case_no={public_data['case_no']}").content.decode()
    assert 'id="service-rating-form"' not in page and "工作人员不能代群众评价" in page
    client.post(f"/dispatch/lookup/{public_data['case_no']}/evaluate/", {"level": "5"})
    assert not ServiceRating.objects.exists()


def test_the_two_axis_callback_rating_of_dispatch_is_kept_beside_it(client, public_data):
    html = _prove(client, public_data)
    assert 'id="rate-form"' in html  # 大分拨's own rating of the reply (closes or reopens the case)
    client.post(f"/dispatch/lookup/{public_data['case_no']}/rate/", {"rating": "satisfied"})
    public_data["event"].refresh_from_db()
    assert public_data["event"].state == "closed"
    page = client.get(f"/dispatch/lookup/?case_no={public_data['case_no']}").content.decode()
    assert 'id="service-rating-form"' in page  # a closed case can still be rated (好差评)
