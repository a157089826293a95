"""The 微改革 / 微创新 library: every department's and street's projects with their milestones and lights;
register (the unit), mark a milestone done, 销号 (the reform office). With a JSON twin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.org.selectors import unit_by_code
from zhengwu.reforms import forms, rules, selectors, services


def _run(step: str, data, actor):
    if step == "register":
        unit = unit_by_code(data["unit_code"])
        if unit is None:
            raise rules.RuleError(
                _("单位代码“%(c)s”不存在。") % {"c": data["unit_code"]},
                code="unknown_unit",
                field="unit_code",
            )
        return services.micro_register(
            kind=data["kind"],
            unit=unit,
            title=data["title"],
            summary=data["summary"],
            responsible=data["responsible"],
            on=data["on"],
            milestones=data["milestones"],
            actor=actor,
        )
    if step == "milestone":
        return services.micro_milestone_complete(milestone_id=data["milestone"], on=data["on"], actor=actor)
    return services.micro_close(project_id=data["project"], on=data["on"], actor=actor)


@login_required
@twin("reforms/micro.html")
def library(request):
    error, status, failed = "", 200, None
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in forms.MICRO_FORMS:
            raise ApplicationError(_("未知的操作。"), code="unknown_step", field="step")
        form = forms.MICRO_FORMS[step](request.POST)
        if form.is_valid():
            try:
                _run(step, form.cleaned_data, request.user)
                return redirect("reforms:micro")
            except ApplicationError as exc:
                error, status = exc.message, 400
            except PermissionDenied as exc:
                error, status = str(exc) or _("您没有权限执行该操作。"), 403
        else:
            error, status = "；".join(f"{form.fields[k].label or k}：{' '.join(v)}" if k in form.fields
                                      else " ".join(v) for k, v in form.errors.items()), 400
        failed = (step, form)
    today = timezone.localdate()
    data = selectors.library(on=today)
    blank = {"register": forms.MicroRegisterForm(initial={"on": today}), "on": today}
    if failed and failed[0] == "register":
        blank["register"] = failed[1]
    context = {"forms": blank, "error": error, "system_title": _("微改革微创新项目库")}
    if status != 200:
        return render(request, "reforms/micro.html", {**data, **context}, status=status)
    return data, context
