"""The 双公示 data standards as data.

Source: 罗府办函〔2016〕74号 (深圳市罗湖区行政许可和行政处罚信用信息公示工作实施方案, 2016-02-23),
附件1 行政许可信息公示数据标准 (28 fields) and 附件2 行政处罚信息公示数据标准 (25 fields).

Every other layer (validator, models, XLSX template, exports, docs page, Frictionless schema)
iterates these tuples. Pure: no Django but gettext, for the names people read.

`Format` is what every declared record format shares (its ordered `Field`s and its key); the 2016
`Standard` adds the roles its rules need. The national exchange formats (`formats/national/`)
are declared with the same `Field` and `Format`.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

SOURCE = "罗府办函〔2016〕74号 附件1、附件2"


class Kind(StrEnum):
    LICENSE = "license"
    PENALTY = "penalty"


KIND_LABELS = {Kind.LICENSE: _("行政许可"), Kind.PENALTY: _("行政处罚")}
#: (value, name) of the two kinds, for forms and filters (views take choices from here, never from models)
KIND_CHOICES = [(k.value, label) for k, label in KIND_LABELS.items()]


class Type(StrEnum):
    TEXT = "text"  # 文本 / 字符型
    DATE = "date"  # 日期: YYYY-MM-DD
    TIMESTAMP = "timestamp"  # 时间 (数据更新时间戳): YYYY-MM-DD, optionally with HH:MM[:SS]
    BINARY = "binary"  # 二进制流 (许可图片): base64 text or a reference, not validated further
    DECIMAL = "decimal"  # 数值 N(p,s): a non-negative decimal number with at most `Field.scale` decimals


class Check(StrEnum):
    """The check a field's value must pass besides length/enumeration."""

    NONE = ""
    USCC = "uscc"  # 统一社会信用代码, GB 32100-2015
    ORG_CODE = "org_code"  # 组织机构代码, GB 11714-1997 (with or without the hyphen)
    RIC = "ric"  # 居民身份证号码, GB 11643-1999 (birth date included)
    DIVISION = "division"  # 6-digit administrative division code that exists (GB/T 2260)
    STREET = "street"  # a street of the district
    ITEM = "item"  # 事项编码 in the unit's item catalog, or 无
    STATUS = "status"  # 当前状态 0/1/2/3, blank = 0
    CATEGORY = "category"  # enumeration, 其他 needs its explanation
    ENUM = "enum"  # a closed enumeration (no 其他)
    CERT_NUMBER = "cert_number"  # 证件号码: a 居民身份证号 (GB 11643) when its 证件类型 is 身份证


@dataclass(frozen=True)
class When:
    """A condition on another field of the same row: that field's value (one of its values, for a
    several-valued field) is one of `values`. `note` is how the standard words it."""

    field: str
    values: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Field:
    """One field of a standard: `code` as in the attachment, `name` its 中文名称."""

    no: int
    code: str
    name: str
    type: Type = Type.TEXT
    max_length: int | None = None
    required: bool = False
    note: str = ""
    enum: tuple[str, ...] = ()
    aliases: dict = field(default_factory=dict)  # misprints and variants → the correct term
    check: Check = Check.NONE
    long_term: bool = False  # 2099/12/31 accepted as "long-term"
    multi: bool = False  # several enumeration values separated by 、 or ；
    extension: bool = False  # 扩充字段 (the seed's 黑体 extension fields)
    scale: int | None = None  # decimals of a Type.DECIMAL field
    required_when: When | None = None  # required only when this holds
    blank_when: When | None = None  # must stay empty when this holds
    personal: bool = False  # a person's identifier: never shown on a public surface
    length_note: str = ""  # where public sources disagree on max_length: the value chosen and why
    none_when_absent: bool = False  # never blank: the standard says to write 无 when there is no value
    not_future: bool = False  # a decision date or update timestamp: never after today

    @property
    def short_name(self) -> str:
        """The name inside the parentheses for the 行政相对人代码_N(…) fields, else the name."""
        if "(" in self.name and self.name.endswith(")"):
            return self.name[self.name.index("(") + 1:-1]
        return self.name


@dataclass(frozen=True)
class Format:
    """A declared record format: its fields in order and the field that identifies a row in a file."""

    kind: Kind
    title: str
    attachment: str  # where the format is defined
    fields: tuple[Field, ...]
    key: str  # the field whose header must be present for a file to be recognised as this format

    def field(self, code: str) -> Field:
        return self.by_code[code]

    @property
    def by_code(self) -> dict[str, Field]:
        return {f.code: f for f in self.fields}

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.fields]


@dataclass(frozen=True)
class Standard(Format):
    """One attachment of the 2016 standard: its fields, and which field plays which role in the rules.

    `key` is 序号, the primary key."""

    decision_no: str  # 决定书文号
    subject: str  # 行政相对人名称
    legal_codes: tuple[str, str, str]  # codes 1–3: one is needed for a legal person
    tax_code: str  # code 4 (税务登记码)
    id_number: str  # code 5 (居民身份证号)
    legal_rep: str  # 法定代表人姓名
    category: str  # 审批类别 / 处罚类别
    start: str  # 生效期 (the decision date for the 7-working-day deadline)
    end: str  # 截止期
    publicity_end: str  # 公示期限
    status: str  # 当前状态
    note_field: str  # 备注
    item_code: str  # 事项编码
    street: str
    division: str
    authority: str  # 许可机关 / 处罚机关
    timestamp: str  # 数据更新时间戳


STATUS_NOTE = "0=正常(或空白); 1=撤销; 2=异议; 3=其他(备注说明);"
STATUS_VALUES = ("0", "1", "2", "3")
STATUS_LABELS = {"0": "正常", "1": "撤销", "2": "异议", "3": "其他"}
OTHER = "其他"
NONE_GIVEN = "无"  # 申办流水号/事项编码 "若因历史数据无法提供,则该项填写“无”"
LONG_TERM = "2099-12-31"
LONG_TERM_SLASH = "2099/12/31"

LICENSE_CATEGORIES = ("普通", "特许", "认可", "核准", "登记", OTHER)
PENALTY_CATEGORIES = (
    "警告",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "责令停产停业",
    "暂扣或者吊销许可证",
    "暂扣或者吊销执照",
    "行政拘留",
    OTHER,
)
# The seed misprints 没收非法财物 as 没手非法财物: accepted as an alias and stored as the correct term.
PENALTY_CATEGORY_ALIASES = {"没手非法财物": "没收非法财物"}

_CODE_NOTE = "非自然人时选填项(7、8、9 三项中必填一项)自然人此项空白"
_DATE_NOTE = "如本文格式:YYYY-MM-DD"
_LT = " 2099/12/31 含义为长期"

LICENSE = Standard(
    kind=Kind.LICENSE,
    title="行政许可信息公示数据标准",
    attachment="附件1",
    key="XK_XH",
    decision_no="XK_WSH",
    subject="XK_XDR",
    legal_codes=("XK_XDR_SHXYM", "XK_XDR_ZDM", "XK_XDR_GSDJ"),
    tax_code="XK_XDR_SWDJ",
    id_number="XK_XDR_SFZ",
    legal_rep="XK_FR",
    category="XK_SPLB",
    start="XK_SXQ",
    end="XK_JZQ",
    publicity_end="XK_GSQX",
    status="XK_ZT",
    note_field="BZ",
    item_code="SXBM",
    street="JD",
    division="DFBM",
    authority="XK_XZJG",
    timestamp="SJC",
    fields=(
        Field(1, "XK_XH", "序号", max_length=256, required=True, note="主键"),
        Field(2, "XK_WSH", "行政许可决定书文号", max_length=12, required=True),
        Field(3, "XK_XMMC", "项目名称", max_length=256, required=True),
        Field(
            4,
            "XK_SPLB",
            "审批类别",
            max_length=16,
            required=True,
            note="普通、特许、认可、核准、登记、其他(需注明)",
            enum=LICENSE_CATEGORIES,
            check=Check.CATEGORY,
        ),
        Field(5, "XK_NR", "许可内容", max_length=2048, required=True),
        Field(6, "XK_XDR", "行政相对人名称", max_length=256, required=True),
        Field(
            7,
            "XK_XDR_SHXYM",
            "行政相对人代码_1(统一社会信用代码)",
            max_length=64,
            note="自然人此项空白如 7、8、9 均无则必填",
            check=Check.USCC,
        ),
        Field(
            8,
            "XK_XDR_ZDM",
            "行政相对人代码_2(组织机构代码)",
            max_length=64,
            note=_CODE_NOTE,
            check=Check.ORG_CODE,
        ),
        Field(9, "XK_XDR_GSDJ", "行政相对人代码_3(工商登记码)", max_length=64, note=_CODE_NOTE),
        Field(10, "XK_XDR_SWDJ", "行政相对人代码_4(税务登记码)", max_length=64, note=_CODE_NOTE),
        Field(
            11,
            "XK_XDR_SFZ",
            "行政相对人代码_5(居民身份证号)",
            max_length=64,
            note="非自然人时为法人身份证 自然人时行政对象人身份证",
            check=Check.RIC,
            personal=True,
        ),
        Field(12, "XK_FR", "法定代表人姓名", max_length=256, note="自然人许可此项为空白"),
        Field(13, "XK_SXQ", "许可生效期", Type.DATE, required=True, note=_DATE_NOTE, not_future=True),
        Field(14, "XK_JZQ", "许可截止期", Type.DATE, required=True, note=_DATE_NOTE + _LT, long_term=True),
        Field(15, "XK_XZJG", "许可机关", max_length=64, required=True, note="市级、区级机关名称(全名)"),
        Field(
            16,
            "XK_ZT",
            "当前状态",
            max_length=1,
            required=True,
            note=STATUS_NOTE,
            enum=STATUS_VALUES,
            check=Check.STATUS,
        ),
        Field(
            17, "DFBM", "地方编码", max_length=6, required=True, note="根据国家行政编码", check=Check.DIVISION
        ),
        Field(18, "JD", "街道", max_length=256, required=True, note="街道名称", check=Check.STREET),
        Field(19, "XK_GSQX", "公示期限", Type.DATE, note="公示截止日期 " + _DATE_NOTE + _LT, long_term=True),
        # The seed's note repeats 截止期's "2099/12/31 含义为长期" here; an update timestamp is a moment that
        # has happened (issue 13 item 5), so 2099/12/31 is not accepted for it.
        Field(
            20, "SJC", "数据更新时间戳", Type.TIMESTAMP, required=True, note=_DATE_NOTE + _LT, not_future=True
        ),
        Field(21, "BZ", "备注", max_length=512, required=True),
        Field(
            22,
            "SBLSH",
            "申办流水号",
            max_length=50,
            extension=True,
            none_when_absent=True,
            note="市编办统一提供的申办流水号。若因历史数据无法提供,则该项填写“无”",
        ),
        Field(
            23,
            "SXBM",
            "事项编码",
            max_length=50,
            extension=True,
            check=Check.ITEM,
            none_when_absent=True,
            note="市编办统一提供的事项编码。若因历史数据无法提供,则该项填写“无”",
        ),
        Field(24, "FZRQ", "发(出)证日期", Type.DATE, extension=True, not_future=True),
        Field(
            25,
            "ZZYXQX",
            "许可有效期限",
            max_length=100,
            extension=True,
            note="此字段用于填写无具体日期的许可有效期限",
        ),
        Field(26, "ZZTP", "许可图片", Type.BINARY, extension=True, note="许可电子档图片"),
        Field(27, "ZCDZ", "注册地址", max_length=500, extension=True, note="单位/企业/机构注册地址"),
        Field(
            28, "JYDZ", "经营(生产)地址", max_length=500, extension=True, note="单位/企业/机构实际经营地址"
        ),
    ),
)

PENALTY = Standard(
    kind=Kind.PENALTY,
    title="行政处罚信息公示数据标准",
    attachment="附件2",
    key="CF_XH",
    decision_no="CF_WSH",
    subject="CF_XDR_MC",
    legal_codes=("CF_XDR_SHXYM", "CF_XDR_ZDM", "CF_XDR_GSDJ"),
    tax_code="CF_XDR_SWDJ",
    id_number="CF_XDR_SFZ",
    legal_rep="CF_FR",
    category="CF_CFLB",
    start="CF_SXQ",
    end="CF_JZQ",
    publicity_end="CF_GSQX",
    status="CF_ZT",
    note_field="BZ",
    item_code="SXBM",
    street="CF_JD",
    division="DFBM",
    authority="CF_XZJG",
    timestamp="SJC",
    fields=(
        Field(1, "CF_XH", "序号", max_length=256, required=True, note="主键"),
        Field(2, "CF_WSH", "行政处罚决定书文号", max_length=128, required=True),
        Field(3, "CF_AJMC", "案件名称", max_length=256, required=True),
        Field(
            4,
            "CF_CFLB",
            "处罚类别",
            max_length=72,
            required=True,
            note="警告、罚款、没收违法所得、没收非法财物(原文误作“没手非法财物”)、责令停产停业、暂扣或者吊销许可证、"
            "暂扣或者吊销执照、行政拘留、其他(需注明)",
            enum=PENALTY_CATEGORIES,
            aliases=PENALTY_CATEGORY_ALIASES,
            check=Check.CATEGORY,
            multi=True,
        ),
        Field(5, "CF_SY", "处罚事由", max_length=2048, required=True),
        Field(6, "CF_YJ", "处罚依据", max_length=2048, required=True),
        Field(
            7,
            "CF_XDR_MC",
            "行政相对人名称",
            max_length=128,
            required=True,
            note="一个处罚针对的行政相对人为多个的, 报多条记录",
        ),
        Field(
            8,
            "CF_XDR_SHXYM",
            "行政相对人代码_1(统一社会信用代码)",
            max_length=64,
            note="自然人此项空白 如 7、8、9 均无则必填",
            check=Check.USCC,
        ),
        Field(
            9,
            "CF_XDR_ZDM",
            "行政相对人代码_2(组织机构代码)",
            max_length=64,
            note=_CODE_NOTE,
            check=Check.ORG_CODE,
        ),
        Field(10, "CF_XDR_GSDJ", "行政相对人代码_3(工商登记代码)", max_length=64, note=_CODE_NOTE),
        Field(11, "CF_XDR_SWDJ", "行政相对人代码_4(税务登记号)", max_length=64, note=_CODE_NOTE),
        Field(
            12,
            "CF_XDR_SFZ",
            "行政相对人代码_5(居民身份证号)",
            max_length=64,
            note="非自然人时为法人身份证 自然人时行政对象人身份证",
            check=Check.RIC,
            personal=True,
        ),
        Field(13, "CF_FR", "法定代表人姓名", max_length=256, note="自然人许可此项为空白"),
        Field(14, "CF_JG", "处罚结果", max_length=2048, required=True),
        Field(15, "CF_SXQ", "处罚生效期", Type.DATE, required=True, note=_DATE_NOTE, not_future=True),
        Field(16, "CF_JZQ", "处罚截止期", Type.DATE, required=True, note=_DATE_NOTE + _LT, long_term=True),
        Field(17, "CF_XZJG", "处罚机关", max_length=64, required=True, note="机关名称(全名)"),
        Field(
            18,
            "CF_ZT",
            "当前状态",
            max_length=1,
            required=True,
            note=STATUS_NOTE,
            enum=STATUS_VALUES,
            check=Check.STATUS,
        ),
        Field(
            19, "DFBM", "地方编码", max_length=6, required=True, note="根据国家行政编码", check=Check.DIVISION
        ),
        Field(20, "CF_JD", "街道", max_length=256, required=True, note="街道名称", check=Check.STREET),
        Field(21, "CF_GSQX", "公示期限", Type.DATE, note="公示截止日期 " + _DATE_NOTE),
        Field(22, "SJC", "数据更新时间戳", Type.TIMESTAMP, required=True, note=_DATE_NOTE, not_future=True),
        Field(23, "BZ", "备注", max_length=512, extension=True),
        Field(24, "QYDZ", "企业地址", max_length=500, extension=True),
        Field(
            25,
            "SXBM",
            "事项编码",
            max_length=50,
            extension=True,
            check=Check.ITEM,
            none_when_absent=True,
            note="市编办统一提供的事项编码。若因历史数据无法提供,则该项填写“无”",
        ),
    ),
)

STANDARDS: dict[str, Standard] = {Kind.LICENSE: LICENSE, Kind.PENALTY: PENALTY}


def standard_for(kind: str) -> Standard:
    """The standard of a kind ("license" or "penalty"); ValueError for anything else."""
    try:
        return STANDARDS[Kind(kind)]
    except ValueError:
        raise ValueError(f"unknown kind {kind!r}: expected license or penalty") from None
