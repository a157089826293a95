"""`zhengwu load-reference` — load every app's versioned reference data (idempotent).

Each app that has reference data provides `<app>/reference/__init__.py` with `load(stdout) -> str`,
run in INSTALLED_APPS order (org first, so units exist for the others).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the reference data of every app (units, calendars, standards…); safe to run again."

    def handle(self, *args, **options):
        for cfg in apps.get_app_configs():
            if not cfg.name.startswith("zhengwu.") or find_spec(f"{cfg.name}.reference") is None:
                continue
            module = import_module(f"{cfg.name}.reference")
            if not hasattr(module, "load"):
                continue
            with transaction.atomic():
                summary = module.load()
            self.stdout.write(f"{cfg.label}: {summary}")
