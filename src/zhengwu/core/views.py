"""The platform shell: the staff's 工作台, health check, and the error pages (never a stack trace).

The public home at `/` and the other public pages of the shell are in `core.public.views`."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhengwu.core.systems import systems_for
from zhengwu.org.selectors import memberships_of


@login_required
def workbench(request):
    return render(request, "core/home.html", {
        "systems": [s for s in systems_for(request.user) if not s.tool],
        "tools": [s for s in systems_for(request.user) if s.tool],
        "memberships": memberships_of(request.user),
    })


@require_GET
def health(request):
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _wants_json(request) -> bool:
    return "/api/" in request.path or "application/json" in request.headers.get("Accept", "")


def error_response(request, status: int, message: str, *, code: str = ""):
    """The site's error page (or the JSON error shape on /api/ and JSON requests) with this message."""
    return _error(request, status, str(status), message, code=code)


def _error(request, status: int, title: str, message: str, *, code: str = ""):
    if _wants_json(request):
        return JsonResponse({"error": {"code": code or str(status), "message": message}}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    return render(
        request, "core/error.html", {"status": status, "title": title, "message": message}, status=status
    )


def bad_request(request, exception=None):
    return _error(request, 400, "400", _("请求无效。"))


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您没有权限执行此操作。")
    return _error(request, 403, "403", message)


def page_not_found(request, exception=None):
    return _error(request, 404, "404", _("页面不存在，或您无权查看。"))


def server_error(request):
    try:
        return _error(request, 500, "500", _("服务器出错，已记录。请稍后再试或联系管理员。"))
    except Exception:  # the error page itself must never fail
        return HttpResponseServerError("<h1>500</h1><p>服务器出错，已记录。</p>")
