"""What the 大督查 dashboard shows, once, for the page, its JSON twin and the monthly PDF: every system's
figures and the ranking (oversight.dashboard), the item lights (progress.tree) and the 微改革 / 微创新
library (micro.library). The monthly report prints `report_figures`, built from the same `overview`."""

import calendar as month_calendar
import json
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.ledger import headcache
from zhengwu.reforms.models import MonthlyReport
from zhengwu.reforms.selectors.micro import library
from zhengwu.reforms.selectors.oversight import dashboard
from zhengwu.reforms.selectors.progress import tree
from zhengwu.workdays.selectors import calendar as workday_calendar


def overview(*, start: date, end: date, on: date) -> dict:
    """dashboard(...) plus "tree" (project → item → milestone lights) and "micro" (the library's lights).

    Kept until the ledger moves (ledger.headcache, key: the period, the language and the settings the
    lights and the scores read; at most REFORMS_DASHBOARD_CACHE_SECONDS, 0 = never kept): every change to
    what it shows — plans, milestones, reports, notices, evaluations, the other systems' records, units,
    the working-day calendar — writes a ledger entry. The answer is shared: read it, never change it."""
    seconds = setting("REFORMS_DASHBOARD_CACHE_SECONDS")
    if not seconds:
        return compute_overview(start=start, end=end, on=on)
    key = (
        start,
        end,
        on,
        get_language(),
        json.dumps(setting("REFORMS_SCORE_WEIGHTS"), sort_keys=True, default=str),
        setting("REFORMS_YELLOW_WORKDAYS"),
        setting("REFORMS_REPORT_CYCLE_WORKDAYS"),
    )
    return headcache.cached("reforms.overview", key, lambda: compute_overview(start=start, end=end, on=on),
                            max_age=seconds)


def compute_overview(*, start: date, end: date, on: date) -> dict:
    """What `overview` answers, computed now (every provider, the tree and the library read afresh)."""
    calendar = workday_calendar()
    data = dashboard(start=start, end=end, on=on)
    data["tree"] = tree(on=on, calendar=calendar)
    data["micro"] = library(on=on, calendar=calendar)
    return data


TREND_MONTHS = 12


def _months_back(on: date, n: int) -> list[date]:
    """The first days of the `n` months ending with `on`'s, oldest first."""
    out, y, m = [], on.year, on.month
    for _i in range(n):
        out.append(date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def compute_trend(*, on: date, months: int = TREND_MONTHS) -> dict:
    """{"months": ["YYYY-MM", …], "district": [score | None, …], "units": {code: [score | None, …]},
    "unit_names": {code: name}}: each month's composite assessment (the
    dashboard's, that month judged on its last day, or on `on` for the month under way); the district's
    score is the mean of the units' scores that month."""
    labels, district, units, names = [], [], {}, {}
    for i, first in enumerate(_months_back(on, months)):
        period = month_period(first, today=on)
        scored = [a for a in dashboard(**period)["assessment"] if a["score"] is not None]
        labels.append(first.strftime("%Y-%m"))
        district.append(round(sum(a["score"] for a in scored) / len(scored), 2) if scored else None)
        for a in scored:
            units.setdefault(a["unit"], [None] * months)[i] = a["score"]
            names[a["unit"]] = a["unit_name"]
    return {"months": labels, "district": district, "units": units, "unit_names": names}


def trend(*, on: date) -> dict:
    """compute_trend, kept like `overview` (until the ledger
    moves, at most REFORMS_DASHBOARD_CACHE_SECONDS)."""
    seconds = setting("REFORMS_DASHBOARD_CACHE_SECONDS")
    if not seconds:
        return compute_trend(on=on)
    key = (on, get_language(), json.dumps(setting("REFORMS_SCORE_WEIGHTS"), sort_keys=True, default=str))
    return headcache.cached("reforms.trend", key, lambda: compute_trend(on=on), max_age=seconds)


def month_period(month: date, *, today: date) -> dict:
    """The month's first and last day, judged on its last day (or today, for the month under way)."""
    start = month.replace(day=1)
    end = start.replace(day=month_calendar.monthrange(start.year, start.month)[1])
    return {"start": start, "end": end, "on": min(end, max(today, start))}


def report_figures(*, start: date, end: date, on: date) -> dict:
    """The figures the monthly PDF prints (labels translated here; formats.monthly_pdf only lays them out)."""
    data = overview(start=start, end=end, on=on)
    counts, stages, micro = data["tree"]["counts"], data["tree"]["stages"], data["micro"]
    return {
        "title": _("罗湖区改革督查月报（%(y)s年%(m)s月）") % {"y": start.year, "m": start.month},
        "period_line": _("统计期间：%(a)s 至 %(b)s；评判日：%(on)s") % {"a": start, "b": end, "on": on},
        "start": data["start"],
        "end": data["end"],
        "on": data["on"],
        "counts": counts,
        "stages": stages,
        "summary_lines": [
            _("改革事项状态灯：正常 %(g)s，预警 %(y)s，逾期 %(r)s")
            % {"g": counts["green"], "y": counts["yellow"], "r": counts["red"]},
            _("微改革微创新项目：正常 %(g)s，预警 %(y)s，逾期 %(r)s，已销号 %(c)s")
            % {
                "g": micro["counts"]["green"],
                "y": micro["counts"]["yellow"],
                "r": micro["counts"]["red"],
                "c": micro["closed"],
            },
        ],
        "projects": [
            {"title": f"（{p['numeral']}）{p['title']}", **p["lights"]} for p in data["tree"]["projects"]
        ],
        "units": data["units"],
        "assessment": data["assessment"],
        "systems": [{k: s[k] for k in ("system", "name", "due", "kept", "score")} for s in data["systems"]],
        "micro": [
            {k: m[k] for k in ("kind_label", "title", "unit_name", "light", "light_label", "next_due")}
            for m in micro["projects"]
        ],
        "micro_counts": micro["counts"],
        "micro_closed": micro["closed"],
        "labels": {
            "none": _("（无）"),
            "summary": _("一、总体情况"),
            "projects": _("二、各改革项目状态灯"),
            "project_header": [_("改革项目"), _("正常"), _("预警"), _("逾期")],
            "ranking": _("三、大督查单位排名"),
            "ranking_header": [_("排名"), _("单位"), _("得分"), _("指标数"), _("应办"), _("按时")],
            "assessment": _("四、综合考核"),
            "assessment_header": [_("排名"), _("单位"), _("综合得分")],
            "systems": _("五、各系统按时情况"),
            "systems_header": [_("系统"), _("应办"), _("按时"), _("按时率")],
            "micro": _("六、微改革微创新项目"),
            "micro_header": [_("类型"), _("项目名称"), _("牵头单位"), _("状态"), _("下一期限")],
        },
    }


def monthly_reports(*, limit: int = 24) -> list[dict]:
    return [{"id": r.pk, "month": r.month.strftime("%Y-%m"), "on": r.on.isoformat(), "status": r.status,
             "status_label": str(r.get_status_display()), "error": r.error, "seconds": r.seconds,
             "ready": r.status == MonthlyReport.Status.DONE and bool(r.file)}
            for r in MonthlyReport.objects.all()[:limit]]


def monthly_report_get(*, pk: int) -> MonthlyReport | None:
    return MonthlyReport.objects.filter(pk=pk, status=MonthlyReport.Status.DONE).first()
