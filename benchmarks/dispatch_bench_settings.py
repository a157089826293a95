"""Settings for `dispatch_intake.py --persistent`: the real settings with persistent SQLite
connections (the foundation opens a new connection, with its PRAGMAs, on every request)."""

from zhengwu.settings import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
