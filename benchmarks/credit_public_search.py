"""Public search over 1,000,000 published 双公示 records: zhengwu's JSON API vs Datasette, same SQLite file, same load.

    .venv/bin/python benchmarks/credit_public_search.py [--rows 1000000] [--clients 20] [--seconds 20]
                                                        [--workers 3] [--dir /tmp/credit-bench] [--reuse]

Targets: (issue 5, "Done when") a credit-code lookup and a name search at p99 ≤ 50 ms with 20 concurrent clients
on loopback; a *substring* name search (a middle part of a name, 2–4 characters, and frequent words such as
有限公司 / 餐饮) at p99 ≤ 100 ms.

1. A throwaway var dir: `zhengwu migrate` + `load-reference`, then 1,000,000 records (half licences, half
   penalties; names, codes and ID numbers from `credit.sample`, company names diversified) written with bulk SQL
   (indexes dropped during the load and rebuilt), all published/pushed, ~5 % past their publicity, ~1 % revoked.
   `ANALYZE` afterwards (what `PRAGMA optimize` does in operation). Then `zhengwu credit search-index --rebuild`
   builds the public-name search index (FTS5 trigram) for all published records — timed (`search_index_s`).
2. zhengwu served by gunicorn (4 sync worker processes, the recommended deployment) on 127.0.0.1:
   /credit/api/public/records/?uscc=… (code), ?name=<the first 7 characters of a name> (name) and
   ?name=<a middle part / frequent word> (sub; substring search since the search index).
3. Datasette on the same file: (a) table filters `?uscc__exact=` / `?subject_name__startswith=` with the same
   public conditions, `_nocount=1`; (b) canned queries with exactly the SQL zhengwu runs (index range for names).
With --pg URL (e.g. under scripts/with-postgres.sh, URL "$DATABASE_URL"): the records are copied into PostgreSQL,
the search index is built there (timed) and substring queries are timed from one client (no HTTP load test).

4. 20 clients in 4 processes (keep-alive where the server allows), each cycling code / name / sub (Datasette: code
   and name only — it has no substring index, `__contains` scans the table),
   bounded by --seconds and --max-requests per client; latency per request, p50/p95/p99 and throughput.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import numpy as np
import polars as pl
from _needs import need  # benchmarks run as scripts: this folder is on sys.path

need(modules=["datasette"], programs=["gunicorn", "datasette"])

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_P99_MS = 50.0
TARGETS_MS = {"code": 50.0, "name": 50.0, "sub": 100.0}
#: frequent words a citizen types (each matches tens of thousands of names or more)
FREQUENT = ["有限公司", "科技", "餐饮", "商贸", "贸易有限", "物业管理"]
LIST_COLUMNS = ("id", "kind", "decision_no", "subject_name", "is_natural_person", "uscc", "category", "decided_on",
                "valid_until", "public_until", "status", "street", "authority")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env):
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


# --- 1. Data --------------------------------------------------------------------------------------------------


def frames(rows: int, seed: int = 7) -> pl.DataFrame:
    """Stored columns of `rows` records (half licences, half penalties) computed column-wise."""
    sys.path.insert(0, str(ROOT / "src"))
    from zhengwu.credit.rules import sample
    from zhengwu.credit.standard import LICENSE, PENALTY

    out = []
    rng = np.random.default_rng(seed)
    given = np.array(list(sample.GIVEN))
    for std, n, s in ((LICENSE, rows // 2, seed), (PENALTY, rows - rows // 2, seed + 1)):
        f, _ = sample.generate(std, rows=n, seed=s)
        c1, c2, c3 = std.legal_codes
        natural = f[c1].is_null() & f[c2].is_null() & f[c3].is_null() & f[std.legal_rep].is_null()
        # 300 brand × trade combinations are too few for a name search: add a two-character word (伟业, 华兴 …)
        word = pl.Series(given[rng.integers(0, len(given), n)]) + pl.Series(given[rng.integers(0, len(given), n)])
        subject = pl.select(pl.when(natural).then(f[std.subject])
                            .otherwise(f[std.subject].str.slice(0, 5) + word + f[std.subject].str.slice(5))).to_series()
        f = f.with_columns(subject.alias(std.subject), (pl.lit(f"{std.kind[:1].upper()}-") + f[std.key]).alias(std.key))
        data = f.select(pl.struct(std.codes).struct.json_encode()).to_series()
        out.append(pl.DataFrame({
            "kind": [str(std.kind)] * n, "key": f[std.key], "decision_no": f[std.decision_no], "subject_name": subject,
            "uscc": f[c1].str.to_uppercase().fill_null(""), "org_code": f[c2].fill_null(""),
            "is_natural_person": natural, "category": f[std.category], "decided_on": f[std.start],
            "valid_until": f[std.end].str.replace_all("/", "-"), "street": f[std.street],
            "item_code": f[std.item_code].fill_null(""), "authority": f[std.authority], "data": data}))
    frame = pl.concat(out)
    n = len(frame)
    today = date.today()
    offsets = rng.integers(1, 1000, n)
    expired = rng.random(n) < 0.05
    public_until = [(today + timedelta(days=int(-o if e else o))).isoformat() for o, e in zip(offsets, expired, strict=True)]
    status = np.where(rng.random(n) < 0.01, "1", np.where(rng.random(n) < 0.02, "2", "0"))
    state = np.where(rng.random(n) < 0.7, "pushed", "published")
    return frame.with_columns(pl.Series("public_until", public_until), pl.Series("status", status),
                              pl.Series("state", state), pl.Series("digest", ["0" * 64] * n))


def load(db: Path, rows: int) -> dict:
    t0 = time.perf_counter()
    frame = frames(rows)
    t_gen = time.perf_counter() - t0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    units = [u for (u,) in conn.execute("SELECT id FROM org_unit WHERE kind IN ('government', 'street', 'vertical')")]
    rng = np.random.default_rng(11)
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    cols = [c for (_, c, *_rest) in conn.execute("PRAGMA table_info(credit_record)")]
    info = {c: (notnull, dflt) for (_, c, _t, notnull, dflt, _pk) in conn.execute("PRAGMA table_info(credit_record)")}
    frame = frame.with_columns(
        pl.Series("unit_id", np.asarray(units)[rng.integers(0, len(units), len(frame))]),
        pl.lit(1).alias("version"), pl.lit(now).alias("created_at"), pl.lit(now).alias("updated_at"),
        pl.lit(now).alias("published_at"), pl.lit(now).alias("pushed_at"), pl.lit("").alias("severity"))
    extra = [c for c in cols if c not in frame.columns and c != "id" and info[c][0] and info[c][1] is None]
    frame = frame.with_columns([pl.lit("").alias(c) for c in extra])  # NOT NULL columns added by later migrations
    names = [c for c in cols if c in frame.columns]
    indexes = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='credit_record' AND sql IS NOT NULL")]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='credit_record' "
                                "AND sql IS NOT NULL").fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    sql = f"INSERT INTO credit_record ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
    with conn:
        for start in range(0, len(frame), 50_000):
            conn.executemany(sql, frame.slice(start, 50_000).select(names).rows())
    t_ins = time.perf_counter() - t0 - t_gen
    with conn:
        for s in indexes:
            conn.execute(s)
    conn.execute("ANALYZE")
    conn.close()
    return {"generate_s": t_gen, "insert_s": t_ins, "index_s": time.perf_counter() - t0 - t_gen - t_ins}


def samples(db: Path, n: int = 2000) -> tuple[list[str], list[str], list[str]]:
    """Credit codes, name beginnings and name parts that exist (plus a few misses), as a portal's users type them.

    Substrings: a 2-, 3- or 4-character part from the middle of a company name (after 深圳市…), its last 4
    characters before the legal form, or a frequent word; for a natural person the masked name (张*明).
    """
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT max(id) FROM credit_record").fetchone()[0]
    ids = random.Random(5).sample(range(1, total + 1), n)
    rows = conn.execute(f"SELECT uscc, subject_name, is_natural_person FROM credit_record WHERE id IN ({','.join(map(str, ids))})").fetchall()  # noqa: S608
    conn.close()
    codes = [u for u, _, _ in rows if u][: n // 2] + ["91440303MA5DC00000"] * 20
    names = [(s[:2] if p else s[:7]) for _, s, p in rows]
    sys.path.insert(0, str(ROOT / "src"))
    from zhengwu.core.privacy import mask_person_name

    rnd, subs = random.Random(9), []
    for _, s, p in rows:
        if p:
            subs.append(mask_person_name(s))
            continue
        pick = rnd.random()
        if pick < 0.15:
            subs.append(rnd.choice(FREQUENT))
        else:
            size = 2 if pick < 0.5 else (3 if pick < 0.75 else 4)
            start = rnd.randint(3, max(3, len(s) - size))
            subs.append(s[start:start + size])
    return codes, names, subs + ["不存在的名字", "查无此名"] * 10


MAINTENANCE = """
import random, time
from zhengwu.credit.models import Record
from zhengwu.credit.services import search_index
ids = list(Record.objects.filter(state__in=search_index.PUBLIC_STATES).values_list("id", flat=True))
rnd = random.Random(3)
t = time.perf_counter()
for pk in rnd.sample(ids, 200):
    search_index.index_ids([pk])
one = (time.perf_counter() - t) / 200
t = time.perf_counter()
search_index.index_ids(rnd.sample(ids, 10_000))
print(f"{one * 1000:.2f} {time.perf_counter() - t:.2f}")
"""


def index_maintenance(env) -> str:
    """Re-indexing published records as publication does: one at a time (record_publish) and 10,000 at once
    (records_approve_many), on the full index. Writes the same entries again, so the data stays as it was."""
    out = subprocess.run([BIN / "zhengwu", "shell", "-c", MAINTENANCE], env=env, check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1].split()
    return f"search index maintenance: one record {out[0]} ms, 10,000 records at once {out[1]} s"


PG_QUERIES = """
import json, random, statistics, sys, time
from datetime import date
from zhengwu.credit.selectors import public as s
subs = json.loads(sys.stdin.read())
groups = {"2 characters": [q for q in subs if len(q) == 2], ">= 3 characters": [q for q in subs if len(q) > 2],
          "frequent word": ["有限公司", "科技", "餐饮", "商贸", "物业管理"] * 20,
          "frequent + unit + kind": ["有限公司"] * 50, "no match": ["查无", "查无此名"] * 50}
for label, qs in groups.items():
    extra = {"unit": "GY", "kind": "penalty"} if "unit" in label else {}
    lat = []
    for q in qs[:300]:
        t = time.perf_counter(); s.public_search(s.Search(name=q, **extra)); lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    print(f"PostgreSQL substring, one client, {label:<24} n={len(lat):>3} median {statistics.median(lat):7.1f} ms  "
          f"p99 {lat[int(len(lat) * 0.99) - 1]:7.1f} ms  max {lat[-1]:7.1f} ms")
"""


def pg_check(url: str, db: Path, work: Path, subs: list[str]) -> None:
    """PostgreSQL: the same records copied in, the search index built (timed), substring queries from one client.

    Not the 20-client load test: a latency check of the pg_trgm plans, e.g. under scripts/with-postgres.sh.
    """
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "ZHENGWU_PRODUCTION")}
    env.update({"ZHENGWU_VAR_DIR": str(work), "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "DATABASE_URL": url})
    run([BIN / "zhengwu", "migrate", "--noinput", "-v0"], env)
    run([BIN / "zhengwu", "load-reference"], env)
    lite = sqlite3.connect(db)
    cols = [c for (_, c, *_r) in lite.execute("PRAGMA table_info(credit_record)")]
    t0 = time.perf_counter()
    with psycopg.connect(url) as conn:
        units = dict(conn.execute("SELECT code, id FROM org_unit").fetchall())
        fallback = units.get("QFGJ") or next(iter(units.values()))  # reference units may differ between runs
        remap = {i: units.get(c, fallback) for i, c in lite.execute("SELECT id, code FROM org_unit")}
        conn.execute("TRUNCATE credit_record CASCADE")
        with conn.cursor().copy(f"COPY credit_record ({', '.join(cols)}) FROM STDIN") as copy:
            unit_at = cols.index("unit_id")
            for row in lite.execute(f"SELECT {', '.join(cols)} FROM credit_record"):  # noqa: S608
                row = list(row)
                row[unit_at] = remap[row[unit_at]]
                copy.write_row(row)
        conn.execute("SELECT setval(pg_get_serial_sequence('credit_record', 'id'), (SELECT max(id) FROM credit_record))")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE credit_record")
    print(f"PostgreSQL: 1 copy of the records in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    run([BIN / "zhengwu", "credit", "search-index", "--rebuild"], env)
    print(f"PostgreSQL: search index rebuild (pg_trgm GIN) {time.perf_counter() - t0:.1f} s", flush=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE credit_publicname")
    print(subprocess.run([BIN / "zhengwu", "shell", "-c", PG_QUERIES], env=env, cwd=ROOT, check=True, text=True,
                         input=json.dumps(subs), capture_output=True).stdout, flush=True)


def build_search_index(env) -> float:
    """`zhengwu credit search-index --rebuild` over all published records: the one-off index build, timed."""
    t0 = time.perf_counter()
    run([BIN / "zhengwu", "credit", "search-index", "--rebuild"], env)
    return time.perf_counter() - t0


# --- 2./3. Servers ----------------------------------------------------------------------------------------


def wait_for(port: int, path: str, proc, timeout: float = 120) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("GET", path)
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server on {port} did not answer {path}")


def canned_sql(today: str) -> dict:
    cols = ", ".join(f"r.{c}" for c in LIST_COLUMNS) + ", u.code AS unit_code, u.name AS unit_name"
    public = (f"r.state IN ('published', 'pushed') AND r.public_until >= '{today}' AND r.status != '1' "
              f"AND (r.repaired_on IS NULL OR r.repaired_on > '{today}')")
    base = f"SELECT {cols} FROM credit_record r JOIN org_unit u ON u.id = r.unit_id WHERE {public}"  # noqa: S608
    return {"by_code": {"sql": f"{base} AND r.uscc = :uscc ORDER BY r.decided_on DESC, r.id DESC LIMIT 21"},
            "by_name": {"sql": f"{base} AND r.subject_name >= :name AND r.subject_name < :name_end "
                               "ORDER BY r.subject_name, r.id LIMIT 21"}}


def prefix_end(p: str) -> str:
    return p[:-1] + chr(ord(p[-1]) + 1)


# --- 4. Load ----------------------------------------------------------------------------------------------


def make_path(scenario: str, kind: str, rnd: random.Random, ctx: dict) -> str:
    """The URL of one request: a credit-code lookup or a name search, in each server's dialect."""
    value = rnd.choice(ctx[{"code": "codes", "name": "names", "sub": "subs"}[kind]])
    if scenario == "zhengwu":
        return "/credit/api/public/records/?" + urlencode({"uscc" if kind == "code" else "name": value})
    if scenario == "datasette":
        col = "&".join(f"_col={c}" for c in LIST_COLUMNS if c != "id")
        base = (f"/zhengwu/credit_record.json?state__in=published,pushed&public_until__gte={ctx['today']}"
                f"&status__not=1&{col}&_size=20&_nocount=1&_nofacet=1&_shape=objects&")
        if kind == "code":
            return base + f"uscc__exact={value}&_sort_desc=decided_on"
        return base + f"subject_name__startswith={quote(value)}&_sort=subject_name"
    if kind == "code":
        return f"/zhengwu/by_code.json?_shape=objects&uscc={value}"
    return "/zhengwu/by_name.json?_shape=objects&" + urlencode({"name": value, "name_end": prefix_end(value)})


def _client_process(port, scenario, ctx, threads, first, seconds, max_requests, start_at):
    """One load-generating process: `threads` closed-loop clients; returns their measurements."""
    kinds = ("code", "name", "sub") if scenario == "zhengwu" else ("code", "name")
    lat = {k: [] for k in kinds}
    errors, empty = [], dict.fromkeys(kinds, 0)
    lock = threading.Lock()

    def client(i: int):
        rnd = random.Random(i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = {k: [] for k in kinds}
        time.sleep(max(0.0, start_at - time.time()))
        end = time.perf_counter() + seconds
        for n in range(max_requests):
            if time.perf_counter() > end:
                break
            kind = kinds[(n + i) % len(kinds)]
            path = make_path(scenario, kind, rnd, ctx)
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
                if resp.will_close:
                    conn.close()
            except OSError as exc:
                conn.close()
                with lock:
                    errors.append(repr(exc))
                continue
            mine[kind].append((time.perf_counter() - t0) * 1000)
            if resp.status != 200:
                with lock:
                    errors.append(f"{resp.status} {path[:80]} {body[:120]!r}")
            elif b'"subject_name"' not in body:
                with lock:
                    empty[kind] += 1
        with lock:
            for k in lat:
                lat[k] += mine[k]

    pool = [threading.Thread(target=client, args=(first + i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return lat, errors, empty


def load_test(port: int, scenario: str, ctx: dict, *, clients: int, seconds: float, max_requests: int,
              processes: int = 4) -> dict:
    """`clients` closed-loop clients spread over `processes` processes (so the client's GIL does not skew latency)."""
    from concurrent.futures import ProcessPoolExecutor

    processes = max(1, min(processes, clients))
    start_at = time.time() + 1.0
    shares = [clients // processes + (1 if k < clients % processes else 0) for k in range(processes)]
    firsts = [sum(shares[:k]) for k in range(processes)]
    with ProcessPoolExecutor(processes) as ex:
        futures = [ex.submit(_client_process, port, scenario, ctx, shares[k], firsts[k], seconds, max_requests,
                             start_at) for k in range(processes)]
        results = [f.result() for f in futures]
    wall = max(0.001, time.time() - start_at)
    lat = {k: [] for k in results[0][0]}
    errors, empty = [], dict.fromkeys(lat, 0)
    for part_lat, part_errors, part_empty in results:
        for k in lat:
            lat[k] += part_lat[k]
            empty[k] += part_empty[k]
        errors += part_errors
    return {"lat": lat, "wall": wall, "errors": errors, "empty": empty}


def pct(values, p) -> float:
    if not values:
        return float("nan")
    return float(np.percentile(np.asarray(values), p))


def report(name: str, res: dict) -> list[str]:
    lines = []
    total = sum(len(v) for v in res["lat"].values())
    for kind, values in res["lat"].items():
        target = TARGETS_MS[kind]
        ok = "OK " if pct(values, 99) <= target else "MISS"
        lines.append(f"{name:<34} {kind:<5} {len(values):>7} {pct(values, 50):>8.1f} {pct(values, 95):>8.1f} "
                     f"{pct(values, 99):>8.1f} {statistics.fmean(values) if values else 0:>8.1f}   "
                     f"{ok} (p99 ≤ {target:.0f} ms)  empty={res['empty'][kind]}")
    lines.append(f"{'':<34} all   {total:>7}  throughput {total / res['wall']:.0f} req/s over {res['wall']:.1f} s, "
                 f"errors {len(res['errors'])}{' e.g. ' + res['errors'][0] if res['errors'] else ''}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--max-requests", type=int, default=5000, help="per client")
    # 4 sync processes: measured p99 21-23 ms vs 50-63 ms for 2-3 gthread workers (GIL hand-offs make the tail)
    ap.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    ap.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (>1: gthread, keep-alive)")
    ap.add_argument("--client-processes", type=int, default=4, help="load-generator processes")
    ap.add_argument("--only", choices=["zhengwu", "datasette"], help="serve only one of the two")
    ap.add_argument("--dir", help="work directory (default: a new temporary one, removed afterwards)")
    ap.add_argument("--reuse", action="store_true", help="reuse the database in --dir if it is there")
    ap.add_argument("--pg", default="", help="also copy the records into this PostgreSQL database and time the "
                                             "index build and substring queries there (one client)")
    args = ap.parse_args()

    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="credit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "zhengwu.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "ZHENGWU_PRODUCTION")}
    env.update({"ZHENGWU_VAR_DIR": str(work), "DJANGO_SETTINGS_MODULE": "zhengwu.settings"})
    (work / "static").mkdir(exist_ok=True)  # STATIC_ROOT (the API serves no static files)
    load_avg = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average before {load_avg[0]:.2f} {load_avg[1]:.2f} {load_avg[2]:.2f}")
    timings = {}
    if not (args.reuse and db.exists()):
        for f in work.glob("zhengwu.sqlite3*"):
            f.unlink()
        t0 = time.perf_counter()
        run([BIN / "zhengwu", "migrate", "--noinput", "-v0"], env)
        run([BIN / "zhengwu", "load-reference"], env)
        timings["migrate_s"] = time.perf_counter() - t0
        timings.update(load(db, args.rows))
    if not sqlite3.connect(db).execute("SELECT 1 FROM credit_publicname LIMIT 1").fetchone():
        timings["search_index_s"] = build_search_index(env)
    count = sqlite3.connect(db).execute("SELECT count(*) FROM credit_record").fetchone()[0]
    print(f"records: {count:,}  database {db.stat().st_size / 2**20:,.0f} MiB  "
          + "  ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    print(index_maintenance(env), flush=True)
    codes, names, subs = samples(db)
    if args.pg:
        pg_check(args.pg, db, work, subs)
        return
    today = date.today().isoformat()

    procs = []
    try:
        zp, dp = free_port(), free_port()
        procs.append(subprocess.Popen(
            [BIN / "gunicorn", "zhengwu.wsgi:application", "-w", str(args.workers), "-b", f"127.0.0.1:{zp}",
             "--log-level", "warning", "--backlog", "256", "--threads", str(args.threads), "--keep-alive", "5"],
            env={**env, "DJANGO_SETTINGS_MODULE": "zhengwu.settings"}, cwd=ROOT))
        meta = work / "datasette.json"
        meta.write_text(json.dumps({"databases": {"zhengwu": {"queries": canned_sql(today)}}}, ensure_ascii=False))
        procs.append(subprocess.Popen(
            [BIN / "datasette", "serve", str(db), "-h", "127.0.0.1", "-p", str(dp), "-m", str(meta),
             "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "20",
             "--setting", "suggest_facets", "off", "--setting", "num_sql_threads", "3"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(zp, "/credit/api/public/records/?limit=1", procs[0])
        wait_for(dp, "/zhengwu/credit_record.json?_size=1&_nocount=1", procs[1])

        ctx = {"codes": codes, "names": names, "subs": subs, "today": today}
        scenarios = [("zhengwu API (gunicorn)", zp, "zhengwu"), ("Datasette table filters", dp, "datasette"),
                     ("Datasette canned (same SQL)", dp, "canned")]
        lines = [f"{'server':<34} {'query':<5} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean':>8}"]
        if args.only:
            scenarios = [s for s in scenarios if s[0].lower().startswith(args.only)]
        for name, port, scenario in scenarios:
            load_test(port, scenario, ctx, clients=4, seconds=2, max_requests=50)  # warm up (caches, connections)
            res = load_test(port, scenario, ctx, clients=args.clients, seconds=args.seconds,
                            max_requests=args.max_requests, processes=args.client_processes)
            part = report(name, res)
            lines += part
            print("\n".join(part), flush=True)
        print(f"\n{args.clients} concurrent clients (closed loop, no think time), {args.seconds:.0f} s per server, "
              f"gunicorn {args.workers} workers × {args.threads} threads; Datasette one process (uvicorn), 3 SQL threads")
        print("\n".join(lines))
        la = os.getloadavg()
        print(f"load average after: {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
