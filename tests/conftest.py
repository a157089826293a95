# Cross-app tests use the same fixtures as the apps' own tests.
from zhengwu.conftest import browser, login, make_user, page, units  # noqa: F401
