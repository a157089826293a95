"""The `zhengwu` console script: Django's manage.py under the project's name.

`zhengwu migrate`, `zhengwu runserver`, `zhengwu workdays add 2025-09-30 7`, `zhengwu ledger verify`, …
every management command of every app is reachable here.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhengwu", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
