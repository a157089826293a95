"""Pages for unit staff: their records, upload with progress, error report and template downloads."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.credit import forms, selectors, services, tasks
from zhengwu.credit.formats import report
from zhengwu.credit.standard import KIND_CHOICES, Kind, standard_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {k.value for k in Kind}


@login_required
def index(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in KINDS else None
    records = selectors.record_list(user=request.user, kind=kind, q=request.GET.get("q", "").strip())
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    imports = selectors.import_list(user=request.user)[:10]
    return render(
        request,
        "credit/index.html",
        {
            "page": page,
            "kind": kind,
            "kinds": KIND_CHOICES,
            "imports": imports,
            "can_upload": bool(selectors.upload_units(request.user)),
        },
    )


@login_required
def record_detail(request, pk):
    record = selectors.record_get(user=request.user, pk=pk)
    return render(request, "credit/record_detail.html", record_page_context(record))


def record_page_context(record) -> dict:
    """What the record page shows besides its workflow panel: every field and the decision's other parties."""
    std = standard_for(record.kind)
    fields = [(f, record.data.get(f.code)) for f in std.fields]
    parties = selectors.penalty_parties(record) if record.kind == Kind.PENALTY else []
    return {"record": record, "fields": fields, "parties": parties}


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    units = selectors.upload_units(request.user)
    if not units:
        raise PermissionDenied(_("只有填报员可以上传"))
    form = forms.UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_create(unit=form.cleaned_data["unit"], kind=form.cleaned_data["kind"],
                                           upload=form.cleaned_data["file"], actor=request.user)
        except ApplicationError as exc:
            forms.add_error(form, exc)
        else:
            tasks.run_import.enqueue(batch.pk)
            return redirect("credit:import_detail", pk=batch.pk)
    return render(request, "credit/upload.html", {"form": form}, status=400 if form.errors else 200)


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
    return uploads.serve(
        request,
        batch.error_report.name,
        content_type=XLSX,
        filename=f"错误报告-{batch.pk}.xlsx",
        cache="private, no-store",
    )


@login_required
def template_download(request, kind):
    if kind not in KINDS:
        raise Http404
    std = standard_for(kind)
    streets = sorted(set(selectors.street_spellings().values()))
    response = HttpResponse(report.template(std, streets=streets), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{kind}-template.xlsx"
    return response
