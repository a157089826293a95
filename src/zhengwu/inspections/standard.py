"""The 双随机 standard as data: risk levels, credit-risk classes, the fields of an inspection item, the
回避 (avoidance) reasons, caps and time limits, and the national result categories.

Sources:
- Reform plan (罗办发〔2016〕1号) §二(一) item 3 强化“随机抽查、后续监管”: random
  objects and random inspectors (双随机), joint inspections led by 区行政执法协调中心 with the same
  entity's items done at once (原则上一次性完成), third-party evaluation;
- the national rules the issue names (一单两库 lists, credit-risk classes, publication within 20 working
  days on the 国家企业信用信息公示系统, 国办发〔2024〕54号);
- the result categories of the national system's 抽查检查结果, as its provincial deployments code them
  (see RESULT_CATEGORIES).

No ORM. Numbers the seed and the issue do not give are marked "our choice" and are defaults.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

#: The lead unit of 双随机 joint inspections (item 3 牵头单位).
LEAD_UNIT = "QZFXTZX"

# --- risk levels (the draw's weights) -----------------------------------------------------------------


class Risk(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


RISK_LABELS = MappingProxyType({Risk.HIGH: _("高风险"), Risk.MEDIUM: _("中风险"), Risk.LOW: _("低风险")})
#: Spellings accepted in imported lists.
RISK_ALIASES = MappingProxyType(
    {
        "高": Risk.HIGH,
        "高风险": Risk.HIGH,
        "中": Risk.MEDIUM,
        "中风险": Risk.MEDIUM,
        "低": Risk.LOW,
        "低风险": Risk.LOW,
    }
)

#: Our choice: a high-risk object is three times, a medium-risk one twice as likely to be drawn as a low-risk
#: one (weights of the stratified allocation, `draw.allocate`). 180 days: an object inspected by a random
#: draw in the last half year is not drawn again. 2: at most two random inspections of one enterprise a year
#: across all departments (the second one is warned about as a repeated check). `rules.DEFAULT_POLICY`.
RISK_WEIGHTS = MappingProxyType({Risk.HIGH: 3, Risk.MEDIUM: 2, Risk.LOW: 1})
EXCLUDE_DAYS = 180
ANNUAL_CAP = 2
#: 每个检查对象至少两名执法检查人员 (the draw's MIN_PER_OBJECT; a test checks that they agree).
PER_OBJECT_MIN = 2

# --- credit-risk classes (A–D) -------------------------------------------------------------------------


class CreditClass(StrEnum):
    A = "A"  # 信用风险低
    B = "B"  # 信用风险一般
    C = "C"  # 信用风险较高
    D = "D"  # 信用风险高


CREDIT_CLASS_LABELS = MappingProxyType({
    CreditClass.A: _("A类（信用风险低）"), CreditClass.B: _("B类（信用风险一般）"),
    CreditClass.C: _("C类（信用风险较高）"), CreditClass.D: _("D类（信用风险高）"),
})
#: The share of each class drawn in a batch: rising with risk, none at zero (our choice of numbers; the
#: national rules ask only for "lower for A, higher for C and D"). The class sizes the draw and is never
#: shown on a public page.
CLASS_RATIOS = MappingProxyType({CreditClass.A: Fraction(3, 100), CreditClass.B: Fraction(5, 100),
                                 CreditClass.C: Fraction(10, 100), CreditClass.D: Fraction(30, 100)})


@dataclass(frozen=True)
class Uplift:
    """Entities raised one class (A→B→C→D) per reason, at most to D (our choice of numbers)."""

    abnormal_list: bool = True  # listed in the 经营异常名录
    complaints: int = 3  # complaints in the last 12 months that count as "many"


UPLIFT = Uplift()

# --- the list of inspection items (随机抽查事项清单) ----------------------------------------------------


class ItemClass(StrEnum):
    GENERAL = "general"  # 一般检查事项
    KEY = "key"  # 重点检查事项


ITEM_CLASS_LABELS = MappingProxyType({ItemClass.GENERAL: _("一般检查事项"), ItemClass.KEY: _("重点检查事项")})


class Method(StrEnum):
    """检查方式, as the national system's result form lists them."""

    ON_SITE = "on_site"  # 实地检查
    DOCUMENTS = "documents"  # 书面检查
    OTHER_AUTHORITY = "other_authority"  # 行政部门检查结果或专业意见
    TESTING = "testing"  # 检验检测
    ONLINE = "online"  # 网络监测
    CONTRACTED = "contracted"  # 委托专业机构辅助 (supports a check; never carries it out)


METHOD_LABELS = MappingProxyType({
    Method.ON_SITE: _("实地检查"), Method.DOCUMENTS: _("书面检查"),
    Method.OTHER_AUTHORITY: _("行政部门检查结果或专业意见"), Method.TESTING: _("检验检测"),
    Method.ONLINE: _("网络监测"), Method.CONTRACTED: _("委托专业机构辅助"),
})


@dataclass(frozen=True)
class ItemField:
    name: str
    label: str
    required: bool = True


#: The fields every item of the list needs (issue 18 §9), in the order of the published list.
ITEM_FIELDS = (
    ItemField("code", _("事项编码")),
    ItemField("name", _("抽查事项")),
    ItemField("legal_basis", _("检查依据")),
    ItemField("inspecting_body", _("检查主体")),
    ItemField("object_type", _("检查对象")),
    ItemField("ratio", _("抽查比例")),
    ItemField("frequency", _("抽查频次（次/年）")),
    ItemField("methods", _("检查方式")),
    ItemField("item_class", _("事项类别")),
    ItemField("field", _("执法领域"), required=False),
    ItemField("valid_from", _("生效日期")),
    ItemField("valid_to", _("失效日期"), required=False),
)


@dataclass(frozen=True)
class InspectionItem:
    code: str
    name: str
    legal_basis: str
    inspecting_body: str  # unit code of the department
    object_type: str
    ratio: Fraction
    frequency: int
    methods: tuple[str, ...]
    item_class: str
    valid_from: date
    valid_to: date | None = None
    field: str = ""


# --- 回避 and eligibility -----------------------------------------------------------------------------

#: Reason codes of `draw.ineligibility`, with the text shown to staff.
INELIGIBILITY_LABELS = MappingProxyType({
    "support_only": _("检测机构或受托机构人员，只能辅助检查，不能实施检查"),
    "no_certificate": _("没有有效的行政执法证"),
    "same_street": _("派驻在检查对象所在街道（回避）"),
    "declared_conflict": _("已申报与检查对象存在利害关系（回避）"),
    "inspected_last_time": _("上次检查过该对象（回避）"),
    "field_mismatch": _("执法领域与检查对象的行业不符"),
    "other_department": _("不属于联合检查的部门"),
})
#: Reasons an object is not a candidate of a draw (`draw.candidates`) or is warned about.
EXCLUSION_LABELS = MappingProxyType({
    "recently_inspected": _("近期已被抽查，本次不参与抽取"),
    "annual_cap": _("本年度抽查次数已达上限"),
    "repeated_check": _("本年度已被抽查过，重复检查"),
})

# --- time limits ---------------------------------------------------------------------------------------

#: Each result is published within 20 working days of the check's completion (official calendar).
PUBLICATION_WORKDAYS = 20

# --- the national result categories --------------------------------------------------------------------


@dataclass(frozen=True)
class ResultCategory:
    code: str  # the national system's code
    label: str
    parent: str = ""  # a sub-category of 发现问题待后续处理 (A) or of 违反工商行政管理相关规定 (2)
    problem: bool = False  # a problem was found (may lead to follow-up or a penalty)


#: 抽查检查结果 as the 国家企业信用信息公示系统's 市场监管领域随机抽查 result form codes them
#: (Zhejiang deployment, GuanzhouSong/ZhejiangMicroEnt `…/sccheck/scresult/scresultinsert_edit.jsp`):
#: several may be ticked for one check. The national site
#: shows 发现问题经责令已改正 also as 发现问题已责令改正.
RESULT_CATEGORIES = (
    ResultCategory("1", _("未发现问题")),
    ResultCategory("A", _("发现问题待后续处理"), problem=True),
    ResultCategory("2", _("违反工商行政管理相关规定"), parent="A", problem=True),
    ResultCategory("B", _("未按规定公示应当公示的信息"), parent="2", problem=True),
    ResultCategory("C", _("公示信息隐瞒真实情况弄虚作假"), parent="2", problem=True),
    ResultCategory("6", _("通过登记的住所（经营场所）无法联系"), parent="2", problem=True),
    ResultCategory("D", _("违反其他工商行政管理规定行为"), parent="2", problem=True),
    ResultCategory("3", _("违反食品药品管理相关规定"), parent="A", problem=True),
    ResultCategory("4", _("违反质量技术监督相关规定"), parent="A", problem=True),
    ResultCategory("5", _("违反其他部门相关规定"), parent="A", problem=True),
    ResultCategory("E", _("发现问题经责令已改正"), problem=True),
    ResultCategory("F", _("未发现开展本次抽查涉及的经营活动")),
    ResultCategory("7", _("已关闭停业或正在组织清算")),
    ResultCategory("8", _("不配合检查情节严重"), problem=True),
    ResultCategory("9", _("注销")),
    ResultCategory("10", _("被吊销")),
    ResultCategory("11", _("被撤销")),
    ResultCategory("12", _("迁出")),
)
RESULT_ALIASES = MappingProxyType({"发现问题已责令改正": "E", "公示信息隐瞒真实情况、弄虚作假": "C",
                                   "通过登记的住所(经营场所)无法联系": "6"})
