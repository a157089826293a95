"""zhengwu.testing.handlers: the test clients of a process share one middleware chain, made again when the
settings change, and each client keeps its own cookies and CSRF enforcement."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_clients_share_the_chain_made_first():
    a, b = Client(), Client()
    assert a.get("/healthz").status_code == 200 and b.get("/healthz").status_code == 200
    assert a.handler._middleware_chain is b.handler._middleware_chain


def test_a_change_of_settings_makes_a_new_chain_under_the_new_settings():
    before = Client()
    assert before.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"
    without = [m for m in settings.MIDDLEWARE if m != "django.middleware.security.SecurityMiddleware"]
    with override_settings(MIDDLEWARE=without):
        inside = Client()
        assert "X-Content-Type-Options" not in inside.get("/healthz").headers
        assert inside.handler._middleware_chain is not before.handler._middleware_chain
    after = Client()
    assert after.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"


def test_each_client_keeps_its_own_csrf_enforcement_and_session(units, make_user):
    from zhengwu.org.roles import Role

    Client().get("/healthz")  # the shared chain exists before the strict client is made
    strict, lax = Client(enforce_csrf_checks=True), Client()
    assert strict.post("/dispatch/report/", {}).status_code == 403
    assert lax.post("/dispatch/report/", {}).status_code != 403
    lax.force_login(make_user("QFGJ", Role.OPERATOR))
    assert lax.get("/ledger/").status_code == 200
    assert Client().get("/ledger/").status_code == 302  # not logged in: to the login page
