"""The 律师驻队 scheme as data: qualification thresholds, enforcement units, kinds of service, work-record
measures, the replacement workflow, the annual-assessment policy and the programme's milestones.

Source: 罗府办函〔2016〕208号《罗湖区推广街道执法“律师驻队”工作方案》 (seed lines 583–667):
§二 service model and its six kinds of service, §三 qualification of firms, lawyers and assistants,
§四 tasks, lead units and deadlines, §五 safeguards (fixed people, work records, annual assessment).

No ORM here. Numbers the seed gives are requirements; numbers the seed leaves open (the assessment's
targets, weights and thresholds) are marked "our choice" and are defaults that a policy object overrides.
Units are named by their codes in `org/reference/units.csv`.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

# --- §三(一) law firms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirmConditions:
    """§三(一) 1–4. Defaults are the seed's numbers."""

    min_staff: int = 20  # 执业律师及行政辅助人员不少于20人
    min_lawyers: int = 10  # 其中执业律师不少于10人
    min_qualified_partners: int = (
        1  # 至少有一名合伙人具有担任政府机关法律顾问或在行政机关、司法机关工作的经验
    )
    clean_record_years: int = 3  # 近三年内无不良执业记录
    admin_law_team: bool = True  # 具有熟悉行政法规的律师团队


FIRM_CONDITIONS = FirmConditions()


class FirmCondition(StrEnum):
    """Stable codes of the firm conditions (returned by `rules.firm_eligibility`)."""

    STAFF = "firm_staff"  # §三(一)1 first half
    LAWYERS = "firm_lawyers"  # §三(一)1 second half
    PARTNER = "firm_partner"  # §三(一)2
    RECORD = "firm_record"  # §三(一)3
    ADMIN_LAW_TEAM = "firm_admin_law_team"  # §三(一)4


FIRM_CONDITION_LABELS = MappingProxyType({
    FirmCondition.STAFF: _("执业律师及行政辅助人员不少于20人"),
    FirmCondition.LAWYERS: _("执业律师不少于10人"),
    FirmCondition.PARTNER: _("至少一名合伙人曾任政府法律顾问或在行政、司法机关工作"),
    FirmCondition.RECORD: _("近三年内无不良执业记录"),
    FirmCondition.ADMIN_LAW_TEAM: _("具有熟悉行政法规的律师团队"),
})

#: 区司法局 keeps the list of eligible firms (§四(三)).
FIRM_LIST_KEEPER = "QSFJ"

# --- §三(二) lawyers and assistants --------------------------------------------------------------------


@dataclass(frozen=True)
class LawyerConditions:
    """§三(二)1 and 3."""

    min_practice_years: int = 2  # 以律师身份执业满两年以上
    admin_law: bool = True  # 熟悉行政法律法规


LAWYER_CONDITIONS = LawyerConditions()


class Degree(StrEnum):
    """Highest degree, in order (an assistant needs BACHELOR or above, full-time, in law)."""

    NONE = "none"
    COLLEGE = "college"  # 大专
    BACHELOR = "bachelor"  # 本科
    MASTER = "master"  # 硕士
    DOCTOR = "doctor"  # 博士


DEGREE_ORDER = (Degree.NONE, Degree.COLLEGE, Degree.BACHELOR, Degree.MASTER, Degree.DOCTOR)
DEGREE_LABELS = MappingProxyType({
    Degree.NONE: _("无学历"), Degree.COLLEGE: _("大专"), Degree.BACHELOR: _("本科"),
    Degree.MASTER: _("硕士研究生"), Degree.DOCTOR: _("博士研究生"),
})
#: 全日制大学本科以上（含本科）法学学历
ASSISTANT_MIN_DEGREE = Degree.BACHELOR


class PersonCondition(StrEnum):
    """Stable codes of the lawyer, assistant and stationing conditions."""

    LAWYER_YEARS = "lawyer_practice_years"  # §三(二)1
    LAWYER_ADMIN_LAW = "lawyer_admin_law"  # §三(二)1
    ASSISTANT_FULL_TIME = "assistant_full_time"  # §三(二)3 全日制
    ASSISTANT_DEGREE = "assistant_degree"  # §三(二)3 本科以上（含本科）
    ASSISTANT_LAW = "assistant_law_major"  # §三(二)3 法学
    ASSISTANT_ADMIN_LAW = "assistant_admin_law"  # §三(二)3 熟悉行政法律法规
    STATIONED = "stationed"  # §三(二)3 常驻, or assistants stationed in the lawyer's place


# --- §二 and §三 enforcement units ---------------------------------------------------------------------


class UnitKind(StrEnum):
    """The enforcement units (执法单位) of §二, each contracting one stationed lawyer (§三, §四(三))."""

    STREET_TEAM = "street_team"  # 各街道执法队（规划土地监察队）: one per street, named by the street's code
    CITY_BRIGADE = "city_brigade"  # 区城管执法监察大队
    PLANNING_MOBILE = "planning_mobile"  # 区规划土地监察大队机动中队


UNIT_KIND_LABELS = MappingProxyType({
    UnitKind.STREET_TEAM: _("街道执法队（规划土地监察队）"),
    UnitKind.CITY_BRIGADE: _("区城管执法监察大队"),
    UnitKind.PLANNING_MOBILE: _("区规划土地监察大队机动中队"),
})

#: The two district units; every street adds its own team (`rules.enforcement_units`).
DISTRICT_ENFORCEMENT_UNITS = (("QCGZFDD", UnitKind.CITY_BRIGADE), ("QGHTDJCDD", UnitKind.PLANNING_MOBILE))
#: 约定1名律师驻队 (§三, §四(三)).
LAWYERS_PER_UNIT = 1
#: 费用由区财政保障 (§四(二)).
FUNDING_UNIT = "QCZJ"
#: 区城管局、区司法局、区规划土地监察局 supervise (§四(四)–(六), §五(三)).
SUPERVISING_UNITS = ("QCGJ", "QSFJ", "QGHTDJCJ")

# --- §二 the six kinds of service ----------------------------------------------------------------------


class ServiceKind(StrEnum):
    CONSULTATION = "consultation"  # §二(一) 法律咨询服务
    CASE_REVIEW = "case_review"  # §二(二) 案件审查与协助调查取证
    PUBLICITY_TRAINING = "publicity_training"  # §二(三) 法制宣传与培训
    LEGAL_AFFAIRS = "legal_affairs"  # §二(四) 与当事人、其他部门及司法机关的法律事务（复议、诉讼、听证）
    MAJOR_ACTIONS = "major_actions"  # §二(五) 参与重大、复杂、疑难的执法活动
    LEGAL_AID = "legal_aid"  # §二(六) 法律援助


SERVICE_KIND_LABELS = MappingProxyType({
    ServiceKind.CONSULTATION: _("法律咨询"),
    ServiceKind.CASE_REVIEW: _("案件审查与协助调查取证"),
    ServiceKind.PUBLICITY_TRAINING: _("法制宣传与培训"),
    ServiceKind.LEGAL_AFFAIRS: _("协助处理与当事人、其他部门及司法机关的法律事务"),
    ServiceKind.MAJOR_ACTIONS: _("参与重大、复杂、疑难执法活动"),
    ServiceKind.LEGAL_AID: _("法律援助"),
})
SERVICE_KIND_SECTIONS = MappingProxyType({
    ServiceKind.CONSULTATION: "§二(一)", ServiceKind.CASE_REVIEW: "§二(二)",
    ServiceKind.PUBLICITY_TRAINING: "§二(三)", ServiceKind.LEGAL_AFFAIRS: "§二(四)",
    ServiceKind.MAJOR_ACTIONS: "§二(五)", ServiceKind.LEGAL_AID: "§二(六)",
})

# --- §五(二), §五(四) work-record measures -------------------------------------------------------------


class Measure(StrEnum):
    """What a work record counts. The first four are the assessment's measures (§五(四))."""

    HOURS = "hours"  # 工作时间
    CASES = "cases"  # 处理案件数量
    DISPUTES = "disputes"  # 解决纠纷数量
    DOCUMENTS = "documents"  # 发出律师文书数量
    DAYS_PRESENT = "days_present"  # 驻队天数 (§三(二)3 常驻)
    ACTIONS = "actions"  # 随队执法次数 (§五(二) 随队执法情况)


MEASURE_LABELS = MappingProxyType(
    {
        Measure.HOURS: _("工作时间（小时）"),
        Measure.CASES: _("处理案件数量"),
        Measure.DISPUTES: _("解决纠纷数量"),
        Measure.DOCUMENTS: _("发出律师文书数量"),
        Measure.DAYS_PRESENT: _("驻队天数"),
        Measure.ACTIONS: _("随队执法次数"),
    }
)
#: The measures of the annual assessment, as §五(四) lists them.
ASSESSED_MEASURES = (Measure.HOURS, Measure.CASES, Measure.DISPUTES, Measure.DOCUMENTS)
#: A work record covers one day; more hours than this in one record is an input error.
MAX_HOURS_PER_RECORD = Decimal(24)

# --- §五(一) replacement workflow ----------------------------------------------------------------------


class ReplacementState(StrEnum):
    REQUESTED = "requested"  # 申请更换
    CONSENTED = "consented"  # 执法单位同意
    REFUSED = "refused"  # 执法单位不同意
    WITHDRAWN = "withdrawn"  # 撤回
    REPLACED = "replaced"  # 已更换


REPLACEMENT_STATE_LABELS = MappingProxyType({
    ReplacementState.REQUESTED: _("已申请更换"), ReplacementState.CONSENTED: _("执法单位已同意"),
    ReplacementState.REFUSED: _("执法单位不同意"), ReplacementState.WITHDRAWN: _("已撤回"),
    ReplacementState.REPLACED: _("已更换"),
})

#: action → (states it may start from, the state it leads to). 需事先经相关单位同意: "replace" only after
#: "consent".
REPLACEMENT_TRANSITIONS = MappingProxyType(
    {
        "consent": (frozenset({ReplacementState.REQUESTED}), ReplacementState.CONSENTED),
        "refuse": (frozenset({ReplacementState.REQUESTED}), ReplacementState.REFUSED),
        "withdraw": (
            frozenset({ReplacementState.REQUESTED, ReplacementState.CONSENTED}),
            ReplacementState.WITHDRAWN,
        ),
        "replace": (frozenset({ReplacementState.CONSENTED}), ReplacementState.REPLACED),
    }
)

# --- §五(四) annual assessment -------------------------------------------------------------------------


class Recommendation(StrEnum):
    RENEW = "renew"  # 建议续签
    END = "end"  # 建议解除（不再续签）


RECOMMENDATION_LABELS = MappingProxyType({Recommendation.RENEW: _("建议续签合同"),
                                          Recommendation.END: _("建议解除合同")})


def _decimals(**values) -> MappingProxyType:
    return MappingProxyType({k: Decimal(v) for k, v in values.items()})


@dataclass(frozen=True)
class AssessmentPolicy:
    """§五(四) names the measures (工作时间、处理案件数量、解决纠纷数量、发出律师文书数量) and says the result
    is the reference for ending the contract; it gives NO numbers. All numbers below are our choice:

    - annual targets for a full year: 1,600 hours (200 working days × 8 h, leaving room for the assistants'
      time and holidays), 60 cases reviewed or handled, 20 disputes resolved, 40 lawyer's documents (legal
      opinions, letters, pleadings); prorated by the months under contract;
    - points out of 100: hours 20, cases 15, disputes 15, documents 10, the unit's evaluation 40 (the unit
      sees the work that numbers miss: §四(六) asks it to record and evaluate discipline and conduct);
    - each measure earns its points in proportion to the target and at most its full points;
    - renew at 70 points or more, unless the unit's own evaluation is below 60 (a unit that is not satisfied
      is not overruled by counts).
    """

    targets: MappingProxyType = field(default_factory=lambda: _decimals(hours=1600, cases=60, disputes=20,
                                                                        documents=40))
    points: MappingProxyType = field(default_factory=lambda: _decimals(hours=20, cases=15, disputes=15,
                                                                       documents=10, unit_evaluation=40))
    renew_threshold: Decimal = Decimal(70)
    evaluation_floor: Decimal = Decimal(60)


ASSESSMENT_POLICY = AssessmentPolicy()

# --- §四 programme milestones --------------------------------------------------------------------------

#: Stands for "every street office" (各街道办) in a milestone's units.
EVERY_STREET = "*streets"


@dataclass(frozen=True)
class Milestone:
    code: str
    section: str
    task: str
    due_month: int
    due_day: int
    lead_units: tuple[str, ...]
    assisting_units: tuple[str, ...] = ()


#: §四(一)–(六), deadlines of the programme year (2016 in the seed). "区城管局" is QCGJ (区城市管理局).
MILESTONES = (
    Milestone("plan", "§四(一)", _("制定工作方案"), 4, 30, ("QCGJ", "QSFJ"), (EVERY_STREET, "QGHTDJCJ")),
    Milestone("funding", "§四(二)", _("落实专项经费"), 5, 31, ("QCZJ", "QCGJ", "QGHTDJCJ", EVERY_STREET)),
    Milestone(
        "procurement", "§四(三)", _("购买律师驻队服务"), 6, 15, ("QCGJ", "QGHTDJCJ", EVERY_STREET), ("QSFJ",)
    ),
    Milestone(
        "training",
        "§四(四)",
        _("对驻队律师进行业务培训"),
        6,
        30,
        ("QCGJ", "QSFJ", "QGHTDJCJ"),
        (EVERY_STREET,),
    ),
    Milestone("visits", "§四(五)", _("走访了解律师驻队工作开展情况"), 9, 30, ("QCGJ", "QSFJ", "QGHTDJCJ")),
    Milestone(
        "supervision", "§四(六)", _("对律师驻队工作进行督导检查"), 12, 31, ("QCGJ", "QSFJ", "QGHTDJCJ")
    ),
)
PROGRAMME_YEAR = 2016


class MilestoneStatus(StrEnum):
    OPEN = "open"  # 未到期
    OVERDUE = "overdue"  # 已逾期未完成
    DONE = "done"  # 按期完成
    DONE_LATE = "done_late"  # 逾期完成

#: Our choice: the annual assessment of year Y is due by 31 January of Y+1 (the seed
#: says "年度考核评估" without a date); 大督查 counts it as kept when made by then.
ASSESSMENT_DUE_MONTH_DAY = (1, 31)
