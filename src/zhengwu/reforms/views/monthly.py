"""督查月报: the list of monthly reports, a form that
queues one (built in the background), the PDF download."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.reforms import rules, selectors, services


def _allowed(request) -> None:
    if not selectors.may_view(request.user):
        raise PermissionDenied(_("督查月报仅对督查、审计和改革办人员开放。"))


@login_required
@twin("reforms/monthly.html")
def reports(request):
    _allowed(request)
    error, status = "", 200
    today = timezone.localdate()
    if request.method == "POST":
        raw = (request.POST.get("month") or "").strip()
        try:
            month = rules.parse_day(f"{raw}-01" if len(raw) == 7 else raw, "month")
            services.monthly_report_request(month=month, actor=request.user)
            return redirect("reforms:monthly")
        except ApplicationError as exc:
            error, status = exc.message, 400
    context = {"system_title": _("督查月报"), "error": error, "default_month": today.strftime("%Y-%m")}
    rows = selectors.monthly_reports()
    if status != 200:
        return render(request, "reforms/monthly.html", {"reports": rows, **context}, status=status)
    return {"reports": rows}, context


@login_required
def download(request, pk: int):
    _allowed(request)
    report = selectors.monthly_report_get(pk=pk)
    if report is None or not report.file:
        raise Http404(_("月报不存在或尚未生成。"))
    return uploads.serve(request, report.file.name, content_type="application/pdf",
                         filename=f"reforms-monthly-{report.month:%Y-%m}.pdf")
