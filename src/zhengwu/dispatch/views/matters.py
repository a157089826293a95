"""同一事项，一次办理 (item 32) on the pages: the case page's same-matter panel (suggestions with why,
the reporters of a master case, merge, open to public support) and the citizen's support (+1) page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core import throttle
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, services
from zhengwu.dispatch.selectors import event_get_for_user
from zhengwu.dispatch.selectors import matters as reads
from zhengwu.dispatch.views.base import render_page


def matters_context(user, event) -> dict:
    """What the case page shows of the matter: its master or its merged cases, and, for a dispatcher,
    the earlier cases it may repeat (with why) and the merge and publish buttons."""
    context = {"matter_reporters": reads.reporters_of(event) if not event.duplicate_of_id else [],
               "support_count": reads.support_count(event) if event.public_support else 0,
               "can_merge": False, "can_publish": False}
    if not event.duplicate_of_id and permissions.can(user, "merge", event):
        try:
            context["matter_suggestions"] = reads.matter_suggestions(event)
        except ApplicationError as exc:  # thresholds misconfigured: the page still shows, with the reason
            context["matter_error"] = exc
        context["can_merge"] = True
        context["can_publish"] = permissions.can(user, "publish", event)
    return context


@login_required
@require_POST
def merge(request, case_no):
    event = event_get_for_user(user=request.user, case_no=case_no)
    master_no = (request.POST.get("master") or "").strip().upper()[:32]
    try:
        if not master_no:
            raise ApplicationError(_("请选择要并入的主案。"), code="required", field="master")
        master = event_get_for_user(user=request.user, case_no=master_no)
        services.matter_merge(event=event, master=master, actor=request.user)
    except ApplicationError as exc:  # back to the case page, the refusal on top (its code in the API's shape)
        messages.error(request, exc.message)
        return redirect(event.get_absolute_url())
    messages.success(request, _("已并入主案 %(case)s。") % {"case": master.case_no})
    return redirect(master.get_absolute_url())


@login_required
@require_POST
def publish(request, case_no):
    event = event_get_for_user(user=request.user, case_no=case_no)
    try:
        services.matter_publish(event=event, actor=request.user, public=request.POST.get("public") == "1")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(event.get_absolute_url())


def support(request, case_no):
    """A case open to public support: its title and count, and a +1 button (once per client)."""
    event = reads.supportable_get(case_no=case_no)
    error, status, done = None, 200, False
    if request.method == "POST":
        try:
            services.matter_support(case_no=case_no, client=throttle.client_key(request))
            done = True
        except ApplicationError as exc:
            error, status = exc, exc.status
        event = reads.supportable_get(case_no=case_no)
    elif event is None:
        status = 404
    return render_page(request, "dispatch/support.html", {
        "event": event, "count": reads.support_count(event) if event else 0, "error": error, "done": done,
        "case_no": (case_no or "")[:32]}, status=status)
