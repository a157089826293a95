"""Done when: a citizen reports on the public form; the event is classified and dispatched to the
right street automatically; the street accepts and resolves it; the dispatcher replies; the citizen
rates it; the timeline shows every step with who and when."""

import re

import pytest
from playwright.sync_api import expect

from zhengwu.org.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_report_to_rating_with_a_full_timeline(page, login, ref, make_user, default_classifier):
    make_user("DM", Role.OPERATOR, "dm_staff")
    make_user("QWGB", Role.OPERATOR, "dispatcher")
    base = page.base_url
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    # 1. the citizen reports, without logging in
    page.goto(base + "/dispatch/report/")
    page.fill("#id_title", "东门老街烧烤油烟污染")
    page.fill("#id_text", "东门老街的夜宵烧烤店油烟直排，污染环境，气味刺鼻，噪音扰民，请环保部门依法查处。")
    page.fill("#id_address", "东门街道东门老街")
    page.fill("#id_phone", "13812345678")
    page.click("#report-form button[type=submit]")
    case_no = page.inner_text("#case-no").strip()
    assert re.fullmatch(r"LH\d{14}", case_no)

    # 2. classified and dispatched to 东门街道 (environmental enforcement → the street sub-centre)
    page.context.clear_cookies()
    login("dm_staff")
    page.goto(f"{base}/dispatch/case/{case_no}/")
    assert page.inner_text("#unit") == "东门街道"
    assert page.inner_text("#label") == "环境保护"
    assert "需要执法" in page.inner_text("#rule")

    # 3. the street accepts and resolves it
    page.click("#form-accept button")
    expect(page.locator("#state")).to_have_text("已签收")
    page.fill("#form-resolve [name=result]", "执法队已现场检查，责令加装油烟净化设备，已整改。")
    page.click("#form-resolve button")
    expect(page.locator("#state")).to_have_text("已办结")

    # 4. the dispatcher replies from one exit, with the category's template
    page.context.clear_cookies()
    login("dispatcher")
    page.goto(f"{base}/dispatch/case/{case_no}/")
    assert "已整改" in page.input_value("#form-reply [name=text]")
    page.click("#form-reply button")
    expect(page.locator("#state")).to_have_text("已回复")

    # 5. the citizen looks the case up with the phone number and rates it
    page.context.clear_cookies()
    page.goto(f"{base}/dispatch/lookup/?case_no={case_no}")
    page.fill("#id_phone", "13812345678")
    page.click("#lookup-form button")
    # wait for the answer page: the form may submit from script (a proof of work), after click() returns
    page.wait_for_selector("#rate-form")
    assert "138****5678" in page.inner_text(".card")
    page.check("input[name=rating][value=satisfied]")
    page.click("#rate-form button")
    page.wait_for_selector("#rate-form", state="detached")
    assert page.inner_text("#state") == "已结案"

    # 6. the timeline shows every step, who and when
    page.context.clear_cookies()
    login("dispatcher")
    page.goto(f"{base}/dispatch/case/{case_no}/")
    rows = page.locator("#timeline tbody tr")
    steps = [(rows.nth(i).locator("td").nth(1).inner_text(), rows.nth(i).locator("td.who").inner_text(),
              rows.nth(i).locator("td").nth(0).inner_text()) for i in range(rows.count())]
    assert [(s, w) for s, w, _t in steps] == [
        ("受理", "public"),
        ("自动分类", "system"),
        ("分拨", "system"),
        ("签收", "dm_staff"),
        ("办结", "dm_staff"),
        ("统一回复", "dispatcher"),
        ("群众评价", "public"),
        ("结案", "public"),
    ]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", t) for _s, _w, t in steps)
