"""Several delivery workers at once on one database: every message is sent exactly once when nothing fails.

    DATABASE_URL=postgresql://user@host:5432/zhengwu_bench
    .venv/bin/python benchmarks/outbox_parallel_workers.py [N] [W]

Meant for PostgreSQL (SELECT … FOR UPDATE SKIP LOCKED); also runs on a SQLite file (writers serialised).
The database named in DATABASE_URL is migrated and its outbox tables are emptied — use a throwaway one.
"""

import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ZHENGWU_VAR_DIR", tempfile.mkdtemp(prefix="outbox-par-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['ZHENGWU_VAR_DIR']}/par.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def worker(n_runs: int) -> int:
    import django

    django.setup()
    from zhengwu.outbox import services

    claimed = 0
    for _ in range(n_runs):
        report = services.deliver_due(limit=100, batch=10)
        claimed += report.claimed
        if not report.claimed:
            break
    return claimed


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from zhengwu.outbox import services
    from zhengwu.outbox.models import Attempt, Destination, Message
    from zhengwu.outbox.tests.receiver import Receiver

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    Attempt.objects.all().delete()
    Message.objects.all().delete()
    Destination.objects.all().delete()
    with Receiver() as rx:
        Destination.objects.create(name="par", url=rx.url, timeout_seconds=5)
        services.enqueue_many([services.Outgoing(topic="t", key=f"k{i}", payload={"i": i}) for i in range(n)])
        connection.close()
        t0 = time.perf_counter()
        with mp.get_context("spawn").Pool(workers) as pool:
            claimed = pool.map(worker, [1000] * workers)
        elapsed = time.perf_counter() - t0
        wire = len(rx.hits)
        distinct = len(rx.received)
    delivered = Message.objects.filter(state="delivered").count()
    print(
        f"{connection.vendor}: {workers} workers, {n} messages in {elapsed:.2f} s ({n / elapsed:.0f} msg/s)"
    )
    print(f"claimed per worker: {claimed}  (sum {sum(claimed)})")
    print(f"requests on the wire: {wire}, distinct keys received: {distinct}, delivered in DB: {delivered}")
    print("OK: each message sent exactly once" if wire == distinct == delivered == n else "MISMATCH")


if __name__ == "__main__":
    main()
