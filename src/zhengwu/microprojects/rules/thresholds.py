"""§四(三), §五, §六(三): which review path and which audits an amount brings."""

from decimal import Decimal

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.standard import (
    Audit,
    Category,
    Step,
)

# --- Thresholds ---------------------------------------------------------------------------------

def needs_expert_review(category: Category | str, amount: Decimal) -> bool:
    """§四(三): engineering above 200,000 and service above 100,000 yuan go to the street's experts."""
    return Decimal(amount) > std.EXPERT_REVIEW[Category(category)].low


def experts_set_amount(category: Category | str, amount: Decimal) -> bool:
    """§四(三): for a reviewed engineering project the experts
    set the amount; the council judges feasibility."""
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
