"""`zhengwu demo-data` — load realistic demo records of every system into the configured database.

Idempotent: each app's `<app>/demo.py` `load() -> str` creates only what is missing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load demo users and demo records of every system (idempotent)."

    def handle(self, *args, **options):
        call_command("load-reference", stdout=self.stdout)
        for cfg in apps.get_app_configs():
            if not cfg.name.startswith("zhengwu.") or find_spec(f"{cfg.name}.demo") is None:
                continue
            summary = import_module(f"{cfg.name}.demo").load()
            self.stdout.write(f"{cfg.label}: {summary}")
