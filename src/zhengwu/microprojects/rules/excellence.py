"""The yearly selection of excellent projects (§六(四)): from the residents', the council's and the
experts' scores (0–100). Each score has a weight (configuration; equal by default); a project needs every
score to be ranked. The best `count` of a year are selected; ties are broken by the higher resident score,
then the earlier project (deterministic)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zhengwu.microprojects.rules.errors import RuleError
from zhengwu.microprojects.standard import EXCELLENCE_ASSESSORS

DEFAULT_WEIGHTS: Mapping[str, Decimal] = {a: Decimal(1) for a in EXCELLENCE_ASSESSORS}


@dataclass(frozen=True)
class Scores:
    project: int
    residents: Decimal | None
    council: Decimal | None
    experts: Decimal | None


@dataclass(frozen=True)
class Ranked:
    project: int
    total: Decimal  # the weighted mean, 2 decimals
    rank: int
    selected: bool


def check_weights(weights: Mapping[str, object]) -> dict[str, Decimal]:
    if set(weights) != set(EXCELLENCE_ASSESSORS):
        raise RuleError("excellence.invalid_weights", _("权重须为居民、议事会、专家三项：%(a)s") % {
            "a": "、".join(EXCELLENCE_ASSESSORS)})
    try:
        out = {k: Decimal(str(v)) for k, v in weights.items()}
    except ArithmeticError:
        out = {}
    if not out or any(not w.is_finite() or w < 0 for w in out.values()) or sum(out.values()) <= 0:
        raise RuleError("excellence.invalid_weights", _("权重须为非负数，且合计大于零"))
    return out


def weighted(scores: Scores, weights: Mapping[str, Decimal] = DEFAULT_WEIGHTS) -> Decimal | None:
    """The weighted mean of the three scores (None when one is missing)."""
    values = {"residents": scores.residents, "council": scores.council, "experts": scores.experts}
    if any(v is None for v in values.values()):
        return None
    total = sum(values[k] * weights[k] for k in EXCELLENCE_ASSESSORS) / sum(weights.values())
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def select(
    scores: Iterable[Scores], *, count: int, weights: Mapping[str, object] = DEFAULT_WEIGHTS
) -> list[Ranked]:
    """Every fully scored project ranked (1 = best); the first `count` are selected."""
    w = check_weights(weights)
    rows = [(weighted(s, w), s) for s in scores]
    rows = sorted(
        ((t, s) for t, s in rows if t is not None), key=lambda r: (-r[0], -r[1].residents, r[1].project)
    )
    return [Ranked(s.project, t, i, i <= count) for i, (t, s) in enumerate(rows, start=1)]
