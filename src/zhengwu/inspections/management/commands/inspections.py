"""`zhengwu inspections <sub>` — the 双随机 command line, on exported lists (no database).

    zhengwu inspections draw --objects OBJECTS.csv --inspectors INSPECTORS.csv --ratio 0.1 --per-object 2 \
        --seed HEX [--on YYYY-MM-DD] [--beacon TEXT] [--json] [--inputs-out INPUTS.json]
        → {"commitment": "…", "objects": [{"id": "…", "inspectors": ["…", "…"]}]}
    zhengwu inspections commit  (same lists and parameters) (--seed HEX | --seed-sha256 HEX) [--inputs-out F]
        → the commitment to publish BEFORE the draw (the seed itself is not revealed)
    zhengwu inspections draw --plan BATCH_ID --seed HEX [--on YYYY-MM-DD] [--json]
        → the same, from a batch of the annual plan and the libraries in the database (nothing stored)
    zhengwu inspections verify DRAW_ID
        → re-runs a stored draw from its published inputs and seed: exit 0 verified, 1 differs or not yet run
    zhengwu inspections verify-export (--inputs INPUTS.json | the same lists and parameters) --seed HEX \
        --result RESULT.json [--beacon TEXT]
        → re-runs the draw with the published seed: exit 0 verified, 1 differs

Exit 2, with one line on stderr, for an unreadable file, missing columns, a bad ratio, seed or date, and
when no fair draw exists (the line names the object without enough eligible inspectors).
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhengwu.inspections import rules, selectors
from zhengwu.inspections.formats.lists import ListError, read_inspectors, read_objects
from zhengwu.inspections.models import Batch, Draw
from zhengwu.inspections.standard import EXCLUSION_LABELS

#: Shorter seeds are fine for tests and examples; a real draw needs at least 128 bits.
STRONG_SEED_BYTES = 16


class Failure(Exception):
    """Bad input: exit 2 with this one line."""


def _lists_arguments(parser, *, required: bool) -> None:
    parser.add_argument("--objects", required=required, help="OBJECTS.csv: id,name,uscc,street,industry,risk")
    parser.add_argument(
        "--inspectors", required=required, help="INSPECTORS.csv: id,name,unit,street,fields,conflicts"
    )
    parser.add_argument(
        "--ratio", required=required, help="share of the objects drawn, 0 < ratio ≤ 1 (e.g. 0.1)"
    )
    parser.add_argument("--per-object", default="2", help="inspectors per object (at least 2)")
    parser.add_argument("--on", help="day of the draw YYYY-MM-DD (needed when the lists carry dates)")


class Command(BaseCommand):
    help = (
        "双随机: draw inspection objects and inspectors from exported lists, commit to a draw, verify a draw."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        p = sub.add_parser(
            "draw", help="draw objects and inspectors (deterministic for the same inputs and seed)"
        )
        _lists_arguments(p, required=False)
        p.add_argument(
            "--plan", help="a batch of the annual plan (its id): draw from the database's libraries"
        )
        p.add_argument("--seed", required=True, help="the seed, hexadecimal (published after the draw)")
        p.add_argument("--beacon", default="", help="public randomness fixed after the commitment (optional)")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        p.add_argument("--inputs-out", help="also write the published inputs (JSON) to this file")
        p = sub.add_parser("commit", help="the commitment to publish before the draw")
        _lists_arguments(p, required=True)
        p.add_argument("--seed", help="the seed (only its SHA-256 is used and printed)")
        p.add_argument("--seed-sha256", help="the SHA-256 of the seed, if the seed is kept elsewhere")
        p.add_argument("--inputs-out", help="write the published inputs (JSON) to this file")
        p.add_argument("--json", action="store_true")
        p = sub.add_parser("verify", help="re-run a stored draw (DRAW_ID) from its published inputs and seed")
        p.add_argument("draw_id")
        p = sub.add_parser("verify-export", help="re-run a published draw with its published seed")
        _lists_arguments(p, required=False)
        p.add_argument("--inputs", help="published inputs (JSON) instead of the CSV lists and parameters")
        p.add_argument("--seed", required=True)
        p.add_argument("--beacon", default="")
        p.add_argument("--result", required=True, help="the published result (JSON of `draw --json`)")

    def handle(self, *args, **opts):
        try:
            code = getattr(self, "do_" + opts["sub"].replace("-", "_"))(opts)
        except Failure as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        except rules.DrawError as exc:
            self.stderr.write(rules.message(exc))
            raise SystemExit(2) from None
        except ListError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        raise SystemExit(code)

    # --- inputs -----------------------------------------------------------------------------------------

    def _spec(self, opts) -> rules.Spec:
        try:
            ratio = rules.to_fraction(opts["ratio"])
        except rules.DrawError:
            raise Failure(
                _("--ratio 应为 0 到 1 之间的小数（如 0.1），收到“%(v)s”") % {"v": opts["ratio"]}
            ) from None
        if not 0 < ratio <= 1:
            raise Failure(_("--ratio 应大于 0 且不大于 1，收到“%(v)s”") % {"v": opts["ratio"]})
        per_object = str(opts["per_object"]).strip()
        if not per_object.isdigit():
            raise Failure(_("--per-object 应为整数，收到“%(v)s”") % {"v": opts["per_object"]})
        on = None
        if opts.get("on"):
            try:
                on = date.fromisoformat(opts["on"])
            except ValueError:
                raise Failure(_("--on 应为日期 YYYY-MM-DD，收到“%(v)s”") % {"v": opts["on"]}) from None
        return rules.Spec(per_object=int(per_object), policy=rules.DEFAULT_POLICY, ratio=ratio, on=on)

    def _lists(self, opts):
        for name in ("objects", "inspectors", "ratio"):
            if not opts.get(name):
                raise Failure(_("缺少参数 --%(name)s（或用 --inputs 给出公布的输入文件）") % {"name": name})
        spec = self._spec(opts)
        objects, inspectors = read_objects(opts["objects"]), read_inspectors(opts["inspectors"])
        return objects, inspectors, spec

    def _warn_weak(self, seed: str) -> None:
        if len(rules.seed_bytes(seed)) < STRONG_SEED_BYTES:
            self.stderr.write(_("注意：随机种子短于 128 位，只适合测试和演示"))

    def _read_json(self, path: str):
        try:
            return json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise Failure(_("无法读取文件 %(file)s：文件不存在") % {"file": path}) from None
        except OSError as exc:
            raise Failure(
                _("无法读取文件 %(file)s：%(error)s") % {"file": path, "error": exc.strerror or exc}
            ) from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Failure(_("文件 %(file)s 不是 JSON") % {"file": path}) from None

    def _write_inputs(self, path: str | None, published: dict) -> None:
        if path:
            try:
                Path(path).write_text(
                    json.dumps(published, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8",
                )
            except OSError as exc:
                raise Failure(
                    _("无法写入文件 %(file)s：%(error)s") % {"file": path, "error": exc.strerror or exc}
                ) from None

    # --- sub-commands -----------------------------------------------------------------------------------

    def _plan(self, opts):
        if any(opts.get(k) for k in ("objects", "inspectors", "ratio")):
            raise Failure(_("--plan 与 --objects/--inspectors/--ratio 不能同时使用"))
        on = date.today()
        if opts.get("on"):
            try:
                on = date.fromisoformat(opts["on"])
            except ValueError:
                raise Failure(_("--on 应为日期 YYYY-MM-DD，收到“%(v)s”") % {"v": opts["on"]}) from None
        pk = str(opts["plan"]).strip()
        batch = Batch.objects.filter(pk=int(pk)).select_related("plan").first() if pk.isdigit() else None
        if batch is None:
            raise Failure(_("没有编号为 %(id)s 的抽查批次") % {"id": opts["plan"]})
        objects, inspectors, spec, _excluded = selectors.draw_inputs(batch, on=on)
        return objects, inspectors, spec

    def do_draw(self, opts) -> int:
        objects, inspectors, spec = self._plan(opts) if opts.get("plan") else self._lists(opts)
        result = rules.draw(objects, inspectors, spec, opts["seed"], beacon=opts["beacon"])
        self._write_inputs(opts.get("inputs_out"), result.published_inputs)
        self._warn_weak(opts["seed"])
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return 0
        self.stdout.write(_("承诺值（抽取前公布）：%(c)s") % {"c": result.commitment})
        self.stdout.write(_("检查对象 %(n)s 个，排除 %(x)s 个，抽中 %(k)s 个") % {
            "n": len(objects), "x": len(result.excluded), "k": len(result.assignments)})
        for a in result.assignments:
            self.stdout.write(f"{a.object_id}\t{'、'.join(a.inspectors)}")
        for oid, reason in result.excluded + result.warnings:
            self.stdout.write(f"{oid}\t{EXCLUSION_LABELS.get(reason, reason)}")
        return 0

    def do_commit(self, opts) -> int:
        objects, inspectors, spec = self._lists(opts)
        if bool(opts.get("seed")) == bool(opts.get("seed_sha256")):
            raise Failure(_("请给出 --seed 或 --seed-sha256 之一"))
        if opts.get("seed"):
            seed_hash = rules.seed_sha256(opts["seed"])
            self._warn_weak(opts["seed"])
        else:
            seed_hash = opts["seed_sha256"].strip().lower()
            if len(seed_hash) != 64 or any(c not in "0123456789abcdef" for c in seed_hash):
                raise Failure(_("--seed-sha256 应为 64 位十六进制数字"))
        rules.check_inputs(objects, inspectors, spec)
        published = rules.payload(objects, inspectors, spec, seed_hash)
        self._write_inputs(opts.get("inputs_out"), published)
        commitment = rules.commitment_of(published)
        if opts["json"]:
            self.stdout.write(json.dumps({"commitment": commitment, "seed_sha256": seed_hash}))
        else:
            self.stdout.write(_("承诺值（抽取前公布）：%(c)s") % {"c": commitment})
            self.stdout.write(_("种子的 SHA-256：%(h)s") % {"h": seed_hash})
        return 0

    def do_verify(self, opts) -> int:
        pk = str(opts["draw_id"]).strip()
        if not pk.isdigit() or not Draw.objects.filter(pk=int(pk)).exists():
            raise Failure(_("没有编号为 %(id)s 的抽取") % {"id": opts["draw_id"]})
        outcome = selectors.draw_verification(int(pk))
        if outcome["ok"]:
            self.stdout.write(_("验证通过：用公布的种子重新抽取，结果与公布的完全一致（承诺值 %(c)s）") % {
                "c": outcome["commitment"]})
            return 0
        for p in outcome["problems"]:
            self.stdout.write(f"{p['code']}: {p['message']}")
        self.stdout.write(_("验证未通过"))
        return 1

    def do_verify_export(self, opts) -> int:
        result = self._read_json(opts["result"])
        if opts.get("inputs"):
            published = self._read_json(opts["inputs"])
        else:
            objects, inspectors, spec = self._lists(opts)
            rules.check_inputs(objects, inspectors, spec)
            published = rules.payload(objects, inspectors, spec, rules.seed_sha256(opts["seed"]))
        outcome = rules.verify(published, opts["seed"], result, beacon=opts["beacon"])
        if outcome.ok:
            self.stdout.write(_("验证通过：用公布的种子重新抽取，结果与公布的完全一致（承诺值 %(c)s）") % {
                "c": result.get("commitment")})
            return 0
        for code, detail in outcome.problems:
            self.stdout.write(f"{code}: {rules.verification_message(code)} ({detail})")
        self.stdout.write(_("验证未通过"))
        return 1
