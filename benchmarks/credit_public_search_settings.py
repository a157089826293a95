"""Settings for serving the public-search benchmark: the real settings with persistent SQLite connections.

zhengwu.settings reopens SQLite connections per request (CONN_MAX_AGE=0, a development default); production
runs PostgreSQL with persistent connections (conn_max_age=60). The benchmark's read-only SQLite file gets the
production behaviour so that it measures the search, not the connection set-up (~0.5 ms per request).
"""

from zhengwu.settings import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405
