"""Browser journey through the shell: log in, switch the language, open the admin."""

import pytest

from zhengwu.org.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_switch_language_open_admin(page, login, make_user, django_user_model):
    admin = make_user("LH", Role.ADMIN, username="district_admin", is_staff=True, is_superuser=True)
    assert admin.is_superuser
    login("district_admin")
    assert page.locator("h1").inner_text() == "工作台"
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.select_option("#language-select", "en")
    page.click("#language-submit")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Workbench"
    assert page.locator("html").get_attribute("lang") == "en"

    page.click("text=Admin")
    page.wait_for_url("**/admin/")
    assert page.locator("#site-name").is_visible()
    page.goto(page.base_url + "/admin/org/unit/?q=QFGJ")
    assert "区发改局" in page.content()


def test_the_shell_is_usable_at_phone_width(page, login, make_user):
    make_user("GY-LDC", Role.OPERATOR, username="community_worker")
    page.set_viewport_size({"width": 375, "height": 740})
    login("community_worker")
    # The navigation folds into a menu button; opening it shows the systems.
    assert not page.locator(".mainnav").is_visible()
    page.click(".nav-toggle-label")
    assert page.locator(".mainnav a", has_text="工作日历").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways at phone width ({width}px)"
