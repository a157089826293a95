"""The national 双公示 exchange formats — 行政许可 (28 fields) and 行政处罚 (30 fields) — one module per idea:
`fields` (the formats as data), `validation` (a national-format frame checked column-wise), `kinds` (the
2016 处罚类别 read as national kinds and back), `docs` (the generated field tables). Every public name is
re-exported here, so callers write `national.validate`, `national.PENALTY`, … as before.

The codes are those of the 全国信用信息共享平台 / “信用中国” 行政许可、行政处罚信息数据标准 as the
provincial platforms and the importers written for them use them. Public sources read (see
docs/credit-national.md for the full list):

- huweidongls/FuseApp, `app/src/main/java/com/guoyu/fuseapp/bean/CreditList1Bean.java` and
  `CreditList2Bean.java` (a city's 信用 app, 2020): every code of both formats with a sample row —
  `CF_NR` "罚款2000元" beside `CF_NR_FK` 0.2 (amounts in 万元), `CF_XDR_LB` "法人及非法人组织";
- a public data-sync tool's MySQL DDL of the penalty table (2024): lengths of CF_XDR_MC, CF_WSH,
  CF_FRDB, CF_FR_ZJLX, CF_XDR_ZJHM, CF_NR_ZKDX, CF_CFJG(DM), CF_SJLY(DM), CF_NR_FK decimal(18,6);
- provincial import templates (Excel models) naming the fields and their conditions.

Where the sources disagree on a length the field's `length_note` says which value is used and why.
The identity block (行政相对人 and its codes) is declared once, `identity_fields(prefix)`, and used by
both formats. Pure: no ORM, no request.
"""

from zhengwu.credit.formats.national.docs import DOC_BEGIN, DOC_END, DOC_PATH, fields_markdown, with_fields
from zhengwu.credit.formats.national.fields import (
    ARTICLE_9,
    BAN_FROM_OCCUPATION,
    CERT_TYPES,
    CLOSE_DOWN,
    CONFISCATE_GAINS,
    CONFISCATE_PROPERTY,
    CRITICISM,
    DATE_EXPORT,
    DECIMAL_INTEGER_DIGITS,
    DETENTION,
    EXPORT_SEPARATOR,
    FINE,
    FORMATS,
    ID_CARD,
    INDIVIDUAL,
    LEGAL,
    LICENSE,
    LICENSE_STATUS,
    LICENSE_TYPES,
    LONG_TERM,
    LOWER_QUALIFICATION,
    NATURAL,
    OTHER_PREFIX,
    PENALTY,
    PENALTY_TYPES,
    PLACEHOLDER_USCC,
    RESTRICT_BUSINESS,
    REVOKE_LICENCE,
    SOURCE,
    SUBJECT_CATEGORIES,
    SUSPEND_BUSINESS,
    SUSPEND_LICENCE,
    WARNING,
    Identity,
    NationalFormat,
    format_for,
    identity_fields,
    identity_roles,
)
from zhengwu.credit.formats.national.kinds import (
    KINDS_FROM_2016,
    KINDS_TO_2016,
    OTHER_INNER,
    SUSPEND_OR_REVOKE_2016,
    UNDETERMINED,
    kinds_from_2016,
    kinds_from_2016_expr,
    kinds_to_2016_expr,
)
from zhengwu.credit.formats.national.validation import (
    NationalRule,
    errors_from,
    export,
    holds,
    national_message,
    normalise,
    split_values,
    validate,
    with_flags,
)
from zhengwu.credit.standard import OTHER  # the 其他 that national kinds share with the 2016 standard

__all__ = [
    "OTHER",
    "ARTICLE_9", "BAN_FROM_OCCUPATION", "CERT_TYPES", "CLOSE_DOWN", "CONFISCATE_GAINS",
    "CONFISCATE_PROPERTY", "CRITICISM", "DATE_EXPORT", "DECIMAL_INTEGER_DIGITS", "DETENTION", "DOC_BEGIN",
    "DOC_END", "DOC_PATH", "EXPORT_SEPARATOR", "FINE", "FORMATS", "ID_CARD", "INDIVIDUAL", "Identity",
    "KINDS_FROM_2016", "KINDS_TO_2016", "LEGAL", "LICENSE", "LICENSE_STATUS", "LICENSE_TYPES",
    "LONG_TERM", "LOWER_QUALIFICATION", "NATURAL", "NationalFormat", "NationalRule", "OTHER_INNER",
    "OTHER_PREFIX", "PENALTY", "PENALTY_TYPES", "PLACEHOLDER_USCC", "RESTRICT_BUSINESS", "REVOKE_LICENCE",
    "SOURCE", "SUBJECT_CATEGORIES", "SUSPEND_BUSINESS", "SUSPEND_LICENCE", "SUSPEND_OR_REVOKE_2016",
    "UNDETERMINED", "WARNING", "errors_from", "export", "fields_markdown", "format_for", "holds",
    "identity_fields", "identity_roles", "kinds_from_2016", "kinds_from_2016_expr", "kinds_to_2016_expr",
    "national_message", "normalise", "split_values", "validate", "with_fields", "with_flags",
]
