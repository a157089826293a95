"""zhengwu.testing.connections: a connection the ORM opened under a running event loop (a browser test's
body: Playwright's sync API runs its loop in the test thread) is another object than the thread's, and is
closed at the end of the session all the same — even once the thread that opened it has ended."""

import asyncio
import threading

import pytest
from django.db import connections

from zhengwu.testing.connections import close_all_tracked

pytestmark = pytest.mark.django_db(transaction=True)


def test_connections_opened_under_an_event_loop_and_in_ended_threads_are_closed(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # as the browser fixture sets it
    opened = {}

    def scenario():
        # a thread of its own: no event loop runs in it, whatever session fixtures this test process holds
        opened["thread"] = connections["default"]
        opened["thread"].ensure_connection()

        async def open_one():
            wrapper = connections["default"]  # a running loop: asgiref gives this context its own
            wrapper.ensure_connection()
            return wrapper

        opened["loop"] = asyncio.run(open_one())

    worker = threading.Thread(target=scenario)
    worker.start()
    worker.join()
    assert set(opened) == {"thread", "loop"}
    assert opened["loop"] is not opened["thread"]
    assert all(w.connection is not None for w in opened.values())
    assert close_all_tracked() >= 2
    assert all(w.connection is None for w in opened.values())
    assert connections["default"].cursor()  # this thread's connection opens again when next used
