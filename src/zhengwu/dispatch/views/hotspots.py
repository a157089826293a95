"""大数据 (item 35) on the pages: the hotspot page (charts, surges, heat index, clusters, repeat addresses)
and its JSON twin, the drill-down to the cases, the XLSX export, and the 主动治理 tasks a hotspot becomes
(and the 民生微实事 suggestion)."""

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.core.spreadsheets import neutralise_row
from zhengwu.dispatch import permissions
from zhengwu.dispatch.forms import HotspotFilterForm, HotspotSuggestForm, ProactiveDoneForm, ProactiveTaskForm
from zhengwu.dispatch.selectors import hotspots as reads
from zhengwu.dispatch.services import hotspots as actions
from zhengwu.dispatch.views.base import render_page
from zhengwu.org.selectors import unit_by_code

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50
TOP_LABELS = 6
CELL_ROWS = 60


def _period(request) -> tuple[date, int | None, dict]:
    form = HotspotFilterForm(request.GET)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise ApplicationError(
            _("参数“%(f)s”有误：%(e)s") % {"f": field, "e": errors[0]}, code="invalid", field=field
        )
    end = form.cleaned_data["end"] or timezone.localdate()
    return end, form.cleaned_data["days"], form.cleaned_data


def _street_name(names: dict, code: str) -> str:
    return names.get(code, code) if code else _("未定位")


def _chart(a: dict) -> dict:
    """What the page's ECharts read (json_script)."""
    names = a["street_names"]
    labels = [k for k, _v in a["labels"]]
    streets = [s for s in names if any(k[1] == s for k in a["matrix"])] + sorted(
        {k[1] for k in a["matrix"] if k[1] not in names})
    top = labels[:TOP_LABELS]
    values = {_street_name(names, s): v for s, v in a["streets"]}
    return {
        "labels": {"names": labels, "values": [v for _k, v in a["labels"]]},
        "streets": {
            "names": [_street_name(names, s) for s, _v in a["streets"]],
            "values": [v for _s, v in a["streets"]],
        },
        "trend": {
            "x": [f"{p['start']:%m-%d}~{p['end']:%m-%d}" for p in a["trend"]],
            "total": [p["total"] for p in a["trend"]],
            "series": [{"name": lab, "data": [p["by_label"].get(lab, 0) for p in a["trend"]]} for lab in top],
        },
        "matrix": {
            "x": [_street_name(names, s) for s in streets],
            "codes": streets,
            "y": labels,
            "data": [
                [i, j, a["matrix"].get((lab, s), 0)]
                for j, lab in enumerate(labels)
                for i, s in enumerate(streets)
            ],
            "max": max(a["matrix"].values(), default=0),
        },
        "map": (
            {"geo": a["boundaries"], "values": [{"name": n, "value": v} for n, v in values.items()]}
            if a["boundaries"]
            else None
        ),
    }


def _data(a: dict) -> dict:
    """The JSON twin: plain values."""
    names = a["street_names"]
    start, end = a["period"]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "days": a["days"]},
        "refreshed_to": a["refreshed_to"].isoformat() if a["refreshed_to"] else None,
        "hotspots": a["cells"][:CELL_ROWS],
        "surges": a["surges"],
        "labels": [{"label": k, "events": v} for k, v in a["labels"]],
        "streets": [
            {"street": k, "street_name": _street_name(names, k), "events": v} for k, v in a["streets"]
        ],
        "trend": [
            {
                "start": p["start"].isoformat(),
                "end": p["end"].isoformat(),
                "total": p["total"],
                "by_label": p["by_label"],
            }
            for p in a["trend"]
        ],
        "repeat_addresses": a["addresses"],
        "clusters": [
            c | {"first": c["first"].isoformat(), "last": c["last"].isoformat()} for c in a["clusters"]
        ],
        "map": bool(a["boundaries"]),
    }


def _error_context(request) -> dict:
    return {"title": _("热点分析"), "form": HotspotFilterForm(request.GET),
            "is_dispatcher": permissions.is_dispatcher(request.user)}


@login_required
@twin("dispatch/hotspots.html", error_context=_error_context)
def hotspots(request):
    """The hotspot page (and `?format=json`): the period's high-incidence classes and streets."""
    end, days, _cleaned = _period(request)
    a = reads.hotspot_analysis(user=request.user, end=end, days=days)
    query = {"end": end.isoformat(), "days": a["days"]}
    return _data(a), {
        "title": _("热点分析"), "a": a, "form": HotspotFilterForm(request.GET or None, initial=query),
        "query": query, "chart": _chart(a), "is_dispatcher": permissions.is_dispatcher(request.user),
        "names": a["street_names"], "can_task": permissions.can(request.user, "proactive"),
        "cells": a["cells"][:CELL_ROWS]}


@login_required
def hotspot_cases(request):
    """Drill-down: the cases of a class (and street) over the period."""
    try:
        end, days, cleaned = _period(request)
        days = days or reads.terms()["days"]
        start = reads.rules.window(end, days, 0)[0]
        qs = reads.cell_cases(
            user=request.user, label=cleaned["label"], street=cleaned["street"], start=start, end=end
        )
    except ApplicationError as exc:
        return render_page(
            request,
            "dispatch/hotspot_cases.html",
            {"title": _("热点事件"), "error": exc.message},
            status=exc.status,
        )
    names = reads.streets()
    return render_page(
        request,
        "dispatch/hotspot_cases.html",
        {
            "title": _("热点事件"),
            "label": cleaned["label"],
            "start": start,
            "end": end,
            "days": days,
            "street": cleaned["street"],
            "street_name": _street_name(names, cleaned["street"])
            if cleaned["street"] != "-"
            else _("未定位"),
            "page": Paginator(qs, PER_PAGE).get_page(request.GET.get("page")),
            "query": request.GET.urlencode(),
        },
    )


def _sheet(wb, title: str, header: list, rows) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:  # class names and addresses come from reports: never written as formulas
        ws.append(neutralise_row(row))
    ws.freeze_panes = "A2"


@login_required
def hotspots_xlsx(request):
    """The hotspot analysis as a workbook: hotspots, class × street, trend, repeat addresses, clusters."""
    try:
        end, days, _cleaned = _period(request)
        a = reads.hotspot_analysis(user=request.user, end=end, days=days)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    names = a["street_names"]
    wb = Workbook()
    wb.remove(wb.active)
    start, end = a["period"]
    _sheet(
        wb,
        _("热点"),
        [
            _("一级分类"),
            _("街道"),
            _("事件数"),
            _("上期"),
            _("基线"),
            _("环比"),
            _("附议"),
            _("严重程度"),
            _("热度指数"),
            _("突增"),
        ],
        [
            [
                c["label"],
                _street_name(names, c["street"]),
                c["volume"],
                c["previous"],
                c["baseline"],
                c["growth"],
                c["support"],
                c["severity"],
                c["heat"],
                _("是") if c["surge"] else "",
            ]
            for c in a["cells"]
        ],
    )
    chart = _chart(a)
    _sheet(
        wb,
        _("分类×街道"),
        [_("一级分类"), *chart["matrix"]["x"]],
        [
            [
                lab,
                *[
                    a["matrix"].get((lab, s), 0)
                    for s in [k for k in names if any(m[1] == k for m in a["matrix"])]
                    + sorted({m[1] for m in a["matrix"] if m[1] not in names})
                ],
            ]
            for lab in chart["matrix"]["y"]
        ],
    )
    _sheet(
        wb,
        _("趋势"),
        [_("起日"), _("止日"), _("合计"), *chart["labels"]["names"]],
        [
            [
                p["start"],
                p["end"],
                p["total"],
                *[p["by_label"].get(lab, 0) for lab in chart["labels"]["names"]],
            ]
            for p in a["trend"]
        ],
    )
    _sheet(wb, _("重复地址"), [_("地址"), _("街道"), _("事件数"), _("天数")],
           [[r["address"], _street_name(names, r["street"]), r["events"], r["days"]] for r in a["addresses"]])
    _sheet(wb, _("聚集事项"), [_("一级分类"), _("街道"), _("件数"), _("首件标题"), _("事件")],
           [[c["label"], _street_name(names, c["street"]), c["size"], c["title"], " ".join(c["case_nos"])]
            for c in a["clusters"]])
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''dispatch-hotspots-{start}-{end}.xlsx"
    return response


@login_required
def proactive_new(request):
    """The form that turns a hotspot into a 主动治理 task (GET: label, street, end, days)."""
    if not permissions.can(request.user, "proactive"):
        raise PermissionDenied(_("只有区网格办分拨员可以生成主动治理任务。"))
    form = ProactiveTaskForm(request.POST or None, units=reads.task_units(), initial={
        "label": request.GET.get("label", "")[:32], "street": request.GET.get("street", "")[:32],
        "end": request.GET.get("end", ""), "days": request.GET.get("days", ""),
        "unit": request.GET.get("street", "")[:32],
        "title": _("%(l)s问题主动治理") % {"l": request.GET.get("label", "")[:32]}})
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                hotspot = reads.hotspot_get(
                    user=request.user, label=d["label"], street=d["street"], end=d["end"], days=d["days"]
                )
                task = actions.proactive_task_create(actor=request.user, hotspot=hotspot,
                                                     unit=unit_by_code(d["unit"]), title=d["title"],
                                                     demand=d["demand"], due_on=d["due_on"])
            except ApplicationError as exc:
                error = None if form.attach(exc) else exc.message
                status = exc.status
            else:
                messages.success(request, _("已生成主动治理任务：%(t)s") % {"t": task.title})
                return redirect("dispatch:proactive_task", pk=task.pk)
        else:
            status = 400
    return render_page(request, "dispatch/proactive_new.html", {"title": _("生成主动治理任务"), "form": form,
                                                                 "error": error}, status=status)


@login_required
def proactive_list(request):
    return render_page(
        request,
        "dispatch/proactive_list.html",
        {
            "title": _("主动治理任务"),
            "page": Paginator(reads.proactive_tasks(user=request.user), PER_PAGE).get_page(
                request.GET.get("page")
            ),
        },
    )


def _task_page(request, task, *, done_form=None, suggest_form=None, error=None, status=200):
    return render_page(
        request,
        "dispatch/proactive_task.html",
        {
            "title": task.title,
            "task": task,
            "error": error,
            "can_done": task.state == task.State.OPEN
            and permissions.can(request.user, "proactive_done", task),
            "can_suggest": not task.suggestion_ref and permissions.can(request.user, "proactive"),
            "done_form": done_form or ProactiveDoneForm(),
            "suggest_form": suggest_form or HotspotSuggestForm(communities=reads.task_communities(task)),
        },
        status=status,
    )


@login_required
def proactive_task(request, pk: int):
    return _task_page(request, reads.proactive_task_get(user=request.user, pk=pk))


@login_required
@require_POST
def proactive_done(request, pk: int):
    task = reads.proactive_task_get(user=request.user, pk=pk)
    form = ProactiveDoneForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, done_form=form, status=400)
    try:
        actions.proactive_task_done(actor=request.user, task=task, result=form.cleaned_data["result"])
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc.message
        return _task_page(request, task, done_form=form, error=error, status=exc.status)
    messages.success(request, _("已记录治理结果。"))
    return redirect("dispatch:proactive_task", pk=task.pk)


@login_required
@require_POST
def proactive_suggest(request, pk: int):
    """The hotspot of a task becomes a 民生微实事 suggestion of a community (microprojects' service)."""
    task = reads.proactive_task_get(user=request.user, pk=pk)
    form = HotspotSuggestForm(request.POST, communities=reads.task_communities(task))
    if not form.is_valid():
        return _task_page(request, task, suggest_form=form, status=400)
    try:
        ref = actions.hotspot_suggest(actor=request.user, task=task, community=form.cleaned_data["community"],
                                      source_url=request.build_absolute_uri(
                                          reverse("dispatch:proactive_task", args=[task.pk])))
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc.message
        return _task_page(request, task, suggest_form=form, error=error, status=exc.status)
    messages.success(request, _("已生成民生微实事建议 %(r)s。") % {"r": ref})
    return redirect("dispatch:proactive_task", pk=task.pk)
