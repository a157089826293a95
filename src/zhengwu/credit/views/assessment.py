"""Assessment pages: ranking table and charts per period, XLSX export, JSON twin, campaign progress."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_error
from zhengwu.core.spreadsheets import neutralise_row
from zhengwu.credit import workflow_rules as wr
from zhengwu.credit.selectors import assessment as sel
from zhengwu.credit.selectors import workflow as wsel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = (  # (key, header) — the same figures in the table, the XLSX and the JSON
    ("rank", "排名"), ("unit_name", "单位"), ("score", "综合得分"), ("records", "数据数量"),
    ("validation_reject_share", "校验不通过率"), ("review_reject_share", "审查退回率"),
    ("on_time_share", "按时公示率"), ("avg_delay", "平均超期（工作日）"), ("avg_workdays", "平均公示用时（工作日）"),
    ("published_share", "公示率"), ("pushed_share", "推送率"), ("objections", "异议数"),
    ("objections_in_time_share", "异议按时答复率"), ("objections_overdue", "异议超期未答复"),
)


def _period(request):
    text = request.GET.get("period") or str(timezone.localdate().year)
    try:
        return (*wr.parse_period(text), None)
    except ValueError:
        year = timezone.localdate().year
        return (*wr.parse_period(str(year)),
                _("无法识别的考核期间“%(p)s”，请填写 2016、2016-Q2、2016-03 或 2016-01-01..2016-06-30。") % {"p": text})


def _rows(request):
    start, end, label, error = _period(request)
    return start, end, label, error, sel.assessment(start=start, end=end, user=request.user)


@login_required
def assessment_page(request):
    start, end, label, error, rows = _rows(request)
    chart = {"units": [r.unit_name for r in rows], "on_time": [r.on_time_share for r in rows],
             "avg_delay": [r.avg_delay for r in rows], "records": [r.records for r in rows],
             "score": [r.score for r in rows]}
    table = [[(key, getattr(r, key)) for key, _h in COLUMNS] for r in rows]
    return render(request, "credit/assessment.html", {
        "period": label, "start": start, "end": end, "error": error, "rows": rows, "table": table,
        "headers": [_(h) for _k, h in COLUMNS], "chart": chart, "ranking": sel.can_see_ranking(request.user)})


@login_required
def assessment_json(request):
    start, end, label, error, rows = _rows(request)
    if error:
        return json_error(ApplicationError(error, field="period"))
    return JsonResponse({"period": label, "start": start.isoformat(), "end": end.isoformat(),
                         "units": [r.as_dict() for r in rows]}, json_dumps_params={"ensure_ascii": False})


@login_required
def assessment_xlsx(request):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    start, end, label, _error, rows = _rows(request)
    wb = Workbook()
    ws = wb.active
    ws.title = "考核"
    ws.append([_("双公示考核 %(p)s（%(a)s 至 %(b)s）") % {"p": label, "a": start.isoformat(), "b": end.isoformat()}])
    ws.append([_(h) for _k, h in COLUMNS])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in rows:  # unit names are text from the database: never written as formulas
        ws.append(neutralise_row(getattr(r, key) for key, _h in COLUMNS))
    for column, (key, _h) in enumerate(COLUMNS, start=1):  # (no rows: nothing to format, and no error)
        if key.endswith("_share"):
            for row in range(3, ws.max_row + 1):
                ws.cell(row=row, column=column).number_format = "0.0%"
    ws.freeze_panes = "C3"
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''credit-assessment-{label}.xlsx"
    return response


@login_required
def campaigns(request):
    """The plan's backlog campaigns with progress per visible unit."""
    items = [(c, wsel.campaign_progress(c, user=request.user)) for c in wsel.campaign_list()]
    return render(request, "credit/campaigns.html", {"campaigns": items, "today": timezone.localdate()})
