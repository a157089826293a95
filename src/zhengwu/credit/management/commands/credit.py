"""`zhengwu credit …` — validate, import, template, generate-sample, schema, docs, build-divisions, remind,
search-index --rebuild, convert, publicity.

Contract (issue 4 §5, other tools depend on it):
  zhengwu credit validate FILE --kind {license,penalty} --json
      → {"kind", "rows", "valid_rows", "errors": [{"row", "field", "rule", "message"}]}
      exit 0 all rows valid, 1 some invalid, 2 the file cannot be read (message on stderr)
  zhengwu credit import FILE --kind … --unit CODE [--actor USER]   → the same counts (plus created/updated/
      unchanged, error_report and error_report_path: where the XLSX error report is); --actor is the person
      written to the ledger, required unless DEBUG (setting CREDIT_CLI_ACTOR_REQUIRED)

Contracts (issue 16 §2, §3):
  zhengwu credit convert FILE --kind {license,penalty} --to {national,luohu2016} --out OUT.csv
      writes the target format's field codes as headers, one row per input row; prints
      {"rows", "converted", "errors": [{"row", "field", "message"}]}; exit 0 every row converted,
      1 some row could not be, 2 the file cannot be read (one line on stderr)
  zhengwu credit publicity --decided YYYY-MM-DD --tier {minor,general,serious} [--on YYYY-MM-DD] --json
      → {"rule", "publish", "earliest_repair", "ends"}
  zhengwu credit recompute-publicity [--retier|--no-retier] [--on DATE] [--dry-run] [--actor USER] [--json]
      → {"rule", "records", "moved", "retiered", "public_again", "ended_now", "dry_run", "retier", "seconds"}
"""

import argparse
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import selectors, services, tasks
from zhengwu.credit.formats import convert, national, report, schema
from zhengwu.credit.formats.ingest import Unreadable, open_table
from zhengwu.credit.reference import push_destinations
from zhengwu.credit.rules import checking, divisions, publicity_versions, sample
from zhengwu.credit.services import publication, reminders, search_index
from zhengwu.credit.services import publicity as publicity_service
from zhengwu.credit.standard import STANDARDS, standard_for
from zhengwu.org.selectors import unit_by_code, user_by_username

KINDS = [str(k) for k in STANDARDS]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("不是有效日期（应为 YYYY-MM-DD）：%(value)s") % {"value": text}
        ) from None


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
        i.add_argument(
            "--actor",
            metavar="USER",
            help="the username of the person running the import (written to "
            "the ledger; required in production)",
        )
        i.add_argument("--json", action="store_true")
        t = sub.add_parser("template", help="write the department's XLSX template")
        t.add_argument("--kind", choices=KINDS, required=True)
        t.add_argument("--out")
        g = sub.add_parser("generate-sample", help="write a realistic synthetic file with known defects")
        g.add_argument("--kind", choices=KINDS, required=True)
        g.add_argument("--rows", type=int, required=True, help="how many rows (at least 1)")
        g.add_argument(
            "--defect-rate", type=float, default=0.0, help="the share of rows with a defect, 0 to 1"
        )
        g.add_argument("--seed", type=int, default=1)
        g.add_argument("--encoding", choices=["utf-8", "utf-8-sig", "gbk"], default="utf-8")
        g.add_argument("--headers", choices=["codes", "names"], default="codes")
        g.add_argument("--out", help=".csv (default), .xlsx or .json")
        s = sub.add_parser("schema", help="print the standard as a Frictionless Table Schema")
        s.add_argument("--kind", choices=KINDS, required=True)
        s.add_argument("--format", choices=["frictionless"], default="frictionless")
        d = sub.add_parser(
            "docs", help="write docs/credit-standard.md (and the field tables of docs/credit-national.md)"
        )
        d.add_argument("--out", default=schema.DOC_PATH)
        sub.add_parser("build-divisions", help="regenerate data/divisions.csv from python-stdnum's loc.dat")
        r = sub.add_parser(
            "remind", help="remind units of due-soon/overdue records (queues tasks; --now runs here)"
        )
        r.add_argument("--now", action="store_true", help="send in this process instead of queueing tasks")
        r.add_argument("--unit", help="only this unit (code)")
        x = sub.add_parser(
            "search-index", help="rebuild the public-name search index from the published records"
        )
        x.add_argument(
            "--rebuild", action="store_true", required=True, help="empty the index and index again"
        )
        c = sub.add_parser(
            "convert", help="convert between the 2016 standard and the national format (exit 0/1/2)"
        )
        c.add_argument("file")
        c.add_argument("--kind", choices=KINDS, required=True)
        c.add_argument("--to", choices=list(convert.TARGETS), required=True)
        c.add_argument(
            "--out", required=True, help="the CSV to write (the target format's field codes as headers)"
        )
        c.add_argument(
            "--on", type=_day, help="the day whose publicity rule computes 公示截止期 (default today)"
        )
        c.add_argument("--source-unit", help="数据来源单位 (default: setting CREDIT_NATIONAL_ORG)")
        c.add_argument(
            "--source-unit-code", help="its 统一社会信用代码 (default: setting CREDIT_NATIONAL_ORG)"
        )
        c.add_argument("--authority-code", action="append", default=[], metavar="NAME=USCC",
                       help="an authority's 统一社会信用代码, added to the setting's (repeatable)")
        p = sub.add_parser("publicity", help="a penalty's publicity period under the applicable rule version")
        p.add_argument("--decided", type=_day, required=True, help="decision date YYYY-MM-DD")
        p.add_argument("--tier", choices=[t.value for t in publicity_versions.Tier], required=True)
        p.add_argument("--on", type=_day, help="the day whose rule applies (default today)")
        p.add_argument("--rule", default=publicity_versions.DEFAULT_RULE,
                       help="pin a rule version by code (default: the one in force --on)")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        rp = sub.add_parser(
            "recompute-publicity",
            help="after a change of CREDIT_PUBLICITY_POLICY: recompute every "
            "published penalty's 公示截止期 and say how many records moved",
        )
        rp.add_argument("--retier", action=argparse.BooleanOptionalAction, default=None,
                        help="re-tier from the penalty kinds too (default: the policy's retier, else no)")
        rp.add_argument("--on", type=_day, help="the day whose rule applies (default today)")
        rp.add_argument("--dry-run", action="store_true", help="only count; change nothing")
        rp.add_argument("--actor", help="the person written to the ledger (username)")
        rp.add_argument("--json", action="store_true", help="print one JSON object")
        sub.add_parser("push-status", help="mark published records whose pushes are all delivered as 已推送")
        sub.add_parser(
            "push-destinations",
            help="create the city portal and 前置库 destinations (inactive unless "
            "CREDIT_PUSH_PORTAL_URL / CREDIT_PUSH_QZK_URL are set)",
        )

    def do_recompute_publicity(self, *, retier=None, on=None, dry_run=False, actor=None, json=False, **_o):
        actor_obj = self._actor(actor) if actor or not dry_run else None
        started = time.perf_counter()
        summary = publicity_service.publicity_recompute(
            actor=actor_obj, retier=retier, on=on, dry_run=dry_run
        )
        summary["seconds"] = round(time.perf_counter() - started, 3)
        if json:
            self._out(_dumps(summary))
            return
        self._out(
            _(
                "规则 %(rule)s：已公示的行政处罚 %(records)s 条，公示截止期或最早可修复日期变化 %(moved)s "
                "条，"
                "处罚情节重新认定 %(retiered)s 条，因此停止公示 %(ended)s 条%(dry)s（%(s)s 秒）"
            )
            % {
                "rule": summary["rule"],
                "records": summary["records"],
                "moved": summary["moved"],
                "retiered": summary["retiered"],
                "ended": summary["ended_now"],
                "dry": _("（试算，未修改）") if dry_run else "",
                "s": summary["seconds"],
            }
        )

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
        self._out(
            _("%(title)s：共 %(rows)s 行，有效 %(valid)s 行，无效 %(bad)s 行")
            % {
                "title": table.std.title,
                "rows": rep.rows,
                "valid": rep.valid_rows,
                "bad": rep.rows - rep.valid_rows,
            }
        )
        if table.ignored:
            self._out(_("未识别的列（已忽略）：%(cols)s") % {"cols": "、".join(table.ignored)})
        errors = rep.error_frame()
        for e in errors.head(200).iter_rows(named=True):
            if e["row"] is None:  # a problem of the whole file
                self._out(e["message"])
            elif e["field"] is None:  # a problem of the whole row (its cells do not line up with the header)
                self._out(_("第 %(row)s 行：%(message)s") % e)
            else:
                self._out(_("第 %(row)s 行 %(field)s：%(message)s") % e)
        if len(errors) > 200:
            self._out(_("…… 另有 %(n)s 条错误未显示（用 --json 查看全部）") % {"n": len(errors) - 200})

    def _unit(self, code):
        unit = unit_by_code(code)
        if unit is None:
            raise CommandError(_("没有代码为 %(code)s 的单位") % {"code": code})
        return unit

    def _fail(self, message: str) -> None:
        """An ordinary mistake: one line saying what is wrong, exit 2 (never a traceback)."""
        self.stderr.write(message)
        raise SystemExit(2)

    def _actor(self, username):
        """The person running the import, for the ledger;
        required unless DEBUG (CREDIT_CLI_ACTOR_REQUIRED)."""
        from django.conf import settings  # read at call time: tests override DEBUG

        from zhengwu.core.conf import setting  # the settings registry needs the app registry loaded

        if not username:
            required = setting("CREDIT_CLI_ACTOR_REQUIRED")
            if required is None:
                required = not settings.DEBUG
            if required:
                self._fail(_("请用 --actor 用户名 指明是谁在导入（写入审计记录；生产环境必填）"))
            return None
        actor = user_by_username(username)
        if actor is None:
            self._fail(_("没有用户名为 %(user)s 的有效用户（--actor）") % {"user": username})
        return actor

    def do_import(self, *, file, kind, unit, actor=None, json: bool = False, **_o):
        unit_obj = self._unit(unit)
        actor_obj = self._actor(actor)
        if not Path(file).is_file():
            self._fail(_("无法读取文件 %(file)s：文件不存在") % {"file": file})
        try:
            batch, rep = services.import_file(file, unit=unit_obj, kind=kind, actor=actor_obj,
                                              check_role=actor_obj is not None)
        except PermissionDenied:
            self._fail(_("用户 %(user)s 无权为 %(unit)s 导入数据") % {"user": actor, "unit": unit_obj.name})
        except ApplicationError as exc:  # refused by content before it is kept (core.uploads.check_table)
            self._fail(_("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": exc.message})
        except Unreadable as exc:
            self._fail(_("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": exc})
        location = selectors.error_report_location(batch)
        out = rep.as_json() | {"batch": batch.pk, "created": batch.created, "updated": batch.updated,
                               "unchanged": batch.unchanged, "error_report": batch.error_report.name or None,
                               "error_report_path": location}
        if json:
            self._out(_dumps(out))
        else:
            self._out(
                _(
                    "导入完成：共 %(rows)s 行，有效 %(valid_rows)s 行，新增 %(created)s，更新 %(updated)s，"
                    "未变化 %(unchanged)s，错误 %(n)s 条"
                )
                % (out | {"n": len(out["errors"])})
            )
            if location:
                self._out(_("错误报告（标红的单元格即错误）：%(path)s") % {"path": location})
        raise SystemExit(0 if rep.valid_rows == rep.rows else 1)

    def _write(self, path: Path, write) -> None:
        """Write an output file; a path that cannot be written is one line and exit 2."""
        try:
            write(path)
        except OSError as exc:
            self._fail(_("无法写入 %(file)s：%(error)s") % {"file": path, "error": _os_error(exc)})

    def do_template(self, *, kind, out=None, **_o):
        std = standard_for(kind)
        spellings = selectors.street_spellings()
        content = report.template(std, streets=sorted(set(spellings.values())))
        path = Path(out or f"{std.title}模板.xlsx")
        self._write(path, lambda p: p.write_bytes(content))
        self._out(str(path))

    def do_generate_sample(self, *, kind, rows, defect_rate, seed, encoding, headers, out=None, **_o):
        std = standard_for(kind)
        if rows < 1:
            self._fail(_("--rows 应为至少 1 的整数，而不是 %(value)s") % {"value": rows})
        if not 0 <= defect_rate <= 1:
            self._fail(
                _("--defect-rate 是有缺陷的行所占比例，应在 0 到 1 之间（例如 0.05），而不是 %(value)s")
                % {"value": defect_rate}
            )
        path = Path(out or f"{kind}-{rows}.csv")
        frame, defects = sample.generate(std, rows=rows, defect_rate=defect_rate, seed=seed)
        if headers == "names":
            frame = frame.rename({f.code: f.name for f in std.fields})
        self._write(path, lambda p: sample.write(frame, p, encoding=encoding))
        self.stderr.write(_("已写入 %(rows)s 行（含 %(n)s 处已知缺陷）：%(path)s") % {
            "rows": rows, "n": len(defects), "path": path})
        self._out(str(path))

    def do_schema(self, *, kind, **_o):
        self._out(_dumps(schema.frictionless(standard_for(kind)), indent=2))

    def do_docs(self, *, out, **_o):
        Path(out).write_text(schema.markdown() + "\n", encoding="utf-8")
        self._out(out)
        national_doc = Path(out).with_name(
            Path(national.DOC_PATH).name
        )  # beside it: the national field tables
        if national_doc.exists():
            national_doc.write_text(
                national.with_fields(national_doc.read_text(encoding="utf-8")), encoding="utf-8"
            )
            self._out(str(national_doc))

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
                self._out(
                    f"{r.unit.code}: {r.overdue} overdue, {r.due_soon} due soon, {r.objections} objections, "
                    f"{len(r.recipients)} recipients"
                )
            else:
                tasks.send_reminders.enqueue(unit_id)
        self._out(f"{len(ids)} units {'reminded' if now else 'queued'}")

    def _org(self, source_unit=None, source_unit_code=None, authority_code=()) -> convert.OrgConfig:
        from zhengwu.core.conf import setting  # the settings registry needs the app registry loaded

        try:
            org = convert.OrgConfig.from_settings(setting("CREDIT_NATIONAL_ORG"))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        codes = dict(org.authority_codes)
        for pair in authority_code:
            name, sep, code = pair.partition("=")
            if not sep or not name.strip() or not code.strip():
                self.stderr.write(
                    _("--authority-code 应写作 机关全称=统一社会信用代码：%(value)s") % {"value": pair}
                )
                raise SystemExit(2)
            codes[name.strip()] = code.strip()
        return convert.OrgConfig(
            source_unit if source_unit is not None else org.source_unit,
            source_unit_code if source_unit_code is not None else org.source_unit_code,
            codes,
        )

    def do_convert(self, *, file, kind, to, out, on=None, source_unit=None, source_unit_code=None,
                   authority_code=(), **_o):
        fmt = convert.source_format(kind, to)
        try:
            frame = open_table(file, fmt).read_all()
        except Unreadable as exc:
            self.stderr.write(
                _("无法读取文件 %(file)s：%(error)s（转换为 %(to)s 需要%(source)s格式的文件）")
                % {"file": file, "error": exc, "to": to, "source": fmt.title}
            )
            raise SystemExit(2)
        if to == convert.NATIONAL:
            org = self._org(source_unit, source_unit_code, authority_code)
            done = convert.to_national(frame, kind, org=org, on=on)
        else:
            done = convert.from_national(frame, kind, ctx=selectors.rule_context(unit=None, kind=kind),
                                         now=datetime.now())
        try:
            done.frame.write_csv(out)
        except OSError as exc:
            self.stderr.write(_("无法写入 %(file)s：%(error)s") % {"file": out, "error": exc.strerror or exc})
            raise SystemExit(2)
        self._out(_dumps(done.as_json()))
        raise SystemExit(0 if done.converted == done.rows else 1)

    def do_publicity(
        self, *, decided, tier, on=None, rule=publicity_versions.DEFAULT_RULE, json: bool = False, **_o
    ):
        try:
            period = publicity_versions.publicity(
                decided=decided, tier=tier, on=on or date.today(), rule=rule
            )
        except ValueError as exc:  # an unknown --rule, or no rule in force
            self.stderr.write(str(exc))
            raise SystemExit(2)
        if json:
            self._out(_dumps(period.as_json()))
            return
        shown = period.as_json()
        if not period.publish:
            self._out(_("%(rule)s：%(tier)s失信信息原则上不予公示") % {
                "rule": shown["rule"], "tier": publicity_versions.TIER_NAMES[period.tier]})
            return
        self._out(_("%(rule)s：%(tier)s失信信息公示至 %(ends)s（含当日），自 %(repair)s 起可申请信用修复") % {
            "rule": shown["rule"], "tier": publicity_versions.TIER_NAMES[period.tier], "ends": shown["ends"],
            "repair": shown["earliest_repair"]})

    def do_push_status(self, **_o):
        self._out(f"{publication.mark_pushed()} records marked pushed; deliveries pending: "
                  f"{'yes' if publication.pending_deliveries() else 'no'}")

    def do_search_index(self, **_o):
        t0 = time.perf_counter()
        total = search_index.rebuild()
        self._out(f"{total} published records indexed in {time.perf_counter() - t0:.1f} s")

    def do_push_destinations(self, **_o):
        self._out(push_destinations.load())


def _os_error(exc: OSError) -> str:
    """Why a file could not be written, in the user's language (the OS's own words are English)."""
    if isinstance(exc, FileNotFoundError):
        return _("目录不存在")
    if isinstance(exc, PermissionError):
        return _("没有写入权限")
    if isinstance(exc, IsADirectoryError):
        return _("这是一个目录，不是文件")
    return exc.strerror or type(exc).__name__


def _dumps(obj, indent=None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=str)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run as `zhengwu credit …`")
