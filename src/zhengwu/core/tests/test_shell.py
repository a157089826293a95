"""The web shell: login, home, language, security headers, error pages."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import include, path

from zhengwu.org.roles import Role


def test_the_workbench_requires_login(client, db):
    response = client.get("/workbench/")  # `/` is the public home (core/tests/test_public_site.py)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_workbench_lists_the_platform_tools_and_the_users_units(client, make_user):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    html = client.get("/workbench/").content.decode()
    assert "区发改局" in html and "填报员" in html
    for tool in ("组织机构", "工作日历", "审计日志"):
        assert tool in html


def test_pages_are_in_simplified_chinese_by_default(client, db):
    response = client.get("/login/")
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "登录" in response.content.decode()


def test_the_language_switch_turns_the_shell_to_english(client, make_user):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/workbench/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Workbench" in html and "工作台" not in html


def test_security_headers_and_csp(client, db):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "'nonce-" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


def test_login_is_throttled_after_repeated_failures(client, make_user, settings):
    make_user("QFGJ", Role.OPERATOR, username="victim")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "victim", "password": "wrong-password"})
    response = client.post("/login/", {"username": "victim", "password": "test-pass-12345"})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_a_correct_login_works(client, make_user):
    make_user("QFGJ", Role.OPERATOR, username="clerk")
    response = client.post("/login/", {"username": "clerk", "password": "test-pass-12345"})
    assert response.status_code == 302 and response["Location"] == "/workbench/"


def test_weak_passwords_are_refused(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
    with pytest.raises(ValidationError):
        validate_password("password1")


def _boom(request):
    raise RuntimeError("secret internals: /etc/passwd")


urlpatterns = [path("boom/", _boom), path("api/boom/", _boom), path("", include("zhengwu.urls"))]
handler500 = "zhengwu.core.views.server_error"  # as in zhengwu.urls


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_error_never_shows_a_stack_trace(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "secret internals" not in body and "服务器出错" in body
    api = client.get("/api/boom/")
    assert api.status_code == 500 and api.json()["error"]["code"] == "500"


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_health_endpoint(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.database_independent  # its process has a SQLite file of its own, whatever the suite's database
def test_production_mode_passes_check_deploy(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "ZHENGWU_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "ZHENGWU_PRODUCTION": "1", "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "zhengwu.example.gov.cn", "ZHENGWU_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/check.sqlite3", "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
    })
    result = subprocess.run([sys.executable, "-m", "zhengwu", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ZHENGWU_TESTING"}}
    env.update(
        {
            "ZHENGWU_PRODUCTION": "1",
            "ZHENGWU_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "zhengwu", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_chinese_stays_the_default_whatever_the_browser_asks(client, db):
    response = client.get("/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="zh-hans">' in response.content.decode()
    assert response["Content-Language"] == "zh-hans"
