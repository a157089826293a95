"""The 大分拨 standard as data: states, tiers, channels, ratings, time-limit units, working hours,
and the default handling rules per first-level category.

Source: 罗湖区综合配套改革方案 §二(六) items 31–34 — 31 统一数源入口 (one intake for every channel,
data migration of the units' own systems), 32 统一的事件分类标准 / 统一回复, 33 大联动, 34 大小微循环
(community → street sub-centre → district department → district enforcement coordination centre).

No Django here: other layers iterate these tuples. Defaults are starting values that administrators
edit in the admin (categories, dispatch rules); `reference.load()` writes them once.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"  # 已受理
    TRIAGE = "triage"  # 待人工分拨
    DISPATCHED = "dispatched"  # 已分拨
    RETURNED = "returned"  # 已退回
    ACCEPTED = "accepted"  # 已签收
    IN_PROGRESS = "in_progress"  # 处置中
    RESOLVED = "resolved"  # 已办结
    REPLIED = "replied"  # 已回复
    CLOSED = "closed"  # 已结案
    REOPENED = "reopened"  # 已重启


# Display names of the states (translated) are rules.STATE_NAMES; the choices rules.STATE_CHOICES.

#: States in which the handling unit's clock runs (warnings apply).
#: Returned and reopened events wait for the dispatcher instead.
OPEN_STATES = (State.DISPATCHED, State.ACCEPTED, State.IN_PROGRESS)


class Tier(StrEnum):
    """大小微循环 (item 34): where an event is handled."""

    COMMUNITY = "community"  # 社区即时处置
    STREET = "street"  # 街道分中心（科室或执法队）
    DEPARTMENT = "department"  # 区职能部门（跨街道）
    CENTRE = "centre"  # 区行政执法协调中心（联合执法）


TIER_LABELS = {
    Tier.COMMUNITY: "社区即时处置", Tier.STREET: "街道分中心", Tier.DEPARTMENT: "区职能部门",
    Tier.CENTRE: "区行政执法协调中心",
}

#: The unit code of the district enforcement coordination centre (区行政执法协调中心).
CENTRE_UNIT_CODE = "QZFXTZX"
#: The unit whose operators are the district's dispatchers (区网格办, 统一分拨主体).
DISPATCH_UNIT_CODE = "QWGB"


class Channel(StrEnum):
    HOTLINE = "hotline"  # 热线电话（统一接听）
    WEB = "web"  # 网站 / 公众表单
    WECHAT = "wechat"  # 微信公众号
    MINIPROGRAM = "miniprogram"  # 小程序
    SYSTEM = "system"  # 其他业务系统（接口对接）
    MIGRATION = "migration"  # 历史系统数据迁移


CHANNEL_LABELS = {
    Channel.HOTLINE: "热线电话", Channel.WEB: "网站表单", Channel.WECHAT: "微信公众号",
    Channel.MINIPROGRAM: "小程序", Channel.SYSTEM: "业务系统接口", Channel.MIGRATION: "数据迁移",
}


class Rating(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    UNSATISFIED = "unsatisfied"


RATING_LABELS = {Rating.SATISFIED: "满意", Rating.BASICALLY: "基本满意", Rating.UNSATISFIED: "不满意"}


class LimitUnit(StrEnum):
    WORKDAYS = "workdays"  # 工作日
    WORKHOURS = "workhours"  # 工作小时


#: Working hours of a working day, as configuration (setting DISPATCH_WORKING_HOURS overrides):
#: (start hour, end hour) periods — 9:00–12:00 and 14:00–18:00.
WORKING_HOURS = ((9, 12), (14, 18))

#: Yellow warning when less than this fraction of a time limit remains (setting DISPATCH_YELLOW_FRACTION).
YELLOW_FRACTION = 0.25

#: Below this classifier confidence an event goes to the manual
#: triage queue (setting DISPATCH_CONFIDENCE_THRESHOLD).
CONFIDENCE_THRESHOLD = 0.5

#: Limits of the public report form (setting DISPATCH_REPORT_LIMITS overrides any key), as
#: ((count, seconds), ...) sliding windows (core.throttle). A client is its address (or IPv6 /64).
REPORT_LIMITS = {
    "client_free": ((3, 600),),  # a client's reports without a proof of work (a resident rarely sends more)
    "client_most": ((10, 3600), (30, 86400)),  # beyond: refused (429), and the dispatcher alerted
    "all_most": ((300, 600),),  # everyone's reports together: beyond, refused (429) and alerted
}

#: Limits of the citizen's case lookup (setting DISPATCH_LOOKUP_LIMITS overrides any key). Only wrong
#: (case number, phone) pairs count: a resident who knows both is never slowed down.
LOOKUP_LIMITS = {
    "client_free": ((5, 900),),  # a client's wrong attempts without a proof of work
    "client_most": ((30, 3600),),  # beyond: refused (429) and alerted
    "case_most": ((5, 3600),),  # wrong phones for one case number, whoever asks: beyond, the number is locked
}


@dataclass(frozen=True)
class Limits:
    """Time limits of one tier: acceptance (签收) and resolution (办结)."""

    accept: int
    accept_unit: LimitUnit
    resolve: int
    resolve_unit: LimitUnit


#: An extension (延期) asks for this many working days at least and at most.
EXTENSION_DAYS = (1, 30)

#: A reporter's phone number has this many digits at least and at most (after normalising).
PHONE_DIGITS = (7, 12)

#: The API's Idempotency-Key header: at most this many printable ASCII characters (the IETF draft's shape).
IDEMPOTENCY_KEY_MAX = 128

#: Events per batch request (API) at most.
MAX_BATCH = 200

#: Photos per report or result at most, and bytes per photo at most (before re-encoding).
MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024

#: The key scope of the intake API (core.ApiKey.scope): a key's name is its events' source system.
API_SCOPE = "dispatch.events"

#: The key scope of the figures API (GET /dispatch/api/figures/) that 改革督查 and other readers are issued.
FIGURES_SCOPE = "dispatch.figures"


#: Default time limits per tier (a category may override them).
TIER_LIMITS = {
    Tier.COMMUNITY: Limits(2, LimitUnit.WORKHOURS, 1, LimitUnit.WORKDAYS),
    Tier.STREET: Limits(4, LimitUnit.WORKHOURS, 5, LimitUnit.WORKDAYS),
    Tier.DEPARTMENT: Limits(1, LimitUnit.WORKDAYS, 10, LimitUnit.WORKDAYS),
    Tier.CENTRE: Limits(1, LimitUnit.WORKDAYS, 15, LimitUnit.WORKDAYS),
}


@dataclass(frozen=True)
class CategoryDefault:
    """Handling defaults for a first-level class, or one of its second-level classes (level2 set)."""

    level1: str
    department: str  # unit code of the responsible district department
    tier: Tier
    needs_enforcement: bool = False
    level2: str = ""


#: Rules as data: which district department answers for which class, and at which tier it starts.
#: Most specific (level1, level2) wins over (level1, "").
CATEGORY_DEFAULTS = (
    CategoryDefault("城乡建设", "QZFJSJ", Tier.STREET),
    CategoryDefault("城乡建设", "QCGJ", Tier.COMMUNITY, level2="城市建设和市政管理"),
    CategoryDefault("城乡建设", "QAJJ", Tier.STREET, True, level2="安全生产"),
    CategoryDefault("城乡建设", "QZFJSJ", Tier.DEPARTMENT, level2="住房保障与房地产"),
    CategoryDefault("城乡建设", "QGHTDJCJ", Tier.STREET, True, level2="城乡规划"),
    CategoryDefault("城乡建设", "QCSGXJ", Tier.DEPARTMENT, level2="国有土地上房屋征收与补偿"),
    CategoryDefault("环境保护", "QHBSWJ", Tier.STREET, True),
    CategoryDefault("环境保护", "QHBSWJ", Tier.DEPARTMENT, level2="建设项目审批"),
    CategoryDefault("交通运输", "QCGJ", Tier.STREET),
    CategoryDefault("交通运输", "QCGJ", Tier.DEPARTMENT, level2="出租车管理"),
    CategoryDefault("教育文体", "QJYJ", Tier.DEPARTMENT),
    CategoryDefault("劳动和社会保障", "QRLZYJ", Tier.DEPARTMENT),
    CategoryDefault("劳动和社会保障", "QRLZYJ", Tier.STREET, True, level2="工资福利"),
    CategoryDefault("劳动和社会保障", "QRLZYJ", Tier.STREET, True, level2="劳动关系"),
    CategoryDefault("卫生计生", "QMZJ", Tier.DEPARTMENT),
    CategoryDefault("卫生计生", "SCJGLH", Tier.STREET, True, level2="食品药品监管"),
    CategoryDefault("商贸旅游", "QJJCJJ", Tier.DEPARTMENT),
    CategoryDefault("商贸旅游", "SCJGLH", Tier.STREET, True, level2="市场监管"),
    CategoryDefault("民政", "QMZJ", Tier.DEPARTMENT),
    CategoryDefault("民政", "QMZJ", Tier.COMMUNITY, level2="基层选举和社区建设"),
    CategoryDefault("政法", "QWZFW", Tier.DEPARTMENT),
    CategoryDefault("政法", "QWZFW", Tier.STREET, True, level2="社会治安"),
    CategoryDefault("国土资源", "QGHTDJCJ", Tier.DEPARTMENT),
    CategoryDefault("党务政务", "QZFB", Tier.DEPARTMENT),
    CategoryDefault("纪检监察", "QJW", Tier.DEPARTMENT),
    CategoryDefault("农村农业", "QHBSWJ", Tier.DEPARTMENT),
    CategoryDefault("科技与信息产业", "QKJCXJ", Tier.DEPARTMENT),
    CategoryDefault("经济管理", "QFGJ", Tier.DEPARTMENT),
    CategoryDefault("经济管理", "QCZJ", Tier.DEPARTMENT, level2="金融财税"),
    CategoryDefault("经济管理", "QAJJ", Tier.STREET, True, level2="安全生产"),
)


@dataclass(frozen=True)
class RuleDefault:
    """A default dispatch rule (item 34): conditions → tier. Evaluated by priority; the first match wins."""

    priority: int
    name: str
    tier: Tier
    keywords: str = ""  # any of these words in title/text ("|"-separated)
    crosses_streets: bool | None = None
    needs_enforcement: bool | None = None


DISPATCH_RULE_DEFAULTS = (
    RuleDefault(10, "涉及联合执法的复杂事件 → 区行政执法协调中心", Tier.CENTRE,
                keywords="联合执法|多部门联合|多个部门|屡禁不止|长期无人管|违法建设|违建|群租房"),
    RuleDefault(20, "跨街道事件 → 区职能部门", Tier.DEPARTMENT, crosses_streets=True),
    RuleDefault(30, "需要执法的事件 → 街道分中心", Tier.STREET, needs_enforcement=True),
)


# --- 大联动 (item 33), returns and rulings, 督办单 (item 36), 回访 and 申诉 (issue 15 §2–4) ------------


class TaskRole(StrEnum):
    """A unit's role in a co-handled case (大联动)."""

    LEAD = "lead"  # 主办
    ASSIST = "assist"  # 协办


TASK_ROLE_LABELS = {TaskRole.LEAD: "主办", TaskRole.ASSIST: "协办"}

#: Working days an assisting unit has for its sub-task by default (the dispatcher may give another).
SUBTASK_WORKDAYS = 3


class ReturnReason(StrEnum):
    """The coded reasons a unit may give for returning a case (退回理由代码)."""

    NOT_OUR_DUTY = "not_our_duty"  # 非本单位职责
    INCOMPLETE = "incomplete"  # 信息不全
    WRONG_PLACE = "wrong_place"  # 不属本辖区
    DUPLICATE = "duplicate"  # 重复事项
    NEEDS_ENFORCEMENT = "needs_enforcement"  # 需执法部门处置
    OTHER = "other"  # 其他（须说明）


RETURN_REASON_LABELS = {
    ReturnReason.NOT_OUR_DUTY: "非本单位职责", ReturnReason.INCOMPLETE: "信息不全",
    ReturnReason.WRONG_PLACE: "不属本辖区", ReturnReason.DUPLICATE: "重复事项",
    ReturnReason.NEEDS_ENFORCEMENT: "需执法部门处置", ReturnReason.OTHER: "其他",
}

#: The return of a case between units that sends it to the 分拨中心 for a binding ruling (裁定): the second.
RETURNS_BEFORE_RULING = 2
#: Working days the 分拨中心 has to give its ruling (setting DISPATCH_RULING_WORKDAYS).
RULING_WORKDAYS = 2


class OrderLevel(StrEnum):
    """督办单 levels."""

    GENERAL = "general"  # 一般督办
    KEY = "key"  # 重点督办
    LISTED = "listed"  # 挂牌督办


ORDER_LEVEL_LABELS = {OrderLevel.GENERAL: "一般", OrderLevel.KEY: "重点", OrderLevel.LISTED: "挂牌"}


class OrderState(StrEnum):
    OPEN = "open"  # 待答复
    REPLIED = "replied"  # 已答复
    SIGNED_OFF = "signed_off"  # 已销号


ORDER_STATE_LABELS = {
    OrderState.OPEN: "待答复",
    OrderState.REPLIED: "已答复",
    OrderState.SIGNED_OFF: "已销号",
}


class OrderTrigger(StrEnum):
    """What an administrator-edited supervision rule looks for."""

    OVERDUE = "overdue"  # 超期 N 个工作日仍未办结
    UNSATISFIED = "unsatisfied"  # 群众不满意（评价或回访）
    REPEAT_CALLER = "repeat_caller"  # 同一来电人 M 天内反映 N 次
    REPEAT_ADDRESS = "repeat_address"  # 同一地址 M 天内反映 N 次
    SENSITIVE = "sensitive"  # 含敏感标签（关键词）


ORDER_TRIGGER_LABELS = {
    OrderTrigger.OVERDUE: "超期未办结", OrderTrigger.UNSATISFIED: "群众不满意",
    OrderTrigger.REPEAT_CALLER: "同一来电人重复反映", OrderTrigger.REPEAT_ADDRESS: "同一地址重复反映",
    OrderTrigger.SENSITIVE: "敏感标签",
}

#: Working days a unit has to reply to a supervision order
#: by default (a rule or a supervisor may give another).
ORDER_WORKDAYS = 3


class Resolved(StrEnum):
    """回访: was the matter resolved (the first of the two separate answers)."""

    YES = "resolved"  # 解决
    NO = "unresolved"  # 未解决


RESOLVED_LABELS = {Resolved.YES: "解决", Resolved.NO: "未解决"}


class Unsatisfied(StrEnum):
    """What an unsatisfied call-back leads to (setting DISPATCH_UNSATISFIED_ACTION)."""

    REOPEN = "reopen"  # 重办
    SUPERVISE = "supervise"  # 督办


UNSATISFIED_ACTION = Unsatisfied.REOPEN


class AppealState(StrEnum):
    PENDING = "pending"  # 待裁决
    UPHELD = "upheld"  # 申诉成立（评价不计入）
    REJECTED = "rejected"  # 申诉不成立


APPEAL_STATE_LABELS = {
    AppealState.PENDING: "待裁决",
    AppealState.UPHELD: "申诉成立",
    AppealState.REJECTED: "申诉不成立",
}

#: Evidence files per appeal at most, and bytes per file at most.
MAX_EVIDENCE = 6
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

#: Ledger actions of this app (payload: before/after = the event's changed fields).
class Action(StrEnum):
    RECEIVED = "dispatch.event.received"
    CLASSIFIED = "dispatch.event.classified"
    TRIAGE = "dispatch.event.triage"
    DISPATCHED = "dispatch.event.dispatched"
    ACCEPTED = "dispatch.event.accepted"
    RETURNED = "dispatch.event.returned"
    STARTED = "dispatch.event.started"
    RESOLVED = "dispatch.event.resolved"
    REPLIED = "dispatch.event.replied"
    RATED = "dispatch.event.rated"
    CLOSED = "dispatch.event.closed"
    REOPENED = "dispatch.event.reopened"
    EXTENSION_REQUESTED = "dispatch.event.extension_requested"
    EXTENSION_DECIDED = "dispatch.event.extension_decided"
    SUPERVISED = "dispatch.event.supervised"
    WARNED = "dispatch.event.warned"
    IMPORTED = "dispatch.event.imported"
    MODEL_TRAINED = "dispatch.model.trained"
    PHOTO_REENCODED = "dispatch.photo.reencoded"
    ESCALATED = "dispatch.event.escalated"
    CALLED_BACK = "dispatch.event.called_back"
    SYNCED = "dispatch.event.synced"
    PUSHED = "dispatch.event.pushed"  # queued for a unit's own system (item 31)
    PUSH_UPDATE = "dispatch.event.push_update"  # an update pulled back from that system
    COHANDLED = "dispatch.event.cohandled"
    SUBTASK_FEEDBACK = "dispatch.subtask.feedback"
    SUBTASKS_OVERRIDDEN = "dispatch.event.subtasks_overridden"
    RECATEGORISED = "dispatch.event.recategorised"
    RULING_REQUESTED = "dispatch.ruling.requested"
    RULED = "dispatch.ruling.ruled"
    ORDER_ISSUED = "dispatch.order.issued"
    ORDER_REPLIED = "dispatch.order.replied"
    ORDER_SIGNED_OFF = "dispatch.order.signed_off"
    APPEALED = "dispatch.appeal.filed"
    APPEAL_DECIDED = "dispatch.appeal.decided"


ACTION_LABELS = {
    Action.RECEIVED: "受理",
    Action.CLASSIFIED: "自动分类",
    Action.TRIAGE: "转人工分拨",
    Action.DISPATCHED: "分拨",
    Action.ACCEPTED: "签收",
    Action.RETURNED: "退回",
    Action.STARTED: "开始处置",
    Action.RESOLVED: "办结",
    Action.REPLIED: "统一回复",
    Action.RATED: "群众评价",
    Action.CLOSED: "结案",
    Action.REOPENED: "重启",
    Action.EXTENSION_REQUESTED: "申请延期",
    Action.EXTENSION_DECIDED: "延期审批",
    Action.SUPERVISED: "督办",
    Action.WARNED: "时限预警",
    Action.IMPORTED: "迁移导入",
    Action.MODEL_TRAINED: "训练分类模型",
    Action.PHOTO_REENCODED: "照片重新编码",
    Action.ESCALATED: "逐级上报",
    Action.CALLED_BACK: "回访",
    Action.SYNCED: "同步更新",
    Action.PUSHED: "推送至单位系统",
    Action.PUSH_UPDATE: "单位系统回传",
    Action.COHANDLED: "大联动分派",
    Action.SUBTASK_FEEDBACK: "协办反馈",
    Action.SUBTASKS_OVERRIDDEN: "主办单位强制办结",
    Action.RECATEGORISED: "改类",
    Action.RULING_REQUESTED: "提请裁定",
    Action.RULED: "分拨中心裁定",
    Action.ORDER_ISSUED: "下发督办单",
    Action.ORDER_REPLIED: "督办答复",
    Action.ORDER_SIGNED_OFF: "督办销号",
    Action.APPEALED: "评价申诉",
    Action.APPEAL_DECIDED: "申诉裁决",
}


#: Everyday words that pick a leaf inside the predicted first-level class (editable as Category.keywords).
CATEGORY_KEYWORDS = {
    ("城乡建设", "城市建设和市政管理", "城市公共设施"): "路灯|井盖|护栏|人行道|路面|坑洼|公厕|座椅",
    ("城乡建设", "城市建设和市政管理", "环境卫生"): "垃圾|保洁|清扫|脏乱|卫生死角",
    ("城乡建设", "城市建设和市政管理", "城管执法"): "占道经营|摆摊|乱摆卖|小贩|流动摊",
    ("城乡建设", "城市建设和市政管理", "小区管理"): "小区|业委会|电梯",
    ("城乡建设", "城市建设和市政管理", "园林绿化"): "树木|绿化|草坪|修剪|树枝",
    ("城乡建设", "城市建设和市政管理", "自来水供应"): "停水|水压|自来水|水管",
    ("城乡建设", "城市建设和市政管理", "电力供应"): "停电|电压|供电",
    ("城乡建设", "城市建设和市政管理", "燃气供应"): "燃气|煤气|天然气",
    ("城乡建设", "住房保障与房地产", "物业服务"): "物业|物业费|停车费",
    ("城乡建设", "住房保障与房地产", "房屋租赁"): "租房|房东|租金|群租",
    ("城乡建设", "城乡规划", "违章建筑"): "违建|违章建筑|加建|搭建|私搭乱建",
    ("城乡建设", "安全生产", "安全隐患"): "安全隐患|消防通道|倒塌|脱落",
    ("城乡建设", "工程质量", "施工安全"): "施工|工地|围挡|渣土",
    ("环境保护", "环境污染", "噪音污染"): "噪音|噪声|扰民|吵",
    ("环境保护", "环境污染", "大气污染"): "油烟|烟尘|臭味|粉尘|废气|烧烤",
    ("环境保护", "环境污染", "水污染"): "污水|排污|河道|发臭|黑臭",
    ("交通运输", "出租车管理", "网约车问题"): "网约车|滴滴|拒载",
    ("交通运输", "客货运输", "旅客运输"): "公交|大巴|客运|线路",
    ("交通运输", "建设管理", "设施维护"): "红绿灯|信号灯|公交站|站台",
    ("劳动和社会保障", "工资福利", "工资发放"): "拖欠工资|欠薪|工资|讨薪",
    ("劳动和社会保障", "城镇职工社会保险", "职工养老保险"): "社保|养老保险|转移|缴费年限",
    ("劳动和社会保障", "劳动关系", "劳动合同纠纷"): "劳动合同|辞退|加班|试用期",
    ("教育文体", "教育收费", "乱收费"): "乱收费|资料费|补课费|收费",
    ("教育文体", "教育体制", "教育资源配置"): "学位|入学|划片|积分",
    ("教育文体", "教育行政管理", "校园安全"): "校园|学生安全|校门口",
    ("卫生计生", "食品药品监管", "食品安全"): "食品|过期|变质|餐馆|外卖",
    ("卫生计生", "医政监管", "医疗机构管理"): "医院|诊所|挂号",
    ("商贸旅游", "市场监管", "物价监督"): "价格|涨价|明码标价",
    ("商贸旅游", "市场监管", "商品质量"): "假货|质量问题|退货",
    # The eight first-level classes without labelled messages (issue 13 item 10): what citizens write
    # about each leaf, written from the leaf names (the out-of-class rules read them: rules.coverage).
    ("政法", "社会治安", "黄赌毒"): "赌博|赌场|聚赌|吸毒|贩毒|毒品|卖淫|嫖娼|色情|涉黄",
    ("政法", "社会治安", "治安案件"): "被盗|偷盗|盗窃|小偷|抢劫|打架斗殴|报警|诈骗电话|被骗",
    ("政法", "社会治安", "消防安全"): "消防通道|消防栓|灭火器|火灾隐患|消防设施|消防车",
    ("政法", "社会治安", "打黑除恶"): "黑社会|涉黑|恶势力|扫黑除恶|收保护费",
    ("政法", "户籍证件", "户籍管理"): "户口|户籍|落户|入户|迁户",
    ("政法", "户籍证件", "身份证管理"): "身份证|居住证",
    ("政法", "户籍证件", "出入境管理"): "护照|港澳通行证|签注|出入境",
    ("政法", "交通管理", "机动车和驾驶员管理"): "驾驶证|驾照|年检|上牌|车牌|违章扣分",
    ("政法", "法律服务", "法律援助"): "法律援助|律师|公证|司法鉴定",
    ("政法", "诉讼", "民事诉讼"): "法院|起诉|判决|执行难|立案",
    ("政法", "警务督察", "警务执法"): "派出所|民警|警察|公安",
    ("民政", "社会救助", "城镇低保"): "低保|低收入|困难家庭|特困",
    ("民政", "社会服务", "婚姻登记"): "婚姻登记|结婚证|离婚证|领证",
    ("民政", "社会服务", "生活无着人员救助"): "流浪|乞讨|救助站",
    ("民政", "社会服务", "殡葬管理"): "殡葬|墓地|骨灰|殡仪馆|火化",
    ("民政", "优抚", "评残及伤残抚恤"): "抚恤|伤残军人|退役军人|军属|烈士|优抚",
    ("民政", "基层选举和社区建设", "居委会选举"): "居委会|换届选举|选举|社区工作站",
    ("民政", "福利慈善", "福利事业"): "残疾人|孤寡老人|养老院|敬老院|高龄津贴|福利院",
    ("民政", "民间组织", "社团管理"): "社团|社会组织|民办非企业",
    ("党务政务", "宣传舆论", "互联网信息监管"): "谣言|造谣|删帖|网络暴力|不良信息",
    ("党务政务", "群众团体", "工会工作"): "工会",
    ("党务政务", "群众团体", "妇联工作"): "妇联|家暴|家庭暴力",
    ("党务政务", "群众团体", "共青团工作"): "共青团|团委|团员",
    ("党务政务", "民族宗教", "宗教事务"): "宗教|传教|教堂|寺庙|信教",
    ("党务政务", "政治体制", "人大工作"): "人大代表|人大|政协委员|政协",
    ("党务政务", "港澳台侨", "港澳事务"): "香港居民|澳门居民|港澳居民|回乡证|台胞|华侨|侨眷",
    ("党务政务", "党的建设", "组织建设"): "党员|党组织|党支部|党建|入党",
    ("纪检监察", "贪污贿赂", "行贿受贿索贿"): "贿赂|受贿|行贿|索贿|收红包|回扣|吃拿卡要",
    ("纪检监察", "贪污贿赂", "挪用公款"): "挪用公款|贪污|侵吞|公款",
    ("纪检监察", "干部作风", "官僚主义"): "推诿|不作为|官僚主义|形式主义|踢皮球|庸政懒政",
    ("纪检监察", "干部作风", "奢靡之风"): "公车私用|公款吃喝|大吃大喝|违规宴请|奢靡",
    ("纪检监察", "滥用职权", "打击报复"): "打击报复|以权谋私|滥用职权|徇私",
    ("纪检监察", "党政处分", "党纪处分"): "纪委|监委|纪检|违纪|处分",
    ("经济管理", "金融财税", "集资融资"): "非法集资|集资|理财平台|跑路|P2P|高额回报|暴雷",
    ("经济管理", "金融财税", "税收征管"): "退税|个税|税务|发票|偷税|纳税",
    ("经济管理", "金融财税", "金融管理"): "银行|贷款|信用卡|征信",
    ("经济管理", "保险证券期货", "保险业监管"): "保险公司|理赔|车险|保单",
    ("经济管理", "保险证券期货", "证券业监管"): "股票|证券|配资|基金|炒股",
    ("经济管理", "国资监管", "资产流失"): "国有资产|国企|国有企业|改制",
    ("经济管理", "企业破产", "依法破产"): "破产|清算",
    ("国土资源", "土地资源管理", "土地权属纠纷"): "土地证|土地使用权|宅基地|土地权属",
    ("国土资源", "土地征收", "安置补偿"): "征地|征收土地|土地征收|土地补偿",
    ("国土资源", "土地资源管理", "耕地保护"): "集体土地|非法占地|占用土地|耕地",
    ("国土资源", "矿产资源管理", "矿产开采"): "采石|采砂|开山|采矿|矿山|挖沙",
    ("国土资源", "海洋气象地震", "气象"): "台风|气象|天气预报|暴雨预警|预警信号|地震",
    ("国土资源", "海洋气象地震", "海洋"): "填海|海域|海岸线|海洋",
    ("农村农业", "林业管理", "森林防火"): "森林防火|山火|烧纸|上坟|林区",
    ("农村农业", "野生资源管理", "野生动植物保护"): "野生动物|穿山甲|候鸟|野味|捕鸟|古树",
    ("农村农业", "村务管理", "集体资产管理"): "股份合作公司|股份公司|集体资产|分红|村集体|原村民",
    ("农村农业", "水利水电", "防汛抗旱"): "防汛|汛期|防洪|堤坝|水库|内涝",
    ("农村农业", "动物防疫", "疫情防控"): "禽流感|非洲猪瘟|动物疫情|狂犬|家禽",
    ("农村农业", "其他", "其他"): "捕鱼|电鱼|捕捞|渔民|农民|农业",
    ("科技与信息产业", "电信", "通信保障"): "手机信号|信号差|没有信号|基站|5G|网络信号",
    ("科技与信息产业", "电信", "电信资费"): "宽带|话费|流量|套餐|资费",
    ("科技与信息产业", "电信", "运营商监管"): "运营商|移动公司|联通|电信公司|骚扰电话|垃圾短信|携号转网",
    ("科技与信息产业", "知识产权", "知识产权保护"): "专利|知识产权|商标|侵权|著作权|版权",
    ("科技与信息产业", "科学技术", "成果鉴定转化"): "高新技术|科技创新|科技局|科研|技术成果",
}


# --- Open311 GeoReport v2 (issue 15 §5; docs/open311.md) ------------------------------------------------

OPEN311_SPEC = "http://wiki.open311.org/GeoReport_v2"
OPEN311_JURISDICTION = "luohu.gov.cn"  # setting DISPATCH_OPEN311_JURISDICTION
OPEN311_DESCRIPTION_MAX = 4000  # characters of plain text
OPEN311_DEFAULT_DAYS = 90  # GET requests without dates: the last 90 days
OPEN311_MAX_DAYS = 90  # a wider date range is refused
OPEN311_MAX_ROWS = 1000  # at most this many requests per response (also the largest page_size)
OPEN311_DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
#: Requests per client (its address, core.throttle) over a window: ((limit, seconds), ...).
OPEN311_LIMITS = {"read_most": ((600, 600),), "write_most": ((60, 600),)}
#: States an Open311 client sees as "closed" (the matter was resolved); every other state is "open".
OPEN311_CLOSED_STATES = (State.RESOLVED, State.REPLIED, State.CLOSED)

# --- Pushing on to units that keep their own systems (issue 15 §6, item 31) ------------------------------

PUSH_TOPIC = "dispatch.case"
#: States a receiving system may report back (its own words are kept in the note).
PUSH_UPDATE_STATUSES = ("received", "accepted", "in_progress", "resolved", "rejected")
