"""The 律师驻队 rules as pure functions over plain values: no ORM, no request.

- `firm_eligibility(firm, on=...)`: §三(一) — every failed condition with a stable code; a firm with any
  failure cannot be chosen (`firm_is_eligible`); `parse_firm` reads a firm's facts from JSON;
- `lawyer_eligibility`, `assistant_eligibility`, `stationing_problems`: §三(二);
- `enforcement_units`, `stationing_gaps`: one stationed lawyer per enforcement unit (§二, §三, §四(三));
- `replacement_transition`: the replacement workflow — no replacement without the unit's consent (§五(一));
- `work_record_problems`, `summarise`: work records in the six kinds of service (§二, §五(二));
- `assess`: the annual assessment, a score and a renew/end recommendation (§五(四));
- `milestone_due`, `milestone_status`, `milestone_units`: the programme's deadlines (§四).

    >>> replacement_transition(state="consented", action="replace")
    'replaced'
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.lawyers.standard import (
    ASSESSED_MEASURES,
    ASSESSMENT_POLICY,
    ASSISTANT_MIN_DEGREE,
    DEGREE_ORDER,
    DISTRICT_ENFORCEMENT_UNITS,
    EVERY_STREET,
    FIRM_CONDITIONS,
    LAWYER_CONDITIONS,
    LAWYERS_PER_UNIT,
    MAX_HOURS_PER_RECORD,
    PROGRAMME_YEAR,
    REPLACEMENT_STATE_LABELS,
    REPLACEMENT_TRANSITIONS,
    AssessmentPolicy,
    Degree,
    FirmCondition,
    FirmConditions,
    LawyerConditions,
    Measure,
    Milestone,
    MilestoneStatus,
    PersonCondition,
    Recommendation,
    ReplacementState,
    ServiceKind,
    UnitKind,
)


@dataclass(frozen=True)
class Problem:
    """A failed condition: a stable `code` (for programs and tests) and a message (for people)."""

    code: str
    message: str


def years_after(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _count(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(_("%(name)s 应为不小于 0 的整数，收到 %(value)r") % {"name": name, "value": value})
    return value


# --- §三(一) law firms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partner:
    name: str
    government_adviser: bool = False  # 担任过政府机关法律顾问
    admin_or_judicial_service: bool = False  # 在行政机关、司法机关工作过


@dataclass(frozen=True)
class FirmFacts:
    name: str
    practising_lawyers: int
    admin_staff: int
    partners: tuple[Partner, ...] = ()
    bad_records: tuple[date, ...] = ()  # dates of 不良执业记录 (sanctions, disciplinary decisions)
    admin_law_team: bool = False


def firm_eligibility(
    firm: FirmFacts, *, on: date, conditions: FirmConditions = FIRM_CONDITIONS
) -> list[Problem]:
    """Every §三(一) condition the firm fails on `on`, in the seed's order; empty when the firm may be chosen.

    "近三年内" counts a record dated on or after the same calendar day three years before `on`.
    """
    lawyers = _count("practising_lawyers", firm.practising_lawyers)
    staff = lawyers + _count("admin_staff", firm.admin_staff)
    problems = []
    if staff < conditions.min_staff:
        problems.append(
            Problem(
                FirmCondition.STAFF,
                _("执业律师及行政辅助人员共 %(n)s 人，少于 %(min)s 人")
                % {"n": staff, "min": conditions.min_staff},
            )
        )
    if lawyers < conditions.min_lawyers:
        problems.append(Problem(FirmCondition.LAWYERS, _(
            "执业律师 %(n)s 人，少于 %(min)s 人") % {"n": lawyers, "min": conditions.min_lawyers}))
    qualified = [p for p in firm.partners if p.government_adviser or p.admin_or_judicial_service]
    if len(qualified) < conditions.min_qualified_partners:
        problems.append(Problem(FirmCondition.PARTNER, _(
            "没有曾任政府机关法律顾问或在行政机关、司法机关工作过的合伙人")))
    since = years_after(on, -conditions.clean_record_years)
    recent = sorted(d for d in firm.bad_records if since <= d <= on)
    if recent:
        problems.append(Problem(FirmCondition.RECORD, _(
            "近 %(years)s 年内有不良执业记录（%(dates)s）") % {
                "years": conditions.clean_record_years, "dates": "、".join(d.isoformat() for d in recent)}))
    if conditions.admin_law_team and not firm.admin_law_team:
        problems.append(Problem(FirmCondition.ADMIN_LAW_TEAM, _("没有熟悉行政法规的律师团队")))
    return problems


def firm_is_eligible(firm: FirmFacts, *, on: date, conditions: FirmConditions = FIRM_CONDITIONS) -> bool:
    return not firm_eligibility(firm, on=on, conditions=conditions)


#: The fields of a firm's facts as the page, the API and `zhengwu lawyers firm` read them (`parse_firm`).
FIRM_FIELDS = ("name", "practising_lawyers", "admin_staff", "partners", "bad_records", "admin_law_team")
PARTNER_FIELDS = ("name", "government_adviser", "admin_or_judicial_service")
MAX_NAME = 200
MAX_PEOPLE = 100_000  # more lawyers than any firm has: a typing error
MAX_ITEMS = 1_000  # partners or bad records listed


class InvalidFacts(ValueError):
    """The input is not a firm's facts: `field` names what is wrong (`detail` says how), `code` is stable."""

    code = "invalid_facts"

    def __init__(self, field: str | None, detail: str):
        self.field, self.detail = field, detail
        super().__init__(
            _("字段 %(field)s：%(detail)s") % {"field": field, "detail": detail} if field else detail
        )


def _flag(data: Mapping, key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise InvalidFacts(where + key, _("必须是 true 或 false"))
    return value


def _name(data: Mapping, key: str, where: str, *, required: bool) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise InvalidFacts(where + key, _("必须是文本"))
    if len(value) > MAX_NAME:
        raise InvalidFacts(where + key, _("超过 %(n)s 个字符") % {"n": MAX_NAME})
    if required and not value.strip():
        raise InvalidFacts(where + key, _("不能为空"))
    return value.strip()


def _list(data: Mapping, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InvalidFacts(key, _("必须是不超过 %(n)s 项的列表") % {"n": MAX_ITEMS})
    return value


def _unknown(data: Mapping, known: tuple[str, ...], where: str = "") -> None:
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise InvalidFacts(None, _("未知字段：%(fields)s（可用字段：%(known)s）") % {
            "fields": "、".join(where + k for k in unknown), "known": "、".join(where + k for k in known)})


def parse_day(value, field: str) -> date:
    """A YYYY-MM-DD date, or InvalidFacts naming `field`."""
    try:
        if isinstance(value, str) and len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidFacts(field, _("必须是 YYYY-MM-DD 格式的日期，收到 %(value)r") % {"value": value})


def parse_firm(data: object) -> FirmFacts:
    """A firm's facts from decoded JSON (`FIRM_FIELDS`), or
    InvalidFacts naming the first field that is wrong."""
    if not isinstance(data, Mapping):
        raise InvalidFacts(None, _("内容必须是一个 JSON 对象"))
    _unknown(data, FIRM_FIELDS)
    counts = {}
    for key in ("practising_lawyers", "admin_staff"):
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PEOPLE:
            raise InvalidFacts(key, _("必须是 0 到 %(n)s 之间的整数") % {"n": MAX_PEOPLE})
        counts[key] = value
    partners = []
    for n, item in enumerate(_list(data, "partners")):
        where = f"partners.{n}."
        if not isinstance(item, Mapping):
            raise InvalidFacts(f"partners.{n}", _("必须是 JSON 对象"))
        _unknown(item, PARTNER_FIELDS, where)
        partners.append(Partner(name=_name(item, "name", where, required=False),
                                government_adviser=_flag(item, "government_adviser", where),
                                admin_or_judicial_service=_flag(item, "admin_or_judicial_service", where)))
    records = tuple(parse_day(d, f"bad_records.{n}") for n, d in enumerate(_list(data, "bad_records")))
    return FirmFacts(
        name=_name(data, "name", "", required=True),
        partners=tuple(partners),
        bad_records=records,
        admin_law_team=_flag(data, "admin_law_team", ""),
        **counts,
    )


def firm_check(data: object, *, today: date) -> dict:
    """The §三(一) answer for one request (`FIRM_FIELDS` and "on", default `today`), as the API and
    `zhengwu lawyers firm` give it: {"eligible", "problems":
    [{"code", "message"}]}; InvalidFacts if it is none."""
    if not isinstance(data, Mapping):
        raise InvalidFacts(None, _("内容必须是一个 JSON 对象"))
    facts = {k: v for k, v in data.items() if k != "on"}
    on = parse_day(data["on"], "on") if data.get("on") is not None else today
    problems = firm_eligibility(parse_firm(facts), on=on)
    return {
        "eligible": not problems,
        "problems": [{"code": str(p.code), "message": p.message} for p in problems],
    }


# --- §三(二) lawyers and assistants --------------------------------------------------------------------


@dataclass(frozen=True)
class LawyerFacts:
    name: str
    practising_since: date  # first day of practice as a lawyer (执业证)
    admin_law: bool = False  # 熟悉行政法律法规
    resident: bool = True  # 常驻执法单位


@dataclass(frozen=True)
class AssistantFacts:
    name: str
    degree: Degree
    full_time: bool  # 全日制
    law_major: bool  # 法学
    admin_law: bool = False
    resident: bool = True


def lawyer_eligibility(lawyer: LawyerFacts, *, on: date,
                       conditions: LawyerConditions = LAWYER_CONDITIONS) -> list[Problem]:
    """§三(二)1: practising at least `min_practice_years`
    full years on `on`, familiar with administrative law."""
    problems = []
    if years_after(lawyer.practising_since, conditions.min_practice_years) > on:
        problems.append(Problem(PersonCondition.LAWYER_YEARS, _(
            "%(name)s 自 %(since)s 起执业，至 %(on)s 未满 %(years)s 年") % {
                "name": lawyer.name, "since": lawyer.practising_since.isoformat(), "on": on.isoformat(),
                "years": conditions.min_practice_years}))
    if conditions.admin_law and not lawyer.admin_law:
        problems.append(Problem(PersonCondition.LAWYER_ADMIN_LAW, _(
            "%(name)s 未确认熟悉行政法律法规") % {"name": lawyer.name}))
    return problems


def assistant_eligibility(assistant: AssistantFacts) -> list[Problem]:
    """§三(二)3: full-time bachelor's degree in law or above, familiar with administrative law."""
    problems = []
    if not assistant.full_time:
        problems.append(Problem(PersonCondition.ASSISTANT_FULL_TIME, _(
            "%(name)s 的学历不是全日制") % {"name": assistant.name}))
    if DEGREE_ORDER.index(Degree(assistant.degree)) < DEGREE_ORDER.index(ASSISTANT_MIN_DEGREE):
        problems.append(Problem(PersonCondition.ASSISTANT_DEGREE, _(
            "%(name)s 的学历低于大学本科") % {"name": assistant.name}))
    if not assistant.law_major:
        problems.append(Problem(PersonCondition.ASSISTANT_LAW, _(
            "%(name)s 不是法学专业") % {"name": assistant.name}))
    if not assistant.admin_law:
        problems.append(Problem(PersonCondition.ASSISTANT_ADMIN_LAW, _(
            "%(name)s 未确认熟悉行政法律法规") % {"name": assistant.name}))
    return problems


def stationing_problems(lawyer: LawyerFacts, assistants: Iterable[AssistantFacts]) -> list[Problem]:
    """§三(二)3: the lawyer is resident at the unit; if not, at least one qualified assistant is."""
    if lawyer.resident:
        return []
    if any(a.resident and not assistant_eligibility(a) for a in assistants):
        return []
    return [Problem(PersonCondition.STATIONED, _(
        "驻队律师 %(name)s 不常驻执法单位，也没有符合条件的律师助理常驻") % {"name": lawyer.name})]


# --- one stationed lawyer per enforcement unit ----------------------------------------------------------


def enforcement_units(street_codes: Iterable[str]) -> tuple[tuple[str, UnitKind], ...]:
    """Every enforcement unit (§二): each street's team
    (named by the street's code), then the district units."""
    streets = tuple((code, UnitKind.STREET_TEAM) for code in street_codes)
    return streets + DISTRICT_ENFORCEMENT_UNITS


def stationing_gaps(street_codes: Iterable[str], contracts: Mapping[str, Iterable[str]]) -> list[Problem]:
    """Units without their stationed lawyer, with more than `LAWYERS_PER_UNIT`, or not enforcement units.

    `contracts` maps a unit code to the stationed lawyers of its contracts in force.
    """
    units = dict(enforcement_units(street_codes))
    problems = []
    for code in units:
        lawyers = sorted(set(contracts.get(code, ())))
        if not lawyers:
            problems.append(
                Problem("unit_without_lawyer", _("执法单位 %(unit)s 没有驻队律师") % {"unit": code})
            )
        elif len(lawyers) > LAWYERS_PER_UNIT:
            problems.append(Problem("unit_with_several_lawyers", _(
                "执法单位 %(unit)s 约定了 %(n)s 名驻队律师（%(names)s），方案为 1 名") % {
                    "unit": code, "n": len(lawyers), "names": "、".join(lawyers)}))
    for code in sorted(set(contracts) - set(units)):
        problems.append(Problem("not_an_enforcement_unit", _(
            "%(unit)s 不是律师驻队方案中的执法单位") % {"unit": code}))
    return problems


# --- §五(一) replacement workflow ----------------------------------------------------------------------


class ReplacementError(ValueError):
    """A forbidden step of the replacement workflow; `code` is stable."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def replacement_transition(*, state: str, action: str) -> ReplacementState:
    """The state after `action`. 特殊情况需更换驻队律师及律师助理人员的，需事先经相关单位同意 (§五(一)):
    "replace" is refused unless the unit has consented (code `consent_required`)."""
    if action not in REPLACEMENT_TRANSITIONS:
        raise ReplacementError("unknown_action", _("未知的操作：%(action)s") % {"action": action})
    try:
        current = ReplacementState(state)
    except ValueError:
        raise ReplacementError("unknown_state", _("未知的状态：%(state)s") % {"state": state}) from None
    sources, target = REPLACEMENT_TRANSITIONS[action]
    if current in sources:
        return target
    if action == "replace" and current == ReplacementState.REQUESTED:
        raise ReplacementError("consent_required", _("更换驻队律师或律师助理需事先经执法单位同意"))
    raise ReplacementError("forbidden_transition", _("“%(state)s”状态下不能执行此操作") % {
        "state": REPLACEMENT_STATE_LABELS[current]})


# --- §二, §五(二) work records -------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkRecord:
    """One day's work of a stationed lawyer (or assistant) in one kind of service."""

    day: date
    kind: str
    hours: Decimal = Decimal(0)
    cases: int = 0
    disputes: int = 0
    documents: int = 0
    present: bool = False  # at the unit that day
    actions: int = 0  # enforcement actions accompanied (随队执法)


def work_record_problems(record: WorkRecord, *, today: date | None = None) -> list[Problem]:
    problems = []
    if record.kind not in set(ServiceKind):
        problems.append(
            Problem("record_kind", _("服务类别“%(kind)s”不在方案的六类服务中") % {"kind": record.kind})
        )
    hours = Decimal(record.hours)
    if not (Decimal(0) <= hours <= MAX_HOURS_PER_RECORD):
        problems.append(Problem("record_hours", _("工作时间 %(h)s 小时不在 0–24 之间") % {"h": record.hours}))
    for name in ("cases", "disputes", "documents", "actions"):
        value = getattr(record, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(Problem("record_count", _("%(name)s 应为不小于 0 的整数，收到 %(value)r") % {
                "name": name, "value": value}))
    if today is not None and record.day > today:
        problems.append(
            Problem("record_future", _("记录日期 %(day)s 晚于今天") % {"day": record.day.isoformat()})
        )
    return problems


@dataclass(frozen=True)
class Totals:
    hours: Decimal = Decimal(0)
    cases: int = 0
    disputes: int = 0
    documents: int = 0
    days_present: int = 0
    actions: int = 0
    by_kind: Mapping[str, int] = field(default_factory=dict)  # records per kind of service


def summarise(records: Iterable[WorkRecord]) -> Totals:
    """The measures of a period: sums, distinct days present, records per kind of service."""
    records = list(records)
    by_kind = {kind.value: 0 for kind in ServiceKind}
    for r in records:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
    return Totals(
        hours=sum((Decimal(r.hours) for r in records), Decimal(0)),
        cases=sum(r.cases for r in records), disputes=sum(r.disputes for r in records),
        documents=sum(r.documents for r in records),
        days_present=len({r.day for r in records if r.present}),
        actions=sum(r.actions for r in records), by_kind=by_kind)


# --- §五(四) annual assessment -------------------------------------------------------------------------

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Assessment:
    score: Decimal
    parts: Mapping[str, Decimal]  # points earned per measure and for the unit's evaluation
    recommendation: Recommendation
    reasons: tuple[Problem, ...] = ()


def policy_problems(policy: AssessmentPolicy) -> list[Problem]:
    """A policy must give a positive target for every assessed measure and points that add up to 100."""
    problems = []
    for m in ASSESSED_MEASURES:
        if Decimal(policy.targets.get(m, 0)) <= 0:
            problems.append(Problem("policy_target", _("考核指标 %(m)s 的年度目标应大于 0") % {"m": m}))
    keys = {*ASSESSED_MEASURES, "unit_evaluation"}
    if set(policy.points) != keys or sum(policy.points.values()) != 100 or min(policy.points.values()) < 0:
        problems.append(Problem("policy_points", _("考核分值应覆盖四项指标和单位评价，且合计 100 分")))
    return problems


def assess(totals: Totals, *, unit_evaluation: Decimal | int, months: int = 12,
           policy: AssessmentPolicy = ASSESSMENT_POLICY) -> Assessment:
    """The annual assessment (§五(四)), documented in `AssessmentPolicy`:

    part(m)   = points[m] × min(1, actual(m) / (target[m] × months / 12))   for hours, cases,
    disputes, documents part(eval) = points[unit_evaluation] × unit_evaluation / 100 (unit_evaluation in
    0–100) score     = Σ parts, rounded half-up to 0.01 (the parts are shown rounded the same way) renew
    ⇔ score ≥ renew_threshold and unit_evaluation ≥ evaluation_floor
    """
    if problems := policy_problems(policy):
        raise ValueError("; ".join(p.message for p in problems))
    evaluation = Decimal(unit_evaluation)
    if not Decimal(0) <= evaluation <= Decimal(100):
        raise ValueError(_("单位评价应在 0–100 分之间，收到 %(v)s") % {"v": unit_evaluation})
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
        raise ValueError(_("考核期应为 1–12 个月，收到 %(v)r") % {"v": months})
    exact = {}
    for m in ASSESSED_MEASURES:
        target = Decimal(policy.targets[m]) * months / 12
        actual = Decimal(getattr(totals, Measure(m).value))
        exact[m.value] = Decimal(policy.points[m]) * min(Decimal(1), actual / target)
    exact["unit_evaluation"] = Decimal(policy.points["unit_evaluation"]) * evaluation / 100
    score = sum(exact.values(), Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    reasons = []
    if score < policy.renew_threshold:
        reasons.append(Problem("score_below_threshold", _("考核得分 %(s)s 低于续签分数线 %(t)s") % {
            "s": score, "t": policy.renew_threshold}))
    if evaluation < policy.evaluation_floor:
        reasons.append(Problem("evaluation_below_floor", _("执法单位评价 %(e)s 低于 %(f)s 分") % {
            "e": evaluation, "f": policy.evaluation_floor}))
    return Assessment(score=score, parts={k: v.quantize(CENT, ROUND_HALF_UP) for k, v in exact.items()},
                      recommendation=Recommendation.END if reasons else Recommendation.RENEW,
                      reasons=tuple(reasons))


# --- §四 milestones ------------------------------------------------------------------------------------


def milestone_due(milestone: Milestone, year: int = PROGRAMME_YEAR) -> date:
    return date(year, milestone.due_month, milestone.due_day)


def milestone_status(milestone: Milestone, *, today: date, done_on: date | None = None,
                     year: int = PROGRAMME_YEAR) -> MilestoneStatus:
    due = milestone_due(milestone, year)
    if done_on is not None:
        return MilestoneStatus.DONE if done_on <= due else MilestoneStatus.DONE_LATE
    return MilestoneStatus.OVERDUE if today > due else MilestoneStatus.OPEN


def milestone_units(codes: Iterable[str], street_codes: Iterable[str]) -> tuple[str, ...]:
    """Unit codes with `EVERY_STREET` expanded to the given streets, in order, without repeats."""
    streets, out = tuple(street_codes), []
    for code in codes:
        for c in (streets if code == EVERY_STREET else (code,)):
            if c not in out:
                out.append(c)
    return tuple(out)


# --- errors for services ---------------------------------------------------------------------------------


class RuleError(ApplicationError):
    """A rule of the scheme refused the input; `code` is
    stable (tests assert on it), `message` is for people."""


def refuse(problems: list[Problem], *, field: str | None = None) -> None:
    """Raise the first problem as a RuleError (its message lists every problem found)."""
    if problems:
        raise RuleError("；".join(p.message for p in problems), code=str(problems[0].code), field=field)
