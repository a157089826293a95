"""The dispatching body's follow-up pages: the escalations (逐级处置, item 34) and the call-backs (回访)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, selectors, services
from zhengwu.dispatch.forms import CallbackForm
from zhengwu.dispatch.views.base import render_page

PER_PAGE = 30


@login_required
def escalations(request):
    """Every escalation, newest first; `?waiting=1`: only those the receiving unit has not accepted yet."""
    if not permissions.can(request.user, "view_escalations"):
        raise PermissionDenied(_("只有区网格办分拨员和督查员可以查看逐级上报。"))
    waiting = request.GET.get("waiting") == "1"
    qs = selectors.escalation_list(user=request.user, waiting=waiting)
    return render_page(
        request,
        "dispatch/escalations.html",
        {
            "title": _("逐级上报"),
            "waiting": waiting,
            "page": Paginator(qs, PER_PAGE).get_page(request.GET.get("page")),
        },
    )


def _callbacks_page(request, *, bound=None, error=None, status: int = 200):
    rows = selectors.callback_list(user=request.user)
    for row in rows:
        row["form"] = bound[1] if bound and bound[0] == row["event"].case_no else CallbackForm(
            auto_id=f"id_cb_{row['event'].case_no}_%s")
    return render_page(request, "dispatch/callbacks.html", {"title": _("回访"), "rows": rows, "error": error},
                       status=status)


@login_required
def callbacks(request):
    """The call-back list of the one who does them, soonest due first."""
    if not permissions.can(request.user, "callback"):
        raise PermissionDenied(_("只有区网格办分拨员可以查看回访清单。"))
    return _callbacks_page(request)


@login_required
@require_POST
def callback_done(request, case_no):
    event = selectors.event_get_for_user(user=request.user, case_no=case_no)
    form = CallbackForm(request.POST, auto_id=f"id_cb_{case_no}_%s")
    if not form.is_valid():
        return _callbacks_page(request, bound=(case_no, form), status=400)
    try:
        d = form.cleaned_data
        services.callback_record(event, actor=request.user, note=d["note"], reached=d["reached"],
                                 resolved=d["resolved"], satisfaction=d["satisfaction"])
    except ApplicationError as exc:
        error = None if form.attach(exc) else exc
        return _callbacks_page(request, bound=(case_no, form), error=error, status=exc.status)
    messages.success(request, _("已记录回访：%(c)s") % {"c": case_no})
    return redirect("dispatch:callbacks")
