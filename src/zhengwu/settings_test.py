"""Settings for the test suite: the real settings, with tasks run immediately and fast hashing."""

import os

os.environ["ZHENGWU_TESTING"] = "1"

from zhengwu.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = os.environ.get("ZHENGWU_TEST_AXES", "1") == "1"
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
