"""The 民生微实事 rules as pure functions over plain values: no ORM, no request.

Everything a later service or view needs to decide about a project, from `standard.py`'s tables:

- `parse_proposal(data)` → `Proposal` (or `InvalidProposal` naming the field) and `assess(proposal)` →
  `Assessment` (review path, violations with stable rule codes, negative-list matches, audits);
- the pieces `assess` is made of: `review_path`, `needs_expert_review`, `experts_set_amount`,
  `audits_for`, `check_applicant`, `check_cap`, `check_admin_cost`, `check_self_raised`,
  `match_negative_list`, `government_overlaps`, `content_areas`;
- the workflow: `project_steps`, `next_step`, `advance`, `reject` (a step out of order raises
  `StepOutOfOrder` naming the current and the attempted step), `check_notice_close`;
- the council (`CouncilRules`, `Tally`, `council_decision`), the expert draw (`Expert`, `draw_experts`);
- dates: `add_months`, `deadlines` (the working-day function is injected), `year_end_flag`.

Every refusal carries a `code` from `RULES` (tests assert codes, never the Chinese text).

    >>> [str(s) for s in review_path("engineering", Decimal(350000))]
    ['two_committees', 'expert_review', 'residents_council', 'first_secretary', 'public_notice']
    >>> [str(a) for a in audits_for("engineering", Decimal(350000))]
    ['budget_review', 'settlement_audit', 'final_accounts_audit']
"""

import calendar
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.standard import (
    APPLICANT_LABELS,
    CATEGORY_LABELS,
    KIND_LABELS,
    STEP_LABELS,
    Applicant,
    Area,
    Audit,
    Category,
    Kind,
    NegativeItem,
    Registration,
    Step,
)

#: Every rule code this module emits → the seed section it comes from.
RULES: dict[str, str] = {
    "applicant.not_eligible": "§五(一)1, §五(二)1",
    "applicant.filed_organization": "§五(二)1",
    "social_organization.evidence_missing": "§五(二)1",
    "social_organization.annual_inspection": "§五(二)1(1)",
    "social_organization.annual_report": "§五(二)1(1)",
    "social_organization.management_system": "§五(二)1(2)",
    "social_organization.capacity": "§五(二)1(3)",
    "cap.exceeded": "§一",
    "cap.exception_without_reasons": "§一",
    "admin_cost.exceeds_third": "§五(二)2",
    "admin_cost.exceeds_amount": "§五(二)2",
    "self_raised.proof_missing": "§五(一)2",
    "negative_list.match": "§一, 附件2",
    "government_investment.overlap": "§一",
    "workflow.out_of_order": "§四(三), §五",
    "workflow.not_in_path": "§四(三), §六(三)",
    "workflow.finished": "§五, §六",
    "workflow.cannot_reject": "§五",
    "workflow.reason_required": "§五",
    "notice.running": "§五(一)2(4)",
    "notice.objections_open": "§五(一)2(4)",
    "council.no_quorum": "§七(四)",
    "council.invalid_counts": "§七(四)",
    "council.amount_set_by_experts": "§四(三)",
    "council.expert_amount_missing": "§四(三)",
    "experts.not_enough": "§四(三)",
    "experts.invalid_need": "§四(三)",
    "year_end.carried_over": "§七(三)",
    "year_end.at_risk": "§七(三)",
    "proposal.invalid": "CLI contract (issue 17): the input is not a proposal",
}

MAX_AMOUNT = Decimal(10) ** 12  # anything larger is a typing error, not a project
MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
CENT = Decimal("0.01")


class RuleError(ValueError):
    """A refusal by a rule: `code` (a key of RULES) and a message that says what and where."""

    def __init__(self, code: str, message: str):
        assert code in RULES, code
        self.code, self.message = code, message
        super().__init__(message)


class InvalidProposal(RuleError):
    """The input is not a proposal: a field is missing or invalid (`field` names it)."""

    def __init__(self, field_name: str | None, message: str):
        self.field, self.detail = field_name, message  # the message without the field's name, for a form
        text = _("字段 %(field)s：%(message)s") % {"field": field_name, "message": message} if field_name else message
        super().__init__("proposal.invalid", text)


class StepOutOfOrder(RuleError):
    """A workflow step attempted out of order: names the current, the attempted and the expected step."""

    def __init__(self, code: str, *, current: Step | None, attempted: Step, expected: Step | None):
        self.current, self.attempted, self.expected = current, attempted, expected
        names = {"current": _label(current), "attempted": _label(attempted), "expected": _label(expected)}
        if code == "workflow.not_in_path":
            message = _("本项目没有“%(attempted)s”这一步（当前为“%(current)s”，下一步应为“%(expected)s”）") % names
        elif code == "workflow.finished":
            message = _("项目已结束（当前为“%(current)s”），不能再进行“%(attempted)s”") % names
        else:
            message = _("步骤顺序错误：当前为“%(current)s”，不能进行“%(attempted)s”，下一步应为“%(expected)s”") % names
        super().__init__(code, message)


def _label(step: Step | None) -> str:
    return str(STEP_LABELS[Step(step)]) if step else _("尚未开始")


# --- Input --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CapException:
    """The street's exception to the cap (§一 原则上): approved or not, and the reasons recorded."""

    approved_by_street: bool
    reasons: str = ""


@dataclass(frozen=True)
class Organization:
    """What a social organisation shows when it applies (§五(二)1)."""

    registration: Registration
    founded_on: date | None = None
    last_inspection_passed: bool = False  # 上年度年检合格
    inspection_due: bool = True  # whether an annual inspection has fallen due yet
    violations: bool = False  # 违法违规行为
    annual_report_required: bool = False  # 实行年报的
    annual_report_filed: bool = False
    management_system: bool = False  # 管理制度完善
    capacity: bool = False  # 具备实施项目的能力，能充分动员社区群众参与


@dataclass(frozen=True)
class Proposal:
    category: Category
    kind: Kind
    amount: Decimal  # yuan
    applicant_kind: Applicant
    title: str
    description: str = ""
    admin_cost: Decimal = Decimal(0)
    cap_exception: CapException | None = None
    organization: Organization | None = None
    negative_list_overrides: Mapping[int, str] = field(default_factory=dict)  # item → the street's reasons
    self_raised_funds: Decimal = Decimal(0)
    self_raised_proof_sent: bool = False


PROPOSAL_FIELDS = ("category", "kind", "amount", "admin_cost", "applicant_kind", "title", "description",
                   "cap_exception", "organization", "negative_list_overrides", "self_raised_funds",
                   "self_raised_proof_sent")
ORGANIZATION_FIELDS = ("registration", "founded_on", "last_inspection_passed", "inspection_due", "violations",
                       "annual_report_required", "annual_report_filed", "management_system", "capacity")
_MISSING = object()


def _choice(data: Mapping, key: str, enum, prefix: str = ""):
    value = data.get(key, _MISSING)
    name = prefix + key
    if value is _MISSING or value is None:
        raise InvalidProposal(name, _("缺少此字段"))
    try:
        return enum(value)
    except (ValueError, TypeError):
        allowed = "、".join(e.value for e in enum)
        raise InvalidProposal(name, _("“%(value)s”不是可选值（可选：%(allowed)s）") % {"value": value, "allowed": allowed})


def _money(data: Mapping, key: str, *, required: bool, positive: bool = False) -> Decimal:
    value = data.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise InvalidProposal(key, _("缺少此字段"))
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidProposal(key, _("必须是以元为单位的数字"))
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidProposal(key, _("必须是以元为单位的数字"))
    if not amount.is_finite():
        raise InvalidProposal(key, _("必须是以元为单位的数字"))
    if amount < 0 or (positive and amount == 0):
        raise InvalidProposal(key, _("必须大于零") if positive else _("不能为负数"))
    if amount > MAX_AMOUNT:
        raise InvalidProposal(key, _("金额过大"))
    if amount != amount.quantize(CENT):
        raise InvalidProposal(key, _("最多保留两位小数（分）"))
    return amount


def _text(data: Mapping, key: str, *, required: bool, limit: int) -> str:
    value = data.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise InvalidProposal(key, _("缺少此字段"))
        return ""
    if not isinstance(value, str):
        raise InvalidProposal(key, _("必须是文本"))
    if required and not value.strip():
        raise InvalidProposal(key, _("不能为空"))
    if len(value) > limit:
        raise InvalidProposal(key, _("超过 %(limit)s 个字符") % {"limit": limit})
    return value


def _flag(data: Mapping, key: str, default: bool, prefix: str = "") -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise InvalidProposal(prefix + key, _("必须是 true 或 false"))
    return value


def _object(data: Mapping, key: str) -> Mapping | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidProposal(key, _("必须是 JSON 对象"))
    return value


def _unknown(data: Mapping, known: Sequence[str], prefix: str = "") -> None:
    unknown = [str(k) for k in data if k not in known]
    if unknown:
        raise InvalidProposal(None, _("未知字段：%(fields)s（可用字段：%(known)s）") % {
            "fields": "、".join(prefix + k for k in unknown), "known": "、".join(prefix + k for k in known)})


def _organization(data: Mapping) -> Organization:
    p = "organization."
    _unknown(data, ORGANIZATION_FIELDS, p)
    founded = data.get("founded_on")
    if founded is not None:
        try:
            founded = date.fromisoformat(founded) if isinstance(founded, str) and len(founded) == 10 else None
        except ValueError:
            founded = None
        if founded is None:
            raise InvalidProposal(p + "founded_on", _("必须是 YYYY-MM-DD 格式的日期"))
    return Organization(
        registration=_choice(data, "registration", Registration, p), founded_on=founded,
        **{k: _flag(data, k, Organization.__dataclass_fields__[k].default, p) for k in ORGANIZATION_FIELDS[2:]})


def _overrides(data: Mapping) -> dict[int, str]:
    out = {}
    for key, reasons in data.items():
        name = f"negative_list_overrides.{key}"
        try:
            item = int(key)
        except ValueError:
            item = 0
        if item not in std.NEGATIVE_ITEMS:
            raise InvalidProposal(name, _("负面清单没有这一项（1–%(n)s）") % {"n": len(std.NEGATIVE_LIST)})
        if not isinstance(reasons, str) or not reasons.strip():
            raise InvalidProposal(name, _("须写明街道同意的理由"))
        out[item] = reasons
    return out


def parse_proposal(data: object) -> Proposal:
    """A `Proposal` from decoded JSON, or `InvalidProposal` naming the first field that is wrong."""
    if not isinstance(data, Mapping):
        raise InvalidProposal(None, _("内容必须是一个 JSON 对象"))
    _unknown(data, PROPOSAL_FIELDS)
    category = _choice(data, "category", Category)
    kind = _choice(data, "kind", Kind)
    amount = _money(data, "amount", required=True, positive=True)
    applicant = _choice(data, "applicant_kind", Applicant)
    title = _text(data, "title", required=True, limit=MAX_TITLE)
    description = _text(data, "description", required=False, limit=MAX_DESCRIPTION)
    admin_cost = _money(data, "admin_cost", required=False)
    exc = _object(data, "cap_exception")
    if exc is not None:
        _unknown(exc, ("approved_by_street", "reasons"), "cap_exception.")
        reasons = exc.get("reasons", "")
        if not isinstance(reasons, str):
            raise InvalidProposal("cap_exception.reasons", _("必须是文本"))
        exc = CapException(_flag(exc, "approved_by_street", False, "cap_exception."), reasons)
    org = _object(data, "organization")
    overrides = _object(data, "negative_list_overrides")
    return Proposal(
        category=category, kind=kind, amount=amount, applicant_kind=applicant, title=title,
        description=description, admin_cost=admin_cost, cap_exception=exc,
        organization=_organization(org) if org is not None else None,
        negative_list_overrides=_overrides(overrides) if overrides is not None else {},
        self_raised_funds=_money(data, "self_raised_funds", required=False),
        self_raised_proof_sent=_flag(data, "self_raised_proof_sent", False))


# --- Output -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def as_json(self) -> dict:
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class NegativeMatch:
    item: NegativeItem
    words: tuple[str, ...]  # the word that matched each group (why it was flagged)
    override: str = ""  # the street's reasons, when it let the proposal go on

    def as_json(self) -> dict:
        return {"item": self.item.no, "responsible": self.item.responsible_text}


@dataclass(frozen=True)
class Assessment:
    review_path: tuple[Step, ...]
    violations: tuple[Violation, ...]
    negative_list_matches: tuple[NegativeMatch, ...]
    audits: tuple[Audit, ...]
    experts_set_amount: bool = False  # the council judges feasibility only (§四(三))
    areas: tuple[Area, ...] = ()  # §一 content areas the text points to
    priority: bool = False  # a safety-hazard project, put first (§五(一))

    @property
    def ok(self) -> bool:
        """Whether the proposal may go on to the two committees' pre-review."""
        return not self.violations

    def as_json(self) -> dict:
        """The CLI contract's object: review_path, violations, negative_list_matches, audits."""
        return {
            "review_path": [str(s) for s in self.review_path],
            "violations": [v.as_json() for v in self.violations],
            "negative_list_matches": [m.as_json() for m in self.negative_list_matches],
            "audits": [str(a) for a in self.audits],
        }


# --- Thresholds ---------------------------------------------------------------------------------

def needs_expert_review(category: Category | str, amount: Decimal) -> bool:
    """§四(三): engineering above 200,000 and service above 100,000 yuan go to the street's experts."""
    return Decimal(amount) > std.EXPERT_REVIEW[Category(category)].low


def experts_set_amount(category: Category | str, amount: Decimal) -> bool:
    """§四(三): for a reviewed engineering project the experts set the amount; the council judges feasibility."""
    return Category(category) in std.EXPERTS_SET_AMOUNT and needs_expert_review(category, amount)


def review_path(category: Category | str, amount: Decimal) -> tuple[Step, ...]:
    """§五: two committees → (experts) → residents' council → first secretary → 5-working-day notice."""
    expert = needs_expert_review(category, amount)
    return tuple(s for s in std.REVIEW_STEPS if s != Step.EXPERT_REVIEW or expert)


def audits_for(category: Category | str, amount: Decimal) -> tuple[Audit, ...]:
    """§六(三): limited audit for engineering of (50,000, 300,000]; above that budget review + two audits."""
    for rule in std.AUDIT_RULES:
        if rule.category == Category(category) and Decimal(amount) in rule.amounts:
            return rule.audits
    return ()


# --- Applicant ----------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (clamped to the month's end: 1-31 + 1 month = 2-28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def check_applicant(category: Category | str, kind: Kind | str, applicant: Applicant | str, *,
                    organization: Organization | None = None, today: date | None = None) -> list[Violation]:
    """§五: may this kind of applicant apply for this category × kind? A social organisation also shows
    the §五(二)1 conditions (`today` is needed to count its six months)."""
    category, kind, applicant = Category(category), Kind(kind), Applicant(applicant)
    allowed = std.APPLICANTS[(category, kind)]
    if applicant not in allowed:
        names = "、".join(str(APPLICANT_LABELS[a]) for a in Applicant if a in allowed)
        return [Violation("applicant.not_eligible", _(
            "%(applicant)s不能申报%(category)s%(kind)s项目；可以申报的是：%(allowed)s（§五）") % {
            "applicant": APPLICANT_LABELS[applicant], "category": CATEGORY_LABELS[category],
            "kind": KIND_LABELS[kind], "allowed": names})]
    if applicant != Applicant.SOCIAL_ORGANIZATION or category not in std.SOCIAL_ORGANIZATION_CONDITIONS_APPLY_TO:
        return []
    if organization is None:
        return [Violation("social_organization.evidence_missing", _("社会组织申报须说明登记情况并证明：上年度年检合格（或成立半年以上未到年检期限且无违法违规行为）、按规定参加年报、管理制度完善、具备实施项目的能力（§五(二)1）"))]
    if organization.registration == Registration.FILED:
        return [Violation("applicant.filed_organization", _(
            "备案类社区社会组织须向社区居委会申请，经同意后以社区居委会名义申报（§五(二)1）"))]
    out = []
    young_enough = False
    if not organization.last_inspection_passed and not organization.inspection_due and organization.founded_on:
        if today is None:
            raise ValueError("check_applicant needs today to count a social organisation's six months")
        young_enough = add_months(organization.founded_on, std.SOCIAL_ORGANIZATION_MIN_AGE_MONTHS) <= today
    if not (organization.last_inspection_passed or young_enough) or organization.violations:
        out.append(Violation("social_organization.annual_inspection", _(
            "社会组织须上年度年检合格，或成立半年以上未到年检期限，且无违法违规行为（§五(二)1(1)）")))
    if organization.annual_report_required and not organization.annual_report_filed:
        out.append(Violation("social_organization.annual_report", _("实行年报的社会组织须按规定参加年报（§五(二)1(1)）")))
    if not organization.management_system:
        out.append(Violation("social_organization.management_system", _("社会组织须管理制度完善（§五(二)1(2)）")))
    if not organization.capacity:
        out.append(Violation("social_organization.capacity", _(
            "社会组织须具备实施项目的能力，能充分动员社区群众参与（§五(二)1(3)）")))
    return out


# --- Money --------------------------------------------------------------------------------------

def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


def check_cap(category: Category | str, amount: Decimal, exception: CapException | None = None) -> list[Violation]:
    """§一: service ≤ 200,000, engineering ≤ 500,000 yuan, unless the street approved an exception with reasons."""
    category = Category(category)
    cap = std.CAPS[category]
    if amount <= cap:
        return []
    names = {"category": CATEGORY_LABELS[category], "cap": _yuan(cap), "amount": _yuan(amount)}
    if exception is None or not exception.approved_by_street:
        return [Violation("cap.exceeded", _(
            "%(category)s项目单项资金原则上不超过 %(cap)s 元，本项目 %(amount)s 元；须经街道批准例外并说明理由（§一）") % names)]
    if not exception.reasons.strip():
        return [Violation("cap.exception_without_reasons", _(
            "超过 %(cap)s 元的例外已由街道批准，但没有记录理由（§一）") % names)]
    return []


def check_admin_cost(category: Category | str, amount: Decimal, admin_cost: Decimal) -> list[Violation]:
    """§五(二)2: a service project's administrative costs are at most one third of its budget."""
    category = Category(category)
    if admin_cost > amount:
        return [Violation("admin_cost.exceeds_amount", _("行政统筹费用 %(cost)s 元超过项目经费 %(amount)s 元") % {
            "cost": _yuan(admin_cost), "amount": _yuan(amount)})]
    share = std.ADMIN_COST_SHARE
    if category in std.ADMIN_COST_CATEGORIES and admin_cost * share.denominator > amount * share.numerator:
        return [Violation("admin_cost.exceeds_third", _(
            "服务类项目的行政统筹费用最多为项目经费的三分之一（%(limit)s 元），本项目为 %(cost)s 元（§五(二)2）") % {
            "limit": _yuan((amount * share.numerator / share.denominator).quantize(CENT, rounding="ROUND_DOWN")),
            "cost": _yuan(admin_cost)})]
    return []


def check_self_raised(self_raised_funds: Decimal, proof_sent: bool) -> list[Violation]:
    """§五(一)2: a project with self-raised funds sends proof of them to the audit office."""
    if self_raised_funds > 0 and not proof_sent:
        return [Violation("self_raised.proof_missing", _(
            "项目有自筹资金 %(amount)s 元，申报主体应向审计部门提交自筹经费证明（§五(一)2）") % {
            "amount": _yuan(self_raised_funds)})]
    return []


# --- Text: the negative list, content areas, government projects --------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, without spaces or punctuation: what keywords match."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def _joined(title: str, description: str) -> str:
    # Normalised apart and joined by "|" (which no keyword contains): no match spans title and description.
    return normalise(title) + "|" + normalise(description)


def _hit(words: Iterable[str], text: str) -> str | None:
    return next((w for w in words if w in text), None)


def match_negative_list(title: str, description: str = "") -> tuple[NegativeMatch, ...]:
    """附件2: the items whose keyword groups all occur in title + description (and no exclusion does)."""
    text = _joined(title, description)
    out = []
    for item in std.NEGATIVE_LIST:
        if _hit(item.none_of, text):
            continue
        words = tuple(_hit(group, text) for group in item.all_of)
        if all(words):
            out.append(NegativeMatch(item, words))
    return tuple(out)


def negative_list_violations(matches: Iterable[NegativeMatch]) -> list[Violation]:
    """One violation per match the street has not overridden with reasons."""
    return [Violation("negative_list.match", _(
        "与负面清单第 %(no)s 项“%(content)s”重叠，应由%(responsible)s承担；须经街道说明理由同意后方可继续（附件2）") % {
        "no": m.item.no, "content": _(m.item.content),
        "responsible": _("、").join(str(std.PARTY_LABELS[p]) for p in m.item.responsible)})
        for m in matches if not m.override.strip()]


def content_areas(title: str, description: str = "") -> tuple[Area, ...]:
    """§一: the content areas the text points to (a safety-hazard project is put first, §五(一))."""
    text = _joined(title, description)
    return tuple(a.area for a in std.AREAS if _hit(a.keywords, text))


@dataclass(frozen=True)
class GovernmentProject:
    """A government investment project, planned or under way (§一: 市区政府在建、拟建的政府投资项目)."""

    name: str
    status: str = "planned"  # planned / ongoing


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text} - {""}


def government_overlaps(title: str, description: str, projects: Iterable[GovernmentProject], *,
                        threshold: float = 0.6) -> tuple[GovernmentProject, ...]:
    """§一: the registered projects whose name mostly (share of its character pairs ≥ threshold) occurs
    in the proposal's text."""
    text = _joined(title, description)
    found = []
    for project in projects:
        pairs = _bigrams(normalise(project.name))
        if pairs and sum(p in text for p in pairs) / len(pairs) >= threshold:
            found.append(project)
    return tuple(found)


# --- assess -------------------------------------------------------------------------------------

def assess(proposal: Proposal, *, government_projects: Iterable[GovernmentProject] = (),
           today: date | None = None) -> Assessment:
    """Everything the scheme says about a proposal before the two committees meet."""
    p = proposal
    violations = check_applicant(p.category, p.kind, p.applicant_kind, organization=p.organization, today=today)
    violations += check_cap(p.category, p.amount, p.cap_exception)
    violations += check_admin_cost(p.category, p.amount, p.admin_cost)
    violations += check_self_raised(p.self_raised_funds, p.self_raised_proof_sent)
    matches = tuple(NegativeMatch(m.item, m.words, p.negative_list_overrides.get(m.item.no, ""))
                    for m in match_negative_list(p.title, p.description))
    violations += negative_list_violations(matches)
    for project in government_overlaps(p.title, p.description, government_projects):
        violations.append(Violation("government_investment.overlap", _(
            "与政府投资项目“%(name)s”重复（§一：不与市区政府在建、拟建的政府投资项目重复）") % {"name": project.name}))
    areas = content_areas(p.title, p.description)
    return Assessment(
        review_path=review_path(p.category, p.amount), violations=tuple(violations),
        negative_list_matches=matches, audits=audits_for(p.category, p.amount),
        experts_set_amount=experts_set_amount(p.category, p.amount), areas=areas,
        priority=std.PRIORITY_AREA in areas)


# --- Workflow -----------------------------------------------------------------------------------

def project_steps(category: Category | str, amount: Decimal) -> tuple[Step, ...]:
    """A project's whole path: suggestion, the review path, the budget review (before work), implementation,
    completion, the audits after completion, evaluation."""
    audits = audits_for(category, amount)
    before = tuple(Step(a) for a in audits if a in std.AUDITS_BEFORE_WORK)
    after = tuple(Step(a) for a in audits if a not in std.AUDITS_BEFORE_WORK)
    return ((Step.SUGGESTION, *review_path(category, amount), *before, Step.IMPLEMENTATION, Step.COMPLETION,
             *after, Step.EVALUATION))


def next_step(steps: Sequence[Step], current: Step | None) -> Step | None:
    """The step after `current` (the first when nothing is done; None after the last or a refusal)."""
    if current is None:
        return steps[0]
    if current == Step.REJECTED:
        return None
    if current not in steps:
        raise ValueError(f"{current} is not a step of this project's path {tuple(steps)}")
    i = list(steps).index(current)
    return steps[i + 1] if i + 1 < len(steps) else None


def advance(steps: Sequence[Step], current: Step | None, attempted: Step | str) -> Step:
    """Complete `attempted` after `current`, or raise `StepOutOfOrder` naming both (and the expected step)."""
    attempted = Step(attempted)
    expected = next_step(steps, current)
    if expected is None:
        raise StepOutOfOrder("workflow.finished", current=current, attempted=attempted, expected=None)
    if attempted not in steps:
        raise StepOutOfOrder("workflow.not_in_path", current=current, attempted=attempted, expected=expected)
    if attempted != expected:
        raise StepOutOfOrder("workflow.out_of_order", current=current, attempted=attempted, expected=expected)
    return attempted


def reject(steps: Sequence[Step], current: Step | None, *, reason: str) -> Step:
    """The body of the next review step refuses the project (an upheld objection at the notice, too);
    the reason is required because the proposer is told it."""
    expected = next_step(steps, current)
    if expected not in std.REVIEWING_STEPS:
        raise RuleError("workflow.cannot_reject", _("当前为“%(current)s”，此时不能否决项目") % {"current": _label(current)})
    if not (reason or "").strip():
        raise RuleError("workflow.reason_required", _("未通过“%(step)s”须写明理由，理由将告知申报人") % {
            "step": _label(expected)})
    return Step.REJECTED


def notice_ends(published_on: date, *, add_workdays: Callable[[date, int], date]) -> date:
    """§五: the last day of the 5-working-day notice (the day of publication does not count)."""
    return add_workdays(published_on, std.NOTICE_WORKDAYS)


def check_notice_close(*, ends_on: date, today: date, open_objections: int) -> None:
    """§五: 公示无异议后实施 — the notice closes after its last day, with every objection answered."""
    if today <= ends_on:
        raise RuleError("notice.running", _("公示期到 %(date)s 结束，之后才能进入实施") % {"date": ends_on.isoformat()})
    if open_objections:
        raise RuleError("notice.objections_open", _("公示期有 %(n)s 条异议尚未答复") % {"n": open_objections})


# --- Residents' council (§四(三), §五, §七(四) 罗湖十条议事规则) ---------------------------------------

MAJORITY_BASES = ("votes_cast", "present", "members")


@dataclass(frozen=True)
class CouncilRules:
    """A community's rules of procedure. Defaults: quorum more than half of the members; a motion passes
    when the votes for are more than half of the votes cast (for + against; a tie fails)."""

    quorum: Fraction = std.COUNCIL_QUORUM
    quorum_inclusive: bool = False  # False: more than quorum × members; True: at least
    majority: Fraction = std.COUNCIL_MAJORITY
    majority_base: str = "votes_cast"  # votes_cast / present / members
    majority_inclusive: bool = False

    def __post_init__(self):
        if not (0 < self.quorum <= 1 and 0 < self.majority < 1 and self.majority_base in MAJORITY_BASES):
            raise ValueError(f"invalid council rules: {self}")


@dataclass(frozen=True)
class Tally:
    """Attendance and votes from one channel (the meeting's show of hands, paper forms, online)."""

    present: int
    yes: int
    no: int
    abstain: int = 0


@dataclass(frozen=True)
class CouncilDecision:
    passed: bool
    scope: str  # "project" or, where the experts set the amount, "feasibility" only
    members: int
    present: int
    yes: int
    no: int
    abstain: int
    amount: Decimal | None  # the amount decided: the experts' where they set it


def _exceeds(count: int, share: Fraction, base: int, inclusive: bool) -> bool:
    return count >= share * base if inclusive else count > share * base


def council_decision(*, members: int, tallies: Iterable[Tally], rules: CouncilRules = CouncilRules(),
                     experts_set_amount: bool = False, expert_amount: Decimal | None = None,
                     council_amount: Decimal | None = None) -> CouncilDecision:
    """The council's decision from every channel's tally (paper votes count in attendance and in votes).
    No quorum → refused; where the experts set the amount the council decides feasibility only."""
    tallies = list(tallies)
    for t in tallies:
        counts = (t.present, t.yes, t.no, t.abstain)
        if any(not isinstance(c, int) or isinstance(c, bool) or c < 0 for c in counts) or t.yes + t.no + t.abstain > t.present:
            raise RuleError("council.invalid_counts", _(
                "票数不合理：出席 %(present)s 人，赞成 %(yes)s、反对 %(no)s、弃权 %(abstain)s") % vars(t))
    present = sum(t.present for t in tallies)
    yes, no, abstain = (sum(getattr(t, k) for t in tallies) for k in ("yes", "no", "abstain"))
    if not isinstance(members, int) or members <= 0 or present > members:
        raise RuleError("council.invalid_counts", _("出席人数 %(present)s 不能超过议事会成员数 %(members)s") % {
            "present": present, "members": members})
    if not _exceeds(present, rules.quorum, members, rules.quorum_inclusive):
        share = rules.quorum * members
        needed = math.ceil(share) if rules.quorum_inclusive else math.floor(share) + 1
        raise RuleError("council.no_quorum", _(
            "出席 %(present)s 人，未达到法定人数 %(needed)s 人（议事会成员 %(members)s 人）：不能作出决定") % {
            "present": present, "needed": needed, "members": members})
    if experts_set_amount:
        if expert_amount is None:
            raise RuleError("council.expert_amount_missing", _("本项目金额由专家评审会议评定，尚无专家评定的金额（§四(三)）"))
        if council_amount is not None and council_amount != expert_amount:
            raise RuleError("council.amount_set_by_experts", _(
                "本项目金额由专家评审会议评定为 %(amount)s 元，议事会只评议实施的可行性，不能改为 %(council)s 元（§四(三)）") % {
                "amount": _yuan(expert_amount), "council": _yuan(council_amount)})
    base = {"votes_cast": yes + no, "present": present, "members": members}[rules.majority_base]
    passed = base > 0 and _exceeds(yes, rules.majority, base, rules.majority_inclusive)
    return CouncilDecision(passed=passed, scope="feasibility" if experts_set_amount else "project", members=members,
                           present=present, yes=yes, no=no, abstain=abstain,
                           amount=expert_amount if experts_set_amount else council_amount)


# --- Expert draw (§四(三)) -------------------------------------------------------------------------

@dataclass(frozen=True)
class Expert:
    id: str
    pool: Category  # the engineering pool (区住房建设局) or the service pool (区民政局)
    fields: frozenset[str]
    interests: frozenset[str] = frozenset()  # parties the expert is tied to (applicant, implementer, community…)


def draw_experts(experts: Iterable[Expert], *, category: Category | str, need: Mapping[str, int],
                 seed: int | str, parties: Iterable[str] = (), exclude: Iterable[str] = ()) -> tuple[Expert, ...]:
    """Draw `need[field]` experts per field from the category's pool at random, never one tied to any of
    `parties` or listed in `exclude` (declared conflicts), never one twice. The same seed and pool give
    the same draw whatever order the pool comes in."""
    category = Category(category)
    if not need or any(not isinstance(n, int) or isinstance(n, bool) or n < 1 for n in need.values()):
        raise RuleError("experts.invalid_need", _("须为每个专业写明要抽取的专家人数（正整数）"))
    parties, exclude = frozenset(parties), frozenset(exclude)
    candidates = sorted((e for e in experts if e.pool == category and e.id not in exclude
                         and not (e.interests & parties)), key=lambda e: e.id)
    rng = random.Random(f"{seed}")
    chosen: list[Expert] = []
    for field_name in sorted(need):
        eligible = [e for e in candidates if field_name in e.fields and e not in chosen]
        if len(eligible) < need[field_name]:
            raise RuleError("experts.not_enough", _(
                "%(pool)s中“%(field)s”专业可抽取的专家只有 %(have)s 人（已排除利害关系人），需要 %(need)s 人") % {
                "pool": _(std.EXPERT_POOLS[category].name), "field": field_name, "have": len(eligible),
                "need": need[field_name]})
        chosen += rng.sample(eligible, need[field_name])
    return tuple(chosen)


# --- Dates (§六(一), §七(三)) ----------------------------------------------------------------------

@dataclass(frozen=True)
class Deadlines:
    determine_by: date | None = None  # 项目确定原则上在1个月内完成
    notice_ends: date | None = None  # 公示5个工作日
    start_by: date | None = None  # service: 实施主体确定后1个月内正式开展
    complete_by: date | None = None  # engineering: 实施主体确定后6个月内完工


def deadlines(*, category: Category | str, add_workdays: Callable[[date, int], date],
              applied_on: date | None = None, notice_published_on: date | None = None,
              implementer_chosen_on: date | None = None,
              add_months: Callable[[date, int], date] = add_months) -> Deadlines:
    """The scheme's deadlines from the dates known so far; the calendar functions are injected.

    Reading: "项目确定…在1个月内完成" counts from the application reaching the two committees."""
    category = Category(category)
    chosen = implementer_chosen_on
    return Deadlines(
        determine_by=add_months(applied_on, std.DETERMINATION_MONTHS) if applied_on else None,
        notice_ends=add_workdays(notice_published_on, std.NOTICE_WORKDAYS) if notice_published_on else None,
        start_by=add_months(chosen, std.SERVICE_START_MONTHS) if chosen and category == Category.SERVICE else None,
        complete_by=(add_months(chosen, std.ENGINEERING_COMPLETION_MONTHS)
                     if chosen and category == Category.ENGINEERING else None))


def year_end_flag(*, determined_on: date, today: date, completed_on: date | None = None,
                  complete_by: date | None = None) -> str | None:
    """§七(三) no carry-over: "year_end.carried_over" when a project is not finished within the year it was
    determined in, "year_end.at_risk" when its deadline falls after that year's end, else None."""
    year_end = date(determined_on.year, 12, 31)
    if completed_on is not None:
        return "year_end.carried_over" if completed_on > year_end else None
    if today > year_end:
        return "year_end.carried_over"
    if complete_by is not None and complete_by > year_end:
        return "year_end.at_risk"
    return None
