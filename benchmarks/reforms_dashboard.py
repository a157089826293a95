"""大督查 dashboard speed (issue 19 "Speed": 42 items, 2,000 milestones, 50 units answer in ≤ 200 ms p95).

    .venv/bin/python benchmarks/reforms_dashboard.py
    [--milestones 2000] [--micro 100] [--rounds 30] [--pg URL]

Fills a fresh database (42 plans, N milestones spread over 50 units and the year, 200 notices, M 微改革 /
微创新 projects with 3 milestones each), then times, rounds interleaved so the shared machine's load falls on
all alike, with the load average printed:

  anchor      the reform app's own provider alone (selectors.figures: two grouped reads of the tables)
  old json    the whole page's JSON computed afresh at every request, as before the cache
              (REFORMS_DASHBOARD_CACHE_SECONDS=0: every provider, scores, the project → item → milestone tree
              with lights, the micro-reform library) through the test client
  new json    the same with the figures kept until the ledger moves (ledger.headcache; the default)
  new json after write
              one ledger entry written first (not timed), so the request finds the head moved and computes
  old page / new page   the same as HTML (GET /reforms/supervision/: the template and the chart data)
  trend json afresh / kept   the 12 months' composite score the charts fetch (its own request), computed
              afresh and kept

and prints the SQL queries of the dashboard's data (selectors.overview), and the time of one monthly
PDF (issue 19: ≤ 30 s). Both are checked first: the dashboard's reforms figures equal the provider's.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--milestones", type=int, default=2000)
    parser.add_argument("--micro", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--pg", help="PostgreSQL URL instead of SQLite")
    args = parser.parse_args()
    os.environ["ZHENGWU_VAR_DIR"] = tempfile.mkdtemp(prefix="zw-reforms-bench-")
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.db import connection

    from zhengwu.ledger import headcache
    from zhengwu.ledger.services import record
    from zhengwu.org import reference
    from zhengwu.org.models import Membership, Unit
    from zhengwu.org.roles import Role
    from zhengwu.reforms import selectors, services
    from zhengwu.reforms.models import MicroMilestone, MicroReform, Milestone, MonthlyReport, Notice, Plan
    from zhengwu.reforms.standard import ITEMS, Stage

    reference.load()
    units = list(Unit.objects.order_by("sort", "code")[:50])
    user = get_user_model().objects.create_user("bench_supervisor")
    Membership.objects.create(user=user, unit=Unit.objects.get(code="QDCS"), role=Role.SUPERVISOR)
    year = date(2016, 1, 4)
    plans = Plan.objects.bulk_create(
        Plan(
            item_number=i.number,
            unit=units[i.number % 50],
            stage=Stage.UNDERTAKING,
            targets="t",
            content="c",
            responsible="r",
            registered_on=date(2016, 1, 4),
            undertaking_since=date(2016, 1, 5),
            created_by=user,
        )
        for i in ITEMS
    )
    Milestone.objects.bulk_create(
        Milestone(plan=plans[n % 42], title=f"节点{n}", deliverable="成果", unit=units[n % 50],
                  due_on=year + timedelta(days=n * 360 // args.milestones),
                  done_on=(year + timedelta(days=n * 360 // args.milestones - (n % 3))) if n % 4 else None)
        for n in range(args.milestones))
    issuer = Unit.objects.get(code="QDCS")
    Notice.objects.bulk_create(
        Notice(kind="notice", level="general", unit=units[n % 50], issuer=issuer, demand="d", signed_by="s",
               issued_on=year, deadline=year + timedelta(days=n), created_by=user,
               answered_on=(year + timedelta(days=n + (n % 3) - 1)) if n % 5 else None)
        for n in range(200))
    micro = MicroReform.objects.bulk_create(
        MicroReform(kind="reform" if n % 2 else "innovation", title=f"微改革{n}", summary="s",
                    unit=units[n % 50], responsible="r", registered_on=year, created_by=user)
        for n in range(args.micro))
    MicroMilestone.objects.bulk_create(
        MicroMilestone(
            project=p,
            title=f"节点{k}",
            deliverable="成果",
            unit=p.unit,
            due_on=year + timedelta(days=90 * (k + 1) + n % 60),
            done_on=None if (n + k) % 3 else year,
        )
        for n, p in enumerate(micro)
        for k in range(3)
    )
    client = Client()
    client.force_login(user)
    q = {"start": "2016-01-01", "end": "2016-12-31", "on": "2016-09-30"}
    period = {"start": date(2016, 1, 1), "end": date(2016, 12, 31), "on": date(2016, 9, 30)}
    page = client.get("/reforms/supervision.json", q)
    assert page.status_code == 200, page.content[:300]
    own = {(r["unit"], r["measure"]): (r["due"], r["kept"]) for r in selectors.figures(**period)}
    shown = {(m["unit"], m["measure"]): (m["due"], m["kept"]) for m in page.json()["measures"]
             if m["system"] == "reforms"}
    assert own == shown and len(own) > 50, (len(own), len(shown))
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    headcache.clear()
    with connection.execute_wrapper(count):
        selectors.overview(**period)
    computed = len(queries)
    queries.clear()
    with connection.execute_wrapper(count):
        selectors.overview(**period)
    old = override_settings(REFORMS_DASHBOARD_CACHE_SECONDS=0)
    with old:
        uncached = client.get("/reforms/supervision.json", q).json()
    assert uncached == client.get("/reforms/supervision.json", q).json() == page.json()  # equal answers
    times = {"anchor": [], "old json": [], "new json": [], "new json after write": [], "old page": [],
             "new page": [], "trend json afresh": [], "trend json kept": []}

    def timed(name, url, settings=None):
        t = time.perf_counter()
        if settings is None:
            response = client.get(url, q)
        else:
            with settings:
                response = client.get(url, q)
        times[name].append(time.perf_counter() - t)
        assert response.status_code == 200

    bench_unit = Unit.objects.get(code="QBB")
    for _ in range(args.rounds):
        t = time.perf_counter()
        selectors.figures(**period)
        times["anchor"].append(time.perf_counter() - t)
        timed("old json", "/reforms/supervision.json", old)
        timed("new json", "/reforms/supervision.json")
        record(action="org.unit.updated", obj=bench_unit, actor=None, after={"name": bench_unit.name})
        timed("new json after write", "/reforms/supervision.json")
        timed("old page", "/reforms/supervision/", old)
        timed("new page", "/reforms/supervision/")
        timed("trend json afresh", "/reforms/supervision/trend.json", old)  # 12 months of every provider
        client.get("/reforms/supervision/trend.json", q)  # (fills the kept answer after this round's write)
        timed("trend json kept", "/reforms/supervision/trend.json")
    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        with old:  # the computation itself, not the kept answer
            for _ in range(5):
                client.get("/reforms/supervision.json", q)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats("zhengwu", 45)
    report = services.monthly_report_request(month=date(2016, 9, 1), actor=user)
    t = time.perf_counter()
    report = services.monthly_report_build(report_id=report.pk)
    pdf_seconds = time.perf_counter() - t
    assert report.status == MonthlyReport.Status.DONE, report.error
    print(
        f"{db_name(args)}: 42 plans, {args.milestones} milestones, 50 units, 200 notices, {args.micro} micro "
        f"projects; {args.rounds} rounds; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"  queries of selectors.overview (the dashboard's data, every provider): {computed} computed, "
          f"{len(queries)} kept (the ledger head)")
    print(f"  monthly PDF: {pdf_seconds:.2f} s ({report.file.size} bytes)")
    for name, values in times.items():
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(f"  {name:<21} median {statistics.median(values) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms")
    print(
        f"  old json / new json (p95) {p95_of(times['old json']) / p95_of(times['new json']):.1f}×; load now "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


def p95_of(values) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)]


def db_name(args) -> str:
    return "PostgreSQL" if args.pg else "SQLite"


if __name__ == "__main__":
    main()
