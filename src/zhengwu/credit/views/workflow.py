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
from zhengwu.credit import selectors
from zhengwu.credit import workflow_rules as wr
from zhengwu.credit.models import ConfidentialityReview, Kind, Record
from zhengwu.credit.selectors import workflow as wsel
from zhengwu.credit.services import workflow as services
from zhengwu.credit.standard import standard_for
from zhengwu.ledger.selectors import trail_of
from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role, units_for

TABS = {
    "to_submit": (gettext_lazy("待提交"), wsel.records_to_submit),
    "review": (gettext_lazy("待保密审查"), wsel.review_queue),
    "due_soon": (gettext_lazy("即将到期"), wsel.records_due_soon),
    "overdue": (gettext_lazy("已超期"), wsel.records_overdue),
}
BULK_MAX = 20_000
CHECK_LABELS = [(name, ConfidentialityReview._meta.get_field(name).verbose_name) for name in services.CHECKS]


def _with_due(records, today):
    cal = wsel.workday_calendar()
    return [(r, wsel.record_due_status(r, today=today, calendar=cal)) for r in records]


def _default_tab(user) -> str:
    """Operators start with what to submit, reviewers with their queue, leaders with what is overdue."""
    if units_for(user, {Role.OPERATOR}).exists():
        return "to_submit"
    if units_for(user, {Role.REVIEWER}).exists():
        return "review"
    return "overdue"


@login_required
def work(request):
    """To-do list: counts per unit, then one tab of records (with bulk actions where they apply)."""
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else _default_tab(request.user)
    today = timezone.localdate()
    title, selector = TABS[tab]
    kwargs = {"user": request.user} if tab in ("to_submit", "review") else {"user": request.user, "today": today}
    qs = selector(**kwargs)
    unit = request.GET.get("unit")
    if unit and unit.isdigit():
        qs = qs.filter(unit=int(unit))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    tabs = [(key, label) for key, (label, _sel) in TABS.items()]
    return render(request, "credit/work.html", {
        "tab": tab, "title": title, "tabs": tabs, "page": page, "rows": _with_due(page.object_list, today),
        "counts": wsel.todo_counts(user=request.user, today=today), "unit": unit or "",
        "can_submit": tab == "to_submit" and units_for(request.user, {Role.OPERATOR}).exists(),
        "can_approve": tab == "review" and units_for(request.user, {Role.REVIEWER}).exists(),
    })


def _selected(request, base_qs):
    """The records a bulk form names: explicit ids, or every record of the tab (optionally of one unit)."""
    if request.POST.get("all") == "1":
        qs = base_qs
        unit = request.POST.get("unit", "")
        if unit.isdigit():
            qs = qs.filter(unit=int(unit))
    else:
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        qs = base_qs.filter(pk__in=ids)
    return qs


@login_required
@require_POST
def bulk_submit(request):
    qs = _selected(request, wsel.records_to_submit(user=request.user)).only(
        "id", "unit_id", "state", "due_on", "decided_on", "submitted_at", "updated_at")[:BULK_MAX]
    done, skipped = services.records_submit_many(qs, actor=request.user)
    messages.success(request, _("已提交 %(n)s 条记录，跳过 %(s)s 条。") % {"n": done, "s": skipped})
    return redirect(reverse("credit:work") + "?tab=to_submit")


@login_required
@require_POST
def bulk_approve(request):
    if request.POST.get("attest") != "1":
        messages.error(request, _("批量同意公开前，请确认所选记录均不涉及国家秘密、商业秘密、个人隐私，公开后不危及安全稳定。"))
        return redirect(reverse("credit:work") + "?tab=review")
    qs = _selected(request, wsel.review_queue(user=request.user))[:BULK_MAX]
    done, skipped = services.records_approve_many(qs, actor=request.user)
    messages.success(request, _("已审查并公示 %(n)s 条记录，跳过 %(s)s 条。") % {"n": done, "s": skipped})
    return redirect(reverse("credit:work") + "?tab=review")


@login_required
def record_workflow(request, pk):
    """The workflow panel of a record page (loaded by htmx): due date, reviews, actions, ledger trail."""
    record = selectors.record_get(user=request.user, pk=pk)
    user = request.user
    return render(request, "credit/_workflow_panel.html", {
        "record": record, "due": wsel.record_due_status(record),
        "reviews": wsel.record_reviews(record),
        "can_submit": wr.allowed("submit", record.state) and has_role(user, record.unit, {Role.OPERATOR}),
        "can_review": record.state == Record.State.SUBMITTED and has_role(user, record.unit, {Role.REVIEWER}),
        "can_set_status": has_role(user, record.unit, wr.STATUS_ROLES),
        "statuses": Record.Status.choices, "trail": trail_of(record).order_by("-seq")[:20],
    })


def _back(record):
    return redirect("credit:record_detail", pk=record.pk)


@login_required
@require_POST
def record_submit(request, pk):
    record = selectors.record_get(user=request.user, pk=pk)
    try:
        services.record_submit(record, actor=request.user)
        messages.success(request, _("已提交保密审查。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(record)


@login_required
@require_POST
def record_status(request, pk):
    record = selectors.record_get(user=request.user, pk=pk)
    try:
        services.record_set_status(record, status=request.POST.get("status", ""), note=request.POST.get("note", ""),
                                   actor=request.user)
        messages.success(request, _("当前状态已更新。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(record)


@login_required
@require_http_methods(["GET", "POST"])
def record_review(request, pk):
    """The confidentiality review form: the record's fields, four yes/no checks, decision and reasons."""
    record = selectors.record_get(user=request.user, pk=pk)
    if not has_role(request.user, record.unit, {Role.REVIEWER}):
        raise PermissionDenied(_("只有本单位审核员可以进行保密审查。"))
    error = None
    if request.method == "POST":
        checks = {name: request.POST.get(name) == "yes" for name in services.CHECKS}
        missing = [name for name in services.CHECKS if request.POST.get(name) not in ("yes", "no")]
        try:
            if missing:
                raise ApplicationError(_("请逐项选择“是”或“否”。"), field=missing[0])
            review = services.record_review(record, actor=request.user, approve=request.POST.get("decision") == "approve",
                                            checks=checks, reasons=request.POST.get("reasons", ""),
                                            severity=request.POST.get("severity") or None)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("已同意公开，记录已公示。") if review.decision == "approve"
                             else _("已退回填报员。"))
            return _back(record)
    std = standard_for(record.kind)
    return render(request, "credit/review_form.html", {
        "record": record, "fields": [(f, record.data.get(f.code)) for f in std.fields], "checks": CHECK_LABELS,
        "error": error, "post": request.POST, "is_penalty": record.kind == Kind.PENALTY,
        "severities": Record.Severity.choices, "due": wsel.record_due_status(record)})


@login_required
def approval_form(request, pk):
    """《政府信息公开保密审查审批表》 of one review, as a printable page."""
    review = wsel.review_get(user=request.user, pk=pk)
    record = review.record
    std = standard_for(record.kind)
    return render(request, "credit/approval_form.html", {
        "review": review, "record": record, "checks": [(label, getattr(review, name)) for name, label in CHECK_LABELS],
        "summary": [(f.name, record.data.get(f.code)) for f in std.fields[:8]]})
