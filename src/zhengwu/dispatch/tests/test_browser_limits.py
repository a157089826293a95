"""The proof of work in a real browser: the shipped pow.js solves the server's challenge and the report
goes through; without JavaScript the page says when to try again and nothing is stored."""

import pytest

from zhengwu.dispatch.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def always_challenged(settings, ref, monkeypatch):
    from zhengwu.dispatch.tests.conftest import FakeClassifier, use_classifier

    use_classifier(monkeypatch, FakeClassifier())
    settings.DISPATCH_REPORT_LIMITS = {"client_free": ((0, 600),)}  # every report needs a proof
    settings.POW_BITS = settings.POW_MAX_BITS = 14  # real work for pow.js: ~16,000 hashes


def fill(page):
    page.fill("#id_title", "路灯不亮")
    page.fill("#id_text", "鹿丹村小区门口路灯坏了，晚上很黑。")
    page.fill("#id_phone", "13812345678")


def test_the_shipped_script_solves_the_challenge_and_the_report_goes_through(page, always_challenged):
    page.goto(page.base_url + "/dispatch/report/")
    assert page.locator("input[name=pow_token]").count() == 1
    fill(page)
    page.click("#report-form button[type=submit]")
    case_no = page.inner_text("#case-no").strip()
    assert Event.objects.get().case_no == case_no


def test_without_javascript_the_page_says_when_to_try_again_and_stores_nothing(browser, live_server,
                                                                              always_challenged):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/dispatch/report/")
        assert "分钟后再试" in page.inner_text(".content")
        fill(page)
        page.click("#report-form button[type=submit]")
        assert "安全验证" in page.inner_text("#form-error") and page.input_value("#id_title") == "路灯不亮"
        assert not Event.objects.exists()
    finally:
        context.close()
