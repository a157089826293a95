"""大数据 (item 35; issue 15 §7): high-incidence types and areas, as pure functions over the daily counts.

The input is the pre-aggregated daily table (models.HotspotDaily: one row per day × first-level class ×
street with the number of reports, their public support and their severity points); the output is what
the hotspot page shows. Every rule is here, with its defaults in `HOTSPOT_TERMS` (the setting
DISPATCH_HOTSPOT_TERMS overrides them key by key; `merged_terms` checks the overrides):

- **period** — `days` days ending on `end` (default 7: a week); the *previous* period is the `days`
  before it; the *baseline* is the mean of the `baseline_periods` (default 4) periods before the period.
- **growth** — (volume − previous) ÷ max(previous, 1): week on week.
- **surge** (突增) — a cell (class × street) whose volume is at least `surge_min` (5), at least
  `surge_ratio` (2) × its baseline, and at least `surge_z` (3) Poisson standard deviations above it:
  (volume − baseline) ÷ √(baseline + 1) ≥ surge_z. Rare cells do not surge on two reports, and a busy
  cell must rise well beyond its usual noise.
- **severity** of a report — 1 point, +1 for each of: supervised (督办), reopened (重办), a red
  deadline warning, an unsatisfied rating, a class that needs law enforcement (`SEVERITY_POINTS`).
- **heat index** (热度指数, 0–100) of a cell, with weights `w_volume` 0.4, `w_growth` 0.3,
  `w_support` 0.15, `w_severity` 0.15 (their sum is 1):

      heat = 100 × ( w_volume   × ln(1 + volume)  ÷ ln(1 + largest volume of the period)
                   + w_growth   × min(max(growth, 0), 3) ÷ 3
                   + w_support  × ln(1 + support) ÷ ln(1 + largest support of the period)
                   + w_severity × (severity points ÷ volume − 1) ÷ 5 )

  The logarithms keep one very busy class from flattening the rest; growth counts up to +300 %; the
  severity term is the mean extra points per report (0 to 5).
- **repeat addresses** (重复地址) — an address with at least `repeat_min` (3) reports in the period.

    >>> rows = [Day(date(2026, 5, 29) - timedelta(days=i), "城乡建设", "GY", 1, 0, 1) for i in range(1, 60)]
    >>> rows += [Day(date(2026, 5, 29), "城乡建设", "GY", 12, 3, 20)]
    >>> a = analyse(rows, end=date(2026, 5, 29), days=7)
    >>> a["cells"][0]["surge"], a["cells"][0]["volume"], a["cells"][0]["baseline"]
    (True, 18, 7.0)
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.rules.hotspot_terms import HOTSPOT_TERMS

INTEGER_TERMS = frozenset({"days", "baseline_periods", "surge_min", "repeat_min", "trend_periods",
                           "cluster_cells", "cluster_events", "cluster_min"})
WEIGHTS = ("w_volume", "w_growth", "w_support", "w_severity")
#: The severity points of a report beyond its first: each applies once (see the module).
SEVERITY_POINTS = ("supervised", "reopened", "red_warning", "unsatisfied", "needs_enforcement")
GROWTH_CAP = 3.0
UNCLASSIFIED = "未分类"
MAX_DAYS = 366


@dataclass(frozen=True)
class Day:
    """One row of the daily table: a day, a first-level class, a street (org code, "" unknown)."""

    day: date
    label: str
    street: str
    events: int
    supports: int
    severity: int


def merged_terms(overrides: dict | None) -> dict:
    """The defaults with the setting's overrides; ApplicationError `invalid_setting` for an unknown key, a
    value out of range, or weights that do not add up to 1."""
    values = dict(HOTSPOT_TERMS)
    for key, value in (overrides or {}).items():
        if key not in HOTSPOT_TERMS:
            raise ApplicationError(
                f"DISPATCH_HOTSPOT_TERMS: unknown key {key!r}", code="invalid_setting", field=key
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (
                key in INTEGER_TERMS and (value < 1 or value != int(value))) or (
                key in WEIGHTS and value > 1):
            raise ApplicationError(f"DISPATCH_HOTSPOT_TERMS[{key!r}] = {value!r} is out of range",
                                   code="invalid_setting", field=key)
        values[key] = int(value) if key in INTEGER_TERMS else float(value)
    if abs(sum(values[w] for w in WEIGHTS) - 1) > 1e-6:
        raise ApplicationError(
            "DISPATCH_HOTSPOT_TERMS: the weights w_volume + w_growth + w_support + w_severity "
            "must add up to 1",
            code="invalid_setting",
            field="w_volume",
        )
    if values["days"] > MAX_DAYS:
        raise ApplicationError(
            f"DISPATCH_HOTSPOT_TERMS['days'] is at most {MAX_DAYS}", code="invalid_setting", field="days"
        )
    return values


def severity(*, supervised: bool = False, reopened: bool = False, red_warning: bool = False,
             unsatisfied: bool = False, needs_enforcement: bool = False) -> int:
    """A report's severity points: 1, +1 for each mark (SEVERITY_POINTS)."""
    return 1 + sum(map(bool, (supervised, reopened, red_warning, unsatisfied, needs_enforcement)))


def window(end: date, days: int, periods: int) -> tuple[date, date]:
    """The first and last day the analysis reads: `periods` periods before the period, and the period."""
    return end - timedelta(days=days * (periods + 1) - 1), end


def growth(volume: int, previous: int) -> float:
    return (volume - previous) / max(previous, 1)


def is_surge(volume: int, baseline: float, t: dict) -> bool:
    return (volume >= t["surge_min"] and volume >= t["surge_ratio"] * baseline
            and (volume - baseline) / math.sqrt(baseline + 1) >= t["surge_z"])


def heat(*, volume: int, previous: int, support: int, severity_points: int, max_volume: int, max_support: int,
         t: dict) -> float:
    """The heat index (0–100) of a cell (see the module's formula)."""
    if volume <= 0:
        return 0.0
    v = math.log1p(volume) / math.log1p(max_volume) if max_volume > 0 else 0.0
    g = min(max(growth(volume, previous), 0.0), GROWTH_CAP) / GROWTH_CAP
    s = math.log1p(support) / math.log1p(max_support) if max_support > 0 else 0.0
    extra = min(max(severity_points / volume - 1, 0.0), len(SEVERITY_POINTS)) / len(SEVERITY_POINTS)
    return round(
        100 * (t["w_volume"] * v + t["w_growth"] * g + t["w_support"] * s + t["w_severity"] * extra), 1
    )


def analyse(rows: Iterable[Day], *, end: date, days: int | None = None, terms: dict | None = None) -> dict:
    """Everything the hotspot page shows, from the daily rows (rows outside the window are ignored):

    - `period`: (start, end); `previous`: (start, end);
    - `cells`: one per class × street with reports in the period or the previous one — volume, previous,
      baseline, growth, support, severity, heat, surge — hottest first;
    - `labels` / `streets`: totals per class / per street in the period, largest first;
    - `matrix`: {(label, street): volume} of the period (the heat matrix);
    - `trend`: per period, oldest first: {"start", "end", "total", "by_label": {label: volume}};
    - `surges`: the surging cells, hottest first.
    """
    t = dict(terms or HOTSPOT_TERMS)
    days = days or t["days"]
    start = end - timedelta(days=days - 1)
    periods = max(t["baseline_periods"], t["trend_periods"] - 1)
    first, _last = window(end, days, periods)

    def index(d: date) -> int:  # 0 = the period, 1 = the previous one, …
        return (end - d).days // days

    now: dict = defaultdict(lambda: [0, 0, 0])  # (label, street) → [events, supports, severity]
    before: dict = defaultdict(lambda: defaultdict(int))  # (label, street) → {period index: events}
    trend: dict = defaultdict(lambda: defaultdict(int))  # period index → {label: events}
    for r in rows:
        if r.day < first or r.day > end or r.events <= 0 and r.supports <= 0:
            continue
        i, key = index(r.day), (r.label or UNCLASSIFIED, r.street or "")
        trend[i][key[0]] += r.events
        if i == 0:
            cell = now[key]
            cell[0] += r.events
            cell[1] += r.supports
            cell[2] += r.severity
        elif i <= t["baseline_periods"]:
            before[key][i] += r.events
    keys = set(now) | {k for k, v in before.items() if v.get(1)}
    max_volume = max((c[0] for c in now.values()), default=0)
    max_support = max((c[1] for c in now.values()), default=0)
    cells = []
    for key in keys:
        volume, support, points = now[key] if key in now else (0, 0, 0)
        previous = before[key].get(1, 0)
        baseline = (
            sum(before[key].get(i, 0) for i in range(1, t["baseline_periods"] + 1)) / t["baseline_periods"]
        )
        cells.append({
            "label": key[0], "street": key[1], "volume": volume, "previous": previous,
            "baseline": round(baseline, 2), "growth": round(growth(volume, previous), 3), "support": support,
            "severity": round(points / volume, 2) if volume else 0.0,
            "heat": heat(volume=volume, previous=previous, support=support, severity_points=points,
                         max_volume=max_volume, max_support=max_support, t=t),
            "surge": is_surge(volume, baseline, t)})
    cells.sort(key=lambda c: (-c["heat"], -c["volume"], c["label"], c["street"]))
    labels: dict = defaultdict(int)
    streets: dict = defaultdict(int)
    for c in cells:
        labels[c["label"]] += c["volume"]
        streets[c["street"]] += c["volume"]
    trend_rows = []
    for i in range(t["trend_periods"] - 1, -1, -1):
        p_end = end - timedelta(days=i * days)
        trend_rows.append({"start": p_end - timedelta(days=days - 1), "end": p_end,
                           "total": sum(trend[i].values()), "by_label": dict(trend[i])})
    return {
        "period": (start, end), "previous": (start - timedelta(days=days), start - timedelta(days=1)),
        "cells": cells, "surges": [c for c in cells if c["surge"]],
        "labels": sorted(((k, v) for k, v in labels.items() if v), key=lambda kv: (-kv[1], kv[0])),
        "streets": sorted(((k, v) for k, v in streets.items() if v), key=lambda kv: (-kv[1], kv[0])),
        "matrix": {(c["label"], c["street"]): c["volume"] for c in cells if c["volume"]},
        "trend": trend_rows, "terms": t, "days": days,
    }


def repeat_addresses(rows: Iterable[tuple[str, str, int, int]], t: dict | None = None) -> list[dict]:
    """Addresses with at least `repeat_min` reports: rows (address, street, reports, days with reports),
    most reported first."""
    t = t or HOTSPOT_TERMS
    out = [{"address": a, "street": s, "events": n, "days": d} for a, s, n, d in rows if n >= t["repeat_min"]]
    out.sort(key=lambda r: (-r["events"], r["address"]))
    return out
