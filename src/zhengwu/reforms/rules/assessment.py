"""The composite assessment score per unit and its ranking (§一(五) 能定责、可追责, 加大改革实绩考核权重;
§一(三) 第三方评估和群众评议; §三(三) 绩效考核). Formulas: docs/seed-map/reforms.md."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from zhengwu.reforms.rules.base import RuleError
from zhengwu.reforms.standard import (
    DEFAULT_WEIGHTS,
    RATING_MAX,
    RATING_MIN,
    Component,
)

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


def kept_deadlines(
    deadlines: Iterable[tuple[date, date | None]], *, start: date, end: date, on: date
) -> Ratio:
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
        parts = [
            p for p in (_ratio(component, figure.timely), _ratio(component, figure.quality)) if p is not None
        ]
        return sum(parts) / len(parts) if parts else None
    if component is Component.PUBLIC_RATING:
        if not isinstance(figure, Ratings) or figure.count < 0:
            raise _invalid(component, _("应为评分总和与评分人次"))
        if figure.count == 0:
            return None
        mean = Fraction(figure.total, figure.count)
        if not RATING_MIN <= mean <= RATING_MAX:
            raise _invalid(
                component, _("平均分应在 %(a)s 到 %(b)s 之间") % {"a": RATING_MIN, "b": RATING_MAX}
            )
        return HUNDRED * (mean - RATING_MIN) / (RATING_MAX - RATING_MIN)
    if component in (Component.THIRD_PARTY, Component.DISPATCH):
        # third party: the evaluator's score; dispatch: 大分
        # 拨's own composite score of the unit (unit_figures)
        try:
            value = Fraction(str(figure))
        except (ValueError, ZeroDivisionError):
            raise _invalid(component, _("应为 0 到 100 的分数")) from None
        if not 0 <= value <= 100:
            raise _invalid(component, _("应为 0 到 100 的分数"))
        return value
    return _ratio(component, figure)


def check_weights(weights: Mapping[str, object]) -> dict[Component, Fraction]:
    """Weights for every component (numbers ≥ 0, not all
    0), as exact fractions; `weights_invalid` otherwise."""
    out: dict[Component, Fraction] = {}
    unknown = sorted(set(map(str, weights)) - {c.value for c in Component})
    if unknown:
        raise RuleError(
            _("未知的考核项“%(c)s”。") % {"c": unknown[0]}, code="weights_invalid", field=unknown[0]
        )
    for c in Component:
        if c.value not in weights:
            raise RuleError(
                _("缺少考核项“%(c)s”的权重。") % {"c": c.value}, code="weights_invalid", field=c.value
            )
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
    `checked`: the result of check_weights(weights), when
    the caller scores many units with the same weights."""
    w = checked if checked is not None else check_weights({str(k): v for k, v in weights.items()})
    unknown = sorted(set(map(str, figures)) - {c.value for c in Component})
    if unknown:
        raise RuleError(
            _("未知的考核项“%(c)s”。") % {"c": unknown[0]}, code="figure_invalid", field=unknown[0]
        )
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
    return rank(
        unit_score(unit, figures, weights, checked=checked) for unit, figures in figures_by_unit.items()
    )
