"""`zhengwu worker` — run the database-backed background worker (several may run at once)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run background tasks (pushes, reminders, long imports) from the database queue."
