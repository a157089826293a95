"""The same-matter check at intake (issue 15 §1 and "Speed": ≤ 50 ms p95 with 1,000,000 stored events).

    PYTHONPATH=src .venv/bin/python benchmarks/matters_intake.py
    [--db /tmp/zw-hotspots-bench.sqlite3] [--n 60]

Uses the 1,000,000-event database of benchmarks/dispatch_hotspots.py
(`generate`; made when missing, ~90–280 s, kept in `--db`). Side by side, rounds interleaved, on the same
new reports (messages of the shipped corpus):

  old  selectors.matters.candidate_pool (400 Event instances) + rules.matters.candidates over report_of(...):
       every candidate tokenised again (the profile cache cleared each round, as in a worker that has not
       seen those cases — the state that gave 220 ms p95);
  new  selectors.matters.matter_suggestions: one lean query of the pool's columns joined to the stored
       profiles (models.MatterProfile, stored at intake by services.matters.matter_check_new), no model
       instances, no tokenising; only the found cases loaded as events.

Checked each round: both return the same candidates with the same scores (Match equal). Load printed.

Measured 2026-12-05 on the shared 2-core machine, 1,000,000 events, 60 new reports (47 with candidates):
old median 77.0 ms, p95 88.4 ms; new median 28.6 ms, p95 31.1 ms (target ≤ 50 ms p95); load average 0.59.
SQLite needs its statistics (ANALYZE, run here; in production `PRAGMA optimize` or ANALYZE after bulk loads):
on the freshly generated file without them both took ~500 ms, the planner choosing the wrong index.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "zw-hotspots-bench.sqlite3"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args()
    os.environ["ZHENGWU_VAR_DIR"] = str(Path(args.db).parent / "zw-hotspots-bench-var")
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import csv

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    import dispatch_hotspots

    from zhengwu.dispatch import reference as dispatch_reference
    from zhengwu.dispatch.models import Event
    from zhengwu.dispatch.rules import matters
    from zhengwu.dispatch.selectors import matters as reads
    from zhengwu.dispatch.services import matters as actions
    from zhengwu.org import reference

    if Event.objects.count() < args.events:
        reference.load()
        dispatch_reference.load(with_model=False)
        print(f"generated in {dispatch_hotspots.generate(args.events):.0f} s")
    print(f"events: {Event.objects.count():,}")
    from django.db import connection

    if connection.vendor == "sqlite":  # a freshly generated file has no statistics: without them SQLite picks
        with connection.cursor() as cursor:  # the duplicate_of index over the partial one (450 ms a query)
            cursor.execute("ANALYZE")
    rows = []
    for name in ("citizen_messages_with_replies.csv", "citizen_messages_train.csv"):
        with (ROOT / "src/zhengwu/dispatch/reference" / name).open(encoding="utf-8") as f:
            rows += list(csv.DictReader(f))
    t = reads.thresholds()
    matters.vocabulary()
    probe = Event(title="x", text="x", received_at=timezone.now())
    missing = []
    reads.pool_profiles(probe, t, missing)  # what the intakes before would have stored
    actions.matter_profiles_store(missing)
    print(f"profiles stored for the pool: {len(missing)}")

    def old(event):
        pool = reads.candidate_pool(event, t)
        return [(e.pk, m) for e, m in zip(*_found(event, pool), strict=True)]

    def _found(event, pool):
        by_id = {str(e.pk): e for e in pool}
        found = matters.candidates(reads.report_of(event), [reads.report_of(e) for e in pool], t)
        return [by_id[m.id] for m in found], found

    def new(event):
        return [(s["event"].pk, s["match"]) for s in reads.matter_suggestions(event, t)]

    times, found = {"old": [], "new": []}, 0
    for i in range(args.n):
        r = rows[(7 * i) % len(rows)]
        event = Event(title=r["title"][:200], text=r["text"], received_at=timezone.now())
        answers = {}
        for name, fn in ((("old", old), ("new", new)) if i % 2 else (("new", new), ("old", old))):
            matters._profile_cached.cache_clear()
            start = time.perf_counter()
            answers[name] = fn(event)
            times[name].append(time.perf_counter() - start)
        assert answers["old"] == answers["new"], (i, answers)
        found += bool(answers["new"])
    load = os.getloadavg()
    for name, ts in times.items():
        ts.sort()
        p95 = ts[max(0, int(0.95 * len(ts)) - 1)]
        print(f"{name}: median {1000 * statistics.median(ts):6.1f} ms  p95 {1000 * p95:6.1f} ms  "
              f"max {1000 * ts[-1]:6.1f} ms  (n={len(ts)}, load average {load[0]:.2f} {load[1]:.2f})")
    print(f"same candidates in every round; {found} of {args.n} new reports had candidates")


if __name__ == "__main__":
    main()
