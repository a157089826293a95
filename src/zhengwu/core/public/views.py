"""Public pages of the shell (no login): home, site search, site map, privacy statement, display mode.

Each reads the registry (`core.systems`) — never a system's tables: the home page costs no query.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zhengwu.core.public import search as site
from zhengwu.core.public.site import DISPLAY_MODES, remember_display
from zhengwu.core.render import twin
from zhengwu.core.systems import public_pages, public_systems
from zhengwu.core.views import error_response


def _entry(system, page) -> dict:
    return {
        "system": str(system.public_title),
        "title": str(page.title),
        "description": str(page.description),
        "url": page.url(),
        "json_url": page.json_url(),
    }


@require_safe
def home(request):
    """The public home: one click to every public entry the systems declare, and the site search."""
    return render(request, "core/public/home.html", {
        "entries": [_entry(s, p) for s, p in public_pages() if p.on_home]})


@require_safe
@twin("core/public/search.html", error_context=lambda request: {"query": ""})
def search(request):
    """Search what is public, across systems; results grouped by system (JSON twin: /search.json)."""
    query = site.parse_query(request.GET)
    groups = site.site_search(query) if query else []
    return {"query": query, "groups": groups}, {"searched": bool(query)}


@require_safe
@twin("core/public/sitemap.html")
def sitemap(request):
    """Every public page, generated from the registry (JSON twin: /sitemap.json)."""
    sections = [{"system": str(s.public_title), "description": str(s.description),
                 "pages": [_entry(s, p) for p in sorted(s.public_pages, key=lambda p: p.order)]}
                for s in public_systems()]
    shell = [
        {"title": _("首页"), "url": reverse("home")},
        {"title": _("站内搜索"), "url": reverse("site_search")},
        {"title": _("网站地图"), "url": reverse("sitemap")},
        {"title": _("隐私声明"), "url": reverse("privacy")},
        {"title": _("工作人员登录"), "url": reverse("login")},
    ]
    return {"site": shell, "systems": sections}


@require_safe
def privacy(request):
    return render(request, "core/public/privacy.html")


@require_POST
def display_mode(request):
    """Switch 长辈版 / 大字版 on or off (a cookie, remembered for a year) and go back to the page."""
    mode = request.POST.get("mode", "")
    if mode not in DISPLAY_MODES:
        return error_response(
            request, 400, _("显示模式应为 normal（标准版）或 large（长辈版）。"), code="invalid_parameter"
        )
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return remember_display(redirect(target), mode)
