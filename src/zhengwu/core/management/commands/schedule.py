"""`zhengwu schedule` — the periodic jobs every app declares (core.periodic).

    zhengwu schedule              list: name, plan, next and last run
    zhengwu schedule tick         enqueue what is due now (for cron, with `zhengwu worker --no-scheduler`)
    zhengwu schedule run NAME     enqueue one job now
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhengwu.core import scheduling


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Periodic jobs: list them, run what is due (tick), or run one now."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action")
        sub.add_parser("list", help="every job with its plan, next and last run (the default)")
        sub.add_parser("tick", help="enqueue every job whose time has come")
        run = sub.add_parser("run", help="enqueue one job now")
        run.add_argument("name")

    def handle(self, *args, action=None, name=None, **options):
        if action == "tick":
            for s in scheduling.tick():
                self.stdout.write(f"{s.name}: {s.task_id or 'skipped'} {s.note}".rstrip())
            return
        if action == "run":
            try:
                s = scheduling.run_now(name)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{s.name}: {s.task_id}")
            return
        for row in scheduling.status():
            plan = row["cron"] + (" (working days)" if row["workdays_only"] else "")
            self.stdout.write(f"{row['name']:<18}{plan:<32}next {_when(row['next_run_at'])}  "
                              f"last {_when(row['last_run_at'])}  {row['description']}")
