"""Assessment pages: ranking table and charts per period
with its JSON twin, XLSX export, campaign progress."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.core.spreadsheets import neutralise_row
from zhengwu.credit.rules import timeliness
from zhengwu.credit.selectors import assessment as sel
from zhengwu.credit.selectors import workflow as wsel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = (  # (key, header) — the same figures in the table, the XLSX and the JSON
    ("rank", "排名"),
    ("unit_name", "单位"),
    ("score", "综合得分"),
    ("records", "数据数量"),
    ("validation_reject_share", "校验不通过率"),
    ("review_reject_share", "审查退回率"),
    ("on_time_share", "按时公示率"),
    ("avg_delay", "平均超期（工作日）"),
    ("avg_workdays", "平均公示用时（工作日）"),
    ("published_share", "公示率"),
    ("pushed_share", "推送率"),
    ("objections", "异议数"),
    ("objections_in_time_share", "异议按时答复率"),
    ("objections_overdue", "异议超期未答复"),
)


def _period(text: str | None):
    """(first day, last day, label) of the asked period (this
    year by default); ApplicationError if unreadable."""
    text = text or str(timezone.localdate().year)
    try:
        return timeliness.parse_period(text)
    except ValueError:
        raise ApplicationError(
            _("无法识别的考核期间“%(p)s”，请填写 2016、2016-Q2、2016-03 或 2016-01-01..2016-06-30。")
            % {"p": text},
            code="invalid_period",
            field="period",
        ) from None


def _page_context(user, start, end, label, rows) -> dict:
    chart = {"units": [r.unit_name for r in rows], "on_time": [r.on_time_share for r in rows],
             "avg_delay": [r.avg_delay for r in rows], "records": [r.records for r in rows],
             "score": [r.score for r in rows]}
    table = [[(key, getattr(r, key)) for key, _h in COLUMNS] for r in rows]
    return {"period": label, "start": start, "end": end, "rows": rows, "table": table,
            "headers": [_(h) for _k, h in COLUMNS], "chart": chart, "ranking": sel.can_see_ranking(user)}


def _this_year(request) -> dict:
    """The page for an unreadable period: this year's figures under the message."""
    start, end, label = _period(None)
    return _page_context(
        request.user, start, end, label, sel.assessment(start=start, end=end, user=request.user)
    )


@login_required
@twin("credit/assessment.html", error_context=_this_year)
def assessment_page(request):
    """The ranking of a period (?period=2016, 2016-Q2, 2016-03, 2016-01-01..2016-06-30) and its JSON twin."""
    start, end, label = _period(request.GET.get("period"))
    rows = sel.assessment(start=start, end=end, user=request.user)
    data = {
        "period": label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "units": [r.as_dict() for r in rows],
    }
    return data, _page_context(request.user, start, end, label, rows)


@login_required
def assessment_xlsx(request):
    try:
        start, end, label = _period(request.GET.get("period"))
    except ApplicationError:
        start, end, label = _period(None)
    rows = sel.assessment(start=start, end=end, user=request.user)
    wb = Workbook()
    ws = wb.active
    ws.title = "考核"
    ws.append(
        [_("双公示考核 %(p)s（%(a)s 至 %(b)s）") % {"p": label, "a": start.isoformat(), "b": end.isoformat()}]
    )
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
