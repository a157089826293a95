"""The public side in a real browser (issue 14 "Done when"): from `/` with no session to the 双公示 search, a
record, the report form and the lookup by following links only; axe-core on every public page in normal and
large-type mode at desktop and phone width; the forms without JavaScript; the keyboard.

axe-core is shipped with the tests (tests/vendor/axe-core-<version>/, from the npm registry, MPL-2.0) and run
inside the page through Playwright's evaluate, which the pages' CSP does not block."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from zhengwu.core.public.site import DISPLAY_COOKIE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
BLOCKING = {"serious", "critical"}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


def test_the_shipped_axe_core_is_the_pinned_version():
    head = AXE.read_text(encoding="utf-8")[:200]
    assert f"axe v{AXE_VERSION}" in head
    assert (AXE.parent / "LICENSE").exists()


def axe_violations(page) -> list[dict]:
    """Serious and critical violations of axe-core's WCAG
    2.1 A/AA and best-practice rules on the current page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in BLOCKING]


def _links_only_to(page, selector: str, url_part: str):
    page.click(selector)
    page.wait_for_url(re.compile(re.escape(url_part)))


def test_from_the_home_page_to_every_public_service_by_following_links_only(page, public_data):
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "罗湖区政务服务"
    _links_only_to(page, "main a.entry:has-text('信用信息公示')", "/credit/public/")
    assert "信用信息公示" in page.title()
    _links_only_to(page, "table.list a:has-text('深圳市鹏城商贸有限公司')", "/credit/public/records/")
    assert "深圳市鹏城商贸有限公司" in page.locator("h1").inner_text()
    _links_only_to(page, "nav.breadcrumb a:has-text('首页')", "/")
    _links_only_to(page, "main a.entry:has-text('我要反映')", "/dispatch/report/")
    assert page.locator("#report-form").is_visible()
    _links_only_to(page, "nav.breadcrumb a:has-text('首页')", "/")
    _links_only_to(page, "main a.entry:has-text('进度查询')", "/dispatch/lookup/")
    page.fill("#id_case_no", public_data["case_no"])
    page.fill("#id_phone", public_data["phone"])
    page.click("#lookup-form button[type=submit]")
    expect(page.locator("#state")).to_have_text("已回复")
    assert page.locator("#service-rating-form").is_visible()


def _outcomes(data, make_user) -> dict:
    """Public service outcomes to rate (issue 14 §4): an answered 双公示 objection (number + 查询码) and a
    completed, public 民生微实事 project with one 评价码."""
    from datetime import timedelta

    from django.utils import timezone

    from zhengwu.credit.services import objections
    from zhengwu.microprojects import services as micro
    from zhengwu.microprojects.models import Notice, Project
    from zhengwu.org.models import Unit
    from zhengwu.org.roles import Role

    objection = objections.objection_create(data["records"]["PEN-P"], name="李明", contact="13812345678",
                                            content="该处罚已撤销")
    objections.objection_answer(objection, outcome="upheld", answer="经核实，记录无误，维持。",
                                actor=make_user("QCGJ", Role.OPERATOR))
    today = timezone.localdate()
    street = make_user("GY", Role.OPERATOR)
    project = Project.objects.create(
        unit=Unit.objects.get(code="GY-DTL"),
        year=today.year,
        category="service",
        kind="mandatory",
        title="长者助餐服务",
        text="为社区长者提供助餐",
        amount=80000,
        admin_cost=0,
        self_raised_funds=0,
        applicant_kind="residents_committee",
        applicant_name="大塘龙社区居委会",
        applied_on=today - timedelta(days=90),
        step="completion",
        progress=100,
        completed_on=today - timedelta(days=3),
        maintenance_unit="大塘龙社区工作站",
        funds_used=78000,
        results="已服务长者120人",
        created_by=street,
    )
    Notice.objects.create(
        project=project,
        published_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=53),
        content={"title": project.title},
        content_hash="0" * 64,
        closed_on=today - timedelta(days=52),
    )
    code = micro.rating_codes_issue(project=project, count=1, actor=street)[0]
    return {"objection": objection.pk, "objection_code": objection.lookup_code, "project": project.pk,
            "project_code": code}


def _public_pages(data) -> list[str]:
    person, lic = data["records"]["PEN-P"], data["records"]["LIC-A"]
    return [
        "/",
        "/search/?q=鹏城商贸",
        "/search/?q=" + data["case_no"],
        "/sitemap/",
        "/privacy/",
        "/login/",
        "/credit/public/",
        "/credit/public/?unit=QFGJ",
        f"/credit/public/records/{person.pk}/",
        f"/credit/public/records/{lic.pk}/",
        f"/credit/objections/new/{person.pk}/",
        "/credit/public/embed/QCGJ/",
        "/dispatch/report/",
        "/dispatch/lookup/",
        "/credit/public/objections/",
    ]


@pytest.mark.parametrize("mode", ["normal", "large"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_public_page_passes_axe_in_both_modes_at_desktop_and_phone_width(
    browser, live_server, public_data, make_user, mode, width
):
    w, h = WIDTHS[width]
    context = browser.new_context(locale="zh-CN", viewport={"width": w, "height": h})
    if mode == "large":
        context.add_cookies([{"name": DISPLAY_COOKIE, "value": "large", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    failures = {}
    try:
        for path in _public_pages(public_data):
            page.goto(live_server.url + path)
            if path != "/credit/public/embed/QCGJ/":
                assert ("large-type" in (page.get_attribute("html", "class") or "")) == (mode == "large"), (
                    path
                )
            failures[path] = axe_violations(page)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= w, f"{path} scrolls sideways at {w}px ({scroll}px)"
        # the pages' other states: a refused lookup (error announced), then a proved case with the rating form
        page.goto(live_server.url + "/dispatch/lookup/")
        page.fill("#id_case_no", public_data["case_no"])
        page.fill("#id_phone", "13900000000")
        page.click("#lookup-form button[type=submit]")
        expect(page.locator("#form-error[role=alert]")).to_be_visible()
        assert page.get_attribute("#id_phone", "aria-describedby") == "form-error"
        failures["lookup: wrong phone"] = axe_violations(page)
        page.fill("#id_phone", public_data["phone"])
        page.click("#lookup-form button[type=submit]")
        expect(page.locator("#service-rating-form")).to_be_visible()
        failures["lookup: the case and its rating form"] = axe_violations(page)
        page.check("#service-rating-form input[name=level][value='1']")
        page.click("#service-rating-form button[type=submit]")  # no reason: refused, announced
        expect(page.locator("#service-rating-form-error[role=alert]")).to_be_visible()
        failures["lookup: a refused rating"] = axe_violations(page)
        # 好差评 on the other public service outcomes: an objection's handling, a completed project
        outcomes = _outcomes(public_data, make_user)
        page.goto(live_server.url + "/credit/public/objections/")
        page.fill("#id_number", str(outcomes["objection"]))
        page.fill("#id_code", "ABCD-EFGH-JKMN")
        page.click("#objection-lookup-form button[type=submit]")
        expect(page.locator("#form-error[role=alert]")).to_be_visible()
        failures["objection lookup: wrong code"] = axe_violations(page)
        page.fill("#id_number", str(outcomes["objection"]))
        page.fill("#id_code", outcomes["objection_code"])
        page.click("#objection-lookup-form button[type=submit]")
        expect(page.locator("#service-rating-form")).to_be_visible()
        failures["objection lookup: the handling and its rating form"] = axe_violations(page)
        page.check("#service-rating-form input[name=level][value='1']")
        page.click("#service-rating-form button[type=submit]")
        expect(page.locator("#service-rating-form-error[role=alert]")).to_be_visible()
        failures["objection lookup: a refused rating"] = axe_violations(page)
        project = f"/microprojects/public/p/{outcomes['project']}/"
        page.goto(live_server.url + project)
        assert page.locator("#rating-code-form").is_visible()
        failures[project] = axe_violations(page)
        page.fill("#id_code", outcomes["project_code"])
        page.click("#rating-code-form button[type=submit]")
        expect(page.locator("#service-rating-form")).to_be_visible()
        failures["project: the rating form"] = axe_violations(page)
        page.check("#service-rating-form input[name=level][value='4']")
        page.click("#service-rating-form button[type=submit]")
        expect(page.locator("#service-rating-level")).to_have_text("满意")
        failures["project: rated"] = axe_violations(page)
    finally:
        context.close()
    failures = [
        f"{path}: {v['impact']} {v['id']} at {v['nodes']}" for path, found in failures.items() for v in found
    ]
    assert not failures, "\n".join(failures)


def test_search_report_and_lookup_work_with_javascript_off(browser, live_server, public_data, dispatch_ref):
    context = browser.new_context(
        locale="zh-CN", java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.set_default_timeout(
        60000
    )  # the report is classified and routed inside the request (immediate tasks)
    base = live_server.url
    try:
        page.goto(base + "/")
        page.fill("#home-q", "鹏城商贸")
        page.click(".home-search button[type=submit]")
        page.wait_for_url(re.compile(r"/search/\?q="))
        assert page.locator("a:has-text('深圳市鹏城商贸有限公司')").count() == 1

        page.click("nav.breadcrumb a:has-text('首页')")
        page.click("main a.entry:has-text('我要反映')")
        page.fill("#id_title", "翠竹路人行道地砖松动")
        page.fill("#id_text", "翠竹路人行道有多块地砖松动，下雨天踩上去溅水，老人容易摔倒，请尽快修复。")
        page.fill("#id_address", "翠竹街道翠竹路")
        page.fill("#id_phone", "13712345678")
        page.click("#report-form button[type=submit]")
        case_no = page.inner_text("#case-no").strip()
        assert re.fullmatch(r"LH\d{14}", case_no)

        page.click("#lookup-link")  # the reporter's own session sees the case at once
        expect(page.locator("#state")).to_be_visible()
        assert case_no in page.inner_text("main")

        context.clear_cookies()  # another visit, another browser: the lookup form, the number filled in
        page.goto(f"{base}/dispatch/lookup/?case_no={case_no}")
        assert page.input_value("#id_case_no") == case_no
        page.fill("#id_phone", "13712345678")
        page.click("#lookup-form button[type=submit]")
        expect(page.locator("#state")).to_be_visible()
        assert case_no in page.inner_text("main")

        # 长辈版 without JavaScript: a plain form button, remembered on the next page
        page.click("#display-large")
        assert "large-type" in page.get_attribute("html", "class")
        page.goto(base + "/sitemap/")
        assert "large-type" in page.get_attribute("html", "class")
        page.click("#display-normal")
        assert "large-type" not in (page.get_attribute("html", "class") or "")
    finally:
        context.close()


def test_the_public_pages_work_from_the_keyboard_with_a_visible_focus(page, public_data):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.focus("#home-q")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.type("鹏城商贸")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    link = page.locator("a:has-text('深圳市鹏城商贸有限公司')")
    link.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/credit/public/records/\d+/"))

    # at phone width the menu opens from the keyboard (its checkbox is focusable, not display:none)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(page.base_url + "/privacy/")
    assert not page.locator(".mainnav").is_visible()
    page.focus("#nav-toggle")
    page.keyboard.press("Space")
    assert page.locator(".mainnav a:has-text('进度查询')").is_visible()
