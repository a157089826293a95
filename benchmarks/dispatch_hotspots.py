"""大数据 hotspot analysis at 1,000,000 events (issue 15 "Speed": hotspot analysis ≤ 5 s).

    PYTHONPATH=src .venv/bin/python benchmarks/dispatch_hotspots.py
    [--events 1000000] [--db /tmp/zw-hot.sqlite3]
        [--rounds 5]

Generator: `generate(n)` writes n events straight into dispatch_event with bulk SQL inserts (executemany of
one prepared INSERT, 20,000 rows a batch, the model's defaults for every other column): one year back from
today, 15 first-level classes × 10 streets with a skewed mix, titles and texts from the shipped messages,
addresses from 3,000 doorplates, 2 % supervised, 3 % unsatisfied; the last week carries a surge of one
class in one street. The database file is kept (`--db`), so a second run skips the generation.

Then `services.hotspots.hotspots_refresh` rebuilds the daily tables for the whole year (timed once: the
periodic jobs only ever recompute 2 or 35 days), and rounds, interleaved so the load falls on all alike:

  anchor    the same period's class × street counts straight from the events table (one GROUP BY over the
            week's rows, indexed on received_at): what the page would cost without the daily table;
  analysis  selectors.hotspots.hotspot_analysis (daily rows of 13 weeks, surges, heat index, trend, repeat
            addresses, emerging clusters of the 3 hottest surging cells through the same-matter matcher,
            the map's boundaries) — the issue's "hotspot analysis", target ≤ 5 s;
  page      GET /dispatch/hotspots/ as a dispatcher (the analysis, the charts' data and the template).

Checked first: the analysis' volumes of the period equal the anchor's counts. Load average printed.

Measured 2026-12-05 on the shared 2-core machine under a load average of 5–6, 1,000,000 events (generated in
280 s): full refresh of a year 220 s (54,718 daily rows, 581,131 address rows); periodic step 589 ms;
anchor median 247 ms; analysis median 675 ms, max 837 ms (target ≤ 5 s); page median 736 ms, max 1,274 ms.
One surge found (环境保护 × DM), one cluster of 150 (the cap), 100 repeat addresses listed.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = (
    "城乡建设",
    "环境保护",
    "交通运输",
    "劳动和社会保障",
    "卫生计生",
    "教育文体",
    "商贸旅游",
    "民政",
    "政法",
    "国土资源",
    "经济管理",
    "科技与信息产业",
    "农村农业",
    "党务政务",
    "纪检监察",
)
SURGE = ("环境保护", "DM")


def generate(n: int, *, seed: int = 1) -> float:
    """n events by bulk SQL inserts; returns the seconds it took."""
    import csv

    from django.db import connection, transaction
    from django.utils import timezone

    from zhengwu.dispatch.models import Event
    from zhengwu.org.models import Unit

    rnd = random.Random(seed)
    streets = list(Unit.objects.filter(kind=Unit.Kind.STREET).values_list("code", "id"))
    street_id = dict(streets)
    corpus = []
    for name in ("citizen_messages_train.csv", "citizen_messages_with_replies.csv"):
        with (ROOT / "src/zhengwu/dispatch/reference" / name).open(encoding="utf-8") as f:
            corpus += [(r["title"][:200], r["text"][:300]) for r in csv.DictReader(f)]
    doors = [f"{rnd.choice('东西南北')}{rnd.choice('门园湖岭')}路{i}号" for i in range(3000)]
    fields = [f for f in Event._meta.concrete_fields if not f.primary_key]
    base = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    columns = [f.column for f in fields]
    table = connection.ops.quote_name(Event._meta.db_table)
    names, marks = ", ".join(connection.ops.quote_name(c) for c in columns), ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 — names from the model, values bound
    weights = [1 / (i + 1) for i in range(len(LABELS))]
    now = timezone.now().replace(microsecond=0)
    start = time.perf_counter()
    done = Event.objects.count()
    with connection.cursor() as cursor:
        while done < n:
            batch = []
            for i in range(done, min(n, done + 20_000)):
                surge = i % 50 == 0  # 2 %: the last week's surge of one class in one street
                at = now - timedelta(seconds=rnd.randrange(7 * 86400 if surge else 365 * 86400))
                label = SURGE[0] if surge else rnd.choices(LABELS, weights)[0]
                street = street_id[SURGE[1]] if surge else rnd.choice(streets)[1]
                title, text = corpus[rnd.randrange(len(corpus))]
                if surge:
                    title, text = (
                        "东门步行街夜市油烟扰民",
                        f"东门步行街夜市烧烤油烟很大，晚上熏得睡不着 {i % 97}",
                    )
                vals = {
                    "case_no": f"BM{i:012d}",
                    "channel": "web",
                    "title": title,
                    "text": text,
                    "address": rnd.choice(doors) if rnd.random() < 0.6 else "",
                    "received_at": at,
                    "predicted_label": label,
                    "street_id": street,
                    "confidence": 0.9,
                    "state": rnd.choice(("closed", "closed", "dispatched", "resolved")),
                    "supervised": rnd.random() < 0.02,
                    "rating": "unsatisfied" if rnd.random() < 0.03 else "",
                }
                batch.append([f.get_db_prep_save(vals[f.attname], connection) if f.attname in vals
                              else base[f.attname] for f in fields])
            with transaction.atomic():
                cursor.executemany(sql, batch)
            done += len(batch)
            print(f"  {done:,} events ({time.perf_counter() - start:.0f} s)", flush=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "zw-hotspots-bench.sqlite3"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ["ZHENGWU_VAR_DIR"] = str(Path(args.db).parent / "zw-hotspots-bench-var")
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from zhengwu.dispatch import reference as dispatch_reference
    from zhengwu.dispatch.models import Event
    from zhengwu.dispatch.selectors import hotspots as reads
    from zhengwu.dispatch.services import hotspots as actions
    from zhengwu.org import reference
    from zhengwu.org.models import Membership, Unit
    from zhengwu.org.roles import Role

    reference.load()
    dispatch_reference.load(with_model=False)
    user, _ = get_user_model().objects.get_or_create(username="bench-dispatcher")
    Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code="QWGB"), role=Role.OPERATOR)
    have = Event.objects.count()
    if have < args.events:
        print(f"generating {args.events - have:,} events …")
        print(f"generated in {generate(args.events):.0f} s")
    print(f"events: {Event.objects.count():,}")
    today = timezone.localdate()
    t = time.perf_counter()
    summary = actions.hotspots_refresh(first=today - timedelta(days=366), last=today)
    print(f"full refresh of a year: {time.perf_counter() - t:.1f} s ({summary['rows']:,} daily rows, "
          f"{summary['addresses']:,} address rows)")
    t = time.perf_counter()
    actions.hotspots_refresh_recent()
    print(f"periodic step (today and yesterday): {1000 * (time.perf_counter() - t):.0f} ms")

    def anchor():
        lo, hi = reads.day_bounds(today - timedelta(days=6), today)
        return {(r["lab"], r["street__code"] or ""): r["n"] for r in Event.objects.filter(
            received_at__gte=lo, received_at__lt=hi).annotate(lab=reads.label_expression())
            .values("lab", "street__code").annotate(n=Count("id")).order_by()}

    def analysis():
        return reads.hotspot_analysis(user=user, end=today, days=7)

    client = Client()
    client.force_login(user)

    def page():
        response = client.get("/dispatch/hotspots/", {"end": today.isoformat(), "days": 7})
        assert response.status_code == 200, response.status_code
        return response

    a = analysis()
    assert {(c["label"], c["street"]): c["volume"] for c in a["cells"] if c["volume"]} == anchor(), (
        "answers differ"
    )
    top = a["surges"][0] if a["surges"] else None
    print(
        f"surges: {len(a['surges'])}, top "
        f"{top and (top['label'], top['street'], top['volume'], top['heat'])}; "
        f"clusters: {[c['size'] for c in a['clusters']][:5]}; repeat addresses: {len(a['addresses'])}"
    )
    times = {"anchor": [], "analysis": [], "page": []}
    for _round in range(args.rounds):
        for name, fn in (("anchor", anchor), ("analysis", analysis), ("page", page)):
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    for name, ts in times.items():
        ts.sort()
        print(f"{name:9s} median {1000 * statistics.median(ts):7.0f} ms   max {1000 * ts[-1]:7.0f} ms")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
