"""大督查 (plan item 36: 横向到边、纵向到底、全面覆盖): one view over every system's supervision figures.

Reads `core.systems.providers("supervision_figures")` at every call — never a copy — checks each answer
against the contract (rules.read_figures) and scores units (rules.supervision_scores). A system whose
provider fails or answers out of contract is listed with its error; the others are still scored.
"""

import logging
from datetime import date

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import provided, providers
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Evaluation, Plan, PublicRating
from zhengwu.reforms.standard import REFORM_OFFICE, SUPERVISION_OFFICE

log = logging.getLogger(__name__)


def _system_name(label: str) -> str:
    system = getattr(apps.get_app_config(label), "system", None)
    return str(system.name) if system else label


def _pct(value) -> float | None:
    return None if value is None else float(value)


def _score(due: int, kept: int) -> float | None:
    exact = rules.measure_score(due, kept)
    return None if exact is None else float(rules.cents(exact))


def _with_evaluations(by_unit: dict, *, start: date, end: date) -> dict:
    """Add each unit's third-party score: the mean of the evaluations whose period ends in [start, end]."""
    found: dict[str, list] = {}
    rows = Evaluation.objects.filter(period_end__gte=start, period_end__lte=end).values_list(
        "unit__code", "score"
    )
    for code, score in rows:
        found.setdefault(code, []).append(score)
    for code, scores in found.items():
        by_unit.setdefault(code, {})[rules.Component.THIRD_PARTY] = sum(scores) / len(scores)
    return by_unit


def _with_ratings(by_unit: dict, *, start: date, end: date) -> dict:
    """Add each unit's 群众评议: the sum and number of residents' ratings given in
    [start, end] of the items whose plan the unit filed (its lead unit). One query."""
    found: dict[str, list[int]] = {}
    plans = Plan.objects.filter(item_number=OuterRef("item_number")).values("unit__code")[:1]
    rows = (PublicRating.objects.filter(rated_on__gte=start, rated_on__lte=end)
            .annotate(unit_code=Subquery(plans)).values_list("unit_code", "score"))
    for code, score in rows:
        if code:
            pair = found.setdefault(code, [0, 0])
            pair[0] += score
            pair[1] += 1
    for code, (total, count) in found.items():
        by_unit.setdefault(code, {})[rules.Component.PUBLIC_RATING] = rules.Ratings(total, count)
    return by_unit


def _dispatch_figures(by_unit: dict, *, start: date, end: date) -> dict:
    """Add each unit's 大分拨 component: its composite score in dispatch's `unit_figures` (whole months from
    start's to end's; read at every call, never copied). Returns {"error", "start",
    "end", "labels": {rate: label}, "units": {code: {"score", "rates"}}} for the pages; dispatch missing,
    failing or out of contract: an error, no component."""
    out = {"error": "", "start": "", "end": "", "labels": {}, "units": {}}
    try:
        read = provided("dispatch", "unit_figures")
    except LookupError:
        out["error"] = _("大分拨系统未安装。")
        return out
    try:
        answer = read(start=start, end=end)
        scores = rules.dispatch_scores(answer)
    except ApplicationError as exc:
        out["error"] = exc.message
        return out
    except Exception:  # dispatch's failure must not hide the other components; logged for its engineers
        log.exception("unit_figures of dispatch failed")
        out["error"] = _("大分拨单位指标暂时无法读取。")
        return out
    rates = {r["unit"]: r.get("rates") or {} for r in answer["units"]}
    out.update(start=str(answer.get("start", "")), end=str(answer.get("end", "")),
               labels={f["rate"]: f["label"] for f in answer.get("formulas") or () if isinstance(f, dict)
                       and "rate" in f and "label" in f})
    for code, score in scores.items():
        by_unit.setdefault(code, {})[rules.Component.DISPATCH] = score
        out["units"][code] = {"score": float(rules.cents(score)), "rates": rates.get(code, {})}
    return out


def dashboard(*, start: date, end: date, on: date, unit: str | None = None) -> dict:
    """{"start", "end", "on", "systems": [...], "units": [...ranked], "measures": [...]} for [start, end]
    judged on `on`; with `unit`, only that unit's rows (its drill-down: unit → system → measure)."""
    if start > end:
        raise rules.RuleError(_("开始日期 %(a)s 晚于结束日期 %(b)s。") % {"a": start, "b": end},
                              code="bad_period", field="start")
    systems, figures = [], []
    for label, provider in sorted(providers("supervision_figures").items()):
        entry = {"system": label, "name": _system_name(label), "error": "", "due": 0, "kept": 0}
        try:
            found = rules.read_figures(label, provider(start=start, end=end, on=on))
        except ApplicationError as exc:
            entry["error"] = exc.message
        except Exception:  # one broken system must not hide the others' figures; logged for its engineers
            log.exception("supervision_figures of %s failed", label)
            entry["error"] = _("该系统的督查数据暂时无法读取。")
        else:
            figures.extend(found)
            entry["due"] = sum(f.due for f in found)
            entry["kept"] = sum(f.kept for f in found)
        entry["score"] = None if entry["error"] else _score(entry["due"], entry["kept"])
        systems.append(entry)
    scores = rules.supervision_scores(figures)
    codes = {s.unit for s in scores}
    names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
    measures = [
        {
            "unit": f.unit,
            "unit_name": names.get(f.unit, f.unit),
            "system": f.system,
            "measure": f.measure,
            "label": f.label,
            "due": f.due,
            "kept": f.kept,
            "score": _score(f.due, f.kept),
        }
        for f in sorted(figures, key=lambda f: (f.unit, f.system, f.measure))
        if unit is None or f.unit == unit
    ]
    units = [{"unit": s.unit, "unit_name": names.get(s.unit, s.unit), "score": _pct(s.score), "rank": s.rank,
              "measures": sum(1 for f in figures if f.unit == s.unit),
              "due": sum(f.due for f in figures if f.unit == s.unit),
              "kept": sum(f.kept for f in figures if f.unit == s.unit)}
             for s in scores if unit is None or s.unit == unit]
    by_unit = _with_ratings(_with_evaluations(rules.component_figures(figures), start=start, end=end),
                            start=start, end=end)
    dispatch = _dispatch_figures(by_unit, start=start, end=end)
    scored = rules.assess(by_unit, setting("REFORMS_SCORE_WEIGHTS"))
    missing = {a.unit for a in scored} - set(names)
    if missing:
        names.update(Unit.objects.filter(code__in=missing).values_list("code", "name"))
    assessment = [
        {
            "unit": a.unit,
            "unit_name": names.get(a.unit, a.unit),
            "score": _pct(a.score),
            "rank": a.rank,
            "components": {c.value: _pct(v) for c, v in a.components.items()},
            "weights": {c.value: _pct(v) for c, v in a.weights.items()},
        }
        for a in scored
        if unit is None or a.unit == unit
    ]
    if unit is not None:
        dispatch["units"] = {code: v for code, v in dispatch["units"].items() if code == unit}
    return {"start": start.isoformat(), "end": end.isoformat(), "on": on.isoformat(), "systems": systems,
            "units": units, "measures": measures, "assessment": assessment, "dispatch_figures": dispatch}


def may_view(user, unit_code: str | None = None) -> bool:
    """Who sees 大督查: district supervisors, auditors and admins, and the reform office's and the supervision
    office's staff with a supervision role; a unit's own staff see their unit's drill-down."""
    roles = permissions.roles_for("supervision.view")
    if has_role(user, None, roles):
        return True
    offices = Unit.objects.filter(code__in=(REFORM_OFFICE, SUPERVISION_OFFICE))
    if any(has_role(user, office, roles) for office in offices):
        return True
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        return unit is not None and has_role(user, unit, roles | {Role.OPERATOR})
    return False
