"""`zhengwu demo-data` — load realistic demo records of every system into the configured database.

Idempotent: each app's `<app>/demo.py` `load() -> str` creates only what is missing. Refused (exit 2)
when ZHENGWU_PRODUCTION is set: every demo account has the published demo password.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zhengwu.org.demo import DemoRefused, refuse_in_production


class Command(BaseCommand):
    help = (
        "Load demo users and demo records of every system (idempotent). "
        "Refused when ZHENGWU_PRODUCTION is set."
    )

    def handle(self, *args, **options):
        try:
            refuse_in_production()  # the demo accounts share a published password
        except DemoRefused as exc:
            raise CommandError(str(exc), returncode=2) from None
        call_command("load-reference", stdout=self.stdout)
        for cfg in apps.get_app_configs():
            if not cfg.name.startswith("zhengwu.") or find_spec(f"{cfg.name}.demo") is None:
                continue
            summary = import_module(f"{cfg.name}.demo").load()
            self.stdout.write(f"{cfg.label}: {summary}")
