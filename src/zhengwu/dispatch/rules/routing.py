"""Tiered auto-dispatch, 大小微循环 (item 34), as pure functions over plain values.

`choose_dispatch(rules=..., facts=...)`: the first of the administrators' rules that matches (by
priority), else the category's default tier; the tier's unit from the event's place; an unknown
place → manual triage.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zhengwu.dispatch.standard import Tier


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
        "level1": facts.level1,
        "default_tier": facts.default_tier,
        "needs_enforcement": facts.needs_enforcement,
        "street": facts.street_code,
        "community": facts.community_code,
        "streets_mentioned": list(facts.streets_mentioned),
        "department": facts.department_code,
    }
    chosen_rule, tier, unit_code = "", facts.default_tier, ""
    for rule in sorted(rules, key=lambda r: r.priority):
        if _matches(rule, facts):
            chosen_rule, tier, unit_code = rule.name, rule.tier, rule.unit_code
            break
    if not chosen_rule:
        chosen_rule = _("分类默认层级：%(level1)s") % {"level1": facts.level1}
    if not unit_code:
        unit_code = unit_for_tier(tier=tier, facts=facts, centre_code=centre_code)
        if tier == Tier.COMMUNITY and unit_code and not facts.community_code:
            # no community known: its street handles the event, and the event says so (issue 13 item 11)
            tier = Tier.STREET
            chosen_rule = _("%(rule)s（社区未知，由街道处置）") % {"rule": chosen_rule}
    if not unit_code:
        return Decision(tier=tier, unit_code="", rule=chosen_rule, inputs=inputs, needs_triage=True,
                        reason="无法从地址确定所属街道，转人工分拨")
    return Decision(tier=tier, unit_code=unit_code, rule=chosen_rule, inputs=inputs)


#: The tier a dispatcher's manual choice of unit implies, by the unit's kind (org.Unit.Kind values).
TIER_OF_UNIT_KIND = {"community": Tier.COMMUNITY, "street": Tier.STREET, "centre": Tier.CENTRE}


def tier_for_unit_kind(kind: str) -> str:
    """A community is handled on the spot, a street by its sub-centre, the centre as itself; any other
    unit (a district department, a vertical or party body) as a district department.

    >>> tier_for_unit_kind("street"), tier_for_unit_kind("government")
    ('street', 'department')
    """
    return TIER_OF_UNIT_KIND.get(kind, Tier.DEPARTMENT).value
