"""Outbox throughput: enqueue in bulk, deliver over HTTP
(JSON, XML) to a loopback receiver, upsert into a 前置库.

    .venv/bin/python benchmarks/outbox_delivery.py [N]

Uses a throwaway SQLite database (its own temp dir) — never var/. There is no numeric target in the seed;
the reference volume is the district's 双公示 output (a few thousand records a day, a backlog campaign of
some 10^5 records since 2011), so the line to beat is "a 100,000-record backlog pushes within an hour".
"""

import os
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="outbox-bench-"))
os.environ["ZHENGWU_VAR_DIR"] = str(TMP)
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from zhengwu.outbox import services  # noqa: E402
from zhengwu.outbox.connectors import exchange_db  # noqa: E402
from zhengwu.outbox.models import Destination, Message  # noqa: E402
from zhengwu.outbox.tests.receiver import Receiver  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
ROW = {
    "XK_XH": "",
    "XK_XMMC": "食品经营许可",
    "XK_XDR": "深圳市某某科技有限公司",
    "XK_XDR_SHXYM": "91440300MA5DC7XR39",
    "XK_JDRQ": "2016-06-30",
    "XK_JZQ": "2099-12-31",
    "XK_XZJG": "深圳市罗湖区市场监督管理局",
    "DFBM": "440303",
}


def items(prefix):
    return [services.Outgoing(topic="credit.license", key=f"{prefix}-{n}",
                              payload={"table": "XK_GS", "records": [ROW | {"XK_XH": f"{prefix}-{n}"}]})
            for n in range(N)]


def run(label, dest, prefix, fail_every=0, rx=None):
    Destination.objects.exclude(pk=dest.pk).update(is_active=False)
    Destination.objects.filter(pk=dest.pk).update(is_active=True)
    t0 = time.perf_counter()
    services.enqueue_many(items(prefix), destinations=[dest])
    t_enqueue = time.perf_counter() - t0
    if rx is not None and fail_every:
        rx.fail_next(N // fail_every)
    t0 = time.perf_counter()
    rounds = 0
    while Message.objects.filter(destination=dest).exclude(state="delivered").exists() and rounds < 20:
        services.deliver_due(limit=N * 2, batch=50)
        Message.objects.filter(destination=dest, state="failed").update(
            next_attempt_at=django.utils.timezone.now()
        )
        rounds += 1
    t_deliver = time.perf_counter() - t0
    delivered = Message.objects.filter(destination=dest, state="delivered").count()
    print(f"{label:<38} enqueue {N / t_enqueue:8.0f} msg/s   deliver {delivered / t_deliver:7.0f} msg/s "
          f"({delivered}/{N} delivered, {rounds} round(s))")
    return delivered / t_deliver


import django.utils.timezone  # noqa: E402

print(f"outbox benchmark, N={N} messages per connector, SQLite at {TMP}")
with Receiver() as rx:
    json_dest = Destination.objects.create(name="json", url=rx.url, timeout_seconds=5)
    xml_dest = Destination.objects.create(name="xml", kind="http_xml", url=rx.url, timeout_seconds=5,
                                          options={"sender": "440303", "receiver": "SZCREDIT"})
    chaos_dest = Destination.objects.create(name="chaos", url=rx.url, timeout_seconds=5, max_attempts=50)
    qzk = Destination.objects.create(name="qzk", kind="exchange_db", url=f"sqlite:///{TMP / 'qzk.sqlite3'}")
    rates = [
        run("HTTP JSON → loopback receiver", json_dest, "json"),
        run("HTTP XML envelope → loopback receiver", xml_dest, "xml"),
        run("HTTP JSON, 20% of requests fail (500)", chaos_dest, "chaos", fail_every=5, rx=rx),
        run("前置库 upsert → SQLite file", qzk, "qzk"),
    ]
    received = len(rx.received)
exchange_db.dispose_engines()
expected = 3 * N
print(f"receiver holds {received} distinct keys for {expected} HTTP messages (lost: {expected - received})")
slowest = min(rates)
print(f"slowest connector: {slowest:.0f} msg/s → 100,000-record backlog in {100_000 / slowest / 60:.1f} min "
      f"(target: ≤ 60 min)")

import shutil  # noqa: E402

shutil.rmtree(TMP, ignore_errors=True)
