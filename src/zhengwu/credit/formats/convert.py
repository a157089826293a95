"""Conversion between the 2016 standard (罗府办函〔2016〕74号) and the national formats, column-wise.

    done = to_national(frame_2016, "penalty", org=OrgConfig(...), today=date.today())
    done = from_national(frame_national, "penalty", ctx=rules_context, now=datetime.now())
    done.frame      # the target format's fields (Utf8 columns named by code), one row per input row
    done.errors     # row, field, rule, message: what could not be derived, or is not valid in the target
    done.as_json()  # {"rows", "converted", "errors": [{"row", "field", "message"}]} (the CLI contract)

A row is converted when its target row breaks no rule of the target format. Nothing is invented:
a value the source does not hold is left empty and reported against the target field. Every step
is a polars expression over whole columns (no Python loop over rows).

2016 → national
- 行政相对人类别 from the 统一社会信用代码 (GB 32100: registration authority 9 工商 + category 2 个体工商户
  → 个体工商户; any other valid code → 法人及非法人组织), else from which identity fields are filled
  (a code or 法定代表人 → 法人及非法人组织; only 居民身份证号 → 自然人).
- 法定代表人 split: the name, and the 2016 身份证号 (which for a legal person is the 法定代表人's) as
  证件类型 身份证 + 证件号码; an ID number written into the name cell is moved to the number.
- Money is read from the 处罚结果 into integer 分 (元 × 100, exact) and written in 万元 with 6 decimals:
  2000 元 → 0.200000.
- Dates are written YYYY/MM/DD; 2099/12/31 means long-term.
- 许可机关/处罚机关统一社会信用代码 and 数据来源单位 (+ its code) come from the organisation's
  configuration (`OrgConfig`, setting CREDIT_NATIONAL_ORG), never from the record.
- 公示截止期 is computed by the applicable publicity rule (`rules.publicity_versions`); a 公示期限 the
  unit gave is kept inside the tier's [minimum, maximum].

national → 2016: the closest fields (违法行为类型 → 案件名称, 处罚内容 → 处罚结果, 决定日期 → 生效期 …);
地方编码 from the authority's 统一社会信用代码 (characters 3–8 are the division of its registration);
数据更新时间戳 is the time of conversion; 序号 and 街道 exist only locally and are reported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import polars as pl
from django.utils import translation
from django.utils.translation import gettext as _

from zhengwu.credit.formats import national as nat
from zhengwu.credit.rules import checksums, publicity
from zhengwu.credit.rules import publicity_versions as pv
from zhengwu.credit.rules import validation as rules
from zhengwu.credit.standard import LICENSE, NONE_GIVEN, PENALTY, Field, Format, Kind, Standard

LUOHU2016 = "luohu2016"
NATIONAL = "national"
TARGETS = (NATIONAL, LUOHU2016)

_MONEY = r"([0-9][0-9,]*(?:\.[0-9]+)?)[ ]*(万)?[ ]*元"  # an amount in 元 or 万元 (ASCII classes: faster)
# the first amount right after a keyword, or the last right before it (the text is cut at the keyword first,
# so the regexes are anchored): 罚款人民币2000元 / 处2000元罚款
_LEADING_MONEY = r"^[^0-9，。；;,、]{0,12}?" + _MONEY
_TRAILING_MONEY = _MONEY + r"[ ]*$"
_ID_IN_TEXT = r"(\d{17}[\dXx])"
_FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分


class ConvertRule:
    """Rule ids of conversion errors (besides those of the target format's validation)."""

    NOT_DERIVABLE = "not_derivable"
    SUBJECT_CATEGORY = "subject_category_undetermined"
    KIND_UNDETERMINED = "kind_undetermined"
    AMOUNT_NOT_FOUND = "amount_not_found"
    NOT_CONFIGURED = "not_configured"
    NOT_PUBLISHED = "not_published"
    CERT_TYPE = "cert_type_not_held"
    STATUS = "status_not_held"


def conversion_message(f: Field, rule: str) -> str:
    texts = {
        ConvertRule.NOT_DERIVABLE: _("%(name)s（%(code)s）无法从源格式推导（源格式没有此项），请补充"),
        ConvertRule.SUBJECT_CATEGORY: _(
            "%(name)s（%(code)s）无法判断：记录既无统一社会信用代码等代码、法定代表人，也无身份证号"
        ),
        ConvertRule.KIND_UNDETERMINED: _("%(name)s（%(code)s）无法判断是暂扣还是吊销：处罚结果中未写明"),
        ConvertRule.AMOUNT_NOT_FOUND: _(
            "%(name)s（%(code)s）无法推导：处罚结果中未找到以“元”或“万元”写明的金额"
        ),
        ConvertRule.NOT_CONFIGURED: _(
            "%(name)s（%(code)s）未配置：在本单位配置（CREDIT_NATIONAL_ORG）中登记机关或数据来源单位及其统一"
            "社会信用代码"
        ),
        ConvertRule.NOT_PUBLISHED: _(
            "%(name)s（%(code)s）无：按现行规则该处罚为轻微失信，原则上不予公示（单位决定公示的，请填写公示期"
            "限）"
        ),
        ConvertRule.CERT_TYPE: _("%(name)s（%(code)s）只能填写居民身份证号，源记录的证件类型不是身份证"),
        ConvertRule.STATUS: _("%(name)s（%(code)s）无法对应：当前状态为“其他”，国家标准只有有效、无效"),
    }
    return texts[rule] % {"name": f.name, "code": f.code}


@dataclass(frozen=True)
class OrgConfig:
    """What the organisation configures once (setting CREDIT_NATIONAL_ORG), never typed per record."""

    source_unit: str = ""  # 数据来源单位
    source_unit_code: str = ""  # 数据来源单位统一社会信用代码
    authority_codes: Mapping[str, str] = field(default_factory=dict)  # 许可/处罚机关 full name → its USCC

    @classmethod
    def from_settings(cls, raw: Mapping | None) -> OrgConfig:
        raw = dict(raw or {})
        unknown = set(raw) - {"source_unit", "source_unit_code", "authority_codes"}
        if unknown:
            raise ValueError(f"unknown CREDIT_NATIONAL_ORG keys: {', '.join(sorted(unknown))}")
        return cls(str(raw.get("source_unit", "")), str(raw.get("source_unit_code", "")),
                   {str(k): str(v) for k, v in dict(raw.get("authority_codes") or {}).items()})


@dataclass
class Conversion:
    frame: pl.DataFrame
    errors: pl.DataFrame  # row, field, rule, message

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def converted(self) -> int:
        return self.rows - self.errors["row"].n_unique() if len(self.errors) else self.rows

    def as_json(self) -> dict:
        return {"rows": self.rows, "converted": self.converted,
                "errors": self.errors.select("row", "field", "message").to_dicts()}


# --- money ------------------------------------------------------------------------------------------------

def _fen(groups: pl.Expr) -> pl.Expr:
    """Integer 分 from an extracted (number, 万?) struct: 2,000.5 元 → 200050; 1.5 万元 → 1500000.

    Through Float64: exact for every amount written to the 分 below 9×10^13 元 (a float's 53 bits hold
    it to far better than half a 分, and the product is rounded); digits beyond the 分 are rounded."""
    number = groups.struct.field("1").str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
    scale = (
        pl.when(groups.struct.field("2").is_not_null())
        .then(pl.lit(float(_FEN_PER_WAN)))
        .otherwise(pl.lit(100.0))
    )
    return (number * scale).round(0).cast(pl.Int64)


def fen_to_wan(fen: pl.Expr) -> pl.Expr:
    """Integer 分 written in 万元 with 6 decimals (exact: 1 分 = 0.000001 万元)."""
    return (fen // _FEN_PER_WAN).cast(pl.Utf8) + "." + (fen % _FEN_PER_WAN).cast(pl.Utf8).str.zfill(6)


def yuan_to_wan(yuan: Decimal | int | str) -> str:
    """One amount in 元 written in 万元 with 6 decimals: 2000 → "0.200000" (for tests and one-off use)."""
    fen = int((Decimal(str(yuan)) * 100).to_integral_value())
    return pl.select(fen_to_wan(pl.lit(fen, dtype=pl.Int64))).item()


def wan_to_fen(wan: pl.Expr) -> pl.Expr:
    """A 万元 amount with at most 6 decimals as integer 分."""
    whole = wan.str.extract(r"^(\d+)", 1).cast(pl.Int64, strict=False)
    frac = wan.str.extract(r"\.(\d+)$", 1).fill_null("")
    return whole * _FEN_PER_WAN + frac.str.pad_end(6, "0").str.slice(0, 6).cast(pl.Int64)


# --- shared pieces ----------------------------------------------------------------------------------------

def _without_hyphen(c: pl.Expr) -> pl.Expr:
    """组织机构代码 as the national format writes it: 12345678-9 → 123456789."""
    return c.str.replace(r"^([0-9A-Za-z]{8})-", "${1}")


def _errors(out: pl.DataFrame, checks: list[tuple[str, str, pl.Expr]], target: Format) -> pl.DataFrame:
    if not checks:
        return pl.DataFrame(schema=rules.ERROR_SCHEMA)
    bad = out.select([e.fill_null(False).alias(f"_{i}") for i, (_f, _r, e) in enumerate(checks)])
    meta = [(f, r, conversion_message(target.field(f), r)) for f, r, _e in checks]
    errors, _ok = nat.errors_from(bad, meta, {c: i for i, c in enumerate(target.codes)})
    return errors


def _merge(conversion: pl.DataFrame, validation: pl.DataFrame, target: Format) -> pl.DataFrame:
    """Conversion errors first; a validation error on a cell the conversion already reported is dropped."""
    order = {c: i for i, c in enumerate(target.codes)}
    seen = conversion.select("row", "field")
    rest = validation.join(seen, on=["row", "field"], how="anti")
    both = pl.concat([conversion, rest], how="vertical_relaxed")
    return (both.with_columns(pl.col("field").replace_strict(order, default=len(order), return_dtype=pl.Int64)
                              .alias("_o"))
            .sort(["row", "_o"], maintain_order=True).drop("_o"))


def _source_2016(frame: pl.DataFrame, std: Standard) -> pl.DataFrame:
    ctx = rules.Context(streets={}, divisions=frozenset())
    return rules.normalise(frame.rechunk(), std, ctx)


def _with_subject(src: pl.DataFrame, std: Standard, fmt: nat.NationalFormat) -> pl.DataFrame:
    """The identity block's derivations from a normalised 2016 frame (both kinds): the category, and the
    法定代表人 split (an ID number written into the name cell moves to `_rep_id`; only the few rows that
    hold one are rewritten)."""
    col = pl.col
    c1, c2, c3 = std.legal_codes
    uscc_ok = checksums.uscc_ok(src[c1]).fill_null(False)
    rep = col(std.legal_rep)
    src = src.with_columns(uscc_ok.alias("_uscc_ok"), rep.str.extract(_ID_IN_TEXT, 1).alias("_rep_id"),
                           rep.alias("_rep_name"))
    rows = src.select(rep, "_rep_id").with_row_index("_i").filter(col("_rep_id").is_not_null())
    if len(rows):
        name = rep.str.replace_all(
            r"[（(\[【]?\s*(?:身份证(?:号码?)?\s*[:：]?)?\s*\d{17}[\dXx]\s*[）)\]】]?", ""
        ).str.strip_chars(" ,，;；、")
        names = rows.select("_i", pl.when(name == "").then(None).otherwise(name).alias("_n"))
        src = src.with_columns(src["_rep_name"].scatter(names["_i"], names["_n"]))
    has_code = pl.any_horizontal(col(c1).is_not_null(), col(c2).is_not_null(), col(c3).is_not_null(),
                                 col(std.tax_code).is_not_null(), rep.is_not_null())
    category = (pl.when(col("_uscc_ok") & (col(c1).str.slice(0, 2) == "92")).then(pl.lit(nat.INDIVIDUAL))
                .when(has_code).then(pl.lit(nat.LEGAL))
                .when(col(std.id_number).is_not_null()).then(pl.lit(nat.NATURAL))
                .otherwise(pl.lit(None, dtype=pl.Utf8)))
    return src.with_columns(category.alias(fmt.identity.category))


def _identity_2016_to_national(std: Standard, fmt: nat.NationalFormat) -> list[pl.Expr]:
    col, r = pl.col, fmt.identity
    c1, c2, c3 = std.legal_codes
    lb = col(r.category)
    person, org = lb == nat.NATURAL, lb.is_in([nat.LEGAL, nat.INDIVIDUAL])
    rep_no = pl.coalesce(col(std.id_number), col("_rep_id"))

    def only(cond, value):
        return pl.when(cond).then(value).otherwise(pl.lit(None, dtype=pl.Utf8))

    return [
        col(std.subject).alias(r.name),
        only(org, col(c1)).alias(r.uscc), only(org, col(c3)).alias(r.business_reg),
        only(org, _without_hyphen(col(c2))).alias(r.org_code), only(org, col(std.tax_code)).alias(r.tax),
        pl.lit(None, dtype=pl.Utf8).alias(r.institution), pl.lit(None, dtype=pl.Utf8).alias(r.social_org),
        only(org, col("_rep_name")).alias(r.legal_rep),
        only(org & rep_no.is_not_null(), pl.lit(nat.ID_CARD)).alias(r.legal_rep_cert_type),
        only(org, rep_no).alias(r.legal_rep_cert_no),
        only(person & col(std.id_number).is_not_null(), pl.lit(nat.ID_CARD)).alias(r.cert_type),
        only(person, col(std.id_number)).alias(r.cert_no),
    ]


def _other_to_dash(c: pl.Expr) -> pl.Expr:
    """其他（说明） / 其他(说明) / 其他：说明 → 其他-说明 (the national spelling)."""
    inner = c.str.extract(nat.OTHER_INNER, 1)
    return pl.when(inner.is_not_null() & (inner != "")).then(nat.OTHER_PREFIX + inner).otherwise(c)


def _dash_to_other(c: pl.Expr) -> pl.Expr:
    """其他-说明 → 其他（说明） (the 2016 spelling)."""
    inner = c.str.extract(nat.OTHER_INNER, 1)
    return pl.when(inner.is_not_null() & (inner != "")).then("其他（" + inner + "）").otherwise(c)


def _kinds_list(kinds: pl.Expr, names: tuple[str, ...]) -> pl.Expr:
    return kinds.list.eval(pl.element().is_in(list(names))).list.any().fill_null(False)


# --- 2016 → national --------------------------------------------------------------------------------------

def _publicity_end(decided: pl.Expr, tier: pl.Expr, declared: pl.Expr, rule: pv.RuleVersion) -> pl.Expr:
    """公示截止期: the tier's maximum; a 公示期限 the unit gave is kept inside [end of minimum, maximum]
    (it also publishes a record the rule would not publish in principle, within that maximum)."""
    latest = pv.ends_expr(decided, tier, rule, publish=pl.when(declared.is_not_null()).then(pl.lit(True)))
    kept = pl.max_horizontal(pv.minimum_end_expr(decided, tier, rule), pl.min_horizontal(latest, declared))
    return pl.when(declared.is_null() | latest.is_null()).then(latest).otherwise(kept)


def _rule_for(decided: pl.Expr, policy: publicity.Policy, on: date, build) -> pl.Expr:
    """`build(rule)` under the applicable version; with basis "decided" the version varies by row."""
    if policy.basis != "decided" or policy.rule != pv.DEFAULT_RULE:
        return build(policy.rule_version(on))
    out = build(
        policy.rule_version(on, pv.VERSIONS[0].in_force_from)
    )  # before the first version: the earliest
    for v in pv.VERSIONS:
        laid = policy.rule_version(on, v.in_force_from)
        inside = decided >= pl.lit(v.in_force_from)
        if v.in_force_until is not None:
            inside = inside & (decided <= pl.lit(v.in_force_until))
        out = pl.when(inside.fill_null(False)).then(build(laid)).otherwise(out)
    return out


PART_ROWS = 100_000  # rows below which a file is converted in one piece


def _in_parts(convert_one: Callable[[pl.DataFrame], Conversion], frame: pl.DataFrame,
              parts: int | None = None) -> Conversion:
    """Convert consecutive slices of rows at once, one per polars thread, and put them back in order.

    Most of a conversion's time is text work (regexes over 处罚结果) that polars runs on one core per
    column; slices of rows let every core work. Rows keep
    their numbers; messages keep the caller's language."""
    n = len(frame)
    parts = parts or min(pl.thread_pool_size(), max(1, n // PART_ROWS))
    if parts <= 1:
        return convert_one(frame)
    size = -(-n // parts)
    language = translation.get_language()

    def run(slice_: pl.DataFrame) -> Conversion:
        with translation.override(language):
            return convert_one(slice_)

    with ThreadPoolExecutor(parts) as pool:
        done = list(pool.map(run, [frame.slice(i * size, size) for i in range(parts)]))
    errors = [d.errors.with_columns(pl.col("row") + i * size) for i, d in enumerate(done)]
    return Conversion(pl.concat([d.frame for d in done]), pl.concat(errors, how="vertical_relaxed"))


def to_national(frame: pl.DataFrame, kind: str, *, org: OrgConfig, today: date | None = None,
                on: date | None = None, policy: publicity.Policy = publicity.DEFAULT_POLICY,
                parts: int | None = None) -> Conversion:
    """A 2016-standard frame (Utf8 columns by field code) in the national format of its kind.

    `on` selects the publicity rule version (default today); `policy` is the publicity configuration;
    `parts` slices of rows are converted at once (default: one per polars thread for large frames)."""
    today = today or date.today()
    return _in_parts(
        lambda part: _to_national(part, kind, org=org, today=today, on=on, policy=policy), frame, parts
    )


def _to_national(frame: pl.DataFrame, kind: str, *, org: OrgConfig, today: date, on: date | None,
                 policy: publicity.Policy) -> Conversion:
    on = on or today
    std = LICENSE if Kind(kind) is Kind.LICENSE else PENALTY
    fmt = nat.format_for(kind)
    src = _source_2016(frame, std)
    src = _with_subject(src, std, fmt)
    col = pl.col
    authority_code = col(std.authority).replace_strict(
        dict(org.authority_codes), default=None, return_dtype=pl.Utf8
    )
    config = [
        authority_code.alias(fmt.authority_code),
        pl.lit(org.source_unit or None, dtype=pl.Utf8).alias(fmt.source_unit),
        pl.lit(org.source_unit_code or None, dtype=pl.Utf8).alias(fmt.source_unit_code),
    ]
    checks: list[tuple[str, str, pl.Expr]] = [
        (fmt.identity.category, ConvertRule.SUBJECT_CATEGORY, col(fmt.identity.category).is_null()),
        (
            fmt.authority_code,
            ConvertRule.NOT_CONFIGURED,
            col(std.authority).is_not_null() & authority_code.is_null(),
        ),
        (fmt.source_unit, ConvertRule.NOT_CONFIGURED, pl.lit(not org.source_unit)),
        (fmt.source_unit_code, ConvertRule.NOT_CONFIGURED, pl.lit(not org.source_unit_code)),
    ]
    if fmt.kind is Kind.LICENSE:
        stages = [[col("XK_ZT").alias("_zt2016")], _license_to_national(today)]
        checks.append(("XK_ZT", ConvertRule.STATUS, col("_zt2016") == "3"))
    else:
        src, stages, extra_checks = _penalty_to_national(src, policy=policy, on=on)
        checks += extra_checks
    # the target columns are computed from the source columns they replace: the last stage writes them all
    stages[-1] = stages[-1] + _identity_2016_to_national(std, fmt) + config
    work = src
    for stage in stages:
        work = work.with_columns(stage)
    conversion_errors = _errors(work, checks, fmt)
    out = work.select([col(f.code) if f.code in work.columns else pl.lit(None, dtype=pl.Utf8).alias(f.code)
                       for f in fmt.fields])
    validation = nat.validate(
        out, fmt, today=today, normalised=True
    )  # built normalised: dates ISO until export
    return Conversion(nat.export(validation.clean, fmt), _merge(conversion_errors, validation.errors, fmt))


def _license_to_national(today: date) -> list[pl.Expr]:
    col = pl.col
    end = col("XK_JZQ").str.to_date("%Y-%m-%d", strict=False)
    status = (
        pl.when(col("XK_ZT") == "0")
        .then(pl.when(end < pl.lit(today)).then(pl.lit("2")).otherwise(pl.lit("1")))
        .when(col("XK_ZT") == "1")
        .then(pl.lit("2"))
        .when(col("XK_ZT") == "2")
        .then(pl.lit("1"))  # 异议: the licence stays in force while it is heard
        .otherwise(pl.lit(None, dtype=pl.Utf8))
    )
    return [
        col("XK_XMMC").alias("XK_XKWS"),
        col("XK_WSH").alias("XK_WSH"),
        _other_to_dash(col("XK_SPLB")).alias("XK_XKLB"),
        pl.lit(None, dtype=pl.Utf8).alias("XK_XKZS"),
        pl.lit(None, dtype=pl.Utf8).alias("XK_XKBH"),
        col("XK_NR").alias("XK_NR"),
        col("XK_SXQ").alias("XK_JDRQ"),
        col("XK_SXQ").alias("XK_YXQZ"),
        col("XK_JZQ").alias("XK_YXQZI"),
        col("XK_XZJG").alias("XK_XKJG"),
        status.alias("XK_ZT"),
        col("BZ").alias("BZ"),
    ]


def _with_kinds(src: pl.DataFrame, policy: publicity.Policy, on: date) -> pl.DataFrame:
    """`_kinds` (and, when one rule version applies to every row, `_default_tier`) computed once per
    distinct (处罚类别, 暂扣?, 吊销?) and joined back: a file has a handful of distinct categories."""
    col = pl.col
    flags = [col("CF_JG").str.contains("暂扣", literal=True).fill_null(False).alias("_suspend"),
             col("CF_JG").str.contains("吊销", literal=True).fill_null(False).alias("_revoke")]
    keys = src.select(col("CF_CFLB"), *flags)
    result = pl.concat_str([pl.when(col("_suspend")).then(pl.lit("暂扣")).otherwise(pl.lit("")),
                            pl.when(col("_revoke")).then(pl.lit("吊销")).otherwise(pl.lit(""))])
    distinct = keys.unique().with_columns(nat.kinds_from_2016_expr(col("CF_CFLB"), result).alias("_kinds"))
    if policy.basis != "decided" or policy.rule != pv.DEFAULT_RULE:
        rule = policy.rule_version(on)
        distinct = distinct.with_columns(
            pv.default_tier_expr(publicity.penalty_kinds_expr(col("_kinds")), rule).alias("_default_tier"))
    joined = keys.join(distinct, on=["CF_CFLB", "_suspend", "_revoke"], how="left", nulls_equal=True,
                       maintain_order="left")
    return src.with_columns(joined.drop("CF_CFLB", "_suspend", "_revoke"))


def _amount_after(text: pl.Expr, keyword: str) -> pl.Expr:
    """The first amount right after `keyword` (罚款人民币2000元 → 200000 分)."""
    return _fen(text.str.split_exact(keyword, 1).struct.field("field_1").str.extract_groups(_LEADING_MONEY))


def _amount_before(text: pl.Expr, keyword: str) -> pl.Expr:
    """The amount written right before `keyword` (并处5000元罚款 → 500000 分)."""
    head = text.str.split_exact(keyword, 1).struct.field("field_0")
    return pl.when(text.str.contains(keyword, literal=True)).then(
        _fen(head.str.extract_groups(_TRAILING_MONEY))
    )


def _the_only_amount(text: pl.Expr) -> pl.Expr:
    """The amount of a text that names exactly one (处2000元罚款), else null."""
    return pl.when(text.str.count_matches(_MONEY) == 1).then(_fen(text.str.extract_groups(_MONEY)))


def _with_amounts(src: pl.DataFrame) -> pl.DataFrame:
    """`_fine_fen` and `_conf_fen` (integer 分) read from the 处罚结果, computed only on the rows whose
    kinds need them (text regexes are the costly part of a conversion). The amount after 罚款 / 没收, else
    the one right before 罚款; where there is none and the decision names only that kind, the text's only
    amount."""
    col, n = pl.col, len(src)
    fine_kind = _kinds_list(col("_kinds"), (nat.FINE,))
    conf_kind = _kinds_list(col("_kinds"), (nat.CONFISCATE_GAINS, nat.CONFISCATE_PROPERTY))
    rows = src.select(col("CF_JG"), fine_kind.alias("_f"), conf_kind.alias("_c")).with_row_index("_i")

    def on(mask: pl.Expr, value: pl.Expr, into: pl.Series) -> pl.Series:
        some = rows.with_columns(into.alias("_v")).filter(mask & col("_v").is_null())
        if some.is_empty():
            return into
        found = some.select("_i", value.alias("_a")).drop_nulls("_a")
        return into.scatter(found["_i"], found["_a"]) if len(found) else into

    text = col("CF_JG")
    fine = on(col("_f"), _amount_after(text, "罚款"), pl.Series("_fine_fen", [None] * n, dtype=pl.Int64))
    fine = on(col("_f"), _amount_before(text, "罚款"), fine)
    fine = on(col("_f") & ~col("_c"), _the_only_amount(text), fine)
    conf = on(col("_c"), _amount_after(text, "没收"), pl.Series("_conf_fen", [None] * n, dtype=pl.Int64))
    conf = on(col("_c") & ~col("_f"), _the_only_amount(text), conf)
    return src.with_columns(fine, conf)


def _penalty_to_national(src: pl.DataFrame, *, policy: publicity.Policy, on: date
                         ) -> tuple[pl.DataFrame, list[list[pl.Expr]], list]:
    """The source with `_kinds`, then stages of column expressions (each sees the columns the stages
    before it added) and the checks."""
    col = pl.col
    src = _with_kinds(src, policy, on)
    has = lambda *names: _kinds_list(col("_kinds"), names)  # noqa: E731
    src = _with_amounts(src)
    decided = col("CF_SXQ").str.to_date("%Y-%m-%d", strict=False)
    declared = col("_declared")
    text = (col("CF_YJ"), col("CF_JG"))
    default = (
        col("_default_tier")
        if "_default_tier" in src.columns
        else _rule_for(
            col("_decided"),
            policy,
            on,
            lambda rule: pv.default_tier_expr(publicity.penalty_kinds_expr(col("_kinds")), rule),
        )
    )
    tier = publicity.penalty_severity_expr(col("_default_tier"), col("_fine_fen"), text, policy)
    ends = _rule_for(col("_decided"), policy, on,
                     lambda rule: _publicity_end(col("_decided"), col("_tier"), declared, rule))
    first = [
        decided.alias("_decided"),
        col("CF_GSQX").str.to_date("%Y-%m-%d", strict=False).alias("_declared"),
    ]
    second = [default.alias("_default_tier")]
    third = [tier.alias("_tier")]
    last = [
        col("CF_WSH").alias("CF_WSH"),
        col("CF_AJMC").alias("CF_WFXW"),
        col("CF_SY").alias("CF_SY"),
        col("CF_YJ").alias("CF_YJ"),
        col("_kinds").list.join(nat.EXPORT_SEPARATOR).alias("CF_CFLB"),
        col("CF_JG").alias("CF_NR"),
        pl.when(has(nat.FINE)).then(fen_to_wan(col("_fine_fen"))).alias("CF_NR_FK"),
        pl.when(has(nat.CONFISCATE_GAINS, nat.CONFISCATE_PROPERTY))
        .then(fen_to_wan(col("_conf_fen")))
        .alias("CF_NR_WFFF"),
        pl.lit(None, dtype=pl.Utf8).alias("CF_NR_ZKDX"),
        col("CF_SXQ").alias("CF_JDRQ"),
        col("CF_JZQ").alias("CF_YXQ"),
        ends.dt.strftime("%Y-%m-%d").alias("CF_GSJZQ"),
        col("CF_XZJG").alias("CF_CFJG"),
        col("BZ").alias("BZ"),
    ]
    checks = [
        ("CF_CFLB", ConvertRule.KIND_UNDETERMINED, col("_kinds").list.contains(nat.UNDETERMINED)),
        ("CF_NR_FK", ConvertRule.AMOUNT_NOT_FOUND, has(nat.FINE) & col("_fine_fen").is_null()),
        (
            "CF_NR_WFFF",
            ConvertRule.AMOUNT_NOT_FOUND,
            has(nat.CONFISCATE_GAINS, nat.CONFISCATE_PROPERTY) & col("_conf_fen").is_null(),
        ),
        (
            "CF_NR_ZKDX",
            ConvertRule.NOT_DERIVABLE,
            has(nat.SUSPEND_LICENCE, nat.REVOKE_LICENCE, nat.UNDETERMINED),
        ),
        ("CF_GSJZQ", ConvertRule.NOT_PUBLISHED, col("_decided").is_not_null() & col("CF_GSJZQ").is_null()),
    ]
    return src, [first, second, third, last], checks


# --- national → 2016 --------------------------------------------------------------------------------------

def from_national(frame: pl.DataFrame, kind: str, *, ctx: rules.Context, now: datetime | None = None,
                  parts: int | None = None) -> Conversion:
    """A national-format frame in the 2016 standard of its kind; `ctx` is what the 2016 rules need
    (streets, divisions); `now` is written as 数据更新时间戳."""
    now = now or datetime.now()
    return _in_parts(lambda part: _from_national(part, kind, ctx=ctx, now=now), frame, parts)


def _from_national(frame: pl.DataFrame, kind: str, *, ctx: rules.Context, now: datetime) -> Conversion:
    std = LICENSE if Kind(kind) is Kind.LICENSE else PENALTY
    fmt = nat.format_for(kind)
    src = nat.normalise(frame, fmt)
    if std.kind is Kind.PENALTY:  # once per distinct 处罚类别, joined back
        distinct = src.select("CF_CFLB").unique().with_columns(
            nat.kinds_to_2016_expr(nat.split_values(pl.col("CF_CFLB"))).alias("_cflb_2016"))
        src = src.join(distinct, on="CF_CFLB", how="left", nulls_equal=True, maintain_order="left")
    col, r = pl.col, fmt.identity
    person = col(r.category) == nat.NATURAL
    org = ~person.fill_null(False)
    uscc = col(r.uscc)
    id_of = lambda t, n: pl.when(col(t) == nat.ID_CARD).then(col(n))  # noqa: E731
    division = pl.when(checksums.uscc_ok(src[fmt.authority_code]).fill_null(False)).then(
        col(fmt.authority_code).str.slice(2, 6))
    c1, c2, c3 = std.legal_codes
    none = pl.lit(None, dtype=pl.Utf8)
    common = {
        std.key: none,
        std.decision_no: col(fmt.decision_no),
        std.subject: col(r.name),
        c1: pl.when(org & (uscc != nat.PLACEHOLDER_USCC)).then(uscc),
        c2: pl.when(org).then(col(r.org_code)),
        c3: pl.when(org).then(col(r.business_reg)),
        std.tax_code: pl.when(org).then(col(r.tax)),
        std.id_number: pl.when(person).then(id_of(r.cert_type, r.cert_no)).otherwise(
            id_of(r.legal_rep_cert_type, r.legal_rep_cert_no)),
        std.legal_rep: pl.when(org).then(col(r.legal_rep)),
        std.authority: col(fmt.authority),
        std.status: none,
        std.division: division,
        std.street: none,
        std.timestamp: pl.lit(now.strftime("%Y-%m-%d %H:%M:%S")),
        std.note_field: col(fmt.note_field),
    }
    if std.kind is Kind.LICENSE:
        end = col("XK_YXQZI").str.to_date("%Y-%m-%d", strict=False)
        status = (
            pl.when(col("XK_ZT") == "1")
            .then(pl.lit("0"))
            .when(col("XK_ZT") == "2")
            .then(pl.when(end < pl.lit(now.date())).then(pl.lit("0")).otherwise(pl.lit("1")))
        )
        specific = {
            "XK_XMMC": col("XK_XKWS"),
            "XK_SPLB": _dash_to_other(col("XK_XKLB")),
            "XK_NR": col("XK_NR"),
            "XK_SXQ": pl.coalesce(col("XK_YXQZ"), col("XK_JDRQ")),
            "XK_JZQ": col("XK_YXQZI"),
            std.status: status,
        }
        not_derivable = (std.key, std.street)
    else:
        specific = {
            "CF_AJMC": col("CF_WFXW"), "CF_CFLB": col("_cflb_2016"),
            "CF_SY": col("CF_SY"), "CF_YJ": col("CF_YJ"), "CF_JG": col("CF_NR"), "CF_SXQ": col("CF_JDRQ"),
            "CF_JZQ": col("CF_YXQ"), "CF_GSQX": col("CF_GSJZQ"),
        }
        not_derivable = (std.key, std.street)
    values = common | specific
    # 申办流水号/事项编码 the national format does not carry: 无, as the standard says (never blank)
    values |= {f.code: pl.lit(NONE_GIVEN) for f in std.fields if f.none_when_absent and f.code not in values}
    out = src.select(
        [(values[f.code] if f.code in values else none).cast(pl.Utf8).alias(f.code) for f in std.fields]
    )
    work = out.with_columns(src.select(col(r.category).alias("_lb"), col(r.cert_type).alias("_zjlx"),
                                       col(fmt.authority_code).alias("_jgdm")))
    checks = [(code, ConvertRule.NOT_DERIVABLE, pl.lit(True)) for code in not_derivable]
    checks += [
        (std.id_number, ConvertRule.CERT_TYPE, (col("_lb") == nat.NATURAL) & col("_zjlx").is_not_null()
         & (col("_zjlx") != nat.ID_CARD)),
        (std.division, ConvertRule.NOT_DERIVABLE, col(std.division).is_null()),
    ]
    conversion_errors = _errors(work, checks, std)
    validation = rules.validate(out, std, ctx)
    return Conversion(out, _merge(conversion_errors, validation.errors, std))


def convert(
    frame: pl.DataFrame,
    kind: str,
    to: str,
    *,
    org: OrgConfig | None = None,
    ctx: rules.Context | None = None,
    today: date | None = None,
    now: datetime | None = None,
    policy: publicity.Policy = publicity.DEFAULT_POLICY,
) -> Conversion:
    """`to_national` or `from_national` by target name ("national" / "luohu2016")."""
    if to == NATIONAL:
        return to_national(frame, kind, org=org or OrgConfig(), today=today, policy=policy)
    if to == LUOHU2016:
        if ctx is None:
            raise ValueError("converting to the 2016 standard needs the rules' context (streets, divisions)")
        return from_national(frame, kind, ctx=ctx, now=now)
    raise ValueError(f"unknown target {to!r}: expected {' or '.join(TARGETS)}")


def source_format(kind: str, to: str) -> Format:
    """The format a file must be in to be converted `to` a target."""
    if to == NATIONAL:
        return LICENSE if Kind(kind) is Kind.LICENSE else PENALTY
    return nat.format_for(kind)


__all__ = ["TARGETS", "Conversion", "ConvertRule", "OrgConfig", "convert", "fen_to_wan", "from_national",
           "source_format", "to_national", "wan_to_fen", "yuan_to_wan"]
