"""zhengwu.testing.connections: a connection the ORM opened under a running event loop (a browser test's
body: Playwright's sync API runs its loop in the test thread) is another object than the thread's, and is
closed at the end of the session all the same."""

import asyncio

import pytest
from django.db import connections

from zhengwu.testing.connections import close_all_tracked

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_connection_opened_under_an_event_loop_is_tracked_and_closed(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # as the browser fixture sets it
    main = connections["default"]
    main.ensure_connection()

    async def open_one():
        wrapper = connections["default"]  # a running loop: asgiref gives this context its own
        wrapper.ensure_connection()
        return wrapper

    other = asyncio.run(open_one())
    assert other is not main and other.connection is not None
    assert close_all_tracked() >= 2
    assert other.connection is None and main.connection is None
    assert connections["default"].cursor()  # the thread's connection opens again when next used
