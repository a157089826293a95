"""The hotline operator's form (统一接听): the caller's number and a call-back flag, for dispatchers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, services
from zhengwu.dispatch.forms import HotlineForm
from zhengwu.dispatch.standard import Channel
from zhengwu.dispatch.views.base import render_page


@login_required
def hotline(request):
    if not permissions.can(request.user, "hotline"):
        raise PermissionDenied(_("只有区网格办分拨员可以录入热线事件。"))
    form = HotlineForm(request.POST) if request.method == "POST" else HotlineForm()
    error, status = None, 200
    if form.is_bound and form.is_valid():
        try:
            event = services.event_intake(channel=Channel.HOTLINE, actor=request.user, require_phone=True,
                                          **form.intake_fields())
        except ApplicationError as exc:
            error, status = (None if form.attach(exc) else exc), exc.status
        else:
            messages.success(request, _("已受理，编号 %(no)s") % {"no": event.case_no})
            return redirect(event.get_absolute_url())
    return render_page(request, "dispatch/hotline.html", {"form": form, "error": error}, status=status)
