"""Enqueue background work by the task's dotted path, so that services never import tasks.

Tasks (`<app>/tasks.py`) import the services they run; if services imported tasks to enqueue them,
the two would form an import cycle. Services name the task instead, as the periodic jobs do:

    enqueue("zhengwu.dispatch.tasks.dispatch_received")               # after the current transaction commits
    enqueue("zhengwu.credit.tasks.run_import", batch.pk, on_commit=False)

A caller that makes many changes in a row, each of which enqueues the same task, can send it once at the
end instead (the demo data's 300 intakes are routed in one batch instead of one at a time):

    with coalesced():
        for item in items:
            services.event_intake(...)        # each enqueues dispatch_received; sent once, on leaving
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.utils.module_loading import import_string

_local = threading.local()


def enqueue(task_path: str, *args, on_commit: bool = True, **kwargs):
    """Enqueue the django.tasks task at `task_path` (once the surrounding transaction commits, by default).

    Returns the TaskResult when enqueued at once (`on_commit=False`: the caller may ask `is_finished`,
    as the immediate backend runs it before returning), else None — also inside `coalesced()`."""
    task = import_string(task_path)  # resolved now: a wrong path fails in the caller, not in the worker

    def send():
        return task.enqueue(*args, **kwargs)

    pending = getattr(_local, "pending", None)
    if pending is not None:
        # kwargs' values are the tasks' JSON arguments; their repr tells equal calls apart
        pending.setdefault((task_path, repr(args), repr(sorted(kwargs.items()))), send)
        return None
    if on_commit:
        transaction.on_commit(send)
        return None
    return send()


@contextmanager
def coalesced():
    """Inside the block, enqueued tasks are collected, equal calls (same task, same arguments) once, and
    sent in the order first asked when the block ends without an error (after the caller's transaction
    commits, if one is open then); an error drops them, as a rolled-back transaction drops its on_commit
    tasks. Only for tasks that do the same work however often they are called (they read their work
    from the database, like `dispatch_received`). Nested blocks send with the outermost."""
    if getattr(_local, "pending", None) is not None:
        yield
        return
    _local.pending = {}
    try:
        yield
        collected = list(_local.pending.values())
    finally:
        _local.pending = None
    for send in collected:
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(send)
        else:
            send()
