"""双公示: recompute every published penalty's 公示截止期 in the database after a rule change (issue 16 §3, "Speed":
≤ 5 s), on a fresh SQLite database (or --pg URL).

    .venv/bin/python benchmarks/credit_recompute.py [--records 1000000] [--rounds 3]

Side by side, rounds interleaved so that the machine's load (2 shared cores) falls on every side alike, with the
load averages printed beside each number:

  read      the anchor: reading every record's columns one row per record (what re-tiering must read; the
            recompute without re-tiering reads groups of (decision day, tier, end, earliest) instead)
  dry-run   services.publicity.publicity_recompute(dry_run=True): read + recompute, nothing written
  change    the configuration changes (一般 max 12 ↔ 24 months, alternately) and the recompute writes every
            moved record (grouped updates) and its one ledger entry

Answers checked first: the service's moved count equals the general records' count (only they move), and a
sample of stored ends equals the scalar rules (`rules.publicity.penalty_publicity`).
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(fn):
    before = load()
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out, f"{before} → {load()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", help="PostgreSQL URL instead of SQLite")
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="zw-recompute-bench-")
    os.environ["ZHENGWU_VAR_DIR"] = var
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from zhengwu.credit.models import Record
    from zhengwu.credit.rules import publicity
    from zhengwu.credit.services import publicity as service
    from zhengwu.org import reference
    from zhengwu.org.models import Unit

    reference.load()
    unit = Unit.objects.get(code="QCGJ")
    on = date(2026, 6, 1)
    base = publicity.DEFAULT_POLICY
    longer = publicity.policy_from_settings({"general": {"publish": True, "min_months": 3, "max_months": 24}})
    tiers = ["general", "serious", "general", "minor"]
    now, start = timezone.now(), date(2025, 6, 5)  # every record still public on `on` under both policies
    t0 = time.perf_counter()
    batch, general = [], 0
    for i in range(args.records):
        decided = start + timedelta(days=i % 360)
        tier = tiers[i % len(tiers)]
        pub = publicity.penalty_publicity(decided_on=decided, severity=publicity.Severity(tier), on=on) \
            if i < 3000 else None  # the first period of each (day, tier) pair: cached below
        batch.append((i, decided, tier, pub))
    cache = {}
    records = []
    for i, decided, tier, pub in batch:
        key = (decided, tier)
        if key not in cache:
            cache[key] = pub or publicity.penalty_publicity(decided_on=decided, severity=publicity.Severity(tier),
                                                            on=on)
        pub = cache[key]
        general += tier == "general" and pub.public
        records.append(Record(unit=unit, kind="penalty", key=f"B{i}", decision_no=f"罚{i}", subject_name="某公司",
                              category="罚款", decided_on=decided, street="桂园街道", authority="区城管局", data={},
                              digest="", state="published", severity=tier, public_until=pub.until,
                              repairable_from=pub.earliest_repair, created_at=now, updated_at=now))
    Record.objects.bulk_create(records, batch_size=20_000)
    del records, batch
    print(f"{args.records:,} published penalties stored in {time.perf_counter() - t0:.1f} s "
          f"({general:,} general); {load()}")

    # answers first
    summary = service.publicity_recompute(policy=base, on=on, dry_run=True)
    assert summary["moved"] == 0, summary
    summary = service.publicity_recompute(policy=longer, on=on, dry_run=True)
    assert summary["moved"] == general, (summary, general)
    for r in Record.objects.order_by("?")[:200]:
        pub = publicity.penalty_publicity(decided_on=r.decided_on, severity=publicity.Severity(r.severity), on=on)
        assert r.public_until == (pub.until if pub.public else None), r.pk

    def read():
        return len(service._frame(Record.objects.filter(kind="penalty", state__in=("published", "pushed")), retier=False))

    policies = [longer, base]
    for n in range(args.rounds):
        policy = policies[n % 2]
        s_read, rows, l_read = timed(read)
        s_dry, dry, l_dry = timed(lambda p=policy: service.publicity_recompute(policy=p, on=on, dry_run=True))
        s_chg, chg, l_chg = timed(lambda p=policy: service.publicity_recompute(policy=p, on=on))
        assert rows == dry["records"] == chg["records"] and dry["moved"] == chg["moved"] == general
        print(f"round {n + 1}: read {s_read:.2f} s ({l_read}) · dry-run {s_dry:.2f} s ({l_dry}) · "
              f"change {s_chg:.2f} s, {chg['moved']:,} of {chg['records']:,} moved ({l_chg})")


if __name__ == "__main__":
    main()
