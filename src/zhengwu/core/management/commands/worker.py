"""`zhengwu worker` — run the database-backed background worker (several may run at once).

Each worker also runs the periodic jobs (core.scheduling) in a thread: no cron and no separate
scheduler process needed; several workers still start each slot once. `--no-scheduler` leaves that
to others (or to `zhengwu schedule tick` from cron)."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from zhengwu.core.scheduling import start_thread


class Command(DbWorkerCommand):
    help = (
        "Run background tasks (pushes, reminders, long imports) from the database queue, "
        "and the periodic jobs."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-scheduler", action="store_true",
                            help="don't start periodic jobs from this worker (see `zhengwu schedule`)")

    def handle(self, *args, **options):
        if self.scheduler_wanted(options):
            start_thread()
        return super().handle(*args, **{k: v for k, v in options.items() if k != "no_scheduler"})

    @staticmethod
    def scheduler_wanted(options) -> bool:
        """Not with --no-scheduler or --batch, and under --reload only in the child that runs tasks."""
        if options.get("no_scheduler") or options.get("batch"):
            return False
        return not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
