"""The 民生微实事 scheme's tables as data.

Source: 罗府办函〔2016〕132号 (深圳市罗湖区全面推广实施民生微实事工作方案, 2016-03-21), every section,
附件1 工作部门分工表 and 附件2 项目负面清单. Each table cites its section; `rules.py` reads only these.

The seed's own wording is kept verbatim (marked with `gettext_noop`, so the value
stays the Chinese text and the English page shows a translation); short labels are lazy translations.
No ORM here. Where the seed is ambiguous, a comment beginning "Reading:" says how we read it.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

SOURCE = "罗府办函〔2016〕132号"
TITLE = gettext_noop("深圳市罗湖区全面推广实施民生微实事工作方案")


# --- §三 项目分类: two categories × two kinds -----------------------------------------------------

class Category(StrEnum):
    ENGINEERING = "engineering"  # 工程类
    SERVICE = "service"  # 服务类


class Kind(StrEnum):
    MANDATORY = "mandatory"  # 必选
    OPTIONAL = "optional"  # 自选


CATEGORY_LABELS = {Category.ENGINEERING: _("工程类"), Category.SERVICE: _("服务类")}
KIND_LABELS = {Kind.MANDATORY: _("必选"), Kind.OPTIONAL: _("自选")}

#: §三(一)1–2, §三(二)1–2: what each category × kind is, verbatim.
DEFINITIONS: dict[tuple[Category, Kind], str] = {
    (Category.ENGINEERING, Kind.MANDATORY): gettext_noop(
        "工程类必选项目。是指针对老百姓最关注最迫切的问题，前期已进行充分调研和论证，操作程序规范，可在部分特定社区或跨社区实施的工程类项目。"
    ),
    (Category.ENGINEERING, Kind.OPTIONAL): gettext_noop(
        "工程类自选项目。是指在必选项目之外，各社区可根据社区居民、驻社区单位、社会组织的服务需求，引入的工程类项目。"
    ),
    (Category.SERVICE, Kind.MANDATORY): gettext_noop(
        "服务类必选项目。是指在前期调研、问需基础上形成，操作程序成熟，居民受益面广，各个社区均可全面推广实施的服务类项目。"
    ),
    (Category.SERVICE, Kind.OPTIONAL): gettext_noop(
        "服务类自选项目。是指在必选项目之外，各社区可根据社区居民、驻社区单位、社会组织的服务需求，引入的服务类项目。"
    ),
}


# --- §一 实施内容: the five content areas ---------------------------------------------------------

class Area(StrEnum):
    SAFETY = "safety"  # (一) 消除安全隐患项目
    ENVIRONMENT = "environment"  # (二) 社区环境整治项目
    CULTURE_SPORTS = "culture_sports"  # (三) 文化体育娱乐项目
    CARE = "care"  # (四) 居民生活关爱项目
    PUBLIC_BENEFIT = "public_benefit"  # (五) 普惠型公益项目


@dataclass(frozen=True)
class ContentArea:
    area: Area
    no: str  # the seed's numbering
    name: str
    text: str  # verbatim
    keywords: tuple[str, ...]  # normalised words that point to this area (any one suffices)


AREAS: tuple[ContentArea, ...] = (
    ContentArea(
        Area.SAFETY,
        "（一）",
        gettext_noop("消除安全隐患项目"),
        gettext_noop("完善社区安全防护、增强居民安全保障的消除安全隐患项目"),
        (
            "安全隐患",
            "隐患",
            "消防",
            "防火",
            "灭火",
            "防盗",
            "安全防护",
            "安防",
            "漏电",
            "坍塌",
            "塌陷",
            "危房",
            "防汛",
            "内涝",
            "边坡",
            "防滑",
            "护栏",
            "监控",
            "烟感",
        ),
    ),
    ContentArea(
        Area.ENVIRONMENT,
        "（二）",
        gettext_noop("社区环境整治项目"),
        gettext_noop("提升社区绿化品质、改善社区居住环境的社区环境整治项目"),
        ("绿化", "种植", "花草", "花园", "景观", "美化", "环境整治", "环境卫生", "垃圾", "卫生死角", "立面"),
    ),
    ContentArea(
        Area.CULTURE_SPORTS,
        "（三）",
        gettext_noop("文化体育娱乐项目"),
        gettext_noop("健全社区文体设施、丰富居民娱乐生活的文化体育娱乐项目"),
        (
            "文化",
            "文体",
            "体育",
            "健身",
            "运动",
            "球场",
            "娱乐",
            "文艺",
            "舞蹈",
            "合唱",
            "书画",
            "图书",
            "阅读",
            "电影",
            "棋",
        ),
    ),
    ContentArea(
        Area.CARE,
        "（四）",
        gettext_noop("居民生活关爱项目"),
        gettext_noop("增强居民自助互助、提升居民综合素养的居民生活关爱项目"),
        (
            "关爱",
            "长者",
            "老人",
            "独居",
            "儿童",
            "青少年",
            "残疾",
            "心理",
            "照护",
            "助餐",
            "互助",
            "自助",
            "课堂",
            "培训",
            "义诊",
            "健康",
            "适老化",
        ),
    ),
    ContentArea(
        Area.PUBLIC_BENEFIT,
        "（五）",
        gettext_noop("普惠型公益项目"),
        gettext_noop("增进社区邻里关系、推动社区公共服务发展的普惠型公益项目"),
        ("公益", "邻里", "志愿", "共享", "便民", "义工", "社区服务"),
    ),
)

#: §五(一)2 last paragraph: 各街道、社区应优先推动实施符合民生微实事要求的消除安全隐患类项目.
PRIORITY_AREA = Area.SAFETY

#: §一: 不纳入固定资产投资项目管理 — micro-projects are never recorded as fixed-asset investment;
#: 如属政府集中采购目录，按政府集中采购相关规定执行 — the catalogue is not in the seed (the app keeps it).
FIXED_ASSET_INVESTMENT = False


# --- §一 caps ------------------------------------------------------------------------------------

#: 服务类项目单项资金原则上不超过20万元，工程类项目单项资金原则上不超过50万元 (yuan, inclusive).
#: Reading: "原则上" admits exceptions; following the issue, an amount above the cap needs the street's
#: recorded approval with reasons (街道综合平衡、确定具体项目, §二).
CAPS: dict[Category, Decimal] = {Category.SERVICE: Decimal(200_000), Category.ENGINEERING: Decimal(500_000)}


# --- §五 申报主体 ---------------------------------------------------------------------------------

class Applicant(StrEnum):
    RESIDENT = "resident"  # 社区居民
    DISTRICT_DEPARTMENT = "district_department"  # 区各职能部门
    COMMUNITY_WORKSTATION = "community_workstation"  # 社区工作站
    RESIDENTS_COMMITTEE = "residents_committee"  # 社区居委会
    SOCIAL_ORGANIZATION = "social_organization"  # 社会组织
    COMMUNITY_SERVICE_CENTER = "community_service_center"  # 社区服务中心


APPLICANT_LABELS = {
    Applicant.RESIDENT: _("社区居民"), Applicant.DISTRICT_DEPARTMENT: _("区职能部门"),
    Applicant.COMMUNITY_WORKSTATION: _("社区工作站"), Applicant.RESIDENTS_COMMITTEE: _("社区居委会"),
    Applicant.SOCIAL_ORGANIZATION: _("社会组织"), Applicant.COMMUNITY_SERVICE_CENTER: _("社区服务中心"),
}

#: Who may apply, per category × kind.
APPLICANTS: dict[tuple[Category, Kind], frozenset[Applicant]] = {
    # §五(一)1: 工程类必选项目的申报主体为社区居民、区各职能部门、社区工作站、社区居委会、社会组织。
    (Category.ENGINEERING, Kind.MANDATORY): frozenset({
        Applicant.RESIDENT, Applicant.DISTRICT_DEPARTMENT, Applicant.COMMUNITY_WORKSTATION,
        Applicant.RESIDENTS_COMMITTEE, Applicant.SOCIAL_ORGANIZATION}),
    # §五(一)1: 工程类自选项目的申报主体为社区居委会（整理汇总社区各方意见建议，形成项目申报书并进行申报）。
    (Category.ENGINEERING, Kind.OPTIONAL): frozenset({Applicant.RESIDENTS_COMMITTEE}),
    # §五(二)1: 服务类必选项目的申报主体为社区居委会、社区工作站、社会组织、社区服务中心。
    (Category.SERVICE, Kind.MANDATORY): frozenset({
        Applicant.RESIDENTS_COMMITTEE, Applicant.COMMUNITY_WORKSTATION, Applicant.SOCIAL_ORGANIZATION,
        Applicant.COMMUNITY_SERVICE_CENTER}),
    # §五(二)1: 服务类自选项目的申报主体为社区居委会、社会组织、社区服务中心。
    (Category.SERVICE, Kind.OPTIONAL): frozenset({
        Applicant.RESIDENTS_COMMITTEE, Applicant.SOCIAL_ORGANIZATION, Applicant.COMMUNITY_SERVICE_CENTER}),
}


class Registration(StrEnum):
    """How a social organisation exists in law (§五(二)1)."""

    REGISTERED = "registered"  # 依法登记的社会团体、民办非企业单位和基金会
    FILED = "filed"  # 备案类社区社会组织: applies through the residents' committee, in its name


#: §五(二)1 conditions for a registered social organisation, verbatim (rules check them one by one).
SOCIAL_ORGANIZATION_CONDITIONS = (
    gettext_noop("上年度年检合格，或成立半年以上未到年检期限的且无违法违规行为；实行年报的，须按规定参加年报。"),
    gettext_noop("管理制度完善。"),
    gettext_noop("具备实施项目的能力，能充分动员社区群众参与。"),
)
#: 成立半年以上: months since founding for an organisation with no annual inspection due yet.
#: Reading: "且无违法违规行为" qualifies both alternatives (an organisation with violations is not
#: eligible even with a passed inspection) — the stricter of the two readings.
SOCIAL_ORGANIZATION_MIN_AGE_MONTHS = 6
#: Reading: the seed states the conditions (and the 备案类 rule) under §五(二) 服务类 only; the issue
#: states them for every social organisation that applies, so both categories are checked.
SOCIAL_ORGANIZATION_CONDITIONS_APPLY_TO = frozenset({Category.SERVICE, Category.ENGINEERING})

#: §五(一)2: 若项目有自筹资金，申报主体应向审计部门提交自筹经费证明。
#: Reading: written under 工程类自选; the issue applies it to every project with self-raised funds.
SELF_RAISED_PROOF_TO = "QSJJ"  # 区审计局 (org reference code)


# --- §四(三), §五 the review path ------------------------------------------------------------------

class Step(StrEnum):
    """A project's steps from suggestion to evaluation, in the order the scheme gives them."""

    SUGGESTION = "suggestion"  # §四(一) 项目征集
    TWO_COMMITTEES = "two_committees"  # 社区"两委"联席会议预审
    EXPERT_REVIEW = "expert_review"  # 街道组织专家评审会
    RESIDENTS_COUNCIL = "residents_council"  # 社区居民议事会评议
    FIRST_SECRETARY = "first_secretary"  # 社区第一书记代表街道审定
    PUBLIC_NOTICE = "public_notice"  # 公示5个工作日
    BUDGET_REVIEW = "budget_review"  # §六(三) 区审计局审定预算 (engineering > 30万, before work)
    IMPLEMENTATION = "implementation"  # §六(一) 项目实施
    COMPLETION = "completion"  # 完工，明确后续管理养护单位
    LIMITED_AUDIT = "limited_audit"  # §六(三) 限额审计 (engineering 5万–30万)
    SETTLEMENT_AUDIT = "settlement_audit"  # 工程结算审计 (engineering > 30万)
    FINAL_ACCOUNTS_AUDIT = "final_accounts_audit"  # 竣工财务决算审计 (engineering > 30万)
    EVALUATION = "evaluation"  # §六(四) 公众满意度测评
    REJECTED = "rejected"  # not a step: where a project refused at a review step ends


@dataclass(frozen=True)
class Stage:
    step: Step
    label: str
    actor: str  # who acts, as the seed names them
    source: str


STAGES: tuple[Stage, ...] = (
    Stage(Step.SUGGESTION, _("建议征集"), gettext_noop("社区党委、居委会、工作站"), "§四(一)"),
    Stage(
        Step.TWO_COMMITTEES,
        _("两委预审"),
        gettext_noop("社区“两委”联席会议"),
        "§四(三), §五(一)2(1), §五(二)2(1)",
    ),
    Stage(
        Step.EXPERT_REVIEW,
        _("专家评审"),
        gettext_noop("街道办事处（专家评审会）"),
        "§四(三), §五(一)2(1), §五(二)2(1)",
    ),
    Stage(
        Step.RESIDENTS_COUNCIL,
        _("议事会评议"),
        gettext_noop("社区居民议事会"),
        "§五(一)2(2), §五(二)2(2), §七(四)",
    ),
    Stage(
        Step.FIRST_SECRETARY,
        _("第一书记审定"),
        gettext_noop("社区第一书记（代表街道）"),
        "§五(一)2(3), §五(二)2(3)",
    ),
    Stage(Step.PUBLIC_NOTICE, _("公示"), gettext_noop("社区"), "§五(一)2(4), §五(二)2(4)"),
    Stage(Step.BUDGET_REVIEW, _("预算审定"), gettext_noop("区审计局"), "§六(三)"),
    Stage(Step.IMPLEMENTATION, _("实施"), gettext_noop("街道办事处及相关部门"), "§六(一)"),
    Stage(Step.COMPLETION, _("完工"), gettext_noop("街道办事处及相关部门"), "§六(一), §六(二)"),
    Stage(Step.LIMITED_AUDIT, _("限额审计"), gettext_noop("区审计局"), "§六(三)"),
    Stage(Step.SETTLEMENT_AUDIT, _("工程结算审计"), gettext_noop("区审计局"), "§六(三)"),
    Stage(Step.FINAL_ACCOUNTS_AUDIT, _("竣工财务决算审计"), gettext_noop("区审计局"), "§六(三)"),
    Stage(Step.EVALUATION, _("满意度测评"), gettext_noop("街道办事处（委托第三方评估机构）"), "§六(四)"),
    Stage(Step.REJECTED, _("未通过"), "", ""),
)
STEP_LABELS = {s.step: s.label for s in STAGES}

#: The review path from the two committees to the notice (the CLI's "review_path").
REVIEW_STEPS = (Step.TWO_COMMITTEES, Step.EXPERT_REVIEW, Step.RESIDENTS_COUNCIL, Step.FIRST_SECRETARY,
                Step.PUBLIC_NOTICE)
#: Steps whose body may refuse the project (the notice: an objection that is upheld).
REVIEWING_STEPS = frozenset(REVIEW_STEPS)
# Reading: 工程类自选 follows 《罗湖区党政社群社区共治操作流程》 (§五(一)2), which the seed does not
# reproduce; we give it the same documented path (pre-review, expert review by §四(三)'s amounts,
# council, first secretary, notice) until that procedure is supplied.


@dataclass(frozen=True)
class AmountRange:
    """Amounts more than `low` and at most `high` yuan (`high` None: no upper bound).

    Reading: the scheme's "A万元至B万元" ranges are read as (A, B] — the issue's own examples put a
    100,000-yuan service project outside expert review, and "30万元以上" as "above 300,000" — so that
    adjacent ranges (5万–30万 / 30万以上) never overlap.
    """

    low: Decimal
    high: Decimal | None = None

    def __contains__(self, amount: Decimal) -> bool:
        return amount > self.low and (self.high is None or amount <= self.high)


#: §四(三): 金额在20万元至50万元的工程类项目及金额在10万元至20万元的服务类项目 … 专家评审会议评审。
#: Reading: an amount above the range is above the cap (an approved exception); it is reviewed by the
#: experts all the more, so the rule is "more than the range's lower bound".
EXPERT_REVIEW: dict[Category, AmountRange] = {
    Category.ENGINEERING: AmountRange(Decimal(200_000), Decimal(500_000)),
    Category.SERVICE: AmountRange(Decimal(100_000), Decimal(200_000)),
}
#: §四(三): 其中，工程类项目的金额原则上由专家评审会议评定，社区居民议事会只评议项目实施的可行性。
EXPERTS_SET_AMOUNT = frozenset({Category.ENGINEERING})


class Pool(StrEnum):
    ENGINEERING = "engineering"
    SERVICE = "service"


@dataclass(frozen=True)
class ExpertPool:
    pool: Pool
    name: str
    lead_unit: str  # org reference code
    lead_name: str
    fields: tuple[str, ...]  # the fields the seed names
    source: str


#: §四(三) 建立项目评审专家库.
EXPERT_POOLS: dict[Category, ExpertPool] = {
    Category.SERVICE: ExpertPool(
        Pool.SERVICE,
        gettext_noop("民生微实事服务类项目评审专家库"),
        "QMZJ",
        gettext_noop("区民政局"),
        # 在罗湖区社会建设和民生创新项目评估专家库基础上，适当增加…方面的专家 (the base pool's fields
        # are not listed in the seed; these are the ones it adds).
        (
            gettext_noop("社区服务"),
            gettext_noop("社会工作"),
            gettext_noop("心理咨询"),
            gettext_noop("养老服务"),
            gettext_noop("青少年服务"),
            gettext_noop("残疾人服务"),
        ),
        "§四(三)",
    ),
    Category.ENGINEERING: ExpertPool(
        Pool.ENGINEERING,
        gettext_noop("民生微实事工程类项目评审专家库"),
        "QZFJSJ",
        gettext_noop("区住房建设局"),
        (
            gettext_noop("法律"),
            gettext_noop("建筑工程"),
            gettext_noop("物业管理"),
            gettext_noop("安全生产"),
            gettext_noop("环境保护"),
            gettext_noop("城市管理"),
            gettext_noop("财务管理"),
            gettext_noop("审计"),
        ),
        "§四(三)",
    ),
}


# --- 罗湖十条议事规则 (§七(四)): council procedure defaults ------------------------------------------
# The seed names the rules but does not reproduce them. The defaults follow the Robert's-Rules adaptation
# they come from (文华十条 → 罗湖十条): a motion passes when the votes for exceed the votes against
# (a tie fails, abstentions are not counted); the quorum — not in the ten rules — defaults to more than
# half of the council's members. Communities configure both (rules.CouncilRules).
COUNCIL_QUORUM = Fraction(1, 2)
COUNCIL_MAJORITY = Fraction(1, 2)


# --- §五, §六 deadlines and money ----------------------------------------------------------------

NOTICE_WORKDAYS = 5  # §五(一)2(4), §五(二)2(4): 公示5个工作日，公示无异议后实施
DETERMINATION_MONTHS = 1  # §六(一): 项目确定原则上在1个月内完成
SERVICE_START_MONTHS = 1  # §六(一): 项目实施主体确定后，原则上服务项目应在1个月内正式开展
ENGINEERING_COMPLETION_MONTHS = 6  # §六(一): 工程项目应在6个月内完工
#: §五(二)2: 服务类项目…工作人员补贴等必要的行政统筹费用，最多不超过项目经费总数的三分之一。
#: Reading: the seed sets no such limit for engineering projects, so only service projects are checked.
ADMIN_COST_SHARE = Fraction(1, 3)
ADMIN_COST_CATEGORIES = frozenset({Category.SERVICE})
#: §七(三): 当年确定实施的民生微实项目需在当年内完成，民生微实项目资金原则上不予结转、不跨年使用。
NO_CARRY_OVER = True


# --- §六(三) 项目审计 -------------------------------------------------------------------------------

class Audit(StrEnum):
    LIMITED_AUDIT = "limited_audit"  # 限额审计, after completion
    BUDGET_REVIEW = "budget_review"  # 区审计局审定预算, after determination, before work
    SETTLEMENT_AUDIT = "settlement_audit"  # 工程结算审计, after completion
    FINAL_ACCOUNTS_AUDIT = "final_accounts_audit"  # 竣工财务决算审计, after completion


@dataclass(frozen=True)
class AuditRule:
    category: Category
    amounts: AmountRange
    audits: tuple[Audit, ...]
    text: str


#: 5万元至30万元的工程类项目，完工后由区审计局进行限额审计；30万元以上的工程类项目，确定后先报区审计局审定
#: 预算，完工后再进行工程结算审计和竣工财务决算审计，审计结果在罗湖电子政务网进行公告。
#: (Service projects: the seed sets no audit; the audit office supervises all funds, 附件1.)
AUDIT_RULES: tuple[AuditRule, ...] = (
    AuditRule(Category.ENGINEERING, AmountRange(Decimal(50_000), Decimal(300_000)), (Audit.LIMITED_AUDIT,),
              gettext_noop("5万元至30万元的工程类项目，完工后由区审计局进行限额审计")),
    AuditRule(Category.ENGINEERING, AmountRange(Decimal(300_000)),
              (Audit.BUDGET_REVIEW, Audit.SETTLEMENT_AUDIT, Audit.FINAL_ACCOUNTS_AUDIT),
              gettext_noop("30万元以上的工程类项目，确定后先报区审计局审定预算，完工后再进行工程结算审计和竣工财务决算审计")),
)
AUDIT_UNIT = "QSJJ"  # 区审计局
AUDITS_BEFORE_WORK = frozenset({Audit.BUDGET_REVIEW})


# --- §六(四) 项目评议 -------------------------------------------------------------------------------

#: Those the third-party satisfaction survey involves, in the seed's order.
EVALUATION_GROUPS = (
    gettext_noop("“两代表一委员”"),
    gettext_noop("社区党员"),
    gettext_noop("居民代表"),
    gettext_noop("社区居民议事员"),
    gettext_noop("有关项目专家"),
)
#: 年度优秀项目评选: 居民评议、社区居民议事会评议、专家评议 (weights are not in the seed: configuration).
EXCELLENCE_ASSESSORS = ("residents", "council", "experts")


# --- 附件1 罗湖区"民生微实事"工作部门分工表 ---------------------------------------------------------

STREETS = "*street"  # every street office (街道办事处)
COMMUNITIES = "*community"  # every community's two committees (社区两委)


@dataclass(frozen=True)
class Duty:
    code: str  # stable id used by configuration
    lead: str  # 牵头负责单位, verbatim
    units: tuple[str, ...]  # org reference codes (or STREETS / COMMUNITIES)
    work: str  # 相关工作内容, verbatim
    schedule: str  # 进度安排, verbatim


DIVISION_OF_LABOUR: tuple[Duty, ...] = (
    Duty(
        "coordination",
        gettext_noop("区委组织部、区民政局"),
        ("QWZZB", "QMZJ"),
        gettext_noop(
            "全区民生微实事工作组织协调责任主体，负责制定工作方案和标准指引；进行全程制度与程序执行的指导工作"
        ),
        gettext_noop("全程"),
    ),
    Duty(
        "publicity",
        gettext_noop("区委宣传部、区委（政府）办"),
        ("QWXCB", "QWBGS", "QZFB"),
        gettext_noop("负责做好民生微实事全面推广实施工作中的宣传报道、信息报送工作"),
        gettext_noop("全程"),
    ),
    Duty(
        "engineering_coordination",
        gettext_noop("区社工委"),
        ("QSGW",),
        gettext_noop("工程类项目的组织协调责任主体，动态跟进项目实施情况"),
        gettext_noop("全程"),
    ),
    Duty(
        "suggestion_backlog",
        gettext_noop("区社工委"),
        ("QSGW",),
        gettext_noop("指导各街道梳理前期汇总的 5.8 万条建议案，整理形成有效建议案，按程序推进"),
        gettext_noop("2016 年第一季度完成"),
    ),
    Duty(
        "engineering_library",
        gettext_noop("区社工委"),
        ("QSGW",),
        gettext_noop("建立工程类民生微实事动态项目库"),
        gettext_noop("2016 年 2 月 29 日已完成第一批"),
    ),
    Duty(
        "scheme",
        gettext_noop("区民政局"),
        ("QMZJ",),
        gettext_noop("制定、完善民生微实事工作方案"),
        gettext_noop("2016 年第一季度完成"),
    ),
    Duty(
        "service_library_and_pool",
        gettext_noop("区民政局"),
        ("QMZJ",),
        gettext_noop("建立服务类民生微实事动态项目库，牵头建立民生微实事服务类项目评审专家库"),
        gettext_noop("2016 年第一季度完成"),
    ),
    Duty(
        "brochure",
        gettext_noop("区民政局"),
        ("QMZJ",),
        gettext_noop("编制“民生微实事”宣传册"),
        gettext_noop("2016 年二季度完成"),
    ),
    Duty(
        "funding",
        gettext_noop("区财政局"),
        ("QCZJ",),
        gettext_noop("做好民生微实事资金安排、做好民生微实事经费保障工作，制定具体报销拨付指引"),
        gettext_noop("全程"),
    ),
    Duty(
        "audit",
        gettext_noop("区审计局"),
        ("QSJJ",),
        gettext_noop("负责民生微实事项项目资金的审计监督"),
        gettext_noop("全程"),
    ),
    # Reading: "等部门" — the four named departments; the engineering pool is the 住房建设局's alone.
    Duty(
        "negative_list_and_engineering_pool",
        gettext_noop("区住房建设、环保水务、城管、安监等部门"),
        ("QZFJSJ", "QHBSWJ", "QCGJ", "QAJJ"),
        gettext_noop(
            "梳理依法应当由政府、物业管理公司、企业承担的服务项目，制定民生微实事负面清单；住房建设局牵头建立民生微实事工程类项目评审专家库"
        ),
        gettext_noop("2016 年第一季度完成"),
    ),
    Duty(
        "reimbursement",
        gettext_noop("区国库支付中心"),
        ("QGKZFZX",),
        gettext_noop("制定相关报账指引，受理报账业务及会计核算行为"),
        gettext_noop("2016 年第一季度完成"),
    ),
    Duty(
        "supplier_tender",
        gettext_noop("区政府采购中心"),
        ("QZFCGZX",),
        gettext_noop("做好预选供应商库招标工作"),
        gettext_noop("2016 年第一季度完成"),
    ),
    Duty(
        "implementation",
        gettext_noop("街道办事处"),
        (STREETS,),
        gettext_noop("民生微实事项项目实施管理责任主体"),
        gettext_noop("全程"),
    ),
    Duty(
        "collection",
        gettext_noop("社区两委"),
        (COMMUNITIES,),
        gettext_noop("民生微实事项项目征集的责任主体"),
        gettext_noop("全程"),
    ),
    Duty(
        "tendering_rules",
        gettext_noop("区财政、住房建设、审计、政府采购中心等部门"),
        ("QCZJ", "QZFJSJ", "QSJJ", "QZFCGZX"),
        gettext_noop(
            "梳理省、市招投标相关政策，结合省委巡视组意见，制定印发罗湖区“民生微实事”项目招投标制度"
        ),
        gettext_noop("2016 年第一季度完成"),
    ),
    # Reading: "等与必选类项目相关的单位" is open; the named units and every street are listed.
    Duty(
        "mandatory_projects",
        gettext_noop("区社工委、民政、住房建设等与必选类项目相关的单位及各街道办事处"),
        ("QSGW", "QMZJ", "QZFJSJ", STREETS),
        gettext_noop("按照必选类民生微实事要求，尽快推进相关工作"),
        gettext_noop("2016 年一季度完成"),
    ),
)

#: Which unit does what in the workflow (issue §9: 附件1 as the default configuration).
ROLES: dict[str, tuple[str, ...]] = {
    "engineering_library": ("QSGW",),  # §四(二)2, 附件1: publishes the district's engineering library
    "service_library": ("QMZJ",),  # §四(二)2, 附件1: publishes the district's service library
    "engineering_expert_pool": ("QZFJSJ",),  # §四(三), 附件1
    "service_expert_pool": ("QMZJ",),  # §四(三), 附件1
    "expert_review": (STREETS,),  # §四(三): 由街道办事处组织专家评审会议
    "collection": (COMMUNITIES,),  # §二, 附件1
    "approval": (COMMUNITIES,),  # §五: 社区第一书记代表街道审定
    "implementation": (STREETS,),  # §六(一), 附件1
    "audit": ("QSJJ",),  # §六(三), 附件1
    "funding": ("QCZJ",),  # 附件1
    "reimbursement": ("QGKZFZX",),  # 附件1
    "negative_list": ("QZFJSJ", "QHBSWJ", "QCGJ", "QAJJ"),  # §二, 附件1
    "progress_reports": ("QMZJ",),  # §七(一): 各街道…定期向区民政局报送工作进展情况
}


# --- 附件2 罗湖区"民生微实事"项目负面清单 -------------------------------------------------------------

class Party(StrEnum):
    """承担部门 of 附件2: who must do the item instead of a micro-project (values as the seed writes them)."""

    PROPERTY_COMPANY = "物业服务企业"
    JOINT_STOCK_COMPANY = "股份公司"  # the former village's joint-stock company in an urban village
    OWNERS_COMMITTEE = "业主委员会"


PARTY_LABELS = {Party.PROPERTY_COMPANY: _("物业服务企业"), Party.JOINT_STOCK_COMPANY: _("股份公司"),
                Party.OWNERS_COMMITTEE: _("业主委员会")}


class Setting(StrEnum):
    """The 城市管理类 rows split by where the work is (附件2 items 13–17)."""

    MANAGED_ESTATE = "有物业管理小区"
    URBAN_VILLAGE = "城中村"


@dataclass(frozen=True)
class NegativeItem:
    """One row of 附件2. A proposal matches when each `all_of` group has a word in its normalised
    title + description and no word of `none_of` occurs."""

    no: int
    group: str  # 类别
    content: str  # 内容, verbatim
    responsible: tuple[Party, ...]  # 承担部门, in the attachment's order
    all_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...] = ()
    setting: Setting | None = None

    @property
    def responsible_text(self) -> str:
        """承担部门 as the attachment writes it (业主委员会、物业服务企业)."""
        return "、".join(self.responsible)


SAFETY = gettext_noop("安全生产类")
CITY = gettext_noop("城市管理类")
PROPERTY = gettext_noop("物业管理类")
PC = (Party.PROPERTY_COMPANY,)

# Matching vocabulary (normalised: NFKC, lower case, no spaces or punctuation).
# Reading: the list is what property companies, joint-stock companies and owners' committees must do
# where they exist. An estate without a property company (无物业/弃管) or a care project for
# vulnerable households is not their duty, so those words exclude the items they would wrongly hit.
ESTATE = ("小区", "物业", "管理处", "业主", "住宅区", "楼盘")  # a residential estate under management
NO_MANAGEMENT = ("无物业", "没有物业", "弃管")
VILLAGE = ("城中村", "股份公司", "股份合作公司", "旧村")
VULNERABLE = ("独居", "孤寡", "空巢", "残疾", "困难家庭", "低保", "长者", "老人", "适老化")
MAINTAIN = (
    "维修",
    "养护",
    "维护",
    "维保",
    "保养",
    "检修",
    "修缮",
    "修复",
    "修补",
    "修理",
    "整修",
    "翻修",
    "更换",
    "疏通",
    "清掏",
)
BUILD = (
    "建设",
    "设置",
    "配置",
    "配备",
    "增设",
    "新增",
    "增配",
    "加装",
    "安装",
    "购置",
    "添置",
    "新建",
    "更换",
)
EMERGENCY = ("应急", "消防", "灭火", "急救", "防火")
EQUIPMENT = (
    "设备",
    "设施",
    "器材",
    "灭火器",
    "消防栓",
    "消火栓",
    "应急灯",
    "物资",
    "消防箱",
    "应急箱",
    "消防站",
    "救生",
)
BINS = (
    "垃圾桶",
    "垃圾箱",
    "分类桶",
    "垃圾分类投放点",
    "分类投放点",
    "垃圾分类屋",
    "垃圾分类亭",
    "分类收集点",
    "分类收集容器",
)
LIGHTS = ("照明", "路灯", "灯具", "亮化", "楼道灯", "街灯", "庭院灯")
PRIVATE_PARTS = ("专有部位", "专有设施", "专有设备", "户内", "室内", "家中", "住户家", "业主家", "入户")

NEGATIVE_LIST: tuple[NegativeItem, ...] = (
    # 安全生产类 1–12: 物业服务企业
    NegativeItem(
        1,
        SAFETY,
        gettext_noop("依法建立安全管理体系"),
        PC,
        (("安全管理体系", "安全管理制度", "安全生产管理体系", "安全生产管理制度", "安全生产责任制"), ESTATE),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        2,
        SAFETY,
        gettext_noop("依法编制事故应急预案"),
        PC,
        (("应急预案", "事故预案", "应急处置预案"), ("编制", "制定", "修订", "编写", "完善", "建立"), ESTATE),
        NO_MANAGEMENT,
    ),
    # Reading: 本单位 = the property company's own staff (a residents' safety course is a care project).
    NegativeItem(
        3,
        SAFETY,
        gettext_noop("定期组织本单位的安全教育培训和应急预案演练"),
        PC,
        (
            (
                "安全教育",
                "安全培训",
                "安全生产培训",
                "消防培训",
                "应急演练",
                "预案演练",
                "消防演练",
                "疏散演练",
                "逃生演练",
            ),
            ("物业", "管理处", "保安", "员工", "从业人员"),
        ),
    ),
    NegativeItem(
        4,
        SAFETY,
        gettext_noop("定期开展安全事故隐患排查并及时消除安全事故隐患"),
        PC,
        (("隐患",), ("排查", "消除", "整改", "治理", "整治", "巡查", "自查"), ESTATE),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        5,
        SAFETY,
        gettext_noop("小区安全宣传栏建设"),
        PC,
        (
            ("宣传栏", "宣传橱窗", "宣传牌", "宣传展板", "宣传专栏", "宣传板"),
            ("安全", "消防", "防火", "防灾"),
            ESTATE,
        ),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        6,
        SAFETY,
        gettext_noop("定期填报安全生产隐患自查自报系统"),
        PC,
        (("自查自报", "隐患填报", "隐患上报", "隐患自报"),),
    ),
    NegativeItem(
        7,
        SAFETY,
        gettext_noop("小区应急设备设施和器材建设"),
        PC,
        (EMERGENCY, EQUIPMENT, BUILD, ESTATE),
        NO_MANAGEMENT,
    ),
    NegativeItem(8, SAFETY, gettext_noop("推进安全生产标准化建设"), PC, (("安全生产标准化", "安全标准化"),)),
    NegativeItem(
        9,
        SAFETY,
        gettext_noop("核查发包或者出租单位的安全资质证照"),
        PC,
        (
            ("资质", "证照", "资格证", "许可证"),
            ("核查", "审核", "查验", "核验", "审查", "检查"),
            ("发包", "出租", "承包", "外包", "承租", "分包"),
        ),
    ),
    NegativeItem(
        10,
        SAFETY,
        gettext_noop("小区应急设备设施和器材的维保、管理"),
        PC,
        (
            EMERGENCY,
            EQUIPMENT,
            ("维保", "维护", "保养", "维修", "检修", "更换", "检测", "年检", "充装", "巡检"),
            ESTATE,
        ),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        11,
        SAFETY,
        gettext_noop("业主自有空调架、防盗网等外观设施安全维保、管理"),
        PC,
        (
            (
                "空调架",
                "空调支架",
                "空调外机",
                "防盗网",
                "防盗窗",
                "外观设施",
                "雨棚",
                "遮阳棚",
                "花架",
                "晾衣架",
            ),
            (
                "维保",
                "维护",
                "维修",
                "加固",
                "检修",
                "更换",
                "检查",
                "排查",
                "整治",
                "拆除",
                "管理",
                "保养",
                "修复",
            ),
        ),
    ),
    NegativeItem(
        12,
        SAFETY,
        gettext_noop("企业主要负责人、安全管理人员、特种作业人员的培训"),
        PC,
        (
            ("主要负责人", "安全管理人员", "特种作业", "特种设备作业", "电工证", "焊工证"),
            ("培训", "考证", "取证", "持证", "复审"),
        ),
    ),
    # 城市管理类 13–17: split by setting (有物业管理小区 → 物业服务企业, 城中村 → 股份公司)
    NegativeItem(
        13,
        CITY,
        gettext_noop("清扫保洁"),
        PC,
        (("清扫", "保洁", "打扫", "卫生死角", "环境卫生"), ESTATE),
        NO_MANAGEMENT + VILLAGE,
        Setting.MANAGED_ESTATE,
    ),
    NegativeItem(
        14,
        CITY,
        gettext_noop("分类垃圾桶设置"),
        (Party.JOINT_STOCK_COMPANY,),
        (BINS, BUILD, VILLAGE),
        (),
        Setting.URBAN_VILLAGE,
    ),
    NegativeItem(
        15,
        CITY,
        gettext_noop("分类垃圾桶设置"),
        PC,
        (BINS, BUILD, ESTATE),
        NO_MANAGEMENT + VILLAGE,
        Setting.MANAGED_ESTATE,
    ),
    NegativeItem(
        16,
        CITY,
        gettext_noop("照明设施建设"),
        (Party.JOINT_STOCK_COMPANY,),
        (LIGHTS, BUILD + ("改造", "亮化"), VILLAGE),
        (),
        Setting.URBAN_VILLAGE,
    ),
    NegativeItem(
        17,
        CITY,
        gettext_noop("照明设施建设"),
        PC,
        (LIGHTS, BUILD + ("改造", "亮化"), ESTATE),
        NO_MANAGEMENT + VILLAGE,
        Setting.MANAGED_ESTATE,
    ),
    # 物业管理类 18–28
    NegativeItem(
        18,
        PROPERTY,
        gettext_noop(
            "房屋建筑本体共用部位（楼盖、屋顶、梁、柱、内外墙体和基础等承重结构部位、外墙面、楼梯间、走廊通道、门厅、设备房）等的维修、养护和管理"
        ),
        PC,
        (
            (
                "楼盖",
                "屋顶",
                "楼顶",
                "天台",
                "屋面",
                "梁柱",
                "承重",
                "墙体",
                "外墙",
                "内墙",
                "墙面",
                "楼梯间",
                "楼梯",
                "走廊",
                "通道",
                "门厅",
                "大堂",
                "设备房",
                "共用部位",
            ),
            MAINTAIN + ("防水", "补漏", "粉刷", "翻新", "加固"),
            ESTATE,
        ),
        NO_MANAGEMENT + ("彩绘", "壁画"),
    ),  # a mural is a culture project (§一(三)), not upkeep
    # The seed prints "太阳能热水系统和 中水系统" (a line-break space, dropped here).
    NegativeItem(
        19,
        PROPERTY,
        gettext_noop(
            "共用设备（给排水系统、公共照明系统、供配电系统、弱电系统、未采用合同能源管理方式运营的太阳能热水系统和中水系统等）的维修、养护和管理"
        ),
        PC,
        (
            (
                "给排水",
                "供水",
                "水泵",
                "二次供水",
                "公共照明",
                "供配电",
                "配电",
                "弱电",
                "太阳能热水",
                "中水",
                "共用设备",
                "门禁",
                "对讲",
                "监控系统",
                "水箱",
                "发电机",
            ),
            MAINTAIN,
            ESTATE,
        ),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        20,
        PROPERTY,
        gettext_noop("特殊设备设施（电梯等特种设备、消防设施等）的日常养护、维修"),
        PC,
        (
            (
                "电梯",
                "特种设备",
                "消防设施",
                "消防栓",
                "消火栓",
                "喷淋",
                "烟感",
                "火灾报警",
                "消防泵",
                "消防系统",
            ),
            ("养护", "维修", "维保", "保养", "检修", "年检", "维护", "修理", "修复"),
            ESTATE,
        ),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        21,
        PROPERTY,
        gettext_noop("物业专有部位、专有设施设备的小规模维修。维修工程现场勘查，维修实施过程监督"),
        PC,
        (PRIVATE_PARTS, ("维修", "修理", "小修", "勘查", "修缮", "检修", "疏通", "更换"), ESTATE),
        NO_MANAGEMENT + VULNERABLE,
    ),
    NegativeItem(
        22,
        PROPERTY,
        gettext_noop(
            "物业专有部位、专有设施设备中、大规模的委托维修及更新改造。维修工程现场勘查，维修实施过程监督"
        ),
        PC,
        (PRIVATE_PARTS, ("大修", "中修", "更新改造", "改造", "翻新", "委托维修", "装修"), ESTATE),
        NO_MANAGEMENT + VULNERABLE,
    ),
    NegativeItem(
        23,
        PROPERTY,
        gettext_noop(
            "小区共用设施（道路、上下水管道、化粪池、沟渠、池、井、体育健身设施、路灯、停车场等）的维修、养护和管理"
        ),
        PC,
        (
            (
                "道路",
                "路面",
                "上下水",
                "下水道",
                "排水管",
                "污水管",
                "水管",
                "管道",
                "化粪池",
                "沟渠",
                "排水沟",
                "水渠",
                "水池",
                "井盖",
                "沙井",
                "窨井",
                "检查井",
                "健身设施",
                "健身器材",
                "体育设施",
                "运动场",
                "路灯",
                "停车场",
                "共用设施",
            ),
            MAINTAIN,
            ESTATE,
        ),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        24,
        PROPERTY,
        gettext_noop("交通、车辆行驶及停泊秩序的管理"),
        PC,
        (
            ("交通", "车辆", "停车", "停泊", "泊车", "停放"),
            ("秩序", "疏导", "指挥", "乱停", "管理", "引导"),
            ESTATE,
        ),
        NO_MANAGEMENT,
    ),
    # Reading: the parenthesis (不含住户人身、财产保险保管责任) limits the company's duty, not the match.
    NegativeItem(
        25,
        PROPERTY,
        gettext_noop("公共秩序维护（进行公共区域的安全防范和巡视工作（不含住户人身、财产保险保管责任））"),
        PC,
        (("巡逻", "巡视", "安全防范", "安防", "保安", "门岗", "治安", "值守", "秩序维护"), ESTATE),
        NO_MANAGEMENT,
    ),
    NegativeItem(
        26,
        PROPERTY,
        gettext_noop("物业及物业管理档案、资料的管理"),
        PC,
        (("档案", "资料", "台账"), ("物业",)),
    ),
    NegativeItem(
        27,
        PROPERTY,
        gettext_noop("小区内的地面坍塌隐患或险情处理"),
        (Party.OWNERS_COMMITTEE, Party.PROPERTY_COMPANY),
        (("坍塌", "塌陷", "沉降", "下陷", "地陷", "空洞"), ("小区",)),
    ),
    # Reading: "或具有明确责任主体的" — a slope whose owner is named in the text; an ownerless slope
    # (无主边坡) is a legitimate project.
    NegativeItem(
        28,
        PROPERTY,
        gettext_noop("小区管理范围内，或具有明确责任主体的边坡防护、治理"),
        (Party.OWNERS_COMMITTEE, Party.PROPERTY_COMPANY),
        (
            ("边坡", "挡土墙", "护坡", "滑坡"),
            ("防护", "治理", "加固", "整治", "修复", "维护", "排险"),
            ESTATE + ("责任主体", "产权单位", "权属单位"),
        ),
        ("无主", "无责任主体", "责任主体不明", "权属不明"),
    ),
)
NEGATIVE_ITEMS = {item.no: item for item in NEGATIVE_LIST}


# --- Storage-facing tables (issue 17 §6, §10) ------------------------------------------------------

#: Deadlines that reminders watch (kind → label), §五, §六(一), §七(三).
DEADLINE_LABELS = {
    "determine_by": _("项目确定（1个月内）"),
    "notice_ends": _("公示期满（5个工作日）"),
    "start_by": _("服务项目开展（实施主体确定后1个月内）"),
    "complete_by": _("工程项目完工（实施主体确定后6个月内）"),
    "year_end": _("当年完成（资金不跨年）"),
}

#: What supervision (大督查) reads: measure code → (deadline kind, label). `kept` = done by the deadline.
MEASURES = {
    "microprojects.determination": ("determine_by", _("民生微实事项目1个月内确定")),
    "microprojects.service_start": ("start_by", _("服务类项目1个月内开展")),
    "microprojects.engineering_completion": ("complete_by", _("工程类项目6个月内完工")),
}

#: Steps after which a project is public (its notice has been published): the public pages show only these.
PUBLIC_STEPS = frozenset(
    {
        Step.PUBLIC_NOTICE,
        Step.BUDGET_REVIEW,
        Step.IMPLEMENTATION,
        Step.COMPLETION,
        Step.LIMITED_AUDIT,
        Step.SETTLEMENT_AUDIT,
        Step.FINAL_ACCOUNTS_AUDIT,
        Step.EVALUATION,
    }
)
