"""Money: the caps (§一), administrative costs (§五(二)2), self-raised funds (§五(一)2)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.errors import CENT, Violation, _yuan
from zhengwu.microprojects.rules.proposal import CapException
from zhengwu.microprojects.standard import (
    CATEGORY_LABELS,
    Category,
)

# --- Money --------------------------------------------------------------------------------------

def check_cap(
    category: Category | str, amount: Decimal, exception: CapException | None = None
) -> list[Violation]:
    """§一: service ≤ 200,000, engineering ≤ 500,000 yuan,
    unless the street approved an exception with reasons."""
    category = Category(category)
    cap = std.CAPS[category]
    if amount <= cap:
        return []
    names = {"category": CATEGORY_LABELS[category], "cap": _yuan(cap), "amount": _yuan(amount)}
    if exception is None or not exception.approved_by_street:
        return [
            Violation(
                "cap.exceeded",
                _(
                    "%(category)s项目单项资金原则上不超过 %(cap)s 元，本项目 %(amount)s "
                    "元；须经街道批准例外并说明理由（§一）"
                )
                % names,
            )
        ]
    if not exception.reasons.strip():
        return [Violation("cap.exception_without_reasons", _(
            "超过 %(cap)s 元的例外已由街道批准，但没有记录理由（§一）") % names)]
    return []


def check_admin_cost(category: Category | str, amount: Decimal, admin_cost: Decimal) -> list[Violation]:
    """§五(二)2: a service project's administrative costs are at most one third of its budget."""
    category = Category(category)
    if admin_cost > amount:
        return [
            Violation(
                "admin_cost.exceeds_amount",
                _("行政统筹费用 %(cost)s 元超过项目经费 %(amount)s 元")
                % {"cost": _yuan(admin_cost), "amount": _yuan(amount)},
            )
        ]
    share = std.ADMIN_COST_SHARE
    if category in std.ADMIN_COST_CATEGORIES and admin_cost * share.denominator > amount * share.numerator:
        return [
            Violation(
                "admin_cost.exceeds_third",
                _(
                    "服务类项目的行政统筹费用最多为项目经费的三分之一（%(limit)s 元），本项目为 %(cost)s "
                    "元（§五(二)2）"
                )
                % {
                    "limit": _yuan(
                        (amount * share.numerator / share.denominator).quantize(CENT, rounding="ROUND_DOWN")
                    ),
                    "cost": _yuan(admin_cost),
                },
            )
        ]
    return []


def check_self_raised(self_raised_funds: Decimal, proof_sent: bool) -> list[Violation]:
    """§五(一)2: a project with self-raised funds sends proof of them to the audit office."""
    if self_raised_funds > 0 and not proof_sent:
        return [Violation("self_raised.proof_missing", _(
            "项目有自筹资金 %(amount)s 元，申报主体应向审计部门提交自筹经费证明（§五(一)2）") % {
            "amount": _yuan(self_raised_funds)})]
    return []
