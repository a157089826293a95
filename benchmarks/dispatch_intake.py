"""大分拨 speed: API intake through a real server process, and classification in one process.

    .venv/bin/python benchmarks/dispatch_intake.py [N] [CONCURRENCY]

Targets (issue 6): intake through the JSON API ≥ 300 events/s on SQLite over loopback with
p99 ≤ 200 ms; classification ≥ 1,000 messages/s in one process.

A throwaway SQLite database in its own temp dir (never var/); the server is `zhengwu runserver
--noreload` (threaded) on 127.0.0.1; a bounded pool of client threads with keep-alive connections
posts real citizen messages (rewritten to Luohu places) — each request validates and stores the
event with its case number, its ledger entry and the routing task (one transaction). Then the
routing that the background task does (batch classification, place, rules, dispatch, ledger) is
timed on everything received, in one process.
"""

import csv
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGS[0]) if ARGS else 3000
CONCURRENCY = int(ARGS[1]) if len(ARGS) > 1 else 8
BATCH = 50  # events per request on the batch endpoint
PORT = [0]
TMP = Path(tempfile.mkdtemp(prefix="dispatch-bench-"))
ENV = os.environ | {
    "ZHENGWU_VAR_DIR": str(TMP), "DATABASE_URL": f"sqlite:///{TMP / 'bench.sqlite3'}",
    "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "DEBUG": "0",
}
ZW = str(ROOT / ".venv" / "bin" / "zhengwu")
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
#: gunicorn (pip install -e .[bench]) with one process per core, else Django's threaded development server
SERVER = (
    [
        str(GUNICORN),
        "zhengwu.wsgi",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS),
        "--bind",
    ]
    if GUNICORN.exists()
    else [ZW, "runserver", "--noreload"]
)
PLACES = [
    "东门老街",
    "鹿丹村",
    "黄贝岭村",
    "水贝村",
    "独树村",
    "渔民村",
    "笋岗村",
    "布心村",
    "莲塘村",
    "银湖山庄",
]


def messages() -> list[dict]:
    path = ROOT / "src" / "zhengwu" / "dispatch" / "reference" / "citizen_messages_train.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    out = []
    for i, r in enumerate(rows):
        place = PLACES[i % len(PLACES)]
        out.append(
            {
                "title": r["title"].replace("A市", "罗湖区")[:200],
                "text": r["text"].replace("A市", place)[:2000],
                "address": place,
                "reporter_phone": f"138{i:08d}",
            }
        )
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup() -> str:
    subprocess.run([ZW, "migrate", "-v0"], env=ENV, check=True)
    subprocess.run([ZW, "load-reference"], env=ENV, check=True, stdout=subprocess.DEVNULL)
    code = ("from zhengwu.dispatch import services; "
            "print(services.client_key_issue(name='bench', actor=None)[1])")
    return subprocess.run([ZW, "shell", "-c", code], env=ENV, check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]


def load(request_for, count: int, post) -> dict:
    """`count` requests from CONCURRENCY keep-alive client threads: rate, latency percentiles, statuses."""
    latencies, statuses, lock = [], {}, threading.Lock()
    counter = iter(range(count))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", PORT[0], timeout=60)
        for i in counter:
            path, body = request_for(i)
            t0 = time.perf_counter()
            status = post(conn, path, body)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    t0, cpu0 = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, client_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    latencies.sort()
    return {
        "n": count,
        "elapsed": elapsed,
        "rate": count / elapsed,
        "client_cpu": client_cpu,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "statuses": statuses,
    }


def intake_benchmark() -> dict:
    token = setup()
    port = PORT[0] = free_port()
    env = ENV
    server = subprocess.Popen(SERVER + [f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        bodies = [json.dumps(m, ensure_ascii=False).encode() for m in messages()]
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

        def post(conn, path, body):
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            return resp.status

        warm = http.client.HTTPConnection("127.0.0.1", port)
        for b in bodies[:20]:  # warm-up: model load, first queries
            assert post(warm, "/dispatch/api/events/", b) == 201
        warm.close()

        single = load(lambda i: ("/dispatch/api/events/", bodies[i % len(bodies)]), N, post)
        batch_bodies = [json.dumps({"events": [json.loads(bodies[(k * BATCH + j) % len(bodies)])
                                               for j in range(BATCH)]}, ensure_ascii=False).encode()
                        for k in range(len(bodies))]
        batched = load(lambda i: ("/dispatch/api/events/batch/", batch_bodies[i % len(batch_bodies)]),
                       N // BATCH, post)
    finally:
        server.terminate()
        server.wait(timeout=10)
    routed = subprocess.run([ZW, "dispatch", "route"], env=ENV, check=True, capture_output=True, text=True)
    return {"route": routed.stdout.strip(), "single": single, "batch": batched}


def classify_benchmark() -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from zhengwu.dispatch.rules import classifier

    model = classifier.default()
    msgs = messages() * 20
    # every copy made unique (a different place and number in it), so the tokeniser's cache never helps
    titles = [m["title"] for m in msgs]
    texts = [f"{PLACES[i % len(PLACES)]}{i}号：{m['text']}" for i, m in enumerate(msgs)]
    classifier._cut.cache_clear()
    t0 = time.perf_counter()
    for start in range(0, len(msgs), 500):
        model.predict(titles[start:start + 500], texts[start:start + 500])
    batch = len(msgs) / (time.perf_counter() - t0)
    classifier._cut.cache_clear()
    t0 = time.perf_counter()
    for t, x in zip(titles[:1000], texts[:1000], strict=True):
        model.predict([t], [x])
    single = 1000 / (time.perf_counter() - t0)
    return {"batch": batch, "single": single, "n": len(msgs)}


if __name__ == "__main__":
    c = classify_benchmark()
    print(f"classification: {c['batch']:.0f} messages/s in batches of 500 ({c['n']} messages), "
          f"{c['single']:.0f} messages/s one at a time   target ≥ 1000/s")
    r = intake_benchmark()
    print(f"server: {' '.join(SERVER[:1] + SERVER[1:8])}")
    one, many = r["single"], r["batch"]
    print(
        f"API intake, one event per request: {one['n']} events in {one['elapsed']:.1f} s = "
        f"{one['rate']:.0f} events/s "
        f"with {CONCURRENCY} concurrent clients (client CPU {one['client_cpu']:.1f} s); latency p50 "
        f"{one['p50']:.0f} ms, p99 {one['p99']:.0f} ms; statuses {one['statuses']}   "
        f"target ≥ 300 events/s, p99 ≤ 200 ms"
    )
    print(
        f"API intake, batch endpoint ({BATCH} events per request): {many['n'] * BATCH} events in "
        f"{many['elapsed']:.1f} s = {many['rate'] * BATCH:.0f} events/s; request latency p50 "
        f"{many['p50']:.0f} ms, "
        f"p99 {many['p99']:.0f} ms; statuses {many['statuses']}"
    )
    print(f"background routing (classify + locate + dispatch + ledger, one process): {r['route']}")
