"""双公示: recompute every published penalty's 公示截止期 in the database after a rule change (issue 16 §3,
"Speed": ≤ 5 s at 1,000,000 records), the code before and after side by side, on a fresh SQLite database (or
PostgreSQL: run under scripts/with-postgres.sh, which sets DATABASE_URL).

    .venv/bin/python benchmarks/credit_recompute.py [--records 1000000] [--rounds 2] [--old PATH] [--wide]
    scripts/with-postgres.sh .venv/bin/python benchmarks/credit_recompute.py --records 1000000

`--old`: the services/publicity.py to compare with (default: /work/main's, i.e. main before this branch; it is
loaded as a module beside the new one and runs on the same database). The records are written by one
INSERT … SELECT (a recursive CTE on SQLite, generate_series on PostgreSQL): 360 decision days × 4 tiers as
before (general / serious / general / minor), every record still public on 2026-06-01; `--wide` stores a
realistic `data` (a penalty's 2016 fields, ~1 KB) instead of `{}`, so the table is as large as in operation.

Each round, old and new alternately first, the machine's load (2 shared cores) printed beside every number:

  read      the anchor: every record's columns one row per record (what re-tiering reads)
  dry-run   publicity_recompute(dry_run=True) under the longer policy: read + recompute, nothing written
  change    一般 12 → 24 months (500,000 records move), then back (timed both): grouped writes + ledger

Same answers: after each change the stored tier, end, earliest repair day and 公示结束日期 of every record are
digested (SHA-256 in id order) — old and new must give the same digest for the same policy — and the service's
summary and the ledger entry's counts and digests must be equal.
"""

import argparse
import atexit
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD = Path("/work/main/src/zhengwu/credit/services/publicity.py")


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(fn):
    """Seconds, the result, and the 1-minute load average before → after."""
    before = os.getloadavg()[0]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out, f"load {before:.2f}→{os.getloadavg()[0]:.2f}"


def ensure_pg_database(url: str) -> None:
    """with-postgres.sh starts a bare server: create the database named in the URL if it is missing (as
    benchmarks/credit_import.py does)."""
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--old", type=Path, default=OLD, help="the services/publicity.py to compare with")
    parser.add_argument("--profile", action="store_true", help="time each statement of one change (new code)")
    parser.add_argument("--wide", action="store_true", help="a realistic `data` column (~1 KB) instead of {}")
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="zw-recompute-bench-")
    atexit.register(shutil.rmtree, var, True)  # the SQLite file is ~430 MB at 1,000,000 records
    os.environ["ZHENGWU_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        ensure_pg_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from zhengwu.credit.models import Record
    from zhengwu.credit.rules import publicity
    from zhengwu.credit.services import publicity as new
    from zhengwu.credit.tests.factories import penalty_row
    from zhengwu.ledger.models import Entry
    from zhengwu.org import reference
    from zhengwu.org.models import Unit

    spec = importlib.util.spec_from_file_location("zhengwu.credit.services.publicity_before", args.old)
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    sides = {"old": old, "new": new}

    reference.load()
    unit = Unit.objects.get(code="QCGJ")
    on = date(2026, 6, 1)
    base = publicity.DEFAULT_POLICY
    longer = publicity.policy_from_settings({"general": {"publish": True, "min_months": 3, "max_months": 24}})
    tiers = ["general", "serious", "general", "minor"]
    start = date(2025, 6, 5)  # every record still public on `on` under both policies
    day = connection.ops.adapt_datefield_value
    pairs = []
    for k in range(360):  # record i has decision day k = i % 360 and tier tiers[k % 4]
        decided, tier = start + timedelta(days=k), tiers[k % 4]
        pub = publicity.penalty_publicity(decided_on=decided, severity=publicity.Severity(tier), on=on)
        pairs.append((k, day(decided), tier, day(pub.until), day(pub.earliest_repair)))
    general = sum(1 for i in range(args.records) if tiers[i % 360 % 4] == "general")  # they move
    data = json.dumps(penalty_row(), ensure_ascii=False) if args.wide else "{}"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    t0 = time.perf_counter()
    sqlite = connection.vendor == "sqlite"
    numbers = ("(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
               "SELECT i FROM n) n" if sqlite else "generate_series(0, %s) AS n(i)")
    as_json = "%s" if sqlite else "CAST(%s AS jsonb)"
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMPORARY TABLE bench_pairs (k integer PRIMARY KEY, decided date, tier varchar(8), "
                  "ends date, earliest date)")
        c.executemany("INSERT INTO bench_pairs VALUES (%s, %s, %s, %s, %s)", pairs)
        c.execute(
            "INSERT INTO credit_record (kind, key, decision_no, subject_name, uscc, org_code, "  # noqa: S608
            "is_natural_person, category, decided_on, status, street, item_code, authority, data, digest, "
            "version, state, created_at, updated_at, unit_id, severity, public_until, repairable_from, "
            "severity_reason) SELECT 'penalty', 'B' || n.i, '罚' || n.i, '某公司', '', '', false, '罚款', "
            f"p.decided, '0', '桂园街道', '', '区城管局', {as_json}, '', 1, 'published', %s, %s, %s, p.tier, "
            f"p.ends, p.earliest, '' FROM {numbers} JOIN bench_pairs p ON p.k = n.i %% 360 ORDER BY n.i",
            [data, now, now, unit.pk, args.records - 1])
        c.execute("DROP TABLE bench_pairs")
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"{args.records:,} published penalties stored in {time.perf_counter() - t0:.1f} s ({general:,} "
          f"general; {connection.vendor}; data {len(data.encode())} bytes); {load()}")

    def digest() -> str:
        h = hashlib.sha256()
        rows = Record.objects.order_by("id").values_list("id", "severity", "public_until", "repairable_from",
                                                         "public_ended_on")
        for row in rows.iterator(chunk_size=50_000):
            h.update(repr(row).encode())
        return h.hexdigest()

    def ledger() -> dict:
        after = Entry.objects.filter(action="credit.publicity.recomputed").latest("seq").after
        return {k: after[k] for k in ("records", "moved", "retiered", "public_again", "moved_pairs",
                                      "moved_pairs_sha256", "moved_ids", "moved_ids_sha256")}

    def read():
        return len(new._frame(Record.objects.filter(kind="penalty", state__in=("published", "pushed")),
                              retier=False))

    if args.profile:
        spent: dict[str, list] = {}

        def log(execute, sql, params, many, context):
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent.setdefault(sql[:70], []).append(time.perf_counter() - t)

        for policy in (longer, base):
            spent.clear()
            with connection.execute_wrapper(log):
                s_chg, chg, l_chg = timed(lambda p=policy: new.publicity_recompute(policy=p, on=on))
            print(f"profile: change {s_chg:.2f} s ({l_chg}), {chg['moved']:,} moved")
            for sql, times in sorted(spent.items(), key=lambda x: -sum(x[1]))[:6]:
                print(f"  {sum(times):6.2f} s {len(times):4d}× {sql}")

    start_digest = digest()
    for name, side in sides.items():  # answers first: nothing moves under the policy the ends were set by
        summary = side.publicity_recompute(policy=base, on=on, dry_run=True)
        assert summary["moved"] == 0 and summary["records"] == args.records, (name, summary)
    print(f"answers: both sides find {args.records:,} records, none moved under the unchanged policy")

    for n in range(args.rounds):
        order = ["old", "new"] if n % 2 == 0 else ["new", "old"]
        s_read, rows, l_read = timed(read)
        assert rows == args.records
        print(f"round {n + 1}: read {s_read:.2f} s ({l_read})")
        found = {}
        for name in order:
            side = sides[name]
            s_dry, dry, l_dry = timed(
                lambda s=side: s.publicity_recompute(policy=longer, on=on, dry_run=True))
            assert dry["moved"] == general, (name, dry)
            line = [f"  {name}: dry-run {s_dry:.2f} s ({l_dry})"]
            for label, policy in (("longer", longer), ("back", base)):
                s_chg, chg, l_chg = timed(lambda s=side, p=policy: s.publicity_recompute(policy=p, on=on))
                assert chg["moved"] == general, (name, label, chg)
                found[name, label] = (digest(), {k: v for k, v in chg.items() if k != "seconds"}, ledger())
                line.append(f"change {label} {s_chg:.2f} s ({l_chg})")
            print(" · ".join(line) + f" · {general:,} of {args.records:,} moved")
        for label in ("longer", "back"):
            assert found["old", label][0] == found["new", label][0], f"stored ends differ after {label}"
            assert found["old", label][1] == found["new", label][1], (found["old", label][1],
                                                                      found["new", label][1])
            assert found["old", label][2] == found["new", label][2], (found["old", label][2],
                                                                      found["new", label][2])
        assert found["new", "back"][0] == start_digest
        print(f"  same answers: digests of every record's stored ends equal (longer "
              f"{found['new', 'longer'][0][:12]}, back {found['new', 'back'][0][:12]} = as stored), "
              "summaries and ledger counts equal")


if __name__ == "__main__":
    main()
