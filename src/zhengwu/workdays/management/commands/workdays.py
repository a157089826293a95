"""`zhengwu workdays add DATE N | between A B | is DATE | import FILE`."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhengwu.workdays import selectors, services
from zhengwu.workdays.rules import UnknownYear


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date (YYYY-MM-DD).")


class Command(BaseCommand):
    help = "Working-day arithmetic on the official calendar (with 调休) and its overrides."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("add", help="the N-th working day after DATE (DATE itself not counted)")
        p.add_argument("date")
        p.add_argument("n", type=int)
        p = sub.add_parser("between", help="working days in (A, B]")
        p.add_argument("a")
        p.add_argument("b")
        p = sub.add_parser("is", help="print 1 if DATE is a working day, else 0")
        p.add_argument("date")
        p = sub.add_parser(
            "import", help="import overrides from a CSV with columns date,is_workday,name[,note]"
        )
        p.add_argument("file")

    def handle(self, *args, action, **opt):
        try:
            if action == "add":
                self.stdout.write(selectors.add_workdays(_date(opt["date"]), opt["n"]).isoformat())
            elif action == "between":
                self.stdout.write(str(selectors.workdays_between(_date(opt["a"]), _date(opt["b"]))))
            elif action == "is":
                self.stdout.write("1" if selectors.is_workday(_date(opt["date"])) else "0")
            elif action == "import":
                try:
                    text = Path(opt["file"]).read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError) as exc:
                    raise CommandError(f"cannot read {opt['file']}: {exc}")
                n = services.overrides_import(text)
                self.stdout.write(f"imported {n} overrides")
        except UnknownYear as exc:
            raise CommandError(str(exc))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages))
