"""大督查 figures page (issue 15 §8): per unit and period, read from the pre-aggregated table; its JSON twin
(`?format=json`), and the monthly report as XLSX and
PDF. Who sees what: selectors.figures.figures_for_user."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from zhengwu.core.render import twin
from zhengwu.dispatch import permissions
from zhengwu.dispatch.formats import figures_report
from zhengwu.dispatch.rules.figures import RATES, period_from
from zhengwu.dispatch.selectors.figures import figures_for_user


def _period(request):
    return period_from(month=request.GET.get("month", ""), start=request.GET.get("start", ""),
                       end=request.GET.get("end", ""), today=timezone.localdate())


def _context(request) -> dict:
    return {"is_dispatcher": permissions.is_dispatcher(request.user), "rate_names": list(RATES),
            "month": request.GET.get("month", "")[:7]}


@login_required
@twin("dispatch/figures.html", error_context=_context)
def figures(request):
    start, end = _period(request)
    data = figures_for_user(user=request.user, start=start, end=end)
    return data, _context(request) | {"month": data["months"][-1] if len(data["months"]) == 1 else ""}


def _download(request, kind: str):
    start, end = _period(request)
    data = figures_for_user(user=request.user, start=start, end=end)
    name = f"dispatch-figures-{data['months'][0]}" + (
        f"-{data['months'][-1]}" if len(data["months"]) > 1 else ""
    )
    if kind == "xlsx":
        body, mime = (
            figures_report.xlsx(data),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        body, mime = figures_report.pdf(data), "application/pdf"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename={name}.{kind}"
    return response


@login_required
@twin("dispatch/figures.html", error_context=_context)
def figures_xlsx(request):
    return _download(request, "xlsx")


@login_required
@twin("dispatch/figures.html", error_context=_context)
def figures_pdf(request):
    return _download(request, "pdf")
