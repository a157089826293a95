"""Implementation progress (§六(一), issue 17 §10): each project's figure (0–100, from its milestones, never
going back) rolls up per community and per street, weighted by the projects' amounts — a 400,000-yuan
project half done weighs more than a 20,000-yuan one finished."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from zhengwu.microprojects.rules.errors import RuleError


@dataclass(frozen=True)
class Item:
    project: int
    community: str
    street: str
    amount: Decimal
    progress: int


@dataclass(frozen=True)
class Rollup:
    key: str
    projects: int
    amount: Decimal
    progress: int  # amount-weighted, rounded down (100 only when every project is at 100)
    completed: int


def check_progress(progress: object, *, previous: int = 0) -> int:
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        raise RuleError("progress.invalid", _("进度须为 0–100 的整数"))
    if progress < previous:
        raise RuleError("progress.invalid", _("进度不能低于上次的 %(p)s%%") % {"p": previous})
    return progress


def _roll(key: str, items: list[Item]) -> Rollup:
    amount = sum((i.amount for i in items), Decimal(0))
    if amount > 0:
        progress = int(sum(i.amount * i.progress for i in items) / amount)
    else:
        progress = sum(i.progress for i in items) // len(items) if items else 0
    return Rollup(key, len(items), amount, progress, sum(i.progress == 100 for i in items))


def rollup(items: Iterable[Item], *, by: str) -> dict[str, Rollup]:
    """{community or street: Rollup} (`by` is "community" or "street")."""
    groups: dict[str, list[Item]] = {}
    for i in items:
        groups.setdefault(getattr(i, by), []).append(i)
    return {k: _roll(k, v) for k, v in sorted(groups.items())}
