"""Staff pages: the dispatcher's triage queue, a unit's to-do list, all events, the case page and its
actions (each through its form, dispatch.forms.ACTION_FORMS, and one service)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules, selectors, services
from zhengwu.dispatch.forms import ACTION_FORMS, AppealForm, CaseFilterForm, DispatchForm, ExtensionDecideForm
from zhengwu.dispatch.views.base import render_page
from zhengwu.dispatch.views.cohandling import followup_context
from zhengwu.dispatch.views.matters import matters_context

PER_PAGE = 30


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


@login_required
def index(request):
    if permissions.is_dispatcher(request.user):
        return redirect("dispatch:triage")
    return redirect("dispatch:todo")


@login_required
def triage(request):
    if not permissions.can(request.user, "triage"):
        raise PermissionDenied(_("只有区网格办分拨员可以查看人工分拨队列。"))
    return render_page(request, "dispatch/list.html", {
        "title": _("人工分拨队列"), "page": _page(request, selectors.triage_queue(user=request.user)),
        "replies": selectors.replies_due(user=request.user)[:50], "show_replies": True,
        "alerts": selectors.recent_alerts()})


@login_required
def todo(request):
    return render_page(
        request,
        "dispatch/list.html",
        {
            "title": _("本单位待办"),
            "page": _page(request, selectors.todo_list(user=request.user)),
            "show_due": True,
        },
    )


@login_required
def cases(request):
    search = CaseFilterForm(request.GET)
    qs = selectors.event_list(user=request.user, **search.filters())
    return render_page(request, "dispatch/list.html", {
        "title": _("全部事件"), "page": _page(request, qs), "search": True, "filter_form": search})


def _action_form(action: str, event, data=None, files=None):
    """The form of `action` for this event, bound to the posted data or with its initial values."""
    form_class = ACTION_FORMS[action]
    kwargs = {"auto_id": f"id_{action}_%s"}
    if form_class is DispatchForm:
        kwargs["level1s"] = selectors.level1_choices()
        kwargs["initial"] = {"unit": event.street_id, "label": event.label}
    elif action == "reply":
        kwargs["initial"] = {"text": selectors.reply_text(event)}
    return form_class(data, files, **kwargs) if data is not None else form_class(**kwargs)


def _case_page(request, event, *, bound=None, error=None, status: int = 200, appeal_form=None):
    """The case page: the event, its timeline and details, and a form for each action the user may take
    now (`bound`: the (action, form) that failed, shown with its errors)."""
    user = request.user
    actions = [a for a in rules.allowed_actions(event.state) if permissions.can(user, a, event)]
    forms = {a: _action_form(a, event) for a in actions if a in ACTION_FORMS}
    if bound is not None and bound[0] in forms:
        forms[bound[0]] = bound[1]
    context = {
        "event": event,
        "timeline": selectors.timeline(event),
        "actions": actions,
        "forms": forms,
        "can_decide": permissions.can(user, "decide_extension", event),
        "masked": rules.mask_phone(event.reporter_phone),
        "error": error,
        **selectors.case_details(event),
    }
    if "dispatch" in actions:
        context["suggestions"] = selectors.label_suggestions(event)
    context.update(matters_context(user, event))  # 同一事项 (views.matters)
    context["pushes"] = selectors.push_status(event)  # pushed on to a unit's own system (item 31)
    context.update(followup_context(user, event))  # 大联动, rulings, 督办单, 申诉 (views.cohandling)
    if appeal_form is not None and context["appeal_form"] is not None:
        context["appeal_form"] = appeal_form
    return render_page(request, "dispatch/case.html", context, status=status)


@login_required
def case(request, case_no):
    return _case_page(request, selectors.event_get_for_user(user=request.user, case_no=case_no))


def _act(action: str, event, form, user):
    """Call the action's service with the form's values."""
    d = form.cleaned_data
    if action == "dispatch":
        category = selectors.category_for(d["label"], f"{event.title} {event.text}")
        return services.event_dispatch(event, unit=d["unit"], actor=user, category=category, note=d["note"])
    if action == "accept":
        return services.event_accept(event, actor=user)
    if action == "return":
        return services.event_return(event, actor=user, return_code=d["return_code"], reason=d["reason"])
    if action == "start":
        return services.event_start(event, actor=user)
    if action == "resolve":
        return services.event_resolve(event, actor=user, result=d["result"], photos=d["photos"])
    if action == "reply":
        return services.event_reply(event, actor=user, text=d["text"])
    if action == "close":
        return services.event_close(event, actor=user, note=d["note"])
    if action == "reopen":
        return services.event_reopen(event, actor=user, reason=d["reason"])
    if action == "escalate":
        return services.event_escalate(event, actor=user, reason=d["reason"])
    if action == "request_extension":
        return services.extension_request(event, actor=user, days=d["days"], reason=d["reason"])
    if action == "cohandle":
        return services.cohandle_assign(event, actor=user, assists=[(u, d["task"]) for u in d["units"]],
                                        days=d["days"])
    if action == "override":
        return services.subtasks_override(event, actor=user, reason=d["reason"])
    if action == "recategorise":
        if d["category"] is None:
            raise ApplicationError(_("请选择新分类。"), field="category", code="required")
        return services.event_recategorise(event, actor=user, category=d["category"], reason=d["reason"])
    if action == "issue_order":
        return services.order_issue(event, actor=user, level=d["level"], demand=d["demand"], days=d["days"])
    return services.event_supervise(event, actor=user, note=d["note"])


@login_required
@require_POST
def case_action(request, case_no, action):
    """One action on the case; done → back to the case page; refused → the page again, the error beside
    its field (or above the actions), with the refusal's status."""
    event = selectors.event_get_for_user(user=request.user, case_no=case_no)
    if action not in ACTION_FORMS:
        raise Http404(_("未知的操作。"))
    form = _action_form(action, event, request.POST, request.FILES)
    if form.is_valid():
        try:
            _act(action, event, form, request.user)
        except ApplicationError as exc:
            event = selectors.event_get_for_user(
                user=request.user, case_no=case_no
            )  # as stored, not half-changed
            error = None if form.attach(exc) else exc
            return _case_page(request, event, bound=(action, form), error=error, status=exc.status)
        messages.success(request, _("操作成功：%(a)s") % {"a": rules.ACTION_NAMES.get(action, action)})
        return redirect(event.get_absolute_url())
    return _case_page(request, event, bound=(action, form), status=400)


@login_required
@require_POST
def extension_decide(request, pk):
    ext = selectors.extension_get_for_user(user=request.user, pk=pk)
    form = ExtensionDecideForm(request.POST)
    form.is_valid()
    try:
        services.extension_decide(ext, actor=request.user, approve=form.approved())
    except ApplicationError as exc:
        return _case_page(request, ext.event, error=exc, status=exc.status)
    messages.success(request, _("延期申请已审批。"))
    return redirect(ext.event.get_absolute_url())


@login_required
@require_POST
def appeal_file(request, case_no):
    """申诉: the case's unit contests its rating with evidence (services.appeals); refused → the case page."""
    event = selectors.event_get_for_user(user=request.user, case_no=case_no)
    form = AppealForm(request.POST, request.FILES, auto_id="id_appeal_%s")
    form.is_valid()
    d = form.cleaned_data
    try:
        services.appeal_file(
            event, actor=request.user, reason=d.get("reason", ""), files=d.get("evidence", [])
        )
    except ApplicationError as exc:
        attached = form.attach(exc)
        return _case_page(
            request, event, error=None if attached else exc, status=exc.status, appeal_form=form
        )
    messages.success(request, _("已提交申诉，等待督查员裁决。"))
    return redirect(event.get_absolute_url())
