"""The reform plan's rules as pure functions over plain values (no ORM, no request, no clock).

- the item life cycle 立项 → 分解 → 承办 → 办结 → 验收 (or refused back to 承办 with reasons) → 销号
  (§三(二) 实施方案: targets, content, schedule; §一(五) 督查落实);
- status lights per milestone and per item, on a working-day calendar passed in (`WorkdayCalendar`:
  `zhengwu.workdays.rules.Calendar` in production, any object with the two methods in tests);
- the composite assessment score per unit and its ranking (§一(五) 能定责、可追责, 加大改革实绩考核权重;
  §一(三) 第三方评估和群众评议; §三(三) 绩效考核).

Every refusal is a `RuleError` (an ApplicationError) with a stable `code`; tests assert on codes, never
on the Chinese message. Formulas are written out in docs/seed-map/reforms.md.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.reforms.standard import (
    DEFAULT_WEIGHTS,
    ISO_DATE,
    RATING_MAX,
    RATING_MIN,
    REPORT_CYCLE_WORKDAYS,
    STAGE_LABELS,
    STEP_LABELS,
    YELLOW_WORKDAYS,
    Component,
    Item,
    Light,
    NoticeLevel,
    Register,
    Stage,
    Step,
)


class RuleError(ApplicationError):
    """A rule of the plan refused the input; `code` is stable, `message` is for people."""


class StepError(RuleError):
    """A step out of order: `current` is where the item is, `step` what was asked."""

    def __init__(self, current: Stage, step: Step):
        allowed = "、".join(str(STEP_LABELS[s]) for s in TRANSITIONS[current]) or _("无（已销号）")
        super().__init__(
            _("事项当前处于“%(current)s”阶段，不能“%(step)s”；此时可以：%(allowed)s。") % {
                "current": STAGE_LABELS[current], "step": STEP_LABELS[step], "allowed": allowed},
            code="step_out_of_order", field="step")
        self.current, self.step = current, step


def parse_day(value, field: str = "on") -> date:
    """A date written YYYY-MM-DD (only that form); `bad_date` naming the field and the value otherwise."""
    text = str(value if value is not None else "").strip()
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise RuleError(_("%(field)s 应为日期 YYYY-MM-DD，收到“%(v)s”。") % {"field": field, "v": text},
                        code="bad_date", field=field) from None


# --- the life cycle ------------------------------------------------------------------------------------------

TRANSITIONS: Mapping[Stage, Mapping[Step, Stage]] = {
    Stage.PLANNED: {Step.REGISTER: Stage.REGISTERED},
    Stage.REGISTERED: {Step.DECOMPOSE: Stage.DECOMPOSED},
    Stage.DECOMPOSED: {Step.UNDERTAKE: Stage.UNDERTAKING},
    Stage.UNDERTAKING: {Step.COMPLETE: Stage.COMPLETED},
    Stage.COMPLETED: {Step.VERIFY: Stage.VERIFIED, Step.REFUSE: Stage.UNDERTAKING},
    Stage.VERIFIED: {Step.CLOSE: Stage.CLOSED},
    Stage.CLOSED: {},
}


def _stage(value) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise RuleError(_("未知的事项阶段“%(v)s”。") % {"v": value}, code="unknown_stage", field="stage") from None


def _step(value) -> Step:
    try:
        return Step(value)
    except ValueError:
        raise RuleError(_("未知的操作“%(v)s”。") % {"v": value}, code="unknown_step", field="step") from None


def allowed_steps(current: Stage | str) -> tuple[Step, ...]:
    """The steps that may follow `current`, in the order of the life cycle."""
    return tuple(TRANSITIONS[_stage(current)])


def advance(current: Stage | str, step: Step | str, *, reasons: str = "") -> Stage:
    """The stage after `step` from `current`; StepError (`step_out_of_order`) for a step out of order.

    A refusal at verification (验收退回) sends the item back to 承办 and needs its reasons (`reasons_required`).
    """
    current, step = _stage(current), _step(step)
    if step not in TRANSITIONS[current]:
        raise StepError(current, step)
    if step is Step.REFUSE and not (reasons or "").strip():
        raise RuleError(_("验收退回须写明理由。"), code="reasons_required", field="reasons")
    return TRANSITIONS[current][step]


# --- what each step needs (§三(二)) --------------------------------------------------------------------------


def lead_unit_codes(register: Register, item: Item) -> frozenset[str]:
    """The org codes of the item's lead units (only they file its implementation plan)."""
    return frozenset(code for name in item.lead_units for code in register.codes_for(name))


def check_filing_unit(register: Register, item: Item, unit_code: str) -> None:
    """§三(二) 各改革项目牵头单位…制定实施方案: a plan is filed by one of the item's lead units."""
    if unit_code not in lead_unit_codes(register, item):
        raise RuleError(_("第%(n)s项的实施方案由牵头单位（%(lead)s）制定。") % {
            "n": item.number, "lead": "、".join(item.lead_units)}, code="not_a_lead_unit", field="unit")


def check_plan(*, targets: str, content: str, responsible: str) -> None:
    """§三(二) 明确各项改革的目标任务、具体内容和完成进度 (the schedule is the milestones, step 分解),
    and 定责任: the person responsible."""
    for name, value, message in (("targets", targets, _("请填写实施方案的目标任务。")),
                                 ("content", content, _("请填写实施方案的具体内容。")),
                                 ("responsible", responsible, _("请填写实施方案的责任人。"))):
        if not (value or "").strip():
            raise RuleError(message, code=f"plan_{name}_required", field=name)


@dataclass(frozen=True)
class MilestoneDraft:
    """One dated milestone of a plan's schedule (分解), assigned to a unit, with its deliverable."""

    title: str
    deliverable: str
    unit: str  # org code
    due: date


def check_milestones(milestones: Sequence[MilestoneDraft], *, registered_on: date) -> None:
    """分解: at least one milestone; each has a title, a deliverable, a unit and a due date not before
    the plan was filed. The error's `field` names the milestone (milestones[2].due)."""
    if not milestones:
        raise RuleError(_("请至少列出一个带日期的节点。"), code="milestones_required", field="milestones")
    for i, m in enumerate(milestones):
        where = {"n": i + 1}
        if not (m.title or "").strip():
            raise RuleError(_("第%(n)s个节点缺少名称。") % where, code="milestone_title_required",
                            field=f"milestones[{i}].title")
        if not (m.deliverable or "").strip():
            raise RuleError(_("第%(n)s个节点缺少成果（交付物）。") % where, code="milestone_deliverable_required",
                            field=f"milestones[{i}].deliverable")
        if not (m.unit or "").strip():
            raise RuleError(_("第%(n)s个节点缺少承办单位。") % where, code="milestone_unit_required",
                            field=f"milestones[{i}].unit")
        if m.due < registered_on:
            raise RuleError(_("第%(n)s个节点的期限 %(due)s 早于立项日期 %(on)s。") % {
                **where, "due": m.due.isoformat(), "on": registered_on.isoformat()},
                code="milestone_due_before_plan", field=f"milestones[{i}].due")


def check_completion(*, evidence: int, open_milestones: int) -> None:
    """办结: closure is requested with evidence, once every milestone is done."""
    if open_milestones:
        raise RuleError(_("还有 %(n)s 个节点未完成，不能申请办结。") % {"n": open_milestones},
                        code="milestones_open", field="milestones")
    if evidence < 1:
        raise RuleError(_("申请办结须附佐证材料。"), code="evidence_required", field="evidence")


# --- status lights -------------------------------------------------------------------------------------------


class WorkdayCalendar(Protocol):
    def add_workdays(self, start: date, n: int) -> date: ...  # the n-th working day after start


@dataclass(frozen=True)
class LightPolicy:
    """Numbers the seed leaves open (ours; settings REFORMS_YELLOW_WORKDAYS, REFORMS_REPORT_CYCLE_WORKDAYS)."""

    yellow_workdays: int = YELLOW_WORKDAYS
    report_cycle_workdays: int = REPORT_CYCLE_WORKDAYS


def check_light_policy(policy: LightPolicy) -> None:
    if not isinstance(policy.yellow_workdays, int) or policy.yellow_workdays < 0:
        raise RuleError(_("预警工作日数应为不小于 0 的整数。"), code="policy_invalid", field="yellow_workdays")
    if not isinstance(policy.report_cycle_workdays, int) or policy.report_cycle_workdays < 1:
        raise RuleError(_("进展报送周期应为正整数（工作日）。"), code="policy_invalid", field="report_cycle_workdays")


@dataclass(frozen=True)
class MilestoneFacts:
    due: date
    done_on: date | None = None


@dataclass(frozen=True)
class ItemFacts:
    """What the lights need of one item with a plan."""

    number: int
    stage: Stage
    milestones: tuple[MilestoneFacts, ...] = ()
    undertaking_since: date | None = None  # start of the current 承办 (again after a refusal)
    last_report_on: date | None = None  # the latest progress report


def yellow_horizon(on: date, *, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy()) -> date:
    """The (N+1)-th working day after `on`: an open milestone due before it is due within N working days."""
    return calendar.add_workdays(on, policy.yellow_workdays + 1)


def milestone_light(m: MilestoneFacts, *, on: date, calendar: WorkdayCalendar,
                    policy: LightPolicy = LightPolicy(), horizon: date | None = None) -> Light:
    """Done → green; past its due date → red; due within `yellow_workdays` working days of `on` → yellow;
    else green. "Within N" = at most N working days lie in (on, due], i.e. due comes before the (N+1)-th
    working day after `on` (due today: 0). Counted forward from `on`, so a milestone due in a year the
    calendar does not know yet is still judged (green) without it. `horizon`: `yellow_horizon(on)`, when
    the caller judges many milestones on the same day."""
    if m.done_on is not None:
        return Light.GREEN
    if on > m.due:
        return Light.RED
    if horizon is None:
        horizon = yellow_horizon(on, calendar=calendar, policy=policy)
    if m.due < horizon:
        return Light.YELLOW
    return Light.GREEN


def _report_since(facts: ItemFacts) -> date | None:
    if facts.stage is not Stage.UNDERTAKING or facts.undertaking_since is None:
        return None
    since = facts.undertaking_since
    if facts.last_report_on is not None and facts.last_report_on > since:
        since = facts.last_report_on
    return since


def report_due(facts: ItemFacts, *, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy()) -> date | None:
    """While an item is 承办, a progress report is due `report_cycle_workdays` working days after the later
    of the start of 承办 and the last report; None in other stages. Raises the calendar's error (UnknownYear,
    a ValueError) when the due date falls in a year the calendar does not know yet."""
    since = _report_since(facts)
    return None if since is None else calendar.add_workdays(since, policy.report_cycle_workdays)


def report_missed(facts: ItemFacts, *, on: date, calendar: WorkdayCalendar,
                  policy: LightPolicy = LightPolicy()) -> bool:
    """Whether `on` is past the report's due date. Walked forward one working day at a time and stopped at
    `on`, so a due date beyond `on` in a year the calendar does not know yet (a December report, due in
    January) is simply not missed, instead of an error."""
    day = _report_since(facts)
    if day is None:
        return False
    for _step in range(policy.report_cycle_workdays):
        if day >= on:
            return False
        try:
            day = calendar.add_workdays(day, 1)
        except ValueError:  # the calendar's UnknownYear: the next working day lies beyond what it knows, after `on`
            return False
    return on > day


_SEVERITY = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


def item_light(facts: ItemFacts, *, on: date, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy(),
               horizon: date | None = None) -> Light:
    """The worst light of the item's milestones; at least yellow when a progress report is missed."""
    light = Light.GREEN
    for m in facts.milestones:
        if m.done_on is None and on <= m.due and horizon is None:
            horizon = yellow_horizon(on, calendar=calendar, policy=policy)
        found = milestone_light(m, on=on, calendar=calendar, policy=policy, horizon=horizon)
        if _SEVERITY[found] > _SEVERITY[light]:
            light = found
    if light is Light.GREEN and report_missed(facts, on=on, calendar=calendar, policy=policy):
        light = Light.YELLOW
    return light


def next_due(facts: ItemFacts, *, calendar: WorkdayCalendar, policy: LightPolicy = LightPolicy()) -> date | None:
    """The earliest date the item still owes something: an open milestone's due date (in the past when it
    is overdue) or the next progress report; None when nothing is owed."""
    dates = [m.due for m in facts.milestones if m.done_on is None]
    try:
        report = report_due(facts, calendar=calendar, policy=policy)
    except ValueError:  # the calendar's UnknownYear: the report falls due in a year it does not know yet
        report = None
    if report is not None:
        dates.append(report)
    return min(dates, default=None)


# --- the assessment ------------------------------------------------------------------------------------------

HUNDRED = Fraction(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Ratio:
    """`kept` of `due` (deadlines kept of those due, notices answered in time of those issued …)."""

    kept: int
    due: int


@dataclass(frozen=True)
class CreditFigures:
    """双公示 (罗府办函〔2016〕74号 §三(二) 数量、质量、及时性): timeliness = records published within 7
    working days of those judged; quality = rows accepted of those submitted."""

    timely: Ratio | None = None
    quality: Ratio | None = None


@dataclass(frozen=True)
class Ratings:
    """群众评议: the sum and the number of residents' ratings (each RATING_MIN–RATING_MAX)."""

    total: int
    count: int


def kept_deadlines(deadlines: Iterable[tuple[date, date | None]], *, start: date, end: date, on: date) -> Ratio:
    """Of the (due, done_on) pairs due in [start, end] and already judged on `on` (done, or past due),
    how many were done by their due date."""
    kept = judged = 0
    for due, done_on in deadlines:
        if not start <= due <= end:
            continue
        if done_on is None and on <= due:
            continue  # still open and not late yet: not judged
        judged += 1
        kept += done_on is not None and done_on <= due
    return Ratio(kept, judged)


def _invalid(component: Component, detail: str) -> RuleError:
    return RuleError(_("考核数据“%(c)s”有误：%(d)s") % {"c": component.value, "d": detail},
                     code="figure_invalid", field=component.value)


def _ratio(component: Component, r: Ratio | None) -> Fraction | None:
    if r is None:
        return None
    if not isinstance(r, Ratio) or not (isinstance(r.kept, int) and isinstance(r.due, int)):
        raise _invalid(component, _("应为两个整数（按时数、应办数）"))
    if r.due < 0 or r.kept < 0 or r.kept > r.due:
        raise _invalid(component, _("按时数 %(k)s 应在 0 到应办数 %(d)s 之间") % {"k": r.kept, "d": r.due})
    return None if r.due == 0 else HUNDRED * r.kept / r.due


def normalise(component: Component, figure) -> Fraction | None:
    """The component's score 0–100 from its raw figure, or None when it does not apply (nothing due,
    nothing rated, no evaluation). Formulas: docs/seed-map/reforms.md § The assessment."""
    component = Component(component)
    if figure is None:
        return None
    if component is Component.CREDIT:
        if not isinstance(figure, CreditFigures):
            raise _invalid(component, _("应给出及时性和质量两项"))
        parts = [p for p in (_ratio(component, figure.timely), _ratio(component, figure.quality)) if p is not None]
        return sum(parts) / len(parts) if parts else None
    if component is Component.PUBLIC_RATING:
        if not isinstance(figure, Ratings) or figure.count < 0:
            raise _invalid(component, _("应为评分总和与评分人次"))
        if figure.count == 0:
            return None
        mean = Fraction(figure.total, figure.count)
        if not RATING_MIN <= mean <= RATING_MAX:
            raise _invalid(component, _("平均分应在 %(a)s 到 %(b)s 之间") % {"a": RATING_MIN, "b": RATING_MAX})
        return HUNDRED * (mean - RATING_MIN) / (RATING_MAX - RATING_MIN)
    if component is Component.THIRD_PARTY:
        try:
            value = Fraction(str(figure))
        except (ValueError, ZeroDivisionError):
            raise _invalid(component, _("应为 0 到 100 的分数")) from None
        if not 0 <= value <= 100:
            raise _invalid(component, _("应为 0 到 100 的分数"))
        return value
    return _ratio(component, figure)


def check_weights(weights: Mapping[str, object]) -> dict[Component, Fraction]:
    """Weights for every component (numbers ≥ 0, not all 0), as exact fractions; `weights_invalid` otherwise."""
    out: dict[Component, Fraction] = {}
    unknown = sorted(set(map(str, weights)) - {c.value for c in Component})
    if unknown:
        raise RuleError(_("未知的考核项“%(c)s”。") % {"c": unknown[0]}, code="weights_invalid", field=unknown[0])
    for c in Component:
        if c.value not in weights:
            raise RuleError(_("缺少考核项“%(c)s”的权重。") % {"c": c.value}, code="weights_invalid", field=c.value)
        try:
            w = Fraction(str(weights[c.value]))
        except (ValueError, ZeroDivisionError):
            w = Fraction(-1)
        if w < 0:
            raise RuleError(_("考核项“%(c)s”的权重应为不小于 0 的数。") % {"c": c.value},
                            code="weights_invalid", field=c.value)
        out[c] = w
    if not sum(out.values()):
        raise RuleError(_("权重不能全部为 0。"), code="weights_invalid", field="weights")
    return out


def cents(x: Fraction) -> Decimal:
    """An exact score as published: half-up to 0.01."""
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class UnitScore:
    unit: str
    score: Decimal | None  # 0–100, half-up to 0.01; None when no component applies
    components: dict[Component, Decimal | None]  # each component's score (None: does not apply)
    weights: dict[Component, Decimal]  # the weights used, in percent of the applying components' total
    missing: tuple[Component, ...]  # components without figures; their weight went to the others
    rank: int | None = None
    exact: Fraction | None = field(default=None, repr=False)


def unit_score(unit: str, figures: Mapping[Component, object],
               weights: Mapping[str, object] = DEFAULT_WEIGHTS, *, checked: dict | None = None) -> UnitScore:
    """score = Σ w_c × s_c / Σ w_c over the components c that apply (missing ones re-weighted away).
    `checked`: the result of check_weights(weights), when the caller scores many units with the same weights."""
    w = checked if checked is not None else check_weights({str(k): v for k, v in weights.items()})
    unknown = sorted(set(map(str, figures)) - {c.value for c in Component})
    if unknown:
        raise RuleError(_("未知的考核项“%(c)s”。") % {"c": unknown[0]}, code="figure_invalid", field=unknown[0])
    by_value = {str(k): v for k, v in figures.items()}
    scores = {c: normalise(c, by_value.get(c.value)) for c in Component}
    applying = [c for c in Component if scores[c] is not None and w[c] > 0]
    total = sum((w[c] for c in applying), Fraction(0))
    exact = sum((w[c] * scores[c] for c in applying), Fraction(0)) / total if total else None
    return UnitScore(
        unit=unit,
        score=None if exact is None else cents(exact),
        components={c: None if s is None else cents(s) for c, s in scores.items()},
        weights={c: cents(HUNDRED * w[c] / total) for c in applying} if total else {},
        missing=tuple(c for c in Component if scores[c] is None),
        exact=exact,
    )


def rank(scores: Iterable[UnitScore]) -> list[UnitScore]:
    """Highest score first. Units with the same published score (to 0.01) share a rank and the next rank
    skips (1, 2, 2, 4), listed by unit code within the tie; units without a score come last, unranked."""
    ordered = sorted(scores, key=lambda s: (s.score is None, -(s.score or 0), s.unit))
    previous, position = None, 0
    for i, s in enumerate(ordered, 1):
        if s.score is None:
            s.rank = None
            continue
        if s.score != previous:
            position, previous = i, s.score
        s.rank = position
    return ordered


def assess(figures_by_unit: Mapping[str, Mapping[Component, object]],
           weights: Mapping[str, object] = DEFAULT_WEIGHTS) -> list[UnitScore]:
    """Every unit's composite score, ranked (the weights checked once)."""
    checked = check_weights({str(k): v for k, v in weights.items()})
    return rank(unit_score(unit, figures, weights, checked=checked) for unit, figures in figures_by_unit.items())


# --- 大督查: every system's supervision figures (SKELETON.md "Cross-system contracts") ------------------------

FIGURE_KEYS = ("unit", "measure", "label", "due", "kept")


@dataclass(frozen=True)
class Figure:
    """One (unit, measure) row a system offers to supervision: `kept` of the `due` deadlines were kept."""

    system: str  # the app label of the provider
    unit: str  # org unit code
    measure: str  # "<app>.<code>"
    label: str
    due: int
    kept: int


def read_figures(system: str, rows) -> list[Figure]:
    """Check one provider's answer against the contract; `figures_malformed` naming the system, the row
    and the key otherwise (大督查 then shows that system's error and still scores the others)."""
    if not isinstance(rows, (list, tuple)):
        raise RuleError(_("系统“%(s)s”提供的督查数据应为列表。") % {"s": system},
                        code="figures_malformed", field=system)
    out, seen = [], set()
    for i, row in enumerate(rows):
        where = {"s": system, "i": i + 1}
        if not isinstance(row, Mapping) or any(k not in row for k in FIGURE_KEYS):
            raise RuleError(_("系统“%(s)s”第%(i)s行督查数据缺少字段（应有 unit、measure、label、due、kept）。") % where,
                            code="figures_malformed", field=f"{system}[{i}]")
        unit, measure = row["unit"], row["measure"]
        if not isinstance(unit, str) or not unit or not isinstance(measure, str) \
                or not measure.startswith(f"{system}."):
            raise RuleError(_("系统“%(s)s”第%(i)s行：单位代码或指标代码有误（指标应以“%(s)s.”开头）。") % where,
                            code="figures_malformed", field=f"{system}[{i}].measure")
        due, kept = row["due"], row["kept"]
        if isinstance(due, bool) or isinstance(kept, bool) or not isinstance(due, int) \
                or not isinstance(kept, int) or not 0 <= kept <= due:
            raise RuleError(_("系统“%(s)s”第%(i)s行：按时数 %(k)s 应为 0 到应办数 %(d)s 之间的整数。") % {
                **where, "k": kept, "d": due}, code="figures_malformed", field=f"{system}[{i}].kept")
        if (unit, measure) in seen:
            raise RuleError(_("系统“%(s)s”第%(i)s行：单位 %(u)s 的指标 %(m)s 重复。") % {**where, "u": unit, "m": measure},
                            code="figures_malformed", field=f"{system}[{i}]")
        seen.add((unit, measure))
        out.append(Figure(system, unit, measure, str(row["label"]), due, kept))
    return out


def measure_score(due: int, kept: int) -> Fraction | None:
    """100 × kept / due; None when nothing fell due (the measure does not count for the unit)."""
    return None if due == 0 else HUNDRED * kept / due


def supervision_scores(figures: Iterable[Figure]) -> list[UnitScore]:
    """Every unit's 大督查 score, ranked (`rank`): the plain mean of its measures' scores (100 × kept / due)
    over the measures with something due, so a system with many small deadlines (events) weighs as much
    as one with a few large ones (reform milestones). A unit with nothing due has no score."""
    by_unit: dict[str, list[Fraction]] = {}
    for f in figures:
        s = measure_score(f.due, f.kept)
        by_unit.setdefault(f.unit, [])
        if s is not None:
            by_unit[f.unit].append(s)
    out = []
    for unit, scores in by_unit.items():
        exact = sum(scores, Fraction(0)) / len(scores) if scores else None
        out.append(UnitScore(unit=unit, score=None if exact is None else cents(exact), components={}, weights={},
                             missing=(), exact=exact))
    return rank(out)


# --- supervision notices (督办单, 领导批示, 问题清单) ---------------------------------------------------------


def check_notice(*, demand: str, signed_by: str, issued_on: date, deadline: date) -> None:
    """A notice states its demand, is signed off (签发) by someone, and its deadline is not before its issue."""
    if not (demand or "").strip():
        raise RuleError(_("请填写督办要求。"), code="notice_demand_required", field="demand")
    if not (signed_by or "").strip():
        raise RuleError(_("督办单须有签发人。"), code="notice_signed_by_required", field="signed_by")
    if deadline < issued_on:
        raise RuleError(_("办理期限 %(d)s 早于签发日期 %(i)s。") % {"d": deadline, "i": issued_on},
                        code="notice_deadline_before_issue", field="deadline")


def raised(level: NoticeLevel | str) -> NoticeLevel:
    """The level an unanswered notice is escalated to (an urgent one stays urgent)."""
    order = list(NoticeLevel)
    return order[min(order.index(NoticeLevel(level)) + 1, len(order) - 1)]


def component_figures(figures: Iterable[Figure]) -> dict[str, dict[Component, object]]:
    """The assessment's raw figures per unit from the systems' supervision figures (§4 of issue 19):
    reforms.milestones → REFORMS, reforms.notices → NOTICES, every measure of credit / dispatch /
    microprojects summed into that system's component (credit: `credit.timely` and `credit.quality` as its
    two parts when given, else all its measures as timeliness). Ratings and third-party scores come from
    their own records; a component without figures does not apply (`unit_score` re-weights it away)."""
    sums: dict[str, dict[str, list[int]]] = {}
    for f in figures:
        if f.measure == "reforms.milestones":
            key = Component.REFORMS.value
        elif f.measure == "reforms.notices":
            key = Component.NOTICES.value
        elif f.measure in ("credit.timely", "credit.quality"):
            key = f.measure
        elif f.system in (Component.CREDIT, Component.DISPATCH, Component.MICROPROJECTS):
            key = "credit.timely" if f.system == Component.CREDIT else f.system
        else:
            continue  # systems outside the assessment's components (lawyers, inspections) show in 大督查 only
        pair = sums.setdefault(f.unit, {}).setdefault(key, [0, 0])
        pair[0] += f.kept
        pair[1] += f.due
    out: dict[str, dict[Component, object]] = {}
    for unit, found in sums.items():
        figs: dict[Component, object] = {}
        for key, (kept, due) in found.items():
            if key.startswith("credit."):
                continue
            figs[Component(key)] = Ratio(kept, due)
        timely, quality = found.get("credit.timely"), found.get("credit.quality")
        if timely or quality:
            figs[Component.CREDIT] = CreditFigures(timely=Ratio(*timely) if timely else None,
                                                   quality=Ratio(*quality) if quality else None)
        out[unit] = figs
    return out
