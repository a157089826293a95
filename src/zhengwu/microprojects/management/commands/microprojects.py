"""`zhengwu microprojects …` — assess a proposal against the 民生微实事 scheme.

Contract (issue 17, other tools depend on it):
  zhengwu microprojects assess FILE.json
      FILE: {"category": "engineering"|"service", "kind": "mandatory"|"optional", "amount": 250000,
             "admin_cost": 0, "applicant_kind": "residents_committee", "title": "…", "description": "…"}
      → one JSON object {"review_path": [...], "violations": [{"rule", "message"}],
                         "negative_list_matches": [{"item", "responsible"}], "audits": [...]}
      exit 0 when it could assess (violations or not), 2 when the file is not a proposal
      (unreadable, not JSON, not an object, a missing or invalid field: one line on stderr naming it).
Optional fields: cap_exception, organization, negative_list_overrides, self_raised_funds,
self_raised_proof_sent (docs/seed-map/microprojects.md).
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengwu.microprojects import rules

MAX_BYTES = 1_000_000


class NotAProposal(Exception):
    pass


def read_proposal(path: str) -> rules.Proposal:
    """The proposal in a JSON file, or NotAProposal with one line saying what is wrong."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise NotAProposal(_("文件超过 %(n)s 字节") % {"n": f"{MAX_BYTES:,}"})
        raw = file.read_bytes()
    except OSError as exc:
        raise NotAProposal(_("无法读取文件（%(error)s）") % {"error": exc.strerror or exc})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotAProposal(_("不是 UTF-8 编码（第 %(pos)s 字节）") % {"pos": exc.start + 1})
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotAProposal(
            _("不是有效的 JSON（第 %(line)s 行第 %(col)s 列）") % {"line": exc.lineno, "col": exc.colno}
        )
    except RecursionError:
        raise NotAProposal(_("JSON 嵌套过深"))
    try:
        return rules.parse_proposal(data)
    except rules.InvalidProposal as exc:
        raise NotAProposal(exc.message)


class Command(BaseCommand):
    help = "民生微实事: assess a proposal (review path, violations, negative-list matches, audits)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        a = sub.add_parser(
            "assess", help="assess a proposal in a JSON file (exit 0 assessed, 2 not a proposal)"
        )
        a.add_argument("file")
        a.add_argument(
            "--today", help="date for the social organisation's six months (YYYY-MM-DD; default today)"
        )

    def handle(self, *args, action, **o):
        getattr(self, "do_" + action.replace("-", "_"))(**o)

    def do_assess(self, *, file, today=None, **_o):
        try:
            day = date.fromisoformat(today) if today else date.today()
        except ValueError:
            raise CommandError(_("--today 必须是 YYYY-MM-DD 格式的日期：%(value)s") % {"value": today})
        try:
            proposal = read_proposal(file)
        except NotAProposal as exc:
            self.stderr.write(_("%(file)s 不是民生微实事项目申报：%(error)s") % {"file": file, "error": exc})
            raise SystemExit(2)
        assessment = rules.assess(proposal, today=day)
        self.stdout.write(json.dumps(assessment.as_json(), ensure_ascii=False))
