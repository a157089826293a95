"""Anonymous public JSON APIs through a short middleware chain (the WSGI entry point routes them here).

An app lists the URL prefixes (below its own `/<label>/`) of its anonymous, read-only public JSON APIs in its
AppConfig: `lean_api_prefixes = ("api/public/",)`. Requests under them are handled by a second Django handler
whose chain is `settings.MIDDLEWARE` less what only sessions, users, forms and pages need (`DROPPED`): no
session is loaded, no user is authenticated (`request.user` is always AnonymousUser, whatever cookie comes),
no CSRF cookie, no messages, no htmx or axes. Everything else of the chain stays (security headers, the
uploads host, NUL refusal, the language, CommonMiddleware, CSP), and a middleware added to the settings later
applies here too unless it is added to `DROPPED`.

Measured (benchmarks/credit_public_search.py, one credit-code lookup through the WSGI handler): 0.90 ms with
the full chain, 0.45 ms with this one — half of the request's own time went to the dropped middleware.

What may be put under such a prefix: GET-only views that read public data and need no session, user or form
(tests/test_lean_paths.py checks every URL under the prefixes and that the chain stays anonymous).
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIHandler

#: what the lean chain leaves out: only sessions, logins, forms, flash messages, htmx pages and static files
#: need it
DROPPED = frozenset({
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
})


def prefixes() -> tuple[str, ...]:
    """The URL paths (from the site's root) served by the lean chain, from the apps' `lean_api_prefixes`."""
    found = []
    for cfg in apps.get_app_configs():
        for prefix in getattr(cfg, "lean_api_prefixes", ()):
            found.append(f"/{cfg.label}/{prefix}")
    return tuple(found)


def lean_middleware() -> list[str]:
    return ["zhengwu.core.lean.AnonymousMiddleware", *(m for m in settings.MIDDLEWARE if m not in DROPPED)]


class AnonymousMiddleware:
    """The lean chain's caller is nobody: `request.user` is AnonymousUser, even with a session cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = AnonymousUser()
        return self.get_response(request)


class LeanMiddleware:
    """Mixed into a Django handler: its chain is `lean_middleware()` (tests: zhengwu.testing.lean)."""

    def load_middleware(self, is_async=False):
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = lean_middleware()  # read once, here, at start-up (one thread)
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


class LeanHandler(LeanMiddleware, WSGIHandler):
    """Django's WSGI handler with the lean middleware chain."""


def is_lean(path: str, paths: tuple[str, ...]) -> bool:
    return bool(paths) and path.startswith(paths)


def application(full, lean=None):
    """The WSGI application: requests under `prefixes()` to a LeanHandler, every other to `full`."""
    lean, paths = lean or LeanHandler(), prefixes()

    def route(environ, start_response):
        handler = lean if is_lean(environ.get("PATH_INFO", ""), paths) else full
        return handler(environ, start_response)

    route.lean, route.full, route.prefixes = lean, full, paths
    return route
