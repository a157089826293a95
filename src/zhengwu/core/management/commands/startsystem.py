"""`zhengwu startsystem NAME` — a new system app in the one skeleton every system shares.

    zhengwu startsystem microprojects --title 民生微实事 --summary "居民微实事项目从征集到评价"

Creates `src/zhengwu/NAME/` from `core/skeleton/` (Django's own app-template machinery renders it):
apps.py with its registry entry, ledger actions, settings, periodic jobs and provided selectors;
standard.py and rules.py (pure); models.py with its first migration; services/, selectors/,
permissions.py, checks.py, tasks.py, views/, api.py, urls.py, admin.py, management/commands/NAME.py,
templates/NAME/, tests/ with a first passing test. It adds the app to INSTALLED_APPS (its URLs are
then served under /NAME/ by the registry) and writes docs/seed-map/NAME.md when the docs folder is
there (a source checkout).
"""

import keyword
import re
from pathlib import Path

from django.core.management.base import CommandError
from django.core.management.templates import TemplateCommand

import zhengwu

SKELETON = Path(__file__).resolve().parents[2] / "skeleton"
INSTALLED_MARK = "    # new systems (zhengwu startsystem) go above this line\n"
SEED_MAP = """# {title} — seed map

Each rule of the seed document that this system implements: where it is in the seed, where it is in
the code, and the test that fails if it is broken.

| seed | rule | code | test |
|---|---|---|---|
| — | a step out of order is refused | `{name}/rules.py` `check_transition` | `{name}/tests/test_{name}.py` |

## Ledger actions

| action | when |
|---|---|
| `{name}.item.created` | an item was created |
"""


class Command(TemplateCommand):
    help = "Create a new system app in the shared skeleton (see docs/architecture.md)."
    missing_args_message = "You must provide a system name (a lowercase Python identifier)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app's label, e.g. microprojects")
        parser.add_argument("--title", default="", help="the system's Chinese name, e.g. 民生微实事")
        parser.add_argument("--summary", default="", help="one line on what it does (Chinese)")
        parser.add_argument("--package-dir", default=str(Path(zhengwu.__file__).resolve().parent),
                            help="the zhengwu package folder to create it in (default: this installation's)")

    def handle(self, **options):
        name = options.pop("name")
        package = Path(options.pop("package_dir")).resolve()
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or keyword.iskeyword(name):
            raise CommandError(f"{name!r} is not a valid system name: use a lowercase Python identifier")
        target = package / name
        if target.exists():
            raise CommandError(f"{target} already exists")
        settings_py = package / "settings.py"
        text = settings_py.read_text(encoding="utf-8")
        if INSTALLED_MARK not in text:
            raise CommandError(
                f"cannot find where to add the app in {settings_py} (expected {INSTALLED_MARK.strip()})"
            )
        title = options.pop("title") or name
        summary = options.pop("summary") or title
        target.mkdir()
        super().handle(
            "app",
            name,
            str(target),
            template=str(SKELETON),
            extensions=["py"],
            files=[],
            title=title,
            summary=summary,
            upper_name=name.upper(),
            verbosity=options.get("verbosity", 1),
        )
        entry = f'    "zhengwu.{name}",\n'
        settings_py.write_text(text.replace(INSTALLED_MARK, entry + INSTALLED_MARK, 1), encoding="utf-8")
        docs = package.parent.parent / "docs" / "seed-map"
        if docs.is_dir() and not (docs / f"{name}.md").exists():
            (docs / f"{name}.md").write_text(SEED_MAP.format(title=title, name=name), encoding="utf-8")
        self.stdout.write(f"created {target} ({title}); added zhengwu.{name} to INSTALLED_APPS; "
                          f"next: `zhengwu migrate`, then fill standard.py and rules.py from the seed")
