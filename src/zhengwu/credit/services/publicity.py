"""Recompute every published penalty's 公示截止期 after the publicity rule configuration changed (issue 16 §3).

    publicity_recompute(actor=admin)                  # under CREDIT_PUBLICITY_POLICY as it is now
    publicity_recompute(retier=True, dry_run=True)    # re-tier from the penalty kinds too; only count

Which rule version applies and whether records published under an earlier version are re-tiered is configuration
(`CREDIT_PUBLICITY_POLICY`: `rule`, `basis`, the tier windows, `kind_tiers`; default: the version in force today,
tiers kept). This reads every published penalty's decision date, tier, stored end and earliest repair day (one
query), recomputes them column-wise (`rules.publicity_versions.recompute`, the same answers as the scalar rules
that set them at publication), honours a 公示期限 the unit gave inside [minimum, maximum] as publication does,
and writes only the records that moved: one UPDATE per (decision day, tier) whose rows all get the same new
values, by id for the rest (re-tiered, or with a 公示期限 of their own) — never one statement per record. A tier the unit overrode with a reason (`severity_reason`) is never re-tiered.

When not re-tiering, the records without a 公示期限 of their own are read as groups of (decision day, tier, end,
earliest repair day) with their counts — all of a group move alike — so a million records are a few thousand rows.
One ledger entry (credit.publicity.recomputed) says how many records there were, how many moved and how many
were re-tiered, with digests of the moved (decision day, tier) pairs and of the moved ids. Records whose new end lies in the past leave the public view at
once (the one definition, `rules.visibility`, reads `public_until`); `publicity_end_due` then notes them and
pushes their withdrawal. A record that had left the view and is public again under the new rule is un-noted.
"""

import hashlib
from collections import defaultdict
from datetime import date

import polars as pl
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from zhengwu.credit.formats import national as nat
from zhengwu.credit.models import Kind, Record
from zhengwu.credit.rules import publicity
from zhengwu.credit.rules import publicity_versions as pv
from zhengwu.credit.rules.workflow import PUBLISHED_STATES
from zhengwu.credit.services.repairs import publicity_end_due
from zhengwu.credit.services.workflow import publicity_policy
from zhengwu.ledger.services import record as ledger_record

CHUNK = 5000
_AMOUNT = r"[0-9]+(?:\.[0-9]+)?[ ]*万?[ ]*元"


def _fine_fen(text: pl.Expr) -> pl.Expr:
    """The largest amount named in a text, in 分 (`rules.publicity.fine_from_text` column-wise)."""
    one = pl.element()
    value = one.str.extract(r"([0-9]+(?:\.[0-9]+)?)", 1).cast(pl.Float64)
    scale = pl.when(one.str.contains("万", literal=True)).then(pl.lit(1_000_000.0)).otherwise(pl.lit(100.0))
    return text.str.extract_all(_AMOUNT).list.eval((value * scale).round(0).cast(pl.Int64)).list.max()


COLUMNS = {"id": "id", "decided": "decided_on", "tier": "severity", "ends": "public_until",
           "earliest": "repairable_from", "reason": "severity_reason", "declared": "publicity_until"}
DATES = ("decided", "ends", "earliest", "declared")


def _frame(records, *, retier: bool = True, grouped: bool = False) -> pl.DataFrame:
    """The columns the recompute needs, read in one query straight into a frame (no model instances: at a
    million records the per-row conversion would be most of the time); the texts only when re-tiering.

    `grouped`: one row per distinct (decision day, tier, end, earliest repair day) with its count `n` (for records
    without a 公示期限 of their own, when not re-tiering: all records of such a group move alike)."""
    names = dict(COLUMNS)
    if grouped:
        names = {k: v for k, v in names.items() if k in ("decided", "tier", "ends", "earliest")}
        query = (records.values_list(*names.values()).annotate(n=Count("id")).order_by())
        names["n"] = "n"
    else:
        if retier:
            names |= {"category": "category", "result": "data__CF_JG", "basis": "data__CF_YJ"}
        query = records.values_list(*names.values())
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=list(names), orient="row", infer_schema_length=None)
    fixes = []
    for name in names:
        dtype = frame.schema[name]
        if name in DATES:
            fixes.append(pl.col(name).str.to_date("%Y-%m-%d", strict=False) if dtype == pl.Utf8
                         else pl.col(name).cast(pl.Date))
        elif name not in ("id", "n"):
            fixes.append(pl.col(name).cast(pl.Utf8))
    frame = frame.with_columns(fixes)
    if grouped:
        frame = frame.with_columns(pl.col("n").cast(pl.Int64), (-pl.int_range(1, pl.len() + 1)).alias("id"),
                                   pl.lit("").alias("reason"), pl.lit(None, pl.Date).alias("declared"))
    else:
        frame = frame.with_columns(pl.lit(1, pl.Int64).alias("n"))
    if grouped or not retier:
        frame = frame.with_columns(pl.lit(None, pl.Utf8).alias(c) for c in ("category", "result", "basis"))
    return frame.select("id", "decided", "tier", "ends", "earliest", "reason", "declared", "category", "result",
                        "basis", "n")


def _recompute_one(frame: pl.DataFrame, rule: pv.RuleVersion, policy: publicity.Policy, retier: bool) -> pl.DataFrame:
    """New tier, end and earliest repair day of the rows of one rule version (column-wise)."""
    frame = frame.with_columns(pl.col("reason").fill_null("").ne("").alias("tier_overridden"),
                               pl.col("tier").replace("", None))
    if retier:
        result = pl.col("result").fill_null("")
        kinds = publicity.penalty_kinds_expr(nat.kinds_from_2016_expr(pl.col("category").fill_null(""), result))
        frame = frame.with_columns(pv.default_tier_expr(kinds, rule).alias("default_tier")).with_columns(
            publicity.penalty_severity_expr(pl.col("default_tier"), _fine_fen(result),
                                            (pl.col("basis").fill_null(""), result), policy).alias("computed"))
        keep = pl.col("tier_overridden") | pl.col("computed").is_null()
        frame = frame.with_columns(pl.when(keep & pl.col("tier").is_not_null()).then(pl.col("tier"))
                                   .otherwise(pl.col("computed")).alias("tier_target"))
    else:
        frame = frame.with_columns(pl.col("tier").alias("tier_target"))
    frame = frame.with_columns(pl.col("tier_target").fill_null(publicity.Severity.GENERAL.value))
    out = pv.recompute(frame.rename({"tier": "tier_old"}).rename({"tier_target": "tier"}), rule).frame
    minimum = pv.minimum_end_expr(pl.col("decided"), pl.col("tier_new"), rule)
    declared = pl.col("declared")
    ends = pl.when(declared.is_not_null() & pl.col("ends_new").is_not_null()).then(
        pl.max_horizontal(minimum, pl.min_horizontal(pl.col("ends_new"), declared))).otherwise(pl.col("ends_new"))
    return out.with_columns(ends.alias("ends_new")).select(
        "id", pl.col("tier_old").alias("tier"), "ends", "earliest", "tier_new", "ends_new",
        pl.col("earliest_repair_new").alias("earliest_new"))


def recompute_frame(frame: pl.DataFrame, *, policy: publicity.Policy, on: date, retier: bool) -> pl.DataFrame:
    """Every row's new tier, end and earliest repair day under `policy` evaluated on `on`, with `moved` (the
    end or the earliest repair day changed) and `retiered` flags. Pure (no database): the benchmark's subject."""
    if policy.basis == "decided" and policy.rule == pv.DEFAULT_RULE:
        days = frame.select(pl.col("decided").unique()).to_series().to_list()
        codes = {d: policy.rule_version(on, d).code for d in days}
        frame = frame.with_columns(pl.col("decided").replace_strict(codes, return_dtype=pl.Utf8).alias("_rule"))
        parts = [_recompute_one(frame.filter(pl.col("_rule") == code).drop("_rule"), policy.rule_version(on, day),
                                policy, retier)
                 for code, day in {c: d for d, c in codes.items()}.items()]
        out = pl.concat(parts) if parts else _recompute_one(frame.drop("_rule"), policy.rule_version(on), policy,
                                                            retier)
    else:
        out = _recompute_one(frame, policy.rule_version(on), policy, retier)
    return out.with_columns(
        (pl.col("ends_new").ne_missing(pl.col("ends")) | pl.col("earliest_new").ne_missing(pl.col("earliest"))
         ).alias("moved"),
        pl.col("tier_new").ne_missing(pl.col("tier")).alias("retiered"))


def publicity_recompute(*, actor=None, policy: publicity.Policy | None = None, retier: bool | None = None,
                        on: date | None = None, dry_run: bool = False) -> dict:
    """Recompute the 公示截止期 of every published penalty under the configured rule; returns {"rule", "records",
    "moved", "retiered", "public_again", "ended_now", "dry_run", "retier"}. `retier` defaults to the policy's
    (`CREDIT_PUBLICITY_POLICY["retier"]`, default False: tiers kept, only the periods re-counted)."""
    policy = policy or publicity_policy()
    on = on or timezone.localdate()
    if retier is None:
        retier = policy.retier
    records = Record.objects.filter(kind=Kind.PENALTY, state__in=PUBLISHED_STATES)
    if retier:  # every record on its own (its kinds decide its tier)
        frame = _frame(records, retier=True)
    else:  # records without a 公示期限 of their own move alike per (decision day, tier): read as groups
        frame = pl.concat([_frame(records.filter(publicity_until__isnull=True), retier=False, grouped=True),
                           _frame(records.filter(publicity_until__isnull=False), retier=False)])
    rule = policy.rule_version(on)
    summary = {"rule": rule.code if not (policy.basis == "decided" and policy.rule == pv.DEFAULT_RULE)
               else "by decision date", "records": int(frame["n"].sum()), "moved": 0, "retiered": 0,
               "public_again": 0, "ended_now": 0, "dry_run": dry_run, "retier": retier}
    if frame.is_empty():
        return summary
    out = recompute_frame(frame, policy=policy, on=on, retier=retier).join(
        frame.select("id", "decided", "declared", "n"), on="id", how="left")
    changed = out.filter(pl.col("moved") | pl.col("retiered"))
    summary["moved"] = int(out.filter(pl.col("moved"))["n"].sum())
    summary["retiered"] = int(out.filter(pl.col("retiered"))["n"].sum())
    if dry_run or changed.is_empty():
        return summary
    # A group (negative id) gets the same new values for every record of its (decision day, tier): one UPDATE per
    # such pair. The others (re-tiered, or a 公示期限 to honour) by id, grouped by their new values.
    alike = pl.col("id") < 0
    pairs = changed.filter(alike).select("decided", "tier_new", "ends_new", "earliest_new").unique()
    groups: dict[tuple, list[int]] = defaultdict(list)
    for pk, tier, ends, earliest in changed.filter(~alike).select(
            "id", "tier_new", "ends_new", "earliest_new").iter_rows():
        groups[(tier, ends, earliest)].append(pk)
    ids = sorted(changed.filter(~alike)["id"].to_list())
    listing = ";".join(f"{d}/{t}/{e}" for d, t, e, _x in sorted(pairs.iter_rows(), key=str))
    with transaction.atomic():
        for decided, tier, ends, earliest in pairs.iter_rows():
            records.filter(decided_on=decided, severity=tier, publicity_until__isnull=True).update(
                public_until=ends, repairable_from=earliest)
        for (tier, ends, earliest), pks in groups.items():
            for start in range(0, len(pks), CHUNK):
                Record.objects.filter(pk__in=pks[start:start + CHUNK]).update(
                    severity=tier, public_until=ends, repairable_from=earliest)
        summary["public_again"] = Record.objects.filter(
            kind=Kind.PENALTY, state__in=PUBLISHED_STATES, public_ended_on__isnull=False, repaired_on__isnull=True,
            public_until__gte=on).update(public_ended_on=None)
        ledger_record(action="credit.publicity.recomputed", actor=actor, object_type="credit.record",
                      object_id="*", after={k: v for k, v in summary.items() if k != "ended_now"} | {
                          "on": on.isoformat(), "moved_pairs": len(pairs),
                          "moved_pairs_sha256": hashlib.sha256(listing.encode()).hexdigest(),
                          "moved_ids": len(ids), "moved_ids_sha256": hashlib.sha256(
                              ",".join(map(str, ids)).encode()).hexdigest()})
    summary["ended_now"] = publicity_end_due(today=on)
    return summary
