"""Enqueue background work by the task's dotted path, so that services never import tasks.

Tasks (`<app>/tasks.py`) import the services they run; if services imported tasks to enqueue them,
the two would form an import cycle. Services name the task instead, as the periodic jobs do:

    enqueue("zhengwu.dispatch.tasks.dispatch_received")               # after the current transaction commits
    enqueue("zhengwu.credit.tasks.run_import", batch.pk, on_commit=False)
"""

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue(task_path: str, *args, on_commit: bool = True, **kwargs):
    """Enqueue the django.tasks task at `task_path` (once the surrounding transaction commits, by default).

    Returns the TaskResult when enqueued at once (`on_commit=False`: the caller may ask `is_finished`,
    as the immediate backend runs it before returning), else None."""
    task = import_string(task_path)  # resolved now: a wrong path fails in the caller, not in the worker

    def send():
        return task.enqueue(*args, **kwargs)

    if on_commit:
        transaction.on_commit(send)
        return None
    return send()
