"""Public search over 1,000,000 published 双公示 records:
zhengwu's JSON API vs Datasette, same file, same SQL.

    .venv/bin/python benchmarks/credit_public_search.py [--rows 1000000] [--clients 20] [--seconds 20]
        [--rounds 3] [--server granian|gunicorn] [--workers N] [--worker-class sync]
        [--load-generator wrk|python] [--dir /tmp/credit-bench] [--reuse] [--maintenance]

Targets: issue 13 item 17 — a credit-code lookup and a name search at p99 ≤ 25 ms with 20 concurrent clients
on loopback, and at least 2× Datasette's throughput with the same SQL; issue 5 — a substring name search (a
middle part of a name, 2–4 characters, frequent words such as 有限公司 / 餐饮) at p99 ≤ 100 ms.

1. A throwaway var dir: `zhengwu migrate` + `load-reference`, then 1,000,000 records (half licences, half
   penalties; names, codes and ID numbers from `credit.sample`, company names diversified)
   written with bulk SQL (indexes dropped during the load and rebuilt), all published/pushed, ~5 % past
   their publicity, ~1 % revoked. `ANALYZE` afterwards (what `PRAGMA optimize` does in operation). Then
   `zhengwu credit search-index --rebuild` builds the public-name search index (FTS5 trigram,
   rowid = -rank, optimized) for all published records — timed (`search_index_s`). A reused database is
   migrated first.
2. Queries drawn only from what is public (`QUERIES`: records inside `public_records`, by their public name),
   each with the statement zhengwu runs for it (`selectors.public.statement`: SQL text and parameters).
3. zhengwu served by granian (Rust HTTP, keep-alive; 2 worker processes × 1 thread on 2 cores: measured
   ~1.3 ms of server CPU per request against ~2.3 for gunicorn's 4 sync workers, which reconnect for every
   request and parse HTTP in Python) or, with --server gunicorn, gunicorn (4 sync workers) on 127.0.0.1:
   /credit/api/public/records/?uscc=… (code), ?name=<the first 7 characters of the public name> (name) and
   ?name=<a middle part / frequent word / masked name> (sub). Datasette on the same file runs zhengwu's
   statements as canned queries (the same SQL text, `%s` → :p0 …, the same parameters).
4. Before timing, every query is asked of both servers: they must return the same records in the same order
   (queries that differ are left out and counted; more than 1 % stops the run: not the same work).
5. 20 closed-loop clients (keep-alive where the server allows) cycling code / name / sub, in rounds
   interleaved zhengwu, Datasette, zhengwu, … (the load average before each round printed), each --seconds
   long; latency per request and query type, p50/p95/p99, throughput, the ratio, and each server's own CPU
   time per request (/proc: what it costs whatever else runs). The load generator is wrk (C; Debian's
   package, installed by `ensure_wrk` with apt-get when missing; `credit_public_search.lua`: one thread per
   connection, the same pre-checked queries, latency per type, from the request's write to its response —
   a reconnect to a server that closes the connection is not counted), which uses ~5 % of a core where the
   Python clients (--load-generator python: 4 processes, --max-requests per client) took most of one of the
   2 cores that both servers share.
With --pg URL (e.g. under scripts/with-postgres.sh, URL "$DATABASE_URL"):
the records are copied into PostgreSQL, the search index is built there (timed) and substring queries are
timed from one client (no HTTP load test).
"""

import argparse
import http.client
import json
import os
import random
import re
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
from urllib.parse import urlencode

import numpy as np
import polars as pl
from _needs import need  # benchmarks run as scripts: this folder is on sys.path

need(modules=["datasette"], programs=["gunicorn", "datasette"])

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: issue 13 item 17: code and name lookups at p99 ≤ 25 ms with 20 clients, ≥ 2× Datasette's throughput
TARGETS_MS = {"code": 25.0, "name": 25.0, "sub": 100.0}
TARGET_RATIO = 2.0
#: frequent words a citizen types (each matches tens of thousands of names or more)
FREQUENT = ["有限公司", "科技", "餐饮", "商贸", "贸易有限", "物业管理"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env):
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


# --- 1. Data ------------------------------------------------------------------------------------------------


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
        # 300 brand × trade combinations are too few for a
        # name search: add a two-character word (伟业, 华兴 …)
        word = pl.Series(given[rng.integers(0, len(given), n)]) + pl.Series(
            given[rng.integers(0, len(given), n)]
        )
        subject = pl.select(
            pl.when(natural)
            .then(f[std.subject])
            .otherwise(f[std.subject].str.slice(0, 5) + word + f[std.subject].str.slice(5))
        ).to_series()
        f = f.with_columns(
            subject.alias(std.subject), (pl.lit(f"{std.kind[:1].upper()}-") + f[std.key]).alias(std.key)
        )
        data = f.select(pl.struct(std.codes).struct.json_encode()).to_series()
        out.append(
            pl.DataFrame(
                {
                    "kind": [str(std.kind)] * n,
                    "key": f[std.key],
                    "decision_no": f[std.decision_no],
                    "subject_name": subject,
                    "uscc": f[c1].str.to_uppercase().fill_null(""),
                    "org_code": f[c2].fill_null(""),
                    "is_natural_person": natural,
                    "category": f[std.category],
                    "decided_on": f[std.start],
                    "valid_until": f[std.end].str.replace_all("/", "-"),
                    "street": f[std.street],
                    "item_code": f[std.item_code].fill_null(""),
                    "authority": f[std.authority],
                    "data": data,
                }
            )
        )
    frame = pl.concat(out)
    n = len(frame)
    today = date.today()
    offsets = rng.integers(1, 1000, n)
    expired = rng.random(n) < 0.05
    public_until = [
        (today + timedelta(days=int(-o if e else o))).isoformat()
        for o, e in zip(offsets, expired, strict=True)
    ]
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
    units = [
        u
        for (u,) in conn.execute("SELECT id FROM org_unit WHERE kind IN ('government', 'street', 'vertical')")
    ]
    rng = np.random.default_rng(11)
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    cols = [c for (_, c, *_rest) in conn.execute("PRAGMA table_info(credit_record)")]
    info = {
        c: (notnull, dflt)
        for (_, c, _t, notnull, dflt, _pk) in conn.execute("PRAGMA table_info(credit_record)")
    }
    frame = frame.with_columns(
        pl.Series("unit_id", np.asarray(units)[rng.integers(0, len(units), len(frame))]),
        pl.lit(1).alias("version"), pl.lit(now).alias("created_at"), pl.lit(now).alias("updated_at"),
        pl.lit(now).alias("published_at"), pl.lit(now).alias("pushed_at"), pl.lit("").alias("severity"))
    extra = [c for c in cols if c not in frame.columns and c != "id" and info[c][0] and info[c][1] is None]
    frame = frame.with_columns(
        [pl.lit("").alias(c) for c in extra]
    )  # NOT NULL columns added by later migrations
    names = [c for c in cols if c in frame.columns]
    indexes = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='credit_record' AND sql IS NOT NULL")]
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='credit_record' AND sql IS NOT NULL"
    ).fetchall():
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


QUERIES = """
import json, random, sys
from django.utils import timezone
from zhengwu.core.privacy import mask_person_name
from zhengwu.credit.models import PublicName
from zhengwu.credit.selectors import public as s
from zhengwu.credit.selectors.visibility import public_records

n, frequent = json.loads(sys.stdin.read())
today = timezone.localdate()
top = public_records(today=today).order_by("-id").values_list("id", flat=True).first()
ids = random.Random(5).sample(range(1, top + 1), n * 2)
# only what is public: records inside the public set, by their public name (masked for a natural person)
rows = list(public_records(today=today).filter(id__in=ids).values_list("id", "uscc", "is_natural_person"))[:n]
shown = dict(PublicName.objects.filter(record_id__in=[r[0] for r in rows]).values_list("record_id", "name"))
rnd, queries = random.Random(9), []
for pk, uscc, person in rows:
    name = shown[pk]
    if uscc and not person:
        queries.append(["code", {"uscc": uscc}])
    queries.append(["name", {"name": name[:7]}])
    pick = rnd.random()
    if person:
        sub = name
    elif pick < 0.15:
        sub = rnd.choice(frequent)
    else:
        size = 2 if pick < 0.5 else (3 if pick < 0.75 else 4)
        start = rnd.randint(3, max(3, len(name) - size))
        sub = name[start:start + size]
    queries.append(["sub", {"name": sub}])
queries += [["code", {"uscc": "91440303MA5DC00000"}]] * 10
queries += [["sub", {"name": q}] for q in ("不存在的名字", "查无此名")] * 5
texts, out = {}, []
for kind, params in queries:
    sql, args = s.statement(s.parse_search(params), today=today)
    texts.setdefault(sql, len(texts))
    out.append([kind, params, texts[sql], [str(a) for a in args]])
print(json.dumps({"today": today.isoformat(), "sql": list(texts), "queries": out}, ensure_ascii=False))
"""


def samples(env, n: int = 1500) -> dict:
    """Queries a portal's users type, drawn only from what is public, each with the statement zhengwu runs.

    Sampled records inside the public set (`public_records`): their credit code (legal persons), the first 7
    characters of their *public* name (name), and a substring of it (sub): a 2-, 3- or 4-character part from
    the middle of a company name (after 深圳市…), its last 4 characters, or a frequent word; for a
    natural person the masked name (张*明). Plus a few misses. Each query carries
    `selectors.public.statement`'s SQL (by index) and parameters: the canned queries Datasette runs.
    """
    out = subprocess.run([BIN / "zhengwu", "shell", "-c", QUERIES], env=env, check=True, cwd=ROOT, text=True,
                         input=json.dumps([n, FREQUENT]), capture_output=True).stdout
    return json.loads(out.strip().splitlines()[-1])


MAINTENANCE = """
import random, time
from zhengwu.credit.models import Record
from zhengwu.credit.rules.workflow import PUBLISHED_STATES
from zhengwu.credit.services import search_index
ids = list(Record.objects.filter(state__in=PUBLISHED_STATES).values_list("id", flat=True))
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
groups = {"2 characters": [q for q in subs if len(q) == 2],
          ">= 3 characters": [q for q in subs if len(q) > 2],
          "frequent word": ["有限公司", "科技", "餐饮", "商贸", "物业管理"] * 20,
          "frequent + unit + kind": ["有限公司"] * 50, "no match": ["查无", "查无此名"] * 50}
for label, qs in groups.items():
    extra = {"unit": "GY", "kind": "penalty"} if "unit" in label else {}
    lat = []
    for q in qs[:300]:
        t = time.perf_counter()
        s.public_search(s.Search(name=q, **extra))
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    print(f"PostgreSQL substring, one client, {label:<24} n={len(lat):>3} "
          f"median {statistics.median(lat):7.1f} ms  "
          f"p99 {lat[int(len(lat) * 0.99) - 1]:7.1f} ms  max {lat[-1]:7.1f} ms")
"""


def pg_check(url: str, db: Path, work: Path, subs: list[str]) -> None:
    """PostgreSQL: the same records copied in, the search
    index built (timed), substring queries from one client.

    Not the 20-client load test: a latency check of the pg_trgm plans, e.g. under scripts/with-postgres.sh.
    """
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "ZHENGWU_PRODUCTION")}
    env.update(
        {"ZHENGWU_VAR_DIR": str(work), "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "DATABASE_URL": url}
    )
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
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('credit_record', 'id'), (SELECT max(id) FROM "
            "credit_record))"
        )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE credit_record")
    print(f"PostgreSQL: 1 copy of the records in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    run([BIN / "zhengwu", "credit", "search-index", "--rebuild"], env)
    print(f"PostgreSQL: search index rebuild (pg_trgm GIN) {time.perf_counter() - t0:.1f} s", flush=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE credit_publicname")
    print(
        subprocess.run(
            [BIN / "zhengwu", "shell", "-c", PG_QUERIES],
            env=env,
            cwd=ROOT,
            check=True,
            text=True,
            input=json.dumps(subs),
            capture_output=True,
        ).stdout,
        flush=True,
    )


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


def canned_sql(texts: list[str]) -> dict:
    """zhengwu's statements as Datasette canned queries q0, q1 …: the same text, `%s` → :p0, :p1 … ."""
    out = {}
    for k, text in enumerate(texts):
        parts = text.split("%s")
        sql = "".join(f"{part.replace('%%', '%')}:p{i}" for i, part in enumerate(parts[:-1])) + parts[-1]
        out[f"q{k}"] = {"sql": sql}
    return out


def make_path(scenario: str, query: list) -> str:
    """One request's URL in each server's dialect: zhengwu's API, or the canned query with its parameters."""
    _kind, params, sql, args = query
    if scenario == "zhengwu":
        return "/credit/api/public/records/?" + urlencode(params)
    return f"/zhengwu/q{sql}.json?_shape=objects&" + urlencode({f"p{i}": a for i, a in enumerate(args)})


def record_ids(port: int, scenario: str, query: list) -> list[int]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", make_path(scenario, query))
    resp = c.getresponse()
    body = json.loads(resp.read())
    if resp.status != 200:
        raise SystemExit(f"{scenario} answered {resp.status} for {query[1]}: {body}")
    rows = body["records"] if scenario == "zhengwu" else body["rows"][:20]  # the SQL reads limit + 1 rows
    return [r["id"] for r in rows]


def check_same(zp: int, dp: int, queries: list) -> tuple[list, list]:
    """Before timing: each query asked of both servers; (queries answered alike, those that were not)."""
    from concurrent.futures import ThreadPoolExecutor

    def both(q):
        return record_ids(zp, "zhengwu", q) == record_ids(dp, "canned", q)

    with ThreadPoolExecutor(4) as ex:
        same = list(ex.map(both, queries))
    pairs = list(zip(queries, same, strict=True))
    return [q for q, ok in pairs if ok], [q for q, ok in pairs if not ok]


# --- 4. Load ----------------------------------------------------------------------------------------------


def _client_process(port, scenario, ctx, threads, first, seconds, max_requests, start_at):
    """One load-generating process: `threads` closed-loop clients; returns their measurements."""
    kinds = ("code", "name", "sub")
    by_kind = {k: [q for q in ctx["queries"] if q[0] == k] for k in kinds}
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
            path = make_path(scenario, rnd.choice(by_kind[kind]))
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
            elif (b'"records":[]' if scenario == "zhengwu" else b'"rows":[]') in body.replace(b" ", b""):
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
    """`clients` closed-loop clients spread over `processes`
    processes (so the client's GIL does not skew latency)."""
    from concurrent.futures import ProcessPoolExecutor

    processes = max(1, min(processes, clients))
    start_at = time.time() + 1.0
    shares = [clients // processes + (1 if k < clients % processes else 0) for k in range(processes)]
    firsts = [sum(shares[:k]) for k in range(processes)]
    with ProcessPoolExecutor(processes) as ex:
        futures = [
            ex.submit(
                _client_process, port, scenario, ctx, shares[k], firsts[k], seconds, max_requests, start_at
            )
            for k in range(processes)
        ]
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


WRK_SCRIPT = Path(__file__).with_suffix(".lua")


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and its living descendants (Linux /proc): the
    server's own work per request, whatever else runs on the machine."""
    children, used = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        used[int(entry)] = int(fields[11]) + int(fields[12])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0)
        todo += children.get(pid, [])
    return total / os.sysconf("SC_CLK_TCK")


def ensure_wrk() -> str:
    """The wrk load generator (C, Debian package `wrk`): installed here with apt-get if it is missing
    (the benchmark's setup; as root, e.g. in the development container), else the command to run."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("installing the load generator: apt-get install -y wrk", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("this benchmark's load generator is wrk: sudo apt-get install wrk "
                         "(or run with --load-generator python)")
    return found


def wrk_load_test(port: int, scenario: str, ctx: dict, *, clients: int, seconds: float, work: Path) -> dict:
    """`clients` closed-loop connections from wrk (C: one thread per connection, keep-alive where the server
    allows it), cycling code / name / sub over the same pre-checked queries as the Python clients; each
    response's latency per query type (`credit_public_search.lua`). The result has load_test's shape."""
    listing = work / f"wrk-{scenario}.tsv"
    listing.write_text("".join(f"{q[0]}\t{make_path(scenario, q)}\n" for q in ctx["queries"]))
    prefix = work / f"wrk-{scenario}-out-"
    for old in work.glob(f"wrk-{scenario}-out-*"):
        old.unlink()
    cmd = [ctx["wrk"], "-t", str(clients), "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "30s",
           "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}", "--", str(listing), str(prefix)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    took = re.search(r"requests in ([0-9.]+)(m?s)", done)
    wall = float(took.group(1)) / (1000 if took.group(2) == "ms" else 1) if took else seconds
    kinds = ("code", "name", "sub")
    lat = {k: [] for k in kinds}
    errors, empty = [], dict.fromkeys(kinds, 0)
    for part in work.glob(f"wrk-{scenario}-out-*"):
        for line in part.read_text().splitlines():
            kind, micros, status, is_empty = line.split("\t")
            lat[kind].append(int(micros) / 1000)
            if status != "200":
                errors.append(f"{status} ({kind})")
            empty[kind] += is_empty == "1"
    counts = re.search(r"ZW errors connect (\d+) read (\d+) write (\d+) status (\d+) timeout (\d+)", done)
    if counts and any(int(x) for x in counts.groups()[:3] + counts.groups()[4:]):
        errors.append("socket errors: " + counts.group(0)[10:])
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
    lines.append(
        f"{'':<34} all   {total:>7}  throughput {total / res['wall']:.0f} req/s over {res['wall']:.1f} s, "
        f"errors {len(res['errors'])}{' e.g. ' + res['errors'][0] if res['errors'] else ''}"
    )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--max-requests", type=int, default=5000, help="per client")
    # 4 sync processes: measured p99 21-23 ms vs 50-63 ms
    # for 2-3 gthread workers (GIL hand-offs make the tail)
    ap.add_argument("--server", choices=["gunicorn", "granian"], default="granian",
                    help="zhengwu's WSGI server: gunicorn, or granian (Rust HTTP, keep-alive)")
    ap.add_argument("--workers", type=int, help="server worker processes (granian 2, gunicorn 4)")
    ap.add_argument(
        "--threads", type=int, default=1,
        help="threads per worker (gunicorn: >1 = gthread, keep-alive; granian: --blocking-threads)"
    )
    ap.add_argument("--worker-class", default="sync", help="gunicorn worker class (gthread: keep-alive)")
    ap.add_argument("--load-generator", choices=["wrk", "python"], default="wrk",
                    help="wrk (C, installed by apt-get if missing) or the Python closed-loop clients")
    ap.add_argument("--client-processes", type=int, default=4, help="Python load-generator processes")
    ap.add_argument("--only", choices=["zhengwu", "datasette"], help="time only one of the two")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (zhengwu, Datasette, …)")
    ap.add_argument("--sql-threads", type=int, default=3, help="Datasette's num_sql_threads")
    ap.add_argument("--maintenance", action="store_true", help="also time the search index's maintenance")
    ap.add_argument("--dir", help="work directory (default: a new temporary one, removed afterwards)")
    ap.add_argument("--reuse", action="store_true", help="reuse the database in --dir if it is there")
    ap.add_argument(
        "--pg",
        default="",
        help="also copy the records into this PostgreSQL database and time the "
        "index build and substring queries there (one client)",
    )
    args = ap.parse_args()
    args.workers = args.workers or (2 if args.server == "granian" else 4)

    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="credit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "zhengwu.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "ZHENGWU_PRODUCTION")}
    env.update({"ZHENGWU_VAR_DIR": str(work), "DJANGO_SETTINGS_MODULE": "zhengwu.settings"})
    (work / "static").mkdir(exist_ok=True)  # STATIC_ROOT (the API serves no static files)
    load_avg = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs, load average before {load_avg[0]:.2f} {load_avg[1]:.2f} "
        f"{load_avg[2]:.2f}"
    )
    timings = {}
    if not (args.reuse and db.exists()):
        for f in work.glob("zhengwu.sqlite3*"):
            f.unlink()
        t0 = time.perf_counter()
        run([BIN / "zhengwu", "migrate", "--noinput", "-v0"], env)
        run([BIN / "zhengwu", "load-reference"], env)
        timings["migrate_s"] = time.perf_counter() - t0
        timings.update(load(db, args.rows))
    else:  # a database made by an earlier version: its schema (e.g. the search index) brought up to date
        t0 = time.perf_counter()
        run([BIN / "zhengwu", "migrate", "--noinput", "-v0"], env)
        timings["migrate_s"] = time.perf_counter() - t0
    if not sqlite3.connect(db).execute("SELECT 1 FROM credit_publicname LIMIT 1").fetchone():
        timings["search_index_s"] = build_search_index(env)
    count = sqlite3.connect(db).execute("SELECT count(*) FROM credit_record").fetchone()[0]
    print(f"records: {count:,}  database {db.stat().st_size / 2**20:,.0f} MiB  "
          + "  ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    if args.maintenance:
        print(index_maintenance(env), flush=True)
    sample = samples(env)
    queries = sample["queries"]
    if args.pg:
        pg_check(args.pg, db, work, [q[1]["name"] for q in queries if q[0] == "sub"])
        return

    procs = []
    try:
        zp, dp = free_port(), free_port()
        if args.server == "granian":
            need(modules=["granian"])
            server = [sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", str(args.workers),
                      "--blocking-threads", str(args.threads), "--runtime-threads", "1",
                      "--host", "127.0.0.1", "--port", str(zp), "--no-log", "--backlog", "256",
                      "zhengwu.wsgi:application"]
        else:
            server = [BIN / "gunicorn", "zhengwu.wsgi:application", "-w", str(args.workers), "-b",
                      f"127.0.0.1:{zp}", "--log-level", "warning", "--backlog", "256", "--threads",
                      str(args.threads), "--keep-alive", "5", "-k", args.worker_class]
        procs.append(subprocess.Popen(server, env={**env, "DJANGO_SETTINGS_MODULE": "zhengwu.settings"},
                                      cwd=ROOT))
        meta = work / "datasette.json"
        canned = canned_sql(sample["sql"])
        meta.write_text(json.dumps({"databases": {"zhengwu": {"queries": canned}}}, ensure_ascii=False))
        procs.append(subprocess.Popen(
            [BIN / "datasette", "serve", str(db), "-h", "127.0.0.1", "-p", str(dp), "-m", str(meta),
             "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "20",
             "--setting", "suggest_facets", "off", "--setting", "num_sql_threads", str(args.sql_threads)],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(zp, "/credit/api/public/records/?limit=1", procs[0])
        wait_for(dp, "/-/versions.json", procs[1])

        # like with like: only queries both servers answer with the same records (in the same order)
        t0 = time.perf_counter()
        queries, differ = check_same(zp, dp, queries)
        kinds = {k: sum(1 for q in queries if q[0] == k) for k in ("code", "name", "sub")}
        print(f"answers checked before timing ({time.perf_counter() - t0:.0f} s): {len(queries)} queries "
              "answered "
              f"alike by both ({', '.join(f'{k} {n}' for k, n in kinds.items())}), {len(differ)} differ"
              + (f", e.g. {differ[0][1]}" if differ else ""), flush=True)
        if len(differ) > len(queries) // 100:
            raise SystemExit("more than 1 % of the queries are answered differently: not the same work")
        print(f"{len(canned)} canned queries for Datasette: zhengwu's own (selectors.public.statement)")

        ctx = {"queries": queries, "wrk": ensure_wrk() if args.load_generator == "wrk" else ""}
        sides = [(f"zhengwu API ({args.server})", zp, "zhengwu"),
                 ("Datasette canned (same SQL)", dp, "canned")]
        if args.only:
            sides = [s for s in sides if s[0].lower().startswith(args.only)]
        for _name, port, scenario in sides:
            load_test(
                port, scenario, ctx, clients=4, seconds=2, max_requests=50
            )  # warm up (caches, connections)
        total = {scenario: {"lat": {k: [] for k in kinds}, "wall": 0.0, "errors": [],
                            "empty": dict.fromkeys(kinds, 0)} for _n, _p, scenario in sides}
        rounds = []
        for r in range(args.rounds):  # interleaved: zhengwu, Datasette, zhengwu, … so that load falls on both
            for name, port, scenario in sides:
                la = os.getloadavg()[0]
                cpu0 = tree_cpu(procs[0 if scenario == "zhengwu" else 1].pid)
                if ctx["wrk"]:
                    res = wrk_load_test(port, scenario, ctx, clients=args.clients, seconds=args.seconds,
                                        work=work)
                else:
                    res = load_test(port, scenario, ctx, clients=args.clients, seconds=args.seconds,
                                    max_requests=args.max_requests, processes=args.client_processes)
                n = sum(len(v) for v in res["lat"].values())
                cpu = (tree_cpu(procs[0 if scenario == "zhengwu" else 1].pid) - cpu0) / max(1, n) * 1000
                rounds.append((r + 1, scenario, n / res["wall"], la))
                print(f"round {r + 1} {name:<30} {n / res['wall']:>6.0f} req/s  p99 "
                      + " ".join(f"{k} {pct(v, 99):.1f}" for k, v in res["lat"].items())
                      + f" ms  server CPU {cpu:.2f} ms/request  load average before {la:.2f}", flush=True)
                agg = total[scenario]
                for k in kinds:
                    agg["lat"][k] += res["lat"][k]
                    agg["empty"][k] += res["empty"][k]
                agg["wall"] += res["wall"]
                agg["errors"] += res["errors"]
        print(f"\n{args.clients} concurrent clients (closed loop, no think time), {args.rounds} rounds of "
              f"{args.seconds:.0f} s per server, interleaved; {args.server} {args.workers} "
              f"{args.worker_class if args.server == 'gunicorn' else ''} workers × {args.threads} threads; "
              f"Datasette one process (uvicorn), {args.sql_threads} SQL threads; "
              "clients cycle code / name / sub; load generator "
              + ("wrk (C, one thread per connection)" if ctx["wrk"]
                 else f"Python ({args.client_processes} processes)"))
        lines = [f"{'server':<34} {'query':<5} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
                 f"{'mean':>8}"]
        for name, _port, scenario in sides:
            lines += report(name, total[scenario])
        print("\n".join(lines))
        if len(sides) == 2:
            tput = {sc: sum(len(v) for v in total[sc]["lat"].values()) / total[sc]["wall"] for sc in total}
            pairs = [z[2] / d[2] for z, d in zip(rounds[0::2], rounds[1::2], strict=True)]
            print(f"throughput ratio zhengwu / Datasette: {tput['zhengwu'] / tput['canned']:.2f}× overall "
                  f"(target ≥ {TARGET_RATIO:.0f}×), per round " + ", ".join(f"{x:.2f}×" for x in pairs))
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
