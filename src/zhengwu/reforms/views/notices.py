"""督查 page: notices, leaders' instructions and problems
— issue, answer, verify (forms), with a JSON twin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.reforms import forms, selectors, services


def _run(step: str, data, actor):
    if step == "issue":
        return services.notice_issue(actor=actor, **data)
    if step == "answer":
        return services.notice_answer(
            notice_id=data["notice"], answer=data["answer"], on=data["on"], actor=actor
        )
    return services.notice_verify(notice_id=data["notice"], on=data["on"], accepted=data["accepted"],
                                  reasons=data["reasons"], actor=actor)


@login_required
@twin("reforms/notices.html")
def notices(request):
    error, status, failed = "", 200, None
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in forms.NOTICE_FORMS:
            raise ApplicationError(_("未知的操作。"), code="unknown_step", field="step")
        form = forms.NOTICE_FORMS[step](request.POST)
        if form.is_valid():
            try:
                _run(step, form.cleaned_data, request.user)
                return redirect("reforms:notices")
            except ApplicationError as exc:
                error, status = exc.message, 400
            except PermissionDenied as exc:
                error, status = str(exc) or _("您没有权限执行该操作。"), 403
        else:
            error, status = "；".join(f"{form.fields[k].label or k}：{' '.join(v)}" if k in form.fields
                                      else " ".join(v) for k, v in form.errors.items()), 400
        failed = (step, form)
    today = timezone.localdate()
    rows = selectors.notice_list(
        user=request.user,
        on=today,
        issuer_sees_all=selectors.may_view(request.user),
        unit=request.GET.get("unit", "")[:32],
    )
    blank = {"issue": forms.NoticeIssueForm(initial={"issued_on": today}), "answer_on": today}
    if failed and failed[0] == "issue":
        blank["issue"] = failed[1]
    context = {"forms": blank, "error": error, "system_title": _("督查督办")}
    if status != 200:
        return render(request, "reforms/notices.html", {"notices": rows, **context}, status=status)
    return {"notices": rows}, context
