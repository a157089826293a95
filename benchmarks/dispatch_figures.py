"""大分拨 unit figures page speed (issue 15 "Speed": with 1,000,000 stored events, the unit figures page
≤ 200 ms p95).

    .venv/bin/python benchmarks/dispatch_figures.py [--events 1000000] [--months 36] [--rounds 30] [--pg URL]

Fills a fresh database with N events spread over M months and every street, community and department that
handles cases (bulk SQL, one dispatch each; ~85 % resolved on time, ~10 % late, a few open and overdue,
ratings, returns, reopenings), fills the pre-aggregated table as the periodic job does
(services.figures.figures_refresh over every month; its time printed, and the job's own two months), then
times, rounds interleaved so the shared machine's load falls on all alike, with the load average printed:

  anchor    the same month computed straight from the events at request time (services.figures.month_counts
            and the rates: what the page would cost without the pre-aggregation; fewer rounds, it is slow)
  json      GET /dispatch/figures.json?month=… (the page's data from the table: every
  unit, the ranking, 每月一题) page      GET /dispatch/figures/?month=… as HTML, the dispatcher's view api
  GET /dispatch/api/figures/?month=… with a 改革督查 key

Checked first: the page's counts equal the anchor's, unit by unit.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def p95(values):
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--anchor-rounds", type=int, default=5)
    parser.add_argument("--pg", help="PostgreSQL URL instead of SQLite")
    args = parser.parse_args()
    os.environ["ZHENGWU_VAR_DIR"] = tempfile.mkdtemp(prefix="zw-figures-bench-")
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from zhengwu.core.services import api_key_issue
    from zhengwu.dispatch import reference as dispatch_reference
    from zhengwu.dispatch.models import Assignment, Event
    from zhengwu.dispatch.rules import figures as rules
    from zhengwu.dispatch.services import figures as service
    from zhengwu.dispatch.standard import FIGURES_SCOPE
    from zhengwu.org import reference
    from zhengwu.org.models import Membership, Unit
    from zhengwu.org.roles import Role

    reference.load()
    dispatch_reference.load(with_model=False)
    handling = list(
        Unit.objects.filter(kind__in=["street", "community", "government", "centre"]).order_by("id")
    )
    streets = {u.id: (u.id if u.kind == "street" else u.parent_id) for u in handling}
    street_ids = [u.id for u in handling if u.kind == "street"]
    user = get_user_model().objects.create_user("bench_dispatcher")
    Membership.objects.create(user=user, unit=Unit.objects.get(code="QWGB"), role=Role.OPERATOR)

    # --- the events, in bulk SQL ------------------------------------------------------------------------
    now = timezone.now()
    last = rules.month_start(timezone.localdate(now))
    first = last
    for _ in range(args.months - 1):
        first = rules.month_start(first - timedelta(days=1))
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    span = (now - start).total_seconds()
    rnd = random.Random(15)
    adapt = connection.ops.adapt_datetimefield_value
    fields = [f for f in Event._meta.concrete_fields if not f.primary_key]
    labels = ["路灯", "噪音", "垃圾", "占道经营", "井盖", "油烟", "违建", "停水", "物业", "树木"]
    given = {
        "case_no",
        "channel",
        "title",
        "text",
        "received_at",
        "unit_id",
        "street_id",
        "tier",
        "state",
        "dispatched_at",
        "accept_due",
        "accepted_at",
        "resolve_due",
        "resolved_at",
        "rating",
        "reopen_count",
        "returns_count",
        "predicted_label",
    }
    defaults = {
        f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields if f.attname not in given
    }
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    # table and column names come from the models, every value is a parameter
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    event_sql = f"INSERT INTO {Event._meta.db_table} ({quoted}) VALUES ({marks})"  # noqa: S608
    a_fields = [f for f in Assignment._meta.concrete_fields if not f.primary_key]
    a_defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in a_fields}
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in a_fields)
    marks = ", ".join(["%s"] * len(a_fields))
    a_sql = f"INSERT INTO {Assignment._meta.db_table} ({quoted}) VALUES ({marks})"  # noqa: S608
    t0 = time.perf_counter()
    chunk = 20_000
    with connection.cursor() as cursor:
        for base in range(0, args.events, chunk):
            rows, a_rows = [], []
            for n in range(base, min(base + chunk, args.events)):
                received = start + timedelta(seconds=span * n / args.events)
                unit = handling[rnd.randrange(len(handling))]
                dispatched = received + timedelta(minutes=rnd.randrange(5, 120))
                accept_due = dispatched + timedelta(hours=4)
                resolve_due = dispatched + timedelta(days=7)
                r = rnd.random()
                accepted = dispatched + timedelta(hours=rnd.choice((1, 2, 3, 6)))
                returned = r > 0.97
                if returned:
                    state, accepted, resolved = "returned", None, None
                elif r < 0.85:
                    state, resolved = "closed", dispatched + timedelta(days=rnd.uniform(0.5, 6.5))
                elif r < 0.95:
                    state, resolved = "closed", dispatched + timedelta(days=rnd.uniform(7.5, 15))
                else:
                    state, resolved = "in_progress", None
                if resolved is not None and resolved > now:
                    state, resolved = "in_progress", None
                if accepted is not None and accepted > now:
                    state, accepted = "dispatched", None
                rating = "" if resolved is None or rnd.random() < 0.3 else rnd.choice(
                    ("satisfied", "satisfied", "satisfied", "basically", "unsatisfied"))
                values = dict(defaults)
                values.update(
                    case_no=f"B{n:011d}",
                    channel="web",
                    title="t",
                    text="x",
                    received_at=adapt(received),
                    unit_id=unit.id,
                    street_id=streets[unit.id] or rnd.choice(street_ids),
                    tier="street",
                    state=state,
                    dispatched_at=adapt(dispatched),
                    accept_due=adapt(accept_due),
                    accepted_at=adapt(accepted) if accepted else None,
                    resolve_due=adapt(resolve_due),
                    resolved_at=adapt(resolved) if resolved else None,
                    rating=rating,
                    reopen_count=int(rating == "unsatisfied"),
                    returns_count=int(returned),
                    predicted_label=labels[(n * 7 + unit.id) % len(labels)],
                )
                rows.append([values[k] for k in names])
                a = dict(a_defaults)
                a.update(
                    event_id=n + 1,
                    unit_id=unit.id,
                    tier="street",
                    rule="r",
                    dispatched_at=adapt(dispatched),
                    returned_at=adapt(dispatched + timedelta(hours=1)) if returned else None,
                )
                a_rows.append([a[f.attname] for f in a_fields])
            with transaction.atomic():
                cursor.executemany(event_sql, rows)
                cursor.executemany(a_sql, a_rows)
    generate = time.perf_counter() - t0
    assert Event.objects.count() == args.events
    if not args.pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # --- the pre-aggregation, as the periodic job does it --------------------------------------------------
    months = rules.months_between(first, last)
    t0 = time.perf_counter()
    service.figures_refresh(months)
    refill_all = time.perf_counter() - t0
    t0 = time.perf_counter()
    service.figures_refresh()
    refill_job = time.perf_counter() - t0

    # --- equal answers: the page's counts = the counts computed straight from the events -------------------
    month = months[-2]  # the last whole month
    q = {"month": month.strftime("%Y-%m")}
    client = Client()
    client.force_login(user)
    shown = client.get("/dispatch/figures.json", q)
    assert shown.status_code == 200, shown.content[:300]
    by_unit = {u["unit"]: u["counts"] for u in shown.json()["units"]}
    direct = service.month_counts(month)
    direct = {code: counts for code, counts in direct.items() if any(counts.values())}
    assert by_unit == direct and len(direct) > 50, (len(by_unit), len(direct))
    _key, secret = api_key_issue(name="改革督查", scope=FIGURES_SCOPE, actor=None)
    assert client.get("/dispatch/api/figures/", q, HTTP_AUTHORIZATION=f"Bearer {secret}").json()["units"] == (
        shown.json()["units"])

    times = {"anchor": [], "json": [], "page": [], "api": []}
    for i in range(args.rounds):
        if i < args.anchor_rounds:
            t = time.perf_counter()
            {code: rules.rates(c) for code, c in service.month_counts(month).items()}
            times["anchor"].append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get("/dispatch/figures.json", q).status_code == 200
        times["json"].append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get("/dispatch/figures/", q).status_code == 200
        times["page"].append(time.perf_counter() - t)
        t = time.perf_counter()
        assert (
            client.get("/dispatch/api/figures/", q, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
        )
        times["api"].append(time.perf_counter() - t)
    engine = "PostgreSQL" if args.pg else "SQLite"
    print(f"{engine}: {args.events:,} events + {args.events:,} dispatches over {args.months} months, "
          f"{len(handling)} handling units; {len(by_unit)} units in {q['month']}; {args.rounds} rounds "
          f"({args.anchor_rounds} of the anchor); load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  generate (bulk SQL): {generate:.1f} s")
    print(
        f"  refill every month ({len(months)}): {refill_all:.1f} s; the periodic job (2 months): "
        f"{refill_job:.1f} s"
    )
    for name, values in times.items():
        print(
            f"  {name:<7} median {statistics.median(values) * 1000:8.1f} ms   p95 {p95(values) * 1000:8.1f} "
            "ms"
        )
    print(f"  ratio anchor/page (median) "
          f"{statistics.median(times['anchor']) / statistics.median(times['page']):.0f}")


if __name__ == "__main__":
    main()
