"""双公示 validation and import speed (issue 4 §6), all numbers side by side from one run.

    .venv/bin/python benchmarks/credit_import.py [--rows 1000000] [--frictionless-rows 50000] [--pg URL]
        [--rounds 2] [--busy] [--imports-only] [--sqlite-only | --postgresql-only] [--anchor /work/main]

Generates a licence CSV with 5 % known defects, then measures:
  1. pyarrow's pure CSV parse of the file (the anchor),
  2. our full validation (`zhengwu credit validate --json` code path),
  3. frictionless-py validating a subsample against our exported Table Schema (rows/s extrapolated),
  4. end-to-end import (parse, validate, store) into a fresh SQLite database, in its own process, with that
     process's peak RSS, old and new side by side: the anchor is the code of another checkout (--anchor,
     default /work/main: main's code, run from there, on a database migrated by it), rounds interleaved
     (old, new, old, new); every import's stored table is digested (key, digest, dates, status…) and the
     digests and counts must agree; then the re-import of the same file by each,
  5. the same into PostgreSQL when --pg (or DATABASE_URL) names one:
       scripts/with-postgres.sh .venv/bin/python benchmarks/credit_import.py
--busy keeps one of the two cores busy with another process (a Python spin loop) during every import.
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


def busy_core():
    """Another process that keeps one core busy (--busy): killed by the caller."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def table_digest(url: str) -> tuple[int, str]:
    """(rows, SHA-256) of the stored records in key order: what must not differ between old and new."""
    import hashlib

    # every column an import writes (the staged SQLite path and executemany/COPY must store the same values)
    sql = ("SELECT key, digest, decision_no, subject_name, uscc, org_code, is_natural_person, category, "
           "decided_on, due_on, valid_until, publicity_until, status, street, item_code, authority, data, "
           "state, version, kind FROM credit_record ORDER BY unit_id, kind, key")
    h, n = hashlib.sha256(), 0
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        rows = conn.execute(sql)
    else:
        import psycopg

        conn = psycopg.connect(url)
        rows = conn.cursor(name="digest")
        rows.itersize = 50_000
        rows.execute(sql)
    for row in rows:
        h.update(repr(tuple(str(v) for v in row)).encode())
        n += 1
    conn.close()
    return n, h.hexdigest()


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
            call_command(
                "credit", "import", path, "--kind", "license", "--unit", "QFGJ", "--json", stdout=buf
            )
    except SystemExit as exc:
        if exc.code not in (0, 1):
            raise
    result = json.loads(buf.getvalue())
    import zhengwu

    result["code"] = str(Path(zhengwu.__file__).parents[1])  # which checkout ran: the anchor's or ours
    status = Path("/proc/self/status").read_text()
    result["peak_rss_mb"] = (
        int(next(ln for ln in status.splitlines() if ln.startswith("VmHWM")).split()[1]) / 1024
    )
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


def migrated(env: dict, url: str) -> None:
    """A database migrated, with the reference units, by the code on env's PYTHONPATH."""
    env = dict(env, DATABASE_URL=url)
    zw("migrate", "--noinput", env=env)
    zw("shell", "-c", "from zhengwu.org import reference; reference.load()", env=env)


def empty_records(url: str) -> None:
    """PostgreSQL between rounds: no records (the table's indexes stay as the previous import left them)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE credit_record CASCADE")


def import_rounds(path: Path, tmp: Path, args, sides: dict, backend: str) -> list[tuple]:
    """Old and new imports of the same file, rounds interleaved; every stored table digested and compared.

    sides: {"old"|"new": env}. Returns result rows for the table printed at the end.
    """
    pg = backend == "postgresql"
    urls = {}
    for side, env in sides.items():
        if pg:
            urls[side] = args.pg.rsplit("/", 1)[0] + f"/bench_{side}"
            ensure_pg_database(urls[side])
        else:
            urls[side] = f"sqlite:///{tmp / f'{side}-template.sqlite3'}"
        migrated(env, urls[side])
    found, digests, last = {"old": [], "new": []}, set(), {}
    for rnd in range(1, args.rounds + 1):
        for side in ("old", "new"):
            if pg:
                url = urls[side]
                empty_records(url)
            else:
                db = tmp / f"{side}-{rnd}.sqlite3"
                shutil.copy(tmp / f"{side}-template.sqlite3", db)
                url = f"sqlite:///{db}"
            busy = busy_core() if args.busy else None
            try:
                took = timed_import(path, dict(sides[side], DATABASE_URL=url), tmp)
            finally:
                if busy:
                    busy.kill()
                    busy.wait()
            rows, digest = table_digest(url)
            assert rows == took[2]["created"], (side, rows, took[2])
            digests.add(digest)
            found[side].append(took)
            last[side] = url
            print(f"{backend} {side} round {rnd}: {took[0]:.1f} s, peak RSS {took[1]:,.0f} MB, created "
                  f"{took[2]['created']:,}, table sha256 {digest[:12]}, code {took[2]['code']}; {took[3]}",
                  flush=True)
            if not pg and rnd < args.rounds:
                Path(url.removeprefix("sqlite:///")).unlink()
    assert len(digests) == 1, f"old and new stored different tables: {digests}"
    assert len({t[2]["created"] for ts in found.values() for t in ts}) == 1
    again = {}
    for side in ("old", "new"):  # the same file again: nothing new, nothing changed
        again[side] = timed_import(path, dict(sides[side], DATABASE_URL=last[side]), tmp)
        assert again[side][2]["created"] == 0 and again[side][2]["updated"] == 0, again[side][2]
        assert table_digest(last[side])[1] in digests
    target = 60 if args.busy else (30 if pg else 20)  # the busy-core target is the same for both
    label = "PostgreSQL" if pg else "SQLite"
    out = []
    for side in ("old", "new"):
        times = [t[0] for t in found[side]]
        rss = max(t[1] for t in found[side])
        ok = "" if side == "old" else (
            f"target <= {target} s {'OK' if max(times) <= target else 'MISSED'}, RSS <= 1500 MB "
            f"{'OK' if rss <= 1500 else 'MISSED'}; ")
        out.append((f"import into {label}{' (busy core)' if args.busy else ''}, {side}",
                    " / ".join(f"{t:.1f}" for t in times) + " s", f"peak RSS {rss:,.0f} MB",
                    ok + "; ".join(t[3] for t in found[side])))
    old, new = min(t[0] for t in found["old"]), min(t[0] for t in found["new"])
    out.append((f"  {label}: new vs old (best of each)", f"{old / new:.2f}x faster", "",
                f"same table in every import (sha256 {next(iter(digests))[:12]}, "
                f"{found['new'][0][2]['created']:,} rows)"))
    for side in ("old", "new"):
        out.append((f"re-import same file into {label}, {side}", f"{again[side][0]:.1f} s", "",
                    f"created 0, unchanged {again[side][2]['unchanged']:,}; {again[side][3]}"))
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--child-import":
        child_import(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--frictionless-rows", type=int, default=50_000)
    ap.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--rounds", type=int, default=2, help="old, new, old, new … for each database")
    ap.add_argument("--busy", action="store_true", help="keep one core busy with another process (imports)")
    ap.add_argument("--imports-only", action="store_true", help="skip the validation/frictionless measures")
    ap.add_argument("--sqlite-only", action="store_true", help="no PostgreSQL even if DATABASE_URL names one")
    ap.add_argument("--postgresql-only", action="store_true", help="no SQLite imports (needs --pg)")
    ap.add_argument("--anchor", default="/work/main", help="checkout whose code is the old side")
    ap.add_argument("--keep", action="store_true", help="keep the generated file and databases (several GB)")
    args = ap.parse_args()
    if args.postgresql_only and (args.sqlite_only or not args.pg.startswith("postgres")):
        ap.error("--postgresql-only needs --pg postgresql://… (or DATABASE_URL) and not --sqlite-only")
    tmp = Path(tempfile.mkdtemp(prefix="credit-bench-"))
    env = dict(os.environ, ZHENGWU_VAR_DIR=str(tmp / "var"),
               DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}")
    sides = {"old": dict(env, PYTHONPATH=str(Path(args.anchor) / "src")),
             "new": dict(env, PYTHONPATH=str(ROOT / "src"))}
    os.environ.update(ZHENGWU_VAR_DIR=env["ZHENGWU_VAR_DIR"], DATABASE_URL=env["DATABASE_URL"],
                      DJANGO_SETTINGS_MODULE="zhengwu.settings")
    import django

    django.setup()
    from zhengwu.credit.rules import sample
    from zhengwu.credit.standard import LICENSE

    path = tmp / "license.csv"
    t = time.perf_counter()
    frame, planted = sample.generate(LICENSE, rows=args.rows, defect_rate=0.05, seed=1,
                                     authority="深圳市罗湖区发展和改革局")  # imported as QFGJ (谁产生谁负责)
    sample.write(frame, path)
    del frame
    t_gen = time.perf_counter() - t
    print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB, "
          f"{len(planted):,} known defects) "
          f"in {t_gen:.1f} s", flush=True)
    rows = [("generate sample (not a target)", f"{t_gen:.1f} s", "", f"{len(planted):,} planted defects")]
    if not args.imports_only:
        zw("migrate", "--noinput", env=env)
        zw("shell", "-c", "from zhengwu.org import reference; reference.load()", env=env)
        rows += validation_rows(path, tmp, args, planted)
    if not args.postgresql_only:
        rows += import_rounds(path, tmp, args, sides, "sqlite")
    if args.pg.startswith("postgres") and not args.sqlite_only:
        rows += import_rounds(path, tmp, args, sides, "postgresql")
    else:
        rows.append(("import into PostgreSQL", "skipped", "", "pass --pg postgresql://… or DATABASE_URL"))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"\n{args.rows:,} licence rows, {os.cpu_count()} cores{', one kept busy' if args.busy else ''}")
    for name, a, b, c in rows:
        print(f"{name:<{width}}  {a:>18}  {b:>18}  {c}")


def validation_rows(path: Path, tmp: Path, args, planted) -> list[tuple]:
    """pyarrow's parse (the anchor), our validation, frictionless-py on a subsample."""
    import polars as pl
    import pyarrow.csv as pacsv

    from zhengwu.credit import selectors
    from zhengwu.credit.formats import schema
    from zhengwu.credit.formats.ingest import open_table
    from zhengwu.credit.rules import checking
    from zhengwu.credit.standard import LICENSE

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
    del report, found

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
    ours_rate = args.rows / t_ours
    return [
        ("pyarrow parse only (anchor)", f"{t_arrow:.2f} s", f"{args.rows / t_arrow:,.0f} rows/s", load_arrow),
        ("our validation, full rule set", f"{t_ours:.2f} s", f"{ours_rate:,.0f} rows/s",
         f"{t_ours / t_arrow:.2f}x pyarrow (target <= 2.5x) {'OK' if t_ours <= 2.5 * t_arrow else 'MISSED'}; "
         f"{load_ours}"),
        (f"frictionless-py ({args.frictionless_rows:,}-row subsample)",
         f"{args.rows / fl_rate:.1f} s (extrap.)",
         f"{fl_rate:,.0f} rows/s",
         f"ours = {ours_rate / fl_rate:.1f}x frictionless (target >= 20x) "
         f"{'OK' if ours_rate >= 20 * fl_rate else 'MISSED'}; {load_fl}"),
    ]


if __name__ == "__main__":
    main()
