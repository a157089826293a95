"""大督查 (plan item 36): every system's supervision figures checked against the contract, each unit's
supervision score, and the assessment's components read from those figures."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from zhengwu.reforms.rules.assessment import HUNDRED, CreditFigures, Ratio, UnitScore, cents, rank
from zhengwu.reforms.rules.base import RuleError
from zhengwu.reforms.standard import (
    Component,
)

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
            raise RuleError(
                _("系统“%(s)s”第%(i)s行督查数据缺少字段（应有 unit、measure、label、due、kept）。") % where,
                code="figures_malformed",
                field=f"{system}[{i}]",
            )
        unit, measure = row["unit"], row["measure"]
        if not isinstance(unit, str) or not unit or not isinstance(measure, str) \
                or not measure.startswith(f"{system}."):
            raise RuleError(
                _("系统“%(s)s”第%(i)s行：单位代码或指标代码有误（指标应以“%(s)s.”开头）。") % where,
                code="figures_malformed",
                field=f"{system}[{i}].measure",
            )
        due, kept = row["due"], row["kept"]
        if isinstance(due, bool) or isinstance(kept, bool) or not isinstance(due, int) \
                or not isinstance(kept, int) or not 0 <= kept <= due:
            raise RuleError(_("系统“%(s)s”第%(i)s行：按时数 %(k)s 应为 0 到应办数 %(d)s 之间的整数。") % {
                **where, "k": kept, "d": due}, code="figures_malformed", field=f"{system}[{i}].kept")
        if (unit, measure) in seen:
            raise RuleError(
                _("系统“%(s)s”第%(i)s行：单位 %(u)s 的指标 %(m)s 重复。")
                % {**where, "u": unit, "m": measure},
                code="figures_malformed",
                field=f"{system}[{i}]",
            )
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
        out.append(
            UnitScore(
                unit=unit,
                score=None if exact is None else cents(exact),
                components={},
                weights={},
                missing=(),
                exact=exact,
            )
        )
    return rank(out)




def component_figures(figures: Iterable[Figure]) -> dict[str, dict[Component, object]]:
    """The assessment's raw figures per unit from the systems' supervision figures (§4 of issue 19):
    reforms.milestones → REFORMS, reforms.notices → NOTICES, every measure of credit / dispatch /
    microprojects summed into that system's component (dispatch: see `dispatch_scores`)
    (credit: `credit.timely` and `credit.quality` as its two parts when given, else all its measures as
    timeliness). Ratings and third-party scores come from their own records; a component without figures
    does not apply (`unit_score` re-weights it away)."""
    sums: dict[str, dict[str, list[int]]] = {}
    for f in figures:
        if f.measure == "reforms.milestones":
            key = Component.REFORMS.value
        elif f.measure == "reforms.notices":
            key = Component.NOTICES.value
        elif f.measure in ("credit.timely", "credit.quality"):
            key = f.measure
        elif f.system in (Component.CREDIT, Component.MICROPROJECTS):
            key = "credit.timely" if f.system == Component.CREDIT else f.system
        else:
            # dispatch's component is its own composite score (dispatch_scores); other systems (lawyers,
            # inspections) and dispatch's supervision measures show in 大督查 only
            continue
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


def _score_value(row, where: str):
    score = row.get("score") if isinstance(row, Mapping) else None
    if score is None:
        return None
    try:
        value = Fraction(str(score))
    except (ValueError, ZeroDivisionError):
        value = Fraction(-1)
    if not 0 <= value <= 100:
        raise RuleError(_("大分拨单位指标第%(i)s行：综合得分应为 0 到 100 的数。") % {"i": where},
                        code="figures_malformed", field=f"dispatch.unit_figures[{where}].score")
    return value


def dispatch_scores(answer) -> dict[str, Fraction]:
    """{unit code: 大分拨 composite score} from dispatch's `unit_figures` answer (docs/dispatch-figures.md): a
    street's or department's score as dispatch ranks it (a street with its communities), any other unit's own
    row's score; units without a score (nothing to judge) are left out. `figures_malformed` otherwise."""
    if not isinstance(answer, Mapping) or not isinstance(answer.get("units"), (list, tuple)):
        raise RuleError(_("大分拨单位指标应含单位列表（units）。"), code="figures_malformed",
                        field="dispatch.unit_figures")
    out: dict[str, Fraction] = {}
    for i, row in enumerate(answer["units"]):
        if not isinstance(row, Mapping) or not isinstance(row.get("unit"), str) or not row["unit"]:
            raise RuleError(
                _("大分拨单位指标第%(i)s行缺少单位代码。") % {"i": i + 1},
                code="figures_malformed",
                field=f"dispatch.unit_figures[{i + 1}].unit",
            )
        value = _score_value(row, str(i + 1))
        if value is not None:
            out[row["unit"]] = value
    ranking = answer.get("ranking") or {}
    for group in ("streets", "departments"):
        for i, row in enumerate(ranking.get(group) or ()):
            if isinstance(row, Mapping) and isinstance(row.get("unit"), str):
                value = _score_value(row, f"{group}.{i + 1}")
                if value is None:
                    out.pop(row["unit"], None)
                else:
                    out[row["unit"]] = value
    return out
