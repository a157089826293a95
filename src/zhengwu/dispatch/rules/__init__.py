"""The 大分拨 rules as pure functions over plain values: no ORM, no request.

- `transition(state=..., action=...)`: the case lifecycle state machine (item 31 全流程处置);
- `choose_dispatch(rules=..., facts=...)`: tiered auto-dispatch, 大小微循环 (item 34);
- `locate(text, gazetteer)`: street and community from an address;
- `add_work_hours` / `deadline`: time limits on the working-day calendar;
- `warning_level`: yellow before and red after a deadline;
- `mask_phone`: personal data never shown in full on public pages.

    >>> transition(state="dispatched", action="accept")
    'accepted'
    >>> mask_phone("13812345678")
    '138****5678'
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.dispatch.standard import LimitUnit, State, Tier

# --- State machine ---------------------------------------------------------------------------------

#: action → (states it may start from, the state it leads to). "rate" leads to CLOSED or REOPENED.
TRANSITIONS: dict[str, tuple[frozenset[State], State | None]] = {
    "triage": (frozenset({State.RECEIVED}), State.TRIAGE),
    "dispatch": (frozenset({State.RECEIVED, State.TRIAGE, State.RETURNED, State.REOPENED}), State.DISPATCHED),
    "accept": (frozenset({State.DISPATCHED}), State.ACCEPTED),
    "return": (frozenset({State.DISPATCHED, State.ACCEPTED}), State.RETURNED),
    "start": (frozenset({State.ACCEPTED}), State.IN_PROGRESS),
    "resolve": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), State.RESOLVED),
    "reply": (frozenset({State.RESOLVED}), State.REPLIED),
    "rate": (frozenset({State.REPLIED}), None),
    "close": (frozenset({State.REPLIED}), State.CLOSED),
    "reopen": (frozenset({State.REPLIED, State.CLOSED}), State.REOPENED),
    "request_extension": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), None),
    "supervise": (frozenset(set(State) - {State.CLOSED}), None),
}

ACTION_NAMES = {
    "triage": gettext_lazy("转人工分拨"), "dispatch": gettext_lazy("分拨"), "accept": gettext_lazy("签收"), "return": gettext_lazy("退回"), "start": gettext_lazy("开始处置"),
    "resolve": gettext_lazy("办结"), "reply": gettext_lazy("统一回复"), "rate": gettext_lazy("评价"), "close": gettext_lazy("结案"), "reopen": gettext_lazy("重启"),
    "request_extension": gettext_lazy("申请延期"), "supervise": gettext_lazy("督办"),
}

STATE_NAMES = {
    "received": gettext_lazy("已受理"), "triage": gettext_lazy("待人工分拨"), "dispatched": gettext_lazy("已分拨"), "returned": gettext_lazy("已退回"), "accepted": gettext_lazy("已签收"),
    "in_progress": gettext_lazy("处置中"), "resolved": gettext_lazy("已办结"), "replied": gettext_lazy("已回复"), "closed": gettext_lazy("已结案"), "reopened": gettext_lazy("已重启"),
}


class TransitionError(ValueError):
    """A forbidden transition, with a message that names the action and the current state."""

    def __init__(self, *, state: str, action: str):
        self.state, self.action = state, action
        allowed = "、".join(str(STATE_NAMES[s]) for s in sorted(TRANSITIONS[action][0])) if action in TRANSITIONS else ""
        if action not in TRANSITIONS:
            msg = _("未知的操作「%(action)s」。") % {"action": action}
        else:
            msg = _("事件当前状态为「%(state)s」，不能%(action)s（只有%(allowed)s状态可以）。") % {
                "state": STATE_NAMES.get(state, state), "action": ACTION_NAMES[action], "allowed": allowed}
        super().__init__(msg)


def transition(*, state: str, action: str, rating: str | None = None) -> str:
    """The state after `action` from `state`, or TransitionError; `rate` needs the rating.

    >>> transition(state="replied", action="rate", rating="unsatisfied")
    'reopened'
    """
    if action not in TRANSITIONS:
        raise TransitionError(state=state, action=action)
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise TransitionError(state=state, action=action)
    if action == "rate":
        if rating not in ("satisfied", "basically", "unsatisfied"):
            raise ValueError("评价必须是 满意、基本满意 或 不满意。")
        return State.REOPENED.value if rating == "unsatisfied" else State.CLOSED.value
    return (target or State(state)).value


def allowed_actions(state: str) -> list[str]:
    """Actions possible from `state` (for buttons on the case page)."""
    return [a for a, (sources, _t) in TRANSITIONS.items() if state in sources]


# --- Tiered dispatch (大小微循环) ------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSpec:
    """One administrator-edited dispatch rule as plain values."""

    name: str
    tier: str
    priority: int = 100
    keywords: str = ""
    level1: str = ""
    crosses_streets: bool | None = None
    needs_enforcement: bool | None = None
    unit_code: str = ""  # optional fixed target unit


@dataclass(frozen=True)
class Facts:
    """What is known about an event when it is dispatched."""

    text: str
    level1: str
    default_tier: str
    needs_enforcement: bool
    department_code: str
    street_code: str = ""
    community_code: str = ""
    streets_mentioned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The chosen tier and unit, the rule that chose it and the inputs it looked at (stored on the case)."""

    tier: str
    unit_code: str
    rule: str
    inputs: dict = field(default_factory=dict)
    needs_triage: bool = False
    reason: str = ""


def _matches(rule: RuleSpec, facts: Facts) -> bool:
    if rule.level1 and rule.level1 != facts.level1:
        return False
    if rule.keywords and not any(k and k in facts.text for k in rule.keywords.split("|")):
        return False
    crosses = len(set(facts.streets_mentioned)) > 1
    if rule.crosses_streets is not None and rule.crosses_streets != crosses:
        return False
    if rule.needs_enforcement is not None and rule.needs_enforcement != facts.needs_enforcement:
        return False
    return True


def unit_for_tier(*, tier: str, facts: Facts, centre_code: str) -> str:
    """The unit code that handles `tier` for these facts ("" when the place is unknown)."""
    if tier == Tier.COMMUNITY:
        return facts.community_code or facts.street_code
    if tier == Tier.STREET:
        return facts.street_code
    if tier == Tier.DEPARTMENT:
        return facts.department_code
    return centre_code


def choose_dispatch(*, rules: Sequence[RuleSpec], facts: Facts, centre_code: str) -> Decision:
    """First matching rule by priority, else the category's default tier; unknown place → manual triage.

    >>> f = Facts(text="路灯不亮", level1="城乡建设", default_tier="community", needs_enforcement=False,
    ...           department_code="QCGJ", street_code="GY", community_code="GY-LDC")
    >>> choose_dispatch(rules=[], facts=f, centre_code="QZFXTZX").unit_code
    'GY-LDC'
    """
    inputs = {
        "level1": facts.level1, "default_tier": facts.default_tier, "needs_enforcement": facts.needs_enforcement,
        "street": facts.street_code, "community": facts.community_code,
        "streets_mentioned": list(facts.streets_mentioned), "department": facts.department_code,
    }
    chosen_rule, tier, unit_code = "", facts.default_tier, ""
    for rule in sorted(rules, key=lambda r: r.priority):
        if _matches(rule, facts):
            chosen_rule, tier, unit_code = rule.name, rule.tier, rule.unit_code
            break
    if not chosen_rule:
        chosen_rule = _("分类默认层级：%(level1)s") % {"level1": facts.level1}
    unit_code = unit_code or unit_for_tier(tier=tier, facts=facts, centre_code=centre_code)
    if not unit_code:
        return Decision(tier=tier, unit_code="", rule=chosen_rule, inputs=inputs, needs_triage=True,
                        reason="无法从地址确定所属街道，转人工分拨")
    return Decision(tier=tier, unit_code=unit_code, rule=chosen_rule, inputs=inputs)


# --- Place ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a name (street, community, road, estate) that lies in a street/community."""

    name: str
    street_code: str
    community_code: str = ""
    kind: str = "estate"


@dataclass(frozen=True)
class Location:
    street_code: str = ""
    community_code: str = ""
    matched: str = ""
    streets_mentioned: tuple[str, ...] = ()


def locate(text: str, gazetteer: Iterable[Place]) -> Location:
    """Street and community from address text.

    Names found in the text are grouped: a name that lies in one street is precise; a name listed
    under several streets (a long road) is not. The longest precise name decides street and
    community (names that lie in a community before street names); `streets_mentioned` lists the streets of the precise names (or, with none, of the
    long roads) — more than one means the event crosses streets.

    >>> locate("罗湖区鹿丹村小区门口", [Place("鹿丹村", "GY", "GY-LDC")]).community_code
    'GY-LDC'
    """
    text = text or ""
    by_name: dict[str, list[Place]] = {}
    for p in gazetteer:
        if p.name and p.name in text:
            by_name.setdefault(p.name, []).append(p)
    if not by_name:
        return Location()
    precise = [ps[0] for ps in by_name.values() if len({p.street_code for p in ps}) == 1]
    # a shorter name inside a longer one found ("草埔" in "草埔东村") is not a separate mention
    precise = [p for p in precise if not any(p.name != o.name and p.name in o.name for o in precise)]
    if not precise:
        streets = tuple(dict.fromkeys(p.street_code for name in sorted(by_name, key=text.find) for p in by_name[name]))
        return Location(matched="、".join(by_name), streets_mentioned=streets)
    precise.sort(key=lambda p: (not p.community_code, -len(p.name)))  # names inside a community first
    best = precise[0]
    community = best.community_code or next(
        (p.community_code for p in precise if p.community_code and p.street_code == best.street_code), "")
    streets = tuple(dict.fromkeys(p.street_code for p in sorted(precise, key=lambda p: text.find(p.name))))
    return Location(street_code=best.street_code, community_code=community, matched=best.name,
                    streets_mentioned=streets)


def point_in_polygon(lng: float, lat: float, polygon: Sequence[Sequence[float]]) -> bool:
    """Ray casting: whether (lng, lat) lies inside polygon [[lng, lat], ...]."""
    inside, n = False, len(polygon)
    for i in range(n):
        x1, y1 = polygon[i][0], polygon[i][1]
        x2, y2 = polygon[(i + 1) % n][0], polygon[(i + 1) % n][1]
        if (y1 > lat) != (y2 > lat) and lng < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


# --- Time limits ------------------------------------------------------------------------------------


def add_work_hours(start: datetime, hours: float, *, is_workday: Callable[[date], bool],
                   periods: Sequence[tuple[int, int]]) -> datetime:
    """The moment `hours` working hours after `start` (naive local time) counting only working periods.

    >>> from datetime import datetime
    >>> add_work_hours(datetime(2025, 9, 30, 17, 0), 2, is_workday=lambda d: d.month != 10 or d.day > 8,
    ...                periods=((9, 12), (14, 18)))
    datetime.datetime(2025, 10, 9, 10, 0)
    """
    remaining = timedelta(hours=hours)
    day, cursor = start.date(), start
    for _day in range(400):
        if is_workday(day):
            for a, b in periods:
                p_start, p_end = datetime.combine(day, time(a)), datetime.combine(day, time(b))
                begin = max(p_start, cursor)
                if begin >= p_end:
                    continue
                if begin + remaining <= p_end:
                    return begin + remaining
                remaining -= p_end - begin
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0))
    raise ValueError("时限超出一年，请检查时限设置。")


def deadline(*, start: datetime, amount: int, unit: str, is_workday: Callable[[date], bool],
             add_workdays: Callable[[date, int], date], periods: Sequence[tuple[int, int]]) -> datetime:
    """A time limit's deadline: n working days → end of the n-th working day after start's day;
    n working hours → `add_work_hours`."""
    if unit == LimitUnit.WORKHOURS:
        return add_work_hours(start, amount, is_workday=is_workday, periods=periods)
    end_day = add_workdays(start.date(), amount)
    return datetime.combine(end_day, time(periods[-1][1]))


def warning_level(*, now: datetime, start: datetime, due: datetime | None, yellow_fraction: float) -> str:
    """"" (in time), "yellow" (less than yellow_fraction of the limit left) or "red" (overdue)."""
    if due is None:
        return ""
    if now > due:
        return "red"
    span = (due - start).total_seconds()
    if span <= 0 or (due - now).total_seconds() <= span * yellow_fraction:
        return "yellow"
    return ""


# --- Personal data ----------------------------------------------------------------------------------

_DIGITS = re.compile(r"\D+")


def normalise_phone(phone: str) -> str:
    """Digits only (spaces, dashes and a +86 prefix removed)."""
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def mask_phone(phone: str) -> str:
    """138****5678 — a mobile number's middle hidden; a landline keeps its last 4 digits, a short one its last 2."""
    digits = normalise_phone(phone)
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 7:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * max(len(digits) - 2, 0) + digits[-2:]
