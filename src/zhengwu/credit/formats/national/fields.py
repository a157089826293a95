"""The national formats as data: the enumerations, the identity block shared by both kinds
(`identity_fields(prefix)`), the 行政许可 (28 fields) and 行政处罚 (30 fields) formats."""

from __future__ import annotations

from dataclasses import dataclass

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
CERT_TYPES = (
    "身份证",
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    OTHER,
)

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
        name=f"{p}_XDR_MC",
        category=f"{p}_XDR_LB",
        uscc=f"{p}_XDR_SHXYM",
        business_reg=f"{p}_XDR_GSZC",
        org_code=f"{p}_XDR_ZZJG",
        tax=f"{p}_XDR_SWDJ",
        institution=f"{p}_XDR_SYDW",
        social_org=f"{p}_XDR_SHZZ",
        legal_rep=f"{p}_FRDB",
        legal_rep_cert_type=f"{p}_FR_ZJLX",
        legal_rep_cert_no=f"{p}_FR_ZJHM",
        cert_type=f"{p}_XDR_ZJLX",
        cert_no=f"{p}_XDR_ZJHM",
    )


def identity_fields(prefix: str) -> tuple[Field, ...]:
    """Fields 1–13 of both formats: 行政相对人, its category, six code slots, 法定代表人 and documents."""
    r = identity_roles(prefix)
    org = When(r.category, (LEGAL, INDIVIDUAL), "涉及法人及非法人组织、个体工商户时")
    person = When(r.category, (NATURAL,), "涉及自然人时")
    blank = "涉及自然人时此项为空白"
    return (
        Field(
            1,
            r.name,
            "行政相对人名称",
            max_length=200,
            required=True,
            length_note="200: the national table and the 2024 DDL agree (the 2016 standard allowed 256/128)",
        ),
        Field(
            2,
            r.category,
            "行政相对人类别",
            max_length=16,
            required=True,
            enum=SUBJECT_CATEGORIES,
            check=Check.ENUM,
            note="法人及非法人组织、自然人、个体工商户",
            length_note="16 (national table); a 2024 DDL allows 100 — the longest value has 8 characters",
        ),
        Field(
            3,
            r.uscc,
            "统一社会信用代码",
            max_length=18,
            check=Check.USCC,
            required_when=org,
            blank_when=person,
            note="涉及法人及非法人组织、个体工商户时必填；个体工商户暂无统一社会信用代码的填写 "
            f"{PLACEHOLDER_USCC}，此时工商注册号必填；{blank}",
            length_note="18: GB 32100 fixes it (a 2024 DDL allows 32)",
        ),
        Field(
            4,
            r.business_reg,
            "工商注册号",
            max_length=50,
            blank_when=person,
            note=f"统一社会信用代码为 {PLACEHOLDER_USCC} 时必填；{blank}",
        ),
        Field(
            5,
            r.org_code,
            "组织机构代码",
            max_length=9,
            check=Check.ORG_CODE,
            blank_when=person,
            note=blank,
            length_note="9: GB 11714 (8 characters and the check character), as the national table; a 2024 "
                        "DDL "
            "allows 32. Written without the hyphen: 12345678-9 is accepted and stored as 123456789",
        ),
        Field(
            6,
            r.tax,
            "税务登记号",
            max_length=20,
            blank_when=person,
            note=blank,
            length_note="20 chosen: an organisation's 税务登记号 has 15 characters (the platform tables' "
                        "length), "
            "a 2024 DDL allows 32; 20 also holds the ID-based 18/20-character numbers of 个体工商户",
        ),
        Field(
            7,
            r.institution,
            "事业单位证书号",
            max_length=12,
            blank_when=person,
            note=blank,
            length_note="12 (the 事业单位法人证书 number), as the national table; a 2024 DDL allows 120",
        ),
        Field(8, r.social_org, "社会组织登记证号", max_length=50, blank_when=person, note=blank),
        Field(
            9,
            r.legal_rep,
            "法定代表人",
            max_length=50,
            required_when=org,
            blank_when=person,
            note="涉及法人及非法人组织、个体工商户时必填（个体工商户填写经营者姓名）；" + blank,
        ),
        Field(
            10,
            r.legal_rep_cert_type,
            "法定代表人证件类型",
            max_length=64,
            enum=CERT_TYPES,
            check=Check.CATEGORY,
            blank_when=person,
            note="身份证、护照、港澳居民来往内地通行证、台湾居民来往大陆通行证、外国人永久居留身份证、"
            "其他-说明；与证件号码同填；" + blank,
        ),
        Field(
            11,
            r.legal_rep_cert_no,
            "法定代表人证件号码",
            max_length=64,
            check=Check.CERT_NUMBER,
            blank_when=person,
            personal=True,
            note="与证件类型同填；" + blank,
            length_note="64 (national table and the 2024 DDL); a provincial template marks it required for "
            "legal persons — kept optional here as a pair with its type, as the national table has it",
        ),
        Field(
            12,
            r.cert_type,
            "证件类型",
            max_length=64,
            enum=CERT_TYPES,
            check=Check.CATEGORY,
            required_when=person,
            blank_when=org,
            note="涉及自然人时必填；涉及法人及非法人组织、个体工商户时此项为空白",
        ),
        Field(
            13,
            r.cert_no,
            "证件号码",
            max_length=64,
            check=Check.CERT_NUMBER,
            required_when=person,
            blank_when=org,
            personal=True,
            note="涉及自然人时必填；涉及法人及非法人组织、个体工商户时此项为空白",
        ),
    )


@dataclass(frozen=True)
class NationalFormat(Format):
    """A national format: its fields and which field plays
    which role (conversion and validation read these)."""

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
    decision_no="XK_WSH",
    decided_on="XK_JDRQ",
    category="XK_XKLB",
    content="XK_NR",
    authority="XK_XKJG",
    authority_code="XK_XKJGDM",
    source_unit="XK_LYDW",
    source_unit_code="XK_LYDWDM",
    note_field="BZ",
    valid_from="XK_YXQZ",
    valid_until="XK_YXQZI",
    status="XK_ZT",
    date_order=(("XK_YXQZI", "XK_YXQZ"),),
    fields=identity_fields("XK")
    + (
        Field(14, "XK_XKWS", "行政许可决定文书名称", max_length=64, required=True),
        Field(
            15,
            "XK_WSH",
            "行政许可决定文书号",
            max_length=64,
            required=True,
            length_note="64 (national table); the 2016 standard allowed 12",
        ),
        Field(
            16,
            "XK_XKLB",
            "许可类别",
            max_length=256,
            required=True,
            enum=LICENSE_TYPES,
            check=Check.CATEGORY,
            note="普通、特许、认可、核准、登记、其他-说明",
        ),
        Field(17, "XK_XKZS", "许可证书名称", max_length=64),
        Field(18, "XK_XKBH", "许可编号", max_length=64),
        Field(
            19,
            "XK_NR",
            "许可内容",
            max_length=4000,
            required=True,
            length_note="4000 (national table); the 2016 standard allowed 2048",
        ),
        Field(20, "XK_JDRQ", "许可决定日期", Type.DATE, required=True, note="YYYY/MM/DD"),
        Field(21, "XK_YXQZ", "有效期自", Type.DATE, required=True, note="YYYY/MM/DD"),
        Field(
            22,
            "XK_YXQZI",
            "有效期至",
            Type.DATE,
            required=True,
            long_term=True,
            note="YYYY/MM/DD，2099/12/31 含义为长期",
        ),
        Field(23, "XK_XKJG", "许可机关", max_length=200, required=True, note="全称"),
        Field(
            24,
            "XK_XKJGDM",
            "许可机关统一社会信用代码",
            max_length=18,
            required=True,
            check=Check.USCC,
            note="取自本单位配置，不逐条填写",
        ),
        Field(
            25,
            "XK_ZT",
            "当前状态",
            max_length=1,
            required=True,
            enum=tuple(LICENSE_STATUS),
            check=Check.ENUM,
            note="1=有效；2=无效",
        ),
        Field(26, "XK_LYDW", "数据来源单位", max_length=200, required=True, note="取自本单位配置"),
        Field(
            27,
            "XK_LYDWDM",
            "数据来源单位统一社会信用代码",
            max_length=18,
            required=True,
            check=Check.USCC,
            note="取自本单位配置",
        ),
        Field(28, "BZ", "备注", max_length=512),
    ),
)

PENALTY = NationalFormat(
    kind=Kind.PENALTY,
    title="行政处罚信息（全国信用信息共享平台格式）",
    attachment=SOURCE + "：行政处罚 30 项",
    key="CF_XDR_LB",
    identity=identity_roles("CF"),
    decision_no="CF_WSH",
    decided_on="CF_JDRQ",
    category=_CFLB,
    content="CF_NR",
    authority="CF_CFJG",
    authority_code="CF_CFJGDM",
    source_unit="CF_SJLY",
    source_unit_code="CF_SJLYDM",
    note_field="BZ",
    valid_until="CF_YXQ",
    publicity_end="CF_GSJZQ",
    fine="CF_NR_FK",
    confiscation="CF_NR_WFFF",
    licence_ref="CF_NR_ZKDX",
    date_order=(("CF_YXQ", "CF_JDRQ"), ("CF_GSJZQ", "CF_JDRQ")),
    fields=identity_fields("CF")
    + (
        Field(
            14,
            "CF_WSH",
            "行政处罚决定书文号",
            max_length=128,
            required=True,
            length_note="128: the national table, the 2024 DDL and the 2016 standard agree",
        ),
        Field(15, "CF_WFXW", "违法行为类型", max_length=2000, required=True),
        Field(
            16,
            "CF_SY",
            "违法事实",
            max_length=5000,
            required=True,
            length_note="5000 (national table; the 2024 DDL uses an unbounded text); the 2016 处罚事由 "
                        "allowed 2048",
        ),
        Field(17, "CF_YJ", "处罚依据", max_length=2048, required=True),
        Field(
            18,
            _CFLB,
            "处罚类别",
            max_length=256,
            required=True,
            enum=PENALTY_TYPES,
            check=Check.CATEGORY,
            multi=True,
            note="《行政处罚法》第九条：" + "、".join(PENALTY_TYPES[:-1]) + "、其他-名称；可多选，以 ; 分隔",
            length_note="256 (national table); the 2024 DDL allows 36 — too short for several kinds in one "
            "decision, which the law and the table allow",
        ),
        Field(19, "CF_NR", "处罚内容", max_length=4000, required=True),
        Field(
            20,
            "CF_NR_FK",
            "罚款金额（万元）",
            Type.DECIMAL,
            scale=6,
            required_when=When(_CFLB, (FINE,), "处罚类别为罚款时"),
            note="单位万元，保留 6 位小数：2000 元填 0.200000",
            length_note="N(24,6) in the national table, decimal(18,6) in the 2024 DDL: 6 decimals in both; "
            f"{DECIMAL_INTEGER_DIGITS} integer digits accepted",
        ),
        Field(
            21,
            "CF_NR_WFFF",
            "没收违法所得、没收非法财物的金额（万元）",
            Type.DECIMAL,
            scale=6,
            required_when=When(
                _CFLB, (CONFISCATE_GAINS, CONFISCATE_PROPERTY), "处罚类别为没收违法所得、没收非法财物时"
            ),
            note="单位万元，保留 6 位小数",
        ),
        Field(
            22,
            "CF_NR_ZKDX",
            "暂扣或吊销证照名称及编号",
            max_length=200,
            required_when=When(_CFLB, (SUSPEND_LICENCE, REVOKE_LICENCE), "处罚类别为暂扣或者吊销许可证件时"),
        ),
        Field(23, "CF_JDRQ", "处罚决定日期", Type.DATE, required=True, note="YYYY/MM/DD"),
        Field(
            24,
            "CF_YXQ",
            "处罚有效期",
            Type.DATE,
            required=True,
            long_term=True,
            note="YYYY/MM/DD，2099/12/31 含义为长期",
        ),
        Field(
            25,
            "CF_GSJZQ",
            "公示截止期",
            Type.DATE,
            required=True,
            note="按公示期限规则计算（credit.rules.publicity_versions）",
        ),
        Field(26, "CF_CFJG", "处罚机关", max_length=200, required=True, note="全称"),
        Field(
            27,
            "CF_CFJGDM",
            "处罚机关统一社会信用代码",
            max_length=18,
            required=True,
            check=Check.USCC,
            note="取自本单位配置，不逐条填写",
        ),
        Field(28, "CF_SJLY", "数据来源单位", max_length=200, required=True, note="取自本单位配置"),
        Field(
            29,
            "CF_SJLYDM",
            "数据来源单位统一社会信用代码",
            max_length=18,
            required=True,
            check=Check.USCC,
            note="取自本单位配置",
        ),
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
