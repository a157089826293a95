"""Every database connection the test process opened is closed before the test database is dropped.

Django keeps one connection per thread — and, in a thread with a running asyncio loop, one per context
(asgiref's Local). Playwright's sync API runs its loop in the test thread, so the ORM in a browser test's
body uses other connection objects than the rest of the suite. Django's teardown closes only the objects
it set up with; a browser test's connection left open kept PostgreSQL from dropping the test database
("database … is being accessed by other users"). Every connection is tracked when it opens (Django's
`connection_created` signal) and closed at the end of the session.
"""

import weakref

from django.db.backends.signals import connection_created

_opened: "weakref.WeakSet" = weakref.WeakSet()


def _remember(sender, connection, **_kwargs) -> None:
    _opened.add(connection)


def track() -> None:
    connection_created.connect(_remember, dispatch_uid="zhengwu.testing.connections")


def close_all_tracked() -> int:
    """Close every tracked connection still open, whichever thread or context opened it; how many."""
    closed = 0
    for wrapper in list(_opened):
        if wrapper.connection is None:
            continue
        wrapper.inc_thread_sharing()  # its thread may be gone (a live server's request thread)
        try:
            wrapper.close()
            closed += 1
        finally:
            wrapper.dec_thread_sharing()
    return closed
