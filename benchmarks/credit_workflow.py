"""双公示 workflow at a unit's scale: bulk submit and bulk approval (publish) of N records, the
assessment over them, and the to-do counts — on a fresh SQLite database (or --pg URL).

    .venv/bin/python benchmarks/credit_workflow.py [--records 10000]

Target (ours; the issue gives none): a 10,000-row import is submitted and approved in < 60 s each, the
assessment of a year answers in < 2 s.
"""

import argparse
import hashlib
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--pg", help="PostgreSQL URL instead of SQLite")
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="zw-wf-bench-")
    os.environ["ZHENGWU_VAR_DIR"] = var
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from zhengwu.credit.models import Record
    from zhengwu.credit.selectors import assessment
    from zhengwu.credit.selectors import workflow as wsel
    from zhengwu.credit.services import workflow
    from zhengwu.credit.tests.factories import penalty_row
    from zhengwu.org import reference
    from zhengwu.org.models import Membership, Unit
    from zhengwu.org.roles import Role

    reference.load()
    unit = Unit.objects.get(code="QCGJ")
    User = get_user_model()
    op = User.objects.create_user("bench_op")
    rev = User.objects.create_user("bench_rev")
    Membership.objects.create(user=op, unit=unit, role=Role.OPERATOR)
    Membership.objects.create(user=rev, unit=unit, role=Role.REVIEWER)
    now, start = timezone.now(), date(2025, 1, 2)
    rows = []
    for i in range(args.records):
        decided = start + timedelta(days=i % 300)
        data = penalty_row(CF_XH=f"B{i}", CF_SXQ=decided.isoformat())
        rows.append(
            Record(
                unit=unit,
                kind="penalty",
                key=f"B{i}",
                decision_no=data["CF_WSH"],
                subject_name=data["CF_XDR_MC"],
                category="罚款",
                decided_on=decided,
                valid_until=date(2099, 12, 31),
                street="东门街道",
                authority="x",
                data=data,
                digest=hashlib.sha256(str(i).encode()).hexdigest(),
                created_at=now,
                updated_at=now,
            )
        )
    Record.objects.bulk_create(rows, batch_size=5000)
    print(f"records: {args.records:,} ({'PostgreSQL' if args.pg else 'SQLite'})")

    t = time.perf_counter()
    done, _ = workflow.records_submit_many(wsel.records_to_submit(user=op), actor=op)
    submit = time.perf_counter() - t
    print(f"bulk submit   {done:>7,} records {submit:7.2f} s  ({done / submit:,.0f}/s)   target < 60 s")

    t = time.perf_counter()
    done, _ = workflow.records_approve_many(wsel.review_queue(user=rev), actor=rev)
    approve = time.perf_counter() - t
    print(f"bulk approve  {done:>7,} records {approve:7.2f} s  ({done / approve:,.0f}/s)   target < 60 s")

    t = time.perf_counter()
    rows = assessment.assessment(start=date(2025, 1, 1), end=date(2025, 12, 31))
    elapsed = time.perf_counter() - t
    print(
        f"assessment of 2025: {elapsed * 1000:7.0f} ms  (on time {rows[0].on_time_share}, records "
        f"{rows[0].records:,})"
        "   target < 2 s"
    )

    t = time.perf_counter()
    wsel.todo_counts(user=op)
    print(f"to-do counts: {(time.perf_counter() - t) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
