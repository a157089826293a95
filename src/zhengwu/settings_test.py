"""Settings for the test suite: the real settings, with tasks run immediately and fast hashing."""

import os
import tempfile

os.environ["ZHENGWU_TESTING"] = "1"

from zhengwu.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = os.environ.get("ZHENGWU_TEST_AXES", "1") == "1"
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Every ledger action an app writes must be declared in its AppConfig.ledger_actions (docs and audits
# read the declarations): in tests an undeclared one is an error, so a missing declaration fails here.
LEDGER_REQUIRE_DECLARED_ACTIONS = True
POW_BITS, POW_MAX_BITS = 8, 10  # proofs of work solved in Python by the tests: milliseconds, not seconds
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production (WAL, writers wait for each other up to busy_timeout), not Django's
    # shared-cache in-memory database, where a second writer fails at once with "database table is
    # locked": the concurrency tests (dispatch/tests/test_idempotency.py) race real threads. No slower
    # here; one file per test process, deleted by the test runner at the end.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"zhengwu-test-{os.getpid()}.sqlite3")}
