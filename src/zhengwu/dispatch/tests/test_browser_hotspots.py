"""The hotspot page in a browser: the ECharts draw (bars, trend, heat matrix) with no script error, and a
click on the matrix drills down to the cases."""

from datetime import timedelta

import pytest

from zhengwu.dispatch.services import hotspots as actions
from zhengwu.dispatch.tests.test_hotspots import END, generated
from zhengwu.org.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_charts_draw_and_the_surge_drills_down(page, login, ref, make_user):
    make_user("QWGB", Role.OPERATOR, "dispatcher")
    generated(ref)
    actions.hotspots_refresh(first=END - timedelta(days=120), last=END)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login("dispatcher")
    page.goto(f"{page.base_url}/dispatch/hotspots/?end={END.isoformat()}&days=7")
    for chart in ("#chart-labels", "#chart-trend", "#chart-matrix"):
        page.wait_for_selector(f"{chart} canvas")
    assert not errors, errors
    assert page.locator("#no-map").is_visible()
    page.click('#surges a')
    page.wait_for_selector("#hotspot-cases")
    assert "环境保护" in page.inner_text("main") and page.locator("#hotspot-cases tbody tr").count() >= 25
