"""双公示 validation and import speed (issue 4 §6), all numbers side by side from one run.

    .venv/bin/python benchmarks/credit_import.py [--rows 1000000] [--frictionless-rows 50000] [--pg URL]

Generates a licence CSV with 5 % known defects, then measures:
  1. pyarrow's pure CSV parse of the file (the anchor),
  2. our full validation (`zhengwu credit validate --json` code path),
  3. frictionless-py validating a subsample against our exported Table Schema (rows/s extrapolated),
  4. end-to-end import (parse, validate, store) into a fresh SQLite database, in a subprocess, with peak RSS,
  5. the same into PostgreSQL when --pg (or DATABASE_URL) names one.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZW = str(ROOT / ".venv/bin/zhengwu")


def zw(*args, env, check=True):
    return subprocess.run([ZW, *args], env=env, capture_output=True, text=True, check=check)


def timed_import(path, env) -> tuple[float, float, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    out = zw("credit", "import", str(path), "--kind", "license", "--unit", "QFGJ", "--json", env=env, check=False)
    elapsed = time.perf_counter() - t
    if out.returncode not in (0, 1):
        sys.exit(f"import failed: {out.stderr[-2000:]}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = json.loads(out.stdout)
    result.pop("errors")
    return elapsed, peak_mb if peak_mb > before / 1024 else before / 1024, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--frictionless-rows", type=int, default=50_000)
    ap.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="credit-bench-"))
    env = dict(os.environ, ZHENGWU_VAR_DIR=str(tmp / "var"), DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.update(ZHENGWU_VAR_DIR=env["ZHENGWU_VAR_DIR"], DATABASE_URL=env["DATABASE_URL"],
                      DJANGO_SETTINGS_MODULE="zhengwu.settings")
    import django

    django.setup()
    import polars as pl
    import pyarrow.csv as pacsv

    from zhengwu.credit import checking, sample, schema, selectors
    from zhengwu.credit.ingest import open_table
    from zhengwu.credit.standard import LICENSE

    path = tmp / "license.csv"
    t = time.perf_counter()
    frame, planted = sample.generate(LICENSE, rows=args.rows, defect_rate=0.05, seed=1)
    sample.write(frame, path)
    del frame
    print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB, {len(planted):,} known defects) "
          f"in {time.perf_counter() - t:.1f} s", flush=True)

    zw("migrate", "--noinput", env=env)
    zw("shell", "-c", "from zhengwu.org import reference; reference.load()", env=env)

    t = time.perf_counter()
    pacsv.read_csv(path)
    t_arrow = time.perf_counter() - t

    ctx = selectors.rule_context(unit=None, kind="license")
    t = time.perf_counter()
    report = checking.validate_table(open_table(path, LICENSE), LICENSE, ctx)
    t_ours = time.perf_counter() - t
    assert report.rows == args.rows
    found = report.error_frame().select("row", "field", "rule").unique()
    assert len(found) == len(planted), (len(found), len(planted))

    import frictionless

    sub = tmp / "sub.csv"
    pl.read_csv(path, infer_schema=False, n_rows=args.frictionless_rows).write_csv(sub)
    fschema = frictionless.Schema.from_descriptor(schema.frictionless(LICENSE))
    t = time.perf_counter()
    fl_report = frictionless.validate(frictionless.Resource(path=sub.name, basepath=str(tmp), schema=fschema),
                                      limit_errors=10**9)
    t_fl = time.perf_counter() - t
    fl_task = fl_report.tasks[0]
    assert fl_task.stats["rows"] == args.frictionless_rows, fl_report.flatten(["type", "message"])[:3]
    fl_rate = args.frictionless_rows / t_fl

    t_sqlite, mem_sqlite, res_sqlite = timed_import(path, env)
    t_again, _m, res_again = timed_import(path, env)

    pg = None
    if args.pg.startswith("postgres"):
        pg_env = dict(env, DATABASE_URL=args.pg)
        zw("migrate", "--noinput", env=pg_env)
        zw("shell", "-c", "from zhengwu.org import reference; reference.load()", env=pg_env)
        zw("shell", "-c", "from zhengwu.credit.models import Record; Record.objects.all().delete()", env=pg_env)
        pg = timed_import(path, pg_env)

    ours_rate = args.rows / t_ours
    rows = [
        ("pyarrow parse only (anchor)", f"{t_arrow:.2f} s", f"{args.rows / t_arrow:,.0f} rows/s", ""),
        ("our validation, full rule set", f"{t_ours:.2f} s", f"{ours_rate:,.0f} rows/s",
         f"{t_ours / t_arrow:.2f}x pyarrow (target <= 2.5x) {'OK' if t_ours <= 2.5 * t_arrow else 'MISSED'}"),
        (f"frictionless-py ({args.frictionless_rows:,}-row subsample)", f"{args.rows / fl_rate:.1f} s (extrap.)",
         f"{fl_rate:,.0f} rows/s",
         f"ours = {ours_rate / fl_rate:.1f}x frictionless (target >= 20x) {'OK' if ours_rate >= 20 * fl_rate else 'MISSED'}"),
        ("import into SQLite (first)", f"{t_sqlite:.1f} s", f"{args.rows / t_sqlite:,.0f} rows/s",
         f"target <= 60 s {'OK' if t_sqlite <= 60 else 'MISSED'}; peak RSS {mem_sqlite:,.0f} MB "
         f"(target <= 1500) {'OK' if mem_sqlite <= 1500 else 'MISSED'}; created {res_sqlite['created']:,}"),
        ("re-import same file into SQLite", f"{t_again:.1f} s", "",
         f"created {res_again['created']}, unchanged {res_again['unchanged']:,}"),
    ]
    if pg:
        rows.append(("import into PostgreSQL (first)", f"{pg[0]:.1f} s", f"{args.rows / pg[0]:,.0f} rows/s",
                     f"peak RSS {pg[1]:,.0f} MB; created {pg[2]['created']:,}"))
    else:
        rows.append(("import into PostgreSQL", "skipped", "", "pass --pg postgresql://… or DATABASE_URL"))
    width = max(len(r[0]) for r in rows)
    print(f"\n{args.rows:,} licence rows, {os.cpu_count()} cores")
    for name, a, b, c in rows:
        print(f"{name:<{width}}  {a:>18}  {b:>18}  {c}")


if __name__ == "__main__":
    main()
