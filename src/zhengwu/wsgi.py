"""WSGI entry point for gunicorn/uwsgi behind a proxy (see docs/deployment.md).

Anonymous public JSON APIs (the apps' `lean_api_prefixes`) go through a shorter middleware chain:
`core.lean`.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
_full = get_wsgi_application()

from zhengwu.core import lean  # noqa: E402  (after Django is set up)

application = lean.application(_full)
