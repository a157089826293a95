"""Pages of the record workflow: to-do list, review queue, confidentiality review and its printable
form, the record's workflow panel (htmx), single and bulk submit/approve, 当前状态 changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import forms, permissions, selectors
from zhengwu.credit.rules import workflow as wr
from zhengwu.credit.selectors import workflow as wsel
from zhengwu.credit.services import workflow as services
from zhengwu.credit.standard import Kind, standard_for
from zhengwu.credit.views.records import record_page_context
from zhengwu.ledger.selectors import trail_of
from zhengwu.org.scoping import units_for

TABS = {
    "to_submit": (gettext_lazy("待提交"), wsel.records_to_submit),
    "review": (gettext_lazy("待保密审查"), wsel.review_queue),
    "due_soon": (gettext_lazy("即将到期"), wsel.records_due_soon),
    "overdue": (gettext_lazy("已超期"), wsel.records_overdue),
}
BULK_MAX = 20_000


def _with_due(records, today):
    cal = wsel.workday_calendar()
    return [(r, wsel.record_due_status(r, today=today, calendar=cal)) for r in records]


def _acts(user, action: str) -> bool:
    """Whether the user may take `action` in some unit (the bulk buttons of the to-do list)."""
    return units_for(user, permissions.roles_for(action)).exists()


def _default_tab(user) -> str:
    """Operators start with what to submit, reviewers with their queue, leaders with what is overdue."""
    if _acts(user, "record.submit"):
        return "to_submit"
    if _acts(user, "record.review"):
        return "review"
    return "overdue"


def _work_page(request, tab: str, unit: str = "", *, bulk_form=None, status: int = 200):
    today = timezone.localdate()
    title, selector = TABS[tab]
    kwargs = (
        {"user": request.user} if tab in ("to_submit", "review") else {"user": request.user, "today": today}
    )
    qs = selector(**kwargs)
    if unit and unit.isdigit():
        qs = qs.filter(unit=int(unit))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    can_submit = tab == "to_submit" and _acts(request.user, "record.submit")
    can_approve = tab == "review" and _acts(request.user, "record.review")
    if bulk_form is None:
        bulk_form = forms.BulkApproveForm() if can_approve else forms.BulkForm()
    return render(
        request,
        "credit/work.html",
        {
            "tab": tab,
            "title": title,
            "tabs": [(key, label) for key, (label, _sel) in TABS.items()],
            "page": page,
            "rows": _with_due(page.object_list, today),
            "counts": wsel.todo_counts(user=request.user, today=today),
            "unit": unit or "",
            "can_submit": can_submit,
            "can_approve": can_approve,
            "bulk_form": bulk_form,
        },
        status=status,
    )


@login_required
def work(request):
    """To-do list: counts per unit, then one tab of records (with bulk actions where they apply)."""
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else _default_tab(request.user)
    return _work_page(request, tab, request.GET.get("unit") or "")


def _selected(form, base_qs):
    """The records a valid bulk form names: explicit ids,
    or every record of the tab (optionally of one unit)."""
    data = form.cleaned_data
    if data["all"]:
        return base_qs.filter(unit=data["unit"]) if data["unit"] else base_qs
    return base_qs.filter(pk__in=data["ids"])


@login_required
@require_POST
def bulk_submit(request):
    form = forms.BulkForm(request.POST)
    if not form.is_valid():
        return _work_page(request, "to_submit", bulk_form=form, status=400)
    qs = _selected(form, wsel.records_to_submit(user=request.user)).only(
        "id", "unit_id", "state", "due_on", "decided_on", "submitted_at", "updated_at")[:BULK_MAX]
    done, skipped = services.records_submit_many(qs, actor=request.user)
    messages.success(request, _("已提交 %(n)s 条记录，跳过 %(s)s 条。") % {"n": done, "s": skipped})
    return redirect(reverse("credit:work") + "?tab=to_submit")


@login_required
@require_POST
def bulk_approve(request):
    form = forms.BulkApproveForm(request.POST)
    if not form.is_valid():  # the attestation is required: shown beside its checkbox
        return _work_page(request, "review", str(form["unit"].value() or ""), bulk_form=form, status=400)
    qs = _selected(form, wsel.review_queue(user=request.user))[:BULK_MAX]
    done, skipped = services.records_approve_many(qs, actor=request.user)
    messages.success(request, _("已审查并公示 %(n)s 条记录，跳过 %(s)s 条。") % {"n": done, "s": skipped})
    return redirect(reverse("credit:work") + "?tab=review")


def _panel_context(user, record, *, status_form=None) -> dict:
    return {
        "record": record,
        "due": wsel.record_due_status(record),
        "reviews": wsel.record_reviews(record),
        "can_submit": wr.allowed("submit", record.state)
        and permissions.may(user, record.unit, "record.submit"),
        "can_review": record.state == wr.State.SUBMITTED
        and permissions.may(user, record.unit, "record.review"),
        "can_set_status": permissions.may(user, record.unit, "record.set_status"),
        "status_form": status_form or forms.StatusForm(initial={"status": record.status}),
        "trail": trail_of(record).order_by("-seq")[:20],
    }


@login_required
def record_workflow(request, pk):
    """The workflow panel of a record page (loaded by htmx): due date, reviews, actions, ledger trail."""
    record = selectors.record_get(user=request.user, pk=pk)
    return render(request, "credit/_workflow_panel.html", _panel_context(request.user, record))


def _back(record):
    return redirect("credit:record_detail", pk=record.pk)


@login_required
@require_POST
def record_submit(request, pk):
    record = selectors.record_get(user=request.user, pk=pk)
    try:
        services.record_submit(record, actor=request.user)
        messages.success(request, _("已提交保密审查。"))
    except ApplicationError as exc:  # a button, no field: the message above the page
        messages.error(request, exc.message)
    return _back(record)


@login_required
@require_POST
def record_status(request, pk):
    """当前状态 from the workflow panel; a refusal re-renders
    the record page with the error beside the field."""
    record = selectors.record_get(user=request.user, pk=pk)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        try:
            services.record_set_status(
                record, status=form.cleaned_data["status"], note=form.cleaned_data["note"], actor=request.user
            )
        except ApplicationError as exc:
            forms.add_error(form, exc)
        else:
            messages.success(request, _("当前状态已更新。"))
            return _back(record)
    context = record_page_context(record) | {"panel": _panel_context(request.user, record, status_form=form)}
    return render(request, "credit/record_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def record_review(request, pk):
    """The confidentiality review form: the record's fields, four yes/no checks, decision and reasons."""
    record = selectors.record_get(user=request.user, pk=pk)
    if not permissions.may(request.user, record.unit, "record.review"):
        raise PermissionDenied(_("只有本单位审核员可以进行保密审查。"))
    is_penalty = record.kind == Kind.PENALTY
    form = forms.ReviewForm(request.POST or None, is_penalty=is_penalty)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.record_review(record, actor=request.user, approve=data["decision"] == "approve",
                                            checks=form.answers(), reasons=data["reasons"],
                                            severity=data.get("severity") or None,
                                            severity_reason=data.get("severity_reason") or "")
        except ApplicationError as exc:
            forms.add_error(form, exc)
        else:
            messages.success(request, _("已同意公开，记录已公示。") if review.decision == "approve"
                             else _("已退回填报员。"))
            return _back(record)
    std = standard_for(record.kind)
    return render(request, "credit/review_form.html", {
        "record": record, "fields": [(f, record.data.get(f.code)) for f in std.fields], "form": form,
        "due": wsel.record_due_status(record)}, status=400 if form.errors else 200)


@login_required
def approval_form(request, pk):
    """《政府信息公开保密审查审批表》 of one review, as a printable page."""
    review = wsel.review_get(user=request.user, pk=pk)
    record = review.record
    std = standard_for(record.kind)
    return render(request, "credit/approval_form.html", {
        "review": review, "record": record,
        "checks": [(label, getattr(review, name)) for name, label in wr.REVIEW_CHECKS.items()],
        "summary": [(f.name, record.data.get(f.code)) for f in std.fields[:8]]})
