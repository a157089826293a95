"""Pages for unit staff: their records, upload with progress, error report and template downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.credit import report, selectors, services, tasks
from zhengwu.credit.models import Kind
from zhengwu.credit.standard import standard_for
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role, scoped

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_units(user):
    return [u for u in scoped(Unit.objects.filter(is_active=True), user, unit_field="pk")
            if has_role(user, u, {Role.OPERATOR, Role.ADMIN})]


@login_required
def index(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else None
    records = selectors.record_list(user=request.user, kind=kind, q=request.GET.get("q", "").strip())
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    imports = selectors.import_list(user=request.user)[:10]
    return render(request, "credit/index.html", {"page": page, "kind": kind, "kinds": Kind.choices,
                                                 "imports": imports, "can_upload": bool(_upload_units(request.user))})


@login_required
def record_detail(request, pk):
    record = selectors.record_get(user=request.user, pk=pk)
    std = standard_for(record.kind)
    fields = [(f, record.data.get(f.code)) for f in std.fields]
    parties = selectors.penalty_parties(record) if record.kind == Kind.PENALTY else []
    return render(request, "credit/record_detail.html", {"record": record, "fields": fields, "parties": parties})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    units = _upload_units(request.user)
    if not units:
        raise PermissionDenied(_("只有填报员可以上传"))
    status = 200
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        file = request.FILES.get("file")
        try:
            if unit is None or file is None:
                raise ApplicationError(_("请选择单位和文件"))
            batch = services.import_create(unit=unit, kind=request.POST.get("kind", ""), upload=file,
                                           actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            tasks.run_import.enqueue(batch.pk)
            return redirect("credit:import_detail", pk=batch.pk)
    return render(request, "credit/upload.html", {"units": units, "kinds": Kind.choices}, status=status)


@login_required
def import_detail(request, pk):
    batch = selectors.import_get(user=request.user, pk=pk)
    template = "credit/_import_progress.html" if request.htmx else "credit/import_detail.html"
    return render(request, template, {"batch": batch})


@login_required
def error_report(request, pk):
    batch = selectors.import_get(user=request.user, pk=pk)
    if not batch.error_report:
        raise Http404
    return uploads.serve(request, batch.error_report.name, content_type=XLSX, filename=f"错误报告-{batch.pk}.xlsx",
                         cache="private, no-store")


@login_required
def template_download(request, kind):
    if kind not in Kind.values:
        raise Http404
    std = standard_for(kind)
    streets = sorted(set(selectors.street_spellings().values()))
    response = HttpResponse(report.template(std, streets=streets), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{kind}-template.xlsx"
    return response
