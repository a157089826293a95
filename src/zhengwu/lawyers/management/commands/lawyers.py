"""`zhengwu lawyers …` — the 律师驻队 command line.

zhengwu lawyers firm FILE.json [--on YYYY-MM-DD]
    FILE: {"name", "practising_lawyers", "admin_staff", "partners": [{"name", "government_adviser",
           "admin_or_judicial_service"}], "bad_records": ["YYYY-MM-DD"], "admin_law_team"}
    → {"eligible": bool, "problems": [{"code", "message"}]} (the API's answer, §三(一))
    exit 0 when it could check (eligible or not), 2 when the file is not a firm's facts (one line on stderr).
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhengwu.lawyers import rules

MAX_BYTES = 1_000_000


class Command(BaseCommand):
    help = "律师驻队: check a law firm's facts against §三(一) (exit 0 checked, 2 not a firm's facts)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        firm = sub.add_parser("firm", help="check a firm's facts in a JSON file")
        firm.add_argument("file")
        firm.add_argument(
            "--on", help="day of the check, YYYY-MM-DD (default today): 近三年内 counts back from it"
        )

    def handle(self, *args, action, file, on=None, **options):
        try:
            data = self._read(Path(file))
            if on is not None:
                data = dict(data, on=on) if isinstance(data, dict) else data
            answer = rules.firm_check(data, today=date.today())
        except rules.InvalidFacts as exc:
            self.stderr.write(_("%(file)s 不是律师事务所的情况：%(error)s") % {"file": file, "error": exc})
            raise SystemExit(2) from None
        self.stdout.write(json.dumps(answer, ensure_ascii=False))

    def _read(self, path: Path):
        try:
            if path.stat().st_size > MAX_BYTES:
                raise rules.InvalidFacts(None, _("文件超过 %(n)s 字节") % {"n": f"{MAX_BYTES:,}"})
            return json.loads(path.read_bytes().decode("utf-8-sig"))
        except OSError as exc:
            raise rules.InvalidFacts(
                None, _("无法读取文件（%(error)s）") % {"error": exc.strerror or exc}
            ) from None
        except UnicodeDecodeError as exc:
            raise rules.InvalidFacts(
                None, _("不是 UTF-8 编码（第 %(pos)s 字节）") % {"pos": exc.start + 1}
            ) from None
        except json.JSONDecodeError as exc:
            raise rules.InvalidFacts(None, _("不是有效的 JSON（第 %(line)s 行第 %(col)s 列）") % {
                "line": exc.lineno, "col": exc.colno}) from None
        except RecursionError:
            raise rules.InvalidFacts(None, _("JSON 嵌套过深")) from None
