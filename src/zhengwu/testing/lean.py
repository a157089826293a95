"""A test client that routes like the WSGI entry point: the apps' lean API paths through `core.lean`'s chain.

    from zhengwu.testing.lean import LeanClient
    LeanClient().get("/credit/api/public/records/?uscc=…")   # the lean chain, as gunicorn serves it
"""

from django.test import Client
from django.test.client import ClientHandler

from zhengwu.core import lean


class _LeanClientHandler(lean.LeanMiddleware, ClientHandler):
    pass


class _RoutingClientHandler(ClientHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lean = _LeanClientHandler(*args, **kwargs)
        self.served_lean = 0  # how many requests took the lean chain

    def __call__(self, environ):
        if lean.is_lean(environ.get("PATH_INFO", ""), lean.prefixes()):
            self.served_lean += 1
            return self.lean(environ)
        return super().__call__(environ)


class LeanClient(Client):
    def __init__(self, enforce_csrf_checks=False, **defaults):
        super().__init__(enforce_csrf_checks, **defaults)
        self.handler = _RoutingClientHandler(enforce_csrf_checks)
