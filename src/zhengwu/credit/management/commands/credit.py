"""`zhengwu credit …` — validate, import, template, generate-sample, schema, docs, build-divisions, remind,
search-index --rebuild.

Contract (issue 4 §5, other tools depend on it):
  zhengwu credit validate FILE --kind {license,penalty} --json
      → {"kind", "rows", "valid_rows", "errors": [{"row", "field", "rule", "message"}]}
      exit 0 all rows valid, 1 some invalid, 2 the file cannot be read (message on stderr)
  zhengwu credit import FILE --kind … --unit CODE   → the same counts (plus created/updated/unchanged)
"""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import selectors, services, tasks
from zhengwu.credit.formats import report, schema
from zhengwu.credit.formats.ingest import Unreadable, open_table
from zhengwu.credit.reference import push_destinations
from zhengwu.credit.rules import checking, divisions, sample
from zhengwu.credit.services import publication, reminders, search_index
from zhengwu.credit.standard import STANDARDS, standard_for
from zhengwu.org.selectors import unit_by_code

KINDS = [str(k) for k in STANDARDS]


class Command(BaseCommand):
    help = "双公示: validate and import licence/penalty files, write templates, samples, schemas and docs."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("validate", help="check a file against the standard (exit 0/1/2)")
        v.add_argument("file")
        v.add_argument("--kind", choices=KINDS, required=True)
        v.add_argument("--json", action="store_true", help="print one JSON object")
        v.add_argument("--unit", help="also check 事项编码 against this unit's catalog")
        i = sub.add_parser("import", help="import a file as a unit")
        i.add_argument("file")
        i.add_argument("--kind", choices=KINDS, required=True)
        i.add_argument("--unit", required=True)
        i.add_argument("--json", action="store_true")
        t = sub.add_parser("template", help="write the department's XLSX template")
        t.add_argument("--kind", choices=KINDS, required=True)
        t.add_argument("--out")
        g = sub.add_parser("generate-sample", help="write a realistic synthetic file with known defects")
        g.add_argument("--kind", choices=KINDS, required=True)
        g.add_argument("--rows", type=int, required=True)
        g.add_argument("--defect-rate", type=float, default=0.0)
        g.add_argument("--seed", type=int, default=1)
        g.add_argument("--encoding", choices=["utf-8", "utf-8-sig", "gbk"], default="utf-8")
        g.add_argument("--headers", choices=["codes", "names"], default="codes")
        g.add_argument("--out", help=".csv (default), .xlsx or .json")
        s = sub.add_parser("schema", help="print the standard as a Frictionless Table Schema")
        s.add_argument("--kind", choices=KINDS, required=True)
        s.add_argument("--format", choices=["frictionless"], default="frictionless")
        d = sub.add_parser("docs", help="write docs/credit-standard.md from the standard")
        d.add_argument("--out", default=schema.DOC_PATH)
        sub.add_parser("build-divisions", help="regenerate data/divisions.csv from python-stdnum's loc.dat")
        r = sub.add_parser("remind", help="remind units of due-soon/overdue records (queues tasks; --now runs here)")
        r.add_argument("--now", action="store_true", help="send in this process instead of queueing tasks")
        r.add_argument("--unit", help="only this unit (code)")
        x = sub.add_parser("search-index", help="rebuild the public-name search index from the published records")
        x.add_argument("--rebuild", action="store_true", required=True, help="empty the index and index again")
        sub.add_parser("push-status", help="mark published records whose pushes are all delivered as 已推送")
        sub.add_parser("push-destinations", help="create the city portal and 前置库 destinations (inactive unless "
                                                 "CREDIT_PUSH_PORTAL_URL / CREDIT_PUSH_QZK_URL are set)")

    def handle(self, *args, action, **o):
        getattr(self, "do_" + action.replace("-", "_"))(**o)

    def _out(self, text: str) -> None:
        self.stdout.write(text)

    def do_validate(self, *, file, kind, json: bool = False, unit=None, **_o):
        std = standard_for(kind)
        unit_obj = self._unit(unit) if unit else None
        try:
            table = open_table(file, std)
            rep = checking.validate_table(table, std, selectors.rule_context(unit=unit_obj, kind=kind))
        except Unreadable as exc:
            self.stderr.write(_("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": exc})
            raise SystemExit(2)
        if json:
            self._out(_dumps(rep.as_json()))
        else:
            self._human(rep, table)
        raise SystemExit(0 if rep.valid_rows == rep.rows else 1)

    def _human(self, rep: checking.Report, table) -> None:
        self._out(_("%(title)s：共 %(rows)s 行，有效 %(valid)s 行，无效 %(bad)s 行") % {
            "title": table.std.title, "rows": rep.rows, "valid": rep.valid_rows, "bad": rep.rows - rep.valid_rows})
        if table.ignored:
            self._out(_("未识别的列（已忽略）：%(cols)s") % {"cols": "、".join(table.ignored)})
        errors = rep.error_frame()
        for e in errors.head(200).iter_rows(named=True):
            self._out(_("第 %(row)s 行 %(field)s：%(message)s") % e)
        if len(errors) > 200:
            self._out(_("…… 另有 %(n)s 条错误未显示（用 --json 查看全部）") % {"n": len(errors) - 200})

    def _unit(self, code):
        unit = unit_by_code(code)
        if unit is None:
            raise CommandError(_("没有代码为 %(code)s 的单位") % {"code": code})
        return unit

    def do_import(self, *, file, kind, unit, json: bool = False, **_o):
        unit_obj = self._unit(unit)
        if not Path(file).is_file():
            self.stderr.write(_("无法读取文件 %(file)s：文件不存在") % {"file": file})
            raise SystemExit(2)
        try:
            batch, rep = services.import_file(file, unit=unit_obj, kind=kind)
        except ApplicationError as exc:  # refused by content before it is kept (core.uploads.check_table)
            self.stderr.write(_("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": exc.message})
            raise SystemExit(2)
        except Unreadable as exc:
            self.stderr.write(_("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": exc})
            raise SystemExit(2)
        out = rep.as_json() | {"batch": batch.pk, "created": batch.created, "updated": batch.updated,
                               "unchanged": batch.unchanged, "error_report": batch.error_report.name or None}
        if json:
            self._out(_dumps(out))
        else:
            self._out(_("导入完成：共 %(rows)s 行，有效 %(valid_rows)s 行，新增 %(created)s，更新 %(updated)s，"
                        "未变化 %(unchanged)s，错误 %(n)s 条") % (out | {"n": len(out["errors"])}))
        raise SystemExit(0 if rep.valid_rows == rep.rows else 1)

    def do_template(self, *, kind, out=None, **_o):
        std = standard_for(kind)
        spellings = selectors.street_spellings()
        content = report.template(std, streets=sorted(set(spellings.values())))
        path = Path(out or f"{std.title}模板.xlsx")
        path.write_bytes(content)
        self._out(str(path))

    def do_generate_sample(self, *, kind, rows, defect_rate, seed, encoding, headers, out=None, **_o):
        std = standard_for(kind)
        frame, defects = sample.generate(std, rows=rows, defect_rate=defect_rate, seed=seed)
        if headers == "names":
            frame = frame.rename({f.code: f.name for f in std.fields})
        path = Path(out or f"{kind}-{rows}.csv")
        sample.write(frame, path, encoding=encoding)
        self.stderr.write(_("已写入 %(rows)s 行（含 %(n)s 处已知缺陷）：%(path)s") % {
            "rows": rows, "n": len(defects), "path": path})
        self._out(str(path))

    def do_schema(self, *, kind, **_o):
        self._out(_dumps(schema.frictionless(standard_for(kind)), indent=2))

    def do_docs(self, *, out, **_o):
        Path(out).write_text(schema.markdown() + "\n", encoding="utf-8")
        self._out(out)

    def do_build_divisions(self, **_o):
        self._out(str(divisions.write_table()))

    def do_remind(self, *, now: bool = False, unit=None, **_o):
        ids = reminders.reminder_units()
        if unit:
            only = unit_by_code(unit)
            ids = [u for u in ids if only is not None and u == only.pk]
        for unit_id in ids:
            if now:
                r = reminders.reminder_send(selectors.unit_for_reminder(unit_id))
                self._out(f"{r.unit.code}: {r.overdue} overdue, {r.due_soon} due soon, {r.objections} objections, "
                          f"{len(r.recipients)} recipients")
            else:
                tasks.send_reminders.enqueue(unit_id)
        self._out(f"{len(ids)} units {'reminded' if now else 'queued'}")

    def do_push_status(self, **_o):
        self._out(f"{publication.mark_pushed()} records marked pushed; deliveries pending: "
                  f"{'yes' if publication.pending_deliveries() else 'no'}")

    def do_search_index(self, **_o):
        t0 = time.perf_counter()
        total = search_index.rebuild()
        self._out(f"{total} published records indexed in {time.perf_counter() - t0:.1f} s")

    def do_push_destinations(self, **_o):
        self._out(push_destinations.load())


def _dumps(obj, indent=None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=str)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run as `zhengwu credit …`")
