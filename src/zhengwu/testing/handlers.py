"""One middleware chain for every test client of a process, as a server process has one.

Django's test `Client` builds its own handler, and each handler loads the middleware anew on its first
request. WhiteNoise's middleware reads the headers of every static file when it is made (about 17 ms
here, more once `collectstatic` has filled STATIC_ROOT), so each test that makes a client paid that once:
the sweep alone makes over a hundred. A
server process loads the chain once and serves every request with it; so do the test clients now. The
chain is loaded again after any change of settings (override_settings, pytest-django's `settings`): a test
that changes MIDDLEWARE or the static files gets a chain made under its settings.

What stays per client is what Django keeps per client: its cookies, its session, `enforce_csrf_checks`
(applied to each request by the client's handler, not by the chain).
"""

from django.core.signals import setting_changed
from django.test.client import AsyncClientHandler, ClientHandler

_chains: dict = {}
_PARTS = ("_view_middleware", "_template_response_middleware", "_exception_middleware", "_middleware_chain")


def _forget(**_kwargs) -> None:
    _chains.clear()


def install() -> None:
    """Patch the test handlers' `load_middleware` to reuse the chain made first (idempotent)."""
    for cls in (ClientHandler, AsyncClientHandler):
        if getattr(cls.load_middleware, "shared_chain", False):
            continue
        original = cls.load_middleware

        def load_middleware(self, is_async=False, _original=original):
            key = (type(self), is_async)  # a subclass may load another chain (testing.lean)
            if key not in _chains:
                _original(self, is_async)
                _chains[key] = tuple(getattr(self, part) for part in _PARTS)
            else:
                for part, value in zip(_PARTS, _chains[key], strict=True):
                    setattr(self, part, value)

        load_middleware.shared_chain = True
        cls.load_middleware = load_middleware
    setting_changed.connect(_forget, dispatch_uid="zhengwu.testing.handlers")
