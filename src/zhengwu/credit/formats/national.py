"""The national 双公示 exchange formats as data — 行政许可 (28 fields) and 行政处罚 (30 fields) — and
the validation of a national-format file, column-wise.

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

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.utils.translation import gettext as _

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
from zhengwu.credit.standard import LICENSE_CATEGORIES, OTHER, Check, Field, Format, Kind, Type, When

SOURCE = "全国信用信息共享平台 / 信用中国 行政许可、行政处罚信息数据标准"

# --- enumerations -------------------------------------------------------------------------------------

LEGAL = "法人及非法人组织"
NATURAL = "自然人"
INDIVIDUAL = "个体工商户"
SUBJECT_CATEGORIES = (LEGAL, NATURAL, INDIVIDUAL)
#: what a 个体工商户 without a 统一社会信用代码 writes there (17 zeros and X); 工商注册号 is then required
PLACEHOLDER_USCC = "00000000000000000X"

ID_CARD = "身份证"
CERT_TYPES = ("身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", OTHER)

# 许可类别: the same six as the 2016 审批类别; 其他 is written 其他-说明
LICENSE_TYPES = LICENSE_CATEGORIES

# 处罚类别: the kinds of 《中华人民共和国行政处罚法》(2021) 第九条, by its items; (六) “法律、行政法规规定的
# 其他行政处罚” is written 其他-名称. One decision may name several, separated by ; on export.
WARNING, CRITICISM = "警告", "通报批评"
FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY = "罚款", "没收违法所得", "没收非法财物"
SUSPEND_LICENCE, LOWER_QUALIFICATION, REVOKE_LICENCE = "暂扣许可证件", "降低资质等级", "吊销许可证件"
RESTRICT_BUSINESS, SUSPEND_BUSINESS, CLOSE_DOWN, BAN_FROM_OCCUPATION = (
    "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业")
DETENTION = "行政拘留"
ARTICLE_9 = (
    ("（一）", (WARNING, CRITICISM)),
    ("（二）", (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY)),
    ("（三）", (SUSPEND_LICENCE, LOWER_QUALIFICATION, REVOKE_LICENCE)),
    ("（四）", (RESTRICT_BUSINESS, SUSPEND_BUSINESS, CLOSE_DOWN, BAN_FROM_OCCUPATION)),
    ("（五）", (DETENTION,)),
    ("（六）", (OTHER,)),
)
PENALTY_TYPES = tuple(t for _item, kinds in ARTICLE_9 for t in kinds)

LICENSE_STATUS = {"1": "有效", "2": "无效"}

OTHER_PREFIX = OTHER + "-"  # 其他-说明
EXPORT_SEPARATOR = ";"  # between several 处罚类别 on export (any of 、；;，,/ is accepted on input)
DATE_EXPORT = "%Y/%m/%d"  # dates on export; 2099/12/31 means long-term
LONG_TERM = "2099/12/31"
DECIMAL_INTEGER_DIGITS = 18  # 万元 amounts: up to 18 digits before the point, `scale` after

# --- the identity block, shared by both formats --------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """The codes of one format's identity block (the 13 fields from 行政相对人名称 to 证件号码)."""

    name: str
    category: str
    uscc: str
    business_reg: str  # 工商注册号
    org_code: str  # 组织机构代码
    tax: str  # 税务登记号
    institution: str  # 事业单位证书号
    social_org: str  # 社会组织登记证号
    legal_rep: str  # 法定代表人
    legal_rep_cert_type: str
    legal_rep_cert_no: str
    cert_type: str  # a natural person's 证件类型
    cert_no: str  # a natural person's 证件号码

    @property
    def code_slots(self) -> tuple[str, ...]:
        """The six code slots of a legal person or 个体工商户."""
        return (self.uscc, self.business_reg, self.org_code, self.tax, self.institution, self.social_org)

    @property
    def cert_pairs(self) -> tuple[tuple[str, str], ...]:
        return ((self.legal_rep_cert_type, self.legal_rep_cert_no), (self.cert_type, self.cert_no))


def identity_roles(prefix: str) -> Identity:
    p = prefix
    return Identity(
        name=f"{p}_XDR_MC", category=f"{p}_XDR_LB", uscc=f"{p}_XDR_SHXYM", business_reg=f"{p}_XDR_GSZC",
        org_code=f"{p}_XDR_ZZJG", tax=f"{p}_XDR_SWDJ", institution=f"{p}_XDR_SYDW", social_org=f"{p}_XDR_SHZZ",
        legal_rep=f"{p}_FRDB", legal_rep_cert_type=f"{p}_FR_ZJLX", legal_rep_cert_no=f"{p}_FR_ZJHM",
        cert_type=f"{p}_XDR_ZJLX", cert_no=f"{p}_XDR_ZJHM",
    )


def identity_fields(prefix: str) -> tuple[Field, ...]:
    """Fields 1–13 of both formats: 行政相对人, its category, six code slots, 法定代表人 and documents."""
    r = identity_roles(prefix)
    org = When(r.category, (LEGAL, INDIVIDUAL), "涉及法人及非法人组织、个体工商户时")
    person = When(r.category, (NATURAL,), "涉及自然人时")
    blank = "涉及自然人时此项为空白"
    return (
        Field(1, r.name, "行政相对人名称", max_length=200, required=True,
              length_note="200: the national table and the 2024 DDL agree (the 2016 standard allowed 256/128)"),
        Field(2, r.category, "行政相对人类别", max_length=16, required=True, enum=SUBJECT_CATEGORIES, check=Check.ENUM,
              note="法人及非法人组织、自然人、个体工商户",
              length_note="16 (national table); a 2024 DDL allows 100 — the longest value has 8 characters"),
        Field(3, r.uscc, "统一社会信用代码", max_length=18, check=Check.USCC, required_when=org, blank_when=person,
              note="涉及法人及非法人组织、个体工商户时必填；个体工商户暂无统一社会信用代码的填写 "
                   f"{PLACEHOLDER_USCC}，此时工商注册号必填；{blank}",
              length_note="18: GB 32100 fixes it (a 2024 DDL allows 32)"),
        Field(4, r.business_reg, "工商注册号", max_length=50, blank_when=person,
              note=f"统一社会信用代码为 {PLACEHOLDER_USCC} 时必填；{blank}"),
        Field(5, r.org_code, "组织机构代码", max_length=9, check=Check.ORG_CODE, blank_when=person, note=blank,
              length_note="9: GB 11714 (8 characters and the check character), as the national table; a 2024 DDL "
                          "allows 32. Written without the hyphen: 12345678-9 is accepted and stored as 123456789"),
        Field(6, r.tax, "税务登记号", max_length=20, blank_when=person, note=blank,
              length_note="20 chosen: an organisation's 税务登记号 has 15 characters (the platform tables' length), "
                          "a 2024 DDL allows 32; 20 also holds the ID-based 18/20-character numbers of 个体工商户"),
        Field(7, r.institution, "事业单位证书号", max_length=12, blank_when=person, note=blank,
              length_note="12 (the 事业单位法人证书 number), as the national table; a 2024 DDL allows 120"),
        Field(8, r.social_org, "社会组织登记证号", max_length=50, blank_when=person, note=blank),
        Field(9, r.legal_rep, "法定代表人", max_length=50, required_when=org, blank_when=person,
              note="涉及法人及非法人组织、个体工商户时必填（个体工商户填写经营者姓名）；" + blank),
        Field(10, r.legal_rep_cert_type, "法定代表人证件类型", max_length=64, enum=CERT_TYPES, check=Check.CATEGORY,
              blank_when=person, note="身份证、护照、港澳居民来往内地通行证、台湾居民来往大陆通行证、外国人永久居留身份证、"
                                      "其他-说明；与证件号码同填；" + blank),
        Field(11, r.legal_rep_cert_no, "法定代表人证件号码", max_length=64, check=Check.CERT_NUMBER,
              blank_when=person, personal=True, note="与证件类型同填；" + blank,
              length_note="64 (national table and the 2024 DDL); a provincial template marks it required for "
                          "legal persons — kept optional here as a pair with its type, as the national table has it"),
        Field(12, r.cert_type, "证件类型", max_length=64, enum=CERT_TYPES, check=Check.CATEGORY, required_when=person,
              blank_when=org, note="涉及自然人时必填；涉及法人及非法人组织、个体工商户时此项为空白"),
        Field(13, r.cert_no, "证件号码", max_length=64, check=Check.CERT_NUMBER, required_when=person, blank_when=org,
              personal=True, note="涉及自然人时必填；涉及法人及非法人组织、个体工商户时此项为空白"),
    )


@dataclass(frozen=True)
class NationalFormat(Format):
    """A national format: its fields and which field plays which role (conversion and validation read these)."""

    identity: Identity
    decision_no: str  # 决定文书号
    decided_on: str  # 决定日期
    category: str  # 许可类别 / 处罚类别
    content: str  # 许可内容 / 处罚内容
    authority: str  # 许可机关 / 处罚机关
    authority_code: str  # its 统一社会信用代码 (from the organisation's configuration)
    source_unit: str  # 数据来源单位
    source_unit_code: str
    note_field: str  # 备注
    valid_from: str | None = None
    valid_until: str | None = None
    publicity_end: str | None = None  # 公示截止期 (penalties)
    status: str | None = None  # 当前状态 (licences)
    fine: str | None = None  # 罚款金额（万元）
    confiscation: str | None = None  # 没收违法所得、没收非法财物的金额（万元）
    licence_ref: str | None = None  # 暂扣或吊销证照名称及编号
    date_order: tuple[tuple[str, str], ...] = ()  # (later, earlier) pairs: later is never before earlier


_CFLB = "CF_CFLB"
LICENSE = NationalFormat(
    kind=Kind.LICENSE,
    title="行政许可信息（全国信用信息共享平台格式）",
    attachment=SOURCE + "：行政许可 28 项",
    key="XK_XDR_LB",  # the header that tells a national file from a 2016 one
    identity=identity_roles("XK"),
    decision_no="XK_WSH", decided_on="XK_JDRQ", category="XK_XKLB", content="XK_NR", authority="XK_XKJG",
    authority_code="XK_XKJGDM", source_unit="XK_LYDW", source_unit_code="XK_LYDWDM", note_field="BZ",
    valid_from="XK_YXQZ", valid_until="XK_YXQZI", status="XK_ZT",
    date_order=(("XK_YXQZI", "XK_YXQZ"),),
    fields=identity_fields("XK") + (
        Field(14, "XK_XKWS", "行政许可决定文书名称", max_length=64, required=True),
        Field(15, "XK_WSH", "行政许可决定文书号", max_length=64, required=True,
              length_note="64 (national table); the 2016 standard allowed 12"),
        Field(16, "XK_XKLB", "许可类别", max_length=256, required=True, enum=LICENSE_TYPES, check=Check.CATEGORY,
              note="普通、特许、认可、核准、登记、其他-说明"),
        Field(17, "XK_XKZS", "许可证书名称", max_length=64),
        Field(18, "XK_XKBH", "许可编号", max_length=64),
        Field(19, "XK_NR", "许可内容", max_length=4000, required=True,
              length_note="4000 (national table); the 2016 standard allowed 2048"),
        Field(20, "XK_JDRQ", "许可决定日期", Type.DATE, required=True, note="YYYY/MM/DD"),
        Field(21, "XK_YXQZ", "有效期自", Type.DATE, required=True, note="YYYY/MM/DD"),
        Field(22, "XK_YXQZI", "有效期至", Type.DATE, required=True, long_term=True, note="YYYY/MM/DD，2099/12/31 含义为长期"),
        Field(23, "XK_XKJG", "许可机关", max_length=200, required=True, note="全称"),
        Field(24, "XK_XKJGDM", "许可机关统一社会信用代码", max_length=18, required=True, check=Check.USCC,
              note="取自本单位配置，不逐条填写"),
        Field(25, "XK_ZT", "当前状态", max_length=1, required=True, enum=tuple(LICENSE_STATUS), check=Check.ENUM,
              note="1=有效；2=无效"),
        Field(26, "XK_LYDW", "数据来源单位", max_length=200, required=True, note="取自本单位配置"),
        Field(27, "XK_LYDWDM", "数据来源单位统一社会信用代码", max_length=18, required=True, check=Check.USCC,
              note="取自本单位配置"),
        Field(28, "BZ", "备注", max_length=512),
    ),
)

PENALTY = NationalFormat(
    kind=Kind.PENALTY,
    title="行政处罚信息（全国信用信息共享平台格式）",
    attachment=SOURCE + "：行政处罚 30 项",
    key="CF_XDR_LB",
    identity=identity_roles("CF"),
    decision_no="CF_WSH", decided_on="CF_JDRQ", category=_CFLB, content="CF_NR", authority="CF_CFJG",
    authority_code="CF_CFJGDM", source_unit="CF_SJLY", source_unit_code="CF_SJLYDM", note_field="BZ",
    valid_until="CF_YXQ", publicity_end="CF_GSJZQ", fine="CF_NR_FK", confiscation="CF_NR_WFFF",
    licence_ref="CF_NR_ZKDX",
    date_order=(("CF_YXQ", "CF_JDRQ"), ("CF_GSJZQ", "CF_JDRQ")),
    fields=identity_fields("CF") + (
        Field(14, "CF_WSH", "行政处罚决定书文号", max_length=128, required=True,
              length_note="128: the national table, the 2024 DDL and the 2016 standard agree"),
        Field(15, "CF_WFXW", "违法行为类型", max_length=2000, required=True),
        Field(16, "CF_SY", "违法事实", max_length=5000, required=True,
              length_note="5000 (national table; the 2024 DDL uses an unbounded text); the 2016 处罚事由 allowed 2048"),
        Field(17, "CF_YJ", "处罚依据", max_length=2048, required=True),
        Field(18, _CFLB, "处罚类别", max_length=256, required=True, enum=PENALTY_TYPES, check=Check.CATEGORY,
              multi=True, note="《行政处罚法》第九条：" + "、".join(PENALTY_TYPES[:-1]) + "、其他-名称；可多选，以 ; 分隔",
              length_note="256 (national table); the 2024 DDL allows 36 — too short for several kinds in one "
                          "decision, which the law and the table allow"),
        Field(19, "CF_NR", "处罚内容", max_length=4000, required=True),
        Field(20, "CF_NR_FK", "罚款金额（万元）", Type.DECIMAL, scale=6,
              required_when=When(_CFLB, (FINE,), "处罚类别为罚款时"),
              note="单位万元，保留 6 位小数：2000 元填 0.200000",
              length_note="N(24,6) in the national table, decimal(18,6) in the 2024 DDL: 6 decimals in both; "
                          f"{DECIMAL_INTEGER_DIGITS} integer digits accepted"),
        Field(21, "CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", Type.DECIMAL, scale=6,
              required_when=When(_CFLB, (CONFISCATE_GAINS, CONFISCATE_PROPERTY), "处罚类别为没收违法所得、没收非法财物时"),
              note="单位万元，保留 6 位小数"),
        Field(22, "CF_NR_ZKDX", "暂扣或吊销证照名称及编号", max_length=200,
              required_when=When(_CFLB, (SUSPEND_LICENCE, REVOKE_LICENCE), "处罚类别为暂扣或者吊销许可证件时")),
        Field(23, "CF_JDRQ", "处罚决定日期", Type.DATE, required=True, note="YYYY/MM/DD"),
        Field(24, "CF_YXQ", "处罚有效期", Type.DATE, required=True, long_term=True, note="YYYY/MM/DD，2099/12/31 含义为长期"),
        Field(25, "CF_GSJZQ", "公示截止期", Type.DATE, required=True, note="按公示期限规则计算（credit.rules.publicity_versions）"),
        Field(26, "CF_CFJG", "处罚机关", max_length=200, required=True, note="全称"),
        Field(27, "CF_CFJGDM", "处罚机关统一社会信用代码", max_length=18, required=True, check=Check.USCC,
              note="取自本单位配置，不逐条填写"),
        Field(28, "CF_SJLY", "数据来源单位", max_length=200, required=True, note="取自本单位配置"),
        Field(29, "CF_SJLYDM", "数据来源单位统一社会信用代码", max_length=18, required=True, check=Check.USCC,
              note="取自本单位配置"),
        Field(30, "BZ", "备注", max_length=512),
    ),
)

FORMATS: dict[str, NationalFormat] = {Kind.LICENSE: LICENSE, Kind.PENALTY: PENALTY}


def format_for(kind: str) -> NationalFormat:
    """The national format of a kind ("license" or "penalty"); ValueError for anything else."""
    try:
        return FORMATS[Kind(kind)]
    except ValueError:
        raise ValueError(f"unknown kind {kind!r}: expected license or penalty") from None


# --- validation of a national-format frame --------------------------------------------------------------


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
        NationalRule.DECIMAL: _("%(name)s（%(code)s）应为以万元为单位的非负数，最多 %(scale)s 位小数，例如 0.200000"),
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
        bad_enum, bare_other = _category_checks(f, c) if f.check is Check.CATEGORY else (pl.lit(False), pl.lit(False))
        flags = {_flag(f.code, "enum"): bad_enum, _flag(f.code, "other"): bare_other}
        for g in fmt.fields:
            for when in (g.required_when, g.blank_when):
                if when is not None and when.field == f.code:
                    flags[_when_flag(when)] = (split_values(c).list.eval(pl.element().is_in(list(when.values)))
                                               .list.any().fill_null(False))
        distinct = clean.select(f.code).unique().with_columns(**flags)
        out = out.join(distinct, on=f.code, how="left", nulls_equal=True, maintain_order="left")
    return out


def normalise(frame: pl.DataFrame, fmt: NationalFormat) -> pl.DataFrame:
    """Trimmed values, blanks as null, dates as YYYY-MM-DD (YYYY/MM/DD accepted), 组织机构代码 without its
    hyphen; every field of the format present (missing columns as null)."""
    trimmed = frame.select([
        (pl.col(f.code).cast(pl.Utf8) if f.code in frame.columns else pl.lit(None, dtype=pl.Utf8)).str.strip_chars()
        .alias(f.code) for f in fmt.fields])
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

    `longest` (field → its longest value in bytes) skips length checks that cannot fail, as the 2016 rules do."""
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
            out.append((missing, NationalRule.CERT_PAIR, present.is_not_null() & col(missing).is_null() & ~covered))
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
    table = pl.DataFrame({
        "check": names, "field": [m[0] for m in meta], "rule": [m[1] for m in meta], "message": [m[2] for m in meta],
        "_order": [order.get(m[0], len(order)) for m in meta],
    }, schema={"check": pl.Utf8, "field": pl.Utf8, "rule": pl.Utf8, "message": pl.Utf8, "_order": pl.Int64})
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


# --- the 2016 处罚类别 read as national kinds -------------------------------------------------------------
# One table for the publicity tiers (rules.publicity) and the conversion (formats.convert): a 2016
# category names one national kind, or 暂扣或者吊销 (two kinds in one name: which one is read from the
# 处罚结果), or 其他（X） (X itself when it is a national kind, e.g. 其他（通报批评） → 通报批评).
SUSPEND_OR_REVOKE_2016 = ("暂扣或者吊销许可证", "暂扣或者吊销执照")
KINDS_FROM_2016 = {
    "警告": WARNING, "罚款": FINE, "没收违法所得": CONFISCATE_GAINS, "没收非法财物": CONFISCATE_PROPERTY,
    "没手非法财物": CONFISCATE_PROPERTY,  # the seed's misprint (standard.PENALTY_CATEGORY_ALIASES)
    "责令停产停业": SUSPEND_BUSINESS, "行政拘留": DETENTION,
} | {kind: kind for kind in PENALTY_TYPES if kind != OTHER}  # a national name written in a 2016 file
#: a 2016 暂扣或者吊销 whose 处罚结果 says neither 暂扣 nor 吊销: not a national kind; tiers read it as 吊销
#: (the most severe possibility), the conversion reports it
UNDETERMINED = "暂扣或者吊销许可证件"
KINDS_TO_2016 = {
    WARNING: "警告", FINE: "罚款", CONFISCATE_GAINS: "没收违法所得", CONFISCATE_PROPERTY: "没收非法财物",
    SUSPEND_BUSINESS: "责令停产停业", DETENTION: "行政拘留",
    SUSPEND_LICENCE: "暂扣或者吊销许可证", REVOKE_LICENCE: "暂扣或者吊销许可证", UNDETERMINED: "暂扣或者吊销许可证",
}
OTHER_INNER = r"^其他\s*[（(:：\-—]\s*(.*?)\s*[）)]?$"


def _national_inner() -> str:
    """其他（X） where X is a national kind: the regex that reads it as X."""
    names = "|".join(sorted((k for k in KINDS_FROM_2016 if k != OTHER), key=len, reverse=True))
    return rf"其他\s*[（(:：\-—]\s*({names})\s*[）)]?"


_OTHER_NAMED = _national_inner()
_OTHER_TEXT = r"其他\s*[（(:：\-—]\s*([^、；;，,/（）()]+?)\s*[）)]?(?:[、；;，,/]|$)"


def kinds_from_2016(category: str, result: str = "") -> list[str]:
    """The national kinds a 2016 处罚类别 names (in order, once each); `result` (处罚结果) tells 暂扣 from 吊销.
    A value that names no kind is kept as written (the validation reports it), never turned into another.

    >>> kinds_from_2016("罚款、暂扣或者吊销许可证", "罚款2000元，吊销食品经营许可证")
    ['罚款', '吊销许可证件']
    >>> kinds_from_2016("其他（通报批评）")
    ['通报批评']
    """
    out: list[str] = []
    for part in re.split(MULTI_SEPARATORS, category or ""):
        part = part.strip()
        if not part:
            continue
        if part in SUSPEND_OR_REVOKE_2016:
            found = [k for k, word in ((SUSPEND_LICENCE, "暂扣"), (REVOKE_LICENCE, "吊销")) if word in (result or "")]
            kinds = found or [UNDETERMINED]
        elif part in KINDS_FROM_2016:
            kinds = [KINDS_FROM_2016[part]]
        elif (m := re.fullmatch(OTHER_INNER, part)) and m.group(1):
            inner = m.group(1)
            kinds = [inner if inner in KINDS_FROM_2016 else OTHER_PREFIX + inner]
        else:  # 其他 unexplained, or a name no standard knows: as written
            kinds = [part]
        out.extend(k for k in kinds if k not in out)
    return out


def kinds_from_2016_expr(category: pl.Expr, result: pl.Expr) -> pl.Expr:
    """`kinds_from_2016` over columns: a List[Utf8] of national kinds per row. The text is rewritten as a
    whole (regexes over the column) and only then split, so no per-row Python and no per-list evaluation."""
    suspend = result.str.contains("暂扣", literal=True).fill_null(False)
    revoke = result.str.contains("吊销", literal=True).fill_null(False)
    both = SUSPEND_LICENCE + "、" + REVOKE_LICENCE
    which = (pl.when(suspend & revoke).then(pl.lit(both)).when(revoke).then(pl.lit(REVOKE_LICENCE))
             .when(suspend).then(pl.lit(SUSPEND_LICENCE)).otherwise(pl.lit(UNDETERMINED)))
    text = category.str.replace_all("没手非法财物", CONFISCATE_PROPERTY, literal=True)
    for name in SUSPEND_OR_REVOKE_2016:
        text = text.str.replace_all(name, which, literal=True)
    text = (text.str.replace_all(_OTHER_NAMED, "${1}")
            .str.replace_all(_OTHER_TEXT, OTHER_PREFIX + "${1}、")
            .str.replace_all(r"\s*[、；;，,/]+\s*", "、").str.strip_chars("、 "))
    parts = pl.when(text == "").then(pl.lit([], dtype=pl.List(pl.Utf8))).otherwise(text.str.split("、"))
    return parts.list.unique(maintain_order=True)


def kinds_to_2016_expr(kinds: pl.Expr) -> pl.Expr:
    """National kinds (List[Utf8]) as a 2016 处罚类别: the enumeration's name, else 其他（名称）; joined by 、."""
    e = pl.element()
    inner = e.str.strip_prefix(OTHER_PREFIX)
    name = (pl.when(e.is_in(list(KINDS_TO_2016))).then(e.replace_strict(KINDS_TO_2016, default=e))
            .when(e == OTHER).then(pl.lit(OTHER))
            .otherwise("其他（" + inner + "）"))
    return kinds.list.eval(name).list.unique(maintain_order=True).list.join("、")


# --- the generated part of docs/credit-national.md ---------------------------------------------------------

DOC_PATH = "docs/credit-national.md"
DOC_BEGIN = "<!-- fields: generated by `zhengwu credit docs` from credit/formats/national.py; do not edit -->"
DOC_END = "<!-- end of generated fields -->"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def fields_markdown() -> str:
    """The field tables of both national formats (the block between DOC_BEGIN and DOC_END)."""
    lines = [DOC_BEGIN, ""]
    for fmt in FORMATS.values():
        lines += [f"### {fmt.title} (`{fmt.kind}`, {len(fmt.fields)} fields)", "",
                  "| # | Code | 中文名称 | Type | Max chars | Required | Values / check | Note | Length: chosen and why |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for f in fmt.fields:
            required = "yes" if f.required else (f"when {f.required_when.note}" if f.required_when else "")
            values = "、".join(f.enum)
            if f.check not in (Check.NONE, Check.CATEGORY, Check.ENUM):
                values = (values + " " if values else "") + f"check: {f.check.value}"
            if f.long_term:
                values += f" {LONG_TERM} = long-term"
            if f.scale is not None:
                values += f" {DECIMAL_INTEGER_DIGITS}.{f.scale} digits (万元)"
            if f.blank_when:
                values += f"; blank {f.blank_when.note}"
            if f.personal:
                values += "; personal: never public"
            size = f.max_length or ""
            lines.append(f"| {f.no} | `{f.code}` | {_cell(f.name)} | {f.type.value} | {size} | {_cell(required)} | "
                         f"{_cell(values.strip(' ;'))} | {_cell(f.note)} | {_cell(f.length_note)} |")
        lines.append("")
    lines.append(DOC_END)
    return "\n".join(lines)


def with_fields(text: str) -> str:
    """A document with its generated block replaced by the current field tables."""
    start, end = text.index(DOC_BEGIN), text.index(DOC_END) + len(DOC_END)
    return text[:start] + fields_markdown() + text[end:]
