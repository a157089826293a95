"""Validation of a national-format frame, column-wise: the rules beyond the shared ones in
`rules.validation`, one message per wrong cell naming its field."""

from __future__ import annotations

from datetime import date

import polars as pl
from django.utils.translation import gettext as _

from zhengwu.credit.formats.national.fields import (
    DECIMAL_INTEGER_DIGITS,
    ID_CARD,
    INDIVIDUAL,
    PLACEHOLDER_USCC,
    NationalFormat,
)
from zhengwu.credit.rules import checksums
from zhengwu.credit.rules.validation import (
    ERROR_SCHEMA,
    MULTI_SEPARATORS,
    Result,
    Rule,
    _category_checks,  # the same 其他/enumeration rule as the 2016 standard: one definition
    _valid_date,
    message,
)
from zhengwu.credit.standard import Check, Field, Format, Type, When


class NationalRule:
    """Rule ids of the national format beyond the shared ones in `rules.Rule`."""

    REQUIRED_WHEN = "required_when"
    MUST_BE_BLANK = "must_be_blank"
    DECIMAL = "decimal"
    PLACEHOLDER = "uscc_placeholder"  # 00000000000000000X only for a 个体工商户
    CERT_PAIR = "cert_pair"  # 证件类型 and 证件号码 together
    FUTURE_DATE = "future_date"


def national_message(f: Field, rule: str) -> str:
    """The reason shown beside a wrong cell of a national-format row, naming the field."""
    texts = {
        NationalRule.REQUIRED_WHEN: _("%(name)s（%(code)s）在此情形下必填：%(when)s"),
        NationalRule.MUST_BE_BLANK: _("%(name)s（%(code)s）在此情形下应为空白：%(when)s"),
        NationalRule.DECIMAL: _(
            "%(name)s（%(code)s）应为以万元为单位的非负数，最多 %(scale)s 位小数，例如 0.200000"
        ),
        NationalRule.PLACEHOLDER: _("%(name)s（%(code)s）只有个体工商户可填 00000000000000000X"),
        NationalRule.CERT_PAIR: _("%(name)s（%(code)s）须与对应的证件类型、证件号码同时填写"),
        NationalRule.FUTURE_DATE: _("%(name)s（%(code)s）晚于今天"),
        Rule.DATE_FORMAT: _("%(name)s（%(code)s）不是有效日期，格式应为 YYYY/MM/DD（或 YYYY-MM-DD）"),
        Rule.OTHER_EXPLANATION: _("%(name)s（%(code)s）为“其他”时须注明，写作“其他-说明”"),
        Rule.DATE_ORDER: _("%(name)s（%(code)s）早于决定日期或有效期起始日"),
    }
    if rule not in texts:
        return message(f, rule)
    when = f.required_when if rule == NationalRule.REQUIRED_WHEN else f.blank_when
    if f.code.endswith("_XDR_GSZC") and rule == NationalRule.REQUIRED_WHEN:
        when = When("", (), "统一社会信用代码为 00000000000000000X 时")
    return texts[rule] % {"name": f.name, "code": f.code, "scale": f.scale, "when": when.note if when else ""}


def split_values(c: pl.Expr) -> pl.Expr:
    """A several-valued cell (处罚类别) as a list of trimmed values; any of 、；;，,/ separates."""
    return c.str.replace_all(MULTI_SEPARATORS, "、").str.split("、").list.eval(pl.element().str.strip_chars())


def _flag(*parts: str) -> str:
    return "_flag_" + "_".join(parts)


def _when_flag(when: When) -> str:
    return _flag(when.field, *when.values)


def holds(when: When, fmt: Format) -> pl.Expr:
    """True where the row meets the condition (for a several-valued field: one of its values does; read from
    the flag column `with_flags` computed once per distinct value)."""
    if fmt.field(when.field).multi:
        return pl.col(_when_flag(when))
    return pl.col(when.field).is_in(list(when.values)).fill_null(False)


def with_flags(clean: pl.DataFrame, fmt: Format) -> pl.DataFrame:
    """The checks of several-valued fields (处罚类别: its enumeration, and the conditions other fields set
    on it), evaluated once per distinct value and joined back — a file holds few distinct combinations,
    and list evaluation per row is slow."""
    out = clean
    for f in (f for f in fmt.fields if f.multi):
        c = pl.col(f.code)
        bad_enum, bare_other = (
            _category_checks(f, c) if f.check is Check.CATEGORY else (pl.lit(False), pl.lit(False))
        )
        flags = {_flag(f.code, "enum"): bad_enum, _flag(f.code, "other"): bare_other}
        for g in fmt.fields:
            for when in (g.required_when, g.blank_when):
                if when is not None and when.field == f.code:
                    flags[_when_flag(when)] = (
                        split_values(c)
                        .list.eval(pl.element().is_in(list(when.values)))
                        .list.any()
                        .fill_null(False)
                    )
        distinct = clean.select(f.code).unique().with_columns(**flags)
        out = out.join(distinct, on=f.code, how="left", nulls_equal=True, maintain_order="left")
    return out


def normalise(frame: pl.DataFrame, fmt: NationalFormat) -> pl.DataFrame:
    """Trimmed values, blanks as null, dates as YYYY-MM-DD (YYYY/MM/DD accepted), 组织机构代码 without its
    hyphen; every field of the format present (missing columns as null)."""
    trimmed = frame.select(
        [
            (pl.col(f.code).cast(pl.Utf8) if f.code in frame.columns else pl.lit(None, dtype=pl.Utf8))
            .str.strip_chars()
            .alias(f.code)
            for f in fmt.fields
        ]
    )
    exprs = []
    for f in fmt.fields:
        c = pl.col(f.code)
        c = pl.when(c == "").then(None).otherwise(c)
        if f.type is Type.DATE:
            c = c.str.replace_all("/", "-", literal=True)
        if f.check is Check.ORG_CODE:
            c = c.str.replace(r"^([0-9A-Za-z]{8})-", "${1}")
        exprs.append(c.alias(f.code))
    return trimmed.select(exprs)


def _date(c: pl.Expr) -> pl.Expr:
    return c.str.to_date("%Y-%m-%d", strict=False)


def export(clean: pl.DataFrame, fmt: NationalFormat) -> pl.DataFrame:
    """Normalised values as the national format writes them: dates YYYY/MM/DD (2099/12/31 = long-term)."""
    dates = [f.code for f in fmt.fields if f.type is Type.DATE]
    return clean.with_columns(pl.col(dates).str.replace_all("-", "/", literal=True))


def _checks(fmt: NationalFormat, today: date, longest: dict | None = None) -> list[tuple[str, str, pl.Expr]]:
    """(field, rule, expression true where the row breaks the rule), expressions over normalised columns.

    `longest` (field → its longest value in bytes) skips
    length checks that cannot fail, as the 2016 rules do."""
    col = pl.col
    idn = fmt.identity
    out: list[tuple[str, str, pl.Expr]] = []
    decimal = r"^\d{1,%d}(\.\d{1,%d})?$"
    for f in fmt.fields:
        c = col(f.code)
        if f.required:
            out.append((f.code, Rule.REQUIRED, c.is_null()))
        if f.required_when:
            out.append((f.code, NationalRule.REQUIRED_WHEN, c.is_null() & holds(f.required_when, fmt)))
        if f.blank_when:
            out.append((f.code, NationalRule.MUST_BE_BLANK, c.is_not_null() & holds(f.blank_when, fmt)))
        if f.max_length and (longest is None or (longest.get(f.code) or 0) > f.max_length):
            out.append((f.code, Rule.MAX_LENGTH, c.str.len_chars() > f.max_length))
        if f.type is Type.DATE:
            out.append((f.code, Rule.DATE_FORMAT, c.is_not_null() & ~_valid_date(c)))
        elif f.type is Type.DECIMAL:
            pattern = decimal % (DECIMAL_INTEGER_DIGITS, f.scale or 0)
            out.append((f.code, NationalRule.DECIMAL, c.is_not_null() & ~c.str.contains(pattern)))
        if f.check is Check.CATEGORY:
            bad_enum, bare_other = ((col(_flag(f.code, "enum")), col(_flag(f.code, "other"))) if f.multi
                                    else _category_checks(f, c))
            out.append((f.code, Rule.ENUM, c.is_not_null() & bad_enum))
            out.append((f.code, Rule.OTHER_EXPLANATION, c.is_not_null() & bare_other & ~bad_enum))
        elif f.check is Check.ENUM:
            out.append((f.code, Rule.ENUM, c.is_not_null() & ~c.is_in(list(f.enum))))
    # a 个体工商户 without a code writes the placeholder, and then its 工商注册号
    placeholder = col(idn.uscc) == PLACEHOLDER_USCC
    out.append((idn.uscc, NationalRule.PLACEHOLDER, placeholder & (col(idn.category) != INDIVIDUAL)))
    out.append((idn.business_reg, NationalRule.REQUIRED_WHEN, placeholder & col(idn.business_reg).is_null()))
    # a document type and its number are written together
    for type_code, number_code in idn.cert_pairs:
        t, n = col(type_code), col(number_code)
        for missing, present in ((number_code, t), (type_code, n)):
            required = fmt.field(missing).required_when  # already reported as required_when there
            covered = holds(required, fmt) if required else pl.lit(False)
            out.append(
                (missing, NationalRule.CERT_PAIR, present.is_not_null() & col(missing).is_null() & ~covered)
            )
    for later, earlier in fmt.date_order:
        out.append((later, Rule.DATE_ORDER, _date(col(later)) < _date(col(earlier))))
    out.append((fmt.decided_on, NationalRule.FUTURE_DATE, _date(col(fmt.decided_on)) > pl.lit(today)))
    return out


def _checked(s: pl.Series, check) -> pl.Series:
    """`check` over a column, once per distinct value where values repeat (the organisation's codes)."""
    distinct = s.drop_nulls().unique()
    if len(distinct) * 4 >= len(s):
        return check(s)
    good = distinct.filter(check(distinct).fill_null(False))
    return pl.select(pl.when(s.is_null()).then(None).otherwise(s.is_in(good.implode()))).to_series()


def _code_checks(clean: pl.DataFrame, fmt: NationalFormat) -> list[tuple[str, str, pl.Series]]:
    """Check characters (numpy over whole columns): codes, and ID numbers whose 证件类型 is 身份证."""
    out = []
    types = {number: kind for kind, number in fmt.identity.cert_pairs}
    for f in fmt.fields:
        s = clean[f.code]
        if f.check is Check.USCC:
            ok = _checked(s, checksums.uscc_ok)
            real = s.is_not_null() & (s != PLACEHOLDER_USCC)
            out.append((f.code, Rule.USCC, (real & ~ok.fill_null(False))))
        elif f.check is Check.ORG_CODE:
            out.append((f.code, Rule.ORG_CODE, s.is_not_null() & ~checksums.org_code_ok(s).fill_null(False)))
        elif f.check is Check.CERT_NUMBER:
            is_id = (clean[types[f.code]] == ID_CARD).fill_null(False)
            out.append((f.code, Rule.RIC, is_id & s.is_not_null() & ~checksums.ric_ok(s).fill_null(False)))
    return out


def errors_from(bad: pl.DataFrame, meta: list[tuple[str, str, str]], order: dict[str, int],
                row_offset: int = 0) -> tuple[pl.DataFrame, pl.Series]:
    """Error rows (row, field, rule, message) from boolean columns `bad` ("_0", "_1", … one per check,
    described by `meta` (field, rule, message)); only rows breaking something are unpivoted. Also the
    per-row "breaks nothing" mask."""
    names = [f"_{i}" for i in range(len(meta))]
    if not names:
        return pl.DataFrame(schema=ERROR_SCHEMA), pl.Series("ok", [True] * len(bad), dtype=pl.Boolean)
    any_bad = bad.select(pl.any_horizontal(names).alias("bad")).to_series()
    table = pl.DataFrame(
        {
            "check": names,
            "field": [m[0] for m in meta],
            "rule": [m[1] for m in meta],
            "message": [m[2] for m in meta],
            "_order": [order.get(m[0], len(order)) for m in meta],
        },
        schema={"check": pl.Utf8, "field": pl.Utf8, "rule": pl.Utf8, "message": pl.Utf8, "_order": pl.Int64},
    )
    broken = bad.with_row_index("_i").filter(any_bad)
    if not len(broken):
        return pl.DataFrame(schema=ERROR_SCHEMA), ~any_bad
    errors = (broken.unpivot(index="_i", on=names, variable_name="check", value_name="v").filter(pl.col("v"))
              .join(table, on="check")
              .select((pl.col("_i").cast(pl.Int64) + 1 + row_offset).alias("row"), "field", "rule", "message",
                      "_order")
              .sort(["row", "_order"], maintain_order=True).drop("_order")
              .unique(["row", "field", "rule"], maintain_order=True))
    return errors, ~any_bad


def validate(frame: pl.DataFrame, fmt: NationalFormat, *, today: date | None = None, row_offset: int = 0,
             normalised: bool = False) -> Result:
    """Check every row of a national-format frame (Utf8 columns named by field code), column-wise.

    `result.clean` holds the normalised values (dates as YYYY-MM-DD); `result.errors` one row per broken
    rule and cell, rows numbered from 1 (the header not counted). `normalised=True`: the frame already
    holds every field, normalised (the conversion builds it so)."""
    today = today or date.today()
    clean = frame.select(fmt.codes) if normalised else normalise(frame.rechunk(), fmt)
    longest = clean.select(pl.all().str.len_bytes().max()).row(0, named=True) if len(clean) else {}
    checks = _checks(fmt, today, longest)
    bad = with_flags(clean, fmt).select([expr.fill_null(False).alias(f"_{i}")
                                         for i, (_f, _r, expr) in enumerate(checks)])
    meta = [(f, r, national_message(fmt.field(f), r)) for f, r, _e in checks]
    for code, rule, series in _code_checks(clean, fmt):
        bad = bad.with_columns(series.fill_null(False).alias(f"_{len(meta)}"))
        meta.append((code, rule, national_message(fmt.field(code), rule)))
    order = {code: i for i, code in enumerate(fmt.codes)}
    errors, ok = errors_from(bad, meta, order, row_offset)
    return Result(errors=errors, valid=ok, clean=clean)
