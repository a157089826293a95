"""The 双公示 rules, column-wise: one polars expression per rule over whole columns, no row loop.

    result = validate(frame, LICENSE, context)     # frame: one Utf8 column per field code
    result.errors   # DataFrame row (1-based data row), field, rule, message
    result.valid    # boolean Series, one per row
    result.clean    # the normalised values (trimmed, 当前状态 blank → 0, 2099/12/31 → 2099-12-31, …)

Pure: no ORM, no request. What the database knows (streets, the unit's item catalog, keys seen
elsewhere in the file) comes in through `Context`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.utils.translation import gettext as _

from zhengwu.credit.rules import checksums
from zhengwu.credit.rules.authority import authority_key_expr
from zhengwu.credit.standard import (
    LONG_TERM,
    LONG_TERM_SLASH,
    NONE_GIVEN,
    OTHER,
    Check,
    Field,
    Standard,
    Type,
)

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$"
# 其他 must say what: 其他（说明）, 其他(说明), 其他：说明, 其他:说明, 其他-说明
OTHER_EXPLAINED = r"^其他\s*[（(:：\-—]\s*\S"
MULTI_SEPARATORS = r"[、；;，,/]"


class Rule:
    """Rule identifiers as they appear in error reports and the CLI's JSON (`rule`)."""

    REQUIRED = "required"
    MAX_LENGTH = "max_length"
    ENUM = "enum"
    OTHER_EXPLANATION = "other_explanation"
    STATUS_NOTE = "status_note"
    DATE_FORMAT = "date_format"
    DATE_ORDER = "date_order"
    USCC = "uscc"
    ORG_CODE = "org_code"
    RIC = "ric"
    LEGAL_PERSON_CODE = "legal_person_code"
    NATURAL_PERSON = "natural_person"
    DIVISION = "division"
    STREET = "street"
    ITEM = "item_catalog"
    DUPLICATE_KEY = "duplicate_key"
    DUPLICATE_PARTY = "duplicate_party"
    COLUMNS = "columns"
    NUL = "nul_character"
    NONE_REQUIRED = "none_required"  # SBLSH/SXBM blank: the standard says to write 无 (issue 13 item 4)
    DATE_FUTURE = "date_future"  # a decision date or update timestamp after today (issue 13 item 5)
    AUTHORITY = "authority"  # 许可/处罚机关 is not the importing unit nor one it reports for (谁产生谁负责)


@dataclass(frozen=True)
class Context:
    """What the rules need to know beyond the row: valid
    streets, divisions, the unit's catalog, duplicates."""

    streets: Mapping[str, str]  # accepted spelling → the street's name (桂园、桂园街道 → 桂园街道)
    divisions: frozenset[str]
    items: frozenset[str] | None = None  # the unit's 事项编码; None = not checked (no unit given)
    duplicate_keys: frozenset[str] = frozenset()  # 序号 appearing more than once in the whole file
    duplicate_parties: frozenset[str] = frozenset()  # "文号\x1f相对人" appearing more than once
    today: date = field(default_factory=date.today)
    check_nul: bool = (
        True  # False when the file's bytes hold no NUL (found by ingest's scan): nothing to look for
    )
    # 谁产生、谁负责: the authority names (rules.authority.authority_key) the importing unit may report;
    # None = not checked (no unit given). `unit_name` is named in the error.
    authorities: frozenset[str] | None = None
    unit_name: str = ""


@dataclass
class Result:
    errors: pl.DataFrame
    valid: pl.Series
    clean: pl.DataFrame

    @property
    def rows(self) -> int:
        return len(self.valid)

    @property
    def valid_rows(self) -> int:
        return int(self.valid.sum())


ERROR_SCHEMA = {"row": pl.Int64, "field": pl.Utf8, "rule": pl.Utf8, "message": pl.Utf8}


def _date_format_text(f: Field) -> str:
    """What a date field accepts, said for that field (2099/12/31 only where the standard allows it)."""
    if f.type is Type.TIMESTAMP:
        return _(
            "%(name)s（%(code)s）不是有效的日期时间，应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM[:SS]（时 "
            "00–23，分、秒 00–59）"
        )
    if f.long_term:
        return _("%(name)s（%(code)s）不是有效日期，格式应为 YYYY-MM-DD（长期填 2099/12/31）")
    return _("%(name)s（%(code)s）不是有效日期，格式应为 YYYY-MM-DD")


def message(f: Field, rule: str, *, today: date | None = None, unit: str = "") -> str:
    """The reason shown beside a wrong cell, naming the field (中文名称 and code)."""
    texts = {
        Rule.REQUIRED: _("%(name)s（%(code)s）为必填项，不能为空"),
        Rule.MAX_LENGTH: _("%(name)s（%(code)s）超过 %(max)s 个字符"),
        Rule.ENUM: _("%(name)s（%(code)s）取值不在标准范围内：%(values)s"),
        Rule.OTHER_EXPLANATION: _("%(name)s（%(code)s）为“其他”时须注明，例如“其他（备案）”"),
        Rule.STATUS_NOTE: _("%(name)s（%(code)s）为 3（其他）时须在备注（BZ）中说明"),
        Rule.DATE_FORMAT: _date_format_text(f),
        Rule.DATE_FUTURE: _(
            "%(name)s（%(code)s）晚于今天（%(today)s）：决定日期和数据更新时间不能是将来的日期"
        ),
        Rule.NONE_REQUIRED: _("%(name)s（%(code)s）不能为空：没有时按标准填写“无”"),
        Rule.AUTHORITY: _(
            "%(name)s（%(code)s）不是导入单位“%(unit)s”，也不是它受托报送的单位（谁产生、谁负责）"
        ),
        Rule.DATE_ORDER: _("%(name)s（%(code)s）早于生效日期"),
        Rule.USCC: _("%(name)s（%(code)s）不是有效的统一社会信用代码（GB 32100，校验码不符或格式错误）"),
        Rule.ORG_CODE: _("%(name)s（%(code)s）不是有效的组织机构代码（GB 11714，校验码不符或格式错误）"),
        Rule.RIC: _("%(name)s（%(code)s）不是有效的居民身份证号码（GB 11643，校验码或出生日期错误）"),
        Rule.LEGAL_PERSON_CODE: _(
            "法人及其他组织须至少填写统一社会信用代码、组织机构代码、工商登记码中的一项（%(code)s）"
        ),
        Rule.NATURAL_PERSON: _("自然人须填写居民身份证号（%(code)s），法人须填写统一社会信用代码等代码"),
        Rule.DIVISION: _("%(name)s（%(code)s）不是存在的 6 位行政区划代码"),
        Rule.STREET: _("%(name)s（%(code)s）不是本区的街道"),
        Rule.ITEM: _("%(name)s（%(code)s）不在本单位的事项目录中（无法提供时填“无”）"),
        Rule.DUPLICATE_KEY: _("%(name)s（%(code)s）在文件中重复，序号是主键"),
        Rule.DUPLICATE_PARTY: _("同一决定书文号下行政相对人（%(code)s）重复"),
        Rule.NUL: _(
            "%(name)s（%(code)s）含有空字符（NUL，\\0），通常是从其他系统导出时带入的：请删除后重新上传"
        ),
    }
    return texts[rule] % {"name": f.name, "code": f.code, "max": f.max_length, "values": "、".join(f.enum),
                          "today": (today or date.today()).isoformat(), "unit": unit}


def authority_message(f: Field, value: str, unit: str) -> str:
    """The 谁产生谁负责 error of one row: the authority written and the importing unit, both named."""
    return _(
        "%(name)s（%(code)s）“%(value)s”不是导入单位“%(unit)s”，也不是它受托报送的单位（谁产生、谁负责）"
    ) % {"name": f.name, "code": f.code, "value": value, "unit": unit}


def _valid_date(c: pl.Expr, pattern: str = DATE_PATTERN) -> pl.Expr:
    if pattern == DATE_PATTERN:  # same as the regex, cheaper: exactly 10 bytes that parse as %Y-%m-%d
        return (c.str.len_bytes() == 10) & _date(c).is_not_null()
    # the whole value, time included: 2025-01-12 25:61 is refused (not only its first 10 characters read)
    return c.str.contains(pattern) & _timestamp(c).is_not_null()


def _timestamp(c: pl.Expr) -> pl.Expr:
    """A TIMESTAMP value (YYYY-MM-DD, optionally with
    HH:MM[:SS]) as a datetime; null if any part is invalid."""
    text = c.str.replace("T", " ", literal=True)
    full = (pl.when(text.str.len_bytes() == 10).then(text + " 00:00:00")
            .when(text.str.len_bytes() == 16).then(text + ":00").otherwise(text))
    return full.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")


def _date(c: pl.Expr) -> pl.Expr:
    """The one spelling of "parse as a date" (identical expressions are computed once per select)."""
    return c.str.to_date("%Y-%m-%d", strict=False)


def normalise(frame: pl.DataFrame, std: Standard, ctx: Context) -> pl.DataFrame:
    """Trimmed values, blanks as null, and the standard's equivalences applied; all fields present."""
    # trimming first, in its own select: inside the expressions below it would be computed several times
    trimmed = frame.select(
        [
            (pl.col(f.code).cast(pl.Utf8) if f.code in frame.columns else pl.lit(None, dtype=pl.Utf8))
            .str.strip_chars()
            .alias(f.code)
            for f in std.fields
        ]
    )
    exprs = []
    for f in std.fields:
        c = pl.col(f.code)
        c = pl.when(c == "").then(None).otherwise(c)
        if f.long_term:
            c = pl.when(c == LONG_TERM_SLASH).then(pl.lit(LONG_TERM)).otherwise(c)
        if f.check is Check.STATUS:
            c = c.fill_null("0")  # 0=正常(或空白)
        for wrong, right in f.aliases.items():
            c = c.str.replace_all(wrong, right, literal=True)
        exprs.append(c.alias(f.code))
    return trimmed.select(exprs)


def _category_checks(f: Field, c: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(not in the enumeration, bare 其他 without explanation) for 审批类别 / 处罚类别."""
    allowed = [v for v in f.enum if v != OTHER]
    if f.multi:
        items = c.str.replace_all(MULTI_SEPARATORS, "、").str.split("、")
        item = pl.element().str.strip_chars()
        item_ok = item.is_in(allowed) | item.str.contains(OTHER_EXPLAINED)
        bad_enum = ~items.list.eval(item_ok | (item == OTHER)).list.all()
        bare_other = items.list.eval(item == OTHER).list.any()
    else:
        bad_enum = ~(c.is_in(allowed) | c.str.contains(OTHER_EXPLAINED) | (c == OTHER))
        bare_other = c == OTHER
    return bad_enum, bare_other


def _checks(std: Standard, ctx: Context, longest: Mapping[str, int] | None = None
            ) -> list[tuple[str, str, pl.Expr]]:
    """(field, rule, expression true where the row breaks the rule) for every rule of the standard.

    `longest` (field → its longest value in bytes) skips length checks that cannot fail: a value of at
    most N bytes has at most N characters.
    """
    out: list[tuple[str, str, pl.Expr]] = []
    col = pl.col
    present = {f.code: col(f.code).is_not_null() for f in std.fields}
    for f in std.fields:
        c = col(f.code)
        if ctx.check_nul:  # PostgreSQL cannot store one; nothing downstream expects one
            out.append((f.code, Rule.NUL, c.str.contains("\x00", literal=True)))
        if f.required and f.check is not Check.STATUS:
            out.append((f.code, Rule.REQUIRED, c.is_null()))
        elif f.none_when_absent:
            out.append((f.code, Rule.NONE_REQUIRED, c.is_null()))
        if f.max_length and (longest is None or (longest.get(f.code) or 0) > f.max_length):
            out.append((f.code, Rule.MAX_LENGTH, c.str.len_chars() > f.max_length))
        if f.type is Type.DATE:
            out.append((f.code, Rule.DATE_FORMAT, c.is_not_null() & ~_valid_date(c)))
            if f.not_future:
                out.append((f.code, Rule.DATE_FUTURE, _valid_date(c) & (_date(c) > ctx.today)))
        elif f.type is Type.TIMESTAMP:
            out.append((f.code, Rule.DATE_FORMAT, c.is_not_null() & ~_valid_date(c, TIMESTAMP_PATTERN)))
            if f.not_future:
                out.append((f.code, Rule.DATE_FUTURE, _valid_date(c, TIMESTAMP_PATTERN)
                            & (_timestamp(c).dt.date() > ctx.today)))
        if f.check is Check.CATEGORY:
            bad_enum, bare_other = _category_checks(f, c)
            out.append((f.code, Rule.ENUM, bad_enum))
            out.append((f.code, Rule.OTHER_EXPLANATION, bare_other & ~bad_enum))
        elif f.check is Check.STATUS:
            out.append((f.code, Rule.ENUM, ~c.is_in(list(f.enum))))
            out.append((f.code, Rule.STATUS_NOTE, (c == "3") & col(std.note_field).is_null()))
        elif f.check is Check.DIVISION:
            out.append(
                (f.code, Rule.DIVISION, ~c.is_in(list(ctx.divisions)))
            )  # the table holds 6-digit codes
        elif f.check is Check.STREET:
            out.append((f.code, Rule.STREET, ~c.is_in(list(ctx.streets))))
        elif f.check is Check.ITEM and ctx.items is not None:
            out.append((f.code, Rule.ITEM, (c != NONE_GIVEN) & ~c.is_in(list(ctx.items))))
    if ctx.authorities is not None:  # 谁产生、谁负责: the authority is the unit or one it reports for
        a = col(std.authority)
        out.append((std.authority, Rule.AUTHORITY, a.is_not_null() & ~authority_key_expr(a).is_in(
            list(ctx.authorities))))
    # an end date never before its start date
    start = _date(col(std.start))
    for end in (std.end, std.publicity_end):
        out.append((end, Rule.DATE_ORDER, _date(col(end)) < start))
    # legal person: one of codes 1–3; natural person: those and 法定代表人 empty, ID number given
    c1, c2, c3 = std.legal_codes
    legal = present[c1] | present[c2] | present[c3] | present[std.tax_code] | present[std.legal_rep]
    out.append((c1, Rule.LEGAL_PERSON_CODE, legal & ~(present[c1] | present[c2] | present[c3])))
    out.append((std.id_number, Rule.NATURAL_PERSON, ~legal & ~present[std.id_number]))
    if ctx.duplicate_keys:
        out.append((std.key, Rule.DUPLICATE_KEY, col(std.key).is_in(list(ctx.duplicate_keys))))
    if std.kind == "penalty" and ctx.duplicate_parties:
        pair = pl.concat_str([col(std.decision_no), col(std.subject)], separator="\x1f")
        out.append((std.subject, Rule.DUPLICATE_PARTY, pair.is_in(list(ctx.duplicate_parties))))
    return out


def _code_checks(clean: pl.DataFrame, std: Standard, ctx: Context) -> list[tuple[str, str, pl.Series]]:
    """Check characters (numpy over whole columns) and the birth date inside ID numbers."""
    out = []
    by_check = {
        Check.USCC: (Rule.USCC, checksums.uscc_ok),
        Check.ORG_CODE: (Rule.ORG_CODE, checksums.org_code_ok),
        Check.RIC: (Rule.RIC, checksums.ric_ok),
    }
    for f in std.fields:
        if f.check not in by_check:
            continue
        rule, fn = by_check[f.check]
        ok = fn(clean[f.code])
        if f.check is Check.RIC:
            s = clean[f.code]
            birth = s.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
            born = birth.is_not_null() & (birth <= ctx.today) & (birth >= date(1900, 1, 1))
            ok = pl.select(pl.when(s.is_null()).then(None).otherwise(ok & born)).to_series()
        out.append((f.code, rule, ok.not_().fill_null(False)))
    return out


def validate(frame: pl.DataFrame, std: Standard, ctx: Context, *, row_offset: int = 0) -> Result:
    """Check every row of `frame` (Utf8 columns named by field code) against the standard.

    All rule expressions run in one select (shared sub-expressions computed once); only the rows that
    break something (typically a few percent) are then turned into error rows.
    """
    clean = normalise(frame.rechunk(), std, ctx)  # the CSV reader hands over many small chunks per column
    longest = clean.select(pl.all().str.len_bytes().max()).row(0, named=True) if len(clean) else {}
    checks = _checks(std, ctx, longest)
    names = [f"_{i}" for i in range(len(checks))]
    bad = clean.select(
        [expr.fill_null(False).alias(n) for n, (_f, _r, expr) in zip(names, checks, strict=True)]
    )
    columns = [(f, r) for f, r, _e in checks]
    for code, rule, series in _code_checks(clean, std, ctx):
        name = f"_{len(columns)}"
        bad = bad.with_columns(series.alias(name))
        names.append(name)
        columns.append((code, rule))
    if names:
        any_bad = bad.select(pl.any_horizontal(names).alias("bad")).to_series()
    else:
        any_bad = pl.Series("bad", [False] * len(clean), dtype=pl.Boolean)
    by_code = std.by_code
    order = {code: i for i, code in enumerate(std.codes)}
    meta = pl.DataFrame({
        "check": names, "field": [f for f, _r in columns], "rule": [r for _f, r in columns],
        "message": [message(by_code[f], r, today=ctx.today, unit=ctx.unit_name) for f, r in columns],
        "_order": [order[f] for f, _r in columns],
    }, schema={"check": pl.Utf8, "field": pl.Utf8, "rule": pl.Utf8, "message": pl.Utf8, "_order": pl.Int64})
    broken = bad.with_row_index("_i").filter(any_bad)
    if len(broken):
        errors = (
            broken.unpivot(index="_i", on=names, variable_name="check", value_name="v")
            .filter(pl.col("v"))
            .join(meta, on="check")
            .select(
                (pl.col("_i").cast(pl.Int64) + 1 + row_offset).alias("row"),
                "field",
                "rule",
                "message",
                "_order",
            )
            .sort(["row", "_order"], maintain_order=True)
            .drop("_order")
        )
    else:
        errors = pl.DataFrame(schema=ERROR_SCHEMA)
    if len(errors) and ctx.authorities is not None:
        errors = _name_authorities(errors, clean, std, ctx, row_offset)
    street = std.street
    clean = clean.with_columns(pl.col(street).replace_strict(dict(ctx.streets), default=pl.col(street)))
    return Result(errors=errors, valid=~any_bad, clean=clean)


def _name_authorities(errors: pl.DataFrame, clean: pl.DataFrame, std: Standard, ctx: Context,
                      row_offset: int) -> pl.DataFrame:
    """The 谁产生谁负责 errors name the authority written in their row (few rows: one message each)."""
    hit = errors.filter(pl.col("rule") == Rule.AUTHORITY)
    if not len(hit):
        return errors
    f = std.field(std.authority)
    values = clean[std.authority]
    named = {
        row: authority_message(f, values[row - row_offset - 1], ctx.unit_name) for row in hit["row"].to_list()
    }
    return errors.with_columns(pl.when(pl.col("rule") == Rule.AUTHORITY)
                               .then(pl.col("row").replace_strict(named, default=None, return_dtype=pl.Utf8))
                               .otherwise(pl.col("message")).alias("message"))


def duplicates(values: pl.Series) -> frozenset[str]:
    """The non-empty values occurring more than once (for 序号 and 文号+相对人 across a whole file)."""
    s = values.cast(pl.Utf8).str.strip_chars()
    s = s.filter(s.is_not_null() & (s != ""))
    return frozenset(s.filter(s.is_duplicated()).unique().to_list())


def party_keys(frame: pl.DataFrame, std: Standard) -> pl.Series:
    """文号 + 行政相对人名称 joined, to find a counterparty listed twice under one decision."""
    cols = [pl.col(c).cast(pl.Utf8).str.strip_chars() if c in frame.columns else pl.lit("")
            for c in (std.decision_no, std.subject)]
    return frame.select(pl.concat_str(cols, separator="\x1f").alias("k"))["k"]
