"""Top-level URL map: the shell, the admin, and one include per system app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("zhengwu.core.urls")),
    path("org/", include("zhengwu.org.urls")),
    path("workdays/", include("zhengwu.workdays.urls")),
    path("ledger/", include("zhengwu.ledger.urls")),
    path("outbox/", include("zhengwu.outbox.urls")),
    path("credit/", include("zhengwu.credit.urls")),
    path("dispatch/", include("zhengwu.dispatch.urls")),
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
