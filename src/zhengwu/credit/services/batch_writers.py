"""Write an import's batches on up to N database connections at once (PostgreSQL), or inline (N = 1).

Why: on PostgreSQL the server's COPY of each batch was the import's serial part (measured: 1,000,000 rows
prepared as CSV took 13.7–14.7 s through one connection, 8.9–9.0 s through two; docs/seed-map/credit.md,
issue 13 item 18). Each batch is still one transaction of its own, as before: with two writers two of
them are open at once, on two connections.

`Writers(n)`: `submit(job, stage)` runs `job()` — inline when n is 1 (the caller's connection, exactly the
serial path, its exceptions raised as they are); otherwise on a new thread, which gets its own Django
connection and closes it when done — and returns once fewer than n jobs are in flight. A thread's job
that fails is re-raised by `submit` or `drain` as `Failed` (its exception and the stage it was writing)
once every other job in flight has ended: nothing is left running behind the caller's error handling.
Jobs start in submission order but may finish in any order; what they share (the batch's counters) is
the job's business.
"""

import threading
from collections import deque
from collections.abc import Callable

from django.db import connection
from django.utils import translation


class Failed(Exception):
    """A job failed: `error` is its exception, `stage` what the caller said it was writing."""

    def __init__(self, error: BaseException, stage):
        super().__init__(str(error))
        self.error, self.stage = error, stage


class _Job:
    def __init__(self, job: Callable[[], None], stage, language: str | None):
        self.stage, self.error = stage, None
        self.thread = threading.Thread(target=self._run, args=(job, language), name="credit-import-writer",
                                       daemon=True)

    def _run(self, job, language) -> None:
        try:
            with translation.override(language):
                job()
        except BaseException as exc:  # handed to the caller
            self.error = exc
        finally:
            connection.close()  # this thread's own connection


class Writers:
    """`on_done(stage)`: called in the caller's thread for each job that ended well, in submission order."""

    def __init__(self, n: int, on_done: Callable[[object], None] | None = None):
        self.n = max(1, int(n))
        self.on_done = on_done or (lambda stage: None)
        self.running: deque[_Job] = deque()

    def submit(self, job: Callable[[], None], stage=None) -> None:
        if self.n == 1:  # the serial path: its exceptions are the caller's own, as they are
            job()
            self.on_done(stage)
            return
        entry = _Job(job, stage, translation.get_language())
        self.running.append(entry)
        entry.thread.start()
        while len(self.running) >= self.n:
            self._finish_oldest()

    def drain(self) -> None:
        """Wait for every job in flight; the first failure is raised once all have ended."""
        while self.running:
            self._finish_oldest()

    def _finish_oldest(self) -> None:
        entry = self.running.popleft()
        entry.thread.join()
        if entry.error is not None:
            self.drain_quietly()
            raise Failed(entry.error, entry.stage) from entry.error
        self.on_done(entry.stage)

    def drain_quietly(self) -> None:
        """Wait for the jobs in flight, their failures dropped (the caller is already failing)."""
        while self.running:
            self.running.popleft().thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.drain_quietly()
