"""The same-matter check at intake (issue 15 §1, "≤ 50 ms p95"): the matcher's part.

    PYTHONPATH=src .venv/bin/python benchmarks/matters_intake.py [--pool 400] [--n 200]

At intake, `selectors.matters.candidate_pool` loads at most `candidate_pool` (default 400) recent master
cases within the window (one indexed query on received_at), and `rules.matters.candidates` scores the
new report against them. This benchmark times the second part on messages of the shipped corpus: cold
(every candidate profiled) and warm (the candidates' profiles cached, as in a worker that has seen them).
The query is not timed here: at 1,000,000 events (benchmarks/dispatch_hotspots.py's database) it took
1.2 s until the partial index dispatch_event_masters_recent (0009), then 32 ms median, 49 ms p95; query and
matcher together 67 ms median, 220 ms p95 (load average 5) — docs/seed-map/dispatch.md.

Measured 2026-12-05 on the shared 2-core machine under a load average of 15 (other helpers' tests):
pool 400 — cold 2.0 s, warm median 67 ms, p95 102 ms; pool 200 — warm median 36 ms, p95 76 ms. Not yet
within the issue's 50 ms p95: the character-gram cosine over every candidate dominates (an inverted
index over the candidates' words, or a smaller pool narrowed by street once routing has placed the
event, are the next steps).
"""

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    from zhengwu.dispatch.rules import matters

    parser = argparse.ArgumentParser()
    parser.add_argument("--pool", type=int, default=400)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    rows = list(csv.DictReader((ROOT / "src/zhengwu/dispatch/reference/citizen_messages_with_replies.csv")
                               .open(encoding="utf-8")))
    rows += list(csv.DictReader((ROOT / "src/zhengwu/dispatch/reference/citizen_messages_train.csv")
                                .open(encoding="utf-8")))
    pool = [matters.Report(f"p{i}", r["title"], r["text"][:2000], "2026-05-01 09:00")
            for i, r in enumerate((rows * (args.pool // len(rows) + 1))[:args.pool])]
    pool = [matters.Report(f"{r.id}", r.title + str(i), r.text, r.created_at) for i, r in enumerate(pool)]
    matters.vocabulary()
    t = time.perf_counter()
    matters.candidates(pool[0], pool[1:])
    cold = time.perf_counter() - t
    times = []
    for i in range(args.n):
        new = matters.Report(f"n{i}", rows[i % len(rows)]["title"], rows[i % len(rows)]["text"][:2000],
                             "2026-05-02 09:00")
        t = time.perf_counter()
        matters.candidates(new, pool)
        times.append(time.perf_counter() - t)
    times.sort()
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"pool {args.pool}: cold {1000 * cold:.0f} ms (every candidate profiled once); warm: median "
          f"{1000 * statistics.median(times):.1f} ms, p95 {1000 * p95:.1f} ms over {args.n} new reports")


if __name__ == "__main__":
    main()
