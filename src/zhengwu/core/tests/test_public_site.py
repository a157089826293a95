"""The public side of the shell (issue 14): the public home, the registry's public entries, the footer from
settings, the display mode, the site map and the privacy statement. Cross-system tests (search, crawl,
browser and accessibility): tests/test_public_site.py and tests/test_browser_public_site.py."""

import dataclasses
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengwu.core.public import site
from zhengwu.core.systems import PublicPage, public_pages
from zhengwu.org.roles import Role

pytestmark = pytest.mark.django_db


def test_the_public_home_is_for_visitors_without_a_session_and_leads_to_every_declared_entry(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in (reverse("credit:public_search"), reverse("dispatch:report"), reverse("dispatch:lookup")):
        assert f'href="{url}"' in html
    for _system, page in public_pages():
        if page.on_home:
            assert f'href="{page.url()}"' in html and str(page.title) in html
    assert 'action="/search/"' in html and 'href="/sitemap/"' in html and 'href="/privacy/"' in html


def test_the_public_home_reads_no_table(client):
    client.get("/")  # warm up (URL resolver, templates)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
        assert client.get("/sitemap/").status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_a_system_adds_a_public_entry_by_declaring_it_with_no_edit_to_the_shell(client, monkeypatch):
    cfg = apps.get_app_config("reforms")
    entry = PublicPage("reforms:index", "改革进展公开", "本区改革事项的进展", order=5)
    monkeypatch.setattr(type(cfg), "system", dataclasses.replace(cfg.system, public_pages=(entry,)))
    home = client.get("/").content.decode()
    assert "改革进展公开" in home and f'href="{reverse("reforms:index")}"' in home
    sitemap = client.get("/sitemap.json").json()
    assert any(p["title"] == "改革进展公开" for s in sitemap["systems"] for p in s["pages"])


def test_staff_reach_their_workbench_after_login_and_see_the_public_home_at_the_root(client, make_user):
    assert client.get("/workbench/")["Location"].startswith("/login/")
    make_user("QFGJ", Role.OPERATOR, username="clerk")
    response = client.post("/login/", {"username": "clerk", "password": "test-pass-12345"})
    assert response["Location"] == "/workbench/"
    assert "工作台" in client.get("/workbench/").content.decode()
    home = client.get("/").content.decode()
    assert 'href="/workbench/"' in home and "罗湖区政务服务" in home


def test_the_footer_is_empty_by_default(client):
    html = client.get("/").content.decode()
    for label in ("主办单位", "承办单位", "网站标识码", "ICP备案", "公安备案"):
        assert label not in html
    assert 'href="/privacy/"' in html and 'href="/sitemap/"' in html  # always there


@override_settings(SITE_SPONSOR="深圳市罗湖区人民政府办公室", SITE_OPERATOR="罗湖区政务服务数据管理局",
                   SITE_CONTACT="0755-00000000", SITE_IDENTIFIER="4403030001", SITE_ICP="粤ICP备00000000号",
                   SITE_PSB_RECORD="粤公网安备 44030302000123号")
def test_the_footer_fields_come_from_settings_with_their_register_links(client):
    for url in ("/", "/credit/public/", "/dispatch/report/", "/login/"):
        html = client.get(url).content.decode()
        for value in (
            "深圳市罗湖区人民政府办公室",
            "罗湖区政务服务数据管理局",
            "0755-00000000",
            "4403030001",
        ):
            assert value in html, url
        assert re.search(r'<a href="https://beian\.miit\.gov\.cn/"[^>]*>粤ICP备00000000号</a>', html)
        assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=44030302000123"' in html
    with override_settings(SITE_PSB_RECORD_URL="https://example.gov.cn/record"):
        assert 'href="https://example.gov.cn/record"' in client.get("/").content.decode()


def test_large_type_is_switched_without_javascript_and_remembered(client):
    assert 'class="large-type"' not in client.get("/privacy/").content.decode()
    response = client.post("/display/", {"mode": "large", "next": "/privacy/"})
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    cookie = response.cookies[site.DISPLAY_COOKIE]
    assert cookie.value == "large" and int(cookie["max-age"]) >= 300 * 24 * 3600 and cookie["httponly"]
    for url in ("/", "/privacy/", "/credit/public/", "/dispatch/report/", "/dispatch/lookup/"):
        html = client.get(url).content.decode()
        assert '<html lang="zh-hans" class="large-type">' in html, url
        assert 'value="normal"' in html  # the way back is on every page
    client.post("/display/", {"mode": "normal", "next": "/"})
    assert 'class="large-type"' not in client.get("/").content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_display_switch_never_sends_a_visitor_elsewhere(client, target):
    assert client.post("/display/", {"mode": "large", "next": target})["Location"] == "/"


def test_the_display_switch_refuses_an_unknown_mode_and_a_get(client):
    response = client.post("/display/", {"mode": "huge"})
    assert response.status_code == 400 and site.DISPLAY_COOKIE not in response.cookies
    assert client.get("/display/").status_code == 405


def test_the_site_map_lists_every_declared_public_page_and_has_a_json_twin(client):
    html = client.get("/sitemap/").content.decode()
    body = client.get("/sitemap.json").json()
    listed = {p["url"] for s in body["systems"] for p in s["pages"]}
    for _system, page in public_pages():
        assert page.url() in listed and f'href="{page.url()}"' in html
        if page.json_url_name:
            assert f'href="{page.json_url()}"' in html
    assert 'rel="alternate" type="application/json" href="/sitemap.json"' in html


def test_the_privacy_statement_says_what_is_collected_and_which_cookies(client):
    html = client.get("/privacy/").content.decode()
    assert "隐私声明" in html and "联系电话" in html and "Cookie" in html and "长辈版" in html


def test_public_pages_of_the_shell_have_a_breadcrumb_and_a_title_saying_where(client):
    for url, where in (("/sitemap/", "网站地图"), ("/privacy/", "隐私声明"), ("/search/", "站内搜索")):
        html = client.get(url).content.decode()
        assert re.search(rf"<title>{where} · ", html), url
        crumbs = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', html, re.S).group(1)
        assert 'href="/"' in crumbs and f'aria-current="page">{where}<' in crumbs, url
