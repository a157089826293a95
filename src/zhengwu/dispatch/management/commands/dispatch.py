"""`zhengwu dispatch <sub>` — the 大分拨 command line.

    zhengwu dispatch train CSV            fit and store a new model version (columns title,text,label)
    zhengwu dispatch train --history      … from the database's closed and triaged events
    zhengwu dispatch classify CSV --out OUT.csv   id,title,text → id,label,confidence
    zhengwu dispatch evaluate CSV         per-class P/R/F1, macro-F1, confusion matrix
                                          (repeated stratified k-fold when the CSV has labels)
    zhengwu dispatch group-matters CSV --out OUT.csv   id,title,text,created_at[,address] → id,matter_id
                                          (reports that are one matter share a matter_id: 同一事项)
    zhengwu dispatch import FILE          migration import (CSV/XLSX; keeps source ids and channels)
    zhengwu dispatch sync FILE --source-system NAME   an ongoing sync from a system that keeps its own
                                          records (its exported rows, read after the stored cursor in the
                                          order of updated_at; re-runnable, never twice)
    zhengwu dispatch scan [--now]         yellow/red deadline warnings (enqueues the background task;
                                          --now runs it here, without a worker)
    zhengwu dispatch route                classify and dispatch all received events now, in batches
                                          (prints how many were dispatched and how many went to triage)
    zhengwu dispatch reencode-photos      re-encode photos stored before uploads were re-encoded (once,
                                          after upgrading; idempotent; exit 1 if some are not images)
    zhengwu dispatch issue-key NAME [--channel wechat]   a key for a new intake API client (shown once)
    zhengwu dispatch rotate-key NAME      revoke the client's key and issue its successor (same name)
    zhengwu dispatch revoke-key NAME      revoke the client's key(s)
    zhengwu dispatch keys                 the intake API's clients: name, channel, prefix, state
    zhengwu dispatch figures [--from 2025-01] [--to 2026-03]   refill the 大督查 unit figures of those months
                                          now (default: this month and the last, as the periodic job)
    zhengwu dispatch issue-figures-key NAME   a key of scope dispatch.figures for a reader of the figures API
                                          (改革督查; shown once)
    zhengwu dispatch hotspots-refresh [--first D] [--last D]   recompute the hotspot daily tables of those
                                          days (default the last 35; the periodic jobs do it incrementally)
"""

import argparse
import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.services import api_key_issue
from zhengwu.core.spreadsheets import Refused, check_upload, check_xlsx
from zhengwu.dispatch import selectors, services
from zhengwu.dispatch.rules import classifier, matters
from zhengwu.dispatch.rules.figures import months_between, period_from
from zhengwu.dispatch.selectors import classifiers
from zhengwu.dispatch.selectors.clients import client_keys
from zhengwu.dispatch.standard import FIGURES_SCOPE, Channel
from zhengwu.dispatch.tasks import scan_warnings

#: Exit status of an ordinary mistake on the command line (a missing file, a folder given for a file, an
#: output path that cannot be written): one line on stderr, no traceback (issue 13 item 15).
USAGE = 2

#: The columns `dispatch import` reads (its --help lists them); title may be blank, as for `classify`.
IMPORT_COLUMNS = (
    ("source_id (or id)", "the event's number in its own system; a row already imported is skipped"),
    ("source_system", "the system the row comes from (or --source-system)"),
    ("channel", "web, hotline, wechat, miniprogram, system, migration (default: migration)"),
    ("title", "optional: blank takes the text's first 30 characters, as classify reads a blank title"),
    ("text", "required: what happened"),
    ("address", "optional: the place (street, community, estate, road)"),
    ("reporter_name, reporter_phone", "optional"),
    ("received_at", "optional: ISO date-time, e.g. 2025-03-01 09:30"),
    (
        "state, unit",
        "optional, a handled case's past: state (closed or 已结案, …), handling unit (code or name)",
    ),
    (
        "dispatched_at, accepted_at, …",
        "optional: accept_due, resolve_due, resolved_at, replied_at, closed_at",
    ),
    (
        "result, reply, rating",
        "optional: rating 满意/基本满意/不满意; a row with a past keeps it and is not dispatched again",
    ),
)

COMMAND_ACTOR = (
    "cli"  # who the ledger names for a key issued or revoked from the command line (as outbox does)
)


def _read_table(path: Path) -> list[dict]:
    """Rows of a CSV (UTF-8 or GB18030) or XLSX file as dicts of strings (limits checked before reading)."""
    if not path.exists():
        raise CommandError(f"文件不存在：{path}", returncode=USAGE)
    if not path.is_file():
        raise CommandError(f"不是文件：{path}（请给出一个 CSV 或 XLSX 文件）", returncode=USAGE)
    try:
        check_upload(path)
        if path.suffix.lower() == ".xlsx":
            check_xlsx(path)
    except Refused as exc:
        raise CommandError(f"{path}：{exc}") from None
    if path.suffix.lower() in (".xlsx", ".xls"):
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        except Exception as exc:
            raise CommandError(f"无法读取 Excel 文件 {path}：{exc}") from None
        header = [str(h).strip() for h in sheet[0]] if sheet else []
        return _without_nul([{h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False)}
                             for row in sheet[1:]])
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CommandError(f"无法识别文件编码：{path}（请使用 UTF-8）")
    if "\x00" in text.split("\n", 1)[0]:
        raise CommandError(f"不是文本表格：{path}")
    return _without_nul(list(csv.DictReader(text.splitlines())))


def _without_nul(rows: list[dict]) -> list[dict]:
    """The rows, unless a cell holds a NUL character (PostgreSQL cannot store one): then the file is
    refused, naming the first such cell."""
    for n, row in enumerate(rows, start=1):
        for column, value in row.items():
            if "\x00" in str(value or ""):
                raise CommandError(f"第 {n} 行“{column}”列含有空字符（NUL）：请删除后重新导入")
    return rows


def _output_path(value: str) -> Path:
    out = Path(value)
    if not out.parent.is_dir():
        raise CommandError(f"输出目录不存在：{out.parent}", returncode=USAGE)
    if out.is_dir():
        raise CommandError(f"输出路径是目录：{out}（请给出文件名）", returncode=USAGE)
    return out


class Command(BaseCommand):
    help = "大分拨: train / classify / evaluate the classifier, import events, scan deadlines."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        p = sub.add_parser("train", help="fit and store a new model version")
        p.add_argument("csv", nargs="?", help="CSV with columns title,text,label")
        p.add_argument(
            "--history", action="store_true", help="train from the database's closed/triaged events"
        )
        p.add_argument("--evaluate", action="store_true", help="also cross-validate and store macro-F1")
        p = sub.add_parser("classify", help="classify messages: id,title,text → id,label,confidence")
        p.add_argument("csv")
        p.add_argument("--out", required=True)
        p = sub.add_parser("evaluate", help="per-class precision/recall/F1, macro-F1, confusion matrix")
        p.add_argument("csv")
        p.add_argument("--folds", type=int, default=5)
        p.add_argument("--repeats", type=int, default=3)
        p.add_argument("--weak-replies", action="store_true",
                       help="add the shipped messages weakly labelled by the department their official reply "
                            "names to every training fold (never to a test fold)")
        p.add_argument("--holdout", action="store_true",
                       help="score the active model on this file (unseen data) instead of cross-validating")
        p = sub.add_parser("group-matters", help="one matter, one id: id,title,text,created_at[,address] → "
                           "id,matter_id (thresholds: the setting DISPATCH_MATTER_THRESHOLDS)")
        p.add_argument("csv")
        p.add_argument("--out", required=True)
        p = sub.add_parser(
            "import",
            help="migration import of events (CSV/XLSX)",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            description="Migration import of events (CSV in UTF-8 or GB18030, or XLSX), columns:\n"
            + "\n".join(f"  {name:32} {what}" for name, what in IMPORT_COLUMNS),
        )
        p.add_argument("file")
        p.add_argument("--source-system", default="", help="name of the system the file comes from")
        p = sub.add_parser("sync", help="sync a system that keeps its own records from its stored cursor")
        p.add_argument(
            "file", help="the system's exported rows (CSV/XLSX, the import columns and updated_at)"
        )
        p.add_argument(
            "--source-system", required=True, help="the system's name (its cursor is kept under it)"
        )
        p.add_argument("--order-by", default="updated_at", help="the column of each row's change time")
        p = sub.add_parser("scan", help="compute yellow/red deadline warnings")
        p.add_argument(
            "--now", action="store_true", help="run the scan here instead of enqueueing it for a worker"
        )
        sub.add_parser("route", help="classify and dispatch every received event now (what the task does)")
        sub.add_parser("reencode-photos", help="re-encode photos stored before uploads were re-encoded")
        p = sub.add_parser(
            "issue-key", help="a key for a new intake API client (its name is its source system)"
        )
        p.add_argument("name")
        p.add_argument("--channel", default=Channel.SYSTEM, choices=[c.value for c in Channel])
        p = sub.add_parser("rotate-key", help="revoke a client's key and issue its successor")
        p.add_argument("name")
        p = sub.add_parser("revoke-key", help="revoke a client's key(s)")
        p.add_argument("name")
        sub.add_parser("keys", help="list the intake API's clients")
        p = sub.add_parser(
            "figures",
            help="refill the 大督查 unit figures of some months now (the periodic job "
            "refills this month and the last)",
        )
        p.add_argument("--from", dest="first", help="first month, YYYY-MM (default: last month)")
        p.add_argument("--to", dest="last", help="last month, YYYY-MM (default: this month)")
        p = sub.add_parser("issue-figures-key", help="a key for a reader of the figures API (e.g. 改革督查)")
        p.add_argument("name")
        p = sub.add_parser(
            "hotspots-refresh", help="recompute the hotspot daily tables (大数据) of a range of days"
        )
        p.add_argument("--first", help="first day, YYYY-MM-DD (default: 34 days before --last)")
        p.add_argument("--last", help="last day, YYYY-MM-DD (default: today)")

    def handle(self, *args, **opts):
        getattr(self, "do_" + opts["sub"].replace("-", "_"))(opts)

    def do_hotspots_refresh(self, opts):
        from datetime import date, timedelta  # only this subcommand reads dates

        from django.utils import timezone  # only this subcommand reads dates

        from zhengwu.dispatch.services import hotspots  # only this subcommand refreshes

        try:
            last = date.fromisoformat(opts["last"]) if opts["last"] else timezone.localdate()
            first = date.fromisoformat(opts["first"]) if opts["first"] else last - timedelta(days=34)
        except ValueError as exc:
            raise CommandError(f"日期应为 YYYY-MM-DD：{exc}", returncode=USAGE) from None
        try:
            done = hotspots.hotspots_refresh(first=first, last=last)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=USAGE) from None
        self.stdout.write(
            f"{done['days']} days refreshed: {done['rows']} daily rows, {done['addresses']} address rows"
        )

    def do_train(self, opts):
        if opts["history"]:
            titles, texts, labels = selectors.training_rows()
        elif opts["csv"]:
            try:
                titles, texts, labels = classifier.read_training_csv(Path(opts["csv"]))
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                raise CommandError(str(exc)) from None
        else:
            raise CommandError("请给出训练文件 CSV，或使用 --history")
        if len(set(labels)) < 2:
            raise CommandError(
                f"训练数据只有 {len(labels)} 条、{len(set(labels))} 个分类，至少需要两个分类。"
            )
        row = services.model_train(titles, texts, labels, evaluate=opts["evaluate"])
        extra = f", cross-validated macro-F1 {row.macro_f1:.3f}" if row.macro_f1 is not None else ""
        self.stdout.write(f"model {row.version} trained on {row.rows} messages{extra}; stored as {row.file}")

    def do_classify(self, opts):
        rows = _read_table(Path(opts["csv"]))
        if rows and not {"id", "text"} <= set(rows[0]):
            raise CommandError("输入文件需要列 id,title,text（title 可省略）")
        out = _output_path(opts["out"])
        model = classifiers.active_classifier()
        results = model.predict([r.get("title") or "" for r in rows], [r.get("text") or "" for r in rows])
        try:
            with open(out, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(["id", "label", "confidence"])
                for row, (label, confidence) in zip(rows, results, strict=True):
                    writer.writerow([row["id"], label, f"{confidence:.4f}"])
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror}", returncode=USAGE) from None
        self.stdout.write(f"{len(rows)} messages classified with model {model.version} → {opts['out']}")

    def do_group_matters(self, opts):
        rows = _read_table(Path(opts["csv"]))
        if rows and not {"id", "text"} <= set(rows[0]):
            raise CommandError("输入文件需要列 id,title,text,created_at（address 可选）")
        out = _output_path(opts["out"])
        try:
            thresholds = matters.merged_thresholds(setting("DISPATCH_MATTER_THRESHOLDS"))
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        reports = [matters.Report(id=r["id"], title=r.get("title") or "", text=r.get("text") or "",
                                  created_at=r.get("created_at") or "", address=r.get("address") or "")
                   for r in rows]
        matter_of = matters.group(reports, thresholds)
        try:
            with open(out, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(["id", "matter_id"])
                for r in reports:
                    writer.writerow([r.id, matter_of[r.id]])  # verbatim: the ids are keys, read by a program
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror}", returncode=USAGE) from None
        self.stdout.write(f"{len(reports)} reports in {len(set(matter_of.values()))} matters → {opts['out']}")

    def do_evaluate(self, opts):
        rows = _read_table(Path(opts["csv"]))
        if not rows or "label" not in rows[0]:
            raise CommandError("评估文件需要列 title,text,label")
        titles = [r.get("title") or "" for r in rows]
        texts = [r.get("text") or "" for r in rows]
        labels = [r["label"].strip() for r in rows]
        if opts["holdout"]:
            got = [p for p, _c in classifiers.active_classifier().predict(titles, texts)]
            result = classifier.report(labels, got)
        else:
            extra = classifier.weak_labelled(labels=set(labels)) if opts["weak_replies"] else None
            result = classifier.cross_validate(
                titles, texts, labels, folds=opts["folds"], repeats=opts["repeats"], extra=extra
            )
        self.stdout.write(classifier.format_report(result))

    def do_import(self, opts):
        rows = _read_table(Path(opts["file"]))
        if opts["source_system"]:
            for r in rows:
                r.setdefault("source_system", opts["source_system"])
                r["source_system"] = r["source_system"] or opts["source_system"]
        created, skipped, errors = services.event_import_rows(rows)
        for e in errors:
            self.stderr.write(e)
        self.stdout.write(f"{created} events imported, {skipped} already present, {len(errors)} rows refused")

    def do_sync(self, opts):
        rows = _read_table(Path(opts["file"]))
        name = opts["source_system"].strip()
        if not name:
            raise CommandError("--source-system 不能为空", returncode=USAGE)
        result = services.connector_sync(
            services.RowsConnector(source_system=name, rows=rows, order_by=opts["order_by"]),
            actor=COMMAND_ACTOR,
        )
        for e in result.errors:
            self.stderr.write(e)
        self.stdout.write(
            f"{result.created} events created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{len(result.errors)} rows refused; cursor {result.cursor or '-'}"
        )

    def do_scan(self, opts):
        if opts["now"]:
            self.stdout.write(f"deadline scan done: {services.warnings_scan()} warnings changed")
            return
        scan_warnings.enqueue()
        self.stdout.write("deadline scan enqueued")

    def do_route(self, opts):
        t0, total, counts = time.perf_counter(), 0, {}
        while routed := services.dispatch_pending(limit=500, counts=counts):
            total += routed
        elapsed = time.perf_counter() - t0
        rate = total / elapsed if elapsed else 0
        merged = counts.get("merged", 0)  # closed by the same-matter check: handled, never classified
        self.stdout.write(
            f"{total - merged} events classified"
            + (f" and {merged} merged into an earlier case (同一事项)" if merged else "")
            + f" in {elapsed:.1f} s ({rate:.0f} events/s): "
            f"{counts.get('dispatched', 0)} dispatched, {counts.get('triage', 0)} to manual triage"
        )

    def do_reencode_photos(self, opts):
        done, refused = services.photos_reencode_stored()
        for line in refused:
            self.stderr.write(line)
        self.stdout.write(f"{done} photos re-encoded, {len(refused)} refused (served only as downloads)")
        if refused:
            raise SystemExit(1)

    def do_figures(self, opts):
        today = timezone.localdate()
        try:
            first = period_from(month=opts["first"], today=today)[0] if opts["first"] else None
            last = period_from(month=opts["last"], today=today)[0] if opts["last"] else today
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]", returncode=USAGE) from None
        months = None if first is None and not opts["last"] else months_between(first or last, last)
        t0 = time.perf_counter()
        rows = services.figures_refresh(months)
        self.stdout.write(f"{rows} unit × month rows written in {time.perf_counter() - t0:.1f} s")

    def do_issue_figures_key(self, opts):
        key, secret = self._key_call(api_key_issue, name=opts["name"], scope=FIGURES_SCOPE)
        self._show_key(key, secret)

    def _key_call(self, service, **kwargs):
        try:
            return service(actor=COMMAND_ACTOR, **kwargs)
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]") from None

    def _show_key(self, key, secret: str):
        self.stdout.write(f"{key.name} ({key.channel}): {secret}")
        self.stderr.write("the key is shown only this once: send it with Authorization: Bearer <key>")

    def do_issue_key(self, opts):
        self._show_key(*self._key_call(services.client_key_issue, name=opts["name"], channel=opts["channel"]))

    def do_rotate_key(self, opts):
        self._show_key(*self._key_call(services.client_key_rotate, name=opts["name"]))

    def do_revoke_key(self, opts):
        n = self._key_call(services.client_key_revoke, name=opts["name"])
        self.stdout.write(f"{n} key(s) of {opts['name']} revoked")

    def do_keys(self, opts):
        for key in client_keys().order_by("name", "-created_at"):
            state = "revoked" if key.revoked_at else "active"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never used"
            self.stdout.write(f"{key.name}\t{key.channel}\t{key.prefix or '-'}\t{state}\t{used}")
