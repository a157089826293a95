"""An item's page: its plan, milestones with lights,
reports, reminders, and a form for each step it allows."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.org.selectors import unit_by_code
from zhengwu.reforms import forms, selectors, services
from zhengwu.reforms.standard import ITEM_NUMBERS, REGISTER


def _lead_units(number: int) -> list[tuple[str, str]]:
    item = REGISTER.item(number)
    codes = [c for name in item.lead_units for c in REGISTER.codes_for(name) if not c.startswith("@")]
    return [(c, f"{c} {u.name}" if (u := unit_by_code(c)) else c) for c in codes]


def _run(step: str, number: int, data, actor, files=()):
    """Call the service of `step` with the form's cleaned data."""
    if step == "register":
        unit = unit_by_code(data["unit"])
        return services.plan_register(
            number=number,
            unit=unit,
            targets=data["targets"],
            content=data["content"],
            responsible=data["responsible"],
            on=data["on"],
            actor=actor,
        )
    if step == "decompose":
        return services.plan_decompose(number=number, milestones=data["milestones"], actor=actor)
    if step == "undertake":
        return services.plan_undertake(number=number, on=data["on"], actor=actor)
    if step == "report":
        return services.report_submit(number=number, on=data["on"], text=data["text"], actor=actor,
                                      attachments=files)
    if step == "milestone":
        return services.milestone_complete(milestone_id=data["milestone"], on=data["on"], actor=actor)
    if step == "complete":
        return services.plan_complete(number=number, on=data["on"], evidence=data["evidence"], actor=actor)
    if step == "verify":
        return services.plan_verify(number=number, on=data["on"], actor=actor)
    if step == "refuse":
        return services.plan_refuse(number=number, on=data["on"], reasons=data["reasons"], actor=actor)
    if step == "close":
        return services.plan_close(number=number, on=data["on"], actor=actor)
    return services.plan_publish(number=number, published=data["published"], actor=actor)


@login_required
def item(request, number: int):
    if number not in ITEM_NUMBERS:
        raise Http404(_("改革计划中没有该事项。"))
    error, status, failed = "", 200, None
    if request.method == "POST":
        step = request.POST.get("step", "") if request.POST.get("step", "") in forms.STEP_FORMS else ""
        if not step:
            error, status = _("未知的操作。"), 400
        else:
            kwargs = {"units": _lead_units(number)} if step == "register" else {}
            form = forms.STEP_FORMS[step](request.POST, **kwargs)
            if form.is_valid():
                try:
                    files = request.FILES.getlist("attachments") if step == "report" else ()
                    _run(step, number, form.cleaned_data, request.user, files)
                    return redirect("reforms:item", number=number)
                except ApplicationError as exc:
                    error, status = exc.message, exc.status if exc.status >= 400 else 400
                except PermissionDenied as exc:
                    error, status = str(exc) or _("您没有权限执行该操作。"), 403
            else:
                error, status = "；".join(f"{form.fields[k].label or k}：{' '.join(v)}" if k in form.fields
                                          else " ".join(v) for k, v in form.errors.items()), 400
            failed = (step, form)
    today = timezone.localdate()
    data = selectors.item_detail(number=number, on=today)
    blank = {s: (cls(initial={"on": today}, **({"units": _lead_units(number)} if s == "register" else {})))
             for s, cls in forms.STEP_FORMS.items()}
    if failed:
        blank[failed[0]] = failed[1]
    return render(request, "reforms/item.html", {"item": data, "forms": blank, "error": error,
                                                 "system_title": _("改革督查")}, status=status)


@login_required
def attachment(request, pk: int):
    """A progress report's attachment: photos inline
    (re-encoded), everything else a download (core.uploads)."""
    found = selectors.attachment_get(pk=pk, user=request.user)
    extension = found.file.name.rsplit(".", 1)[-1] if "." in found.file.name else "bin"
    return uploads.serve(request, found.file.name, content_type=found.content_type,
                         filename=f"attachment-{found.pk}.{extension}")
