"""双公示 validation and import speed (issue 4 §6), all numbers side by side from one run.

    .venv/bin/python benchmarks/credit_import.py [--rows 1000000] [--frictionless-rows 50000] [--pg URL]

Generates a licence CSV with 5 % known defects, then measures:
  1. pyarrow's pure CSV parse of the file (the anchor),
  2. our full validation (`zhengwu credit validate --json` code path),
  3. frictionless-py validating a subsample against our exported Table Schema (rows/s extrapolated),
  4. end-to-end import (parse, validate, store) into a fresh SQLite database, in its own process, with that
     process's peak RSS (os.wait4), then the re-import of the same file,
  5. the same into PostgreSQL when --pg (or DATABASE_URL) names one:
       scripts/with-postgres.sh .venv/bin/python benchmarks/credit_import.py
The machine's load averages are printed beside each number (the 2 cores are shared).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZW = str(ROOT / ".venv/bin/zhengwu")


def zw(*args, env, check=True):
    return subprocess.run([ZW, *args], env=env, capture_output=True, text=True, check=check)


def load() -> str:
    """The machine's load averages (other engineers share the 2 cores): printed beside every number."""
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed_import(path, env, out_dir) -> tuple[float, float, dict, str]:
    """`zhengwu credit import` in its own process: (seconds, that process's peak RSS in MB, counts, load).

    The peak is the child's own VmHWM, read by the child itself at its end: rusage's ru_maxrss would
    also count the pages of this (large) benchmark process that the child shared between fork and exec.
    """
    out = Path(out_dir) / f"import-{time.monotonic_ns()}.json"
    start_load = load()
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child-import", str(path), str(out)], env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"import failed: {proc.stderr[-2000:]}")
    result = json.loads(out.read_text())
    result["error_count"] = len(result.pop("errors"))
    return elapsed, result.pop("peak_rss_mb"), result, f"{start_load} → {load()}"


def child_import(path: str, out: str) -> None:
    """Run `zhengwu credit import … --json` in this process and add its peak RSS (VmHWM) to the JSON."""
    import io

    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    django.setup()
    from django.test import override_settings

    buf = io.StringIO()
    try:  # a benchmark, not a person: no --actor (the CLI requires one in production)
        with override_settings(CREDIT_CLI_ACTOR_REQUIRED=False):
            call_command("credit", "import", path, "--kind", "license", "--unit", "QFGJ", "--json", stdout=buf)
    except SystemExit as exc:
        if exc.code not in (0, 1):
            raise
    result = json.loads(buf.getvalue())
    status = Path("/proc/self/status").read_text()
    result["peak_rss_mb"] = int(next(ln for ln in status.splitlines() if ln.startswith("VmHWM")).split()[1]) / 1024
    Path(out).write_text(json.dumps(result, ensure_ascii=False))


def ensure_pg_database(url: str) -> None:
    """with-postgres.sh starts a bare server: create the database named in the URL if it is missing."""
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--child-import":
        child_import(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--frictionless-rows", type=int, default=50_000)
    ap.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--keep", action="store_true", help="keep the generated file and databases (several GB)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="credit-bench-"))
    env = dict(os.environ, ZHENGWU_VAR_DIR=str(tmp / "var"), DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.update(ZHENGWU_VAR_DIR=env["ZHENGWU_VAR_DIR"], DATABASE_URL=env["DATABASE_URL"],
                      DJANGO_SETTINGS_MODULE="zhengwu.settings")
    import django

    django.setup()
    import polars as pl
    import pyarrow.csv as pacsv

    from zhengwu.credit import selectors
    from zhengwu.credit.formats import schema
    from zhengwu.credit.formats.ingest import open_table
    from zhengwu.credit.rules import checking, sample
    from zhengwu.credit.standard import LICENSE

    path = tmp / "license.csv"
    t = time.perf_counter()
    frame, planted = sample.generate(LICENSE, rows=args.rows, defect_rate=0.05, seed=1,
                                     authority="深圳市罗湖区发展和改革局")  # imported as QFGJ (谁产生谁负责)
    sample.write(frame, path)
    del frame
    t_gen = time.perf_counter() - t
    print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB, {len(planted):,} known defects) "
          f"in {t_gen:.1f} s", flush=True)

    zw("migrate", "--noinput", env=env)
    zw("shell", "-c", "from zhengwu.org import reference; reference.load()", env=env)

    load_arrow = load()
    t = time.perf_counter()
    pacsv.read_csv(path)
    t_arrow = time.perf_counter() - t

    ctx = selectors.rule_context(unit=None, kind="license")
    load_ours = load()
    t = time.perf_counter()
    report = checking.validate_table(open_table(path, LICENSE), LICENSE, ctx)
    t_ours = time.perf_counter() - t
    print(f"pyarrow {t_arrow:.2f} s, ours {t_ours:.2f} s", flush=True)
    assert report.rows == args.rows
    found = report.error_frame().select("row", "field", "rule").unique()
    assert len(found) == len(planted), (len(found), len(planted))

    import frictionless

    sub = tmp / "sub.csv"
    pl.read_csv(path, infer_schema=False, n_rows=args.frictionless_rows).write_csv(sub)
    fschema = frictionless.Schema.from_descriptor(schema.frictionless(LICENSE))
    load_fl = load()
    t = time.perf_counter()
    fl_report = frictionless.validate(frictionless.Resource(path=sub.name, basepath=str(tmp), schema=fschema),
                                      limit_errors=10**9)
    t_fl = time.perf_counter() - t
    fl_task = fl_report.tasks[0]
    assert fl_task.stats["rows"] == args.frictionless_rows, fl_report.flatten(["type", "message"])[:3]
    fl_rate = args.frictionless_rows / t_fl

    del report, found
    t_sqlite, mem_sqlite, res_sqlite, load_sqlite = timed_import(path, env, tmp)
    print(f"sqlite import {t_sqlite:.1f} s, peak RSS {mem_sqlite:.0f} MB", flush=True)
    t_again, _m, res_again, load_again = timed_import(path, env, tmp)

    pg = None
    if args.pg.startswith("postgres"):
        ensure_pg_database(args.pg)
        pg_env = dict(env, DATABASE_URL=args.pg)
        zw("migrate", "--noinput", env=pg_env)
        zw("shell", "-c", "from zhengwu.org import reference; reference.load()", env=pg_env)
        zw("shell", "-c", "from zhengwu.credit.models import Record; Record.objects.all().delete()", env=pg_env)
        pg = timed_import(path, pg_env, tmp)
        print(f"postgresql import {pg[0]:.1f} s", flush=True)

    ours_rate = args.rows / t_ours
    rows = [
        ("generate sample (not a target)", f"{t_gen:.1f} s", "", f"{len(planted):,} planted defects"),
        ("pyarrow parse only (anchor)", f"{t_arrow:.2f} s", f"{args.rows / t_arrow:,.0f} rows/s", load_arrow),
        ("our validation, full rule set", f"{t_ours:.2f} s", f"{ours_rate:,.0f} rows/s",
         f"{t_ours / t_arrow:.2f}x pyarrow (target <= 2.5x) {'OK' if t_ours <= 2.5 * t_arrow else 'MISSED'}; "
         f"{load_ours}"),
        (f"frictionless-py ({args.frictionless_rows:,}-row subsample)", f"{args.rows / fl_rate:.1f} s (extrap.)",
         f"{fl_rate:,.0f} rows/s",
         f"ours = {ours_rate / fl_rate:.1f}x frictionless (target >= 20x) "
         f"{'OK' if ours_rate >= 20 * fl_rate else 'MISSED'}; {load_fl}"),
        ("import into SQLite (first)", f"{t_sqlite:.1f} s", f"{args.rows / t_sqlite:,.0f} rows/s",
         f"target <= 60 s {'OK' if t_sqlite <= 60 else 'MISSED'}; peak RSS of the import process "
         f"{mem_sqlite:,.0f} MB (target <= 1500) {'OK' if mem_sqlite <= 1500 else 'MISSED'}; "
         f"created {res_sqlite['created']:,}, errors {res_sqlite['error_count']:,}; {load_sqlite}"),
        ("re-import same file into SQLite", f"{t_again:.1f} s", f"{args.rows / t_again:,.0f} rows/s",
         f"created {res_again['created']}, unchanged {res_again['unchanged']:,}; {load_again}"),
    ]
    if pg:
        rows.append(("import into PostgreSQL (first)", f"{pg[0]:.1f} s", f"{args.rows / pg[0]:,.0f} rows/s",
                     f"target <= 60 s {'OK' if pg[0] <= 60 else 'MISSED'}; peak RSS {pg[1]:,.0f} MB "
                     f"{'OK' if pg[1] <= 1500 else 'MISSED'}; created {pg[2]['created']:,}; {pg[3]}"))
    else:
        rows.append(("import into PostgreSQL", "skipped", "", "pass --pg postgresql://… or DATABASE_URL"))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"\n{args.rows:,} licence rows, {os.cpu_count()} cores")
    for name, a, b, c in rows:
        print(f"{name:<{width}}  {a:>18}  {b:>18}  {c}")


if __name__ == "__main__":
    main()
