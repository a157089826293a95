"""考核评议 page (issue 19 §3, §5): the reform office records third-party evaluations and issues 评议码
for the residents' ratings; the supervision or reform office records special inspections and topic
research. Open to 大督查's readers; every write is checked again by its service (the offices' roles)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.reforms import forms, selectors, services

TEMPLATE = "reforms/assessment.html"


def _run(step: str, data, actor):
    if step == "evaluation":
        return services.evaluation_record(actor=actor, **data)
    if step == "codes":
        return services.rating_codes_issue(actor=actor, **data)
    item = data.pop("item_number")
    return services.inspection_record(actor=actor, item_number=item, **data)


@login_required
@twin(TEMPLATE)
def records(request):
    if not selectors.may_view(request.user):
        raise PermissionDenied(_("考核评议仅对督查、审计和改革办人员开放。"))
    today = timezone.localdate()
    blank = {
        "evaluation": forms.EvaluationForm(),
        "codes": forms.RatingCodesForm(
            initial={
                "period_start": today.replace(month=1, day=1),
                "period_end": today.replace(month=12, day=31),
            }
        ),
        "inspection": forms.InspectionForm(initial={"held_on": today}),
    }
    context = {"system_title": _("考核评议"), "forms": blank, "error": "", "codes": []}
    if request.method != "POST":
        return selectors.assessment_records(), context
    step = request.POST.get("step", "")
    if step not in forms.ASSESSMENT_FORMS:
        raise ApplicationError(_("未知的操作。"), code="unknown_step", field="step")
    form = forms.ASSESSMENT_FORMS[step](request.POST)
    status = 400
    if form.is_valid():
        try:
            done = _run(step, dict(form.cleaned_data), request.user)
        except ApplicationError as exc:
            context["error"] = exc.message
        except PermissionDenied as exc:
            context["error"], status = str(exc) or _("您没有权限执行该操作。"), 403
        else:
            if step != "codes":
                return redirect("reforms:assessment")
            # the codes in clear, this once (only their digests are kept): printed and handed out
            context["codes"], status = done, 200
    else:
        context["error"] = "；".join(f"{form.fields[k].label or k}：{' '.join(v)}" if k in form.fields
                                    else " ".join(v) for k, v in form.errors.items())
    if status != 200:
        blank[step] = form
    return render(request, TEMPLATE, {**selectors.assessment_records(), **context}, status=status)
