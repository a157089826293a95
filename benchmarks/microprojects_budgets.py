"""民生微实事 budget page speed (issue 17 §6: yearly budgets
per street and community, with progress rolled up).

    .venv/bin/python benchmarks/microprojects_budgets.py [--projects 5000] [--rounds 20] [--pg URL]

Fills a fresh database (every community of Luohu with a budget, N projects of one year spread over them and
over the steps), then times, rounds interleaved so the shared machine's load falls on all alike, with the
load average printed:

  anchor     one grouped SQL read: the approved amount per community (Sum of Coalesce(expert_amount, amount)
             over the steps from the first secretary on) — the least any budget page must do
  overview   selectors.planning.budget_overview (usage, findings, unfinished at year end)
  page       GET /microprojects/budgets.json (overview + progress roll-up) through the test client

Checked first: the overview's committed amounts equal the anchor's.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--pg", help="PostgreSQL URL instead of SQLite")
    args = parser.parse_args()
    os.environ["ZHENGWU_VAR_DIR"] = tempfile.mkdtemp(prefix="zw-micro-bench-")
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Sum
    from django.db.models.functions import Coalesce
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from zhengwu.microprojects import selectors
    from zhengwu.microprojects.models import Budget, Project
    from zhengwu.microprojects.standard import Step
    from zhengwu.org import reference
    from zhengwu.org.models import Membership, Unit
    from zhengwu.org.roles import Role

    reference.load()
    communities = list(Unit.objects.filter(kind=Unit.Kind.COMMUNITY).order_by("code"))
    user = get_user_model().objects.create_user("bench_admin")
    Membership.objects.create(user=user, unit=Unit.objects.get(kind=Unit.Kind.DISTRICT), role=Role.ADMIN)
    year = 2026
    Budget.objects.bulk_create(Budget(unit=c, year=year, amount=Decimal(3_000_000)) for c in communities)
    steps = [
        Step.SUGGESTION,
        Step.TWO_COMMITTEES,
        Step.RESIDENTS_COUNCIL,
        Step.FIRST_SECRETARY,
        Step.PUBLIC_NOTICE,
        Step.IMPLEMENTATION,
        Step.COMPLETION,
        Step.LIMITED_AUDIT,
        Step.EVALUATION,
        Step.REJECTED,
    ]
    Project.objects.bulk_create(
        Project(
            unit=communities[n % len(communities)],
            year=year,
            category="engineering",
            kind="mandatory",
            title=f"项目{n}",
            amount=Decimal(50_000 + (n * 7919) % 250_000),  # ≤ 300,000: no budget review
            admin_cost=Decimal(0),
            self_raised_funds=Decimal(0),
            applicant_kind="residents_committee",
            applicant_name="居委会",
            step=steps[n % len(steps)],
            progress=(n * 13) % 101,
            applied_on=date(year, 3, 1),
            created_by=user,
        )
        for n in range(args.projects)
    )
    counted = [
        Step.FIRST_SECRETARY,
        Step.PUBLIC_NOTICE,
        Step.IMPLEMENTATION,
        Step.COMPLETION,
        Step.LIMITED_AUDIT,
        Step.EVALUATION,
    ]

    def anchor():
        return {r["unit__code"]: r["total"] for r in Project.objects.filter(year=year, step__in=counted)
                .values("unit__code").annotate(total=Sum(Coalesce("expert_amount", "amount")))}

    today = date(year, 10, 1)
    overview = selectors.planning.budget_overview(user=user, year=year, today=today)
    mine = {c["code"]: c["usage"].committed for c in overview["communities"] if c["usage"].projects}
    assert mine == anchor() and len(mine) > 50, (len(mine), len(anchor()))
    client = Client()
    client.force_login(user)
    assert client.get("/microprojects/budgets.json", {"year": year}).status_code == 200
    times = {"anchor": [], "overview": [], "page": []}
    for _ in range(args.rounds):
        t = time.perf_counter()
        anchor()
        times["anchor"].append(time.perf_counter() - t)
        t = time.perf_counter()
        selectors.planning.budget_overview(user=user, year=year, today=today)
        times["overview"].append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get("/microprojects/budgets.json", {"year": year}).status_code == 200
        times["page"].append(time.perf_counter() - t)
    print(f"{args.projects} projects over {len(communities)} communities, {args.rounds} rounds, "
          f"load {os.getloadavg()[0]:.2f}")
    for name, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"  {name:9} median {statistics.median(values) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
