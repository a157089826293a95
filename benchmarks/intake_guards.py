"""What the intake guards of issue 12 cost, each beside the work it guards, rounds interleaved.

    .venv/bin/python benchmarks/intake_guards.py [ROUNDS]

1. JSON: `core.http.nesting_depth` (the pre-scan before every parse) beside `json.loads` of the same
   body — a single event, batches of 50 and 200 real messages, and the attack bodies (4 MB of "[],",
   100,000 nested brackets) that the pre-scan exists for.
2. Idempotent intake: `services.event_intake` with a source_id and an Idempotency-Key (one look-up
   more) beside the same events without them, on a throwaway SQLite database; both store the same
   number of events with their ledger entries and routing tasks.
3. The report form's throttle: `judge` + `hit` of `dispatch.services.public.report_checks` (two counting
   queries, one insert) with 20,000 earlier hits in the table, beside one `event_intake`.

Both sides of each pair do the same work and their answers are checked to agree.
"""

import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
TMP = Path(tempfile.mkdtemp(prefix="intake-guards-"))
os.environ.update({"ZHENGWU_VAR_DIR": str(TMP), "DATABASE_URL": f"sqlite:///{TMP / 'bench.sqlite3'}",
                   "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "DEBUG": "0"})


def messages() -> list[dict]:
    path = ROOT / "src" / "zhengwu" / "dispatch" / "reference" / "citizen_messages_train.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    return [
        {
            "title": r["title"][:200],
            "text": r["text"][:2000],
            "address": "鹿丹村",
            "reporter_phone": f"138{i:08d}",
        }
        for i, r in enumerate(rows)
    ]


def timed(fn, repeat: int) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - t0) / repeat


def json_part():
    from zhengwu.core.http import nesting_depth

    msgs = messages()
    bodies = {
        "one event (%d B)": json.dumps(msgs[0], ensure_ascii=False).encode(),
        "batch of 50 (%d B)": json.dumps({"events": msgs[:50]}, ensure_ascii=False).encode(),
        "batch of 200 (%d B)": json.dumps({"events": msgs[:200]}, ensure_ascii=False).encode(),
        "attack: 1.3M empty lists (%d B)": b"[" + b"[]," * 1_300_000 + b"[]]",
        "attack: 100,000 nested (%d B)": b"[" * 100_000 + b"]" * 100_000,
    }
    print("1. JSON pre-scan beside json.loads (median of rounds, interleaved)")
    for label, body in bodies.items():
        repeat = 2 if len(body) > 1_000_000 else 200
        scans, parses = [], []
        for _ in range(ROUNDS):
            scans.append(timed(lambda b=body: nesting_depth(b, stop_at=32), repeat))
            try:
                parses.append(timed(lambda b=body: json.loads(b), repeat))
            except RecursionError:
                parses.append(float("nan"))
        scan, parse = statistics.median(scans), statistics.median(parses)
        ratio = (
            f"{scan / parse:.2f}× the parse"
            if parse == parse
            else "json.loads: RecursionError (a 500 before)"
        )
        print(
            f"   {label % len(body):34} pre-scan {scan * 1e3:8.3f} ms   json.loads {parse * 1e3:8.3f} ms "
            f"  {ratio}"
        )


def db_part():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load-reference", verbosity=0)
    from zhengwu.core import throttle
    from zhengwu.core.models import ThrottleHit
    from zhengwu.dispatch import services
    from zhengwu.dispatch.models import Event
    from zhengwu.dispatch.services import public as limits

    msgs, per_round = messages(), 40
    plain, keyed, guard, n = [], [], [], 0
    ThrottleHit.objects.bulk_create([ThrottleHit(scope="dispatch.report.client", key=f"{i % 500:064d}",
                                                 at=django.utils.timezone.now()) for i in range(20_000)])
    for _round in range(ROUNDS):
        for side in ("plain", "keyed", "guard"):
            t0 = time.perf_counter()
            for _ in range(per_round):
                m, n = msgs[n % len(msgs)], n + 1
                if side == "plain":
                    services.event_intake(channel="system", source_system="bench", actor="bench", **m)
                elif side == "keyed":
                    services.event_intake(channel="system", source_system="bench", actor="bench",
                                          source_id=f"S-{n}", idempotency_key=f"K-{n}", **m)
                else:
                    checks = limits.report_checks(f"198.51.100.{n % 250}")
                    throttle.judge(checks)
                    throttle.hit(checks)
            {"plain": plain, "keyed": keyed, "guard": guard}[side].append(
                (time.perf_counter() - t0) / per_round
            )
    stored = Event.objects.filter(source_system="bench")
    assert stored.filter(source_id="").count() == stored.exclude(source_id="").count() == ROUNDS * per_round
    p, k, g = (statistics.median(x) * 1e3 for x in (plain, keyed, guard))
    print("2. event_intake on SQLite (median ms per event, rounds of 40 interleaved)")
    print(f"   without source_id/key {p:6.2f} ms   with both {k:6.2f} ms   ratio {k / p:.2f}")
    print("3. report-form throttle (judge + hit, 20,000 earlier hits)")
    print(f"   {g:6.2f} ms per report = {g / p:.2f}× one event_intake")


if __name__ == "__main__":
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}; {ROUNDS} rounds")
    json_part()
    db_part()
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")
