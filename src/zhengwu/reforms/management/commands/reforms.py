"""`zhengwu reforms …`: the command line of 改革督查.

    zhengwu reforms items [--json]
        → [{"number": 1, "title": "…", "project": "…", "lead_units": ["…"], "participating_units": ["…"],
            "status": "planned"}, …]   the 42 items of 罗办发〔2016〕1号, units named as in the seed
    zhengwu reforms lights [--on YYYY-MM-DD] [--json]
        → [{"number": N, "light": "green"|"yellow"|"red", "next_due": "YYYY-MM-DD"|null}, …]
           for every item with a plan (立项 and later); [] before any plan is filed

`status` is the item's stage (standard.Stage: planned = 未立项 … closed = 销号) from its plan; an item
without a plan is `planned`. `items` needs no migrated database: without the tables every item is shown
at `planned` and a note goes to stderr. Exit 2, with one line on stderr, for a bad --on date, a year the
working-day calendar does not know, or (for `lights`) a database that is not migrated.
"""

import json

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.reforms import rules, selectors
from zhengwu.reforms.standard import DEFAULT_STAGE, LIGHT_LABELS, REGISTER, STAGE_LABELS, Light, Stage
from zhengwu.workdays.rules import UnknownYear


class Failure(Exception):
    """Bad input: exit 2 with this one line."""


class Command(BaseCommand):
    help = "改革督查: the reform plan's register and its items' status lights"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser(
            "items", help="the register: 42 items with project, lead and participating units, status"
        )
        p.add_argument("--json", action="store_true", help="print the register as JSON")
        p = sub.add_parser("lights", help="status lights and next due date of every item with a plan")
        p.add_argument("--on", help="the day to compute the lights for, YYYY-MM-DD (default: today)")
        p.add_argument("--json", action="store_true", help="print the lights as JSON")

    def handle(self, *args, action, **options):
        try:
            rows = getattr(self, "do_" + action)(options)
        except Failure as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                self.stdout.write(self._line(action, row))

    def do_items(self, options) -> list[dict]:
        try:
            return selectors.register_items()
        except DatabaseError:
            self.stderr.write(_("提示：数据库尚未迁移，各事项状态按改革计划默认值（未立项）显示。"))
            return [{"number": i.number, "title": i.title, "project": REGISTER.project(i.project).title,
                     "lead_units": list(i.lead_units), "participating_units": list(i.participating_units),
                     "status": DEFAULT_STAGE.value} for i in REGISTER.items]

    def do_lights(self, options) -> list[dict]:
        raw = options.get("on")
        try:
            on = rules.parse_day(raw, "--on") if raw else timezone.localdate()
        except rules.RuleError as exc:
            raise Failure(exc.message) from None
        try:
            return selectors.lights(on=on)
        except UnknownYear as exc:
            raise Failure(str(exc)) from None
        except DatabaseError:
            raise Failure(_("数据库尚未迁移：请先运行 zhengwu migrate")) from None

    def _line(self, action: str, row: dict) -> str:
        if action == "items":
            return (
                f"{row['number']:>2}  {row['title']}  [{STAGE_LABELS[Stage(row['status'])]}]  "
                f"{_('牵头')}：{'、'.join(row['lead_units'])}"
                + (
                    f"  {_('参与')}：{'、'.join(row['participating_units'])}"
                    if row["participating_units"]
                    else ""
                )
            )
        return f"{row['number']:>2}  {LIGHT_LABELS[Light(row['light'])]}  {row['next_due'] or '—'}"
