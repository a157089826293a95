"""大督查 pages: the district view (project → item → milestone lights; unit ranking; every system's figures),
a unit's drill-down (unit → system → measure, and its reform milestones) and the XLSX export."""

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.core.spreadsheets import neutralise_row
from zhengwu.reforms import rules, selectors
from zhengwu.reforms.standard import COMPONENT_LABELS, Component

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period(params) -> dict:
    """start/end/on from the query (YYYY-MM-DD); defaults: the year so far, judged today."""
    today = timezone.localdate()
    on = rules.parse_day(params["on"], "on") if params.get("on") else today
    start = rules.parse_day(params["start"], "start") if params.get("start") else date(on.year, 1, 1)
    end = rules.parse_day(params["end"], "end") if params.get("end") else on
    return {"start": start, "end": end, "on": on}


def _allowed(request, unit_code=None) -> None:
    if not selectors.may_view(request.user, unit_code):
        raise PermissionDenied(_("大督查仅对督查、审计和改革办人员开放；各单位可查看本单位。"))


def _url(name: str, *args, query: dict | None = None, anchor: str = "") -> str:
    """The page's address, or "" when that system (or page) is not installed."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return url + ("?" + urlencode(query) if query else "") + (f"#{anchor}" if anchor else "")


def component_links(code: str, *, start: date, end: date, query: str = "") -> dict[str, str]:
    """Where each score component's records are (its system's page, filtered to the unit or the period), or ""
    where that system has no such page (民生微实事: no page by unit)."""
    unit_page = reverse("reforms:supervision_unit", args=(code,)) + (f"?{query}" if query else "")
    return {
        Component.REFORMS.value: f"{unit_page}#milestones",
        Component.NOTICES.value: _url("reforms:notices", query={"unit": code}),
        Component.CREDIT.value: _url("credit:public_embed", code),
        Component.DISPATCH.value: _url("dispatch:figures", query={"start": start.isoformat(),
                                                                  "end": end.isoformat()}),
        Component.MICROPROJECTS.value: "",
        Component.PUBLIC_RATING.value: _url("reforms:assessment", anchor="ratings"),
        Component.THIRD_PARTY.value: _url("reforms:assessment", anchor="evaluations"),
    }


def _page_context(request) -> dict:
    return {"system_title": _("大督查"), "query": request.GET.urlencode()}


@login_required
@twin("reforms/supervision.html", error_context=_page_context)
def dashboard(request):
    _allowed(request)
    when = period(request.GET)
    data = selectors.overview(**when)
    chart = {
        "lights": data["tree"]["counts"],
        "projects": [{"title": p["title"], **p["lights"]} for p in data["tree"]["projects"]],
        "units": [
            {"name": u["unit_name"], "score": u["score"]} for u in data["units"] if u["score"] is not None
        ],
        "systems": [{"name": s["name"], "score": s["score"]} for s in data["systems"]],
        "micro": data["micro"]["counts"],
        "schedule": [
            {
                "item": i["number"],
                "title": m["title"],
                "start": m["starts_on"],
                "due": m["due_on"],
                "light": m["light"],
            }
            for p in data["tree"]["projects"]
            for i in p["items"]
            for m in i["milestones"]
        ],
    }
    # the 12 months' trend is its own request (12 months of every provider: not on the dashboard's own path)
    chart["trend_url"] = (
        reverse("reforms:supervision_trend") + "?" + urlencode({"on": when["on"].isoformat()})
    )
    # the overview is shared (kept until the ledger moves):
    # the page's rows are new dicts, never written into it
    assessment = [{**a, "cells": [(c.value, a["components"].get(c.value)) for c in Component]}
                  for a in data["assessment"]]
    labels = [(c.value, str(COMPONENT_LABELS[c])) for c in Component]
    return data, {
        **_page_context(request),
        "chart": chart,
        "component_labels": labels,
        "assessment": assessment,
    }


def _dispatch_row(found: dict, code: str) -> dict | None:
    row = found["units"].get(code)
    if row is None:
        return None
    labels = found.get("labels") or {}
    return {"score": row["score"], "rates": [(k, labels.get(k, k), v) for k, v in row["rates"].items()]}


@login_required
@twin("reforms/supervision_unit.html", error_context=_page_context)
def unit(request, code: str):
    _allowed(request, code)
    when = period(request.GET)
    data = selectors.dashboard(**when, unit=code)
    data["milestones"] = [
        {"item": i["number"], "item_title": i["title"], **m}
        for p in selectors.tree(on=when["on"])["projects"] for i in p["items"] for m in i["milestones"]
        if m["unit"] == code]
    data["unit"] = code
    links = component_links(code, start=when["start"], end=when["end"], query=request.GET.urlencode())
    mine = data["assessment"][0] if data["assessment"] else None
    components = [{"key": c.value, "label": str(COMPONENT_LABELS[c]),
                   "score": mine["components"].get(c.value) if mine else None,
                   "weight": mine["weights"].get(c.value) if mine else None, "url": links[c.value]}
                  for c in Component]
    name = (data["units"][0]["unit_name"] if data["units"] else mine["unit_name"] if mine else code)
    chart = {
        "trend_url": reverse("reforms:supervision_trend")
        + "?"
        + urlencode({"on": when["on"].isoformat(), "unit": code})
    }
    return data, {
        **_page_context(request),
        "unit_name": name,
        "mine": mine,
        "components": components,
        "dispatch": _dispatch_row(data["dispatch_figures"], code),
        "dispatch_url": links["dispatch"],
        "dispatch_error": data["dispatch_figures"]["error"],
        "chart": chart,
    }


@login_required
@twin("reforms/supervision.html", error_context=_page_context)
def trend(request):
    """The composite score over the last 12 months up to `on` (JSON; the charts fetch it): the district's
    (the mean of the units' scores each month), or with `unit` that unit's, the district's beside it."""
    code = request.GET.get("unit", "")[:32] or None
    _allowed(request, code)
    found = selectors.trend(on=period(request.GET)["on"])
    if code is None:
        return {"months": found["months"], "name": _("全区"), "scores": found["district"]}
    return {"months": found["months"], "name": found["unit_names"].get(code, code),
            "scores": found["units"].get(code, [None] * len(found["months"])), "district": found["district"],
            "district_name": _("全区")}


@login_required
def dashboard_xlsx(request):
    """The ranking, every (unit, measure) row and the systems as a workbook, cells neutralised for Excel."""
    _allowed(request)
    from openpyxl import Workbook  # deferred: only the export needs openpyxl (heavy to import)

    try:
        when = period(request.GET)
        data = selectors.dashboard(**when)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = _("单位排名")
    ws.append([_("排名"), _("单位代码"), _("单位"), _("得分"), _("指标数"), _("应办"), _("按时")])
    for u in data["units"]:
        ws.append(neutralise_row([u["rank"], u["unit"], u["unit_name"], u["score"], u["measures"], u["due"],
                                  u["kept"]]))
    ws = wb.create_sheet(_("指标明细"))
    ws.append(
        [_("单位代码"), _("单位"), _("系统"), _("指标代码"), _("指标"), _("应办"), _("按时"), _("得分")]
    )
    for m in data["measures"]:
        ws.append(neutralise_row([m["unit"], m["unit_name"], m["system"], m["measure"], m["label"], m["due"],
                                  m["kept"], m["score"]]))
    ws = wb.create_sheet(_("综合考核"))
    ws.append(
        [_("排名"), _("单位代码"), _("单位"), _("综合得分"), *[str(COMPONENT_LABELS[c]) for c in Component]]
    )
    for a in data["assessment"]:
        ws.append(neutralise_row([a["rank"], a["unit"], a["unit_name"], a["score"],
                                  *[a["components"].get(c.value) for c in Component]]))
    ws = wb.create_sheet(_("系统"))
    ws.append([_("系统"), _("应办"), _("按时"), _("得分"), _("错误")])
    for s in data["systems"]:
        ws.append(neutralise_row([s["name"], s["due"], s["kept"], s["score"], s["error"]]))
    response = HttpResponse(content_type=XLSX)
    wb.save(response)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''supervision-{when['start']}-{when['end']}.xlsx"
    )
    return response
