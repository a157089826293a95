"""Staff pages of issue 15 §2–4: the units' sub-tasks (大联动) and their feedback, the 分拨中心's rulings
(裁定), 督办单 (list, detail, reply, sign-off), the 申诉 of ratings (filed from the case page, decided by a
supervisor), and what the case page shows of them. Thin: a form in, one selector or service, a page out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, selectors, services
from zhengwu.dispatch.forms import (
    AppealDecideForm,
    AppealForm,
    FeedbackForm,
    OrderReplyForm,
    RulingForm,
    SignOffForm,
)
from zhengwu.dispatch.standard import ORDER_STATE_LABELS
from zhengwu.dispatch.views.base import render_page

PER_PAGE = 30


def followup_context(user, event) -> dict:
    """The case page's sub-tasks, rulings, 督办单 and appeals, and the appeal form for the case's unit."""
    appealable = bool(event.rating in ("unsatisfied", "basically") or getattr(
        getattr(event, "callback", None), "satisfaction", "") in ("unsatisfied", "basically"))
    return {
        "subtasks": selectors.subtasks_of(event),
        "rulings": list(event.rulings.select_related("unit").order_by("requested_at")),
        "orders": list(event.orders.select_related("unit").order_by("issued_at")),
        "appeals": list(event.appeals.select_related("unit").prefetch_related("evidence")),
        "appeal_form": AppealForm(auto_id="id_appeal_%s")
        if appealable
        and permissions.can_for_unit(user, "appeal", event.unit_id)
        and not event.appeals.filter(unit_id=event.unit_id).exists()
        else None,
    }


# --- 大联动: a unit's sub-tasks -----------------------------------------------------------------------------


def _subtasks_page(request, *, bound=None, error=None, status=200):
    rows = list(selectors.subtasks_for_user(user=request.user))
    for task in rows:
        task.form = bound[1] if bound and bound[0] == task.pk else FeedbackForm(auto_id=f"id_fb_{task.pk}_%s")
    return render_page(
        request,
        "dispatch/subtasks.html",
        {"title": _("联动任务"), "rows": rows, "error": error},
        status=status,
    )


@login_required
def subtasks(request):
    """The open sub-tasks of the user's units (主办 and
    协办), soonest due first, each with its feedback form."""
    return _subtasks_page(request)


@login_required
@require_POST
def subtask_feedback(request, pk):
    task = selectors.subtask_get_for_user(user=request.user, pk=pk)
    form = FeedbackForm(request.POST, auto_id=f"id_fb_{pk}_%s")
    form.is_valid()
    try:
        services.subtask_feedback(task, actor=request.user, feedback=form.cleaned_data.get("feedback", ""))
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc
        return _subtasks_page(request, bound=(pk, form), error=error, status=exc.status)
    messages.success(request, _("已反馈：%(c)s") % {"c": task.event.case_no})
    return redirect("dispatch:subtasks")


# --- rulings (裁定) -----------------------------------------------------------------------------------------


def _rulings_page(request, *, bound=None, error=None, status=200):
    if not permissions.can(request.user, "view_rulings"):
        raise PermissionDenied(_("只有区网格办分拨员和督查员可以查看裁定。"))
    rows = list(selectors.ruling_list(user=request.user))
    can_rule = permissions.can(request.user, "rule")
    for ruling in rows:
        ruling.form = (bound[1] if bound and bound[0] == ruling.pk
                       else RulingForm(auto_id=f"id_ruling_{ruling.pk}_%s")) if can_rule else None
    return render_page(
        request,
        "dispatch/rulings.html",
        {"title": _("退回裁定"), "rows": rows, "error": error},
        status=status,
    )


@login_required
def rulings(request):
    """Cases returned twice between units, waiting for the 分拨中心's binding ruling, soonest due first."""
    return _rulings_page(request)


@login_required
@require_POST
def ruling_decide(request, pk):
    ruling = selectors.ruling_get_for_user(user=request.user, pk=pk)
    form = RulingForm(request.POST, auto_id=f"id_ruling_{pk}_%s")
    form.is_valid()
    d = form.cleaned_data
    try:
        if d.get("unit") is None:
            raise ApplicationError(_("请选择裁定承办单位。"), field="unit", code="required")
        services.ruling_decide(ruling, actor=request.user, unit=d["unit"], reason=d.get("reason", ""))
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc
        return _rulings_page(request, bound=(pk, form), error=error, status=exc.status)
    messages.success(request, _("已裁定：%(c)s") % {"c": ruling.event.case_no})
    return redirect("dispatch:rulings")


# --- 督办单 -------------------------------------------------------------------------------------------------


@login_required
def orders(request):
    """督办单: supervisors and dispatchers see all, a unit its own; `?state=` filters."""
    state = request.GET.get("state", "")
    state = state if state in ORDER_STATE_LABELS else ""
    qs = selectors.order_list(user=request.user, state=state)
    return render_page(request, "dispatch/orders.html", {
        "title": _("督办单"), "state": state, "states": list(ORDER_STATE_LABELS.items()),
        "page": Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))})


def _order_page(request, order, *, reply_form=None, sign_off_form=None, error=None, status=200):
    user = request.user
    can_reply = permissions.can_for_unit(user, "order_reply", order.unit_id) and order.state != "signed_off"
    can_sign_off = permissions.can(user, "sign_off_order") and order.state == "replied"
    return render_page(request, "dispatch/order.html", {
        "title": order.order_no, "order": order, "replies": order.replies.select_related("replied_by"),
        "reply_form": (reply_form or OrderReplyForm(auto_id="id_reply_%s")) if can_reply else None,
        "sign_off_form": (sign_off_form or SignOffForm(auto_id="id_signoff_%s")) if can_sign_off else None,
        "error": error}, status=status)


@login_required
def order(request, order_no):
    return _order_page(request, selectors.order_get_for_user(user=request.user, order_no=order_no))


@login_required
@require_POST
def order_reply(request, order_no):
    item = selectors.order_get_for_user(user=request.user, order_no=order_no)
    form = OrderReplyForm(request.POST, auto_id="id_reply_%s")
    form.is_valid()
    try:
        services.order_reply(item, actor=request.user, text=form.cleaned_data.get("text", ""))
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc
        return _order_page(request, item, reply_form=form, error=error, status=exc.status)
    messages.success(request, _("已答复督办单。"))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def order_sign_off(request, order_no):
    item = selectors.order_get_for_user(user=request.user, order_no=order_no)
    form = SignOffForm(request.POST, auto_id="id_signoff_%s")
    form.is_valid()
    try:
        services.order_sign_off(item, actor=request.user, note=form.cleaned_data.get("note", ""))
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc
        return _order_page(request, item, sign_off_form=form, error=error, status=exc.status)
    messages.success(request, _("督办单已销号。"))
    return redirect(item.get_absolute_url())


# --- 申诉 ---------------------------------------------------------------------------------------------------


def _appeals_page(request, *, bound=None, error=None, status=200):
    rows = list(selectors.appeal_list(user=request.user, pending=request.GET.get("all") != "1"))
    can_decide = permissions.can(request.user, "decide_appeal")
    for appeal in rows:
        appeal.form = (bound[1] if bound and bound[0] == appeal.pk
                       else AppealDecideForm(auto_id=f"id_appeal_{appeal.pk}_%s")) \
            if can_decide and appeal.state == "pending" else None
    return render_page(
        request,
        "dispatch/appeals.html",
        {"title": _("评价申诉"), "rows": rows, "error": error},
        status=status,
    )


@login_required
def appeals(request):
    """Appeals: a supervisor sees all and decides the pending ones; a unit sees its own."""
    return _appeals_page(request)


@login_required
@require_POST
def appeal_decide(request, pk):
    appeal = selectors.appeal_get_for_user(user=request.user, pk=pk)
    form = AppealDecideForm(request.POST, auto_id=f"id_appeal_{pk}_%s")
    form.is_valid()
    try:
        services.appeal_decide(
            appeal, actor=request.user, uphold=form.upheld(), note=form.cleaned_data.get("note", "")
        )
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc
        return _appeals_page(request, bound=(pk, form), error=error, status=exc.status)
    messages.success(request, _("已裁决申诉。"))
    return redirect("dispatch:appeals")


@login_required
def evidence(request, pk):
    """An evidence file, for the supervisors and the appealing unit: only ever as a download for PDFs."""
    item = selectors.evidence_get_for_user(user=request.user, pk=pk)
    return uploads.serve(request, item.file.name, content_type=item.content_type,
                         filename=f"appeal-{item.appeal_id}-{item.pk}.{item.file.name.rsplit('.', 1)[-1]}")
