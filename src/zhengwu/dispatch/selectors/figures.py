"""大督查 figures (plan item 36, issue 15 §8) read from the pre-aggregated table (models.UnitMonthFigures,
filled by the periodic job `dispatch.figures`): one small read per page, the rates,
composite score and ranking computed from the stored counts by `rules.figures`.

`unit_figures(*, start, end)` is declared in apps.py `provides["unit_figures"]` for 改革督查 (reforms), which
reads it at every call and keeps no copy; `/dispatch/api/figures/` answers the same dictionary as JSON.
A period is whole months: from `start`'s month to `end`'s month.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import StreetMonthProblem, UnitMonthFigures
from zhengwu.dispatch.rules import figures as rules
from zhengwu.org.models import Unit
from zhengwu.org.scoping import units_for

#: At most this many months in one period (a longer span is refused, naming the limit).
MAX_MONTHS = 36

STREET, COMMUNITY, DEPARTMENT = "street", "community", "department"


def _group(kind: str) -> str:
    if kind == Unit.Kind.STREET:
        return STREET
    if kind == Unit.Kind.COMMUNITY:
        return COMMUNITY
    return DEPARTMENT


def weights() -> dict:
    """The composite's weights (setting DISPATCH_FIGURE_WEIGHTS), checked."""
    return rules.check_weights(setting("DISPATCH_FIGURE_WEIGHTS"))


def formulas() -> list[dict]:
    """Every rate with its numerator and denominator, as the page and the API state them."""
    return [{"rate": name, "label": str(label), "numerator": num, "denominator": " + ".join(den)}
            for name, (num, den, label) in rules.RATES.items()]


def check_period(start: date, end: date) -> list[date]:
    if start > end:
        raise ApplicationError(
            _("开始日期 %(a)s 晚于结束日期 %(b)s。") % {"a": start, "b": end},
            code="bad_period",
            field="start",
        )
    months = rules.months_between(start, end)
    if len(months) > MAX_MONTHS:
        raise ApplicationError(
            _("统计期间最多 %(n)s 个月。") % {"n": MAX_MONTHS}, code="period_too_long", field="end"
        )
    return months


def _row(unit: dict, counts: dict, weight) -> dict:
    found = rules.rates(counts)
    return {**unit, "counts": counts, "rates": {k: rules.percent(v) for k, v in found.items()},
            "score": rules.score(rules.composite(found, weight))}


def _ranking(rows: list[dict]) -> list[dict]:
    ranks = rules.rank({r["unit"]: (None if r["score"] is None else r["score"]) for r in rows})
    out = [{**r, "rank": ranks[r["unit"]]} for r in rows]
    return sorted(out, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["unit"]))


def unit_figures(*, start: date, end: date, units: set[str] | None = None) -> dict:
    """{"start", "end", "months", "computed_at", "weights", "formulas", "units", "ranking", "topics"} for the
    whole months from `start` to `end` (`units`: only these unit codes' rows; the ranking then is left out).

    - `units`: one row per unit with something counted — {"unit", "unit_name", "kind", "group", "parent",
      "counts" (rules.figures.COUNT_FIELDS), "rates" (percentages, None when nothing to judge), "score"};
    - `ranking`: {"streets": [...], "departments": [...]}, each row {"unit", "unit_name", "score", "rank",
      "counts", "rates"}; a street's figures include its communities';
    - `topics`: 每月一题, [{"street", "street_name", "problems": [{"problem", "events"}]}]."""
    months = check_period(start, end)
    weight = weights()
    stored = list(
        UnitMonthFigures.objects.filter(month__gte=months[0], month__lte=months[-1])
        .values(
            "unit__code",
            "unit__name",
            "unit__kind",
            "unit__parent__code",
            "unit__sort",
            "month",
            "computed_at",
            *rules.COUNT_FIELDS,
        )
        .order_by("month")
    )
    by_unit: dict[str, list[dict]] = {}
    info: dict[str, dict] = {}
    computed = None
    for r in stored:
        code = r["unit__code"]
        by_unit.setdefault(code, []).append(r)
        info[code] = {
            "unit": code,
            "unit_name": r["unit__name"],
            "kind": r["unit__kind"],
            "group": _group(r["unit__kind"]),
            "parent": r["unit__parent__code"],
            "sort": r["unit__sort"],
        }
        computed = r["computed_at"] if computed is None or r["computed_at"] > computed else computed
    counts = {code: rules.combine(rows) for code, rows in by_unit.items()}
    rows = [_row(info[code], counts[code], weight) for code in counts]
    rows.sort(key=lambda r: (r["group"] != STREET, r["group"] == COMMUNITY, r["sort"], r["unit"]))
    result = {"start": months[0].isoformat(), "end": rules.last_day(months[-1]).isoformat(),
              "months": [m.strftime("%Y-%m") for m in months],
              "computed_at": computed.isoformat() if computed else None,
              "weights": {k: float(v) for k, v in weight.items()}, "formulas": formulas()}
    if units is not None:
        result["units"] = [r for r in rows if r["unit"] in units]
        result["ranking"] = None
        result["topics"] = _topics(months, streets=units)
        return result
    result["units"] = rows
    streets = {code: [counts[code]] for code, i in info.items() if i["group"] == STREET}
    for code, i in info.items():
        if i["group"] == COMMUNITY and i["parent"] in streets:
            streets[i["parent"]].append(counts[code])
    street_names = dict(Unit.objects.filter(code__in=streets).values_list("code", "name"))
    result["ranking"] = {
        "streets": _ranking(
            [
                _row({"unit": c, "unit_name": street_names.get(c, c)}, rules.add_units(parts), weight)
                for c, parts in streets.items()
            ]
        ),
        "departments": _ranking(
            [
                _row({"unit": c, "unit_name": i["unit_name"]}, counts[c], weight)
                for c, i in info.items()
                if i["group"] == DEPARTMENT
            ]
        ),
    }
    result["topics"] = _topics(months)
    return result


def _topics(months: list[date], *, streets: set[str] | None = None) -> list[dict]:
    qs = StreetMonthProblem.objects.filter(month__gte=months[0], month__lte=months[-1])
    if streets is not None:
        qs = qs.filter(street__code__in=streets)
    volumes = list(qs.values("street__code", "problem").annotate(n=Sum("events")).order_by())
    names = dict(
        Unit.objects.filter(code__in={v["street__code"] for v in volumes}).values_list("code", "name")
    )
    found = rules.monthly_topics(((v["street__code"], v["problem"], v["n"]) for v in volumes),
                                 top=setting("DISPATCH_TOPICS_PER_STREET"))
    return [
        {
            "street": s,
            "street_name": names.get(s, s),
            "problems": [{"problem": p, "events": n} for p, n in found[s]],
        }
        for s in found
    ]


def may_view_all(user) -> bool:
    """The dispatching body, district supervisors and auditors see every unit's figures and the ranking."""
    return permissions.can(user, "view_figures")


def figures_for_user(*, user, start: date, end: date) -> dict:
    """The figures page's data: everything for those who `may_view_all`; a unit's own staff their units' rows
    (a street's staff also its communities'); anyone else PermissionDenied."""
    if may_view_all(user):
        return unit_figures(start=start, end=end)
    own = set(units_for(user).values_list("code", flat=True))
    if not own:
        raise PermissionDenied(_("只有分拨中心、督查人员和各承办单位可以查看单位指标。"))
    return unit_figures(start=start, end=end, units=own)


def latest_month() -> date | None:
    """The latest month with stored figures."""
    return UnitMonthFigures.objects.aggregate(m=Max("month"))["m"]
