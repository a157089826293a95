"""Yearly budgets per street and community (§七(三)): the money of a year is used within that year, with no
carry-over. The family of `budget.*` codes:

- `budget.missing` — no budget set for the community (or its street) in that year;
- `budget.exceeded` — approving a project would take the community past its yearly budget;
- `budget.street_exceeded` — … or the street past its own;
- `budget.communities_over_street` — the communities' budgets together exceed their street's;
- `budget.unfinished_at_year_end` — a project of the year not finished by 31 December (the money lapses);
- `budget.invalid` — a budget that is not a non-negative amount.

A project counts against the budget of its year from its approval (first secretary) on, with the amount
decided (the experts' where they set it); a rejected project does not count.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from zhengwu.microprojects.rules.errors import RuleError, Violation, _yuan


@dataclass(frozen=True)
class Committed:
    """A project counted against a budget: its id, the amount decided, its year and whether it is finished."""

    project: int
    amount: Decimal
    year: int
    completed_on: date | None = None


@dataclass(frozen=True)
class Usage:
    budget: Decimal | None  # None: no budget set for the year
    committed: Decimal  # approved projects of the year
    spent: Decimal  # of which completed projects' actual funds used (or amount when not recorded)
    projects: int

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def share(self) -> int | None:
        """Percentage of the budget committed (None without a budget; 0 for a zero budget with nothing)."""
        if self.budget is None:
            return None
        if self.budget == 0:
            return 0 if self.committed == 0 else 100
        return int(self.committed * 100 / self.budget)


def check_amount(amount) -> Decimal:
    """A yearly budget: a non-negative amount in yuan with at most two decimals."""
    try:
        value = Decimal(str(amount).strip().replace(",", ""))
        ok = value.is_finite() and value >= 0 and value == value.quantize(Decimal("0.01"))
    except ArithmeticError:
        ok = False
    if not ok:
        raise RuleError("budget.invalid", _("预算须为不小于零的金额（元，最多两位小数）"))
    return value


def usage(budget: Decimal | None, committed: Iterable[Committed], *, year: int,
          spent: dict[int, Decimal] | None = None) -> Usage:
    """How much of a year's budget the approved projects of that year take."""
    rows = [c for c in committed if c.year == year]
    spent = spent or {}
    return Usage(budget=budget, committed=sum((c.amount for c in rows), Decimal(0)),
                 spent=sum((spent.get(c.project, c.amount) for c in rows if c.completed_on), Decimal(0)),
                 projects=len(rows))


def check_approval(*, amount: Decimal, year: int, community: Usage, street: Usage | None = None,
                   community_name: str = "", street_name: str = "") -> list[Violation]:
    """§七(三): may a project of `amount` be approved in `year`? Refused (`budget.exceeded`,
    `budget.street_exceeded`) when it takes the community or the street past the year's budget. Without a
    budget set the approval is not refused here: `budget.missing` is a finding on the budget page."""
    out = []
    for use, code, name in ((community, "budget.exceeded", community_name),
                            (street, "budget.street_exceeded", street_name)):
        if use is None or use.budget is None:
            continue
        if use.committed + amount > use.budget:
            out.append(
                Violation(
                    code,
                    _(
                        "%(name)s %(year)s 年度预算 %(budget)s 元，已审定 %(committed)s 元，本项目 "
                        "%(amount)s 元将超出预算"
                        "（§七(三)：当年资金当年使用）"
                    )
                    % {
                        "name": name,
                        "year": year,
                        "budget": _yuan(use.budget),
                        "committed": _yuan(use.committed),
                        "amount": _yuan(amount),
                    },
                )
            )
    return out


def communities_over_street(
    street_budget: Decimal | None, community_budgets: Iterable[Decimal]
) -> Violation | None:
    """The communities' budgets of a year together exceed their street's."""
    total = sum(community_budgets, Decimal(0))
    if street_budget is not None and total > street_budget:
        return Violation("budget.communities_over_street", _(
            "各社区预算合计 %(total)s 元，超过街道年度预算 %(budget)s 元") % {
            "total": _yuan(total), "budget": _yuan(street_budget)})
    return None


def unfinished_at_year_end(committed: Iterable[Committed], *, today: date) -> tuple[Committed, ...]:
    """§七(三) no carry-over: projects of a year that has ended (today after 31 December) not finished by
    its last day — `budget.unfinished_at_year_end`. A year still running flags nothing."""
    return tuple(c for c in committed if today > date(c.year, 12, 31)
                 and (c.completed_on is None or c.completed_on > date(c.year, 12, 31)))
