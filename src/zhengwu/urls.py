"""Top-level URL map: the shell, the admin, and every app's own `urls` under its label.

Apps are included from the registry (INSTALLED_APPS), so a new system (`zhengwu startsystem`) needs
no edit here: `zhengwu.<label>.urls` is served under `/<label>/`.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.module_loading import module_has_submodule
from django.views.i18n import set_language


def _app_urls() -> list:
    found = []
    for cfg in apps.get_app_configs():
        if (
            cfg.name.startswith("zhengwu.")
            and cfg.label != "core"
            and module_has_submodule(cfg.module, "urls")
        ):
            found.append(path(f"{cfg.label}/", include(f"{cfg.name}.urls")))
    return found


urlpatterns = [
    path("", include("zhengwu.core.urls")),
    *_app_urls(),
    path("open311/v2/", include("zhengwu.dispatch.views.open311")),  # Open311 GeoReport v2 (docs/open311.md)
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "zhengwu.core.views.bad_request"
handler403 = "zhengwu.core.views.permission_denied"
handler404 = "zhengwu.core.views.page_not_found"
handler500 = "zhengwu.core.views.server_error"

if settings.DEBUG:  # the admin's file links, for staff, with the safe headers of every file response
    from zhengwu.core import uploads

    urlpatterns.append(path(settings.MEDIA_URL.lstrip("/") + "<path:path>", uploads.media))
